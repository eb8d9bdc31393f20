#include "trilink/sensors/infrared.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_util.h"
#include "trilink/core/random.h"
#include "trilink/core/units.h"
#include "trilink/geo/wgs84.h"

namespace trilink::sensors {
namespace {

constexpr int kNumTrials = 2'000;

InfraredConfig Geostationary(double longitude_deg) {
  return {.satellite_ecef_position = GeostationaryEcefPosition(DegToRad(longitude_deg)),
          .angle_sigma_rad = 30e-6};
}

// A point 0–1500 km above a random place within `max_angle_deg` (great-circle
// angle) of the sub-satellite point of `satellite`.
Eigen::Vector3d RandomTarget(const Eigen::Vector3d& satellite, double max_angle_deg,
                             RandomStream& random) {
  const geo::Geodetic below = geo::EcefToGeodetic(satellite);
  geo::Geodetic point =
      geo::GeodesicDirect(below, random.Uniform(0.0, 2.0 * kPi),
                          random.Uniform(0.0, DegToRad(max_angle_deg)) * geo::kWgs84SemiMajorAxis);
  point.height_m = random.Uniform(0.0, 1.5e6);
  return geo::GeodeticToEcef(point);
}

template <int N>
void CheckJacobians(const InfraredConfig& config, double max_angle_deg, uint64_t seed) {
  const InfraredMeasurement<N> model(config);
  RandomStream random(seed, "infrared-jacobian");
  Vector<N> step = Vector<N>::Constant(1e-3);
  step.template head<3>().setConstant(1.0);  // m, against ranges ≥ 500 km
  for (int trial = 0; trial < kNumTrials; ++trial) {
    Vector<N> state = Vector<N>::Zero();
    state.template head<3>() = RandomTarget(config.satellite_ecef_position, max_angle_deg, random);
    for (int i = 3; i < N; ++i) state(i) = random.Uniform(-3000.0, 3000.0);
    MeasurementJacobian<N> analytic;
    model.Predict(state, &analytic);
    const MeasurementJacobian<N> numeric = testing::NumericalJacobian<N>(model, state, step);
    ASSERT_EQ(analytic.rows(), 2);
    for (int r = 0; r < 2; ++r) {
      ASSERT_LE((analytic.row(r) - numeric.row(r)).norm(), 1e-6 * numeric.row(r).norm())
          << "trial " << trial << " row " << r << "\nanalytic " << analytic.row(r) << "\nnumeric  "
          << numeric.row(r);
    }
    EXPECT_TRUE(analytic.rightCols(N - 3).isZero());
  }
}

TEST(InfraredMeasurement, JacobianMatchesCentralDifferences) {
  CheckJacobians<6>(Geostationary(120.0), 60.0, 1);
  CheckJacobians<9>(Geostationary(-75.0), 60.0, 2);
  // A low satellite over a high latitude, and one over the pole.
  geo::Geodetic low = geo::Geodetic::FromDegrees(70.0, 30.0, 800e3);
  CheckJacobians<6>({.satellite_ecef_position = geo::GeodeticToEcef(low)}, 15.0, 3);
  geo::Geodetic pole = geo::Geodetic::FromDegrees(90.0, 0.0, 1000e3);
  CheckJacobians<6>({.satellite_ecef_position = geo::GeodeticToEcef(pole)}, 15.0, 4);
}

TEST(InfraredMeasurement, KnownGeometry) {
  const InfraredModel model(Geostationary(120.0));
  // Straight down: both angles zero.
  const Eigen::Vector3d sub_satellite =
      geo::GeodeticToEcef(geo::Geodetic::FromDegrees(0.0, 120.0, 0.0));
  MeasurementVector z = model.Predict(sub_satellite);
  EXPECT_NEAR(z(0), 0.0, 1e-15);
  EXPECT_NEAR(z(1), 0.0, 1e-15);
  // East on the equator: α_east > 0, α_north = 0; north: the other way round.
  z = model.Predict(geo::GeodeticToEcef(geo::Geodetic::FromDegrees(0.0, 125.0, 0.0)));
  EXPECT_GT(z(0), 0.0);
  EXPECT_NEAR(z(1), 0.0, 1e-15);
  z = model.Predict(geo::GeodeticToEcef(geo::Geodetic::FromDegrees(40.0, 120.0, 0.0)));
  EXPECT_NEAR(z(0), 0.0, 1e-15);
  EXPECT_GT(z(1), 0.0);
  // A target 100 km above the sub-satellite point, 100 km east of it: the
  // angle is atan(100 km / (r_geo − a − 100 km)).
  const double height = GeostationaryRadius() - geo::kWgs84SemiMajorAxis - 1e5;
  const Eigen::Vector3d east_offset =
      sub_satellite * (1.0 + 1e5 / geo::kWgs84SemiMajorAxis) +
      1e5 * Eigen::Vector3d(-std::sin(DegToRad(120.0)), std::cos(DegToRad(120.0)), 0.0);
  z = model.Predict(east_offset);
  EXPECT_NEAR(z(0), std::atan(1e5 / height), 1e-12);
  // LineOfSight inverts Predict.
  const Eigen::Vector3d target = geo::GeodeticToEcef(geo::Geodetic::FromDegrees(39.0, 128.0, 5e4));
  const Eigen::Vector3d expected = (target - model.config().satellite_ecef_position).normalized();
  EXPECT_LT((model.LineOfSight(model.Predict(target)) - expected).norm(), 1e-12);
}

TEST(InfraredMeasurement, EarthHidesTargetsBehindIt) {
  const InfraredModel model(Geostationary(120.0));
  auto at = [](double lat_deg, double lon_deg, double height_m) {
    return geo::GeodeticToEcef(geo::Geodetic::FromDegrees(lat_deg, lon_deg, height_m));
  };
  EXPECT_TRUE(model.Covers(at(0.0, 120.0, 0.0)));
  EXPECT_TRUE(model.Covers(at(39.2, 127.5, 10.0)));  // Korea seen from 120° E
  EXPECT_TRUE(model.Covers(at(60.0, 120.0, 1e5)));
  EXPECT_FALSE(model.Covers(at(0.0, -60.0, 0.0)));  // the far side
  EXPECT_FALSE(model.Covers(at(0.0, -60.0, 5e5)));
  // The limb: from GEO the horizon on the equator is at arccos(a / r_geo) =
  // 81.3° of longitude away; a target on the ground just inside is seen,
  // just outside is not.
  const double limb_deg = RadToDeg(std::acos(geo::kWgs84SemiMajorAxis / GeostationaryRadius()));
  EXPECT_TRUE(model.Covers(at(0.0, 120.0 + limb_deg - 0.5, 1.0)));
  EXPECT_FALSE(model.Covers(at(0.0, 120.0 + limb_deg + 0.5, 1.0)));
  // A high target beyond the limb rises above it.
  EXPECT_TRUE(model.Covers(at(0.0, 120.0 + limb_deg + 5.0, 1.5e6)));
}

TEST(InfraredMeasurement, ResidualWrapsBothAngles) {
  const InfraredModel model(Geostationary(120.0));
  MeasurementVector measured(2), predicted(2);
  measured << kPi - 0.01, -kPi + 0.02;
  predicted << -kPi + 0.01, kPi - 0.02;
  const MeasurementVector residual = model.Residual(measured, predicted);
  EXPECT_NEAR(residual(0), -0.02, 1e-12);
  EXPECT_NEAR(residual(1), 0.04, 1e-12);
}

TEST(InfraredMeasurement, SampleStatistics) {
  const InfraredMeasurement<6> model(Geostationary(128.0));
  RandomStream random(7, "infrared-sample");
  Vector<6> state = Vector<6>::Zero();
  state.head<3>() = geo::GeodeticToEcef(geo::Geodetic::FromDegrees(39.5, 129.0, 40e3));
  testing::ExpectSampleStatistics<6>(model, state, random, 20'000);
}

TEST(Orbits, Geostationary) {
  EXPECT_NEAR(GeostationaryRadius(), 42'164'170.0, 100.0);  // the usual 42 164 km
  const Eigen::Vector3d p = GeostationaryEcefPosition(DegToRad(90.0));
  EXPECT_NEAR(p.x(), 0.0, 1e-6);
  EXPECT_NEAR(p.y(), GeostationaryRadius(), 1e-6);
  EXPECT_EQ(p.z(), 0.0);
}

TEST(Orbits, EarthRotationAngle) {
  // At J2000.0 the ERA is 2π · 0.7790572732640 (IERS Conventions 2010, 5.15).
  const UtcTime j2000 = UtcTime::Parse("2000-01-01T12:00:00Z");
  EXPECT_NEAR(EarthRotationAngle(j2000), 2.0 * kPi * 0.7790572732640, 1e-12);
  // One sidereal day later (86164.0989 s) it is back, within a microradian.
  const UtcTime later = UtcTime::Parse("2026-03-10T06:30:00Z");
  const double a = EarthRotationAngle(later);
  const double b = EarthRotationAngle(later + Duration::Seconds(86'164.0989));
  EXPECT_NEAR(std::remainder(b - a, 2.0 * kPi), 0.0, 1e-6);
}

TEST(Orbits, KeplerOrbitRadiiAndEarthFixedGeostationary) {
  const UtcTime epoch = UtcTime::Parse("2026-03-10T06:30:00Z");
  KeplerOrbit orbit{.semi_major_axis_m = 26'600e3,
                    .eccentricity = 0.7,
                    .inclination_rad = DegToRad(63.4),
                    .raan_rad = 1.0,
                    .argument_of_perigee_rad = DegToRad(270.0),
                    .mean_anomaly_rad = 0.0,
                    .epoch = epoch};
  // Perigee at M = 0, apogee half a period later.
  EXPECT_NEAR(KeplerInertialPosition(orbit, epoch).norm(), 26'600e3 * 0.3, 1e-3);
  const double period_s = 2.0 * kPi * std::sqrt(std::pow(26'600e3, 3) / geo::kWgs84Gm);
  EXPECT_NEAR(KeplerInertialPosition(orbit, epoch + Duration::Seconds(period_s / 2)).norm(),
              26'600e3 * 1.7, 1e-2);
  EXPECT_LT((KeplerInertialPosition(orbit, epoch + Duration::Seconds(period_s)) -
             KeplerInertialPosition(orbit, epoch))
                .norm(),
            1e-2);
  // Energy: v² = GM (2/r − 1/a) checked by finite differences at a random time.
  RandomStream random(8, "kepler");
  for (int trial = 0; trial < 100; ++trial) {
    const UtcTime t = epoch + Duration::Seconds(random.Uniform(0.0, 1e5));
    const Eigen::Vector3d r = KeplerInertialPosition(orbit, t);
    const Eigen::Vector3d v = (KeplerInertialPosition(orbit, t + Duration::Seconds(0.01)) -
                               KeplerInertialPosition(orbit, t - Duration::Seconds(0.01))) /
                              0.02;
    EXPECT_NEAR(v.squaredNorm(), geo::kWgs84Gm * (2.0 / r.norm() - 1.0 / 26'600e3),
                1e-5 * v.squaredNorm());
  }
  // A circular equatorial orbit at the geostationary radius, started above
  // 120° E, stays there in ECEF: the ERA rate and WGS-84's ω differ by
  // 1.5e-12 rad/s, a drift of 5 m a day at this radius.
  const double longitude = DegToRad(120.0);
  KeplerOrbit geo_orbit{.semi_major_axis_m = GeostationaryRadius(),
                        .mean_anomaly_rad = longitude + EarthRotationAngle(epoch),
                        .epoch = epoch};
  for (double hours : {0.0, 6.0, 13.0, 24.0}) {
    EXPECT_LT((KeplerEcefPosition(geo_orbit, epoch + Duration::Seconds(hours * 3600.0)) -
               GeostationaryEcefPosition(longitude))
                  .norm(),
              6.0)
        << hours << " h";
  }
  std::string error;
  orbit.eccentricity = 0.8;  // perigee 5320 km: inside the Earth
  EXPECT_FALSE(orbit.IsValid(&error));
}

}  // namespace
}  // namespace trilink::sensors
