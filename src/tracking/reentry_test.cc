#include "trilink/tracking/reentry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "trilink/core/random.h"

namespace trilink::tracking {
namespace {

using ::testing::HasSubstr;

Vector<4> PaperInitialState() {
  const ReentryScenario scenario;
  Vector<4> state;
  state << scenario.initial_downrange_m, scenario.initial_altitude_m,
      scenario.initial_speed_mps * std::cos(scenario.initial_heading_rad),
      scenario.initial_speed_mps * std::sin(scenario.initial_heading_rad);
  return state;
}

// Central differences of Propagate, step scaled per component.
SquareMatrix<4> NumericalTransition(const ReentryMotion& motion, const Vector<4>& state,
                                    double dt) {
  SquareMatrix<4> numerical;
  for (int j = 0; j < 4; ++j) {
    const double step = j < 2 ? 1.0 : 0.01;
    Vector<4> plus = state, minus = state;
    plus(j) += step;
    minus(j) -= step;
    numerical.col(j) = (motion.Propagate(plus, dt) - motion.Propagate(minus, dt)) / (2.0 * step);
  }
  return numerical;
}

// States along the nominal trajectory and deep in the atmosphere, where drag
// dominates (both density layers).
TEST(ReentryMotion, TransitionMatchesCentralDifferences) {
  const ReentryMotion motion;
  std::vector<Vector<4>> states = {PaperInitialState()};
  states.push_back(Vector<4>(120e3, 40e3, -2200.0, -900.0));
  states.push_back(Vector<4>(60e3, 20e3, -1500.0, -900.0));
  states.push_back(Vector<4>(30e3, 12e3, -600.0, -500.0));
  states.push_back(Vector<4>(10e3, 6e3, -300.0, -300.0));
  for (const Vector<4>& state : states) {
    for (double dt : {2.0, 0.7, -1.0}) {
      SquareMatrix<4> analytic;
      motion.Propagate(state, dt, &analytic);
      const SquareMatrix<4> numerical = NumericalTransition(motion, state, dt);
      EXPECT_LT((analytic - numerical).norm(), 1e-6 * analytic.norm())
          << "state " << state.transpose() << " dt " << dt << "\n"
          << analytic << "\n"
          << numerical;
    }
  }
}

TEST(ReentryMotion, DerivativeJacobianMatchesCentralDifferences) {
  const ReentryMotion motion;
  const Vector<4> state(60e3, 20e3, -1500.0, -900.0);
  SquareMatrix<4> analytic;
  motion.Derivative(state, &analytic);
  for (int j = 0; j < 4; ++j) {
    const double step = j < 2 ? 1.0 : 0.01;
    Vector<4> plus = state, minus = state;
    plus(j) += step;
    minus(j) -= step;
    const Vector<4> column = (motion.Derivative(plus) - motion.Derivative(minus)) / (2.0 * step);
    EXPECT_LT((analytic.col(j) - column).norm(), 1e-7 * (1.0 + column.norm())) << "column " << j;
  }
}

TEST(ReentryMotion, FallsFreelyWithoutAirAndIsReversible) {
  // Above ~100 km drag is negligible: the step is a parabola to well under 1 m.
  const ReentryMotion motion;
  const Vector<4> state(200e3, 150e3, -2000.0, 100.0);
  const Vector<4> moved = motion.Propagate(state, 2.0);
  EXPECT_NEAR(moved(0), 200e3 - 4000.0, 0.5);
  EXPECT_NEAR(moved(1), 150e3 + 200.0 - 0.5 * 9.81 * 4.0, 0.5);
  const Vector<4> back = motion.Propagate(motion.Propagate(PaperInitialState(), 2.0), -2.0);
  EXPECT_LT((back - PaperInitialState()).norm(), 1e-6);
}

TEST(ReentryMotion, ProcessNoiseIsWhiteAccelerationPerAxis) {
  const ReentryMotion motion;
  const SquareMatrix<4> q = motion.ProcessNoise(PaperInitialState(), 2.0);
  EXPECT_DOUBLE_EQ(q(0, 0), 8.0 / 3.0);
  EXPECT_DOUBLE_EQ(q(1, 3), 2.0);
  EXPECT_DOUBLE_EQ(q(3, 3), 2.0);
  EXPECT_EQ(q(0, 1), 0.0);
}

TEST(RangeElevationRadar, JacobianMatchesCentralDifferences) {
  const RangeElevationRadar radar(100.0, 0.017);
  for (const Vector<4>& state : {PaperInitialState(), Vector<4>(-5e3, 20e3, 0.0, 0.0)}) {
    MeasurementJacobian<4> analytic;
    radar.Predict(state, &analytic);
    for (int j = 0; j < 4; ++j) {
      Vector<4> plus = state, minus = state;
      plus(j) += 1.0;
      minus(j) -= 1.0;
      const MeasurementVector column =
          radar.Residual(radar.Predict(plus), radar.Predict(minus)) / 2.0;
      EXPECT_NEAR(analytic(0, j), column(0), 1e-9);
      EXPECT_NEAR(analytic(1, j), column(1), 1e-12);
    }
  }
}

// The converted position is unbiased and its covariance is the spread of the
// conversion error (NEES mean 2), where the naive conversion is biased.
TEST(RangeElevationRadar, ConvertedPositionIsUnbiasedAndConsistent) {
  constexpr int kNumTrials = 20000;
  const RangeElevationRadar radar(100.0, 0.05);  // a wider beam makes the bias visible
  const Vector<4> truth = PaperInitialState();
  RandomStream random(3, "conversion");
  Eigen::Vector2d error_sum = Eigen::Vector2d::Zero();
  double nees_sum = 0.0;
  for (int trial = 0; trial < kNumTrials; ++trial) {
    const Gaussian<2> position = radar.ConvertToPosition(radar.Sample(truth, random));
    const Eigen::Vector2d error = position.mean - truth.head<2>();
    error_sum += error;
    nees_sum += error.dot(position.covariance.inverse() * error);
  }
  const Eigen::Vector2d mean_error = error_sum / kNumTrials;
  // Along the line of sight the naive conversion r (cos ε, sin ε) falls short
  // by r (1 − λ) ≈ 310 m; the sampling σ of this mean is about 3 m (across
  // the line of sight, 12.4 km / √20000 ≈ 90 m).
  const Eigen::Vector2d line_of_sight = truth.head<2>().normalized();
  EXPECT_LT(std::abs(mean_error.dot(line_of_sight)), 15.0) << mean_error.transpose();
  EXPECT_LT(mean_error.norm(), 350.0) << mean_error.transpose();
  EXPECT_NEAR(nees_sum / kNumTrials, 2.0, 0.06);
}

TEST(ReentryInitialEstimate, StartsFromTheConvertedMeasurementAndTheVelocityPrior) {
  const ReentryScenario scenario;
  const RangeElevationRadar radar(scenario.range_sigma_m, scenario.elevation_sigma_rad);
  const Vector<4> truth = PaperInitialState();
  const Gaussian<4> start =
      ReentryInitialEstimate(radar, radar.Predict(truth), truth.tail<2>(), scenario);
  EXPECT_LT((start.mean.head<2>() - truth.head<2>()).norm(), 50.0);  // the 1/λ scaling
  EXPECT_TRUE(start.mean.tail(2) == truth.tail(2));
  EXPECT_TRUE(start.covariance.topRightCorner(2, 2).isZero(0.0));
  // Cross-range σ ≈ r σ_ε ≈ 4.2 km; speed σ along the heading.
  const Eigen::Vector2d along = truth.head<2>().normalized();
  const Eigen::Vector2d across(-along(1), along(0));
  const Eigen::Matrix2d position = start.covariance.topLeftCorner<2, 2>();
  // Along the line of sight, Longbin's covariance is σ_r² + 1.5 r² σ_ε⁴ to
  // order σ_ε⁴ (the arc's depth, conditioned on the measurement).
  const double r = truth.head<2>().norm(), s2 = 0.017 * 0.017;
  EXPECT_NEAR(along.dot(position * along), 100.0 * 100.0 + 1.5 * r * r * s2 * s2, 50.0);
  EXPECT_NEAR(std::sqrt(across.dot(position * across)), truth.head<2>().norm() * 0.017, 10.0);
  const Eigen::Vector2d heading = truth.tail<2>().normalized();
  const Eigen::Matrix2d velocity = start.covariance.bottomRightCorner<2, 2>();
  EXPECT_NEAR(std::sqrt(heading.dot(velocity * heading)), 200.0, 1e-9);
}

// With noiseless measurements, the true velocity as the prior mean and no
// process noise drawn, the truth is the optimum (every residual is zero), so
// the fit must return it; its covariance is then the inverse of the batch
// problem's Fisher information at the truth, which the PCRLB recursion from
// ReentryBatchInitialInformation through the same scans computes another way
// (Tichavský et al. 1998: the recursion is the Schur complement of the batch
// information onto the last state). Agreement checks both the fit's
// covariance and the claim that the bound starts from the filters'
// information.
TEST(FitReentryBatch, RecoversTheTruthAndItsCovarianceIsThePcrlb) {
  const ReentryScenario scenario;
  const ReentryMotion motion;
  const RangeElevationRadar radar(scenario.range_sigma_m, scenario.elevation_sigma_rad);
  const Gaussian<2> prior{.mean = PaperInitialState().tail<2>(),
                          .covariance = ReentryVelocityPriorCovariance(scenario)};
  for (int scans : {1, 2, 6, 11}) {
    std::vector<Vector<4>> truths = {PaperInitialState()};
    for (int k = 1; k < scans; ++k) truths.push_back(motion.Propagate(truths.back(), 2.0));
    std::vector<MeasurementVector> measurements;
    for (const Vector<4>& truth : truths) measurements.push_back(radar.Predict(truth));
    const ReentryBatchFit at_truth = FitReentryBatch(motion, radar, measurements, 2.0, prior);
    ASSERT_TRUE(at_truth.converged) << scans << " scans";
    EXPECT_LT((at_truth.estimate.mean.head<2>() - truths.back().head<2>()).norm(), 1e-3);
    EXPECT_LT((at_truth.estimate.mean.tail<2>() - truths.back().tail<2>()).norm(), 1e-5);
    EXPECT_LT(at_truth.cost, 1e-12);

    PosteriorCramerRao<4> bound(ReentryBatchInitialInformation(radar, truths[0], prior.covariance));
    for (int k = 1; k < scans; ++k) {
      const std::vector<Vector<4>> before = {truths[k - 1]}, after = {truths[k]};
      bound.Step(motion, 2.0, before, after, &radar);
    }
    const SquareMatrix<4> pcrlb = bound.Bound();
    EXPECT_LT((at_truth.estimate.covariance - pcrlb).norm(), 1e-6 * pcrlb.norm())
        << scans << " scans\n"
        << at_truth.estimate.covariance << "\n"
        << pcrlb;
  }
}

// From a prior mean 300 m/s off across the heading (0.75 σ of the prior) the fit
// still finds the truth of noiseless scans: the optimum does not depend on
// the start.
TEST(FitReentryBatch, ConvergesFromAPoorPrior) {
  const ReentryScenario scenario;
  const ReentryMotion motion;
  const RangeElevationRadar radar(scenario.range_sigma_m, scenario.elevation_sigma_rad);
  std::vector<Vector<4>> truths = {PaperInitialState()};
  for (int k = 1; k < 31; ++k) truths.push_back(motion.Propagate(truths.back(), 2.0));
  std::vector<MeasurementVector> measurements;
  for (const Vector<4>& truth : truths) measurements.push_back(radar.Predict(truth));
  const Eigen::Vector2d across(-std::sin(scenario.initial_heading_rad),
                               std::cos(scenario.initial_heading_rad));
  const Gaussian<2> prior{.mean = truths[0].tail<2>() + 300.0 * across,
                          .covariance = ReentryVelocityPriorCovariance(scenario)};
  const ReentryBatchFit fit = FitReentryBatch(motion, radar, measurements, 2.0, prior);
  ASSERT_TRUE(fit.converged);
  // The prior pulls the optimum only as far as 31 scans let it: metres, not
  // the prior's kilometres.
  EXPECT_LT((fit.estimate.mean.head<2>() - truths.back().head<2>()).norm(), 100.0);
  EXPECT_GT(fit.iterations, 1);
}

// A 100-run version of docs/accuracy.md's 500-run case, with the default
// start: the batch fit over the first 20 s (11 scans), then the EKF and the
// UKF. After the first 20 s both filters' position RMSE stays near the PCRLB
// and the ANEES near 4. Over seeds 1–40 at 100 runs the per-step
// RMSE/PCRLB peaks at 1.22 and its mean over t > 20 s at 1.07, and the ANEES
// averaged over t > 20 s spans 3.63–4.60 (EKF) and 3.60–4.52 (UKF), against
// a per-step 95 % interval of [3.47, 4.57]: the thresholds below hold for any
// seed, not only this one.
TEST(ReentryMonteCarlo, FiltersApproachThePcrlbAndStayConsistent) {
  ReentryMonteCarloOptions options;
  options.runs = 100;
  options.seed = 2002;
  const ReentryMonteCarloResult result = RunReentryMonteCarlo(options);
  ASSERT_EQ(result.time_s.size(), 31u);
  EXPECT_GT(result.lowest_final_altitude_m, 40e3);
  EXPECT_EQ(result.ekf.invalid_innovations, 0);
  EXPECT_EQ(result.ukf.invalid_innovations, 0);
  EXPECT_EQ(result.ekf.unconverged_batch_fits, 0);
  const ChiSquareInterval interval = AneesInterval(100, 4);
  EXPECT_DOUBLE_EQ(result.anees_bounds.lower, interval.lower);
  // Up to the last scan of the batch both "filters" are the batch fit.
  for (int k = 0; k < options.batch_scans; ++k) {
    EXPECT_EQ(result.ekf.position.Rmse(k), result.ukf.position.Rmse(k)) << k;
  }
  // The bound starts from the fit's information: at t = 0 the fit's RMSE is
  // the bound's to sampling error.
  EXPECT_NEAR(result.ekf.position.Rmse(0) / result.pcrlb_position_m[0], 1.0, 0.1);
  double ekf_anees = 0.0, ukf_anees = 0.0, ekf_ratio = 0.0, ukf_ratio = 0.0;
  int counted = 0;
  for (size_t k = 0; k < result.time_s.size(); ++k) {
    if (k > 0) {
      EXPECT_LT(result.pcrlb_position_m[k], result.pcrlb_position_m[0]);
    }
    if (result.time_s[k] <= 20.0) continue;
    const int step = static_cast<int>(k);
    const double bound = result.pcrlb_position_m[k];
    EXPECT_LT(result.ekf.position.Rmse(step) / bound, 1.3) << "t " << result.time_s[k];
    EXPECT_LT(result.ukf.position.Rmse(step) / bound, 1.3) << "t " << result.time_s[k];
    EXPECT_GT(result.ukf.position.Rmse(step) / bound, 0.8) << "t " << result.time_s[k];
    ekf_ratio += result.ekf.position.Rmse(step) / bound;
    ukf_ratio += result.ukf.position.Rmse(step) / bound;
    ekf_anees += result.ekf.position.Anees(step);
    ukf_anees += result.ukf.position.Anees(step);
    ++counted;
  }
  ASSERT_EQ(counted, 20);
  EXPECT_LT(ekf_ratio / counted, 1.12);
  EXPECT_LT(ukf_ratio / counted, 1.12);
  for (double anees : {ekf_anees / counted, ukf_anees / counted}) {
    EXPECT_GT(anees, 0.85 * 4.0);
    EXPECT_LT(anees, 1.15 * 4.0);
  }
}

// The single-scan converted start stays available for comparison; its bound
// starts from the inverse of that start's covariance.
TEST(ReentryMonteCarlo, ConvertedStartMatchesItsBoundAtTheStart) {
  ReentryMonteCarloOptions options;
  options.runs = 100;
  options.seed = 2002;
  options.start = ReentryStart::kConvertedMeasurement;
  const ReentryMonteCarloResult result = RunReentryMonteCarlo(options);
  EXPECT_NEAR(result.ekf.position.Rmse(0) / result.pcrlb_position_m[0], 1.0, 0.1);
  EXPECT_EQ(result.ekf.unconverged_batch_fits, 0);
  EXPECT_NE(result.ekf.position.Rmse(1), result.ukf.position.Rmse(1));
}

TEST(ReentryMonteCarlo, IsDeterministic) {
  ReentryMonteCarloOptions options;
  options.runs = 5;
  options.scenario.steps = 5;
  options.batch_scans = 3;
  const ReentryMonteCarloResult a = RunReentryMonteCarlo(options);
  const ReentryMonteCarloResult b = RunReentryMonteCarlo(options);
  for (int k = 0; k <= 5; ++k) {
    EXPECT_EQ(a.ekf.position.Rmse(k), b.ekf.position.Rmse(k));
    EXPECT_EQ(a.ukf.position.Anees(k), b.ukf.position.Anees(k));
    EXPECT_EQ(a.pcrlb_position_m[k], b.pcrlb_position_m[k]);
  }
}

// The paper writes the drag with the weight per area, g ρ V v / (2 β') with
// g = 9.81 m/s² and β' = 40 000 kg m⁻¹ s⁻²; the mass per area β = β' / g
// gives the same acceleration.
TEST(ReentryMotion, DragMatchesThePublishedWeightPerAreaForm) {
  const ReentryMotion motion;
  EXPECT_NEAR(motion.dynamics().ballistic_coefficient_kg_m2, 4077.47, 0.01);
  const Vector<4> state(60e3, 20e3, -1500.0, -900.0);
  const Eigen::Vector2d velocity = state.tail<2>();
  const double drag = 9.81 * ReentryAirDensity(state(1)) * velocity.norm() / (2.0 * 40'000.0);
  Vector<4> expected;
  expected << velocity, -drag * velocity;
  expected(3) -= 9.81;
  EXPECT_LT((motion.Derivative(state) - expected).norm(), 1e-12 * expected.norm());
}

TEST(ReentryScenario, DefaultsAreValid) {
  std::string error;
  EXPECT_TRUE(ReentryScenario().IsValid(&error)) << error;
  EXPECT_TRUE(ReentryDynamics().IsValid(&error)) << error;
}

TEST(ReentryScenario, RejectsOutOfRangeFieldsNamingThem) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto error_of = [](const ReentryScenario& scenario) {
    std::string error;
    EXPECT_FALSE(scenario.IsValid(&error));
    return error;
  };
  EXPECT_THAT(error_of({.initial_downrange_m = nan}), HasSubstr("initial_downrange_m"));
  EXPECT_THAT(error_of({.initial_speed_mps = 0.0}), HasSubstr("initial_speed_mps"));
  EXPECT_THAT(error_of({.period_s = 0.0}), HasSubstr("period_s"));
  EXPECT_THAT(error_of({.period_s = nan}), HasSubstr("period_s"));
  EXPECT_THAT(error_of({.steps = 0}), HasSubstr("steps"));
  EXPECT_THAT(error_of({.range_sigma_m = -100.0}), HasSubstr("range_sigma_m"));
  EXPECT_THAT(error_of({.elevation_sigma_rad = nan}), HasSubstr("elevation_sigma_rad"));
  EXPECT_THAT(error_of({.speed_sigma_mps = 0.0}), HasSubstr("speed_sigma_mps"));
  EXPECT_THAT(error_of({.heading_sigma_rad = nan}), HasSubstr("heading_sigma_rad"));
  ReentryScenario scenario;
  scenario.dynamics.ballistic_coefficient_kg_m2 = nan;
  EXPECT_EQ(error_of(scenario), "dynamics: ballistic_coefficient_kg_m2 must be > 0");
}

TEST(ReentryScenario, NullErrorIsAllowed) {
  EXPECT_FALSE(ReentryScenario{.steps = 0}.IsValid(nullptr));
}

TEST(ReentryMonteCarloOptions, DefaultsAreValid) {
  std::string error;
  EXPECT_TRUE(ReentryMonteCarloOptions().IsValid(&error)) << error;
  ReentryMonteCarloOptions converted;
  converted.start = ReentryStart::kConvertedMeasurement;
  converted.batch_scans = 0;  // not used
  EXPECT_TRUE(converted.IsValid(&error)) << error;
}

TEST(ReentryMonteCarloOptions, RejectsOutOfRangeFieldsNamingThem) {
  const auto error_of = [](const ReentryMonteCarloOptions& options) {
    std::string error;
    EXPECT_FALSE(options.IsValid(&error));
    return error;
  };
  ReentryMonteCarloOptions options;
  options.runs = 1;
  EXPECT_THAT(error_of(options), HasSubstr("runs"));
  options = {};
  options.batch_scans = options.scenario.steps + 2;
  EXPECT_THAT(error_of(options), HasSubstr("batch_scans"));
  options = {};
  options.scenario.period_s = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(error_of(options), "scenario: period_s must be finite and > 0");
  options = {};
  options.unscented.alpha = 0.0;
  EXPECT_EQ(error_of(options), "unscented: alpha must be in (0, 1]");
  options = {};
  options.batch.max_iterations = 0;
  EXPECT_EQ(error_of(options), "batch: max_iterations must be >= 1");
  EXPECT_FALSE(options.IsValid(nullptr));
}

TEST(ReentryMonteCarloDeathTest, ChecksTheOptions) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(RunReentryMonteCarlo({.runs = 1}), "runs must be >= 2");
}

}  // namespace
}  // namespace trilink::tracking
