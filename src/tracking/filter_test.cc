#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include "trilink/core/random.h"
#include "trilink/core/units.h"
#include "trilink/tracking/imm.h"
#include "trilink/tracking/kalman.h"
#include "trilink/tracking/planar.h"

namespace trilink::tracking {
namespace {

// The textbook linear Kalman filter, written out independently of filter.h.
struct ReferenceKalman {
  Vector<4> x;
  SquareMatrix<4> P;
  void Predict(const SquareMatrix<4>& F, const SquareMatrix<4>& Q) {
    x = F * x;
    P = F * P * F.transpose() + Q;
  }
  void Update(const Eigen::Matrix<double, 2, 4>& H, const Eigen::Matrix2d& R,
              const Eigen::Vector2d& z) {
    const Eigen::Matrix2d S = H * P * H.transpose() + R;
    const Eigen::Matrix<double, 4, 2> K = P * H.transpose() * S.inverse();
    x += K * (z - H * x);
    P = (SquareMatrix<4>::Identity() - K * H) * P;
  }
};

Gaussian<4> Prior() {
  Gaussian<4> prior;
  prior.mean << 1000.0, -500.0, 30.0, 12.0;
  prior.covariance = Vector<4>(100.0 * 100.0, 80.0 * 80.0, 50.0 * 50.0, 40.0 * 40.0).asDiagonal();
  prior.covariance(0, 2) = prior.covariance(2, 0) = 0.3 * 100.0 * 50.0;
  return prior;
}

// EKF, UKF and a one-mode IMM against the reference on a linear model
// (STYLE.md: cross-variant checks).
TEST(Filters, EqualTheKalmanFilterOnALinearModel) {
  const ConstantVelocity2d motion(2.0);
  const PlanarPosition sensor(15.0);
  const ExtendedKalmanFilter<4> ekf(motion);
  const UnscentedKalmanFilter<4> ukf(motion);
  const InteractingMultipleModel<4> imm({&ekf}, Eigen::MatrixXd::Zero(1, 1),
                                        Eigen::VectorXd::Ones(1));
  const Filter<4>* filters[] = {&ekf, &ukf, &imm};
  RandomStream random(11, "linear");
  ReferenceKalman reference{Prior().mean, Prior().covariance};
  std::vector<FilterState<4>> states;
  for (const Filter<4>* filter : filters) states.push_back(filter->Initialise(Prior()));
  Vector<4> truth = Prior().mean;
  for (int step = 0; step < 200; ++step) {
    const double dt = 0.5 + random.Uniform() * 2.0;
    SquareMatrix<4> F;
    truth = motion.Propagate(truth, dt, &F);
    reference.Predict(F, motion.ProcessNoise(truth, dt));
    const MeasurementVector z = sensor.Sample(truth, random);
    Eigen::Matrix<double, 2, 4> H = Eigen::Matrix<double, 2, 4>::Zero();
    H(0, 0) = H(1, 1) = 1.0;
    reference.Update(H, sensor.NoiseCovariance(), Eigen::Vector2d(z(0), z(1)));
    for (size_t f = 0; f < states.size(); ++f) {
      states[f] = filters[f]->Predict(states[f], dt);
      const Innovation<4> innovation = filters[f]->Innovate(states[f], sensor);
      ASSERT_TRUE(innovation.valid);
      states[f] = filters[f]->Update(states[f], innovation, z, sensor);
      const double scale = reference.P.norm();
      EXPECT_LT((states[f].estimate.mean - reference.x).norm(), 1e-9 * (1.0 + reference.x.norm()))
          << "filter " << f << " step " << step;
      EXPECT_LT((states[f].estimate.covariance - reference.P).norm(), 1e-9 * scale)
          << "filter " << f << " step " << step;
    }
  }
}

bool SymmetricPositiveDefinite(const SquareMatrix<4>& P) {
  if ((P - P.transpose()).norm() != 0.0) return false;
  return Eigen::LLT<SquareMatrix<4>>(P).info() == Eigen::Success;
}

// Long runs with a very accurate sensor and tiny process noise are where the
// simple P − K S Kᵀ form loses definiteness; the Joseph form must not.
TEST(Filters, CovarianceStaysSymmetricPositiveDefiniteOverLongRuns) {
  const ConstantVelocity2d motion(1e-6);
  const PlanarBearingRange sensor(DegToRad(0.001), 0.01);
  const ExtendedKalmanFilter<4> ekf(motion);
  const UnscentedKalmanFilter<4> ukf(motion);
  const Filter<4>* filters[] = {&ekf, &ukf};
  for (const Filter<4>* filter : filters) {
    RandomStream random(3, "long-run");
    Gaussian<4> prior = Prior();
    prior.mean << 20000.0, 5000.0, -10.0, 20.0;
    prior.covariance *= 100.0;
    FilterState<4> state = filter->Initialise(prior);
    Vector<4> truth = prior.mean;
    for (int step = 0; step < 20000; ++step) {
      truth = motion.Propagate(truth, 1.0);
      state = filter->Predict(state, 1.0);
      const Innovation<4> innovation = filter->Innovate(state, sensor);
      ASSERT_TRUE(innovation.valid) << "step " << step;
      state = filter->Update(state, innovation, sensor.Sample(truth, random), sensor);
      ASSERT_TRUE(SymmetricPositiveDefinite(state.estimate.covariance)) << "step " << step;
    }
    EXPECT_LT((state.estimate.mean.head<2>() - truth.head<2>()).norm(), 1.0);
  }
}

TEST(Filters, ImmFavoursTheModeThatFits) {
  // Two constant-velocity modes that differ only in process noise: a target
  // that turns hard must move the probability to the agile mode.
  const ConstantVelocity2d quiet(0.01), agile(400.0);
  const ExtendedKalmanFilter<4> quiet_filter(quiet), agile_filter(agile);
  Eigen::MatrixXd rates(2, 2);
  rates << -0.05, 0.05, 0.05, -0.05;
  const InteractingMultipleModel<4> imm({&quiet_filter, &agile_filter}, rates,
                                        Eigen::Vector2d(0.5, 0.5));
  const PlanarPosition sensor(5.0);
  RandomStream random(5, "imm");
  Gaussian<4> prior = Prior();
  FilterState<4> state = imm.Initialise(prior);
  Vector<4> truth = prior.mean;
  for (int step = 0; step < 30; ++step) {
    truth = quiet.Propagate(truth, 1.0);
    state = imm.Predict(state, 1.0);
    state = imm.Update(state, imm.Innovate(state, sensor), sensor.Sample(truth, random), sensor);
  }
  EXPECT_GT(state.mode_probabilities[0], 0.7);
  for (int step = 0; step < 10; ++step) {
    truth(2) += 40.0;  // 40 m/s² sideways
    truth(3) -= 40.0;
    truth = quiet.Propagate(truth, 1.0);
    state = imm.Predict(state, 1.0);
    state = imm.Update(state, imm.Innovate(state, sensor), sensor.Sample(truth, random), sensor);
  }
  EXPECT_GT(state.mode_probabilities[1], 0.9);
  EXPECT_NEAR(state.mode_probabilities[0] + state.mode_probabilities[1], 1.0, 1e-12);
}

TEST(Filters, ImmTransitionIsAStochasticMatrix) {
  const ConstantVelocity2d motion(1.0);
  const ExtendedKalmanFilter<4> a(motion), b(motion);
  Eigen::MatrixXd rates(2, 2);
  rates << -0.1, 0.1, 0.02, -0.02;
  const InteractingMultipleModel<4> imm({&a, &b}, rates, Eigen::Vector2d(1.0, 0.0));
  for (double dt : {0.0, 0.5, 3.0, 100.0, -2.0}) {
    const Eigen::MatrixXd pi = imm.Transition(dt);
    for (int i = 0; i < 2; ++i) EXPECT_NEAR(pi.row(i).sum(), 1.0, 1e-12);
    EXPECT_GE(pi.minCoeff(), 0.0);
  }
  // Two-state chain in closed form: π_00 = (b + a e^{−(a+b)t}) / (a + b).
  const double t = 3.0;
  EXPECT_NEAR(imm.Transition(t)(0, 0), (0.02 + 0.1 * std::exp(-0.12 * t)) / 0.12, 1e-12);
}

TEST(Filters, PlanarBearingRangeJacobianMatchesCentralDifferences) {
  const PlanarBearingRange sensor(0.01, 5.0);
  RandomStream random(9, "jacobian");
  for (int trial = 0; trial < 200; ++trial) {
    Vector<4> x(random.Uniform(-3e4, 3e4), random.Uniform(-3e4, 3e4), random.Normal(0, 50),
                random.Normal(0, 50));
    MeasurementJacobian<4> H;
    sensor.Predict(x, &H);
    for (int k = 0; k < 4; ++k) {
      const double h = 1e-3;
      Vector<4> plus = x, minus = x;
      plus(k) += h;
      minus(k) -= h;
      const MeasurementVector numeric =
          sensor.Residual(sensor.Predict(plus), sensor.Predict(minus)) / (2.0 * h);
      for (int i = 0; i < 2; ++i)
        EXPECT_NEAR(H(i, k), numeric(i), 1e-7 * (1.0 + std::abs(numeric(i))));
    }
  }
}

}  // namespace
}  // namespace trilink::tracking
