#include "trilink/tracking/planar_tracker.h"

#include "trilink/core/error.h"

namespace trilink::tracking {

bool PlanarTrackerOptions::IsValid(std::string* error) const {
  if (!(position_sigma_m > 0.0)) return Invalid(error, "position sigma must be > 0");
  if (!(bearing_sigma_rad > 0.0)) return Invalid(error, "bearing sigma must be > 0");
  if (!(range_sigma_m > 0.0)) return Invalid(error, "range sigma must be > 0");
  if (!(acceleration_density >= 0.0)) return Invalid(error, "acceleration density q must be >= 0");
  if (!(gate_sigma > 0.0)) return Invalid(error, "gate must be > 0");
  if (confirm_associations < 0 || confirm_associations > 63)
    return Invalid(error, "confirm associations must be in [0, 63]");
  if (tentative_max_misses < 1 || confirmed_max_misses < 1)
    return Invalid(error, "miss limits must be >= 1");
  if (!(velocity_sigma_m_s > 0.0)) return Invalid(error, "initial velocity sigma must be > 0");
  if (!(detection_probability > 0.0 && detection_probability <= 1.0))
    return Invalid(error, "detection probability must be in (0, 1]");
  if (!(clutter_density > 0.0)) return Invalid(error, "clutter density must be > 0");
  if (!(out_of_sequence_window_s >= 0.0))
    return Invalid(error, "out-of-sequence window must be >= 0");
  return true;
}

Gaussian<4> PlanarTracker::Prior(const Eigen::Vector3d& position, double position_sigma_m,
                                 const Eigen::Vector3d& velocity, double velocity_sigma_m_s) {
  Gaussian<4> prior;
  prior.mean << position.x(), position.y(), velocity.x(), velocity.y();
  const double p = position_sigma_m * position_sigma_m, v = velocity_sigma_m_s * velocity_sigma_m_s;
  prior.covariance = Vector<4>(p, p, v, v).asDiagonal();
  return prior;
}

PlanarTracker::PlanarTracker(const PlanarTrackerOptions& options)
    : options_(options), motion_(options.acceleration_density) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
  if (options.measurement == PlanarMeasurement::kPosition) {
    model_ = std::make_shared<PlanarPosition>(options.position_sigma_m);
  } else {
    model_ = std::make_shared<PlanarBearingRange>(options.bearing_sigma_rad, options.range_sigma_m);
  }
  if (options.unscented) {
    filter_ = std::make_unique<UnscentedKalmanFilter<4>>(motion_);
  } else {
    filter_ = std::make_unique<ExtendedKalmanFilter<4>>(motion_);
  }
  const double gate2 = options.gate_sigma * options.gate_sigma;
  if (options.jpda) {
    assigner_ = std::make_unique<JointProbabilistic>(
        JpdaOptions{.detection_probability = options.detection_probability,
                    .clutter_density = options.clutter_density});
  } else {
    assigner_ = std::make_unique<GlobalNearestNeighbour>(gate2);
  }
  initiator_ = std::make_unique<SinglePointInitiator<4>>(*filter_, &PlanarTracker::Prior,
                                                         options.velocity_sigma_m_s);
  deleter_ = std::make_unique<MissDeleter<4>>(
      MissDeleterOptions{.tentative_max_misses = options.tentative_max_misses,
                         .confirmed_max_misses = options.confirmed_max_misses,
                         .position_dimensions = 2});
  tracker_ = std::make_unique<Tracker<4>>(
      *filter_, *assigner_, *initiator_, *deleter_,
      TrackerOptions{.gate_sigma = options.gate_sigma,
                     .position_dimensions = 2,
                     // Hits count the detection that started the track.
                     .confirm_hits = options.confirm_associations + 1,
                     .out_of_sequence_window_s = options.out_of_sequence_window_s});
}

}  // namespace trilink::tracking
