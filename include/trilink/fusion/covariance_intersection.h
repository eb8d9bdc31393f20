// Covariance intersection (CI): fusing two estimates of one state whose
// cross-correlation is unknown. Partners' local tracks of one missile share
// the missile's process noise and often prior information (a cue, an earlier
// exchange of tracks), so their errors are correlated by an amount nobody
// knows; the Kalman (independent-errors) fusion would then be overconfident.
//
// Julier, S. J. & Uhlmann, J. K. (1997). "A non-divergent estimation
// algorithm in the presence of unknown correlations". Proceedings of the
// American Control Conference, vol. 4, pp. 2369–2373. For ω in [0, 1]:
//   P⁻¹ = ω Pa⁻¹ + (1 − ω) Pb⁻¹,
//   x   = P (ω Pa⁻¹ xa + (1 − ω) Pb⁻¹ xb).
// If a and b are consistent (Pa ⪰ E[ea eaᵀ], Pb ⪰ E[eb ebᵀ], e the errors)
// then so is (x, P), for every ω and every cross-covariance E[ea ebᵀ]
// (the paper's theorem). Computed without inverting Pa or Pb: with
// S = (1 − ω) Pa + ω Pb (positive definite, one Cholesky factorisation),
//   P = Pa S⁻¹ Pb,   x = xa + (1 − ω) Pa S⁻¹ (xb − xa),
// which is the same (multiply P⁻¹ above by Pa on the left and Pb on the
// right), and gives a and b exactly at ω = 1 and ω = 0.
//
// Choice of ω (FuseTraceOptimal): the ω minimising the trace of the fused
// covariance's leading position_size × position_size block, the position
// block (m²). Only that block is used because a ballistic state mixes m,
// m/s, m/s² and m²/kg, whose variances cannot be added meaningfully. What
// the search relies on:
//   - the determinant criterion, log det P(ω) = −log det(ω Pa⁻¹ + (1 − ω) Pb⁻¹),
//     is convex in ω (log det is concave on positive definite matrices);
//   - the trace criterion is convex too: P(ω) = Y(ω)⁻¹ with Y affine in ω,
//     and X ↦ X⁻¹ is operator convex on positive definite matrices (Bhatia,
//     "Matrix Analysis", 1997, ch. V), so tr(W P(ω)) is convex for any W ⪰ 0,
//     the position block's trace being W = diag(I, 0). A convex function is
//     unimodal on [0, 1], which is all golden-section search needs;
//   - the search's best interior point is then compared with the endpoints
//     ω = 0 and ω = 1 (the inputs themselves), so whatever the rounding, a
//     flat trace or an iteration cap, the result's position trace is never
//     larger than the smaller of the two inputs'. In one dimension CI is
//     never better than the better input (1 / (ω/a + (1 − ω)/b) is monotone
//     in ω): the search returns that input exactly.
//
// More than two estimates (FuseSequential): fused pairwise, best first (the
// smallest position trace), each step trace-optimal. Sequential CI is
// consistent whenever each step is: each step's inputs (the running result
// and the next estimate) are consistent estimates of the same state,
// correlated in an unknown way — exactly CI's premise — so by induction the
// result is consistent. Its information is a convex combination of the
// inputs' (ω₂ ω₁ I₁ + ω₂ (1 − ω₁) I₂ + (1 − ω₂) I₃ …), i.e. a batch CI with
// particular weights, not the optimum over all weights: the order is a
// choice. Best first means the position trace only ever goes down from the
// best input's.
//
// Preconditions: the estimates describe the same state (same frame, same
// time, same ordering of components) and their covariances are symmetric
// positive definite (checked where a factorisation needs it; validate
// partner tracks on receipt). No heap allocation.
//
// Usage:
//   const Gaussian<10> fused = CovarianceIntersection(own.estimate, partner.estimate, 0.5);
//   const CiResult<10> best = FuseTraceOptimal(own.estimate, partner.estimate, {});
//   const CiResult<10> all = FuseSequential<10>(estimates, {});  // e.g. a std::vector
#pragma once

#include <Eigen/Cholesky>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>

#include "trilink/core/error.h"
#include "trilink/core/gaussian.h"

namespace trilink::fusion {

struct CiOptions {
  // Size of the leading position block of the state whose trace is
  // minimised, in [1, N] (3: ECEF position in m).
  int position_size = 3;
  // Width of the final bracket of ω (dimensionless), in (0, 1). The trace is
  // quadratic at an interior minimum, so an error δ in ω costs O(δ²) of it.
  double tolerance = 1e-4;
  // Golden-section steps at most, >= 1 (each shrinks the bracket by 0.618:
  // 20 reach 1e-4, 60 reach 3e-13).
  int max_iterations = 60;

  bool IsValid(std::string* error) const;
};

template <int N>
struct CiResult {
  Gaussian<N> fused;
  // Weight of the first input, in [0, 1]: 1 returned the first input, 0 the
  // second. For FuseSequential, the last pairwise step's weight of the
  // running result (1 for a single estimate).
  double omega = 1.0;
};

// Trace of the leading position_size × position_size block of `covariance`
// (the position block; m² for positions in m). position_size in [1, N].
template <int N>
double PositionTrace(const SquareMatrix<N>& covariance, int position_size) {
  TRILINK_CHECK(position_size >= 1 && position_size <= N)
      << "position_size must be in [1, " << N << "], got " << position_size;
  return covariance.topLeftCorner(position_size, position_size).trace();
}

namespace internal {

// Cholesky factor of S = (1 − ω) Pa + ω Pb, for ω in (0, 1).
template <int N>
Eigen::LLT<SquareMatrix<N>> FactorCi(const SquareMatrix<N>& pa, const SquareMatrix<N>& pb,
                                     double omega) {
  Eigen::LLT<SquareMatrix<N>> s((1.0 - omega) * pa + omega * pb);
  TRILINK_CHECK(s.info() == Eigen::Success)
      << "covariance intersection: the covariances must be positive definite";
  return s;
}

// P = Pa S⁻¹ Pb, symmetrised: rounding leaves it slightly asymmetric, and a
// filter downstream factorises it.
template <int N>
SquareMatrix<N> CiCovariance(const SquareMatrix<N>& pa, const SquareMatrix<N>& pb,
                             const Eigen::LLT<SquareMatrix<N>>& s) {
  const SquareMatrix<N> p = pa * s.solve(pb);
  return 0.5 * (p + p.transpose());
}

}  // namespace internal

// The CI of `a` and `b` with weight `omega` on a, in [0, 1] (checked):
// omega = 1 returns a, omega = 0 returns b, exactly.
template <int N>
Gaussian<N> CovarianceIntersection(const Gaussian<N>& a, const Gaussian<N>& b, double omega) {
  TRILINK_CHECK(omega >= 0.0 && omega <= 1.0) << "omega must be in [0, 1], got " << omega;
  if (omega == 1.0) return a;
  if (omega == 0.0) return b;
  const Eigen::LLT<SquareMatrix<N>> s = internal::FactorCi<N>(a.covariance, b.covariance, omega);
  Gaussian<N> fused;
  fused.covariance = internal::CiCovariance<N>(a.covariance, b.covariance, s);
  fused.mean = a.mean + (1.0 - omega) * (a.covariance * s.solve(b.mean - a.mean));
  return fused;
}

// The CI of `a` and `b` whose position block has the smallest trace
// (golden-section search on ω in [0, 1], then compared with ω = 0 and 1;
// the header comment). `options` must be valid, position_size <= N.
template <int N>
CiResult<N> FuseTraceOptimal(const Gaussian<N>& a, const Gaussian<N>& b, const CiOptions& options) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
  const int k = options.position_size;
  const double trace_a = PositionTrace<N>(a.covariance, k);  // ω = 1
  const double trace_b = PositionTrace<N>(b.covariance, k);  // ω = 0
  const auto trace_at = [&](double omega) {
    const Eigen::LLT<SquareMatrix<N>> s = internal::FactorCi<N>(a.covariance, b.covariance, omega);
    return PositionTrace<N>(internal::CiCovariance<N>(a.covariance, b.covariance, s), k);
  };

  // Golden section on [lo, hi] with interior points c < d; the bracket
  // keeps the minimiser of the (convex) trace.
  constexpr double kInverseGolden = 0.6180339887498949;  // (√5 − 1) / 2
  double lo = 0.0;
  double hi = 1.0;
  double c = hi - kInverseGolden * (hi - lo);
  double d = lo + kInverseGolden * (hi - lo);
  double trace_c = trace_at(c);
  double trace_d = trace_at(d);
  for (int i = 0; i < options.max_iterations && hi - lo > options.tolerance; ++i) {
    if (trace_c <= trace_d) {
      hi = d;
      d = c;
      trace_d = trace_c;
      c = hi - kInverseGolden * (hi - lo);
      trace_c = trace_at(c);
    } else {
      lo = c;
      c = d;
      trace_c = trace_d;
      d = lo + kInverseGolden * (hi - lo);
      trace_d = trace_at(d);
    }
  }
  const double interior_omega = trace_c <= trace_d ? c : d;
  const double interior_trace = trace_c <= trace_d ? trace_c : trace_d;

  // The endpoints are the inputs themselves: an interior ω must beat both.
  // The returned covariance is checked again rather than assumed equal to
  // the search's (floating-point contraction may differ between the two
  // inlined copies), so the guarantee does not rest on bitwise repeatability.
  if (interior_trace < trace_a && interior_trace < trace_b) {
    CiResult<N> result{.fused = CovarianceIntersection<N>(a, b, interior_omega),
                       .omega = interior_omega};
    const double trace = PositionTrace<N>(result.fused.covariance, k);
    if (trace <= trace_a && trace <= trace_b) return result;
  }
  if (trace_a <= trace_b) return {.fused = a, .omega = 1.0};
  return {.fused = b, .omega = 0.0};
}

// The CI of all `estimates` (n >= 1), fused pairwise in order of increasing
// position trace, each step by FuseTraceOptimal (the header comment). Ties
// in the trace are taken in the order of the span. The result's position
// trace is at most the smallest input's. N is not deduced from a container:
// call FuseSequential<N>(vector, options).
template <int N>
CiResult<N> FuseSequential(std::span<const Gaussian<N>> estimates, const CiOptions& options) {
  TRILINK_CHECK(!estimates.empty()) << "FuseSequential needs at least one estimate";
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
  const int k = options.position_size;
  // The order without a buffer of indices: the next estimate is the smallest
  // (trace, index) greater than the previous one's; O(n²) traces of n
  // partners' tracks, n being a handful.
  const auto trace_of = [&](std::size_t i) {
    const double trace = PositionTrace<N>(estimates[i].covariance, k);
    TRILINK_CHECK(std::isfinite(trace)) << "estimate " << i << " has a non-finite position trace";
    return trace;
  };
  const auto next_after = [&](std::size_t previous, double previous_trace, bool first) {
    std::size_t best = estimates.size();
    double best_trace = 0.0;
    for (std::size_t i = 0; i < estimates.size(); ++i) {
      const double trace = trace_of(i);
      const bool after =
          first || trace > previous_trace || (trace == previous_trace && i > previous);
      if (after && (best == estimates.size() || trace < best_trace)) {
        best = i;
        best_trace = trace;
      }
    }
    return best;
  };

  std::size_t current = next_after(0, 0.0, /*first=*/true);
  CiResult<N> result{.fused = estimates[current], .omega = 1.0};
  for (std::size_t step = 1; step < estimates.size(); ++step) {
    current = next_after(current, trace_of(current), /*first=*/false);
    result = FuseTraceOptimal<N>(result.fused, estimates[current], options);
  }
  return result;
}

// Instantiated in covariance_intersection.cc for the 6-state (position,
// velocity) and 10-state (tracking::kBallisticStateSize) Gaussians.
extern template Gaussian<6> CovarianceIntersection<6>(const Gaussian<6>&, const Gaussian<6>&,
                                                      double);
extern template CiResult<6> FuseTraceOptimal<6>(const Gaussian<6>&, const Gaussian<6>&,
                                                const CiOptions&);
extern template CiResult<6> FuseSequential<6>(std::span<const Gaussian<6>>, const CiOptions&);
extern template Gaussian<10> CovarianceIntersection<10>(const Gaussian<10>&, const Gaussian<10>&,
                                                        double);
extern template CiResult<10> FuseTraceOptimal<10>(const Gaussian<10>&, const Gaussian<10>&,
                                                  const CiOptions&);
extern template CiResult<10> FuseSequential<10>(std::span<const Gaussian<10>>, const CiOptions&);

}  // namespace trilink::fusion
