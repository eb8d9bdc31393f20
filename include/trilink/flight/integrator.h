// Adaptive Dormand–Prince 5(4) integration with dense output and events.
//
// The method is the embedded Runge–Kutta pair of Dormand and Prince (J. Comp.
// Appl. Math. 6, 1980) with the fourth-order continuous extension of Hairer,
// Nørsett and Wanner ("Solving Ordinary Differential Equations I", 2nd ed.,
// §II.6, code DOPRI5): local extrapolation (the step is advanced with the
// fifth-order solution), first-same-as-last, a PI step-size controller
// (Gustafsson 1991, as in DOPRI5 with beta = 0.04) and the error norm
//   err = sqrt(mean_i (e_i / (atol_i + rtol · max(|y0_i|, |y1_i|)))^2).
//
// Events (burnout, apogee, impact) are found by the caller inside an accepted
// step with `FindRoot` on the dense output, which is accurate to O(h^5)
// within the step, so an event is located to round-off without extra
// right-hand-side evaluations.
//
// Usage:
//   DormandPrince54<6> integrator(options);
//   auto summary = integrator.Integrate(rhs, t0, y0, t_end,
//       [&](const DenseStep<6>& step) -> std::optional<double> {
//         if (height(step.y1()) < 0) return FindRoot(step, height_of_state);
//         return std::nullopt;   // go on
//       });
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "trilink/core/error.h"

namespace trilink::flight {

// One accepted step [t0, t0 + h] and its continuous extension.
template <int N>
class DenseStep {
 public:
  using State = Eigen::Matrix<double, N, 1>;

  double t0() const { return t0_; }
  double t1() const { return t0_ + h_; }
  double h() const { return h_; }
  const State& y0() const { return coefficients_[0]; }
  const State& y1() const { return y1_; }

  // The state at t in [t0, t1] (fourth-order accurate; exact at both ends).
  State At(double t) const {
    const double theta = (t - t0_) / h_;
    const double theta1 = 1.0 - theta;
    return coefficients_[0] +
           theta * (coefficients_[1] +
                    theta1 * (coefficients_[2] +
                              theta * (coefficients_[3] + theta1 * coefficients_[4])));
  }

 private:
  template <int M>
  friend class DormandPrince54;
  double t0_ = 0.0;
  double h_ = 0.0;
  State y1_;
  State coefficients_[5];
};

// Root of event(t, y(t)) inside a step, where the event function changes sign
// between the step's ends (the caller checks that). Illinois variant of
// regula falsi: superlinear, and never leaves the bracket. Returns t.
template <int N, typename Event>
double FindRoot(const DenseStep<N>& step, Event&& event, double time_tolerance_s = 1e-9) {
  double a = step.t0(), b = step.t1();
  double fa = event(a, step.y0()), fb = event(b, step.y1());
  if (fa == 0.0) return a;
  if (fb == 0.0) return b;
  int side = 0;
  for (int iteration = 0; iteration < 100 && b - a > time_tolerance_s; ++iteration) {
    const double c = (a * fb - b * fa) / (fb - fa);
    const double fc = event(c, step.At(c));
    if (fc == 0.0) return c;
    if ((fc > 0.0) == (fb > 0.0)) {
      b = c;
      fb = fc;
      if (side == -1) fa *= 0.5;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side == +1) fb *= 0.5;
      side = +1;
    }
  }
  return std::abs(fa) < std::abs(fb) ? a : b;
}

struct IntegratorOptions {
  double relative_tolerance = 1e-9;
  double max_step_s = std::numeric_limits<double>::infinity();
  double initial_step_s = 0.0;  // 0: chosen from the derivative (Hairer's heuristic)
  long max_steps = 1'000'000;

  bool IsValid(std::string* error) const {
    if (!(relative_tolerance > 0.0 && relative_tolerance < 1.0))
      return Invalid(error, "relative_tolerance must be in (0, 1)");
    if (!(max_step_s > 0.0) || !(initial_step_s >= 0.0) || max_steps <= 0)
      return Invalid(error, "steps must be positive");
    return true;
  }
};

enum class IntegrationEnd { kReachedEnd, kStoppedByObserver, kStepSizeTooSmall, kTooManySteps };

template <int N>
struct IntegrationSummary {
  IntegrationEnd end = IntegrationEnd::kReachedEnd;
  double t = 0.0;
  Eigen::Matrix<double, N, 1> y;
  long accepted_steps = 0;
  long rejected_steps = 0;
  long rhs_evaluations = 0;
};

template <int N>
class DormandPrince54 {
 public:
  using State = Eigen::Matrix<double, N, 1>;

  // absolute_tolerance: per component, in the state's units, > 0.
  DormandPrince54(const IntegratorOptions& options, const State& absolute_tolerance)
      : options_(options), absolute_tolerance_(absolute_tolerance) {
    std::string error;
    TRILINK_CHECK(options.IsValid(&error)) << error;
    TRILINK_CHECK((absolute_tolerance.array() > 0.0).all()) << "absolute tolerances must be > 0";
  }

  // Integrates y' = rhs(t, y) from (t0, y0) towards t_end > t0. After each
  // accepted step, observer(step) may return a time in [step.t0, step.t1] at
  // which to stop (the state there comes from the dense output).
  template <typename Rhs, typename Observer>
  IntegrationSummary<N> Integrate(Rhs&& rhs, double t0, const State& y0, double t_end,
                                  Observer&& observer) const {
    // Butcher tableau of Dormand & Prince (1980), DOPRI5 numbering.
    constexpr double c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9;
    constexpr double a21 = 1.0 / 5;
    constexpr double a31 = 3.0 / 40, a32 = 9.0 / 40;
    constexpr double a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9;
    constexpr double a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561,
                     a54 = -212.0 / 729;
    constexpr double a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176,
                     a65 = -5103.0 / 18656;
    constexpr double a71 = 35.0 / 384, a73 = 500.0 / 1113, a74 = 125.0 / 192, a75 = -2187.0 / 6784,
                     a76 = 11.0 / 84;
    constexpr double e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920,
                     e5 = -17253.0 / 339200, e6 = 22.0 / 525, e7 = -1.0 / 40;
    constexpr double d1 = -12715105075.0 / 11282082432, d3 = 87487479700.0 / 32700410799,
                     d4 = -10690763975.0 / 1880347072, d5 = 701980252875.0 / 199316789632,
                     d6 = -1453857185.0 / 822651844, d7 = 69997945.0 / 29380423;

    IntegrationSummary<N> summary;
    summary.t = t0;
    summary.y = y0;
    TRILINK_CHECK(t_end > t0) << "t_end " << t_end << " <= t0 " << t0;

    State y = y0, k1 = rhs(t0, y0), k2, k3, k4, k5, k6, k7, y_stage, y_new, error;
    summary.rhs_evaluations = 1;
    double t = t0;
    double h = options_.initial_step_s > 0.0 ? options_.initial_step_s
                                             : InitialStep(rhs, t0, y0, k1, summary);
    h = std::min({h, options_.max_step_s, t_end - t0});
    double previous_error = 1e-4;
    bool last_rejected = false;
    DenseStep<N> step;

    while (true) {
      if (summary.accepted_steps + summary.rejected_steps >= options_.max_steps) {
        summary.end = IntegrationEnd::kTooManySteps;
        break;
      }
      if (h < 1e-12 * std::max(1.0, std::abs(t))) {
        summary.end = IntegrationEnd::kStepSizeTooSmall;
        break;
      }
      const bool reaches_end = t + h >= t_end;
      if (reaches_end) h = t_end - t;

      y_stage = y + h * a21 * k1;
      k2 = rhs(t + c2 * h, y_stage);
      y_stage = y + h * (a31 * k1 + a32 * k2);
      k3 = rhs(t + c3 * h, y_stage);
      y_stage = y + h * (a41 * k1 + a42 * k2 + a43 * k3);
      k4 = rhs(t + c4 * h, y_stage);
      y_stage = y + h * (a51 * k1 + a52 * k2 + a53 * k3 + a54 * k4);
      k5 = rhs(t + c5 * h, y_stage);
      y_stage = y + h * (a61 * k1 + a62 * k2 + a63 * k3 + a64 * k4 + a65 * k5);
      k6 = rhs(t + h, y_stage);
      y_new = y + h * (a71 * k1 + a73 * k3 + a74 * k4 + a75 * k5 + a76 * k6);
      k7 = rhs(t + h, y_new);
      summary.rhs_evaluations += 6;

      error = h * (e1 * k1 + e3 * k3 + e4 * k4 + e5 * k5 + e6 * k6 + e7 * k7);
      const State scale =
          absolute_tolerance_.array() +
          options_.relative_tolerance * y.cwiseAbs().cwiseMax(y_new.cwiseAbs()).array();
      const double err = std::sqrt((error.array() / scale.array()).square().mean());

      if (!(err <= 1.0)) {  // also catches NaN
        ++summary.rejected_steps;
        const double factor = std::isfinite(err) ? std::max(0.2, 0.9 * std::pow(err, -0.2)) : 0.1;
        h *= last_rejected ? std::min(factor, 0.5) : factor;
        last_rejected = true;
        continue;
      }

      ++summary.accepted_steps;
      step.t0_ = t;
      step.h_ = h;
      step.y1_ = y_new;
      step.coefficients_[0] = y;
      step.coefficients_[1] = y_new - y;
      step.coefficients_[2] = h * k1 - step.coefficients_[1];
      step.coefficients_[3] = step.coefficients_[1] - h * k7 - step.coefficients_[2];
      step.coefficients_[4] = h * (d1 * k1 + d3 * k3 + d4 * k4 + d5 * k5 + d6 * k6 + d7 * k7);

      if (std::optional<double> stop = observer(static_cast<const DenseStep<N>&>(step))) {
        summary.end = IntegrationEnd::kStoppedByObserver;
        summary.t = std::clamp(*stop, step.t0(), step.t1());
        summary.y = summary.t == step.t1() ? y_new : step.At(summary.t);
        return summary;
      }
      t = reaches_end ? t_end : t + h;
      y = y_new;
      k1 = k7;  // first same as last
      summary.t = t;
      summary.y = y;
      if (reaches_end) {
        summary.end = IntegrationEnd::kReachedEnd;
        return summary;
      }
      // PI controller (DOPRI5: alpha = 0.2 - 0.75 beta, beta = 0.04).
      const double safe_err = std::max(err, 1e-10);
      double factor = 0.9 * std::pow(safe_err, -0.17) * std::pow(previous_error, 0.04);
      factor = std::clamp(factor, 0.2, 10.0);
      if (last_rejected) factor = std::min(factor, 1.0);
      previous_error = std::max(err, 1e-4);
      last_rejected = false;
      h = std::min(h * factor, options_.max_step_s);
    }
    summary.t = t;
    summary.y = y;
    return summary;
  }

 private:
  // Hairer, Nørsett & Wanner's starting step (HNW I, §II.4 "Starting step size").
  template <typename Rhs>
  double InitialStep(Rhs&& rhs, double t0, const State& y0, const State& f0,
                     IntegrationSummary<N>& summary) const {
    const State scale =
        absolute_tolerance_.array() + options_.relative_tolerance * y0.cwiseAbs().array();
    const double d0 = std::sqrt((y0.array() / scale.array()).square().mean());
    const double d1 = std::sqrt((f0.array() / scale.array()).square().mean());
    double h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
    h0 = std::min(h0, options_.max_step_s);
    const State f1 = rhs(t0 + h0, State(y0 + h0 * f0));
    ++summary.rhs_evaluations;
    const double d2 = std::sqrt(((f1 - f0).array() / scale.array()).square().mean()) / h0;
    const double h1 = std::max(d1, d2) <= 1e-15 ? std::max(1e-6, h0 * 1e-3)
                                                : std::pow(0.01 / std::max(d1, d2), 0.2);
    return std::min(100.0 * h0, h1);
  }

  IntegratorOptions options_;
  State absolute_tolerance_;
};

}  // namespace trilink::flight
