#include "trilink/sensors/radar.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_util.h"
#include "trilink/core/random.h"
#include "trilink/core/units.h"
#include "trilink/geo/wgs84.h"

namespace trilink::sensors {
namespace {

constexpr int kNumTrials = 2'000;

RadarConfig AllComponents(const geo::Geodetic& site) {
  RadarConfig config;
  config.site = site;
  config.measures = {true, true, true, true};
  config.range_sigma_m = 25.0;
  config.azimuth_sigma_rad = 1.5e-3;
  config.elevation_sigma_rad = 2e-3;
  config.range_rate_sigma_m_s = 3.0;
  return config;
}

// A target state 20 km – 2000 km from the site in a random direction (up to
// 1500 km high), with a speed up to 7 km/s.
Vector<6> RandomState(const geo::LocalFrame& frame, RandomStream& random) {
  Eigen::Vector3d enu(random.Uniform(-1.0, 1.0), random.Uniform(-1.0, 1.0),
                      random.Uniform(-0.2, 1.0));
  enu = enu.normalized() * random.Uniform(2e4, 2e6);
  Vector<6> state;
  state.head<3>() = frame.EnuToEcef(enu);
  for (int i = 3; i < 6; ++i) state(i) = random.Uniform(-4000.0, 4000.0);
  return state;
}

template <int N>
void CheckJacobians(const RadarConfig& config, uint64_t seed) {
  const RadarMeasurement<N> model(config);
  RandomStream random(seed, "radar-jacobian");
  Vector<N> step = Vector<N>::Constant(1e-3);
  step.template head<3>().setConstant(0.5);  // m: small against ranges ≥ 20 km
  for (int trial = 0; trial < kNumTrials; ++trial) {
    Vector<N> state = Vector<N>::Zero();
    state.template head<6>() = RandomState(model.model().frame(), random);
    for (int i = 6; i < N; ++i) state(i) = random.Uniform(-1.0, 1.0);
    MeasurementJacobian<N> analytic;
    model.Predict(state, &analytic);
    const MeasurementJacobian<N> numeric = testing::NumericalJacobian<N>(model, state, step);
    ASSERT_EQ(analytic.rows(), model.size());
    for (int r = 0; r < model.size(); ++r) {
      const double scale = numeric.row(r).norm();
      ASSERT_LE((analytic.row(r) - numeric.row(r)).norm(), 1e-6 * scale + 1e-12)
          << "trial " << trial << " row " << r << "\nanalytic " << analytic.row(r) << "\nnumeric  "
          << numeric.row(r);
    }
  }
}

TEST(RadarMeasurement, JacobianMatchesCentralDifferences) {
  CheckJacobians<6>(AllComponents(geo::Geodetic::FromDegrees(37.5, 129.1, 120.0)), 1);
  CheckJacobians<9>(AllComponents(geo::Geodetic::FromDegrees(-33.0, -70.0, 0.0)), 2);
  RadarConfig angles_and_rate = AllComponents(geo::Geodetic::FromDegrees(80.0, 10.0, 10.0));
  angles_and_rate.measures = {false, true, true, true};
  CheckJacobians<7>(angles_and_rate, 3);
}

TEST(RadarMeasurement, ShipRadarRangeRateUsesSiteVelocity) {
  RadarConfig config = AllComponents(geo::Geodetic::FromDegrees(40.0, 135.0, 20.0));
  config.site_ecef_velocity = Eigen::Vector3d(5.0, -8.0, 3.0);
  CheckJacobians<6>(config, 4);
  const RadarModel model(config);
  // A target moving with the ship has no range-rate.
  const Eigen::Vector3d target = model.frame().EnuToEcef({1e5, 2e5, 3e4});
  const MeasurementVector z = model.Predict(target, config.site_ecef_velocity);
  EXPECT_NEAR(z(model.IndexOf(RadarComponent::kRangeRate)), 0.0, 1e-9);
}

TEST(RadarMeasurement, KnownGeometry) {
  const geo::Geodetic site = geo::Geodetic::FromDegrees(0.0, 130.0, 0.0);
  const RadarModel model(AllComponents(site));
  const int r = model.IndexOf(RadarComponent::kRange);
  const int az = model.IndexOf(RadarComponent::kAzimuth);
  const int el = model.IndexOf(RadarComponent::kElevation);
  const int rr = model.IndexOf(RadarComponent::kRangeRate);

  // Straight overhead, 100 km up, climbing at 1 km/s: elevation π/2, opening.
  geo::Geodetic above = site;
  above.height_m = 1e5;
  const Eigen::Vector3d up = model.frame().ecef_R_enu().col(2);
  MeasurementVector z = model.Predict(geo::GeodeticToEcef(above), 1000.0 * up);
  EXPECT_NEAR(z(el), kPi / 2, 1e-12);
  EXPECT_NEAR(z(r), 1e5, 1e-6);
  EXPECT_NEAR(z(rr), 1000.0, 1e-9);

  // Due east on the equator at the same height: azimuth π/2, elevation
  // below the horizontal by half the central angle.
  const Eigen::Vector3d east = geo::GeodeticToEcef(geo::Geodetic::FromDegrees(0.0, 131.0, 0.0));
  z = model.Predict(east, Eigen::Vector3d::Zero());
  EXPECT_NEAR(z(az), kPi / 2, 1e-12);
  EXPECT_NEAR(z(el), -DegToRad(0.5), 1e-9);

  // Due north, closing at 2 km/s along the line of sight: negative range-rate.
  const Eigen::Vector3d north = model.frame().EnuToEcef({0.0, 3e5, 5e4});
  const Eigen::Vector3d closing = -2000.0 * (north - model.frame().ecef_origin()).normalized();
  z = model.Predict(north, closing);
  EXPECT_NEAR(WrapAngle(z(az)), 0.0, 1e-12);
  EXPECT_NEAR(z(rr), -2000.0, 1e-9);
  // Due west: azimuth 3π/2 (clockwise from north, in [0, 2π)).
  z = model.Predict(model.frame().EnuToEcef({-1e5, 0.0, 1e4}), Eigen::Vector3d::Zero());
  EXPECT_NEAR(z(az), 1.5 * kPi, 1e-12);
}

// The radar horizon in the 4/3-Earth model: a target at height h_t is
// visible from a radar at height h_s to a surface distance of about
//   d = sqrt(2 k R h_s) + sqrt(2 k R h_t)
// (Skolnik, Introduction to Radar Systems, 3rd ed., ch. 8): with k = 4/3,
// R ≈ 6371 km and h_s = 0, a 10 km high target is visible to about 412 km.
TEST(RadarMeasurement, HorizonWithFourThirdsEarthRefraction) {
  constexpr double k = 4.0 / 3.0;
  EXPECT_NEAR(std::sqrt(2.0 * k * 6'371'000.0 * 10'000.0), 412'000.0, 500.0);
  for (const double site_height_m : {0.0, 300.0}) {
    for (const double target_height_m : {1'000.0, 10'000.0, 100'000.0}) {
      for (const double azimuth_deg : {0.0, 45.0, 90.0, 200.0}) {
        const geo::Geodetic site = geo::Geodetic::FromDegrees(38.0, 129.0, site_height_m);
        RadarConfig config = AllComponents(site);
        // The Earth mask alone: a raised site may look below the horizontal.
        config.field_of_view.elevation_min_rad = -kPi / 2;
        const RadarModel model(config);
        const double radius = EllipsoidRadiusOfCurvature(site.latitude_rad, DegToRad(azimuth_deg));
        const double horizon_m = std::sqrt(2.0 * k * radius * site_height_m) +
                                 std::sqrt(2.0 * k * radius * target_height_m);
        auto target_at = [&](double distance_m) {
          geo::Geodetic point = geo::GeodesicDirect(site, DegToRad(azimuth_deg), distance_m);
          point.height_m = target_height_m;
          return geo::GeodeticToEcef(point);
        };
        // The closed form drops terms of order h/R: 1 % margin.
        EXPECT_TRUE(model.Covers(target_at(0.99 * horizon_m)))
            << "h_s " << site_height_m << " h_t " << target_height_m << " az " << azimuth_deg;
        EXPECT_FALSE(model.Covers(target_at(1.01 * horizon_m)))
            << "h_s " << site_height_m << " h_t " << target_height_m << " az " << azimuth_deg;
      }
    }
  }
}

// A raised radar limited to apparent elevations >= 0 cannot use the dip of
// its horizon: it sees a target at height h_t only to about
// sqrt(2 k R (h_t − h_s)), where the apparent elevation is 0.
TEST(RadarMeasurement, MinimumElevationCutsTheHorizon) {
  constexpr double k = 4.0 / 3.0;
  const geo::Geodetic site = geo::Geodetic::FromDegrees(38.0, 129.0, 300.0);
  const RadarModel model(AllComponents(site));  // elevation limits [0, π/2]
  for (const double target_height_m : {2'000.0, 10'000.0, 50'000.0}) {
    const double radius = EllipsoidRadiusOfCurvature(site.latitude_rad, DegToRad(60.0));
    const double limit_m = std::sqrt(2.0 * k * radius * (target_height_m - site.height_m));
    auto target_at = [&](double distance_m) {
      geo::Geodetic point = geo::GeodesicDirect(site, DegToRad(60.0), distance_m);
      point.height_m = target_height_m;
      return geo::GeodeticToEcef(point);
    };
    EXPECT_TRUE(model.Covers(target_at(0.99 * limit_m))) << target_height_m;
    EXPECT_FALSE(model.Covers(target_at(1.01 * limit_m))) << target_height_m;
  }
}

TEST(RadarMeasurement, RefractionExtendsTheGeometricHorizon) {
  // With k = 1 (no refraction) the horizon is at sqrt(2 R h), shorter.
  const geo::Geodetic site = geo::Geodetic::FromDegrees(38.0, 129.0, 0.0);
  RadarConfig config = AllComponents(site);
  config.refraction_k = 1.0;
  const RadarModel geometric(config);
  const RadarModel refracted(AllComponents(site));
  geo::Geodetic point = geo::GeodesicDirect(site, DegToRad(90.0), 380'000.0);
  point.height_m = 10'000.0;  // geometric horizon ≈ 357 km, refracted ≈ 412 km
  EXPECT_FALSE(geometric.Covers(geo::GeodeticToEcef(point)));
  EXPECT_TRUE(refracted.Covers(geo::GeodeticToEcef(point)));
  // k = 1 reproduces the geometric elevation up to the ellipsoid-vs-sphere
  // difference.
  const Eigen::Vector3d target = geometric.frame().EnuToEcef({2e5, 1e5, 4e4});
  const double geometric_elevation = geometric.Predict(
      target, Eigen::Vector3d::Zero())(geometric.IndexOf(RadarComponent::kElevation));
  EXPECT_NEAR(geometric.ApparentElevation(target), geometric_elevation, 1e-4);
  EXPECT_GT(refracted.ApparentElevation(target), geometric_elevation);
}

TEST(RadarMeasurement, FieldOfView) {
  RadarConfig config = AllComponents(geo::Geodetic::FromDegrees(37.0, 129.0, 100.0));
  config.field_of_view.max_range_m = 1e6;
  config.field_of_view.azimuth_start_rad = DegToRad(300.0);  // 300° → 60° through north
  config.field_of_view.azimuth_extent_rad = DegToRad(120.0);
  config.field_of_view.elevation_min_rad = DegToRad(1.0);
  config.field_of_view.elevation_max_rad = DegToRad(60.0);
  const RadarModel model(config);
  auto at = [&](double azimuth_deg, double elevation_deg, double range_m) {
    return model.frame().FromAzElRange({DegToRad(azimuth_deg), DegToRad(elevation_deg), range_m});
  };
  EXPECT_TRUE(model.Covers(at(0.0, 10.0, 3e5)));
  EXPECT_TRUE(model.Covers(at(330.0, 10.0, 3e5)));
  EXPECT_TRUE(model.Covers(at(59.0, 10.0, 3e5)));
  EXPECT_FALSE(model.Covers(at(61.0, 10.0, 3e5)));
  EXPECT_FALSE(model.Covers(at(180.0, 10.0, 3e5)));
  EXPECT_FALSE(model.Covers(at(0.0, 10.0, 1.01e6)));  // beyond max range
  EXPECT_FALSE(model.Covers(at(0.0, 70.0, 3e5)));     // above the elevation limit
  EXPECT_FALSE(model.Covers(at(0.0, 0.0, 3e4)));      // below the minimum elevation
  EXPECT_TRUE(model.Covers(at(0.0, 2.0, 3e4)));

  const RadarMeasurement<6> wrapped(config);
  Vector<6> state = Vector<6>::Zero();
  state.head<3>() = at(0.0, 10.0, 3e5);
  EXPECT_TRUE(wrapped.Covers(state));
}

TEST(RadarMeasurement, LocateInvertsPredict) {
  const RadarConfig config = AllComponents(geo::Geodetic::FromDegrees(35.0, 133.0, 50.0));
  const RadarModel model(config);
  RandomStream random(5, "radar-locate");
  for (int trial = 0; trial < kNumTrials; ++trial) {
    const Vector<6> state = RandomState(model.frame(), random);
    const MeasurementVector z = model.Predict(state.head<3>(), state.tail<3>());
    const std::optional<LocatedMeasurement> located = model.Locate(z);
    ASSERT_TRUE(located.has_value());
    EXPECT_LT((located->position - state.head<3>()).norm(), 1e-5);
    const double range = z(0), elevation = z(2);
    const double expected_sigma =
        std::sqrt(std::pow(config.range_sigma_m, 2) +
                  std::pow(range * config.azimuth_sigma_rad * std::cos(elevation), 2) +
                  std::pow(range * config.elevation_sigma_rad, 2));
    EXPECT_NEAR(located->position_sigma_m, expected_sigma, 1e-9 * expected_sigma);
  }
  // Without range a radar cannot locate.
  RadarConfig angles = config;
  angles.measures = {false, true, true, false};
  const RadarModel angles_only(angles);
  EXPECT_EQ(angles_only.size(), 2);
  EXPECT_FALSE(angles_only.Locate(MeasurementVector::Zero(2)).has_value());
}

TEST(RadarMeasurement, ResidualWrapsAzimuth) {
  const RadarModel model(AllComponents(geo::Geodetic::FromDegrees(37.0, 129.0)));
  MeasurementVector measured(4), predicted(4);
  measured << 1000.0, 0.01, 0.2, 5.0;
  predicted << 990.0, 2.0 * kPi - 0.01, 0.1, 7.0;
  const MeasurementVector residual = model.Residual(measured, predicted);
  EXPECT_NEAR(residual(0), 10.0, 1e-12);
  EXPECT_NEAR(residual(1), 0.02, 1e-12);
  EXPECT_NEAR(residual(2), 0.1, 1e-12);
  EXPECT_NEAR(residual(3), -2.0, 1e-12);
  // Across ±π: the residual stays in (−π, π].
  measured(1) = kPi + 0.1;
  predicted(1) = 0.0;
  EXPECT_NEAR(model.Residual(measured, predicted)(1), -kPi + 0.1, 1e-12);
  measured(1) = kPi;
  EXPECT_NEAR(model.Residual(measured, predicted)(1), kPi, 1e-12);
  EXPECT_DOUBLE_EQ(WrapAngle(-kPi), kPi);
  EXPECT_NEAR(WrapAngle(7.0 * kPi + 0.5), -kPi + 0.5, 1e-12);
}

TEST(RadarMeasurement, SampleStatistics) {
  const RadarMeasurement<6> model(AllComponents(geo::Geodetic::FromDegrees(37.0, 129.0, 10.0)));
  RandomStream random(6, "radar-sample");
  // Include a target almost due north, so that samples straddle azimuth 0.
  Vector<6> north;
  north << model.model().frame().EnuToEcef({0.0, 4e5, 5e4}), 100.0, -2000.0, 300.0;
  testing::ExpectSampleStatistics<6>(model, north, random, 20'000);
  const Vector<6> other = RandomState(model.model().frame(), random);
  testing::ExpectSampleStatistics<6>(model, other, random, 20'000);
  for (int k = 0; k < 1000; ++k) {
    const MeasurementVector z = model.model().Normalized(model.Sample(north, random));
    ASSERT_GE(z(1), 0.0);
    ASSERT_LT(z(1), 2.0 * kPi);
  }
}

TEST(RadarConfig, Validation) {
  RadarConfig config;
  std::string error;
  EXPECT_TRUE(config.IsValid(&error)) << error;
  config.measures = {false, false, false, false};
  EXPECT_FALSE(config.IsValid(&error));
  config = RadarConfig{};
  config.range_sigma_m = 0.0;
  EXPECT_FALSE(config.IsValid(&error));
  EXPECT_NE(error.find("range_sigma_m"), std::string::npos);
  config = RadarConfig{};
  config.field_of_view.elevation_min_rad = 1.0;
  config.field_of_view.elevation_max_rad = 0.5;
  EXPECT_FALSE(config.IsValid(&error));
  config = RadarConfig{};
  config.refraction_k = 0.5;
  EXPECT_FALSE(config.IsValid(&error));
}

}  // namespace
}  // namespace trilink::sensors

namespace trilink::sensors {
namespace {

// Locate gives a Doppler radar's detection its line of sight, range σ and
// range rate, for the two-point initiation's range-rate test.
TEST(RadarModel, LocateCarriesTheRangeRate) {
  RadarConfig config;
  config.site = geo::Geodetic::FromDegrees(37.7, 129.0, 100.0);
  config.measures = {true, true, true, true};
  config.range_sigma_m = 25.0;
  config.range_rate_sigma_m_s = 3.0;
  const RadarModel radar(config);
  MeasurementVector z(4);
  z << 300e3, 1.0, 0.2, -1500.0;
  const std::optional<LocatedMeasurement> located = radar.Locate(z);
  ASSERT_TRUE(located && located->radial);
  const Eigen::Vector3d site = geo::GeodeticToEcef(config.site);
  EXPECT_NEAR((located->position - site).norm(), 300e3, 1e-6);
  EXPECT_NEAR((located->radial->line_of_sight - (located->position - site).normalized()).norm(),
              0.0, 1e-12);
  EXPECT_EQ(located->radial->range_rate_m_s, -1500.0);
  EXPECT_EQ(located->radial->range_rate_sigma_m_s, 3.0);
  EXPECT_EQ(located->radial->range_sigma_m, 25.0);
  // Without range rate, no radial part.
  config.measures = {true, true, true, false};
  EXPECT_FALSE(RadarModel(config).Locate(z.head(3))->radial);
}

}  // namespace
}  // namespace trilink::sensors
