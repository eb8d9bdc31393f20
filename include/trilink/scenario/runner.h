// The scenario runner: from a scenario to the truth of every missile.
//
// Each [[launch]] is a salvo of `count` missiles, `interval_s` apart. Every
// missile is reconstructed from the launch's reported figures
// (flight/reconstruct.h) and flown with full physics. With `spread` > 0 the
// missiles of a salvo differ: range, apogee and flight time of missile k are
// scaled by (1 + spread · u) with u uniform in [−1, 1] drawn from the seeded
// stream "launch/<name>/<k>", so the same scenario and seed give the same
// missiles, bit for bit.
//
// Usage:
//   Scenario s = LoadScenario(path);
//   ScenarioTruth truth = RunScenario(s, {.sample_interval_s = 1.0});
//   auto scans = sensors::SimulateSensors(s.sensors, SensorTruth(truth), ...);
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "trilink/core/time.h"
#include "trilink/flight/reconstruct.h"
#include "trilink/scenario/scenario.h"
#include "trilink/sensors/simulate.h"

namespace trilink::scenario {

struct MissileTruth {
  std::string launch_name;
  int number = 1;  // 1-based within the salvo
  UtcTime launch_time;
  double reported_range_m = 0.0;  // the figures this missile was reconstructed from
  std::optional<double> reported_apogee_m;
  std::optional<double> reported_flight_time_s;
  flight::Reconstruction reconstruction;

  std::string Id() const { return launch_name + "-" + std::to_string(number); }
};

struct ScenarioTruth {
  std::vector<MissileTruth> missiles;  // in launch order
};

struct RunOptions {
  double sample_interval_s = 1.0;  // trajectory samples (s), > 0, finite
  // Called before each missile is reconstructed (index from 0, total); may be empty.
  std::function<void(size_t index, size_t total, const std::string& id)> progress;

  bool IsValid(std::string* error) const;
};

// Throws InputError ("FILE:LINE: launch[N] (name): ...") when a launch's
// figures cannot be matched. `options` must be valid (checked).
ScenarioTruth RunScenario(const Scenario& scenario, const RunOptions& options);

// The truth as the sensor simulator takes it (sensors/simulate.h), one
// trajectory per missile in the same order, with id MissileTruth::Id():
//   std::vector<sensors::Scan> scans = SimulateScans(scenario, SensorTruth(truth));
std::vector<sensors::TruthTrajectory> SensorTruth(const ScenarioTruth& truth);

// The scenario's sensors over its duration, with its epoch and seed
// (sensors::SimulateSensors).
std::vector<sensors::Scan> SimulateScans(const Scenario& scenario,
                                         std::span<const sensors::TruthTrajectory> truth);

}  // namespace trilink::scenario
