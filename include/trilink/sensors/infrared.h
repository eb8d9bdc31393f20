// Space-based infrared line-of-sight model: two angles of the line of sight
// from a satellite to a target, and the satellite positions that feed it.
//
// Frame. The satellite-centred frame is local-vertical/local-horizontal at
// the satellite's ECEF position s: up = s/|s| (radially away from the Earth's
// centre), east = normalize(ẑ × s) (ẑ the ECEF z axis; for a satellite on the
// polar axis, where that vanishes, x̂ is used instead of ẑ), north = up × east.
// With d = p − s the line of sight to the target and its components
//   c_east = d·east, c_north = d·north, c_nadir = −d·up,
// the two measured angles are tangent-plane angles off the nadir axis:
//   α_east  = atan2(c_east,  c_nadir)     positive towards east
//   α_north = atan2(c_north, c_nadir)     positive towards north
// Both are 0 straight down and smooth over the whole visible Earth (the
// limb is 8.7° off nadir from geostationary orbit, 68° from 500 km); they
// are singular only for lines of sight 90° off nadir, which never point at
// the Earth. Light time (≤ 0.14 s from GEO) and aberration are neglected.
//
// Visibility (Covers): the target is not hidden by the Earth, i.e. the
// segment from the satellite to the target does not pass inside the WGS-84
// ellipsoid. Whether a burning motor is bright enough is decided by the
// simulator from truth (burnout time), not by the model.
//
// Orbits. A geostationary satellite is fixed in ECEF on the equator at the
// radius (GM/ω²)^(1/3) = 42 164 km. A two-body (Kepler) orbit is propagated in
// a quasi-inertial frame (Earth's z axis, x axis at the Earth Rotation Angle's
// origin; precession, nutation and polar motion neglected — errors of a few
// km, harmless for a simulated sensor whose model uses the same position) and
// rotated to ECEF by the Earth Rotation Angle (IERS Conventions 2010, eq.
// 5.15), taking UT1 ≈ UTC (|UT1 − UTC| < 0.9 s). Kepler's equation is solved
// by Newton's method (Vallado, Fundamentals of Astrodynamics and
// Applications, 4th ed., alg. 2).
//
// Usage:
//   InfraredConfig config{.satellite_ecef_position = GeostationaryEcefPosition(DegToRad(120)),
//                         .angle_sigma_rad = 30e-6};
//   InfraredMeasurement<6> model(config);
//   MeasurementVector z_hat = model.Predict(x, &H);  // [α_east, α_north]
#pragma once

#include <Eigen/Core>
#include <optional>
#include <string>

#include "trilink/core/gaussian.h"
#include "trilink/core/time.h"
#include "trilink/sensors/measurement_model.h"

namespace trilink::sensors {

// Radius (m) of the geostationary orbit, (GM/ω²)^(1/3) with WGS-84 GM and ω.
double GeostationaryRadius();
// ECEF position (m) of a geostationary satellite at a longitude (rad, any).
Eigen::Vector3d GeostationaryEcefPosition(double longitude_rad);

// Classical orbital elements of a two-body orbit about the WGS-84 GM.
struct KeplerOrbit {
  double semi_major_axis_m = 0.0;  // > the WGS-84 semi-major axis
  double eccentricity = 0.0;       // [0, 1), perigee above the surface
  double inclination_rad = 0.0;    // [0, π]
  double raan_rad = 0.0;           // right ascension of the ascending node
  double argument_of_perigee_rad = 0.0;
  double mean_anomaly_rad = 0.0;  // at the epoch
  UtcTime epoch;

  bool IsValid(std::string* error) const;
};

// Earth Rotation Angle (rad, [0, 2π)) at a UTC time taken as UT1.
double EarthRotationAngle(UtcTime time);
// Position (m) of the satellite in the quasi-inertial frame at `time`.
Eigen::Vector3d KeplerInertialPosition(const KeplerOrbit& orbit, UtcTime time);
// Position (m) of the satellite in ECEF at `time` (Earth rotation applied).
Eigen::Vector3d KeplerEcefPosition(const KeplerOrbit& orbit, UtcTime time);

struct InfraredConfig {
  Eigen::Vector3d satellite_ecef_position = Eigen::Vector3d::Zero();  // m, outside the Earth
  double angle_sigma_rad = 30e-6;                                     // per angle, > 0

  bool IsValid(std::string* error) const;
};

// The non-template core of InfraredMeasurement<N>, on ECEF position.
class InfraredModel {
 public:
  // config must be valid (checked).
  explicit InfraredModel(const InfraredConfig& config);

  const InfraredConfig& config() const { return config_; }
  // Rows: east, north, up unit vectors of the satellite frame in ECEF.
  const Eigen::Matrix3d& frame_R_ecef() const { return frame_R_ecef_; }
  static constexpr int size() { return 2; }

  // [α_east, α_north] of a target at ecef_position (m); with `jacobian`,
  // d z / d position (2 × 3).
  MeasurementVector Predict(const Eigen::Vector3d& ecef_position,
                            Eigen::Matrix<double, 2, 3>* jacobian = nullptr) const;
  MeasurementVector Residual(const MeasurementVector& measured,
                             const MeasurementVector& predicted) const;
  const MeasurementCovariance& NoiseCovariance() const { return noise_; }
  bool Covers(const Eigen::Vector3d& ecef_position) const;
  // The unit line of sight (ECEF) of a measurement, for display and tests.
  Eigen::Vector3d LineOfSight(const MeasurementVector& measurement) const;

 private:
  InfraredConfig config_;
  Eigen::Matrix3d frame_R_ecef_;
  MeasurementCovariance noise_;
};

// The infrared sensor as a MeasurementModel of an N-component state whose
// components 0–2 are ECEF position (m); the Jacobian is zero elsewhere.
template <int N>
class InfraredMeasurement final : public MeasurementModel<N> {
  static_assert(N >= 3, "InfraredMeasurement needs ECEF position in components 0-2");

 public:
  explicit InfraredMeasurement(const InfraredConfig& config) : model_(config) {}

  const InfraredModel& model() const { return model_; }

  int size() const override { return InfraredModel::size(); }
  MeasurementVector Predict(const Vector<N>& state,
                            MeasurementJacobian<N>* jacobian = nullptr) const override {
    if (jacobian == nullptr) return model_.Predict(state.template head<3>());
    Eigen::Matrix<double, 2, 3> jacobian3;
    MeasurementVector z = model_.Predict(state.template head<3>(), &jacobian3);
    jacobian->setZero(2, N);
    jacobian->template leftCols<3>() = jacobian3;
    return z;
  }
  MeasurementVector Residual(const MeasurementVector& measured,
                             const MeasurementVector& predicted) const override {
    return model_.Residual(measured, predicted);
  }
  const MeasurementCovariance& NoiseCovariance() const override { return model_.NoiseCovariance(); }
  bool Covers(const Vector<N>& state) const override {
    return model_.Covers(state.template head<3>());
  }

 private:
  InfraredModel model_;
};

}  // namespace trilink::sensors
