// `trilink feed SCENARIO.toml`: plays the scenario's sensors' scans to the
// nodes that own them over DDS (bus/dds_feed.h), in lockstep (reproducible:
// every node sees what it would see in-process) or paced by the wall clock
// (--speed), then finishes and stops the nodes. `trilink run --bus dds`
// uses the same loop in lockstep.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trilink/bus/dds_feed.h"
#include "trilink/scenario/scenario.h"
#include "trilink/sensors/simulate.h"

namespace trilink::app {

struct FeedLoopOptions {
  bool lockstep = true;
  double speed = 1.0;          // paced: simulated seconds per wall second
  double ready_wait_s = 60;    // for the nodes to be ready
  double step_timeout_s = 60;  // lockstep: for a node to answer a step
  // Called every so often with (steps done, steps).
  std::function<void(size_t, size_t)> progress;
};

struct FeedLoopResult {
  size_t steps = 0;
  // Nodes that restarted during the run (a new incarnation), in order.
  std::vector<std::string> restarts;
};

// Waits for every partner's node, plays `scans` (in report-time order, each
// to its sensor's owner), finishes the run at the scenario's end and stops
// the nodes. Throws InputError when a node does not answer in time (naming
// it and the step).
FeedLoopResult RunFeedLoop(bus::DdsFeed& feed, const scenario::Scenario& scenario,
                           std::span<const sensors::Scan> scans,
                           const std::vector<std::string>& partners,
                           const FeedLoopOptions& options);

struct FeedArgs {
  std::string scenario;
  std::optional<std::string> pki;
  bool insecure = false;
  std::optional<double> speed;
  bool lockstep = false;
  uint32_t domain = 0;
  std::string tag = "trilink";
  std::string feeder = "FEED";
  double wait_s = 60;
};
void AddFeedCommand(CLI::App& app, FeedArgs& args);
int RunFeed(const FeedArgs& args);

}  // namespace trilink::app
