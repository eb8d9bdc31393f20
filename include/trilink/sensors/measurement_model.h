// The measurement model interface: one model serves the sensor simulator
// (Sample) and the filters (Predict with its Jacobian, Residual, noise).
//
// A model is an immutable value describing one sensor at one time: where it
// is, what it measures and how noisy it is. The state it measures has N
// components; which of them are position and velocity is the model's
// business (the ECEF models of radar.h and infrared.h read position from
// components 0–2 and velocity from 3–5; the planar models of the tracker read
// x, y, vx, vy).
//
// Usage:
//   const MeasurementModel<6>& model = ...;
//   MeasurementJacobian<6> H;
//   MeasurementVector z_hat = model.Predict(x, &H);
//   MeasurementVector nu = model.Residual(z, z_hat);  // angles wrapped
#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <optional>

#include "trilink/core/gaussian.h"
#include "trilink/core/random.h"

namespace trilink::sensors {

// A measured point located in the state's position coordinates, for the
// tracker's cheap spatial pre-gate.
struct LocatedMeasurement {
  Eigen::Vector3d position = Eigen::Vector3d::Zero();  // in the state's position frame (m)
  // A bound on the measurement's position error at the gate's confidence: the
  // largest standard deviation of the located point (m), > 0.
  double position_sigma_m = 0.0;
  // For a sensor that measures range and its rate (a Doppler radar): the unit
  // line of sight from the sensor to the point (same frame), the σ of the
  // point along it (m), the measured range rate (m/s, positive receding:
  // the target's velocity relative to the sensor's, along the line of
  // sight), its σ (m/s) and the sensor's own velocity (m/s, Earth-relative;
  // zero on the ground). Two detections of one target agree with each
  // other's range rates (tracking::TwoPointInitiator uses it).
  struct Radial {
    Eigen::Vector3d line_of_sight = Eigen::Vector3d::UnitX();
    double range_sigma_m = 0.0;
    double range_rate_m_s = 0.0;
    double range_rate_sigma_m_s = 0.0;
    Eigen::Vector3d sensor_velocity = Eigen::Vector3d::Zero();
  };
  std::optional<Radial> radial;
};

template <int N>
class MeasurementModel {
 public:
  virtual ~MeasurementModel() = default;

  // Number of measured components, in [1, kMaxMeasurementSize].
  virtual int size() const = 0;

  // The noiseless measurement of `state`; with `jacobian`, also d z / d state
  // (size() × N).
  virtual MeasurementVector Predict(const Vector<N>& state,
                                    MeasurementJacobian<N>* jacobian = nullptr) const = 0;

  // measured − predicted, with angle components wrapped to (−π, π].
  virtual MeasurementVector Residual(const MeasurementVector& measured,
                                     const MeasurementVector& predicted) const {
    return measured - predicted;
  }

  // Measurement noise covariance R (size() × size(), positive definite).
  virtual const MeasurementCovariance& NoiseCovariance() const = 0;

  // Where a measurement puts the target, when it determines a position (a
  // radar with range; not an angles-only sensor). Used for spatial indexing
  // only, never for estimation.
  virtual std::optional<LocatedMeasurement> Locate(const MeasurementVector& /*measurement*/) const {
    return std::nullopt;
  }

  // Whether a target in `state` could be measured at all (inside the field of
  // view, above the horizon). A tracker counts a miss only where this holds.
  virtual bool Covers(const Vector<N>& /*state*/) const { return true; }

  // A noisy measurement: Predict(state) plus a draw from N(0, R), angles
  // wrapped (via Residual against zero-noise).
  MeasurementVector Sample(const Vector<N>& state, RandomStream& random) const {
    const MeasurementVector truth = Predict(state);
    MeasurementVector unit(truth.size());
    for (int i = 0; i < truth.size(); ++i) unit(i) = random.Normal();
    const MeasurementCovariance lower = NoiseCovariance().llt().matrixL();
    MeasurementVector noisy = truth + lower * unit;
    // Residual wraps angles; adding it back to the truth keeps them in range.
    return truth + Residual(noisy, truth);
  }
};

}  // namespace trilink::sensors
