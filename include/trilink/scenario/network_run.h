// A scenario's partners as nodes on the in-process bus (the embedded
// default of `trilink run`): one node::Node per partner (PartnersOf), each
// fed its own sensors' scans only, all of them sharing their local tracks
// on one bus::InProcessNetwork; the warning partner's node has the warning
// centre.
//
// Time: scans go, in report-time order, to their owner's node at their
// report time; after each scan every node polls the bus at that time, so a
// partner's track reaches the others at the time it was published, and the
// run is deterministic. At the scenario's end every node finishes.
//
// The tracking scores (tracking_run.h) are computed over the nodes'
// trackers.
//
// Usage:
//   NetworkRunOptions options;
//   options.warning = centre_options;
//   NetworkRun run = RunNetwork(scenario, truth, scans, options, &areas, &places);
//   const node::WarningCentre& centre = *run.warning_node()->warning_centre();
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "trilink/bus/faulty_bus.h"
#include "trilink/bus/in_process_bus.h"
#include "trilink/node/node.h"
#include "trilink/scenario/scenario.h"
#include "trilink/scenario/tracking_run.h"
#include "trilink/sensors/simulate.h"

namespace trilink::scenario {

struct NetworkRunOptions {
  TrackingRunOptions tracking;  // the trackers' options for every node
  fusion::FusionOptions fusion;
  // The warning centre, on the node of its partner (which must own a
  // sensor of the scenario); none without.
  std::optional<node::WarningCentreOptions> warning;
  // A faulty link into every node (bus/faulty_bus.h): loss, duplication,
  // delay and reordering of what it receives; none: a perfect bus.
  std::optional<bus::FaultOptions> faults;

  bool IsValid(std::string* error) const;
};

// One fused update of a system track, as a node's fusion made it.
struct FusedUpdate {
  uint64_t system = 0;  // the system track's number
  UtcTime time;         // of validity
  Vector<6> mean;       // ECEF position and velocity
  SquareMatrix<6> covariance;
  std::vector<std::string> fused;  // the contributors fused into it
};
// The update a system track has just had.
FusedUpdate FusedUpdateOf(const fusion::SystemTrack& track);

class NetworkRun {
 public:
  NetworkRun() = default;
  NetworkRun(NetworkRun&&) = default;
  // The nodes go before the links, the links before the connections, the
  // connections before their network (the default order would delete the
  // network first).
  NetworkRun& operator=(NetworkRun&& other) noexcept {
    nodes_.clear();
    links_.clear();
    connections_.clear();
    tracking = std::move(other.tracking);
    fused = std::move(other.fused);
    network_ = std::move(other.network_);
    connections_ = std::move(other.connections_);
    links_ = std::move(other.links_);
    nodes_ = std::move(other.nodes_);
    warning_node_ = other.warning_node_;
    return *this;
  }

  TrackingRun tracking;
  // Each node's fused updates (PartnersOf order), in order.
  std::vector<std::vector<FusedUpdate>> fused;
  // The nodes, in PartnersOf order.
  const std::vector<std::unique_ptr<node::Node>>& nodes() const { return nodes_; }
  // The warning centre's node; null without one.
  const node::Node* warning_node() const { return warning_node_; }

 private:
  friend NetworkRun RunNetwork(const Scenario&, std::span<const sensors::TruthTrajectory>,
                               std::span<const sensors::Scan>, const NetworkRunOptions&,
                               const geo::AreaSet*, const geo::Places*);
  std::unique_ptr<bus::InProcessNetwork> network_;
  std::vector<std::unique_ptr<bus::Bus>> connections_;
  std::vector<std::unique_ptr<bus::FaultyBus>> links_;  // with NetworkRunOptions::faults
  std::vector<std::unique_ptr<node::Node>> nodes_;
  const node::Node* warning_node_ = nullptr;
};

// Throws InputError when the options are invalid or the warning partner
// owns no sensor of the scenario. `areas` and `places` are needed with a
// warning centre and must outlive the result.
NetworkRun RunNetwork(const Scenario& scenario, std::span<const sensors::TruthTrajectory> truth,
                      std::span<const sensors::Scan> scans, const NetworkRunOptions& options,
                      const geo::AreaSet* areas, const geo::Places* places);

}  // namespace trilink::scenario
