// Accuracy and consistency metrics of estimators and trackers against truth.
//
//  - RMSE over Monte Carlo runs, and the normalised estimation error squared
//      NEES = (x̂ − x)ᵀ P⁻¹ (x̂ − x)
//    with its average over M runs (ANEES), which for a consistent n-state
//    filter is χ²_{Mn} / M: the two-sided 95 % interval is
//    [χ²_{Mn}(0.025) / M, χ²_{Mn}(0.975) / M] (Bar-Shalom, Li & Kirubarajan,
//    "Estimation with Applications to Tracking and Navigation", 2001, §5.4.2).
//    Quantiles come from Boost.Math.
//  - The posterior Cramér–Rao lower bound (PCRLB) for
//      x_{k+1} = f(x_k) + w_k,  w_k ~ N(0, Q),   z_k = h(x_k) + v_k,  v_k ~ N(0, R),
//    by the recursion of Tichavský, Muravchik & Nehorai, "Posterior
//    Cramér–Rao bounds for discrete-time nonlinear filtering", IEEE Trans.
//    Signal Processing 46(5), 1998, eq. (21)–(34):
//      J_{k+1} = D22 − D21 (J_k + D11)⁻¹ D12,
//      D11 = E[F̃ᵀ Q⁻¹ F̃],  D12 = D21ᵀ = −E[F̃ᵀ] Q⁻¹,  D22 = Q⁻¹ + E[H̃ᵀ R⁻¹ H̃],
//    F̃ = ∂f/∂x at x_k, H̃ = ∂h/∂x at x_{k+1}; the expectations are Monte Carlo
//    averages over true trajectories. E[(x̂_k − x_k)(x̂_k − x_k)ᵀ] ≥ J_k⁻¹.
//    Q is evaluated at each true state (the recursion is exact when Q does not
//    depend on the state, as for additive white-acceleration noise).
//  - OSPA (Schuhmacher, Vo & Vo, "A consistent metric for performance
//    evaluation of multi-object filters", IEEE Trans. SP 56(8), 2008) and
//    GOSPA with α = 2 (Rahmathullah, García-Fernández & Svensson,
//    "Generalized optimal sub-pattern assignment metric", FUSION 2017), both
//    from an optimal assignment (assignment.h).
//  - Track continuity: fragments, identity swaps, time to the first track.
//
// Usage:
//   MonteCarloSeries series(steps);
//   series.Add(k, SquaredError(estimate.mean, truth, 0, 2), Nees(estimate, truth));
//   ChiSquareInterval bounds = AneesInterval(runs, 4);
//   PosteriorCramerRao<4> bound(initial_information);
//   bound.Step(motion, dt, truths_k, truths_k1, &radar);
//   OspaResult ospa = Ospa<2>(truth_points, estimated_points, 1000.0, 2.0);
#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <optional>
#include <span>
#include <vector>

#include "trilink/core/error.h"
#include "trilink/core/gaussian.h"
#include "trilink/sensors/measurement_model.h"
#include "trilink/tracking/motion_model.h"

namespace trilink::tracking {

// ---------------------------------------------------------------------------
// RMSE and NEES

// Squared norm of the `count` components of (estimate − truth) starting at
// `first` (e.g. first = 0, count = 2 for the position of a planar state).
template <int N>
double SquaredError(const Vector<N>& estimate, const Vector<N>& truth, int first, int count) {
  TRILINK_CHECK(first >= 0 && count >= 1 && first + count <= N) << "bad block";
  return (estimate - truth).segment(first, count).squaredNorm();
}

// sqrt(mean of `squared_errors`); 0 for none.
double Rmse(std::span<const double> squared_errors);

// (x̂ − x)ᵀ P⁻¹ (x̂ − x) with P from `estimate`, which must be positive definite.
template <int N>
double Nees(const Gaussian<N>& estimate, const Vector<N>& truth) {
  const Eigen::LLT<SquareMatrix<N>> llt(estimate.covariance);
  TRILINK_CHECK(llt.info() == Eigen::Success) << "covariance is not positive definite";
  const Vector<N> error = estimate.mean - truth;
  return error.dot(llt.solve(error));
}

// Per-step sums over Monte Carlo runs of squared errors and NEES.
class MonteCarloSeries {
 public:
  // steps: number of time steps >= 1.
  explicit MonteCarloSeries(int steps);

  // Adds one run's values at `step` in [0, steps).
  void Add(int step, double squared_error, double nees);

  int steps() const { return static_cast<int>(count_.size()); }
  int Count(int step) const { return count_[step]; }
  // sqrt(mean squared error) at `step` (0 before any Add).
  double Rmse(int step) const;
  // Mean NEES at `step` (0 before any Add).
  double Anees(int step) const;

 private:
  std::vector<double> squared_error_sum_, nees_sum_;
  std::vector<int> count_;
};

struct ChiSquareInterval {
  double lower = 0.0;
  double upper = 0.0;
  bool Contains(double value) const { return value >= lower && value <= upper; }
};

// The `probability` quantile of the chi-square distribution with
// `degrees_of_freedom` (> 0) degrees of freedom; probability in (0, 1).
double ChiSquareQuantile(double degrees_of_freedom, double probability);

// Two-sided interval of the ANEES of `runs` (>= 1) runs of a consistent
// `dimension`-state (>= 1) estimator with probability `confidence` in (0, 1):
// [χ²_{Mn}((1 − c)/2) / M, χ²_{Mn}((1 + c)/2) / M].
ChiSquareInterval AneesInterval(int runs, int dimension, double confidence = 0.95);

// ---------------------------------------------------------------------------
// Posterior Cramér–Rao lower bound

template <int N>
class PosteriorCramerRao {
 public:
  // initial_information: J₀, the inverse of the initial covariance the
  // filters start from (symmetric positive definite).
  explicit PosteriorCramerRao(const SquareMatrix<N>& initial_information)
      : information_(initial_information) {}

  // One step of the recursion from time k to k + dt_s over an ensemble of
  // true trajectories: truths_before[r] and truths_after[r] are run r's true
  // states at k and k + 1 (same nonzero size). `measurement` is the model of
  // the measurement taken at k + 1, or nullptr for none.
  void Step(const MotionModel<N>& motion, double dt_s, std::span<const Vector<N>> truths_before,
            std::span<const Vector<N>> truths_after,
            const sensors::MeasurementModel<N>* measurement) {
    TRILINK_CHECK(!truths_before.empty() && truths_before.size() == truths_after.size())
        << "ensembles must be non-empty and of equal size";
    SquareMatrix<N> d11 = SquareMatrix<N>::Zero(), d12 = SquareMatrix<N>::Zero(),
                    d22 = SquareMatrix<N>::Zero();
    for (size_t r = 0; r < truths_before.size(); ++r) {
      SquareMatrix<N> transition, noise;
      motion.PropagateWithNoise(truths_before[r], dt_s, &transition, &noise);
      const Eigen::LLT<SquareMatrix<N>> llt(noise);
      TRILINK_CHECK(llt.info() == Eigen::Success)
          << "the PCRLB recursion needs a positive definite process noise";
      const SquareMatrix<N> noise_inverse = llt.solve(SquareMatrix<N>::Identity());
      d11 += transition.transpose() * noise_inverse * transition;
      d12 -= transition.transpose() * noise_inverse;
      d22 += noise_inverse;
      if (measurement != nullptr) {
        MeasurementJacobian<N> jacobian;
        measurement->Predict(truths_after[r], &jacobian);
        const MeasurementCovariance& r_noise = measurement->NoiseCovariance();
        d22 += jacobian.transpose() * r_noise.llt().solve(jacobian);
      }
    }
    const double scale = 1.0 / static_cast<double>(truths_before.size());
    d11 *= scale;
    d12 *= scale;
    d22 *= scale;
    const Eigen::LLT<SquareMatrix<N>> llt(information_ + d11);
    TRILINK_CHECK(llt.info() == Eigen::Success) << "J + D11 is not positive definite";
    SquareMatrix<N> next = d22 - d12.transpose() * llt.solve(d12);
    information_ = 0.5 * (next + next.transpose());
  }

  // J_k.
  const SquareMatrix<N>& Information() const { return information_; }
  // J_k⁻¹, the bound on the error covariance of any estimator.
  SquareMatrix<N> Bound() const { return information_.llt().solve(SquareMatrix<N>::Identity()); }

 private:
  SquareMatrix<N> information_;
};

// ---------------------------------------------------------------------------
// OSPA and GOSPA

struct OspaResult {
  double distance = 0.0;      // the metric, in the points' units, in [0, c]
  double localisation = 0.0;  // the part due to matched points
  double cardinality = 0.0;   // the part due to the difference in set sizes
};

struct GospaResult {
  double distance = 0.0;      // the metric, in the points' units
  double localisation = 0.0;  // (Σ over matched pairs of d^p)^(1/p)
  int missed = 0;             // truths without an estimate within c
  int false_count = 0;        // estimates without a truth within c
};

// OSPA of order p >= 1 and cutoff c > 0 from the distances between the m
// points of X and the n points of Y (`distances` row-major m × n, >= 0).
// Both empty: 0; exactly one empty: c.
OspaResult OspaFromDistances(std::span<const double> distances, int m, int n, double cutoff,
                             double order);

// GOSPA with α = 2, order p >= 1, cutoff c > 0; X are the truths (rows), Y the
// estimates (columns):
//   (min over assignments γ of Σ_{(i,j)∈γ} d(x_i, y_j)^p + c^p/2 (|X| + |Y| − 2|γ|))^(1/p),
// pairs farther than c never being worth assigning.
GospaResult GospaFromDistances(std::span<const double> distances, int m, int n, double cutoff,
                               double order);

namespace internal {
template <int D>
std::vector<double> EuclideanDistances(std::span<const Vector<D>> x, std::span<const Vector<D>> y) {
  std::vector<double> distances;
  distances.reserve(x.size() * y.size());
  for (const Vector<D>& a : x) {
    for (const Vector<D>& b : y) distances.push_back((a - b).norm());
  }
  return distances;
}
}  // namespace internal

// OSPA between point sets with the Euclidean base distance.
template <int D>
OspaResult Ospa(std::span<const Vector<D>> x, std::span<const Vector<D>> y, double cutoff,
                double order) {
  return OspaFromDistances(internal::EuclideanDistances<D>(x, y), static_cast<int>(x.size()),
                           static_cast<int>(y.size()), cutoff, order);
}

// GOSPA (α = 2) between truths x and estimates y with the Euclidean base
// distance.
template <int D>
GospaResult Gospa(std::span<const Vector<D>> truths, std::span<const Vector<D>> estimates,
                  double cutoff, double order) {
  return GospaFromDistances(internal::EuclideanDistances<D>(truths, estimates),
                            static_cast<int>(truths.size()), static_cast<int>(estimates.size()),
                            cutoff, order);
}

// OSPA between large point sets (in 3-D; planar points have z = 0), equal to
// Ospa() but computed cluster by cluster: pairs at or beyond the cutoff cost
// c^p whether they are matched or not, so only pairs closer than c matter and
// the optimal assignment splits into the connected components of the
// "closer than c" graph (found with a uniform grid of cell c). Then
//   OSPA^p = (c^p max(m, n) + min over matchings of Σ (d^p − c^p)) / max(m, n).
// Cost about linear in m + n for sparse scenes, where the dense form is cubic.
OspaResult OspaClustered(std::span<const Eigen::Vector3d> x, std::span<const Eigen::Vector3d> y,
                         double cutoff, double order);

// ---------------------------------------------------------------------------
// Track continuity

// A track associated with a truth in one scan (by the caller's own truth-to-
// track assignment, e.g. GOSPA's, or the simulator's labels).
struct TrackTruthPair {
  int track_id = 0;
  int truth_id = 0;
};

// One scan: its time (s, any epoch) and the confirmed tracks associated with
// truths. A truth or a track appears at most once per scan.
struct ScanAssociations {
  double time_s = 0.0;
  std::vector<TrackTruthPair> pairs;
};

struct ContinuitySummary {
  // Times a truth was followed by a track id different from the last one that
  // followed it (its track changed, or it lost its track and got another).
  int fragments = 0;
  // Times a track id followed a truth different from the last one it followed.
  int swaps = 0;
  // Distinct truths and track ids seen.
  int truths = 0;
  int tracks = 0;
};

// Fragments and swaps over `scans` in time order.
ContinuitySummary TrackContinuity(std::span<const ScanAssociations> scans);

// Seconds from `launch_time_s` to the first scan that associates a confirmed
// track with `truth_id`; nullopt if none does.
std::optional<double> TimeToFirstTrack(std::span<const ScanAssociations> scans, int truth_id,
                                       double launch_time_s);

}  // namespace trilink::tracking
