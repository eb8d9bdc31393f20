#include "trilink/geo/wgs84.h"

#include <gtest/gtest.h>

#include <Eigen/LU>  // Matrix::determinant
#include <GeographicLib/Geocentric.hpp>
#include <cmath>
#include <vector>

#include "trilink/core/random.h"
#include "trilink/core/units.h"

namespace trilink::geo {
namespace {

constexpr int kNumTrials = 10'000;
constexpr double kMillimetre = 1e-3;
constexpr double kSemiMinorAxis = kWgs84SemiMajorAxis * (1.0 - kWgs84Flattening);

// Difference of two angles (rad), wrapped to [-π, π].
double AngleDifference(double a, double b) { return std::remainder(a - b, 2.0 * kPi); }

// A random point: latitude uniform in sin (uniform over the sphere), with
// every tenth point exactly on a pole; longitude over several turns, so that
// unnormalised input is exercised; height -1 km .. 2000 km.
Geodetic RandomPoint(int trial, RandomStream& stream) {
  Geodetic point;
  if (trial % 10 == 0) {
    point.latitude_rad = trial % 20 == 0 ? kPi / 2 : -kPi / 2;
  } else {
    point.latitude_rad = std::asin(stream.Uniform(-1.0, 1.0));
  }
  point.longitude_rad = stream.Uniform(-3.0 * kPi, 3.0 * kPi);
  point.height_m = stream.Uniform(-1'000.0, 2'000'000.0);
  return point;
}

TEST(Geodetic, DegreesAndLongitudeNormalisation) {
  const Geodetic point = Geodetic::FromDegrees(39.2, 127.5, 12.0);
  EXPECT_DOUBLE_EQ(point.latitude_rad, 39.2 * kPi / 180.0);
  EXPECT_DOUBLE_EQ(point.latitude_deg(), 39.2);
  EXPECT_DOUBLE_EQ(point.longitude_deg(), 127.5);
  EXPECT_EQ(point.height_m, 12.0);
  EXPECT_DOUBLE_EQ(Geodetic::FromDegrees(0.0, 270.0).longitude_deg(), -90.0);
  EXPECT_DOUBLE_EQ(Geodetic::FromDegrees(0.0, -190.0).longitude_deg(), 170.0);
  EXPECT_DOUBLE_EQ(Geodetic::FromDegrees(0.0, 720.0 + 45.0).longitude_deg(), 45.0);
  EXPECT_EQ(Geodetic::FromDegrees(0.0, 180.0).longitude_deg(), -180.0);
  EXPECT_EQ(Geodetic::FromDegrees(0.0, -180.0).longitude_deg(), -180.0);
  Geodetic pi_longitude;
  pi_longitude.longitude_rad = kPi;
  EXPECT_EQ(pi_longitude.longitude_deg(), -180.0);
}

TEST(GeodeticToEcef, KnownValues) {
  const auto ecef = [](double lat_deg, double lon_deg, double h_m) {
    return GeodeticToEcef(Geodetic::FromDegrees(lat_deg, lon_deg, h_m));
  };
  constexpr double kTolerance = 1e-6;
  EXPECT_TRUE(ecef(0, 0, 0).isApprox(Eigen::Vector3d(kWgs84SemiMajorAxis, 0, 0), 1e-15));
  EXPECT_NEAR((ecef(0, 90, 0) - Eigen::Vector3d(0, kWgs84SemiMajorAxis, 0)).norm(), 0, kTolerance);
  EXPECT_NEAR((ecef(0, 180, 100) - Eigen::Vector3d(-kWgs84SemiMajorAxis - 100, 0, 0)).norm(), 0,
              kTolerance);
  EXPECT_NEAR((ecef(90, 0, 0) - Eigen::Vector3d(0, 0, 6356752.314245)).norm(), 0, kTolerance);
  EXPECT_NEAR((ecef(-90, 33, 1000) - Eigen::Vector3d(0, 0, -6357752.314245)).norm(), 0, kTolerance);
  // A pole given in radians must not fall an ulp outside [-90°, 90°].
  Geodetic pole;
  pole.latitude_rad = kPi / 2;
  EXPECT_NEAR((GeodeticToEcef(pole) - Eigen::Vector3d(0, 0, kSemiMinorAxis)).norm(), 0, kTolerance);
  pole.latitude_rad = -kPi / 2;
  EXPECT_NEAR((GeodeticToEcef(pole) - Eigen::Vector3d(0, 0, -kSemiMinorAxis)).norm(), 0,
              kTolerance);

  // CartConvert(1) worked example, GeographicLib documentation
  // (https://geographiclib.sourceforge.io/C++/doc/CartConvert.1.html):
  //   echo 33.3 44.4 6000 | CartConvert  =>  3816209.60 3737108.55 3485109.57
  const Eigen::Vector3d cart_convert = ecef(33.3, 44.4, 6000);
  EXPECT_NEAR(cart_convert.x(), 3816209.60, 0.005);
  EXPECT_NEAR(cart_convert.y(), 3737108.55, 0.005);
  EXPECT_NEAR(cart_convert.z(), 3485109.57, 0.005);
}

// CartConvert(1) worked example: echo 30000 30000 0 | CartConvert -r
//   =>  6.483 45 -6335709.73
TEST(EcefToGeodetic, KnownValue) {
  const Geodetic point = EcefToGeodetic(Eigen::Vector3d(30000, 30000, 0));
  EXPECT_NEAR(point.latitude_deg(), 6.483, 0.0005);
  EXPECT_NEAR(point.longitude_deg(), 45.0, 1e-12);
  EXPECT_NEAR(point.height_m, -6335709.73, 0.005);
  EXPECT_NEAR(HeightAboveEllipsoid(Eigen::Vector3d(30000, 30000, 0)), -6335709.73, 0.005);

  const Geodetic north_pole = EcefToGeodetic(Eigen::Vector3d(0, 0, kSemiMinorAxis + 500));
  EXPECT_DOUBLE_EQ(north_pole.latitude_deg(), 90.0);
  EXPECT_NEAR(north_pole.height_m, 500.0, 1e-6);
}

TEST(GeodeticToEcef, RoundTripWithinOneMillimetre) {
  RandomStream stream(84, "wgs84_test/round_trip");
  for (int trial = 0; trial < kNumTrials; ++trial) {
    const Geodetic point = RandomPoint(trial, stream);
    const Eigen::Vector3d ecef_position = GeodeticToEcef(point);
    const Geodetic back = EcefToGeodetic(ecef_position);
    SCOPED_TRACE(::testing::Message()
                 << "trial " << trial << " lat " << point.latitude_deg() << " lon "
                 << point.longitude_deg() << " h " << point.height_m);
    ASSERT_NEAR((GeodeticToEcef(back) - ecef_position).norm(), 0.0, kMillimetre);
    ASSERT_NEAR(back.height_m, point.height_m, kMillimetre);
    ASSERT_NEAR(HeightAboveEllipsoid(ecef_position), point.height_m, kMillimetre);
    // Angles as distances along the surface (an upper bound on the radius of
    // curvature, a + h, is enough); longitude is meaningless at the poles.
    const double radius_m = kWgs84SemiMajorAxis / (1.0 - kWgs84Flattening) + point.height_m;
    ASSERT_NEAR(radius_m * (back.latitude_rad - point.latitude_rad), 0.0, kMillimetre);
    ASSERT_NEAR(radius_m * std::cos(point.latitude_rad) *
                    AngleDifference(back.longitude_rad, point.longitude_rad),
                0.0, kMillimetre);
    ASSERT_GE(back.longitude_deg(), -180.0);
    ASSERT_LT(back.longitude_deg(), 180.0);
  }
}

// The rotation is proper and orthonormal, agrees with GeographicLib's own
// ENU-to-ECEF matrix, and its columns are the directions in which the ECEF
// position moves when longitude, latitude and height grow (central differences).
TEST(EcefRotationFromEnu, IsTheLocalEastNorthUpBasis) {
  RandomStream stream(85, "wgs84_test/rotation");
  for (int trial = 0; trial < 1000; ++trial) {
    Geodetic point = RandomPoint(trial, stream);
    if (trial % 10 == 0) point.latitude_rad *= 0.999;  // east is undefined on a pole
    const Eigen::Matrix3d ecef_R_enu = EcefRotationFromEnu(point.latitude_rad, point.longitude_rad);
    ASSERT_TRUE((ecef_R_enu.transpose() * ecef_R_enu).isApprox(Eigen::Matrix3d::Identity(), 1e-14));
    ASSERT_NEAR(ecef_R_enu.determinant(), 1.0, 1e-14);

    std::vector<double> rotation(9);
    double x = 0, y = 0, z = 0;
    GeographicLib::Geocentric::WGS84().Forward(point.latitude_deg(), point.longitude_deg(),
                                               point.height_m, x, y, z, rotation);
    // GeographicLib stores the matrix row-major.
    const Eigen::Matrix3d expected =
        Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(rotation.data());
    ASSERT_LT((ecef_R_enu - expected).cwiseAbs().maxCoeff(), 1e-12) << "trial " << trial;

    const auto direction = [&point](double d_lat, double d_lon, double d_h) {
      Geodetic plus = point, minus = point;
      plus.latitude_rad += d_lat;
      plus.longitude_rad += d_lon;
      plus.height_m += d_h;
      minus.latitude_rad -= d_lat;
      minus.longitude_rad -= d_lon;
      minus.height_m -= d_h;
      return (GeodeticToEcef(plus) - GeodeticToEcef(minus)).normalized();
    };
    ASSERT_LT((direction(0, 1e-7, 0) - ecef_R_enu.col(0)).norm(), 1e-6);
    ASSERT_LT((direction(1e-7, 0, 0) - ecef_R_enu.col(1)).norm(), 1e-6);
    ASSERT_LT((direction(0, 0, 1.0) - ecef_R_enu.col(2)).norm(), 1e-6);
  }
}

// CartConvert(1) worked example, local Cartesian (ENU) about a site:
//   echo 33.3 44.4 6000 | CartConvert -l 33 44 20  =>  37288.97 33374.29 5783.64
TEST(LocalFrame, KnownValue) {
  const LocalFrame frame(Geodetic::FromDegrees(33, 44, 20));
  const Eigen::Vector3d enu =
      frame.EcefToEnu(GeodeticToEcef(Geodetic::FromDegrees(33.3, 44.4, 6000)));
  EXPECT_NEAR(enu.x(), 37288.97, 0.005);
  EXPECT_NEAR(enu.y(), 33374.29, 0.005);
  // The page prints 5783.64, but GeographicLib 2.1's LocalCartesian itself
  // gives 5783.6466 here; the printed figure looks stale, hence 1 cm.
  EXPECT_NEAR(enu.z(), 5783.64, 0.01);
  EXPECT_NEAR(frame.EcefToEnu(frame.ecef_origin()).norm(), 0.0, 1e-9);
  EXPECT_EQ(frame.origin().height_m, 20.0);
  EXPECT_TRUE(frame.ecef_R_enu().isApprox(EcefRotationFromEnu(DegToRad(33), DegToRad(44))));
}

TEST(LocalFrame, EnuAndAzElRangeRoundTrips) {
  RandomStream stream(86, "wgs84_test/local_frame");
  for (int trial = 0; trial < kNumTrials; ++trial) {
    const LocalFrame frame(RandomPoint(trial, stream));
    const Eigen::Vector3d enu(stream.Uniform(-3e6, 3e6), stream.Uniform(-3e6, 3e6),
                              stream.Uniform(-1e6, 3e6));
    const Eigen::Vector3d ecef_position = frame.EnuToEcef(enu);
    ASSERT_LT((frame.EcefToEnu(ecef_position) - enu).norm(), 1e-6) << trial;

    const AzElRange look = frame.ToAzElRange(ecef_position);
    ASSERT_GE(look.azimuth_rad, 0.0);
    ASSERT_LT(look.azimuth_rad, 2.0 * kPi);
    ASSERT_GE(look.elevation_rad, -kPi / 2);
    ASSERT_LE(look.elevation_rad, kPi / 2);
    ASSERT_NEAR(look.range_m, enu.norm(), 1e-6);
    ASSERT_LT((frame.FromAzElRange(look) - ecef_position).norm(), 1e-6) << trial;
  }
}

TEST(LocalFrame, AzimuthAndElevationOfTheCardinalDirections) {
  const Geodetic site = Geodetic::FromDegrees(39.2, 127.5, 150.0);
  const LocalFrame frame(site);
  const auto look_at = [&frame](double east_m, double north_m, double up_m) {
    return frame.ToAzElRange(frame.EnuToEcef(Eigen::Vector3d(east_m, north_m, up_m)));
  };
  constexpr double kTolerance = 1e-9;

  // Straight up: a point higher on the same ellipsoid normal.
  Geodetic above = site;
  above.height_m += 10'000.0;
  const AzElRange up = frame.ToAzElRange(GeodeticToEcef(above));
  EXPECT_NEAR(up.elevation_rad, kPi / 2, kTolerance);
  EXPECT_NEAR(up.range_m, 10'000.0, 1e-6);

  // A point due east at a tiny distance is at azimuth π/2 on the horizon.
  // The bound is set by round-off: ECEF coordinates of ~6.4e6 m carry ~1e-9 m
  // of it, which is ~1e-6 rad seen from 1 mm away.
  const AzElRange east = look_at(1e-3, 0, 0);
  EXPECT_NEAR(east.azimuth_rad, kPi / 2, 1e-5);
  EXPECT_NEAR(east.elevation_rad, 0.0, 1e-5);
  EXPECT_NEAR(east.range_m, 1e-3, 1e-8);

  // Due north may come out as 0 or just below 2π.
  EXPECT_NEAR(AngleDifference(look_at(0, 1000, 0).azimuth_rad, 0.0), 0.0, kTolerance);
  EXPECT_NEAR(look_at(0, -1000, 0).azimuth_rad, kPi, kTolerance);
  EXPECT_NEAR(look_at(-1000, 0, 0).azimuth_rad, 3 * kPi / 2, kTolerance);
  EXPECT_NEAR(look_at(1000, 1000, 0).azimuth_rad, kPi / 4, kTolerance);
  EXPECT_NEAR(look_at(1000, 0, 1000).elevation_rad, kPi / 4, kTolerance);
  EXPECT_NEAR(look_at(0, 1000, -1000).elevation_rad, -kPi / 4, kTolerance);

  // Just west of north stays below 2π.
  const AzElRange north_by_west = look_at(-1e-3, 1000, 0);
  EXPECT_GT(north_by_west.azimuth_rad, 2 * kPi - 1e-5);
  EXPECT_LT(north_by_west.azimuth_rad, 2 * kPi);

  // Azimuth and elevation are those of the ellipsoid normal, not of the
  // geocentric radius: a point due north on the surface dips below the
  // horizon by about half the central angle.
  const Geodetic north_site = Geodetic::FromDegrees(40.2, 127.5, 150.0);
  const AzElRange north = frame.ToAzElRange(GeodeticToEcef(north_site));
  EXPECT_NEAR(AngleDifference(north.azimuth_rad, 0.0), 0.0, 1e-9);
  EXPECT_NEAR(north.elevation_rad, -DegToRad(0.5), DegToRad(0.01));
}

TEST(GeodesicInverse, AlongTheEquatorAndTheMeridian) {
  // One degree of the equator is a·π/180.
  const GeodesicLine equator =
      GeodesicInverse(Geodetic::FromDegrees(0, 0), Geodetic::FromDegrees(0, 1));
  EXPECT_NEAR(equator.distance_m, kWgs84SemiMajorAxis * kPi / 180.0, 1e-6);
  EXPECT_NEAR(equator.initial_azimuth_rad, kPi / 2, 1e-12);
  EXPECT_NEAR(equator.final_azimuth_rad, kPi / 2, 1e-12);

  // The WGS-84 quarter meridian, 10001965.7293 m (Karney, "Algorithms for
  // geodesics", J. Geodesy 87 (2013), and NIMA TR8350.2).
  const GeodesicLine quadrant =
      GeodesicInverse(Geodetic::FromDegrees(0, 0), Geodetic::FromDegrees(90, 0));
  EXPECT_NEAR(quadrant.distance_m, 10'001'965.7293, 1e-3);
  EXPECT_NEAR(quadrant.initial_azimuth_rad, 0.0, 1e-12);

  // Westward: azimuths are reported in [0, 2π).
  const GeodesicLine west =
      GeodesicInverse(Geodetic::FromDegrees(0, 1), Geodetic::FromDegrees(0, 0));
  EXPECT_NEAR(west.initial_azimuth_rad, 3 * kPi / 2, 1e-12);

  const GeodesicLine none =
      GeodesicInverse(Geodetic::FromDegrees(10, 20), Geodetic::FromDegrees(10, 20));
  EXPECT_EQ(none.distance_m, 0.0);
}

// Rows of GeodTest.dat (C. F. F. Karney, "Test set for geodesics",
// https://doi.org/10.5281/zenodo.32156), as used in GeographicLib's
// tests/geodtest.cpp: lat1, lon1, azi1, lat2, lon2, azi2 (degrees), s12 (m).
struct GeodTestCase {
  double lat1, lon1, azi1, lat2, lon2, azi2, s12;
};
constexpr GeodTestCase kGeodTest[] = {
    {35.60777, -139.44815, 111.098748429560326, -11.17491, -69.95921, 129.289270889708762,
     8935244.5604818305},
    {55.52454, 106.05087, 22.020059880982801, 77.03196, 197.18234, 109.112041110671519,
     4105086.1713924406},
    {-21.97856, 142.59065, -32.44456876433189, 41.84138, 98.56635, -41.84359951440466,
     8394328.894657671},
    {-66.99028, 112.2363, 173.73491240878403, -12.70631, 285.90344, 2.512956620913668,
     11150344.2312080241},
    {-17.42761, 173.34268, -159.033557661192928, -15.84784, 5.93557, -20.787484651536988,
     16076603.1631180673},
    {32.84994, 48.28919, 150.492927788121982, -56.28556, 202.29132, 48.113449399816759,
     16727068.9438164461},
    {6.96833, 52.74123, 92.581585386317712, -7.39675, 206.17291, 90.721692165923907,
     17102477.2496958388},
    {-87.85331, 85.66836, -65.120313040242748, 66.48646, 16.09921, -4.888658719272296,
     17286615.3147144645},
};

TEST(GeodesicInverse, MatchesGeodTest) {
  for (const GeodTestCase& c : kGeodTest) {
    SCOPED_TRACE(c.s12);
    const GeodesicLine line = GeodesicInverse(Geodetic::FromDegrees(c.lat1, c.lon1),
                                              Geodetic::FromDegrees(c.lat2, c.lon2));
    EXPECT_NEAR(line.distance_m, c.s12, 1e-6);
    EXPECT_NEAR(AngleDifference(line.initial_azimuth_rad, DegToRad(c.azi1)), 0.0, 1e-12);
    EXPECT_NEAR(AngleDifference(line.final_azimuth_rad, DegToRad(c.azi2)), 0.0, 1e-12);
  }
}

TEST(GeodesicDirect, MatchesGeodTest) {
  for (const GeodTestCase& c : kGeodTest) {
    SCOPED_TRACE(c.s12);
    const Geodetic to =
        GeodesicDirect(Geodetic::FromDegrees(c.lat1, c.lon1), DegToRad(c.azi1), c.s12);
    EXPECT_NEAR(to.latitude_rad, DegToRad(c.lat2), 1e-12);
    EXPECT_NEAR(AngleDifference(to.longitude_rad, DegToRad(c.lon2)), 0.0, 1e-12);
    EXPECT_EQ(to.height_m, 0.0);
  }
}

TEST(GeodesicDirect, InvertsGeodesicInverse) {
  RandomStream stream(87, "wgs84_test/geodesic");
  for (int trial = 0; trial < kNumTrials; ++trial) {
    Geodetic from = RandomPoint(trial, stream);
    Geodetic to = RandomPoint(trial + 1, stream);
    from.height_m = to.height_m = 0.0;
    const GeodesicLine line = GeodesicInverse(from, to);
    ASSERT_GE(line.initial_azimuth_rad, 0.0);
    ASSERT_LT(line.initial_azimuth_rad, 2 * kPi);
    ASSERT_GE(line.final_azimuth_rad, 0.0);
    ASSERT_LT(line.final_azimuth_rad, 2 * kPi);
    const Geodetic reached = GeodesicDirect(from, line.initial_azimuth_rad, line.distance_m);
    ASSERT_LT((GeodeticToEcef(reached) - GeodeticToEcef(to)).norm(), kMillimetre) << trial;
    // The shortest path is never longer than half the equator.
    ASSERT_LE(line.distance_m, kPi * kWgs84SemiMajorAxis);
  }
}

TEST(GeodesicDirectDeathTest, RejectsNegativeDistance) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(GeodesicDirect(Geodetic(), 0.0, -1.0), "geodesic distance must be finite and >= 0");
}

}  // namespace
}  // namespace trilink::geo
