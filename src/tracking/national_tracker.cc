#include "trilink/tracking/national_tracker.h"

#include <cmath>

#include "trilink/core/error.h"
#include "trilink/geo/wgs84.h"
#include "trilink/tracking/imm.h"

namespace trilink::tracking {
namespace {

bool Positive(double x) { return std::isfinite(x) && x > 0.0; }

// Radar births of a missile climbing low (NationalTrackerOptions::
// climbing_boost_height_m): launched seconds ago, so almost surely under
// thrust. Their IMM mode probabilities are those the bank's initial
// proportions gave, updated with the second detection; Bayes' rule with the
// boost prior instead rescales each by the two priors' ratio, and the
// combined estimate is mixed again from the modes.
class ClimbingBoostPrior final : public Initiator<kBallisticStateSize> {
 public:
  ClimbingBoostPrior(Initiator<kBallisticStateSize>& inner, const BallisticFilterBank& bank,
                     double below_height_m, double boost_probability)
      : inner_(inner),
        bank_(bank),
        below_height_m_(below_height_m),
        boost_probability_(boost_probability) {}

  void Initiate(const Scan<kBallisticStateSize>& scan, std::span<const int> unused,
                std::vector<Birth<kBallisticStateSize>>* births) override {
    const size_t first = births->size();
    inner_.Initiate(scan, unused, births);
    const Eigen::Vector3d initial = bank_.options().initial_probabilities;
    const Eigen::Vector3d prior = BoostModePrior(initial, boost_probability_);
    for (size_t b = first; b < births->size(); ++b) {
      FilterState<kBallisticStateSize>& state = (*births)[b].state;
      if (state.mode_count != kNumBallisticModes) continue;
      const Eigen::Vector3d r = state.estimate.mean.segment<3>(kBallisticPosition);
      const Eigen::Vector3d v = state.estimate.mean.segment<3>(kBallisticVelocity);
      if (!(geo::HeightAboveEllipsoid(r) < below_height_m_ && v.dot(r) > 0.0)) continue;
      // A mode the bank starts at 0 has posterior 0 whatever its
      // likelihood: it stays there.
      Eigen::Vector3d posterior;
      double sum = 0.0;
      for (int m = 0; m < kNumBallisticModes; ++m) {
        posterior(m) = initial(m) > 0.0 ? state.mode_probabilities[static_cast<size_t>(m)] *
                                              (prior(m) / initial(m))
                                        : 0.0;
        sum += posterior(m);
      }
      if (!(sum > 0.0 && std::isfinite(sum))) continue;
      for (int m = 0; m < kNumBallisticModes; ++m)
        state.mode_probabilities[static_cast<size_t>(m)] = posterior(m) / sum;
      CombineModes(&state);
    }
  }

 private:
  Initiator<kBallisticStateSize>& inner_;
  const BallisticFilterBank& bank_;
  double below_height_m_;
  double boost_probability_;
};

}  // namespace

bool BallisticDeleterOptions::IsValid(std::string* error) const {
  if (misses.position_dimensions != 3)
    return Invalid(error, "deleter: position_dimensions must be 3 (ECEF)");
  std::string detail;
  if (!misses.IsValid(&detail)) return Invalid(error, "deleter: " + detail);
  if (!Positive(ground_sigma)) return Invalid(error, "deleter: ground_sigma must be > 0");
  return true;
}

BallisticDeleter::BallisticDeleter(const BallisticDeleterOptions& options)
    : options_(options), misses_(options.misses) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
}

bool BallisticDeleter::BelowGround(const Gaussian<kBallisticStateSize>& estimate) const {
  const Eigen::Vector3d position = estimate.mean.segment<3>(kBallisticPosition);
  const double height = geo::HeightAboveEllipsoid(position);
  if (height >= 0.0) return false;
  // The local vertical is the normal of the ellipsoid's level surface; its
  // spherical approximation (radial direction) is within 0.2° and enough for σ.
  const Eigen::Vector3d up = position.normalized();
  const double variance =
      up.dot(estimate.covariance.block<3, 3>(kBallisticPosition, kBallisticPosition) * up);
  return height < -options_.ground_sigma * std::sqrt(std::max(variance, 0.0));
}

bool BallisticDeleter::Delete(const Track<kBallisticStateSize>& track,
                              const FilterState<kBallisticStateSize>& predicted,
                              UtcTime now) const {
  return misses_.Delete(track, predicted, now) || BelowGround(predicted.estimate);
}

bool NationalTrackerOptions::IsValid(std::string* error) const {
  std::string detail;
  if (!filter.IsValid(&detail)) return Invalid(error, "filter: " + detail);
  const TrackerOptions tracker{.gate_sigma = gate_sigma,
                               .position_dimensions = 3,
                               .confirm_hits = confirm_hits,
                               .confirm_window = confirm_window,
                               .out_of_sequence_window_s = out_of_sequence_window_s};
  if (!tracker.IsValid(&detail)) return Invalid(error, detail);
  if (!Positive(max_speed_m_s)) return Invalid(error, "max_speed_m_s must be > 0");
  if (!Positive(max_seed_age_s)) return Invalid(error, "max_seed_age_s must be > 0");
  if (!Positive(initiation_velocity_sigma_m_s))
    return Invalid(error, "initiation_velocity_sigma_m_s must be > 0");
  if (!(std::isfinite(initiation_gate_sigma) && initiation_gate_sigma >= 0.0))
    return Invalid(error, "initiation_gate_sigma must be finite and >= 0");
  if (!(std::isfinite(climbing_boost_height_m) && climbing_boost_height_m >= 0.0))
    return Invalid(error, "climbing_boost_height_m must be finite and >= 0");
  if (!(climbing_boost_probability >= 0.0 && climbing_boost_probability < 1.0))
    return Invalid(error, "climbing_boost_probability must be in [0, 1)");
  if (!prior.IsValid(&detail)) return Invalid(error, "prior: " + detail);
  if (!infrared.IsValid(&detail)) return Invalid(error, "infrared cue: " + detail);
  return deleter.IsValid(error);
}

Gaussian<kBallisticStateSize> NationalTracker::RadarPrior(const BallisticPrior& prior,
                                                          const Eigen::Vector3d& ecef_position,
                                                          double position_sigma_m,
                                                          const Eigen::Vector3d& ecef_velocity,
                                                          double velocity_sigma_m_s) {
  BallisticPrior with_velocity = prior;
  with_velocity.velocity_sigma_m_s = velocity_sigma_m_s;
  Gaussian<kBallisticStateSize> gaussian = BallisticPriorFromFix(
      ecef_position, Eigen::Matrix3d::Identity() * (position_sigma_m * position_sigma_m),
      with_velocity);
  gaussian.mean.segment<3>(kBallisticVelocity) = ecef_velocity;
  return gaussian;
}

NationalTracker::NationalTracker(const NationalTrackerOptions& options) : options_(options) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
  bank_ = std::make_unique<BallisticFilterBank>(options.filter);
  assigner_ = std::make_unique<GlobalNearestNeighbour>(options.gate_sigma * options.gate_sigma);
  const BallisticPrior prior = options.prior;
  radar_initiator_ = std::make_unique<TwoPointInitiator<kBallisticStateSize>>(
      bank_->filter(),
      [prior](const Eigen::Vector3d& position, double position_sigma_m,
              const Eigen::Vector3d& velocity, double velocity_sigma_m_s) {
        return RadarPrior(prior, position, position_sigma_m, velocity, velocity_sigma_m_s);
      },
      TwoPointOptions{.max_speed_m_s = options.max_speed_m_s,
                      .max_seed_age_s = options.max_seed_age_s,
                      .velocity_sigma_m_s = options.initiation_velocity_sigma_m_s,
                      .gate_sigma = options.initiation_gate_sigma});
  climbing_prior_ = std::make_unique<ClimbingBoostPrior>(*radar_initiator_, *bank_,
                                                         options.climbing_boost_height_m,
                                                         options.climbing_boost_probability);
  std::vector<Initiator<kBallisticStateSize>*> initiators = {climbing_prior_.get()};
  if (options.infrared_cue) {
    infrared_initiator_ = std::make_unique<InfraredCueInitiator>(*bank_, options.infrared);
    initiators.push_back(infrared_initiator_.get());
  }
  initiator_ = std::make_unique<InitiatorChain<kBallisticStateSize>>(std::move(initiators));
  deleter_ = std::make_unique<BallisticDeleter>(options.deleter);
  tracker_ = std::make_unique<Tracker<kBallisticStateSize>>(
      bank_->filter(), *assigner_, *initiator_, *deleter_,
      TrackerOptions{.gate_sigma = options.gate_sigma,
                     .position_dimensions = 3,
                     .confirm_hits = options.confirm_hits,
                     .confirm_window = options.confirm_window,
                     .confirmed_first = true,
                     .out_of_sequence_window_s = options.out_of_sequence_window_s});
}

std::shared_ptr<const MeasurementModel<kBallisticStateSize>> NationalTracker::ModelOf(
    const SensorScan& scan) {
  for (CachedModel& cached : models_) {
    if (cached.sensor_index != scan.sensor) continue;
    if (cached.source != scan.model || scan.model == nullptr) {
      cached.source = scan.model;
      cached.model = sensors::MakeModel<kBallisticStateSize>(scan.frame);
    }
    return cached.model;
  }
  models_.push_back({scan.sensor, scan.model, sensors::MakeModel<kBallisticStateSize>(scan.frame)});
  return models_.back().model;
}

const ScanSummary& NationalTracker::Process(const SensorScan& scan) {
  scan_.time = scan.measurement_time;
  scan_.sensor = scan.sensor;
  scan_.model = ModelOf(scan);
  scan_.measurements.assign(scan.measurements.begin(), scan.measurements.end());
  return tracker_->Process(scan_);
}

}  // namespace trilink::tracking
