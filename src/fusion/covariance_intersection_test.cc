// Covariance intersection: the endpoints, closed forms in one and two
// dimensions, the paper's formula, consistency against the analytic error
// covariance of jointly Gaussian correlated estimates, trace optimality
// against a grid, and the sequential fusion of several estimates.
#include "trilink/fusion/covariance_intersection.h"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace trilink::fusion {
namespace {

constexpr int kNumTrials = 50;

// A random symmetric positive definite matrix with the scales of a state
// that mixes units: position block (m²) larger than the rest.
template <int N>
SquareMatrix<N> RandomCovariance(std::mt19937_64& rng) {
  std::normal_distribution<double> normal;
  SquareMatrix<N> root;
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) root(i, j) = normal(rng);
  Vector<N> scale = Vector<N>::Ones();
  scale.head(std::min(3, N)).setConstant(100.0);
  const SquareMatrix<N> p = scale.asDiagonal() *
                            (root * root.transpose() + 0.1 * SquareMatrix<N>::Identity()) *
                            scale.asDiagonal();
  return 0.5 * (p + p.transpose());
}

template <int N>
Vector<N> RandomVector(std::mt19937_64& rng) {
  std::normal_distribution<double> normal;
  Vector<N> v;
  for (int i = 0; i < N; ++i) v(i) = normal(rng);
  return v;
}

template <int N>
double MinEigenvalue(const SquareMatrix<N>& m) {
  return Eigen::SelfAdjointEigenSolver<SquareMatrix<N>>(m, Eigen::EigenvaluesOnly)
      .eigenvalues()
      .minCoeff();
}

TEST(CovarianceIntersection, EndpointsGiveTheInputsExactly) {
  std::mt19937_64 rng(1);
  const Gaussian<6> a{.mean = RandomVector<6>(rng), .covariance = RandomCovariance<6>(rng)};
  const Gaussian<6> b{.mean = RandomVector<6>(rng), .covariance = RandomCovariance<6>(rng)};
  const Gaussian<6> at_one = CovarianceIntersection(a, b, 1.0);
  EXPECT_EQ(at_one.mean, a.mean);
  EXPECT_EQ(at_one.covariance, a.covariance);
  const Gaussian<6> at_zero = CovarianceIntersection(a, b, 0.0);
  EXPECT_EQ(at_zero.mean, b.mean);
  EXPECT_EQ(at_zero.covariance, b.covariance);
}

// The implementation's P = Pa S⁻¹ Pb form against the paper's information
// form with explicit inverses.
TEST(CovarianceIntersection, MatchesTheInformationForm) {
  std::mt19937_64 rng(2);
  for (int trial = 0; trial < kNumTrials; ++trial) {
    const Gaussian<6> a{.mean = RandomVector<6>(rng), .covariance = RandomCovariance<6>(rng)};
    const Gaussian<6> b{.mean = RandomVector<6>(rng), .covariance = RandomCovariance<6>(rng)};
    const double omega = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    const SquareMatrix<6> information_a = a.covariance.inverse();
    const SquareMatrix<6> information_b = b.covariance.inverse();
    const SquareMatrix<6> expected_covariance =
        (omega * information_a + (1.0 - omega) * information_b).inverse();
    const Vector<6> expected_mean = expected_covariance * (omega * information_a * a.mean +
                                                           (1.0 - omega) * information_b * b.mean);

    const Gaussian<6> fused = CovarianceIntersection(a, b, omega);
    EXPECT_EQ(fused.covariance, fused.covariance.transpose()) << trial;
    EXPECT_LE((fused.covariance - expected_covariance).norm(), 1e-9 * expected_covariance.norm())
        << trial;
    EXPECT_LE((fused.mean - expected_mean).norm(), 1e-9 * (1.0 + expected_mean.norm())) << trial;
  }
}

// For scalars P(ω) = 1 / (ω/a + (1 − ω)/b) is monotone: the better input is
// the optimum, returned exactly.
TEST(FuseTraceOptimal, ScalarReturnsTheBetterInput) {
  const Gaussian<1> better{.mean = Vector<1>(1.0), .covariance = SquareMatrix<1>(2.0)};
  const Gaussian<1> worse{.mean = Vector<1>(4.0), .covariance = SquareMatrix<1>(5.0)};
  const CiOptions options{.position_size = 1};

  const CiResult<1> first_better = FuseTraceOptimal(better, worse, options);
  EXPECT_EQ(first_better.omega, 1.0);
  EXPECT_EQ(first_better.fused.mean, better.mean);
  EXPECT_EQ(first_better.fused.covariance, better.covariance);

  const CiResult<1> second_better = FuseTraceOptimal(worse, better, options);
  EXPECT_EQ(second_better.omega, 0.0);
  EXPECT_EQ(second_better.fused.mean, better.mean);
  EXPECT_EQ(second_better.fused.covariance, better.covariance);

  // Every interior ω is worse than the better input.
  for (int i = 1; i < 100; ++i) {
    const double omega = i / 100.0;
    EXPECT_GT(CovarianceIntersection(better, worse, omega).covariance(0, 0), 2.0) << omega;
  }
}

// Pa = diag(1, 100), Pb = diag(100, 1): symmetric, so ω = 0.5 and
// P⁻¹ = 0.5 diag(1.01, 1.01), P = diag(1/0.505, 1/0.505),
// x = P · 0.5 (Pa⁻¹ xa + Pb⁻¹ xb) = (1.03, −0.98) / 1.01 for
// xa = (1, 2), xb = (3, −1).
TEST(FuseTraceOptimal, TwoDimensionalClosedForm) {
  const Gaussian<2> a{.mean = Eigen::Vector2d(1.0, 2.0),
                      .covariance = Eigen::Vector2d(1.0, 100.0).asDiagonal()};
  const Gaussian<2> b{.mean = Eigen::Vector2d(3.0, -1.0),
                      .covariance = Eigen::Vector2d(100.0, 1.0).asDiagonal()};
  const Eigen::Vector2d expected_mean = Eigen::Vector2d(1.03, -0.98) / 1.01;
  const double expected_variance = 1.0 / 0.505;

  const Gaussian<2> half = CovarianceIntersection(a, b, 0.5);
  EXPECT_NEAR(half.covariance(0, 0), expected_variance, 1e-12);
  EXPECT_NEAR(half.covariance(1, 1), expected_variance, 1e-12);
  EXPECT_NEAR(half.covariance(0, 1), 0.0, 1e-12);
  EXPECT_NEAR(half.covariance(1, 0), 0.0, 1e-12);
  EXPECT_NEAR(half.mean(0), expected_mean(0), 1e-12);
  EXPECT_NEAR(half.mean(1), expected_mean(1), 1e-12);

  // Default tolerance: ω within the bracket width.
  const CiResult<2> coarse = FuseTraceOptimal(a, b, {.position_size = 2});
  EXPECT_NEAR(coarse.omega, 0.5, 1e-4);

  // Tight tolerance: ω down to the rounding limit of a quadratic minimum
  // (δ ~ √(2 ε f / f'') ≈ 1e-8 here, f ≈ 4, f'' ≈ 30), with a margin; P's
  // diagonal and x move to first order in δ (dP₀₀/dω ≈ −3.9).
  const CiResult<2> fine = FuseTraceOptimal(a, b, {.position_size = 2, .tolerance = 1e-10});
  EXPECT_NEAR(fine.omega, 0.5, 1e-6);
  EXPECT_NEAR(fine.fused.covariance(0, 0), expected_variance, 1e-5);
  EXPECT_NEAR(fine.fused.covariance(1, 1), expected_variance, 1e-5);
  EXPECT_NEAR(fine.fused.covariance(0, 1), 0.0, 1e-12);
  EXPECT_NEAR(fine.fused.mean(0), expected_mean(0), 1e-5);
  EXPECT_NEAR(fine.fused.mean(1), expected_mean(1), 1e-5);
}

// The optimum against a grid of ω: never above the grid's minimum (the
// trace is convex, so the grid brackets the optimum), never above either
// input.
TEST(FuseTraceOptimal, NoWorseThanAGridOrTheInputs) {
  std::mt19937_64 rng(3);
  const CiOptions options{.tolerance = 1e-8};
  for (int trial = 0; trial < kNumTrials; ++trial) {
    const Gaussian<6> a{.mean = RandomVector<6>(rng), .covariance = RandomCovariance<6>(rng)};
    const Gaussian<6> b{.mean = RandomVector<6>(rng), .covariance = RandomCovariance<6>(rng)};
    const CiResult<6> result = FuseTraceOptimal(a, b, options);
    const double trace = PositionTrace<6>(result.fused.covariance, 3);
    EXPECT_LE(trace, PositionTrace<6>(a.covariance, 3)) << trial;
    EXPECT_LE(trace, PositionTrace<6>(b.covariance, 3)) << trial;
    double grid_minimum = trace;
    for (int i = 0; i <= 200; ++i) {
      grid_minimum = std::min(grid_minimum,
                              PositionTrace<6>(CovarianceIntersection(a, b, i / 200.0).covariance,
                                               options.position_size));
    }
    // Slack: the computed trace carries rounding of about ε cond(S) of it.
    EXPECT_LE(trace, grid_minimum * (1.0 + 1e-7)) << trial;
    // The returned Gaussian is the CI at the returned ω.
    const Gaussian<6> again = CovarianceIntersection(a, b, result.omega);
    EXPECT_EQ(again.covariance, result.fused.covariance) << trial;
    EXPECT_EQ(again.mean, result.fused.mean) << trial;
  }
}

// Julier & Uhlmann's theorem: for estimates xa = x + ea, xb = x + eb with
// E[ea eaᵀ] = Pa, E[eb ebᵀ] = Pb and any cross-covariance C = E[ea ebᵀ], the
// fused covariance bounds the fused error's: x̂ = Ka xa + Kb xb with
// Ka = ω P Pa⁻¹, Kb = (1 − ω) P Pb⁻¹ (Ka + Kb = I), whose error covariance is
// [Ka Kb] Σ [Ka Kb]ᵀ, Σ = [[Pa, C], [Cᵀ, Pb]]. The errors are drawn with
// C = ρ La Lbᵀ (Pa = La Laᵀ, Pb = Lb Lbᵀ; Σ ⪰ 0 for |ρ| <= 1), and the fused
// mean is checked to be that linear combination.
TEST(CovarianceIntersection, ConsistentForAnyCorrelation) {
  std::mt19937_64 rng(4);
  const CiOptions options;
  for (const double rho : {-0.9, 0.0, 0.5, 0.99}) {
    for (int trial = 0; trial < kNumTrials; ++trial) {
      const SquareMatrix<6> pa = RandomCovariance<6>(rng);
      const SquareMatrix<6> pb = RandomCovariance<6>(rng);
      const SquareMatrix<6> la = pa.llt().matrixL();
      const SquareMatrix<6> lb = pb.llt().matrixL();
      const SquareMatrix<6> cross = rho * la * lb.transpose();
      const Vector<6> truth = 1000.0 * RandomVector<6>(rng);
      const Vector<6> z1 = RandomVector<6>(rng);
      const Vector<6> z2 = RandomVector<6>(rng);
      const Vector<6> error_a = la * z1;
      const Vector<6> error_b = lb * (rho * z1 + std::sqrt(1.0 - rho * rho) * z2);
      const Gaussian<6> a{.mean = truth + error_a, .covariance = pa};
      const Gaussian<6> b{.mean = truth + error_b, .covariance = pb};

      const CiResult<6> optimal = FuseTraceOptimal(a, b, options);
      const double fixed_omega = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
      const std::array<CiResult<6>, 2> results = {
          optimal,
          CiResult<6>{.fused = CovarianceIntersection(a, b, fixed_omega), .omega = fixed_omega}};
      for (const CiResult<6>& result : results) {
        const SquareMatrix<6>& p = result.fused.covariance;
        const SquareMatrix<6> gain_a = result.omega * p * pa.inverse();
        const SquareMatrix<6> gain_b = (1.0 - result.omega) * p * pb.inverse();
        ASSERT_LE((gain_a + gain_b - SquareMatrix<6>::Identity()).norm(), 1e-6)
            << "rho " << rho << " trial " << trial;
        ASSERT_LE((result.fused.mean - truth - (gain_a * error_a + gain_b * error_b)).norm(),
                  1e-8 * (1.0 + truth.norm()))
            << "rho " << rho << " trial " << trial;
        const SquareMatrix<6> true_covariance =
            gain_a * pa * gain_a.transpose() + gain_b * pb * gain_b.transpose() +
            gain_a * cross * gain_b.transpose() + gain_b * cross.transpose() * gain_a.transpose();
        const SquareMatrix<6> margin = p - 0.5 * (true_covariance + true_covariance.transpose());
        EXPECT_GE(MinEigenvalue<6>(margin), -1e-9 * p.norm())
            << "rho " << rho << " trial " << trial << " omega " << result.omega;
      }
    }
  }
}

TEST(FuseSequential, OneEstimateIsReturned) {
  std::mt19937_64 rng(5);
  const std::vector<Gaussian<6>> estimates = {
      {.mean = RandomVector<6>(rng), .covariance = RandomCovariance<6>(rng)}};
  const CiResult<6> result = FuseSequential<6>(estimates, {});
  EXPECT_EQ(result.fused.mean, estimates[0].mean);
  EXPECT_EQ(result.fused.covariance, estimates[0].covariance);
  EXPECT_EQ(result.omega, 1.0);
}

TEST(FuseSequential, ThreeEstimatesNoWorseThanTheBestAndOrderFree) {
  std::mt19937_64 rng(6);
  for (int trial = 0; trial < kNumTrials; ++trial) {
    std::vector<Gaussian<6>> estimates;
    double best_trace = 0.0;
    for (int i = 0; i < 3; ++i) {
      estimates.push_back({.mean = RandomVector<6>(rng), .covariance = RandomCovariance<6>(rng)});
      const double trace = PositionTrace<6>(estimates.back().covariance, 3);
      best_trace = i == 0 ? trace : std::min(best_trace, trace);
    }
    const CiResult<6> result = FuseSequential<6>(estimates, {});
    EXPECT_LE(PositionTrace<6>(result.fused.covariance, 3), best_trace) << trial;

    // The order is by trace, not by position in the span.
    std::reverse(estimates.begin(), estimates.end());
    const CiResult<6> reversed = FuseSequential<6>(estimates, {});
    EXPECT_EQ(reversed.fused.covariance, result.fused.covariance) << trial;
    EXPECT_EQ(reversed.fused.mean, result.fused.mean) << trial;
    EXPECT_EQ(reversed.omega, result.omega) << trial;
  }
}

TEST(CiOptions, Validity) {
  std::string error;
  EXPECT_TRUE(CiOptions{}.IsValid(&error));
  EXPECT_FALSE(CiOptions{.position_size = 0}.IsValid(&error));
  EXPECT_NE(error.find("position_size"), std::string::npos);
  EXPECT_FALSE(CiOptions{.tolerance = 0.0}.IsValid(&error));
  EXPECT_NE(error.find("tolerance"), std::string::npos);
  EXPECT_FALSE(CiOptions{.tolerance = std::nan("")}.IsValid(&error));
  EXPECT_FALSE(CiOptions{.max_iterations = 0}.IsValid(&error));
  EXPECT_NE(error.find("max_iterations"), std::string::npos);
  EXPECT_FALSE(CiOptions{.max_iterations = 0}.IsValid(nullptr));
}

TEST(CovarianceIntersectionDeathTest, RejectsOmegaOutsideTheUnitInterval) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const Gaussian<2> a;
  const Gaussian<2> b;
  EXPECT_DEATH(CovarianceIntersection(a, b, -0.1), "omega must be in \\[0, 1\\]");
  EXPECT_DEATH(CovarianceIntersection(a, b, 1.5), "omega must be in \\[0, 1\\]");
  EXPECT_DEATH(CovarianceIntersection(a, b, std::nan("")), "omega must be in \\[0, 1\\]");
}

TEST(FuseTraceOptimalDeathTest, RejectsBadOptionsAndEmptyInput) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const Gaussian<2> a;
  const Gaussian<2> b;
  EXPECT_DEATH(FuseTraceOptimal(a, b, {.position_size = 3}), "position_size must be in");
  EXPECT_DEATH(FuseTraceOptimal(a, b, {.tolerance = -1.0}), "tolerance");
  EXPECT_DEATH(FuseSequential<2>({}, {.position_size = 2}), "at least one estimate");
}

}  // namespace
}  // namespace trilink::fusion
