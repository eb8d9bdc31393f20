// What a tracker receives from one sensor at one time: the tracker's own
// scan type, whatever made it (the simulator, a recording, a live feed).
// It carries no truth: labels of simulated detections stay with the
// simulator's scans (sensors/simulate.h) and the scores built from them.
//
// Usage:
//   SensorScan scan{.sensor = 2, .measurement_time = t, .report_time = t + latency,
//                   .frame = frame, .measurements = {z1, z2}};
//   tracker.Process(scan);
#pragma once

#include <memory>
#include <vector>

#include "trilink/core/gaussian.h"
#include "trilink/core/time.h"
#include "trilink/sensors/measurement_model.h"
#include "trilink/sensors/scan_frame.h"

namespace trilink::tracking {

struct SensorScan {
  int sensor = 0;  // the node's index of the sensor that made it
  UtcTime measurement_time;
  UtcTime report_time;  // when it reached the node (>= measurement_time)
  sensors::ScanFrame frame;
  // The frame's model on a 6-component state, when the sender built it
  // already (shared between scans of a sensor whose pose does not change);
  // null to build it from `frame`.
  std::shared_ptr<const sensors::MeasurementModel<6>> model;
  std::vector<MeasurementVector> measurements;
};

}  // namespace trilink::tracking
