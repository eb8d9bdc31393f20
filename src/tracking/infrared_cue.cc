#include "trilink/tracking/infrared_cue.h"

#include <algorithm>
#include <cmath>

#include "trilink/core/error.h"
#include "trilink/geo/wgs84.h"

namespace trilink::tracking {

bool InfraredCueOptions::IsValid(std::string* error) const {
  if (!(height_m >= 0.0 && height_m <= 200e3))
    return Invalid(error, "height_m must be in [0, 200 km]");
  if (!(height_sigma_m > 0.0 && std::isfinite(height_sigma_m)))
    return Invalid(error, "height_sigma_m must be > 0");
  if (!std::isfinite(upward_speed_m_s)) return Invalid(error, "upward_speed_m_s must be finite");
  if (!(velocity_sigma_m_s > 0.0 && std::isfinite(velocity_sigma_m_s)))
    return Invalid(error, "velocity_sigma_m_s must be > 0");
  if (!(max_along_sigma_m > 0.0)) return Invalid(error, "max_along_sigma_m must be > 0");
  if (!(boost_probability >= 0.0 && boost_probability < 1.0))
    return Invalid(error, "boost_probability must be in [0, 1)");
  return prior.IsValid(error);
}

std::optional<InfraredCue> MakeInfraredCue(const sensors::InfraredModel& model,
                                           const MeasurementVector& measurement,
                                           const InfraredCueOptions& options) {
  const Eigen::Vector3d s = model.config().satellite_ecef_position;
  const Eigen::Vector3d u = model.LineOfSight(measurement);
  const double a = geo::kWgs84SemiMajorAxis + options.height_m;
  const double b = geo::kWgs84SemiMajorAxis * (1.0 - geo::kWgs84Flattening) + options.height_m;
  // |D^½ (s + t u)|² = 1 with D = diag(1/a², 1/a², 1/b²): a quadratic in t.
  const Eigen::Vector3d d(1.0 / (a * a), 1.0 / (a * a), 1.0 / (b * b));
  const double qa = u.dot(d.cwiseProduct(u));
  const double qb = s.dot(d.cwiseProduct(u));
  const double qc = s.dot(d.cwiseProduct(s)) - 1.0;
  const double discriminant = qb * qb - qa * qc;
  if (!(discriminant >= 0.0)) return std::nullopt;
  const double t = (-qb - std::sqrt(discriminant)) / qa;  // the near side
  if (!(t > 0.0)) return std::nullopt;

  InfraredCue cue;
  cue.ecef_position = s + t * u;
  cue.ecef_up = d.cwiseProduct(cue.ecef_position).normalized();  // the gradient's direction
  const double cosine = std::abs(u.dot(cue.ecef_up));
  cue.along_sigma_m =
      std::min(options.max_along_sigma_m, options.height_sigma_m / std::max(cosine, 1e-6));
  // Weak across the line of sight: the update with the measurement sets it.
  const double across_sigma_m = 10.0 * t * std::sqrt(model.NoiseCovariance()(0, 0));
  const Eigen::Matrix3d along = u * u.transpose();
  const Eigen::Matrix3d covariance =
      cue.along_sigma_m * cue.along_sigma_m * along +
      across_sigma_m * across_sigma_m * (Eigen::Matrix3d::Identity() - along);
  BallisticPrior prior = options.prior;
  prior.velocity_sigma_m_s = options.velocity_sigma_m_s;
  cue.prior = BallisticPriorFromFix(cue.ecef_position, covariance, prior);
  cue.prior.mean.segment<3>(kBallisticVelocity) = options.upward_speed_m_s * cue.ecef_up;
  return cue;
}

InfraredCueInitiator::InfraredCueInitiator(const BallisticFilterBank& bank,
                                           const InfraredCueOptions& options)
    : bank_(bank), options_(options) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
}

void InfraredCueInitiator::Initiate(const Scan<kBallisticStateSize>& scan,
                                    std::span<const int> unused,
                                    std::vector<Birth<kBallisticStateSize>>* births) {
  const auto* infrared =
      dynamic_cast<const sensors::InfraredMeasurement<kBallisticStateSize>*>(scan.model.get());
  if (infrared == nullptr) return;
  const Filter<kBallisticStateSize>& filter = bank_.filter();
  for (int index : unused) {
    const MeasurementVector& z = scan.measurements[static_cast<size_t>(index)];
    const std::optional<InfraredCue> cue = MakeInfraredCue(infrared->model(), z, options_);
    if (!cue) continue;
    FilterState<kBallisticStateSize> state = filter.Initialise(cue->prior);
    if (state.mode_count == kNumBallisticModes) {
      // Boost is likely; the other modes keep their initial proportions.
      const Eigen::Vector3d prior =
          BoostModePrior(bank_.options().initial_probabilities, options_.boost_probability);
      for (int m = 0; m < kNumBallisticModes; ++m)
        state.mode_probabilities[static_cast<size_t>(m)] = prior(m);
    }
    const Innovation<kBallisticStateSize> innovation = filter.Innovate(state, *scan.model);
    if (!innovation.valid) continue;
    births->push_back({filter.Update(state, innovation, z, *scan.model), scan.time, index, 1});
  }
}

}  // namespace trilink::tracking
