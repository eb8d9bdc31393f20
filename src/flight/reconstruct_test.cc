#include "trilink/flight/reconstruct.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "trilink/core/error.h"
#include "trilink/core/units.h"

namespace trilink::flight {
namespace {

using ::testing::HasSubstr;

// Minimum-energy free flight between two points on a sphere, derived here
// from Lambert-problem geometry and Kepler's equation, independently of both
// the integrator and the solver's own (Wheelon-form) sizing formulas:
//  - chord c = 2 R sin(Ψ/2); the minimum-energy ellipse has a = (2R + c)/4
//    and semi-latus rectum p = R^2 (1 − cos Ψ)/c (Prussing & Conway,
//    "Orbital Mechanics", §4.4);
//  - apogee radius a (1 + e) with e = sqrt(1 − p/a); by symmetry launch and
//    impact sit at true anomalies π ∓ Ψ/2; time from Kepler's equation;
//  - burnout speed from the vis-viva equation.
struct ClosedForm {
  double speed_m_s;
  double apogee_m;
  double flight_time_s;
};

ClosedForm MinimumEnergyClosedForm(double range_m) {
  const double mu = geo::kWgs84Gm;
  const double r = kSphericalEarthRadius;
  const double psi = range_m / r;
  const double chord = 2.0 * r * std::sin(0.5 * psi);
  const double a = (2.0 * r + chord) / 4.0;
  const double p = r * r * (1.0 - std::cos(psi)) / chord;
  const double e = std::sqrt(1.0 - p / a);
  const double nu = kPi - 0.5 * psi;  // true anomaly at launch
  const double eccentric = 2.0 * std::atan(std::sqrt((1.0 - e) / (1.0 + e)) * std::tan(0.5 * nu));
  const double mean = eccentric - e * std::sin(eccentric);
  return {std::sqrt(mu * (2.0 / r - 1.0 / a)), a * (1.0 + e) - r,
          2.0 * (kPi - mean) * std::sqrt(a * a * a / mu)};
}

TEST(MinimumEnergyClosedForm, AgreesWithWheelonsFlightPathAngleForm) {
  // Wheelon: φ* = (π − Ψ)/4, ν* = 2 sin(Ψ/2)/(1 + sin(Ψ/2)).
  for (double range_km : {300.0, 2000.0, 10000.0}) {
    const double psi = range_km * 1e3 / kSphericalEarthRadius;
    const double nu = 2.0 * std::sin(psi / 2) / (1.0 + std::sin(psi / 2));
    const double speed = std::sqrt(nu * geo::kWgs84Gm / kSphericalEarthRadius);
    EXPECT_NEAR(MinimumEnergyClosedForm(range_km * 1e3).speed_m_s, speed, 1e-9 * speed);
  }
}

ReconstructionRequest Request(double range_km) {
  ReconstructionRequest request;
  request.site = geo::Geodetic::FromDegrees(39.2, 127.5);
  request.azimuth_rad = DegToRad(75.0);
  request.range_m = range_km * 1e3;
  return request;
}

TEST(Reconstruct, VacuumSphericalMinimumEnergyMatchesClosedForm) {
  for (double range_km : {300.0, 800.0, 2000.0, 5000.0, 10000.0}) {
    ReconstructionRequest request = Request(range_km);
    request.physics = PhysicsModel::VacuumSpherical();
    request.profile = Profile::kMinimumEnergy;
    const Reconstruction r = Reconstruct(request, {});
    ASSERT_TRUE(r.ok()) << r.error;
    const ClosedForm expected = MinimumEnergyClosedForm(range_km * 1e3);
    EXPECT_NEAR(r.flight.range_m, range_km * 1e3, 1e-3 * range_km * 1e3);
    EXPECT_NEAR(r.flight.apogee_height_m, expected.apogee_m, 5e-3 * expected.apogee_m) << range_km;
    EXPECT_NEAR(r.flight.flight_time_s, expected.flight_time_s, 5e-3 * expected.flight_time_s)
        << range_km;
    EXPECT_NEAR(r.flight.burnout_speed_m_s, expected.speed_m_s, 5e-3 * expected.speed_m_s)
        << range_km;
  }
}

struct ReportedCase {
  const char* name;
  double range_km;
  std::optional<double> apogee_km;
  std::optional<double> flight_time_s;
  std::optional<Profile> profile;
};

class ReconstructReported : public ::testing::TestWithParam<ReportedCase> {};

TEST_P(ReconstructReported, MatchesEveryGivenFigureWithinOnePercent) {
  const ReportedCase& c = GetParam();
  ReconstructionRequest request = Request(c.range_km);
  if (c.apogee_km) request.apogee_m = *c.apogee_km * 1e3;
  request.flight_time_s = c.flight_time_s;
  request.profile = c.profile;
  const Reconstruction r = Reconstruct(request, {});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_NEAR(r.flight.range_m, c.range_km * 1e3, 0.01 * c.range_km * 1e3);
  if (c.apogee_km) {
    EXPECT_NEAR(r.flight.apogee_height_m, *c.apogee_km * 1e3, 0.01 * *c.apogee_km * 1e3);
  }
  if (c.flight_time_s) {
    EXPECT_NEAR(r.flight.flight_time_s, *c.flight_time_s, 0.01 * *c.flight_time_s);
  }
  // The impact lies on the reported bearing.
  EXPECT_NEAR(r.flight.impact_azimuth_rad, DegToRad(75.0), 1e-3);
}

INSTANTIATE_TEST_SUITE_P(
    SrbmToLoftedIcbm, ReconstructReported,
    ::testing::Values(ReportedCase{"srbm_quasi_ballistic", 800, 50, 600, std::nullopt},
                      ReportedCase{"srbm_min_energy", 600, std::nullopt, std::nullopt,
                                   std::nullopt},
                      ReportedCase{"irbm", 4600, 1000, std::nullopt, std::nullopt},
                      ReportedCase{"lofted_icbm", 1000, 6000, std::nullopt, Profile::kLofted},
                      ReportedCase{"mrbm_depressed", 1500, 150, std::nullopt, std::nullopt},
                      ReportedCase{"range_and_time", 1000, std::nullopt, 480, std::nullopt}),
    [](const auto& test_info) { return std::string(test_info.param.name); });

TEST(Reconstruct, RefusesConflictingFiguresAndSaysWhy) {
  ReconstructionRequest request = Request(800);
  request.apogee_m = 30e3;
  request.flight_time_s = 180;
  const Reconstruction r = Reconstruct(request, {});
  ASSERT_FALSE(r.ok());
  // 800 km with a 30 km apogee is already out of reach (the drag at that
  // height), whatever the time; the message names both figures.
  EXPECT_NE(r.error.find("800 km"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("30.0 km apogee"), std::string::npos) << r.error;
}

TEST(Reconstruct, RefusesLoftedBelowMinimumEnergyApogee) {
  ReconstructionRequest request = Request(2000);
  request.apogee_m = 100e3;
  request.profile = Profile::kLofted;
  const Reconstruction r = Reconstruct(request, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.find("lofted"), std::string::npos) << r.error;
}

TEST(Reconstruct, AimsAtAReportedImpactPoint) {
  ReconstructionRequest request;
  request.site = geo::Geodetic::FromDegrees(39.2, 127.5);
  request.impact = geo::Geodetic::FromDegrees(40.5, 135.0);
  const Reconstruction r = Reconstruct(request, {});
  ASSERT_TRUE(r.ok()) << r.error;
  const geo::GeodesicLine miss = geo::GeodesicInverse(r.flight.impact, *request.impact);
  EXPECT_LT(miss.distance_m, 0.01 * r.flight.range_m);
}

TEST(Reconstruct, RejectsMalformedRequests) {
  ReconstructionRequest request = Request(800);
  request.impact = geo::Geodetic::FromDegrees(40.0, 135.0);
  EXPECT_THROW(Reconstruct(request, {}), InputError);
  request = Request(800);
  request.apogee_m = -5.0;
  EXPECT_THROW(Reconstruct(request, {}), InputError);
}

TEST(ReconstructionOptions, DefaultsAreValid) {
  std::string error;
  EXPECT_TRUE(ReconstructionOptions().IsValid(&error)) << error;
}

TEST(ReconstructionOptions, RejectsOutOfRangeFieldsNamingThem) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto error_of = [](const ReconstructionOptions& options) {
    std::string error;
    EXPECT_FALSE(options.IsValid(&error));
    return error;
  };
  EXPECT_THAT(error_of({.figure_tolerance = 0.0}), HasSubstr("figure_tolerance"));
  EXPECT_THAT(error_of({.figure_tolerance = nan}), HasSubstr("figure_tolerance"));
  EXPECT_THAT(error_of({.solve_tolerance = 1.0}), HasSubstr("solve_tolerance"));
  EXPECT_THAT(error_of({.solve_tolerance = nan}), HasSubstr("solve_tolerance"));
  EXPECT_THAT(error_of({.sample_interval_s = -1.0}), HasSubstr("sample_interval_s"));
  EXPECT_THAT(error_of({.sample_interval_s = nan}), HasSubstr("sample_interval_s"));
  EXPECT_THAT(error_of({.sample_interval_s = std::numeric_limits<double>::infinity()}),
              HasSubstr("sample_interval_s"));
  ReconstructionOptions bad_flight;
  bad_flight.flight.position_tolerance_m = nan;
  EXPECT_EQ(error_of(bad_flight), "flight: tolerances must be positive");
}

TEST(ReconstructionOptions, NullErrorIsAllowed) {
  EXPECT_FALSE(ReconstructionOptions{.figure_tolerance = -1.0}.IsValid(nullptr));
}

TEST(ReconstructDeathTest, ChecksTheOptions) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(Reconstruct(Request(800), {.solve_tolerance = 0.0}), "solve_tolerance");
}

}  // namespace
}  // namespace trilink::flight
