// Where a sensor was and how it measured in one scan, and the measurement
// model that follows from it: what a scan carries beside its measurements,
// for the simulator (simulate.h) and the trackers alike.
//
// Usage:
//   ScanFrame frame{.type = SensorType::kRadar, .radar = config};
//   std::shared_ptr<const MeasurementModel<10>> model = MakeModel<10>(frame);
#pragma once

#include <memory>

#include "trilink/sensors/infrared.h"
#include "trilink/sensors/measurement_model.h"
#include "trilink/sensors/radar.h"
#include "trilink/sensors/sensor.h"

namespace trilink::sensors {

// Where a sensor was and how it measured in one scan: enough to build its
// measurement model for a state of any size.
struct ScanFrame {
  SensorType type = SensorType::kRadar;
  RadarConfig radar;        // when type == kRadar
  InfraredConfig infrared;  // when type == kInfrared
};

// The measurement model of a frame on an N-component state (N >= 6, ECEF
// position in 0–2 and velocity in 3–5).
template <int N>
std::shared_ptr<const MeasurementModel<N>> MakeModel(const ScanFrame& frame) {
  static_assert(N >= 6);
  if (frame.type == SensorType::kRadar) {
    return std::make_shared<const RadarMeasurement<N>>(frame.radar);
  }
  return std::make_shared<const InfraredMeasurement<N>>(frame.infrared);
}

}  // namespace trilink::sensors
