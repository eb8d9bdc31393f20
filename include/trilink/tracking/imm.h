// The interacting multiple model (IMM) filter of Blom & Bar-Shalom (1988):
// r mode-matched filters over one state, a continuous-time Markov chain for
// the mode, and at each step
//   mixing      μ_{i|j} = π_ij μ_i / c_j,  c_j = Σ_i π_ij μ_i,
//               x_0j = Σ_i μ_{i|j} x_i,
//               P_0j = Σ_i μ_{i|j} (P_i + (x_i − x_0j)(x_i − x_0j)ᵀ),
//   prediction  each mode's filter from (x_0j, P_0j); μ_j⁻ = c_j,
//   update      each mode's filter with its own innovation; μ_j ∝ Λ_j μ_j⁻
//               with Λ_j the Gaussian likelihood of the measurement,
//   combination the moment-matched mixture, FilterState::estimate.
// (Bar-Shalom, Li & Kirubarajan 2001, §11.6.6.)
//
// Scans arrive at irregular intervals from several sensors, so the mode
// transition matrix of a step Δt is Π(Δt) = exp(Λ |Δt|) from a rate matrix Λ
// (off-diagonal: switching rates per second ≥ 0; each row sums to zero).
//
// The tracker gates with Innovate on the combined estimate. The mode filters
// are referenced, not owned, and must outlive the IMM.
//
// Usage:
//   ExtendedKalmanFilter<10> boost(boost_motion), coast(ballistic_motion);
//   Eigen::Matrix2d rates{{-0.02, 0.02}, {0.001, -0.001}};
//   InteractingMultipleModel<10> imm({&boost, &coast}, rates, Eigen::Vector2d(0.5, 0.5));
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <span>
#include <unsupported/Eigen/MatrixFunctions>

#include "trilink/core/error.h"
#include "trilink/tracking/filter.h"

namespace trilink::tracking {

// The combination step: state->estimate becomes the moment-matched mixture
// of the first mode_count modes with their probabilities (which sum to 1).
template <int N>
void CombineModes(FilterState<N>* state) {
  Gaussian<N>& combined = state->estimate;
  combined.mean.setZero();
  for (int j = 0; j < state->mode_count; ++j)
    combined.mean += state->mode_probabilities[j] * state->modes[j].mean;
  combined.covariance.setZero();
  for (int j = 0; j < state->mode_count; ++j) {
    const Vector<N> d = state->modes[j].mean - combined.mean;
    combined.covariance +=
        state->mode_probabilities[j] * (state->modes[j].covariance + d * d.transpose());
  }
  // .eval(): the destination is read transposed (Eigen aliasing).
  combined.covariance = (0.5 * (combined.covariance + combined.covariance.transpose())).eval();
}

template <int N>
class InteractingMultipleModel final : public Filter<N> {
 public:
  // filters: one per mode, 1 to kMaxModes; switching_rates: r × r (1/s),
  // off-diagonal ≥ 0, rows summing to 0; initial_probabilities: r, ≥ 0, sum 1.
  InteractingMultipleModel(std::initializer_list<const Filter<N>*> filters,
                           const Eigen::MatrixXd& switching_rates,
                           const Eigen::VectorXd& initial_probabilities)
      : mode_count_(static_cast<int>(filters.size())),
        rates_(switching_rates),
        initial_(initial_probabilities) {
    TRILINK_CHECK(mode_count_ >= 1 && mode_count_ <= kMaxModes)
        << "IMM needs 1 to " << kMaxModes << " modes, got " << mode_count_;
    TRILINK_CHECK(rates_.rows() == mode_count_ && rates_.cols() == mode_count_)
        << "switching rate matrix must be " << mode_count_ << " x " << mode_count_;
    TRILINK_CHECK(initial_.size() == mode_count_ && std::abs(initial_.sum() - 1.0) < 1e-9)
        << "initial mode probabilities must have " << mode_count_ << " entries summing to 1";
    for (int i = 0; i < mode_count_; ++i) {
      TRILINK_CHECK(std::abs(rates_.row(i).sum()) < 1e-12)
          << "rate matrix row " << i << " must sum to 0";
      for (int j = 0; j < mode_count_; ++j)
        TRILINK_CHECK(i == j || rates_(i, j) >= 0.0) << "negative switching rate";
    }
    int i = 0;
    for (const Filter<N>* filter : filters) filters_[i++] = filter;
  }

  int mode_count() const { return mode_count_; }

  FilterState<N> Initialise(const Gaussian<N>& prior) const override {
    FilterState<N> state;
    state.mode_count = mode_count_;
    for (int j = 0; j < mode_count_; ++j) {
      state.modes[j] = prior;
      state.mode_probabilities[j] = initial_(j);
    }
    state.estimate = prior;
    return state;
  }

  // The mode transition probabilities π_ij of a step of |dt_s| seconds.
  Eigen::MatrixXd Transition(double dt_s) const { return (rates_ * std::abs(dt_s)).exp(); }

  FilterState<N> Predict(const FilterState<N>& state, double dt_s) const override {
    TRILINK_CHECK(state.mode_count == mode_count_) << "state was not initialised by this IMM";
    const Eigen::MatrixXd transition = Transition(dt_s);
    FilterState<N> predicted;
    predicted.mode_count = mode_count_;
    for (int j = 0; j < mode_count_; ++j) {
      double c = 0.0;
      for (int i = 0; i < mode_count_; ++i) c += transition(i, j) * state.mode_probabilities[i];
      Gaussian<N> mixed;
      mixed.mean.setZero();
      mixed.covariance.setZero();
      if (c > 0.0) {
        for (int i = 0; i < mode_count_; ++i)
          mixed.mean += transition(i, j) * state.mode_probabilities[i] / c * state.modes[i].mean;
        for (int i = 0; i < mode_count_; ++i) {
          const Vector<N> d = state.modes[i].mean - mixed.mean;
          mixed.covariance += transition(i, j) * state.mode_probabilities[i] / c *
                              (state.modes[i].covariance + d * d.transpose());
        }
      } else {
        mixed = state.modes[j];
      }
      FilterState<N> single;
      single.estimate = mixed;
      predicted.modes[j] = filters_[j]->Predict(single, dt_s).estimate;
      predicted.mode_probabilities[j] = c;
    }
    Normalise(&predicted);
    CombineModes(&predicted);
    return predicted;
  }

  Innovation<N> Innovate(const FilterState<N>& predicted,
                         const MeasurementModel<N>& model) const override {
    FilterState<N> single;
    single.estimate = predicted.estimate;
    return filters_[0]->Innovate(single, model);
  }

  FilterState<N> Update(const FilterState<N>& predicted, const Innovation<N>& /*combined*/,
                        const MeasurementVector& measurement,
                        const MeasurementModel<N>& model) const override {
    FilterState<N> updated = predicted;
    // Likelihoods in logs, shifted by their maximum, so that a mode far off
    // does not underflow every probability to zero.
    std::array<double, kMaxModes> log_likelihood{};
    double largest = -std::numeric_limits<double>::infinity();
    for (int j = 0; j < mode_count_; ++j) {
      FilterState<N> single;
      single.estimate = predicted.modes[j];
      const Innovation<N> innovation = filters_[j]->Innovate(single, model);
      if (!innovation.valid) {
        log_likelihood[j] = -std::numeric_limits<double>::infinity();
        continue;
      }
      updated.modes[j] = filters_[j]->Update(single, innovation, measurement, model).estimate;
      log_likelihood[j] = innovation.LogLikelihood(model, measurement);
      largest = std::max(largest, log_likelihood[j]);
    }
    if (std::isfinite(largest)) {
      for (int j = 0; j < mode_count_; ++j)
        updated.mode_probabilities[j] *= std::exp(log_likelihood[j] - largest);
    }
    Normalise(&updated);
    CombineModes(&updated);
    return updated;
  }

  // PDA weighting per mode; the mode probabilities keep their predicted
  // values (the mixture likelihood would need the clutter density).
  FilterState<N> UpdateMixture(const FilterState<N>& predicted, const Innovation<N>& /*combined*/,
                               std::span<const MeasurementVector> measurements,
                               std::span<const double> weights, double miss_weight,
                               const MeasurementModel<N>& model) const override {
    FilterState<N> updated = predicted;
    for (int j = 0; j < mode_count_; ++j) {
      FilterState<N> single;
      single.estimate = predicted.modes[j];
      const Innovation<N> innovation = filters_[j]->Innovate(single, model);
      if (!innovation.valid) continue;
      updated.modes[j] = internal::GaussianMixtureUpdate(predicted.modes[j], innovation, model,
                                                         measurements, weights, miss_weight);
    }
    CombineModes(&updated);
    return updated;
  }

 private:
  void Normalise(FilterState<N>* state) const {
    double total = 0.0;
    for (int j = 0; j < mode_count_; ++j) total += state->mode_probabilities[j];
    for (int j = 0; j < mode_count_; ++j) {
      // All likelihoods zero cannot happen with finite logs; guard anyway.
      state->mode_probabilities[j] =
          total > 0.0 ? state->mode_probabilities[j] / total : 1.0 / mode_count_;
    }
  }

  int mode_count_;
  std::array<const Filter<N>*, kMaxModes> filters_{};
  Eigen::MatrixXd rates_;
  Eigen::VectorXd initial_;
};

}  // namespace trilink::tracking
