#include "trilink/geo/places.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>
#include <utility>

#include "trilink/core/error.h"
#include "trilink/core/units.h"

namespace trilink::geo {
namespace {

using ::testing::HasSubstr;

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
  const Place* launch = places.Nearest(Geodetic::FromDegrees(39.20, 127.50), PlaceKind::kLaunch);
  ASSERT_NE(launch, nullptr);
  EXPECT_EQ(launch->name, "Wonsan");
  // A point due west of the Oga Peninsula's tip (39.99 N, 139.70 E) at
  // about 150 km: on the 39.99° parallel, 150 km is 1.755° of longitude.
  const std::string where =
      places.Describe(Geodetic::FromDegrees(39.99, 139.70 - 1.755), PlaceKind::kLandmark);
  EXPECT_EQ(where, "about 150 km west of the Oga Peninsula");
  // Twice as far, Sado Island is the nearer landmark.
  EXPECT_EQ(places.Describe(Geodetic::FromDegrees(39.99, 139.70 - 3.51), PlaceKind::kLandmark),
            "about 290 km northwest of Sado Island");
  EXPECT_EQ(places.Describe(Geodetic::FromDegrees(38.10, 138.45), PlaceKind::kLandmark),
            "near Sado Island");
  // Names that take no article.
  EXPECT_EQ(places.Describe(Geodetic::FromDegrees(41.93, 144.75), PlaceKind::kLandmark),
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
    EXPECT_THAT(e.what(), HasSubstr(path + ":4:3: column 'kind': got 'town'; expected launch or "
                                           "landmark"));
  }
  {
    std::ofstream out(path);
    out << "name,kind,lat_deg,lon_deg\nX,landmark,95,2\n";
  }
  EXPECT_THROW(Places::Load(path), InputError);
  std::remove(path.c_str());
  EXPECT_THROW(Places::Load(path), InputError);
}

// The message of loading `path`, or "" when it loads.
std::string LoadError(const std::string& path) {
  try {
    Places::Load(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// The message of parsing `text` as file "f.csv", or "" when it parses.
std::string ParseError(const std::string& text) {
  try {
    Places::Parse(text, "f.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// Every class of bad row or header: the message names FILE:LINE:COL, the
// column and what was expected (issue 9).
TEST(Places, ParseErrorsNameLineColumnAndField) {
  const std::string header = "name,kind,lat_deg,lon_deg\n";
  const std::pair<std::string, std::string> cases[] = {
      {"", "f.csv: no header line; expected name,kind,lat_deg,lon_deg"},
      {"# only a comment\n\n", "f.csv: no header line"},
      {"# c\n" + header + "\n# no rows\n",
       "f.csv: no places after the header on line 2; expected at least one row"},
      {"name,kind,lat,lon_deg\nA,launch,1,2\n",
       "f.csv:1:11: header: got 'lat'; expected column 'lat_deg' "
       "(name,kind,lat_deg,lon_deg[,name_ja])"},
      {"name,kind,lat_deg\nA,launch,1,2\n",
       "f.csv:1:18: header: column 'lon_deg' is missing; expected name,kind,lat_deg,lon_deg"},
      {"name,kind,lat_deg,lon_deg,height_m\n",
       "f.csv:1:27: header: got 'height_m'; expected column 'name_ja'"},
      {"name,kind,lat_deg,lon_deg,name_ja,height_m\n",
       "f.csv:1:35: header: got an extra column 'height_m'"},
      // With name_ja, every row has it (it may be empty).
      {"name,kind,lat_deg,lon_deg,name_ja\nWonsan,launch,39.15,127.44\n",
       "f.csv:2:27: 4 fields; expected 5 (name,kind,lat_deg,lon_deg,name_ja): column 'name_ja' is "
       "missing"},
      {"name,kind,lat_deg,lon_deg,name_ja\nWonsan,launch,39.15,127.44,元\x01山\n",
       "f.csv:2:28: column 'name_ja': a control character U+0001 at byte 4; expected printable "
       "text"},
      // A comma in a name makes a fifth field; the column is the extra one's.
      {header + "Wonsan, North,launch,39.15,127.44\n",
       "f.csv:2:28: 5 fields; expected 4 (name,kind,lat_deg,lon_deg): an extra field after "
       "column 'lon_deg' (names cannot hold commas)"},
      {header + "Wonsan,launch,39.15\n",
       "f.csv:2:20: 3 fields; expected 4 (name,kind,lat_deg,lon_deg): column 'lon_deg' is "
       "missing"},
      {header + "Wonsan,launch,39.15\r\n", "f.csv:2:20: 3 fields"},
      {header + ",launch,1,2\n", "f.csv:2:1: column 'name': empty; expected the place's name"},
      {header + "Won\x01san,launch,1,2\n",
       "f.csv:2:1: column 'name': a control character U+0001 at byte 4; expected printable text"},
      {header + "A,launch,1,2\n  \xC3\x28x,launch,1,2\n",
       "f.csv:3:3: column 'name': not valid UTF-8 at byte 1; expected printable text"},
      {header + "A\xC2\x85,launch,1,2\n", "column 'name': a control character U+0085 at byte 2"},
      {header + "A,lanch,1,2\n",
       "f.csv:2:3: column 'kind': got 'lanch'; expected launch or landmark (did you mean "
       "'launch'?)"},
      {header + "A,town\x7f,1,2\n",
       "f.csv:2:3: column 'kind': got 'town\\x7F'; expected launch or landmark"},
      {header + "A,landmark,95,2\n",
       "f.csv:2:12: column 'lat_deg': got '95'; expected degrees in [-90, 90]"},
      {header + "A,landmark,-90.5,2\n", "column 'lat_deg': got '-90.5'"},
      {header + "A,landmark,nan,2\n", "column 'lat_deg': got 'nan'"},
      {header + "A,landmark,inf,2\n", "column 'lat_deg': got 'inf'"},
      {header + "A,landmark,1e999,2\n", "column 'lat_deg': got '1e999'"},
      {header + "A,landmark,12abc,2\n", "column 'lat_deg': got '12abc'"},
      {header + "A,landmark,,2\n", "f.csv:2:12: column 'lat_deg': got ''"},
      {header + "A,landmark,1,360\n",
       "f.csv:2:14: column 'lon_deg': got '360'; expected degrees in [-180, 360)"},
      {header + "A,landmark,1,-180.01\n", "column 'lon_deg': got '-180.01'"},
      {header + "A,landmark,1,-nan\n", "column 'lon_deg': got '-nan'"},
      // The same place twice, whatever its coordinates: both lines named.
      {header + "A,landmark,1,2\n# c\nA,landmark,3,4\n",
       "f.csv:4:1: column 'name': 'A' (landmark) is already on line 2; expected each place once"},
  };
  for (const auto& [text, expected] : cases) {
    EXPECT_THAT(ParseError(text), HasSubstr(expected)) << ::testing::PrintToString(text);
  }
}

// The optional Japanese names, and the Japanese wording of a point's place.
TEST(Places, DescribesPointsInJapanese) {
  const Places places = Places::Parse(
      "name,kind,lat_deg,lon_deg,name_ja\n"
      "Oga Peninsula,landmark,39.99,139.70,男鹿半島\n"
      "Nameless Rock,landmark,10.0,150.0,\n",
      "f.csv");
  ASSERT_EQ(places.all().size(), 2u);
  EXPECT_EQ(places.all()[0].name_ja, "男鹿半島");
  EXPECT_EQ(places.all()[1].name_ja, "");
  // 300 km due west of the peninsula's tip.
  const Geodetic west = GeodesicDirect(places.all()[0].point, -std::numbers::pi / 2, 300e3);
  EXPECT_EQ(places.Describe(west, PlaceKind::kLandmark), "about 300 km west of the Oga Peninsula");
  EXPECT_EQ(places.DescribeJapanese(west, PlaceKind::kLandmark), "男鹿半島の西約300km");
  EXPECT_EQ(places.DescribeJapanese(places.all()[0].point, PlaceKind::kLandmark), "男鹿半島付近");
  // Without a Japanese name the English one serves.
  EXPECT_EQ(places.DescribeJapanese(places.all()[1].point, PlaceKind::kLandmark),
            "Nameless Rock付近");
  EXPECT_EQ(CompassPointJapanese(0.0), "北");
  EXPECT_EQ(CompassPointJapanese(std::numbers::pi * 67.5 / 180.0), "東北東");
  EXPECT_EQ(CompassPointJapanese(-std::numbers::pi / 2), "西");
  // Every place of the shipped table has its Japanese name.
  const Places shipped = Places::Load(TRILINK_PLACES_FILE);
  for (const Place& place : shipped.all()) EXPECT_FALSE(place.name_ja.empty()) << place.name;
}

TEST(Places, AcceptsByteOrderMarkCrlfAndLongitudesTo360) {
  const Places places = Places::Parse(
      "\xEF\xBB\xBFname,kind,lat_deg,lon_deg\r\n"
      "# the same name as a launch site and a landmark is two places\r\n"
      "A,launch,-90,200\r\n"
      "A,landmark,90,-180\r\n"
      "B,landmark,0,359.5",
      "f.csv");
  ASSERT_EQ(places.all().size(), 3u);
  EXPECT_EQ(places.all()[0].kind, PlaceKind::kLaunch);
  EXPECT_DOUBLE_EQ(places.all()[0].point.longitude_deg(), -160.0);
  EXPECT_EQ(places.all()[1].kind, PlaceKind::kLandmark);
  EXPECT_DOUBLE_EQ(places.all()[2].point.longitude_deg(), -0.5);
  // Columns of the first line count the byte-order mark's three bytes.
  EXPECT_THAT(ParseError("\xEF\xBB\xBFnam,kind,lat_deg,lon_deg\nA,launch,1,2\n"),
              HasSubstr("f.csv:1:4: header: got 'nam'"));
}

// A folder, a missing file, a device or a binary file get ReadInputFile's
// messages, naming the path and the kind of file.
TEST(Places, LoadGivesTheSharedFileMessages) {
  const std::string folder = ::testing::TempDir() + "/places_folder.csv";
  std::filesystem::create_directories(folder);
  EXPECT_THAT(LoadError(folder), HasSubstr(folder + ": cannot read the places table: it is a "
                                                    "folder"));
  std::filesystem::remove(folder);
  EXPECT_THAT(LoadError(folder), HasSubstr(folder + ": cannot read the places table: no such"));
  EXPECT_THAT(LoadError("/dev/zero"), HasSubstr("/dev/zero: cannot read the places table"));
  const std::string binary = ::testing::TempDir() + "/places_binary.csv";
  {
    std::ofstream out(binary, std::ios::binary);
    out << std::string("name,kind,lat_deg,lon_deg\nA,launch,1,2\0\n", 39);
  }
  EXPECT_THAT(LoadError(binary), HasSubstr(binary + ": cannot read the places table: a NUL byte"));
  std::filesystem::remove(binary);
}

}  // namespace
}  // namespace trilink::geo
