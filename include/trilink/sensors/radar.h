// Radar measurement model: range, azimuth, elevation and range-rate of a
// target seen from a site on the WGS-84 ellipsoid (a ground radar, or a ship
// radar at its position at the scan time).
//
// With d = p − s the ECEF line of sight from the site s to the target p,
// e = enu_R_ecef · d its east/north/up components and v the target's
// Earth-relative velocity (the site is at rest in ECEF unless a site velocity
// is given):
//   range       r  = |d|
//   azimuth     az = atan2(e_east, e_north)           clockwise from north, [0, 2π)
//   elevation   el = atan2(e_up, hypot(e_east, e_north))               [−π/2, π/2]
//   range-rate  ṙ  = d · (v − v_site) / r           negative for a closing target
// Any subset of the four may be measured; the measurement vector holds the
// measured ones in that order. The elevation is geometric: the model does
// not bend the ray, refraction only decides what is visible (Covers).
//
// Visibility (Covers): inside the field of view (range, azimuth sector,
// elevation limits) and above the radar horizon, by the effective-Earth
// ("4/3 Earth") model of standard atmospheric refraction: rays are straight
// over a sphere of radius k·R, k = 4/3 (Skolnik, Introduction to Radar
// Systems, 3rd ed., 2001, ch. 8, atmospheric refraction; Doerry, "Earth
// Curvature and Atmospheric Refraction Effects on Radar Signal Propagation",
// Sandia SAND2012-10690, 2013). R is the ellipsoid's radius of curvature at
// the site in the target's azimuth (Euler: 1/R = cos²az/M + sin²az/N). With
// site and target heights h_s, h_t above the ellipsoid and the slant range r,
// the central angle on the sphere of radius R is
//   θ = 2 asin( sqrt( (r² − (h_t − h_s)²) / (4 (R + h_s)(R + h_t)) ) ),
// the effective angle φ = θ / k, and with a = kR + h_s, b = kR + h_t the
// effective (apparent) elevation is
//   el_eff = atan2(b cos φ − a, b sin φ).
// The target is visible when the straight segment from the site (0, a) to
// the target (b sin φ, b cos φ) stays outside the sphere of radius kR (the
// Earth mask) and el_eff is within the field of view's elevation limits.
// This is the classic radar horizon: a target at height h_t is visible to a
// surface distance of about
//   sqrt(2 k R h_s) + sqrt(2 k R h_t)    (412 km for h_t = 10 km, h_s = 0),
// the first term needing a minimum elevation at or below the dip of the
// horizon, −acos(kR / (kR + h_s)), for a raised site.
//
// Usage:
//   RadarConfig config{.site = geo::Geodetic::FromDegrees(37.7, 128.9, 300)};
//   config.field_of_view.max_range_m = 1.2e6;
//   auto model = std::make_shared<RadarMeasurement<6>>(config);
//   MeasurementJacobian<6> H;
//   MeasurementVector z_hat = model->Predict(x, &H);
#pragma once

#include <Eigen/Core>
#include <array>
#include <optional>
#include <string>

#include "trilink/core/gaussian.h"
#include "trilink/core/units.h"
#include "trilink/geo/wgs84.h"
#include "trilink/sensors/measurement_model.h"

namespace trilink::sensors {

// The quantities a radar can measure, in measurement-vector order.
enum class RadarComponent { kRange = 0, kAzimuth = 1, kElevation = 2, kRangeRate = 3 };
inline constexpr int kNumRadarComponents = 4;

// Where a sensor can look. Angles in radians, ranges in metres.
struct FieldOfView {
  double max_range_m = 1e7;  // > 0
  // Azimuth sector, clockwise from azimuth_start_rad ([0, 2π)) over
  // azimuth_extent_rad ((0, 2π]; 2π is all round). A sector through north is
  // e.g. start 300°, extent 120°.
  double azimuth_start_rad = 0.0;
  double azimuth_extent_rad = 2.0 * kPi;
  // Apparent (refracted) elevation limits, −π/2 ≤ min < max ≤ π/2.
  double elevation_min_rad = 0.0;
  double elevation_max_rad = kPi / 2;

  // Whether an azimuth (rad, any value) lies in the sector.
  bool ContainsAzimuth(double azimuth_rad) const;
  bool IsValid(std::string* error) const;
};

// The noise sigmas a radar may be given, in file units (scenario files,
// detection files, `trilink track --radar-sigma`): below them a tracker's
// gate holds nothing, above them everything (and their squares overflow).
inline constexpr double kMinRangeSigmaM = 1e-3, kMaxRangeSigmaM = 1e6;
inline constexpr double kMinAngleSigmaMrad = 1e-3, kMaxAngleSigmaMrad = 1e3;
inline constexpr double kMinRangeRateSigmaM_S = 1e-3, kMaxRangeRateSigmaM_S = 1e4;

struct RadarConfig {
  geo::Geodetic site;  // antenna position (height above the ellipsoid, m)
  // Site velocity in ECEF (m/s): zero for a ground radar; a ship may set it
  // for the range-rate (its position is the one at the scan time).
  Eigen::Vector3d site_ecef_velocity = Eigen::Vector3d::Zero();
  // Which components are measured (indexed by RadarComponent); at least one.
  std::array<bool, kNumRadarComponents> measures = {true, true, true, false};
  // Noise standard deviations (> 0 for every measured component).
  double range_sigma_m = 30.0;
  double azimuth_sigma_rad = 2e-3;
  double elevation_sigma_rad = 2e-3;
  double range_rate_sigma_m_s = 2.0;
  FieldOfView field_of_view;
  double refraction_k = 4.0 / 3.0;  // effective Earth radius factor, in [1, 10]

  bool IsValid(std::string* error) const;
};

// Radius of curvature (m) of the WGS-84 ellipsoid at a latitude (rad) in the
// direction of an azimuth (rad, clockwise from north): Euler's formula from
// the meridional (M) and prime-vertical (N) radii.
double EllipsoidRadiusOfCurvature(double latitude_rad, double azimuth_rad);

// A target seen in the effective-Earth model, as in the header comment.
struct EffectiveEarthLook {
  double elevation_rad = 0.0;  // apparent elevation el_eff
  bool above_horizon = true;   // the ray does not pass through the effective Earth
};
// `range_m` ≥ 0 the straight-line distance, heights above the ellipsoid (m,
// ≥ −earth_radius_m), `earth_radius_m` > 0, `refraction_k` ≥ 1.
EffectiveEarthLook LookOverEffectiveEarth(double range_m, double site_height_m,
                                          double target_height_m, double earth_radius_m,
                                          double refraction_k);

// Probability-free geometry of one radar on a 6-component ECEF state
// (position, Earth-relative velocity): the non-template core of
// RadarMeasurement<N>.
class RadarModel {
 public:
  // config must be valid (checked).
  explicit RadarModel(const RadarConfig& config);

  const RadarConfig& config() const { return config_; }
  const geo::LocalFrame& frame() const { return frame_; }
  int size() const { return size_; }
  // Index of a component in the measurement vector, or −1 if not measured.
  int IndexOf(RadarComponent component) const { return index_[static_cast<int>(component)]; }

  // The measurement of a target at ecef_position (m) moving at ecef_velocity
  // (m/s); with `jacobian`, d z / d [position, velocity] (size() × 6).
  MeasurementVector Predict(const Eigen::Vector3d& ecef_position,
                            const Eigen::Vector3d& ecef_velocity,
                            MeasurementJacobian<6>* jacobian = nullptr) const;
  MeasurementVector Residual(const MeasurementVector& measured,
                             const MeasurementVector& predicted) const;
  const MeasurementCovariance& NoiseCovariance() const { return noise_; }
  std::optional<LocatedMeasurement> Locate(const MeasurementVector& measurement) const;
  bool Covers(const Eigen::Vector3d& ecef_position) const;
  // The target in the effective-Earth model with the configured k.
  EffectiveEarthLook LookAt(const Eigen::Vector3d& ecef_position) const;
  double ApparentElevation(const Eigen::Vector3d& ecef_position) const {
    return LookAt(ecef_position).elevation_rad;
  }
  // The azimuth component moved to [0, 2π) (a sample may leave it slightly
  // outside); other components unchanged.
  MeasurementVector Normalized(MeasurementVector measurement) const;

 private:
  RadarConfig config_;
  geo::LocalFrame frame_;
  int size_ = 0;
  std::array<int, kNumRadarComponents> index_{};
  MeasurementCovariance noise_;
};

// The radar as a MeasurementModel of an N-component state whose components
// 0–2 are ECEF position (m) and 3–5 ECEF Earth-relative velocity (m/s); the
// Jacobian is zero in the other columns.
template <int N>
class RadarMeasurement final : public MeasurementModel<N> {
  static_assert(N >= 6, "RadarMeasurement needs ECEF position and velocity in components 0-5");

 public:
  explicit RadarMeasurement(const RadarConfig& config) : model_(config) {}
  explicit RadarMeasurement(RadarModel model) : model_(std::move(model)) {}

  const RadarModel& model() const { return model_; }

  int size() const override { return model_.size(); }
  MeasurementVector Predict(const Vector<N>& state,
                            MeasurementJacobian<N>* jacobian = nullptr) const override {
    if (jacobian == nullptr) {
      return model_.Predict(state.template head<3>(), state.template segment<3>(3));
    }
    MeasurementJacobian<6> jacobian6;
    MeasurementVector z =
        model_.Predict(state.template head<3>(), state.template segment<3>(3), &jacobian6);
    jacobian->setZero(model_.size(), N);
    jacobian->template leftCols<6>() = jacobian6;
    return z;
  }
  MeasurementVector Residual(const MeasurementVector& measured,
                             const MeasurementVector& predicted) const override {
    return model_.Residual(measured, predicted);
  }
  const MeasurementCovariance& NoiseCovariance() const override { return model_.NoiseCovariance(); }
  std::optional<LocatedMeasurement> Locate(const MeasurementVector& measurement) const override {
    return model_.Locate(measurement);
  }
  bool Covers(const Vector<N>& state) const override {
    return model_.Covers(state.template head<3>());
  }

 private:
  RadarModel model_;
};

// Wraps an angle (rad) to (−π, π].
double WrapAngle(double angle_rad);

}  // namespace trilink::sensors
