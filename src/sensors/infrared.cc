#include "trilink/sensors/infrared.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>

#include "trilink/core/error.h"
#include "trilink/core/units.h"
#include "trilink/geo/wgs84.h"
#include "trilink/sensors/radar.h"

namespace trilink::sensors {
namespace {

constexpr double kTwoPi = 2.0 * kPi;
constexpr double kSemiMinorAxis = geo::kWgs84SemiMajorAxis * (1.0 - geo::kWgs84Flattening);
// J2000.0 (2000-01-01T12:00:00, taken as UTC) in seconds since 1970.
constexpr int64_t kJ2000UnixSeconds = 946'728'000;

}  // namespace

double GeostationaryRadius() {
  return std::cbrt(geo::kWgs84Gm / (geo::kWgs84EarthRate * geo::kWgs84EarthRate));
}

Eigen::Vector3d GeostationaryEcefPosition(double longitude_rad) {
  const double radius = GeostationaryRadius();
  return {radius * std::cos(longitude_rad), radius * std::sin(longitude_rad), 0.0};
}

bool KeplerOrbit::IsValid(std::string* error) const {
  if (!(eccentricity >= 0.0 && eccentricity < 1.0)) {
    return Invalid(error, "eccentricity must be in [0, 1)");
  }
  if (!std::isfinite(semi_major_axis_m) ||
      !(semi_major_axis_m * (1.0 - eccentricity) > geo::kWgs84SemiMajorAxis)) {
    return Invalid(error, "the perigee radius a (1 - e) must be above the Earth's surface");
  }
  if (!(inclination_rad >= 0.0 && inclination_rad <= kPi)) {
    return Invalid(error, "inclination must be in [0, π]");
  }
  if (!std::isfinite(raan_rad) || !std::isfinite(argument_of_perigee_rad) ||
      !std::isfinite(mean_anomaly_rad)) {
    return Invalid(error, "angles must be finite");
  }
  return true;
}

double EarthRotationAngle(UtcTime time) {
  // Integer nanoseconds first, so the days since J2000 keep sub-millisecond
  // precision; the fractional day is added separately as IERS recommends.
  const int64_t ns = time.nanoseconds_since_epoch() - kJ2000UnixSeconds * 1'000'000'000;
  const int64_t whole_days = ns / 86'400'000'000'000;
  const double day_fraction = static_cast<double>(ns % 86'400'000'000'000) / 86'400e9;
  const double days = static_cast<double>(whole_days) + day_fraction;
  const double turns = 0.7790572732640 + 0.00273781191135448 * days + day_fraction;
  double angle = kTwoPi * (turns - std::floor(turns));
  if (angle >= kTwoPi) angle = 0.0;
  return angle;
}

Eigen::Vector3d KeplerInertialPosition(const KeplerOrbit& orbit, UtcTime time) {
  std::string error;
  TRILINK_CHECK(orbit.IsValid(&error)) << "invalid orbit: " << error;
  const double a = orbit.semi_major_axis_m, e = orbit.eccentricity;
  const double mean_motion = std::sqrt(geo::kWgs84Gm / (a * a * a));
  const double mean_anomaly =
      std::remainder(orbit.mean_anomaly_rad + mean_motion * (time - orbit.epoch).seconds(), kTwoPi);
  // Newton on E − e sin E = M from E = M (e < 1 converges; e > 0.8 starts at π).
  double eccentric_anomaly = e > 0.8 ? kPi : mean_anomaly;
  for (int i = 0; i < 50; ++i) {
    const double step = (eccentric_anomaly - e * std::sin(eccentric_anomaly) - mean_anomaly) /
                        (1.0 - e * std::cos(eccentric_anomaly));
    eccentric_anomaly -= step;
    if (std::abs(step) < 1e-14) break;
  }
  const Eigen::Vector3d perifocal(a * (std::cos(eccentric_anomaly) - e),
                                  a * std::sqrt(1.0 - e * e) * std::sin(eccentric_anomaly), 0.0);
  const Eigen::Matrix3d inertial_R_perifocal =
      (Eigen::AngleAxisd(orbit.raan_rad, Eigen::Vector3d::UnitZ()) *
       Eigen::AngleAxisd(orbit.inclination_rad, Eigen::Vector3d::UnitX()) *
       Eigen::AngleAxisd(orbit.argument_of_perigee_rad, Eigen::Vector3d::UnitZ()))
          .toRotationMatrix();
  return inertial_R_perifocal * perifocal;
}

Eigen::Vector3d KeplerEcefPosition(const KeplerOrbit& orbit, UtcTime time) {
  // The Earth has turned by the rotation angle: ECEF = R_z(−ERA) · inertial.
  return Eigen::AngleAxisd(-EarthRotationAngle(time), Eigen::Vector3d::UnitZ()) *
         KeplerInertialPosition(orbit, time);
}

bool InfraredConfig::IsValid(std::string* error) const {
  if (!satellite_ecef_position.allFinite() ||
      !(satellite_ecef_position.norm() > geo::kWgs84SemiMajorAxis)) {
    return Invalid(error, "the satellite must be outside the Earth");
  }
  if (!(angle_sigma_rad > 0.0 && std::isfinite(angle_sigma_rad))) {
    return Invalid(error, "angle_sigma_rad must be finite and > 0");
  }
  return true;
}

InfraredModel::InfraredModel(const InfraredConfig& config) : config_(config) {
  std::string error;
  TRILINK_CHECK(config.IsValid(&error)) << "invalid infrared configuration: " << error;
  const Eigen::Vector3d up = config.satellite_ecef_position.normalized();
  Eigen::Vector3d east = Eigen::Vector3d::UnitZ().cross(up);
  // Over a pole ẑ × up vanishes; any horizontal axis will do there.
  if (east.norm() < 1e-9) east = Eigen::Vector3d::UnitX().cross(up);
  east.normalize();
  const Eigen::Vector3d north = up.cross(east);
  frame_R_ecef_.row(0) = east.transpose();
  frame_R_ecef_.row(1) = north.transpose();
  frame_R_ecef_.row(2) = up.transpose();
  noise_ =
      MeasurementCovariance::Identity(2, 2) * (config.angle_sigma_rad * config.angle_sigma_rad);
}

MeasurementVector InfraredModel::Predict(const Eigen::Vector3d& ecef_position,
                                         Eigen::Matrix<double, 2, 3>* jacobian) const {
  const Eigen::Vector3d c = frame_R_ecef_ * (ecef_position - config_.satellite_ecef_position);
  const double east = c.x(), north = c.y(), nadir = -c.z();
  MeasurementVector z(2);
  z(0) = std::atan2(east, nadir);
  z(1) = std::atan2(north, nadir);
  if (jacobian != nullptr) {
    const double q_east = east * east + nadir * nadir;
    const double q_north = north * north + nadir * nadir;
    // d/d(east, north, up); nadir = −up flips the sign of the last column.
    Eigen::Matrix<double, 2, 3> d_frame;
    d_frame << nadir / q_east, 0.0, east / q_east,  //
        0.0, nadir / q_north, north / q_north;
    *jacobian = d_frame * frame_R_ecef_;
  }
  return z;
}

MeasurementVector InfraredModel::Residual(const MeasurementVector& measured,
                                          const MeasurementVector& predicted) const {
  MeasurementVector residual = measured - predicted;
  for (int i = 0; i < residual.size(); ++i) residual(i) = WrapAngle(residual(i));
  return residual;
}

Eigen::Vector3d InfraredModel::LineOfSight(const MeasurementVector& measurement) const {
  const Eigen::Vector3d frame_direction(std::tan(measurement(0)), std::tan(measurement(1)), -1.0);
  return (frame_R_ecef_.transpose() * frame_direction).normalized();
}

bool InfraredModel::Covers(const Eigen::Vector3d& ecef_position) const {
  // Scaling z by a/b turns the ellipsoid into a sphere of radius a; a
  // segment meets the ellipsoid iff its image meets the sphere.
  const Eigen::Vector3d scale(1.0, 1.0, geo::kWgs84SemiMajorAxis / kSemiMinorAxis);
  const Eigen::Vector3d s = config_.satellite_ecef_position.cwiseProduct(scale);
  const Eigen::Vector3d d = ecef_position.cwiseProduct(scale) - s;
  const double length2 = d.squaredNorm();
  if (length2 == 0.0) return true;
  const double t = std::clamp(-s.dot(d) / length2, 0.0, 1.0);
  // The closest approach at the target itself: nothing between them.
  if (t >= 1.0) return true;
  return (s + t * d).norm() >= geo::kWgs84SemiMajorAxis;
}

}  // namespace trilink::sensors
