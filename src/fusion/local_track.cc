#include "trilink/fusion/local_track.h"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <cmath>

#include "trilink/core/error.h"
#include "trilink/geo/wgs84.h"

namespace trilink::fusion {

tracking::BallisticMode PhaseOf(double boost_probability, double manoeuvre_probability) {
  const double ballistic = 1.0 - boost_probability - manoeuvre_probability;
  if (boost_probability >= manoeuvre_probability && boost_probability > ballistic)
    return tracking::BallisticMode::kBoost;
  if (manoeuvre_probability > ballistic) return tracking::BallisticMode::kManoeuvre;
  return tracking::BallisticMode::kBallistic;
}

LocalTrack LocalTrackOf(const std::string& partner,
                        const tracking::Track<tracking::kBallisticStateSize>& track,
                        const tracking::BallisticFilterBank& bank, uint32_t sequence,
                        uint64_t incarnation) {
  return {.partner = partner,
          .number = track.id,
          .sequence = sequence,
          .incarnation = incarnation,
          .time = track.time,
          .state = track.state.estimate,
          .boost_probability = bank.ModeProbability(track.state, tracking::BallisticMode::kBoost),
          .manoeuvre_probability =
              bank.ModeProbability(track.state, tracking::BallisticMode::kManoeuvre),
          .quality = track.quality(),
          .hits = track.hits,
          .ended = false};
}

bool TrackCheckOptions::IsValid(std::string* error) const {
  for (const auto& [value, name] :
       {std::pair{max_ahead_s, "max_ahead_s"}, std::pair{max_age_s, "max_age_s"},
        std::pair{max_height_m, "max_height_m"}, std::pair{max_speed_m_s, "max_speed_m_s"},
        std::pair{max_position_sigma_m, "max_position_sigma_m"},
        std::pair{min_position_sigma_m, "min_position_sigma_m"},
        std::pair{max_velocity_sigma_m_s, "max_velocity_sigma_m_s"},
        std::pair{min_velocity_sigma_m_s, "min_velocity_sigma_m_s"},
        std::pair{max_acceleration_m_s2, "max_acceleration_m_s2"},
        std::pair{max_inverse_ballistic_coefficient_m2_kg,
                  "max_inverse_ballistic_coefficient_m2_kg"}}) {
    if (!(value > 0.0 && std::isfinite(value)))
      return Invalid(error, fmt::format("{} must be finite and > 0", name));
  }
  if (!(std::isfinite(min_height_m) && min_height_m < max_height_m))
    return Invalid(error, "min_height_m must be finite and below max_height_m");
  return true;
}

std::optional<std::string> CheckLocalTrack(const LocalTrack& track, UtcTime now,
                                           const TrackCheckOptions& options) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
  if (track.partner.empty()) return "no partner id";
  if (track.number == 0) return "track number 0";
  if (!track.state.mean.allFinite() || !track.state.covariance.allFinite())
    return "a state or covariance value is not finite";
  const double boost = track.boost_probability, manoeuvre = track.manoeuvre_probability;
  if (!(boost >= 0.0 && boost <= 1.0 && manoeuvre >= 0.0 && manoeuvre <= 1.0 &&
        boost + manoeuvre <= 1.0 + 1e-9))
    return "mode probabilities not in [0, 1] or summing above 1";
  if (!(track.quality >= 0.0 && track.quality <= 1.0)) return "quality not in [0, 1]";
  if (!track.time.IsInputTime()) return "time of validity outside 1700–2200";
  const auto& p = track.state.covariance;
  for (int r = 0; r < tracking::kBallisticStateSize; ++r) {
    for (int c = 0; c < r; ++c) {
      const double scale = std::sqrt(std::abs(p(r, r) * p(c, c)));
      if (std::abs(p(r, c) - p(c, r)) > 1e-9 * scale) return "covariance not symmetric";
    }
  }
  if (Eigen::LLT<SquareMatrix<tracking::kBallisticStateSize>>(p).info() != Eigen::Success)
    return "covariance not positive definite";
  // σ per component, each within its bounds.
  const auto sigma_of = [&](int i) { return std::sqrt(std::max(p(i, i), 0.0)); };
  for (int i = 0; i < 3; ++i) {
    if (sigma_of(i) < options.min_position_sigma_m)
      return fmt::format("position sigma {:.3g} m below {:.3g} m", sigma_of(i),
                         options.min_position_sigma_m);
    if (sigma_of(3 + i) < options.min_velocity_sigma_m_s ||
        sigma_of(3 + i) > options.max_velocity_sigma_m_s)
      return fmt::format("velocity sigma {:.3g} m/s outside [{:.3g}, {:.3g}]", sigma_of(3 + i),
                         options.min_velocity_sigma_m_s, options.max_velocity_sigma_m_s);
    if (sigma_of(6 + i) > options.max_acceleration_m_s2 ||
        std::abs(track.state.mean(6 + i)) > options.max_acceleration_m_s2)
      return fmt::format("acceleration or its sigma above {:.0f} m/s2",
                         options.max_acceleration_m_s2);
  }
  if (sigma_of(9) > options.max_inverse_ballistic_coefficient_m2_kg ||
      std::abs(track.state.mean(9)) > options.max_inverse_ballistic_coefficient_m2_kg)
    return "inverse ballistic coefficient or its sigma out of bounds";
  const double ahead = track.time.seconds_since_epoch() - now.seconds_since_epoch();
  if (ahead > options.max_ahead_s)
    return fmt::format("time of validity {:.0f} s after the receiver's clock", ahead);
  if (-ahead > options.max_age_s)
    return fmt::format("time of validity {:.0f} s before the receiver's clock", -ahead);
  const double height = geo::HeightAboveEllipsoid(track.state.mean.head<3>());
  if (height < options.min_height_m)
    return fmt::format("position {:.0f} km inside the Earth", -height / 1e3);
  if (height > options.max_height_m) return fmt::format("height {:.0f} km", height / 1e3);
  const double speed = track.state.mean.segment<3>(3).norm();
  if (speed > options.max_speed_m_s) return fmt::format("speed {:.0f} m/s", speed);
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> position(p.topLeftCorner<3, 3>(),
                                                                Eigen::EigenvaluesOnly);
  const double sigma = std::sqrt(position.eigenvalues().maxCoeff());
  if (sigma > options.max_position_sigma_m)
    return fmt::format("position sigma {:.0f} km", sigma / 1e3);
  return std::nullopt;
}

}  // namespace trilink::fusion
