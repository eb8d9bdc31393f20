// Impact and launch prediction against truth: noise-free convergence from
// the true mid-flight state (minimum-energy flights; the seed scenario's
// quasi-ballistic missiles in tests/seed_assessment_test.cc), calibration of the ellipses over
// Monte Carlo runs, ellipse geometry.
#include "trilink/assess/impact.h"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <Eigen/QR>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "trilink/core/random.h"
#include "trilink/flight/integrator.h"
#include "trilink/flight/reconstruct.h"
#include "true_state.h"

namespace trilink::assess {
namespace {

using Eigen::Vector3d;
using tracking::BallisticVector;
constexpr int kN = tracking::kBallisticStateSize;

using test_states::Distance;
using test_states::HalfwaySample;
using test_states::TrueState;

TEST(PredictImpact, MinimumEnergyFlightsFromTheTrueHalfwayState) {
  for (double range_km : {300.0, 1000.0, 3000.0, 8000.0}) {
    flight::ReconstructionRequest request;
    request.site = geo::Geodetic::FromDegrees(39.2, 127.5);
    request.azimuth_rad = 72.0 * std::numbers::pi / 180.0;
    request.range_m = range_km * 1e3;
    request.profile = flight::Profile::kMinimumEnergy;
    const flight::Reconstruction r = flight::Reconstruct(request, {.sample_interval_s = 1.0});
    ASSERT_TRUE(r.ok()) << r.error;
    const size_t k = HalfwaySample(r.flight);
    const ImpactPropagation p =
        PredictImpact(TrueState(r.flight, k, r.vehicle.payload_ballistic_coefficient_kg_m2, false),
                      UtcTime(), {});
    ASSERT_TRUE(p.ok());
    const double error = Distance(p.prediction.estimate.point, r.flight.impact);
    const double time_error = p.prediction.estimate.time.seconds_since_epoch() -
                              (r.flight.flight_time_s - 0.0) + r.flight.samples[k].t_s;
    std::printf("min-energy %5.0f km: impact error %.1f m, time %+.3f s, apogee %.1f vs %.1f km\n",
                range_km, error, time_error, p.predicted_apogee_m / 1e3,
                r.flight.apogee_height_m / 1e3);
    EXPECT_LT(error, 100.0) << range_km;
    EXPECT_LT(std::abs(time_error), 0.5) << range_km;
    // Descending from the halfway point on: the apogee is the state's height.
    EXPECT_LT(std::abs(p.predicted_apogee_m - r.flight.apogee_height_m),
              0.05 * r.flight.apogee_height_m);
  }
}

// An independent truth flight: the free-flight dynamics (κ from the state,
// no extra acceleration) by a tight Dormand–Prince run to height 0.
geo::Geodetic TruthImpact(const BallisticVector& x) {
  const flight::FreeFlightDynamics dynamics;
  using State6 = Eigen::Matrix<double, 6, 1>;
  const flight::DormandPrince54<6> integrator(
      {.relative_tolerance = 1e-10},
      (State6() << Vector3d::Constant(1e-3), Vector3d::Constant(1e-6)).finished());
  const double beta = 1.0 / x(9);
  auto rhs = [&](double, const State6& y) {
    State6 d;
    d << y.tail<3>(), dynamics.Acceleration(y.head<3>(), y.tail<3>(), beta, Vector3d::Zero());
    return d;
  };
  auto height = [](double, const State6& y) { return geo::HeightAboveEllipsoid(y.head<3>()); };
  const auto summary =
      integrator.Integrate(rhs, 0.0, State6(x.head<6>()), 5000.0,
                           [&](const flight::DenseStep<6>& step) -> std::optional<double> {
                             if (height(0, step.y1()) < 0.0) return flight::FindRoot(step, height);
                             return std::nullopt;
                           });
  EXPECT_EQ(summary.end, flight::IntegrationEnd::kStoppedByObserver);
  geo::Geodetic g = geo::EcefToGeodetic(summary.y.head<3>());
  g.height_m = 0.0;
  return g;
}

// True states drawn from N(mean, P), flown by the truth physics: the 95 %
// and 50 % ellipses from (mean, P) must hold 95 ± 3 % and 50 ± 6 %.
void Calibrate(double range_km, const char* stream, double position_sigma_m,
               double velocity_sigma_m_s) {
  flight::ReconstructionRequest request;
  request.site = geo::Geodetic::FromDegrees(39.2, 127.5);
  request.azimuth_rad = 72.0 * std::numbers::pi / 180.0;
  request.range_m = range_km * 1e3;
  request.profile = flight::Profile::kMinimumEnergy;
  const flight::Reconstruction r = flight::Reconstruct(request, {.sample_interval_s = 1.0});
  ASSERT_TRUE(r.ok()) << r.error;
  // Mid-course, with a tracker-like covariance: correlated position and
  // velocity (a random rotation of a diagonal), ballistic a, κ uncertain.
  const size_t k = r.flight.samples.size() / 3;
  Gaussian<kN> mean = TrueState(r.flight, k, r.vehicle.payload_ballistic_coefficient_kg_m2, false);
  RandomStream random(20260310, stream);
  Eigen::Matrix<double, 6, 6> m;
  for (int i = 0; i < 36; ++i) m(i) = random.Normal();
  const Eigen::Matrix<double, 6, 6> q = m.householderQr().householderQ();
  Eigen::Matrix<double, 6, 1> sigma;
  sigma << Vector3d::Constant(position_sigma_m), Vector3d::Constant(velocity_sigma_m_s);
  // Scale the rotated block so that each kinematic part keeps its own σ:
  // correlate position with velocity through a shared rotation.
  Eigen::Matrix<double, 6, 6> root = Eigen::Matrix<double, 6, 6>::Zero();
  root.topLeftCorner<3, 3>() = position_sigma_m * q.topLeftCorner<3, 3>();
  root.bottomRightCorner<3, 3>() = velocity_sigma_m_s * q.bottomRightCorner<3, 3>();
  root.bottomLeftCorner<3, 3>() = 0.5 * velocity_sigma_m_s * q.bottomLeftCorner<3, 3>();
  mean.covariance.setZero();
  mean.covariance.topLeftCorner<6, 6>() = root * root.transpose();
  mean.covariance.block<3, 3>(6, 6) = 1e-6 * Eigen::Matrix3d::Identity();
  mean.covariance(9, 9) = std::pow(0.3 * mean.mean(9), 2);
  // The truth has a ≡ 0 (ballistic); the drawn a is not flown.
  const ImpactPropagation p = PredictImpact(mean, UtcTime(), {});
  ASSERT_TRUE(p.ok());
  const GroundEstimate& e = p.prediction.estimate;
  const Eigen::Matrix2d inverse = e.east_north_covariance.inverse();
  const geo::LocalFrame frame(e.point);
  const Eigen::LLT<SquareMatrix<kN>> llt(mean.covariance);
  const SquareMatrix<kN> l = llt.matrixL();
  constexpr int kRuns = 400;
  int inside95 = 0, inside50 = 0;
  for (int run = 0; run < kRuns; ++run) {
    BallisticVector z;
    for (int i = 0; i < kN; ++i) z(i) = random.Normal();
    const geo::Geodetic impact = TruthImpact(mean.mean + l * z);
    const Eigen::Vector2d d = frame.EcefToEnu(geo::GeodeticToEcef(impact)).head<2>();
    const double d2 = d.dot(inverse * d);
    inside95 += d2 <= -2.0 * std::log(0.05);
    inside50 += d2 <= -2.0 * std::log(0.5);
  }
  const double f95 = inside95 / static_cast<double>(kRuns);
  const double f50 = inside50 / static_cast<double>(kRuns);
  std::printf(
      "%5.0f km, σ %.0f m / %.0f m/s: ellipse95 %.1f x %.1f km, inside 95 %%: %.3f, 50 %%: %.3f\n",
      range_km, position_sigma_m, velocity_sigma_m_s, p.prediction.ellipse95.semi_major_m / 1e3,
      p.prediction.ellipse95.semi_minor_m / 1e3, f95, f50);
  EXPECT_NEAR(f95, 0.95, 0.03);
  EXPECT_NEAR(f50, 0.50, 0.06);
}

TEST(PredictImpact, EllipsesAreCalibratedOverMonteCarloRuns) {
  Calibrate(1000.0, "calibration/1000", 300.0, 20.0);
  Calibrate(3000.0, "calibration/3000", 500.0, 10.0);
}

TEST(EllipseOf, ScalesWithTheChiSquareQuantile) {
  Eigen::Matrix2d covariance;
  covariance << 4e6, 0.0, 0.0, 1e6;  // σ_e 2 km, σ_n 1 km
  const GroundEllipse e = EllipseOf(geo::Geodetic{}, covariance, 0.95);
  EXPECT_NEAR(e.semi_major_m, 2000.0 * std::sqrt(-2.0 * std::log(0.05)), 1e-6);
  EXPECT_NEAR(e.semi_minor_m, 1000.0 * std::sqrt(-2.0 * std::log(0.05)), 1e-6);
  EXPECT_NEAR(e.major_azimuth_rad, 0.5 * std::numbers::pi, 1e-12);  // east
}

TEST(PredictImpact, WeightsAreNonNegativeAndSumToOne) {
  flight::ReconstructionRequest request;
  request.site = geo::Geodetic::FromDegrees(39.15, 127.55);
  request.azimuth_rad = 90.0 * std::numbers::pi / 180.0;
  request.range_m = 350e3;
  request.profile = flight::Profile::kMinimumEnergy;
  const flight::Reconstruction r = flight::Reconstruct(request, {.sample_interval_s = 1.0});
  ASSERT_TRUE(r.ok()) << r.error;
  const ImpactPropagation p =
      PredictImpact(TrueState(r.flight, 100, r.vehicle.payload_ballistic_coefficient_kg_m2, false),
                    UtcTime(), {});
  ASSERT_TRUE(p.ok());
  double sum = 0.0;
  for (double w : p.prediction.sample_weights) {
    EXPECT_GE(w, 0.0);
    sum += w;
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
  EXPECT_EQ(p.prediction.sample_points.size(), 21u);
  ASSERT_GE(p.path.size(), 2u);
  EXPECT_NEAR(p.path.back().position.height_m, 0.0, 1.0);
}

}  // namespace
}  // namespace trilink::assess
