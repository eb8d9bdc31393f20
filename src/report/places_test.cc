#include "trilink/report/places.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <numbers>

#include "trilink/core/error.h"
#include "trilink/core/units.h"

namespace trilink::report {
namespace {

TEST(CompassPoint, NamesSixteenSectors) {
  EXPECT_EQ(CompassPoint(0.0), "north");
  EXPECT_EQ(CompassPoint(DegToRad(11.0)), "north");
  EXPECT_EQ(CompassPoint(DegToRad(12.0)), "north-northeast");
  EXPECT_EQ(CompassPoint(DegToRad(67.5)), "east-northeast");
  EXPECT_EQ(CompassPoint(DegToRad(90.0)), "east");
  EXPECT_EQ(CompassPoint(DegToRad(270.0)), "west");
  EXPECT_EQ(CompassPoint(DegToRad(-90.0)), "west");
  EXPECT_EQ(CompassPoint(DegToRad(350.0)), "north");
  EXPECT_EQ(CompassPoint(DegToRad(725.0)), "north");
}

TEST(RoundedKm, RoundsAsReleasesDo) {
  EXPECT_EQ(RoundedKm(826'200.0), 830);
  EXPECT_EQ(RoundedKm(51'400.0), 50);
  EXPECT_EQ(RoundedKm(58'700.0), 60);
  EXPECT_EQ(RoundedKm(97'400.0), 95);
  EXPECT_EQ(RoundedKm(104'000.0), 100);
}

TEST(Places, LoadsTheTableAndDescribesPointsAgainstLandmarks) {
  const Places places = Places::Load(TRILINK_PLACES_FILE);
  ASSERT_GT(places.all().size(), 20u);
  // The seed scenario's site is in the Wonsan area.
  const Place* launch =
      places.Nearest(geo::Geodetic::FromDegrees(39.20, 127.50), PlaceKind::kLaunch);
  ASSERT_NE(launch, nullptr);
  EXPECT_EQ(launch->name, "Wonsan");
  // A point due west of the Oga Peninsula's tip (39.99 N, 139.70 E) at
  // about 150 km: on the 39.99° parallel, 150 km is 1.755° of longitude.
  const std::string where =
      places.Describe(geo::Geodetic::FromDegrees(39.99, 139.70 - 1.755), PlaceKind::kLandmark);
  EXPECT_EQ(where, "about 150 km west of the Oga Peninsula");
  // Twice as far, Sado Island is the nearer landmark.
  EXPECT_EQ(places.Describe(geo::Geodetic::FromDegrees(39.99, 139.70 - 3.51), PlaceKind::kLandmark),
            "about 290 km northwest of Sado Island");
  EXPECT_EQ(places.Describe(geo::Geodetic::FromDegrees(38.10, 138.45), PlaceKind::kLandmark),
            "near Sado Island");
  // Names that take no article.
  EXPECT_EQ(places.Describe(geo::Geodetic::FromDegrees(41.93, 144.75), PlaceKind::kLandmark),
            "about 120 km east of Cape Erimo");
}

TEST(Places, BadFilesNameTheLineAndField) {
  const std::string path = ::testing::TempDir() + "/places_bad.csv";
  {
    std::ofstream out(path);
    out << "# comment\nname,kind,lat_deg,lon_deg\nWonsan,launch,39.15,127.44\nX,town,1,2\n";
  }
  try {
    Places::Load(path);
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(":4: kind: got 'town'; expected launch or landmark"),
              std::string::npos)
        << e.what();
  }
  {
    std::ofstream out(path);
    out << "name,kind,lat_deg,lon_deg\nX,landmark,95,2\n";
  }
  EXPECT_THROW(Places::Load(path), InputError);
  std::remove(path.c_str());
  EXPECT_THROW(Places::Load(path), InputError);
}

}  // namespace
}  // namespace trilink::report
