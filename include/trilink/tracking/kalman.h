// The extended Kalman filter (EKF) and the unscented Kalman filter (UKF).
//
// EKF: the state and covariance are propagated through the motion model's
// value and transition Jacobian F,
//   x⁻ = f(x, Δt),   P⁻ = F P Fᵀ + Q,
// and updated with the measurement Jacobian H in Joseph form (filter.h).
// On linear models it is the Kalman filter.
//
// UKF: 2N + 1 sigma points χ = x ± columns of √((N + λ) P), with
// λ = α²(N + κ) − N and the weights of Wan & van der Merwe, "The unscented
// Kalman filter for nonlinear estimation" (2000):
//   Wm₀ = λ / (N + λ),  Wc₀ = Wm₀ + 1 − α² + β,  Wᵢ = 1 / (2 (N + λ)).
// Measurement residuals go through the model's Residual (angles wrap). The
// update is in Joseph form with the statistical linearisation H = Pxzᵀ P⁻¹
// (filter.h). The defaults α = 1, β = 2, κ = 0 keep every weight ≥ 0, so the
// predicted covariance is positive semi-definite by construction.
//
// Both hold a reference to their motion model, which must outlive them.
//
// Usage:
//   ConstantVelocity2d motion(1.0);
//   ExtendedKalmanFilter<4> ekf(motion);
//   UnscentedKalmanFilter<4> ukf(motion, {.alpha = 1.0});
#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <array>
#include <string>

#include "trilink/core/error.h"
#include "trilink/tracking/filter.h"
#include "trilink/tracking/motion_model.h"

namespace trilink::tracking {

template <int N>
class ExtendedKalmanFilter final : public Filter<N> {
 public:
  explicit ExtendedKalmanFilter(const MotionModel<N>& motion) : motion_(motion) {}

  FilterState<N> Predict(const FilterState<N>& state, double dt_s) const override {
    FilterState<N> predicted = state;
    SquareMatrix<N> transition, noise;
    predicted.estimate.mean =
        motion_.PropagateWithNoise(state.estimate.mean, dt_s, &transition, &noise);
    predicted.estimate.covariance =
        transition * state.estimate.covariance * transition.transpose() + noise;
    // .eval(): the destination is read transposed (Eigen aliasing).
    predicted.estimate.covariance =
        (0.5 * (predicted.estimate.covariance + predicted.estimate.covariance.transpose())).eval();
    return predicted;
  }

  Innovation<N> Innovate(const FilterState<N>& predicted,
                         const MeasurementModel<N>& model) const override {
    Innovation<N> innovation;
    const SquareMatrix<N>& covariance = predicted.estimate.covariance;
    innovation.predicted = model.Predict(predicted.estimate.mean, &innovation.jacobian);
    innovation.cross = covariance * innovation.jacobian.transpose();
    innovation.effective_noise = model.NoiseCovariance();
    innovation.covariance = innovation.jacobian * innovation.cross + innovation.effective_noise;
    internal::FinishInnovation(&innovation);
    return innovation;
  }

 private:
  const MotionModel<N>& motion_;
};

struct UnscentedOptions {
  double alpha = 1.0;  // spread of the sigma points, (0, 1]
  double beta = 2.0;   // prior knowledge of the distribution (2 is optimal for Gaussians), >= 0
  double kappa = 0.0;  // secondary scaling; N + κ > 0

  bool IsValid(int state_size, std::string* error) const {
    if (!(alpha > 0.0 && alpha <= 1.0)) return Invalid(error, "alpha must be in (0, 1]");
    if (!(beta >= 0.0)) return Invalid(error, "beta must be >= 0");
    if (!(state_size + kappa > 0.0)) return Invalid(error, "kappa must make N + kappa > 0");
    return true;
  }
};

template <int N>
class UnscentedKalmanFilter final : public Filter<N> {
 public:
  UnscentedKalmanFilter(const MotionModel<N>& motion, const UnscentedOptions& options = {})
      : motion_(motion) {
    std::string error;
    TRILINK_CHECK(options.IsValid(N, &error)) << error;
    lambda_ = options.alpha * options.alpha * (N + options.kappa) - N;
    weight_mean0_ = lambda_ / (N + lambda_);
    weight_covariance0_ = weight_mean0_ + 1.0 - options.alpha * options.alpha + options.beta;
    weight_ = 0.5 / (N + lambda_);
  }

  FilterState<N> Predict(const FilterState<N>& state, double dt_s) const override {
    const SigmaPoints points = Sigmas(state.estimate);
    SigmaPoints moved;
    for (int i = 0; i < kPoints; ++i) moved.col(i) = motion_.Propagate(points.col(i), dt_s);
    Vector<N> mean = weight_mean0_ * moved.col(0);
    for (int i = 1; i < kPoints; ++i) mean += weight_ * moved.col(i);
    SquareMatrix<N> covariance = motion_.ProcessNoise(state.estimate.mean, dt_s);
    for (int i = 0; i < kPoints; ++i) {
      const Vector<N> d = moved.col(i) - mean;
      covariance += Weight(i) * d * d.transpose();
    }
    FilterState<N> predicted = state;
    predicted.estimate = {mean, 0.5 * (covariance + covariance.transpose())};
    return predicted;
  }

  Innovation<N> Innovate(const FilterState<N>& predicted,
                         const MeasurementModel<N>& model) const override {
    const Gaussian<N>& x = predicted.estimate;
    const SigmaPoints points = Sigmas(x);
    const int m = model.size();
    std::array<MeasurementVector, kPoints> z;
    for (int i = 0; i < kPoints; ++i) z[i] = model.Predict(points.col(i));
    // The mean of angles: offsets from the central point, wrapped, averaged.
    MeasurementVector offset = MeasurementVector::Zero(m);
    for (int i = 1; i < kPoints; ++i) offset += weight_ * model.Residual(z[i], z[0]);
    Innovation<N> innovation;
    innovation.predicted = z[0] + offset;
    innovation.covariance = model.NoiseCovariance();
    innovation.cross = StateByMeasurement<N>::Zero(N, m);
    for (int i = 0; i < kPoints; ++i) {
      const MeasurementVector r = model.Residual(z[i], innovation.predicted);
      innovation.covariance += Weight(i) * r * r.transpose();
      innovation.cross += Weight(i) * (points.col(i) - x.mean) * r.transpose();
    }
    // Statistical linearisation H = Pxzᵀ P⁻¹, and R̃ = S − H P Hᵀ, so that the
    // Joseph form reproduces the unscented update (filter.h).
    const Eigen::LDLT<SquareMatrix<N>> ldlt(x.covariance);
    innovation.jacobian = ldlt.solve(innovation.cross).transpose();
    innovation.effective_noise = innovation.covariance - innovation.jacobian * x.covariance *
                                                             innovation.jacobian.transpose();
    innovation.effective_noise =
        (0.5 * (innovation.effective_noise + innovation.effective_noise.transpose())).eval();
    internal::FinishInnovation(&innovation);
    return innovation;
  }

 private:
  static constexpr int kPoints = 2 * N + 1;
  using SigmaPoints = Eigen::Matrix<double, N, kPoints>;

  double Weight(int i) const { return i == 0 ? weight_covariance0_ : weight_; }

  SigmaPoints Sigmas(const Gaussian<N>& x) const {
    // A covariance that lost definiteness to rounding still gets sigma points
    // from the LDLT square root (D clamped at 0) rather than failing.
    SquareMatrix<N> root;
    const Eigen::LLT<SquareMatrix<N>> llt((N + lambda_) * x.covariance);
    if (llt.info() == Eigen::Success) {
      root = llt.matrixL();
    } else {
      const Eigen::LDLT<SquareMatrix<N>> ldlt((N + lambda_) * x.covariance);
      root = ldlt.transpositionsP().transpose() * SquareMatrix<N>(ldlt.matrixL()) *
             ldlt.vectorD().cwiseMax(0.0).cwiseSqrt().asDiagonal();
    }
    SigmaPoints points;
    points.col(0) = x.mean;
    for (int i = 0; i < N; ++i) {
      points.col(1 + i) = x.mean + root.col(i);
      points.col(1 + N + i) = x.mean - root.col(i);
    }
    return points;
  }

  const MotionModel<N>& motion_;
  double lambda_ = 0.0;
  double weight_mean0_ = 0.0;
  double weight_covariance0_ = 0.0;
  double weight_ = 0.0;
};

}  // namespace trilink::tracking
