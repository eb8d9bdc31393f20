#include <gtest/gtest.h>

#include <cmath>

#include "trilink/core/units.h"
#include "trilink/flight/gravity.h"
#include "trilink/flight/integrator.h"
#include "trilink/flight/trajectory.h"
#include "trilink/flight/vehicle.h"
#include "trilink/geo/wgs84.h"

namespace trilink::flight {
namespace {

using Eigen::Vector3d;

TEST(DormandPrince54, MatchesHarmonicOscillatorAndDenseOutput) {
  using State = Eigen::Vector2d;
  DormandPrince54<2> integrator({.relative_tolerance = 1e-10}, State::Constant(1e-12));
  auto rhs = [](double, const State& y) { return State(y[1], -y[0]); };
  double worst_dense_error = 0.0;
  auto summary =
      integrator.Integrate(rhs, 0.0, State(1.0, 0.0), 20.0, [&](const DenseStep<2>& step) {
        const double t = 0.5 * (step.t0() + step.t1());
        worst_dense_error = std::max(worst_dense_error, std::abs(step.At(t)[0] - std::cos(t)));
        return std::optional<double>();
      });
  EXPECT_EQ(summary.end, IntegrationEnd::kReachedEnd);
  EXPECT_DOUBLE_EQ(summary.t, 20.0);
  EXPECT_NEAR(summary.y[0], std::cos(20.0), 1e-8);
  EXPECT_NEAR(summary.y[1], -std::sin(20.0), 1e-8);
  EXPECT_LT(worst_dense_error, 1e-7);
}

TEST(DormandPrince54, LocatesEventOnDenseOutput) {
  // Free fall from 100 m at g = 9.81: height 0 at t = sqrt(2 h / g).
  using State = Eigen::Vector2d;
  DormandPrince54<2> integrator({.relative_tolerance = 1e-9}, State::Constant(1e-9));
  auto rhs = [](double, const State& y) { return State(y[1], -9.81); };
  auto height = [](double, const State& y) { return y[0]; };
  auto summary =
      integrator.Integrate(rhs, 0.0, State(100.0, 0.0), 100.0, [&](const DenseStep<2>& step) {
        return step.y1()[0] <= 0.0 ? std::optional<double>(FindRoot(step, height)) : std::nullopt;
      });
  EXPECT_EQ(summary.end, IntegrationEnd::kStoppedByObserver);
  EXPECT_NEAR(summary.t, std::sqrt(2.0 * 100.0 / 9.81), 1e-9);
  EXPECT_NEAR(summary.y[0], 0.0, 1e-8);
}

TEST(GravityField, AccelerationIsMinusGradientOfPotential) {
  const GravityField field = GravityField::Wgs84J2();
  const Vector3d points[] = {
      {6378137.0, 0, 0}, {3e6, 4e6, 4.5e6}, {-1e6, 2e6, -6.5e6}, {7e6, -7e6, 1e6}};
  for (const Vector3d& r : points) {
    Vector3d numeric;
    for (int i = 0; i < 3; ++i) {
      const double h = 1.0;  // m; central differences, error O(h^2)
      Vector3d plus = r, minus = r;
      plus[i] += h;
      minus[i] -= h;
      numeric[i] = -(field.Potential(plus) - field.Potential(minus)) / (2 * h);
    }
    EXPECT_LT((field.Acceleration(r) - numeric).norm(), 1e-8 * field.Acceleration(r).norm())
        << r.transpose();
  }
}

TEST(GravityField, SurfaceGravityMatchesWgs84Magnitude) {
  // Gravitation only (no centrifugal term) at the equator: GM/a^2 (1 + 1.5 J2) = 9.8142 m/s^2.
  const GravityField field = GravityField::Wgs84J2();
  const double g = field.Acceleration(Vector3d(geo::kWgs84SemiMajorAxis, 0, 0)).norm();
  EXPECT_NEAR(g, geo::kWgs84Gm / std::pow(geo::kWgs84SemiMajorAxis, 2) * (1 + 1.5 * kEgm96J2),
              1e-12);
  EXPECT_NEAR(g, 9.8142, 1e-3);
}

TEST(Vehicle, GenericVehicleHasAskedDeltaV) {
  for (double dv : {2000.0, 3500.0, 5000.0, 7500.0, 12000.0}) {
    const Vehicle vehicle = Vehicle::Generic(dv);
    std::string error;
    EXPECT_TRUE(vehicle.IsValid(&error)) << error;
    EXPECT_NEAR(vehicle.IdealDeltaV(1.0), dv, 1e-6 * dv);
    EXPECT_LT(vehicle.IdealDeltaV(0.5), dv);
  }
  EXPECT_EQ(Vehicle::Generic(4500).stages.size(), 1u);
  EXPECT_EQ(Vehicle::Generic(7000).stages.size(), 2u);
  EXPECT_EQ(Vehicle::Generic(12000).stages.size(), 3u);
}

TEST(BoostDragCoefficient, HasTransonicPeak) {
  EXPECT_DOUBLE_EQ(BoostDragCoefficient(0.0), 0.20);
  EXPECT_DOUBLE_EQ(BoostDragCoefficient(1.1), 0.45);
  EXPECT_NEAR(BoostDragCoefficient(0.9), 0.31, 1e-12);
  EXPECT_DOUBLE_EQ(BoostDragCoefficient(30.0), 0.20);
}

// Jacobi-type integral of motion in the rotating frame for a conservative,
// axisymmetric field: C = |v|^2/2 + U(r) − ω^2 (x^2 + y^2)/2 (Vallado §12.x,
// the restricted problem's Jacobi constant with one primary).
double JacobiIntegral(const FlightSample& s, const GravityField& field) {
  const double omega = geo::kWgs84EarthRate;
  const Vector3d& r = s.ecef_position;
  return 0.5 * s.ecef_velocity.squaredNorm() + field.Potential(r) -
         0.5 * omega * omega * (r.x() * r.x() + r.y() * r.y());
}

TEST(SimulateFlight, JacobiIntegralConservedInVacuumWithJ2AndRotation) {
  FlightOptions options;
  options.physics = {.ellipsoid = true,
                     .rotation = true,
                     .j2 = true,
                     .atmosphere = false,
                     .impulsive_boost = true};
  options.sample_interval_s = 10.0;
  const FlightControls controls{
      .heading_rad = DegToRad(40), .propellant_load = 0.66, .pitch_over_rad = DegToRad(25)};
  const FlightResult flight =
      SimulateFlight(geo::Geodetic::FromDegrees(40.0, 127.0), Vehicle{}, controls, options);
  ASSERT_EQ(flight.end, FlightEnd::kImpact);
  ASSERT_GT(flight.flight_time_s, 2000.0);
  const GravityField field = GravityField::Wgs84J2();
  const double c0 = JacobiIntegral(flight.samples.front(), field);
  double worst = 0.0;
  for (const FlightSample& s : flight.samples) {
    worst = std::max(worst, std::abs(JacobiIntegral(s, field) - c0) / std::abs(c0));
  }
  EXPECT_LT(worst, 1e-8);
}

TEST(SimulateFlight, ImpactLandsOnTheEllipsoidAndIsReproducible) {
  FlightOptions options;
  options.sample_interval_s = 5.0;
  const Vehicle vehicle = Vehicle::Generic(4000.0);
  const FlightControls controls{
      .heading_rad = DegToRad(75), .propellant_load = 0.8, .pitch_over_rad = DegToRad(20)};
  const geo::Geodetic site = geo::Geodetic::FromDegrees(39.2, 127.5);
  const FlightResult a = SimulateFlight(site, vehicle, controls, options);
  ASSERT_EQ(a.end, FlightEnd::kImpact);
  EXPECT_NEAR(geo::HeightAboveEllipsoid(a.samples.back().ecef_position), 0.0, 1.0);
  EXPECT_GT(a.burnout_time_s, 0.0);
  EXPECT_LT(a.burnout_time_s, a.apogee_time_s);
  EXPECT_LT(a.apogee_time_s, a.flight_time_s);
  EXPECT_GT(a.range_m, 100e3);
  const FlightResult b = SimulateFlight(site, vehicle, controls, options);
  ASSERT_EQ(a.samples.size(), b.samples.size());
  for (size_t i = 0; i < a.samples.size(); ++i) {
    EXPECT_EQ(a.samples[i].ecef_position, b.samples[i].ecef_position);
  }
  EXPECT_EQ(a.flight_time_s, b.flight_time_s);
}

TEST(SimulateFlight, GlideStretchesTheFlight) {
  FlightOptions options;
  // A depressed boost to a 50 km apogee, then a glide from the apogee.
  const Vehicle vehicle = Vehicle::Generic(4500.0);
  FlightControls controls{
      .heading_rad = DegToRad(75), .propellant_load = 0.6, .pitch_over_rad = 1.27};
  const geo::Geodetic site = geo::Geodetic::FromDegrees(39.2, 127.5);
  const FlightResult ballistic = SimulateFlight(site, vehicle, controls, options);
  controls.lift_to_drag = 3.0;
  const FlightResult glide = SimulateFlight(site, vehicle, controls, options);
  ASSERT_EQ(ballistic.end, FlightEnd::kImpact);
  ASSERT_EQ(glide.end, FlightEnd::kImpact);
  EXPECT_TRUE(std::isnan(ballistic.pull_up_time_s));
  EXPECT_GE(glide.pull_up_time_s, glide.apogee_time_s);
  EXPECT_GT(glide.dive_time_s, glide.pull_up_time_s);
  EXPECT_GT(glide.flight_time_s, 1.3 * ballistic.flight_time_s);
  EXPECT_GT(glide.range_m, ballistic.range_m);
  EXPECT_DOUBLE_EQ(glide.apogee_height_m, ballistic.apogee_height_m);
}

}  // namespace
}  // namespace trilink::flight
