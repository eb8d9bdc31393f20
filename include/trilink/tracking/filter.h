// The filter interface and the Gaussian update shared by every filter.
//
// A filter is a pair of pure functions over a FilterState (DESIGN.md: no
// hidden state):
//   Predict(state, Δt)                      -> predicted state
//   Innovate(predicted, measurement model)  -> Innovation (ẑ, S, Pxz, H)
//   Update(predicted, innovation, z, model) -> updated state
// Innovate is separate so that the tracker gates every detection of a scan
// against one Innovation per track (computed once) before it updates.
//
// Every filter updates in Joseph form,
//   P⁺ = (I − K H) P (I − K H)ᵀ + K R̃ Kᵀ,    K = Pxz S⁻¹,
// with H the measurement Jacobian (EKF) or the statistical linearisation
// Pxzᵀ P⁻¹ (UKF), and R̃ = S − H P Hᵀ the effective measurement noise (R for
// the EKF). With the UKF's H this is algebraically P − K S Kᵀ, the unscented
// update, but written as a sum of a congruence and a positive semi-definite
// term it stays symmetric positive definite under rounding (Bucy & Joseph
// 1968; Bar-Shalom, Li & Kirubarajan, "Estimation with Applications to
// Tracking and Navigation", 2001, §5.2.3).
//
// A FilterState carries the combined Gaussian and, for a multiple-model
// filter (IMM), up to kMaxModes mode-conditioned Gaussians with their
// probabilities.
//
// Usage:
//   const Filter<6>& filter = ...;
//   FilterState<6> x = filter.Initialise(prior);
//   x = filter.Predict(x, 2.0);
//   Innovation<6> innovation = filter.Innovate(x, model);
//   if (innovation.Mahalanobis2(model, z) < 9.0) x = filter.Update(x, innovation, z, model);
#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <array>
#include <cmath>
#include <numbers>
#include <span>

#include "trilink/core/gaussian.h"
#include "trilink/sensors/measurement_model.h"

namespace trilink::tracking {

template <int N>
using MeasurementModel = sensors::MeasurementModel<N>;

inline constexpr int kMaxModes = 4;

template <int N>
struct FilterState {
  Gaussian<N> estimate;  // the combined estimate (the only one for a single model)
  int mode_count = 0;    // 0: single-model filter; else modes in use, <= kMaxModes
  std::array<Gaussian<N>, kMaxModes> modes{};
  std::array<double, kMaxModes> mode_probabilities{};
};

// What a measurement is expected to be, and how it bears on the state.
template <int N>
struct Innovation {
  MeasurementVector predicted;            // ẑ
  MeasurementCovariance covariance;       // S
  MeasurementCovariance inverse;          // S⁻¹
  double log_determinant = 0.0;           // ln |S|
  StateByMeasurement<N> cross;            // Pxz
  MeasurementJacobian<N> jacobian;        // H (or the statistical linearisation)
  MeasurementCovariance effective_noise;  // R̃ = S − H P Hᵀ
  bool valid = false;                     // false when S was not positive definite

  // Squared Mahalanobis distance of `measurement` (chi-square with
  // measurement-size degrees of freedom under the model).
  double Mahalanobis2(const MeasurementModel<N>& model,
                      const MeasurementVector& measurement) const {
    const MeasurementVector nu = model.Residual(measurement, predicted);
    return nu.dot(inverse * nu);
  }
  // Gaussian log-likelihood of `measurement`.
  double LogLikelihood(const MeasurementModel<N>& model,
                       const MeasurementVector& measurement) const {
    return -0.5 * (Mahalanobis2(model, measurement) + log_determinant +
                   static_cast<double>(predicted.size()) * std::log(2.0 * std::numbers::pi));
  }
};

template <int N>
class Filter {
 public:
  virtual ~Filter() = default;

  // The filter state that starts from `prior`.
  virtual FilterState<N> Initialise(const Gaussian<N>& prior) const {
    FilterState<N> state;
    state.estimate = prior;
    return state;
  }
  // The state dt_s seconds later (any sign).
  virtual FilterState<N> Predict(const FilterState<N>& state, double dt_s) const = 0;
  // The innovation statistics of `model` at the (predicted) combined estimate.
  virtual Innovation<N> Innovate(const FilterState<N>& predicted,
                                 const MeasurementModel<N>& model) const = 0;
  // The state after `measurement`; `innovation` is Innovate(predicted, model).
  // By default the Joseph-form update of the single Gaussian (EKF, UKF).
  virtual FilterState<N> Update(const FilterState<N>& predicted, const Innovation<N>& innovation,
                                const MeasurementVector& measurement,
                                const MeasurementModel<N>& model) const;
  // Probabilistic data association update (JPDA): the measurements with
  // their association weights β_i and the weight β_0 of "none of them"
  // (β_0 + Σ β_i = 1), per Bar-Shalom & Li (1995), eq. 6.4.2-x:
  //   x⁺ = x + K ν̄,  ν̄ = Σ β_i ν_i
  //   P⁺ = β_0 P + (1 − β_0) P_c + K (Σ β_i ν_i ν_iᵀ − ν̄ ν̄ᵀ) Kᵀ
  // with P_c the Joseph-form covariance after one measurement.
  virtual FilterState<N> UpdateMixture(const FilterState<N>& predicted,
                                       const Innovation<N>& innovation,
                                       std::span<const MeasurementVector> measurements,
                                       std::span<const double> weights, double miss_weight,
                                       const MeasurementModel<N>& model) const;
};

namespace internal {

// Completes an Innovation from ẑ, S and Pxz (and H, R̃ filled by the
// caller): S⁻¹ and ln|S| by Cholesky; valid = false if S is not positive
// definite.
template <int N>
void FinishInnovation(Innovation<N>* innovation) {
  const Eigen::LLT<MeasurementCovariance> llt(innovation->covariance);
  if (llt.info() != Eigen::Success) {
    innovation->valid = false;
    return;
  }
  const int m = static_cast<int>(innovation->covariance.rows());
  innovation->inverse = llt.solve(MeasurementCovariance::Identity(m, m));
  innovation->log_determinant = 2.0 * llt.matrixLLT().diagonal().array().log().sum();
  innovation->valid = true;
}

// The gain K = Pxz S⁻¹.
template <int N>
StateByMeasurement<N> Gain(const Innovation<N>& innovation) {
  return innovation.cross * innovation.inverse;
}

// Joseph-form covariance after one measurement (see the header comment).
template <int N>
SquareMatrix<N> JosephCovariance(const SquareMatrix<N>& prior, const Innovation<N>& innovation,
                                 const StateByMeasurement<N>& gain) {
  const SquareMatrix<N> i_kh = SquareMatrix<N>::Identity() - gain * innovation.jacobian;
  SquareMatrix<N> posterior =
      i_kh * prior * i_kh.transpose() + gain * innovation.effective_noise * gain.transpose();
  // Rounding leaves the product a few ulps from symmetric; make it exact.
  return 0.5 * (posterior + posterior.transpose());
}

// The Gaussian after one measurement.
template <int N>
Gaussian<N> GaussianUpdate(const Gaussian<N>& prior, const Innovation<N>& innovation,
                           const MeasurementVector& residual) {
  const StateByMeasurement<N> gain = Gain(innovation);
  return {prior.mean + gain * residual, JosephCovariance(prior.covariance, innovation, gain)};
}

// The PDA-weighted Gaussian (see Filter::UpdateMixture).
template <int N>
Gaussian<N> GaussianMixtureUpdate(const Gaussian<N>& prior, const Innovation<N>& innovation,
                                  const MeasurementModel<N>& model,
                                  std::span<const MeasurementVector> measurements,
                                  std::span<const double> weights, double miss_weight) {
  const StateByMeasurement<N> gain = Gain(innovation);
  const int m = static_cast<int>(innovation.predicted.size());
  MeasurementVector combined = MeasurementVector::Zero(m);
  MeasurementCovariance spread = MeasurementCovariance::Zero(m, m);
  for (size_t i = 0; i < measurements.size(); ++i) {
    const MeasurementVector nu = model.Residual(measurements[i], innovation.predicted);
    combined += weights[i] * nu;
    spread += weights[i] * nu * nu.transpose();
  }
  spread -= combined * combined.transpose();
  SquareMatrix<N> covariance =
      miss_weight * prior.covariance +
      (1.0 - miss_weight) * JosephCovariance(prior.covariance, innovation, gain) +
      gain * spread * gain.transpose();
  // .eval(): the destination is read transposed (Eigen aliasing).
  covariance = (0.5 * (covariance + covariance.transpose())).eval();
  return {prior.mean + gain * combined, covariance};
}

}  // namespace internal

template <int N>
FilterState<N> Filter<N>::Update(const FilterState<N>& predicted, const Innovation<N>& innovation,
                                 const MeasurementVector& measurement,
                                 const MeasurementModel<N>& model) const {
  FilterState<N> updated = predicted;
  updated.estimate = internal::GaussianUpdate(predicted.estimate, innovation,
                                              model.Residual(measurement, innovation.predicted));
  return updated;
}

template <int N>
FilterState<N> Filter<N>::UpdateMixture(const FilterState<N>& predicted,
                                        const Innovation<N>& innovation,
                                        std::span<const MeasurementVector> measurements,
                                        std::span<const double> weights, double miss_weight,
                                        const MeasurementModel<N>& model) const {
  FilterState<N> updated = predicted;
  updated.estimate = internal::GaussianMixtureUpdate(predicted.estimate, innovation, model,
                                                     measurements, weights, miss_weight);
  return updated;
}

}  // namespace trilink::tracking
