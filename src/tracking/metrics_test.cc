#include "trilink/tracking/metrics.h"

#include <gtest/gtest.h>

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "trilink/core/random.h"
#include "trilink/tracking/kalman.h"
#include "trilink/tracking/planar.h"

namespace trilink::tracking {
namespace {

using Point = Vector<2>;

TEST(Rmse, IsTheRootOfTheMeanSquare) {
  const std::vector<double> squared = {1.0, 4.0, 9.0, 2.0};
  EXPECT_DOUBLE_EQ(Rmse(squared), std::sqrt(16.0 / 4.0));
  EXPECT_EQ(Rmse({}), 0.0);
  const Vector<4> estimate(1.0, 2.0, 3.0, 4.0), truth(0.0, 0.0, 0.0, 0.0);
  EXPECT_DOUBLE_EQ(SquaredError(estimate, truth, 0, 2), 5.0);
  EXPECT_DOUBLE_EQ(SquaredError(estimate, truth, 2, 2), 25.0);
}

TEST(Nees, WeighsTheErrorByTheInverseCovariance) {
  Gaussian<2> estimate{.mean = Vector<2>(3.0, 4.0),
                       .covariance = Vector<2>(9.0, 16.0).asDiagonal()};
  EXPECT_NEAR(Nees<2>(estimate, Vector<2>::Zero()), 2.0, 1e-12);
  estimate.covariance(0, 1) = estimate.covariance(1, 0) = 6.0;
  const Vector<2> e(3.0, 4.0);
  EXPECT_NEAR(Nees<2>(estimate, Vector<2>::Zero()), e.dot(estimate.covariance.inverse() * e),
              1e-12);
}

TEST(MonteCarloSeries, AveragesPerStep) {
  MonteCarloSeries series(2);
  series.Add(0, 4.0, 1.0);
  series.Add(0, 16.0, 3.0);
  series.Add(1, 9.0, 2.0);
  EXPECT_EQ(series.Count(0), 2);
  EXPECT_DOUBLE_EQ(series.Rmse(0), std::sqrt(10.0));
  EXPECT_DOUBLE_EQ(series.Anees(0), 2.0);
  EXPECT_DOUBLE_EQ(series.Rmse(1), 3.0);
  EXPECT_DOUBLE_EQ(series.Anees(1), 2.0);
}

// Upper-tail and lower-tail points of the chi-square distribution, from the
// table of NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.4
// ("Critical values of the chi-square distribution"), to its 3 decimals.
TEST(ChiSquare, QuantilesMatchThePublishedTable) {
  struct Row {
    double dof, probability, value;
  };
  const Row table[] = {
      {1, 0.95, 3.841},   {2, 0.975, 7.378},     {2, 0.025, 0.051},
      {4, 0.975, 11.143}, {4, 0.025, 0.484},     {10, 0.975, 20.483},
      {10, 0.025, 3.247}, {100, 0.975, 129.561}, {100, 0.025, 74.222},
  };
  for (const Row& row : table) {
    EXPECT_NEAR(ChiSquareQuantile(row.dof, row.probability), row.value, 5e-4)
        << row.dof << " dof at " << row.probability;
  }
}

TEST(ChiSquare, AneesIntervalScalesByTheRunCount) {
  // Bar-Shalom, Li & Kirubarajan (2001), §5.4.2 example: 50 runs of a
  // two-state filter, 95 % interval [1.5, 2.6].
  const ChiSquareInterval interval = AneesInterval(50, 2);
  EXPECT_NEAR(interval.lower, 74.222 / 50.0, 1e-4);
  EXPECT_NEAR(interval.upper, 129.561 / 50.0, 1e-4);
  EXPECT_TRUE(interval.Contains(2.0));
  EXPECT_FALSE(interval.Contains(2.7));
}

// The PCRLB of a linear-Gaussian model is the Kalman filter's covariance,
// whatever the true trajectories (the Jacobians are constant).
TEST(PosteriorCramerRao, EqualsTheKalmanCovarianceOnALinearModel) {
  const ConstantVelocity2d motion(3.0);
  const PlanarPosition sensor(20.0);
  SquareMatrix<4> covariance = Vector<4>(400.0, 900.0, 100.0, 64.0).asDiagonal();
  covariance(0, 2) = covariance(2, 0) = 0.5 * 20.0 * 10.0;
  PosteriorCramerRao<4> bound(covariance.inverse());
  const ExtendedKalmanFilter<4> kalman(motion);
  FilterState<4> state = kalman.Initialise({Vector<4>::Zero(), covariance});
  RandomStream random(5, "pcrlb");
  std::vector<Vector<4>> before(3, Vector<4>(1000.0, 2000.0, 50.0, -20.0)), after(3);
  for (int step = 0; step < 50; ++step) {
    const double dt = 0.5 + random.Uniform() * 2.0;
    for (size_t r = 0; r < before.size(); ++r) {
      after[r] = motion.Propagate(before[r], dt) +
                 Vector<4>(0.0, 0.0, random.Normal(0.0, 2.0), random.Normal(0.0, 2.0));
    }
    // Every fifth scan has no measurement.
    const bool measured = step % 5 != 4;
    bound.Step(motion, dt, before, after, measured ? &sensor : nullptr);
    state = kalman.Predict(state, dt);
    if (measured) {
      const Innovation<4> innovation = kalman.Innovate(state, sensor);
      state = kalman.Update(state, innovation, sensor.Predict(state.estimate.mean), sensor);
    }
    const SquareMatrix<4>& riccati = state.estimate.covariance;
    EXPECT_LT((bound.Bound() - riccati).norm(), 1e-9 * riccati.norm()) << "step " << step;
    before = after;
  }
}

// Brute-force OSPA and GOSPA over every injection of the smaller set.
struct BruteForce {
  double ospa, gospa;
};
BruteForce BruteForceMetrics(const std::vector<Point>& x, const std::vector<Point>& y, double c,
                             double p) {
  const bool swap = x.size() > y.size();
  const std::vector<Point>& small = swap ? y : x;
  const std::vector<Point>& large = swap ? x : y;
  std::vector<int> order(large.size());
  std::iota(order.begin(), order.end(), 0);
  double best_ospa = 1e300, best_gospa = 1e300;
  do {
    double ospa = 0.0, gospa = 0.0;
    for (size_t i = 0; i < small.size(); ++i) {
      const double d = (small[i] - large[order[i]]).norm();
      ospa += std::pow(std::min(d, c), p);
      // GOSPA: assign the pair, or leave both out at c^p/2 each.
      gospa += std::min(std::pow(d, p), std::pow(c, p));
    }
    best_ospa = std::min(best_ospa, ospa);
    best_gospa = std::min(best_gospa, gospa);
  } while (std::next_permutation(order.begin(), order.end()));
  const double n = static_cast<double>(large.size()), m = static_cast<double>(small.size());
  const double ospa = n == 0 ? 0.0 : std::pow((best_ospa + std::pow(c, p) * (n - m)) / n, 1.0 / p);
  const double gospa = std::pow(best_gospa + 0.5 * std::pow(c, p) * (n - m), 1.0 / p);
  return {ospa, gospa};
}

TEST(Ospa, EmptySetsAreZeroOrTheCutoff) {
  const std::vector<Point> none, one = {Point(1.0, 2.0)};
  EXPECT_EQ(Ospa<2>(none, none, 10.0, 2.0).distance, 0.0);
  EXPECT_EQ(Ospa<2>(none, one, 10.0, 2.0).distance, 10.0);
  EXPECT_EQ(Ospa<2>(one, none, 10.0, 1.0).distance, 10.0);
  EXPECT_EQ(Ospa<2>(one, none, 10.0, 1.0).cardinality, 10.0);
}

TEST(Ospa, SinglePointsAreTheirCutOffDistance) {
  const std::vector<Point> x = {Point(0.0, 0.0)}, y = {Point(3.0, 4.0)};
  EXPECT_NEAR(Ospa<2>(x, y, 10.0, 2.0).distance, 5.0, 1e-12);
  EXPECT_NEAR(Ospa<2>(x, y, 4.0, 2.0).distance, 4.0, 1e-12);
  EXPECT_NEAR(Ospa<2>(x, y, 10.0, 1.0).localisation, 5.0, 1e-12);
}

TEST(Ospa, CountsACardinalityErrorAtTheCutoff) {
  const std::vector<Point> x = {Point(0.0, 0.0)}, y = {Point(0.0, 0.0), Point(100.0, 0.0)};
  // p = 1: (0 + c) / 2; p = 2: sqrt(c² / 2).
  EXPECT_NEAR(Ospa<2>(x, y, 10.0, 1.0).distance, 5.0, 1e-12);
  const OspaResult squared = Ospa<2>(y, x, 10.0, 2.0);
  EXPECT_NEAR(squared.distance, std::sqrt(50.0), 1e-12);
  EXPECT_NEAR(squared.localisation, 0.0, 1e-12);
  EXPECT_NEAR(squared.cardinality, std::sqrt(50.0), 1e-12);
}

TEST(Ospa, UsesTheOptimalAssignment) {
  const std::vector<Point> x = {Point(0.0, 0.0), Point(10.0, 0.0)},
                           y = {Point(9.0, 0.0), Point(1.0, 0.0)};
  EXPECT_NEAR(Ospa<2>(x, y, 100.0, 2.0).distance, 1.0, 1e-12);
}

TEST(Gospa, EmptySetsCostHalfTheCutoffPerPoint) {
  const std::vector<Point> none, three = {Point(0, 0), Point(1, 0), Point(2, 0)};
  EXPECT_EQ(Gospa<2>(none, none, 10.0, 2.0).distance, 0.0);
  const GospaResult only_false = Gospa<2>(none, three, 10.0, 2.0);
  EXPECT_NEAR(only_false.distance, std::sqrt(3 * 100.0 / 2.0), 1e-12);
  EXPECT_EQ(only_false.false_count, 3);
  EXPECT_EQ(only_false.missed, 0);
  const GospaResult only_missed = Gospa<2>(three, none, 10.0, 1.0);
  EXPECT_NEAR(only_missed.distance, 15.0, 1e-12);
  EXPECT_EQ(only_missed.missed, 3);
}

TEST(Gospa, SinglePointsMatchWithinTheCutoffOnly) {
  const std::vector<Point> x = {Point(0.0, 0.0)}, near = {Point(3.0, 4.0)},
                           far = {Point(30.0, 40.0)};
  const GospaResult matched = Gospa<2>(x, near, 10.0, 2.0);
  EXPECT_NEAR(matched.distance, 5.0, 1e-12);
  EXPECT_EQ(matched.missed + matched.false_count, 0);
  const GospaResult unmatched = Gospa<2>(x, far, 10.0, 2.0);
  EXPECT_NEAR(unmatched.distance, 10.0, 1e-12);  // (c²/2 + c²/2)^(1/2)
  EXPECT_EQ(unmatched.missed, 1);
  EXPECT_EQ(unmatched.false_count, 1);
  EXPECT_EQ(unmatched.localisation, 0.0);
}

TEST(Gospa, CountsAFalseEstimate) {
  const std::vector<Point> x = {Point(0.0, 0.0)}, y = {Point(0.0, 1.0), Point(100.0, 0.0)};
  const GospaResult result = Gospa<2>(x, y, 10.0, 1.0);
  EXPECT_NEAR(result.distance, 1.0 + 5.0, 1e-12);
  EXPECT_EQ(result.missed, 0);
  EXPECT_EQ(result.false_count, 1);
}

TEST(OspaAndGospa, EqualBruteForceOnRandomSets) {
  constexpr int kNumTrials = 300;
  RandomStream random(17, "ospa");
  for (int trial = 0; trial < kNumTrials; ++trial) {
    std::vector<Point> x(static_cast<size_t>(random.Uniform(0.0, 5.0))),
        y(static_cast<size_t>(random.Uniform(0.0, 5.0)));
    for (Point& point : x) point = Point(random.Uniform(0.0, 20.0), random.Uniform(0.0, 20.0));
    for (Point& point : y) point = Point(random.Uniform(0.0, 20.0), random.Uniform(0.0, 20.0));
    const double c = random.Uniform(1.0, 15.0), p = random.Uniform(1.0, 3.0);
    const BruteForce expected = BruteForceMetrics(x, y, c, p);
    EXPECT_NEAR(Ospa<2>(x, y, c, p).distance, expected.ospa, 1e-9) << "trial " << trial;
    EXPECT_NEAR(Gospa<2>(x, y, c, p).distance, expected.gospa, 1e-9) << "trial " << trial;
  }
}

TEST(TrackContinuity, CountsAChangeOfTrackAsAFragment) {
  const std::vector<ScanAssociations> scans = {
      {0.0, {{10, 1}}}, {1.0, {{10, 1}}}, {2.0, {{11, 1}}}, {3.0, {{11, 1}}}};
  const ContinuitySummary summary = TrackContinuity(scans);
  EXPECT_EQ(summary.fragments, 1);
  EXPECT_EQ(summary.swaps, 0);
  EXPECT_EQ(summary.truths, 1);
  EXPECT_EQ(summary.tracks, 2);
}

TEST(TrackContinuity, AGapWithTheSameTrackIsNoFragment) {
  const std::vector<ScanAssociations> same = {{0.0, {{10, 1}}}, {1.0, {}}, {2.0, {{10, 1}}}};
  EXPECT_EQ(TrackContinuity(same).fragments, 0);
  const std::vector<ScanAssociations> other = {{0.0, {{10, 1}}}, {1.0, {}}, {2.0, {{12, 1}}}};
  EXPECT_EQ(TrackContinuity(other).fragments, 1);
}

TEST(TrackContinuity, CountsExchangedIdentitiesAsSwaps) {
  const std::vector<ScanAssociations> scans = {
      {0.0, {{10, 1}, {20, 2}}},
      {1.0, {{10, 2}, {20, 1}}},  // the two tracks exchange their truths
      {2.0, {{10, 2}, {20, 1}}},
      {3.0, {{10, 3}}},  // track 10 moves on to a third truth
  };
  const ContinuitySummary summary = TrackContinuity(scans);
  EXPECT_EQ(summary.swaps, 3);
  EXPECT_EQ(summary.fragments, 2);
  EXPECT_EQ(summary.truths, 3);
  EXPECT_EQ(summary.tracks, 2);
}

TEST(TimeToFirstTrack, IsTheFirstAssociatedScanAfterLaunch) {
  const std::vector<ScanAssociations> scans = {
      {100.0, {}}, {104.0, {{7, 2}}}, {108.0, {{7, 2}, {8, 1}}}};
  EXPECT_EQ(TimeToFirstTrack(scans, 1, 90.0), 18.0);
  EXPECT_EQ(TimeToFirstTrack(scans, 2, 90.0), 14.0);
  EXPECT_FALSE(TimeToFirstTrack(scans, 3, 90.0).has_value());
}

TEST(OspaClustered, EqualsTheDenseOspa) {
  constexpr int kNumTrials = 200;
  RandomStream random(21, "ospa-clustered");
  for (int trial = 0; trial < kNumTrials; ++trial) {
    const int m = static_cast<int>(random.Uniform() * 12),
              n = static_cast<int>(random.Uniform() * 12);
    std::vector<Eigen::Vector3d> x, y;
    std::vector<Vector<3>> xs, ys;
    for (int i = 0; i < m; ++i) x.emplace_back(random.Uniform(0, 400), random.Uniform(0, 400), 0.0);
    for (int j = 0; j < n; ++j) y.emplace_back(random.Uniform(0, 400), random.Uniform(0, 400), 0.0);
    for (const auto& p : x) xs.push_back(p);
    for (const auto& p : y) ys.push_back(p);
    const double order = trial % 2 == 0 ? 2.0 : 1.0;
    const OspaResult dense = Ospa<3>(xs, ys, 100.0, order);
    const OspaResult clustered = OspaClustered(x, y, 100.0, order);
    EXPECT_NEAR(clustered.distance, dense.distance, 1e-9) << "trial " << trial;
    EXPECT_NEAR(clustered.localisation, dense.localisation, 1e-6) << "trial " << trial;
  }
}

}  // namespace
}  // namespace trilink::tracking
