// The sensor simulator: from truth trajectories to the time-ordered scans of
// every sensor, with misses, noise, biases, false alarms and report latency.
//
// Each sensor scans every revisit_s from scan_offset_s after the epoch to the
// end of the run; every scan is emitted, empty or not (an empty scan tells a
// tracker that a target it expected there was missed). In a scan, each
// target alive at the measurement time (launched, not yet impacted) that the
// sensor covers (field of view, horizon, Earth occlusion) is detected with
// the probability of sensor.h, and its measurement drawn from the model with
// noise, plus the sensor's bias; radars add Poisson false alarms. Scans are
// sorted by report time (measurement time + latency), so scans of different
// sensors arrive out of sequence, as real reports do.
//
// Truth is a sensors-level type (the scenario module sits above this one):
// each trajectory is a list of flight samples; position and velocity between
// samples are cubic Hermite interpolated from the sampled positions and
// velocities (third-order accurate, C¹).
//
// All randomness comes from RandomStream(seed, "sensor/<name>"): the same
// sensors, truth and seed give the same scans, bit for bit; adding a sensor
// leaves the draws of the others unchanged.
//
// Usage:
//   std::vector<Scan> scans = SimulateSensors(specs, truth,
//       {.epoch = scenario.epoch, .duration_s = scenario.duration_s, .seed = scenario.seed});
//   for (const Scan& scan : scans) {
//     std::shared_ptr<const MeasurementModel<9>> model = MakeModel<9>(scan);
//     ...
//   }
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trilink/core/gaussian.h"
#include "trilink/core/time.h"
#include "trilink/flight/trajectory.h"
#include "trilink/sensors/infrared.h"
#include "trilink/sensors/measurement_model.h"
#include "trilink/sensors/radar.h"
#include "trilink/sensors/scan_frame.h"
#include "trilink/sensors/sensor.h"

namespace trilink::sensors {

struct TruthTrajectory {
  std::string id;  // e.g. "salvo-A-1"
  UtcTime launch_time;
  double burnout_time_s = 0.0;  // of the last stage, since launch
  // Since launch, strictly increasing t_s; the last one is the impact.
  std::vector<flight::FlightSample> samples;

  // [ECEF position (m), Earth-relative ECEF velocity (m/s)] at `time` by
  // cubic Hermite interpolation; nullopt before the first or after the last
  // sample.
  std::optional<Vector<6>> StateAt(UtcTime time) const;
};

struct Scan {
  int sensor_index = 0;  // into the sensors given to SimulateSensors
  UtcTime measurement_time;
  UtcTime report_time;  // measurement_time + latency
  ScanFrame frame;
  // The model of this scan for a 6-component state (shared between scans of
  // a sensor whose pose does not change).
  std::shared_ptr<const MeasurementModel<6>> model;
  std::vector<MeasurementVector> measurements;  // in random order
  // Per measurement: index into the truth, or −1 for a false alarm. For
  // scoring only; trackers must never read it.
  std::vector<int> truth_index;
};

// The model of a scan for an N-component state; for N = 6, scan.model.
template <int N>
std::shared_ptr<const MeasurementModel<N>> MakeModel(const Scan& scan) {
  if constexpr (N == 6) {
    return scan.model;
  } else {
    return MakeModel<N>(scan.frame);
  }
}

struct SimulationOptions {
  UtcTime epoch;  // scenario start
  // Scans at measurement times in [epoch, epoch + duration_s] (s), finite, >= 0.
  double duration_s = 0.0;
  uint64_t seed = 0;

  bool IsValid(std::string* error) const;
};

// Simulates every sensor over the run. `options` must be valid (checked);
// `sensors` must be valid (SensorSpec::IsValid, checked) with unique names.
// Returns scans sorted by
// report time, then sensor index, then measurement time.
std::vector<Scan> SimulateSensors(std::span<const SensorSpec> sensors,
                                  std::span<const TruthTrajectory> truth,
                                  const SimulationOptions& options);

}  // namespace trilink::sensors
