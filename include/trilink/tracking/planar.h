// Models on a plane, for the reference multi-target benchmark and for tests:
// the nearly-constant-velocity motion model and two measurement models.
//
// State (x, y, vx, vy) in metres and m/s.
//
// Nearly constant velocity with white-noise acceleration of spectral density
// q (m²/s³) per axis (Bar-Shalom, Li & Kirubarajan 2001, §6.2.2):
//   F = [I  Δt I; 0  I],   Q = q [Δt³/3 I  Δt²/2 I; Δt²/2 I  Δt I].
//
// PlanarPosition measures (x, y); PlanarBearingRange measures the bearing
// atan2(y, x) (counter-clockwise from +x, in (−π, π]) and the range from the
// origin.
//
// Usage:
//   ConstantVelocity2d motion(1.0);
//   PlanarBearingRange radar(DegToRad(0.1), 10.0);
//   MeasurementVector z = radar.Sample(truth, random);
#pragma once

#include <cmath>
#include <numbers>
#include <optional>

#include "trilink/core/error.h"
#include "trilink/core/gaussian.h"
#include "trilink/sensors/measurement_model.h"
#include "trilink/tracking/motion_model.h"

namespace trilink::tracking {

// Q of white-noise acceleration with spectral density q (m²/s³) per axis over
// |dt_s|, for the state (x, y, vx, vy).
inline SquareMatrix<4> WhiteAccelerationNoise2d(double q, double dt_s) {
  const double t = std::abs(dt_s);
  const double p = q * t * t * t / 3.0, c = q * t * t / 2.0, v = q * t;
  SquareMatrix<4> noise;
  noise << p, 0, c, 0,  //
      0, p, 0, c,       //
      c, 0, v, 0,       //
      0, c, 0, v;
  return noise;
}

class ConstantVelocity2d final : public MotionModel<4> {
 public:
  // acceleration_density: q (m²/s³) >= 0.
  explicit ConstantVelocity2d(double acceleration_density) : q_(acceleration_density) {
    TRILINK_CHECK(q_ >= 0.0) << "acceleration density must be >= 0, got " << q_;
  }

  Vector<4> Propagate(const Vector<4>& state, double dt_s,
                      SquareMatrix<4>* transition = nullptr) const override {
    if (transition != nullptr) {
      transition->setIdentity();
      (*transition)(0, 2) = dt_s;
      (*transition)(1, 3) = dt_s;
    }
    return {state(0) + dt_s * state(2), state(1) + dt_s * state(3), state(2), state(3)};
  }

  SquareMatrix<4> ProcessNoise(const Vector<4>& /*state*/, double dt_s) const override {
    return WhiteAccelerationNoise2d(q_, dt_s);
  }

 private:
  double q_;
};

class PlanarPosition final : public sensors::MeasurementModel<4> {
 public:
  // sigma_m: standard deviation of x and y (m) > 0.
  explicit PlanarPosition(double sigma_m) : sigma_m_(sigma_m) {
    TRILINK_CHECK(sigma_m > 0.0) << "sigma must be > 0";
    noise_ = MeasurementCovariance::Identity(2, 2) * sigma_m * sigma_m;
  }
  int size() const override { return 2; }
  MeasurementVector Predict(const Vector<4>& state,
                            MeasurementJacobian<4>* jacobian = nullptr) const override {
    if (jacobian != nullptr) {
      jacobian->setZero(2, 4);
      (*jacobian)(0, 0) = 1.0;
      (*jacobian)(1, 1) = 1.0;
    }
    return state.head<2>();
  }
  const MeasurementCovariance& NoiseCovariance() const override { return noise_; }
  std::optional<sensors::LocatedMeasurement> Locate(
      const MeasurementVector& measurement) const override {
    return sensors::LocatedMeasurement{{measurement(0), measurement(1), 0.0}, sigma_m_};
  }

 private:
  double sigma_m_;
  MeasurementCovariance noise_;
};

class PlanarBearingRange final : public sensors::MeasurementModel<4> {
 public:
  // bearing_sigma_rad > 0, range_sigma_m > 0.
  PlanarBearingRange(double bearing_sigma_rad, double range_sigma_m)
      : bearing_sigma_rad_(bearing_sigma_rad), range_sigma_m_(range_sigma_m) {
    TRILINK_CHECK(bearing_sigma_rad > 0.0 && range_sigma_m > 0.0) << "sigmas must be > 0";
    noise_ = MeasurementCovariance::Zero(2, 2);
    noise_(0, 0) = bearing_sigma_rad * bearing_sigma_rad;
    noise_(1, 1) = range_sigma_m * range_sigma_m;
  }
  int size() const override { return 2; }
  MeasurementVector Predict(const Vector<4>& state,
                            MeasurementJacobian<4>* jacobian = nullptr) const override {
    const double x = state(0), y = state(1);
    const double r2 = x * x + y * y, r = std::sqrt(r2);
    if (jacobian != nullptr) {
      jacobian->setZero(2, 4);
      (*jacobian)(0, 0) = -y / r2;
      (*jacobian)(0, 1) = x / r2;
      (*jacobian)(1, 0) = x / r;
      (*jacobian)(1, 1) = y / r;
    }
    MeasurementVector z(2);
    z << std::atan2(y, x), r;
    return z;
  }
  MeasurementVector Residual(const MeasurementVector& measured,
                             const MeasurementVector& predicted) const override {
    MeasurementVector nu = measured - predicted;
    nu(0) = std::remainder(nu(0), 2.0 * std::numbers::pi);
    return nu;
  }
  const MeasurementCovariance& NoiseCovariance() const override { return noise_; }
  std::optional<sensors::LocatedMeasurement> Locate(
      const MeasurementVector& measurement) const override {
    const double r = measurement(1);
    return sensors::LocatedMeasurement{
        {r * std::cos(measurement(0)), r * std::sin(measurement(0)), 0.0},
        std::hypot(range_sigma_m_, r * bearing_sigma_rad_)};
  }

 private:
  double bearing_sigma_rad_;
  double range_sigma_m_;
  MeasurementCovariance noise_;
};

}  // namespace trilink::tracking
