// A ready-wired tracker on the plane: the reference benchmark's tracker and
// the one `trilink track --model cv2d` runs.
//
// Nearly constant velocity (q per axis), EKF or UKF, Mahalanobis gate,
// GNN or JPDA, single-point initiation with a zero-mean velocity prior,
// confirmation after `confirm_associations` detections associated with the
// track after the one that started it (so 3 means 4 detections), deletion after
// consecutive misses. The defaults are the reference benchmark's
// (reference_benchmark.h).
//
// Usage:
//   PlanarTracker tracker({.measurement = PlanarMeasurement::kBearingRange});
//   tracker.Process(tracker.MakeScan(t, measurements));
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "trilink/tracking/association.h"
#include "trilink/tracking/kalman.h"
#include "trilink/tracking/planar.h"
#include "trilink/tracking/reference_benchmark.h"
#include "trilink/tracking/tracker.h"

namespace trilink::tracking {

struct PlanarTrackerOptions {
  PlanarMeasurement measurement = PlanarMeasurement::kPosition;
  double position_sigma_m = 10.0;                                   // x/y σ (m) > 0
  double bearing_sigma_rad = 0.1 * 3.14159265358979323846 / 180.0;  // > 0
  double range_sigma_m = 10.0;                                      // > 0
  double acceleration_density = 1.0;                                // q (m²/s³) >= 0
  double gate_sigma = 3.0;                                          // Mahalanobis gate (σ) > 0
  int confirm_associations = 3;      // associations after the first detection, [0, 63]
  int tentative_max_misses = 2;      // misses (since it started) that drop a tentative track, >= 1
  int confirmed_max_misses = 3;      // ... a confirmed track, >= 1
  double velocity_sigma_m_s = 50.0;  // initial velocity σ per axis (m/s) > 0
  bool unscented = false;            // UKF instead of EKF
  bool jpda = false;                 // JPDA instead of GNN
  double detection_probability = 0.9;     // JPDA only
  double clutter_density = 2.5e-6;        // JPDA only: false alarms per unit measurement volume
  double out_of_sequence_window_s = 0.0;  // updates kept for late reports (s) >= 0

  bool IsValid(std::string* error) const;
};

class PlanarTracker {
 public:
  explicit PlanarTracker(const PlanarTrackerOptions& options);
  PlanarTracker(const PlanarTracker&) = delete;
  PlanarTracker& operator=(const PlanarTracker&) = delete;

  const std::shared_ptr<const sensors::MeasurementModel<4>>& model() const { return model_; }
  Tracker<4>& tracker() { return *tracker_; }
  const Tracker<4>& tracker() const { return *tracker_; }
  const ScanSummary& Process(const Scan<4>& scan) { return tracker_->Process(scan); }

  // The prior of a new track (PriorFunction for the plane: z ignored).
  static Gaussian<4> Prior(const Eigen::Vector3d& position, double position_sigma_m,
                           const Eigen::Vector3d& velocity, double velocity_sigma_m_s);

 private:
  PlanarTrackerOptions options_;
  ConstantVelocity2d motion_;
  std::shared_ptr<const sensors::MeasurementModel<4>> model_;
  std::unique_ptr<Filter<4>> filter_;
  std::unique_ptr<Assigner> assigner_;
  std::unique_ptr<SinglePointInitiator<4>> initiator_;
  std::unique_ptr<MissDeleter<4>> deleter_;
  std::unique_ptr<Tracker<4>> tracker_;
};

}  // namespace trilink::tracking
