#include "trilink/flight/dynamics.h"

#include <gtest/gtest.h>

#include <cmath>

#include "trilink/core/random.h"
#include "trilink/flight/atmosphere.h"
#include "trilink/geo/wgs84.h"

namespace trilink::flight {
namespace {

using Eigen::Matrix3d;
using Eigen::Vector3d;

constexpr int kNumTrials = 200;

// A random ECEF position at a height in [low, high] (m) and a velocity of up
// to 7 km/s in a random direction.
void RandomState(RandomStream& random, double low_m, double high_m, Vector3d* r, Vector3d* v) {
  const geo::Geodetic point{std::asin(random.Uniform(-1.0, 1.0)), random.Uniform(-3.14, 3.14),
                            random.Uniform(low_m, high_m)};
  *r = geo::GeodeticToEcef(point);
  *v = Vector3d(random.Normal(), random.Normal(), random.Normal()).normalized() *
       random.Uniform(100.0, 7000.0);
}

TEST(GravityField, GradientMatchesCentralDifferences) {
  RandomStream random(3, "gravity-gradient");
  for (const GravityField& field : {GravityField::Wgs84J2(), GravityField::Wgs84PointMass()}) {
    for (int trial = 0; trial < kNumTrials; ++trial) {
      Vector3d r, v;
      RandomState(random, -1000.0, 3e6, &r, &v);
      Matrix3d numeric;
      for (int j = 0; j < 3; ++j) {
        const double h = 10.0;  // m; the O(h²) error is ~1e-17 /s² here
        Vector3d plus = r, minus = r;
        plus[j] += h;
        minus[j] -= h;
        numeric.col(j) = (field.Acceleration(plus) - field.Acceleration(minus)) / (2.0 * h);
      }
      const Matrix3d analytic = field.Gradient(r);
      EXPECT_LT((analytic - numeric).norm(), 1e-9 * numeric.norm()) << r.transpose();
      EXPECT_LT((analytic - analytic.transpose()).norm(), 1e-15 * analytic.norm());
    }
  }
}

TEST(FreeFlightDynamics, HeightGradientMatchesCentralDifferences) {
  RandomStream random(4, "height-gradient");
  for (bool ellipsoid : {true, false}) {
    const FreeFlightDynamics dynamics(PhysicsModel{.ellipsoid = ellipsoid});
    for (int trial = 0; trial < kNumTrials; ++trial) {
      Vector3d r, v;
      RandomState(random, 0.0, 1e6, &r, &v);
      Vector3d analytic, numeric;
      dynamics.AtmosphereHeight(r, &analytic);
      for (int j = 0; j < 3; ++j) {
        Vector3d plus = r, minus = r;
        plus[j] += 1.0;
        minus[j] -= 1.0;
        numeric[j] = (dynamics.AtmosphereHeight(plus) - dynamics.AtmosphereHeight(minus)) / 2.0;
      }
      EXPECT_LT((analytic - numeric).norm(), 1e-8) << r.transpose();
      // Close to the up direction, as the header says.
      EXPECT_GT(analytic.normalized().dot(dynamics.Up(r)), std::cos(4e-3));
    }
  }
}

TEST(FreeFlightDynamics, JacobianMatchesCentralDifferences) {
  RandomStream random(5, "free-flight-jacobian");
  const FreeFlightDynamics dynamics;
  const Vector3d extra(1.0, -2.0, 3.0);
  for (int trial = 0; trial < kNumTrials; ++trial) {
    Vector3d r, v;
    // Half the trials in the dense atmosphere, half up to 200 km.
    RandomState(random, 0.0, trial % 2 == 0 ? 40e3 : 200e3, &r, &v);
    const double kappa = random.Uniform(1e-5, 1e-3);
    FreeFlightJacobian jacobian;
    const Vector3d a = dynamics.Acceleration(r, v, 1.0 / kappa, extra, &jacobian);
    EXPECT_EQ(a, dynamics.Acceleration(r, v, 1.0 / kappa, extra));
    Matrix3d by_r, by_v;
    for (int j = 0; j < 3; ++j) {
      Vector3d plus = r, minus = r;
      plus[j] += 0.5;
      minus[j] -= 0.5;
      by_r.col(j) = dynamics.Acceleration(plus, v, 1.0 / kappa, extra) -
                    dynamics.Acceleration(minus, v, 1.0 / kappa, extra);
      Vector3d vplus = v, vminus = v;
      vplus[j] += 1e-3;
      vminus[j] -= 1e-3;
      by_v.col(j) = (dynamics.Acceleration(r, vplus, 1.0 / kappa, extra) -
                     dynamics.Acceleration(r, vminus, 1.0 / kappa, extra)) /
                    2e-3;
    }
    // The drag alone, so that the difference does not cancel against gravity.
    const double dk = 1e-3 * kappa;
    const Vector3d by_kappa = (dynamics.DragPerVelocity(r, v, 1.0 / (kappa - dk)) -
                               dynamics.DragPerVelocity(r, v, 1.0 / (kappa + dk))) /
                              (2.0 * dk) * v;
    // Position differences cross the atmosphere's layer kinks now and then;
    // the tolerance allows for the mean-slope rule there.
    EXPECT_LT((jacobian.position - by_r).norm(), 1e-3 * by_r.norm() + 1e-9) << r.transpose();
    EXPECT_LT((jacobian.velocity - by_v).norm(), 1e-6 * by_v.norm() + 1e-12);
    EXPECT_LT((jacobian.drag_per_inverse_ballistic_coefficient - by_kappa).norm(),
              1e-6 * by_kappa.norm() + 1e-12);
  }
}

TEST(FreeFlightDynamics, ZeroInverseBallisticCoefficientMeansNoDrag) {
  const FreeFlightDynamics dynamics;
  const Vector3d r = geo::GeodeticToEcef(geo::Geodetic::FromDegrees(39.0, 127.0, 20e3));
  const Vector3d v(1000.0, -500.0, 800.0);
  const double infinite = std::numeric_limits<double>::infinity();
  EXPECT_EQ(dynamics.Acceleration(r, v, infinite, Vector3d::Zero()),
            dynamics.FrameAcceleration(r, v));
  // Drag is ½ ρ |v| v / β against the velocity.
  const double beta = 5000.0;
  const Vector3d drag =
      dynamics.Acceleration(r, v, beta, Vector3d::Zero()) - dynamics.FrameAcceleration(r, v);
  const double rho = StandardDensity1976(dynamics.AtmosphereHeight(r));
  EXPECT_NEAR((drag + 0.5 * rho * v.norm() * v / beta).norm(), 0.0, 1e-12);
  EXPECT_NEAR(dynamics.AtmosphereHeight(r), 20e3, 1.0);
}

}  // namespace
}  // namespace trilink::flight
