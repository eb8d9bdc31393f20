#include "trilink/sensors/radar.h"

#include <algorithm>
#include <cmath>

#include "trilink/core/error.h"

namespace trilink::sensors {
namespace {

constexpr double kTwoPi = 2.0 * kPi;

}  // namespace

double WrapAngle(double angle_rad) {
  // std::remainder gives [−π, π]; −π is moved to π for a half-open range.
  const double wrapped = std::remainder(angle_rad, kTwoPi);
  return wrapped <= -kPi ? wrapped + kTwoPi : wrapped;
}

bool FieldOfView::ContainsAzimuth(double azimuth_rad) const {
  if (azimuth_extent_rad >= kTwoPi) return true;
  double offset = std::fmod(azimuth_rad - azimuth_start_rad, kTwoPi);
  if (offset < 0.0) offset += kTwoPi;
  return offset <= azimuth_extent_rad;
}

bool FieldOfView::IsValid(std::string* error) const {
  if (!(max_range_m > 0.0) || !std::isfinite(max_range_m)) {
    return Invalid(error, "max_range_m must be finite and > 0");
  }
  if (!(azimuth_start_rad >= 0.0 && azimuth_start_rad < kTwoPi)) {
    return Invalid(error, "azimuth_start_rad must be in [0, 2π)");
  }
  if (!(azimuth_extent_rad > 0.0 && azimuth_extent_rad <= kTwoPi)) {
    return Invalid(error, "azimuth_extent_rad must be in (0, 2π]");
  }
  if (!(elevation_min_rad >= -kPi / 2 && elevation_min_rad < elevation_max_rad &&
        elevation_max_rad <= kPi / 2)) {
    return Invalid(error, "elevation limits must satisfy -π/2 <= min < max <= π/2");
  }
  return true;
}

bool RadarConfig::IsValid(std::string* error) const {
  if (std::none_of(measures.begin(), measures.end(), [](bool b) { return b; })) {
    return Invalid(error, "a radar must measure at least one component");
  }
  const double sigmas[kNumRadarComponents] = {range_sigma_m, azimuth_sigma_rad, elevation_sigma_rad,
                                              range_rate_sigma_m_s};
  const char* names[kNumRadarComponents] = {"range_sigma_m", "azimuth_sigma_rad",
                                            "elevation_sigma_rad", "range_rate_sigma_m_s"};
  for (int i = 0; i < kNumRadarComponents; ++i) {
    if (measures[i] && !(sigmas[i] > 0.0 && std::isfinite(sigmas[i]))) {
      return Invalid(error, std::string(names[i]) + " must be finite and > 0");
    }
  }
  if (!site_ecef_velocity.allFinite()) return Invalid(error, "site velocity must be finite");
  if (!(refraction_k >= 1.0 && refraction_k <= 10.0)) {
    return Invalid(error, "refraction_k must be in [1, 10]");
  }
  return field_of_view.IsValid(error);
}

double EllipsoidRadiusOfCurvature(double latitude_rad, double azimuth_rad) {
  constexpr double a = geo::kWgs84SemiMajorAxis;
  constexpr double f = geo::kWgs84Flattening;
  constexpr double e2 = f * (2.0 - f);
  const double sin_lat = std::sin(latitude_rad);
  const double w2 = 1.0 - e2 * sin_lat * sin_lat;
  const double prime_vertical = a / std::sqrt(w2);                  // N
  const double meridional = a * (1.0 - e2) / (w2 * std::sqrt(w2));  // M
  const double cos_az = std::cos(azimuth_rad), sin_az = std::sin(azimuth_rad);
  return 1.0 / (cos_az * cos_az / meridional + sin_az * sin_az / prime_vertical);
}

EffectiveEarthLook LookOverEffectiveEarth(double range_m, double site_height_m,
                                          double target_height_m, double earth_radius_m,
                                          double refraction_k) {
  const double dh = target_height_m - site_height_m;
  // The half-angle form of the law of cosines keeps precision for small θ.
  const double sin2_half = (range_m * range_m - dh * dh) / (4.0 * (earth_radius_m + site_height_m) *
                                                            (earth_radius_m + target_height_m));
  const double theta = 2.0 * std::asin(std::sqrt(std::clamp(sin2_half, 0.0, 1.0)));
  const double phi = theta / refraction_k;
  const double effective_radius = refraction_k * earth_radius_m;
  const double a = effective_radius + site_height_m;
  const double b = effective_radius + target_height_m;
  // In the plane of the ray: site s = (0, a), target s + d.
  const Eigen::Vector2d site(0.0, a);
  const Eigen::Vector2d d(b * std::sin(phi), b * std::cos(phi) - a);
  EffectiveEarthLook look;
  look.elevation_rad = std::atan2(d.y(), d.x());
  const double length2 = d.squaredNorm();
  if (length2 > 0.0) {
    const double t = std::clamp(-site.dot(d) / length2, 0.0, 1.0);
    // Closest approach at an end point: the end points themselves are on or
    // above the surface, so only an interior approach can be below it.
    if (t > 0.0 && t < 1.0) look.above_horizon = (site + t * d).norm() >= effective_radius;
  }
  return look;
}

RadarModel::RadarModel(const RadarConfig& config) : config_(config), frame_(config.site) {
  std::string error;
  TRILINK_CHECK(config.IsValid(&error)) << "invalid radar configuration: " << error;
  const double sigmas[kNumRadarComponents] = {config.range_sigma_m, config.azimuth_sigma_rad,
                                              config.elevation_sigma_rad,
                                              config.range_rate_sigma_m_s};
  index_.fill(-1);
  for (int i = 0; i < kNumRadarComponents; ++i) {
    if (config.measures[i]) index_[i] = size_++;
  }
  noise_ = MeasurementCovariance::Zero(size_, size_);
  for (int i = 0; i < kNumRadarComponents; ++i) {
    if (index_[i] >= 0) noise_(index_[i], index_[i]) = sigmas[i] * sigmas[i];
  }
}

MeasurementVector RadarModel::Predict(const Eigen::Vector3d& ecef_position,
                                      const Eigen::Vector3d& ecef_velocity,
                                      MeasurementJacobian<6>* jacobian) const {
  const Eigen::Vector3d d = ecef_position - frame_.ecef_origin();
  const Eigen::Matrix3d& ecef_R_enu = frame_.ecef_R_enu();
  const Eigen::Vector3d enu = ecef_R_enu.transpose() * d;
  const double east = enu.x(), north = enu.y(), up = enu.z();
  const double horizontal2 = east * east + north * north;
  const double horizontal = std::sqrt(horizontal2);
  const double range = d.norm();
  const Eigen::Vector3d relative_velocity = ecef_velocity - config_.site_ecef_velocity;

  MeasurementVector z(size_);
  if (jacobian != nullptr) jacobian->setZero(size_, 6);
  if (int i = IndexOf(RadarComponent::kRange); i >= 0) {
    z(i) = range;
    if (jacobian != nullptr && range > 0.0) jacobian->block<1, 3>(i, 0) = d.transpose() / range;
  }
  if (int i = IndexOf(RadarComponent::kAzimuth); i >= 0) {
    double azimuth = std::atan2(east, north);
    if (azimuth < 0.0) azimuth += kTwoPi;
    if (azimuth >= kTwoPi) azimuth = 0.0;
    z(i) = azimuth;
    // Straight above the site the azimuth is undefined; its derivative is
    // left zero there rather than infinite.
    if (jacobian != nullptr && horizontal2 > 0.0) {
      const Eigen::RowVector3d d_enu(north / horizontal2, -east / horizontal2, 0.0);
      jacobian->block<1, 3>(i, 0) = d_enu * ecef_R_enu.transpose();
    }
  }
  if (int i = IndexOf(RadarComponent::kElevation); i >= 0) {
    z(i) = std::atan2(up, horizontal);
    if (jacobian != nullptr && horizontal > 0.0) {
      const double range2 = range * range;
      const Eigen::RowVector3d d_enu(-east * up / (range2 * horizontal),
                                     -north * up / (range2 * horizontal), horizontal / range2);
      jacobian->block<1, 3>(i, 0) = d_enu * ecef_R_enu.transpose();
    }
  }
  if (int i = IndexOf(RadarComponent::kRangeRate); i >= 0) {
    const double range_rate = range > 0.0 ? d.dot(relative_velocity) / range : 0.0;
    z(i) = range_rate;
    if (jacobian != nullptr && range > 0.0) {
      const Eigen::Vector3d u = d / range;
      jacobian->block<1, 3>(i, 0) = (relative_velocity - range_rate * u).transpose() / range;
      jacobian->block<1, 3>(i, 3) = u.transpose();
    }
  }
  return z;
}

MeasurementVector RadarModel::Residual(const MeasurementVector& measured,
                                       const MeasurementVector& predicted) const {
  MeasurementVector residual = measured - predicted;
  if (int i = IndexOf(RadarComponent::kAzimuth); i >= 0) residual(i) = WrapAngle(residual(i));
  return residual;
}

MeasurementVector RadarModel::Normalized(MeasurementVector measurement) const {
  if (int i = IndexOf(RadarComponent::kAzimuth); i >= 0) {
    double azimuth = std::fmod(measurement(i), kTwoPi);
    if (azimuth < 0.0) azimuth += kTwoPi;
    if (azimuth >= kTwoPi) azimuth = 0.0;
    measurement(i) = azimuth;
  }
  return measurement;
}

std::optional<LocatedMeasurement> RadarModel::Locate(const MeasurementVector& measurement) const {
  const int r = IndexOf(RadarComponent::kRange);
  const int az = IndexOf(RadarComponent::kAzimuth);
  const int el = IndexOf(RadarComponent::kElevation);
  if (r < 0 || az < 0 || el < 0) return std::nullopt;
  const geo::AzElRange look{
      .azimuth_rad = measurement(az), .elevation_rad = measurement(el), .range_m = measurement(r)};
  LocatedMeasurement located;
  located.position = frame_.FromAzElRange(look);
  // Root-sum-square of the three one-sigma displacements: an upper bound on
  // the largest standard deviation of the located point.
  const double range = std::max(look.range_m, 0.0);
  const double cross_azimuth = range * config_.azimuth_sigma_rad * std::cos(look.elevation_rad);
  const double cross_elevation = range * config_.elevation_sigma_rad;
  located.position_sigma_m =
      std::sqrt(config_.range_sigma_m * config_.range_sigma_m + cross_azimuth * cross_azimuth +
                cross_elevation * cross_elevation);
  if (const int rate = IndexOf(RadarComponent::kRangeRate); rate >= 0 && range > 0.0) {
    located.radial = LocatedMeasurement::Radial{
        .line_of_sight = (located.position - frame_.ecef_origin()).normalized(),
        .range_sigma_m = config_.range_sigma_m,
        .range_rate_m_s = measurement(rate),
        .range_rate_sigma_m_s = config_.range_rate_sigma_m_s,
        .sensor_velocity = config_.site_ecef_velocity};
  }
  return located;
}

EffectiveEarthLook RadarModel::LookAt(const Eigen::Vector3d& ecef_position) const {
  const Eigen::Vector3d enu = frame_.EcefToEnu(ecef_position);
  const double azimuth = std::atan2(enu.x(), enu.y());
  const double earth_radius = EllipsoidRadiusOfCurvature(config_.site.latitude_rad, azimuth);
  return LookOverEffectiveEarth(enu.norm(), config_.site.height_m,
                                geo::HeightAboveEllipsoid(ecef_position), earth_radius,
                                config_.refraction_k);
}

bool RadarModel::Covers(const Eigen::Vector3d& ecef_position) const {
  const FieldOfView& fov = config_.field_of_view;
  const Eigen::Vector3d enu = frame_.EcefToEnu(ecef_position);
  const double range = enu.norm();
  if (range > fov.max_range_m) return false;
  if (!fov.ContainsAzimuth(std::atan2(enu.x(), enu.y()))) return false;
  const EffectiveEarthLook look = LookAt(ecef_position);
  return look.above_horizon && look.elevation_rad >= fov.elevation_min_rad &&
         look.elevation_rad <= fov.elevation_max_rad;
}

}  // namespace trilink::sensors
