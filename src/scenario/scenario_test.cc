#include "trilink/scenario/scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <numbers>
#include <regex>
#include <string>
#include <vector>

#include "trilink/core/error.h"

namespace trilink::scenario {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr double kDegree = std::numbers::pi / 180.0;

// Lines 1-5; a document built on it has its first [[launch]] on line 6.
constexpr char kHeader[] =
    "[scenario]\n"
    "name = \"test\"\n"
    "epoch = \"2022-01-05T07:27:00Z\"\n"
    "duration_s = 1800\n"
    "seed = 7\n";

// The message of the InputError that parsing `text` throws, or "" if none.
std::string ErrorOf(const std::string& text, const std::string& file = "bad.toml") {
  try {
    ParseScenario(text, file);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(ScenarioTest, ParsesFullScenario) {
  const std::string text = R"(# Two launches, every field used once.
[scenario]
name = "Wonsan salvo"
epoch = "2022-01-05T07:27:00Z"
duration_s = 1800.5
seed = 20220105

[[launch]]
name = "salvo-A"
site = [39.2, 127.5, 25]
time_s = 10
count = 3
interval_s = 120.5
azimuth_deg = 75
range_km = 800
apogee_km = 50
flight_time_s = 600
profile = "quasi-ballistic"
spread = 0.05

[[launch]]
site = [-10, 200]
impact = [40.1, 136.0]
)";
  const Scenario scenario = ParseScenario(text, "full.toml");
  EXPECT_EQ(scenario.file, "full.toml");
  EXPECT_EQ(scenario.name, "Wonsan salvo");
  EXPECT_EQ(scenario.epoch, UtcTime::Parse("2022-01-05T07:27:00Z"));
  EXPECT_DOUBLE_EQ(scenario.duration_s, 1800.5);
  EXPECT_EQ(scenario.seed, 20220105u);
  ASSERT_EQ(scenario.launches.size(), 2u);

  const LaunchSpec& a = scenario.launches[0];
  EXPECT_EQ(a.name, "salvo-A");
  EXPECT_NEAR(a.site.latitude_rad, 39.2 * kDegree, 1e-12);
  EXPECT_NEAR(a.site.longitude_rad, 127.5 * kDegree, 1e-12);
  EXPECT_DOUBLE_EQ(a.site.height_m, 25.0);
  EXPECT_DOUBLE_EQ(a.time_s, 10.0);
  EXPECT_EQ(a.count, 3);
  EXPECT_DOUBLE_EQ(a.interval_s, 120.5);
  EXPECT_EQ(a.azimuth_deg, 75.0);
  EXPECT_FALSE(a.impact.has_value());
  EXPECT_EQ(a.range_km, 800.0);
  EXPECT_EQ(a.apogee_km, 50.0);
  EXPECT_EQ(a.flight_time_s, 600.0);
  EXPECT_EQ(a.profile, flight::Profile::kQuasiBallistic);
  EXPECT_DOUBLE_EQ(a.spread, 0.05);
  EXPECT_EQ(a.source_line, 8);

  // Defaults, and a longitude in [180, 360) normalised to [-180, 180).
  const LaunchSpec& b = scenario.launches[1];
  EXPECT_EQ(b.name, "launch-2");
  EXPECT_NEAR(b.site.latitude_rad, -10.0 * kDegree, 1e-12);
  EXPECT_NEAR(b.site.longitude_rad, -160.0 * kDegree, 1e-12);
  EXPECT_DOUBLE_EQ(b.site.height_m, 0.0);
  EXPECT_DOUBLE_EQ(b.time_s, 0.0);
  EXPECT_EQ(b.count, 1);
  EXPECT_DOUBLE_EQ(b.interval_s, 0.0);
  EXPECT_FALSE(b.azimuth_deg.has_value());
  ASSERT_TRUE(b.impact.has_value());
  EXPECT_NEAR(b.impact->latitude_rad, 40.1 * kDegree, 1e-12);
  EXPECT_NEAR(b.impact->longitude_rad, 136.0 * kDegree, 1e-12);
  EXPECT_FALSE(b.range_km.has_value());
  EXPECT_FALSE(b.apogee_km.has_value());
  EXPECT_FALSE(b.flight_time_s.has_value());
  EXPECT_FALSE(b.profile.has_value());  // auto
  EXPECT_DOUBLE_EQ(b.spread, 0.0);
  EXPECT_EQ(b.source_line, 21);
}

TEST(ScenarioTest, AcceptsNativeOffsetDateTime) {
  const std::string text =
      "[scenario]\nname = \"t\"\nepoch = 2022-01-05T16:27:00.25+09:00\nduration_s = 60\n"
      "seed = 0\n[[launch]]\nsite = [0, 0]\nimpact = [1, 1]\n";
  const Scenario scenario = ParseScenario(text, "native.toml");
  EXPECT_EQ(scenario.epoch, UtcTime::Parse("2022-01-05T07:27:00.25Z"));
  EXPECT_EQ(scenario.seed, 0u);
}

TEST(ScenarioTest, AcceptsInlineLaunchTables) {
  // Top-level keys come before the first table header.
  const std::string text =
      "launch = [{site = [1, 2], impact = [3, 4]},"
      " {site = [5, 6], azimuth_deg = 0, range_km = 100}]\n" +
      std::string(kHeader);
  const Scenario scenario = ParseScenario(text, "inline.toml");
  ASSERT_EQ(scenario.launches.size(), 2u);
  EXPECT_EQ(scenario.launches[1].name, "launch-2");
  EXPECT_EQ(scenario.launches[1].azimuth_deg, 0.0);
}

TEST(ScenarioTest, SalvoEndingJustBeforeTheScenarioEndIsAccepted) {
  const std::string text = std::string(kHeader) +
                           "[[launch]]\nsite = [0, 0]\nimpact = [1, 1]\n"
                           "time_s = 1000\ncount = 5\ninterval_s = 199.5\n";
  EXPECT_EQ(ParseScenario(text, "ok.toml").launches[0].count, 5);
}

TEST(ScenarioTest, ProfileNamesRoundTrip) {
  for (flight::Profile profile : {flight::Profile::kMinimumEnergy, flight::Profile::kLofted,
                                  flight::Profile::kDepressed, flight::Profile::kQuasiBallistic}) {
    EXPECT_EQ(flight::ParseProfile(flight::ProfileName(profile)), profile);
  }
  EXPECT_STREQ(flight::ProfileName(flight::Profile::kMinimumEnergy), "min-energy");
  EXPECT_FALSE(flight::ParseProfile("ballistic").has_value());
  EXPECT_FALSE(flight::ParseProfile("").has_value());
}

struct ErrorCase {
  const char* name;
  std::string text;
  std::string expected;  // a substring of the message
};

std::ostream& operator<<(std::ostream& out, const ErrorCase& c) { return out << c.name; }

class ScenarioErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ScenarioErrorTest, NamesPlaceFieldAndExpectation) {
  const ErrorCase& c = GetParam();
  const std::string message = ErrorOf(c.text);
  ASSERT_FALSE(message.empty()) << "no error for:\n" << c.text;
  EXPECT_THAT(message, StartsWith("bad.toml:"));
  EXPECT_THAT(message, HasSubstr(c.expected));
}

// A launch on line 6 with `body` from line 7 on; `target` completes it.
std::string Launch(const std::string& body, const std::string& target = "impact = [1, 1]\n") {
  return std::string(kHeader) + "[[launch]]\n" + body + target;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ScenarioErrorTest,
    ::testing::Values(
        // Syntax.
        ErrorCase{"Syntax", "[scenario]\nname = \"x\nseed = 1\n", "bad.toml:2:"},
        ErrorCase{"SyntaxDuplicateKey", std::string(kHeader) + "seed = 8\n",
                  "bad.toml:6:8: invalid TOML: "},
        // Unknown keys and tables.
        ErrorCase{"UnknownLaunchKey", Launch("site = [1, 2]\nrnage_km = 5\n"),
                  "bad.toml:8:1: launch[1].rnage_km: unknown key (did you mean range_km?); "
                  "expected one of name, site, time_s, count, interval_s, azimuth_deg, impact, "
                  "range_km, apogee_km, flight_time_s, profile, spread"},
        ErrorCase{"UnknownScenarioKey", std::string(kHeader) + "colour = 1\n",
                  "bad.toml:6:1: scenario.colour: unknown key; expected one of name, epoch, "
                  "duration_s, seed"},
        ErrorCase{"UnknownTable", std::string(kHeader) + "[sensors]\nx = 1\n",
                  "bad.toml:6:1: sensors: unknown table (did you mean sensor?); expected one of "
                  "scenario, launch, sensor"},
        ErrorCase{"UnknownRootKey", "version = 1\n" + std::string(kHeader),
                  "bad.toml:1:1: version: unknown key; expected one of scenario, launch, sensor"},
        ErrorCase{"FirstUnknownKeyInFile", Launch("zzz = 1\nsite = [1, 2]\naaa = 2\n"),
                  "bad.toml:7:1: launch[1].zzz: unknown key"},
        // Missing required keys: reported at the enclosing table's header.
        ErrorCase{"MissingScenarioTable", "[[launch]]\nsite = [0, 0]\nimpact = [1, 1]\n",
                  "bad.toml:1:1: scenario: missing; expected a [scenario] table"},
        ErrorCase{"MissingName", "\n[scenario]\nepoch = \"2022-01-05T07:27:00Z\"\n",
                  "bad.toml:2:1: scenario.name: missing; expected a non-empty string"},
        ErrorCase{"MissingEpoch", "[scenario]\nname = \"x\"\n",
                  "bad.toml:1:1: scenario.epoch: missing; expected a UTC time with zone"},
        ErrorCase{"MissingDuration", "[scenario]\nname = \"x\"\nepoch = \"2022-01-05T07:27:00Z\"\n",
                  "bad.toml:1:1: scenario.duration_s: missing; expected a number in (0, 2592000] "
                  "(s, at most 30 days)"},
        ErrorCase{"MissingSeed",
                  "[scenario]\nname = \"x\"\nepoch = \"2022-01-05T07:27:00Z\"\nduration_s = 1\n",
                  "bad.toml:1:1: scenario.seed: missing; expected an integer >= 0"},
        ErrorCase{"MissingSite", Launch("count = 1\n"),
                  "bad.toml:6:1: launch[1].site: missing; expected [lat_deg, lon_deg] or "
                  "[lat_deg, lon_deg, height_m]"},
        // Wrong types.
        ErrorCase{"StringDuration",
                  "[scenario]\nname = \"x\"\nepoch = \"2022-01-05T07:27:00Z\"\n"
                  "duration_s = \"long\"\n",
                  "bad.toml:4:14: scenario.duration_s: got a string \"long\"; expected a number "
                  "in (0, 2592000]"},
        ErrorCase{"FloatCount", Launch("site = [1, 2]\ncount = 2.5\n"),
                  "bad.toml:8:9: launch[1].count: got 2.5; expected an integer in [1, 100]"},
        ErrorCase{"WholeFloatCount", Launch("site = [1, 2]\ncount = 3.0\n"),
                  "bad.toml:8:9: launch[1].count: got 3.0; expected an integer in [1, 100]"},
        ErrorCase{"FloatSeed",
                  "[scenario]\nname = \"x\"\nepoch = \"2022-01-05T07:27:00Z\"\nduration_s = 1\n"
                  "seed = 1.0\n",
                  "bad.toml:5:8: scenario.seed: got 1.0; expected an integer >= 0"},
        ErrorCase{"NumberName", "[scenario]\nname = 5\n",
                  "bad.toml:2:8: scenario.name: got 5; expected a non-empty string"},
        ErrorCase{
            "EmptyLaunchName", Launch("name = \"\"\n"),
            "bad.toml:7:8: launch[1].name: got a string \"\"; expected 1 to 64 letters, digits"},
        ErrorCase{"SiteNotArray", Launch("site = \"Wonsan\"\n"),
                  "bad.toml:7:8: launch[1].site: got a string \"Wonsan\"; expected [lat_deg, "
                  "lon_deg] or [lat_deg, lon_deg, height_m]"},
        ErrorCase{"SiteTooLong", Launch("site = [1, 2, 3, 4]\n"),
                  "bad.toml:7:8: launch[1].site: got an array of 4 elements; expected"},
        ErrorCase{"ImpactWithHeight", Launch("site = [1, 2]\n", "impact = [1, 2, 3]\n"),
                  "bad.toml:8:10: launch[1].impact: got an array of 3 elements; expected "
                  "[lat_deg, lon_deg]"},
        ErrorCase{"SiteElementString", Launch("site = [1, \"east\"]\n"),
                  "bad.toml:7:12: launch[1].site[1]: got a string \"east\"; expected a "
                  "longitude in [-180, 360) (degrees)"},
        ErrorCase{"ProfileNotString", Launch("site = [1, 2]\nprofile = 1\n"),
                  "bad.toml:8:11: launch[1].profile: got 1; expected one of auto, min-energy, "
                  "lofted, depressed, quasi-ballistic"},
        ErrorCase{"LaunchIsTable", std::string(kHeader) + "[launch]\nsite = [1, 2]\n",
                  "bad.toml:6:1: launch: got a table; expected an array of tables, written "
                  "[[launch]]"},
        ErrorCase{"ScenarioIsArray", "[[scenario]]\nname = \"x\"\n",
                  "bad.toml:1:1: scenario: got an array of 1 element; expected a [scenario] "
                  "table"},
        // Out of range.
        ErrorCase{
            "NegativeApogee",
            Launch("site = [1, 2]\nazimuth_deg = 10\nrange_km = 300\napogee_km = -5\n", ""),
            "bad.toml:10:13: launch[1].apogee_km: got -5; expected a number in (0, 40000] (km)"},
        ErrorCase{"ZeroDuration",
                  "[scenario]\nname = \"x\"\nepoch = \"2022-01-05T07:27:00Z\"\nduration_s = 0\n",
                  "bad.toml:4:14: scenario.duration_s: got 0; expected a number in (0, 2592000]"},
        ErrorCase{"InfiniteDuration",
                  "[scenario]\nname = \"x\"\nepoch = \"2022-01-05T07:27:00Z\"\nduration_s = inf\n",
                  "bad.toml:4:14: scenario.duration_s: got inf; expected a number in (0, 2592000]"},
        ErrorCase{"NegativeSeed",
                  "[scenario]\nname = \"x\"\nepoch = \"2022-01-05T07:27:00Z\"\nduration_s = 1\n"
                  "seed = -1\n",
                  "bad.toml:5:8: scenario.seed: got -1; expected an integer >= 0"},
        ErrorCase{"Latitude", Launch("site = [95, 2]\n"),
                  "bad.toml:7:9: launch[1].site[0]: got 95; expected a latitude in [-90, 90] "
                  "(degrees)"},
        ErrorCase{"Longitude360", Launch("site = [1, 2]\n", "impact = [1, 360]\n"),
                  "bad.toml:8:14: launch[1].impact[1]: got 360; expected a longitude in [-180, "
                  "360) (degrees)"},
        ErrorCase{"SiteHeight", Launch("site = [1, 2, 2e4]\n"),
                  "bad.toml:7:15: launch[1].site[2]: got 20000.0; expected a height in [-1000, "
                  "10000] (m above the WGS-84 ellipsoid)"},
        ErrorCase{"NegativeTime", Launch("site = [1, 2]\ntime_s = -1\n"),
                  "bad.toml:8:10: launch[1].time_s: got -1; expected a number >= 0"},
        ErrorCase{"ZeroCount", Launch("site = [1, 2]\ncount = 0\n"),
                  "bad.toml:8:9: launch[1].count: got 0; expected an integer in [1, 100]"},
        ErrorCase{"CountAbove100", Launch("site = [1, 2]\ncount = 101\n"),
                  "bad.toml:8:9: launch[1].count: got 101; expected an integer in [1, 100]"},
        ErrorCase{"NegativeInterval", Launch("site = [1, 2]\ninterval_s = -0.5\n"),
                  "bad.toml:8:14: launch[1].interval_s: got -0.5; expected a number >= 0"},
        ErrorCase{"Azimuth360", Launch("site = [1, 2]\nrange_km = 9\nazimuth_deg = 360\n", ""),
                  "bad.toml:9:15: launch[1].azimuth_deg: got 360; expected a number in [0, 360)"},
        ErrorCase{"Spread", Launch("site = [1, 2]\nspread = 0.6\n"),
                  "bad.toml:8:10: launch[1].spread: got 0.6; expected a number in [0, 0.5]"},
        ErrorCase{
            "ZeroRange", Launch("site = [1, 2]\nrange_km = 0\n"),
            "bad.toml:8:12: launch[1].range_km: got 0; expected a number in (0, 20037.5] (km)"},
        ErrorCase{
            "ZeroFlightTime", Launch("site = [1, 2]\nflight_time_s = 0\n"),
            "bad.toml:8:17: launch[1].flight_time_s: got 0; expected a number in (0, 20000] (s)"},
        ErrorCase{"UnknownProfile", Launch("site = [1, 2]\nprofile = \"ballistic\"\n"),
                  "bad.toml:8:11: launch[1].profile: got a string \"ballistic\"; expected one of "
                  "auto, min-energy, lofted, depressed, quasi-ballistic"},
        // Epoch.
        ErrorCase{"EpochWithoutZone", "[scenario]\nname = \"x\"\nepoch = \"2022-01-05T07:27:00\"\n",
                  "bad.toml:3:9: scenario.epoch: got a string \"2022-01-05T07:27:00\"; expected "
                  "a UTC time with zone"},
        ErrorCase{"EpochNotATime", "[scenario]\nname = \"x\"\nepoch = \"yesterday\"\n",
                  "bad.toml:3:9: scenario.epoch: got a string \"yesterday\"; expected a UTC "
                  "time with zone"},
        ErrorCase{"EpochLocalDateTime", "[scenario]\nname = \"x\"\nepoch = 2022-01-05T07:27:00\n",
                  "bad.toml:3:9: scenario.epoch: got a local date-time 2022-01-05T07:27:00 "
                  "without a zone; expected a UTC time with zone"},
        ErrorCase{"EpochDate", "[scenario]\nname = \"x\"\nepoch = 2022-01-05\n",
                  "bad.toml:3:9: scenario.epoch: got a date 2022-01-05; expected a UTC time "
                  "with zone"},
        ErrorCase{"EpochNumber", "[scenario]\nname = \"x\"\nepoch = 1641367620\n",
                  "bad.toml:3:9: scenario.epoch: got 1641367620; expected a UTC time with zone"},
        // Cross-field checks.
        ErrorCase{"AzimuthAndImpact", Launch("site = [1, 2]\nazimuth_deg = 10\nrange_km = 9\n"),
                  "bad.toml:10:10: launch[1].impact: given together with azimuth_deg (line 8); "
                  "expected exactly one of azimuth_deg and impact"},
        ErrorCase{"ImpactThenAzimuth",
                  Launch("site = [1, 2]\nimpact = [1, 1]\n", "azimuth_deg = 10\nrange_km = 9\n"),
                  "bad.toml:9:15: launch[1].azimuth_deg: given together with impact (line 8)"},
        ErrorCase{"NeitherAzimuthNorImpact", Launch("site = [1, 2]\napogee_km = 9\n", ""),
                  "bad.toml:6:1: launch[1]: neither azimuth_deg nor impact given; expected "
                  "exactly one of azimuth_deg and impact"},
        ErrorCase{"AzimuthWithoutRange", Launch("site = [1, 2]\nazimuth_deg = 10\n", ""),
                  "bad.toml:6:1: launch[1].range_km: missing (required with azimuth_deg); "
                  "expected a number in (0, 20037.5] (km)"},
        ErrorCase{"SalvoPastEnd",
                  Launch("site = [1, 2]\ntime_s = 100\ncount = 3\ninterval_s = 900\n"),
                  "bad.toml:9:9: launch[1].count: the last missile launches at 1900 s (time_s "
                  "100 + (count 3 - 1) * interval_s 900), not before the scenario ends; "
                  "expected time_s + (count - 1) * interval_s < duration_s = 1800"},
        ErrorCase{"LaunchAtEnd", Launch("site = [1, 2]\ntime_s = 1800\n"),
                  "bad.toml:8:10: launch[1].time_s: got 1800, not before the scenario ends; "
                  "expected time_s + (count - 1) * interval_s < duration_s = 1800"},
        ErrorCase{"DuplicateName",
                  Launch("name = \"a\"\nsite = [1, 2]\n") +
                      "[[launch]]\nname = \"a\"\nsite = [1, 2]\nimpact = [1, 1]\n",
                  "bad.toml:11:8: launch[2].name: \"a\" is already the name of launch[1]; "
                  "expected a name unique in the scenario"},
        ErrorCase{
            "SecondLaunchReportedAsTwo",
            Launch("site = [1, 2]\n") + "\n[[launch]]\nsite = [1, 2]\napogee_km = -5\n",
            "bad.toml:12:13: launch[2].apogee_km: got -5; expected a number in (0, 40000] (km)"},
        // Launches.
        ErrorCase{"NoLaunch", std::string(kHeader),
                  "bad.toml:1:1: launch: missing; expected at least one [[launch]] table"},
        ErrorCase{"EmptyLaunchArray", "launch = []\n" + std::string(kHeader),
                  "bad.toml:1:10: launch: got no launches; expected at least one [[launch]] "
                  "table"},
        ErrorCase{"LaunchElementNotTable", "launch = [1]\n" + std::string(kHeader),
                  "bad.toml:1:11: launch[1]: got 1; expected a table"}),
    [](const ::testing::TestParamInfo<ErrorCase>& param_info) {
      return std::string(param_info.param.name);
    });

TEST(ScenarioTest, MissingFileNamesPathAndReason) {
  try {
    LoadScenario("no/such/scenario.toml");
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(), "no/such/scenario.toml: cannot read the scenario: no such file");
  }
}

TEST(ScenarioTest, DirectoryIsNotAScenario) {
  try {
    LoadScenario(TRILINK_SOURCE_DIR "/tests");
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("/tests: cannot read the scenario: it is a folder"));
  }
}

TEST(ScenarioTest, AByteOrderMarkIsIgnored) {
  EXPECT_EQ(ParseScenario("\xEF\xBB\xBF" + Launch("site = [0, 0]\n"), "x.toml").name, "test");
}

// Lines 1-8: header and one launch; a [[sensor]] header on line 9, `body`
// from line 10 on.
std::string Sensor(const std::string& body) {
  return std::string(kHeader) + "[[launch]]\nsite = [0, 0]\nimpact = [1, 1]\n[[sensor]]\n" + body;
}

constexpr char kRadarBody[] =
    "name = \"r\"\n"               // 10
    "owner = \"KR\"\n"             // 11
    "type = \"radar\"\n"           // 12
    "revisit_s = 5\n"              // 13
    "site = [37.7, 129.0, 300]\n"  // 14
    "range_sigma_m = 30\n"         // 15
    "azimuth_sigma_mrad = 2\n"     // 16
    "elevation_sigma_mrad = 2\n"   // 17
    "max_range_km = 1500\n"        // 18
    "reference_range_km = 1000\n"  // 19
    "reference_snr_db = 15\n";     // 20

constexpr char kInfraredBody[] =
    "name = \"ir\"\n"           // 10
    "owner = \"US\"\n"          // 11
    "type = \"infrared\"\n"     // 12
    "revisit_s = 5\n"           // 13
    "angle_sigma_urad = 30\n";  // 14

TEST(ScenarioSensors, ParsesRadarAndInfrared) {
  const std::string text = std::string(kHeader) + R"([[launch]]
site = [0, 0]
impact = [1, 1]

[[sensor]]
name = "kr-east"
owner = "KR"
type = "radar"
revisit_s = 4
scan_offset_s = 1.5
latency_s = 2
site = [37.7, 129.0, 300]
platform = "ground"
measures = ["range", "azimuth", "elevation", "range_rate"]
range_sigma_m = 30
azimuth_sigma_mrad = 2
elevation_sigma_mrad = 2.5
range_rate_sigma_m_s = 3
range_bias_m = 15
azimuth_bias_mrad = -0.5
max_range_km = 1500
azimuth_deg = [300, 60]
elevation_deg = [-1, 70]
refraction_k = 1.3
reference_range_km = 1000
reference_snr_db = 15
reference_rcs_m2 = 1
target_rcs_m2 = 0.5
false_alarm_probability = 1e-5
false_alarms_per_scan = 0.5

[[sensor]]
name = "jp-ship"
owner = "JP"
type = "radar"
platform = "ship"
revisit_s = 2
site = [39.5, 134.0, 20]
measures = ["azimuth", "elevation"]
azimuth_sigma_mrad = 1
elevation_sigma_mrad = 1
max_range_km = 800
reference_range_km = 500
reference_snr_db = 20

[[sensor]]
name = "us-geo"
owner = "US"
type = "infrared"
revisit_s = 5
latency_s = 4
geostationary_longitude_deg = 128
angle_sigma_urad = 30
angle_bias_urad = [5, -5]
detection_probability = 0.9

[[sensor]]
name = "us-heo"
owner = "US"
type = "infrared"
revisit_s = 10
angle_sigma_urad = 40
[sensor.orbit]
semi_major_axis_km = 26560
eccentricity = 0.7
inclination_deg = 63.4
raan_deg = 40
argument_of_perigee_deg = 270
mean_anomaly_deg = 10
)";
  const Scenario scenario = ParseScenario(text, "sensors.toml");
  ASSERT_EQ(scenario.sensors.size(), 4u);

  const sensors::SensorSpec& radar = scenario.sensors[0];
  EXPECT_EQ(radar.name, "kr-east");
  EXPECT_EQ(radar.owner, "KR");
  EXPECT_EQ(radar.type, sensors::SensorType::kRadar);
  EXPECT_DOUBLE_EQ(radar.revisit_s, 4.0);
  EXPECT_DOUBLE_EQ(radar.scan_offset_s, 1.5);
  EXPECT_DOUBLE_EQ(radar.latency_s, 2.0);
  EXPECT_EQ(radar.source_line, 10);
  const sensors::RadarConfig& config = radar.radar.config;
  EXPECT_NEAR(config.site.latitude_rad, 37.7 * kDegree, 1e-12);
  EXPECT_DOUBLE_EQ(config.site.height_m, 300.0);
  EXPECT_EQ(config.measures, (std::array<bool, 4>{true, true, true, true}));
  EXPECT_DOUBLE_EQ(config.range_sigma_m, 30.0);
  EXPECT_DOUBLE_EQ(config.azimuth_sigma_rad, 2e-3);
  EXPECT_DOUBLE_EQ(config.elevation_sigma_rad, 2.5e-3);
  EXPECT_DOUBLE_EQ(config.range_rate_sigma_m_s, 3.0);
  EXPECT_DOUBLE_EQ(radar.radar.bias[0], 15.0);
  EXPECT_DOUBLE_EQ(radar.radar.bias[1], -0.5e-3);
  EXPECT_DOUBLE_EQ(radar.radar.bias[3], 0.0);
  EXPECT_DOUBLE_EQ(config.field_of_view.max_range_m, 1.5e6);
  EXPECT_NEAR(config.field_of_view.azimuth_start_rad, 300.0 * kDegree, 1e-12);
  EXPECT_NEAR(config.field_of_view.azimuth_extent_rad, 120.0 * kDegree, 1e-12);
  EXPECT_NEAR(config.field_of_view.elevation_min_rad, -1.0 * kDegree, 1e-12);
  EXPECT_NEAR(config.field_of_view.elevation_max_rad, 70.0 * kDegree, 1e-12);
  EXPECT_DOUBLE_EQ(config.refraction_k, 1.3);
  EXPECT_DOUBLE_EQ(radar.radar.detection.reference_range_m, 1e6);
  EXPECT_DOUBLE_EQ(radar.radar.detection.reference_snr_db, 15.0);
  EXPECT_DOUBLE_EQ(radar.radar.detection.target_rcs_m2, 0.5);
  EXPECT_DOUBLE_EQ(radar.radar.detection.false_alarm_probability, 1e-5);
  EXPECT_DOUBLE_EQ(radar.radar.detection.false_alarms_per_scan, 0.5);

  const sensors::SensorSpec& ship = scenario.sensors[1];
  EXPECT_EQ(ship.radar.config.measures, (std::array<bool, 4>{false, true, true, false}));
  EXPECT_NEAR(ship.radar.config.field_of_view.azimuth_extent_rad, 2.0 * std::numbers::pi, 1e-12);
  EXPECT_DOUBLE_EQ(ship.radar.detection.target_rcs_m2, 1.0);  // the reference by default
  EXPECT_DOUBLE_EQ(ship.radar.config.field_of_view.elevation_min_rad, 0.0);

  const sensors::SensorSpec& geo = scenario.sensors[2];
  EXPECT_EQ(geo.type, sensors::SensorType::kInfrared);
  ASSERT_TRUE(geo.infrared.geostationary_longitude_rad.has_value());
  EXPECT_NEAR(*geo.infrared.geostationary_longitude_rad, 128.0 * kDegree, 1e-12);
  EXPECT_FALSE(geo.infrared.orbit.has_value());
  EXPECT_DOUBLE_EQ(geo.infrared.angle_sigma_rad, 30e-6);
  EXPECT_DOUBLE_EQ(geo.infrared.bias_rad[0], 5e-6);
  EXPECT_DOUBLE_EQ(geo.infrared.bias_rad[1], -5e-6);
  EXPECT_DOUBLE_EQ(geo.infrared.detection_probability, 0.9);

  const sensors::SensorSpec& heo = scenario.sensors[3];
  ASSERT_TRUE(heo.infrared.orbit.has_value());
  EXPECT_DOUBLE_EQ(heo.infrared.orbit->semi_major_axis_m, 26'560e3);
  EXPECT_DOUBLE_EQ(heo.infrared.orbit->eccentricity, 0.7);
  EXPECT_NEAR(heo.infrared.orbit->inclination_rad, 63.4 * kDegree, 1e-12);
  EXPECT_NEAR(heo.infrared.orbit->mean_anomaly_rad, 10.0 * kDegree, 1e-12);
  EXPECT_EQ(heo.infrared.orbit->epoch, scenario.epoch);
  EXPECT_DOUBLE_EQ(heo.infrared.detection_probability, 0.95);
  for (const sensors::SensorSpec& sensor : scenario.sensors) {
    std::string error;
    EXPECT_TRUE(sensor.IsValid(&error)) << sensor.name << ": " << error;
  }
}

TEST(ScenarioSensors, SensorsAreOptional) {
  EXPECT_TRUE(ParseScenario(Launch("site = [0, 0]\n"), "x.toml").sensors.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Sensors, ScenarioErrorTest,
    ::testing::Values(
        ErrorCase{"SensorUnknownKey", Sensor(std::string(kRadarBody) + "revisit = 5\n"),
                  "bad.toml:21:1: sensor[1].revisit: unknown key (did you mean revisit_s?)"},
        ErrorCase{"SensorInfraredKeyOnRadar",
                  Sensor(std::string(kRadarBody) + "angle_sigma_urad = 30\n"),
                  "bad.toml:21:20: sensor[1].angle_sigma_urad: applies only to infrared "
                  "sensors, this one is radar"},
        ErrorCase{"SensorRadarKeyOnInfrared",
                  Sensor(std::string(kInfraredBody) + "geostationary_longitude_deg = 128\n"
                                                      "site = [1, 2]\n"),
                  "bad.toml:16:8: sensor[1].site: applies only to radar sensors"},
        ErrorCase{"SensorMissingType", Sensor("name = \"x\"\n"),
                  "bad.toml:9:1: sensor[1].type: missing; expected radar or infrared"},
        ErrorCase{"SensorBadType", Sensor("type = \"sonar\"\n"),
                  "bad.toml:10:8: sensor[1].type: got a string \"sonar\"; expected radar or "
                  "infrared"},
        ErrorCase{"SensorMissingOwner", Sensor("type = \"infrared\"\nname = \"x\"\n"),
                  "bad.toml:9:1: sensor[1].owner: missing"},
        ErrorCase{"SensorMissingSite",
                  Sensor("name = \"r\"\nowner = \"KR\"\ntype = \"radar\"\nrevisit_s = 5\n"),
                  "bad.toml:9:1: sensor[1].site: missing; expected [lat_deg, lon_deg]"},
        ErrorCase{"SensorBadRevisit",
                  Sensor("name = \"r\"\nowner = \"KR\"\ntype = \"radar\"\nrevisit_s = 0\n"),
                  "bad.toml:13:13: sensor[1].revisit_s: got 0; expected a number > 0"},
        ErrorCase{"SensorOffsetBeyondRevisit",
                  Sensor(std::string(kRadarBody) + "scan_offset_s = 5\n"),
                  "bad.toml:21:17: sensor[1].scan_offset_s: got 5; expected a number in [0, "
                  "revisit_s = 5)"},
        ErrorCase{"SensorSigmaForUnmeasured",
                  Sensor(std::string(kRadarBody) + "range_rate_sigma_m_s = 2\n"),
                  "bad.toml:21:24: sensor[1].range_rate_sigma_m_s: given, but measures does not "
                  "include range_rate"},
        ErrorCase{
            "SensorMissingSigma",
            Sensor(std::string(kRadarBody) +
                   "measures = [\"range\", \"azimuth\", \"elevation\", \"range_rate\"]\n"),
            "bad.toml:9:1: sensor[1].range_rate_sigma_m_s: missing; expected a number in [0.001, "
            "10000] "
            "(m/s)"},
        ErrorCase{"SensorBadMeasure",
                  Sensor(std::string(kRadarBody) + "measures = [\"doppler\"]\n"),
                  "bad.toml:21:13: sensor[1].measures[0]: got a string \"doppler\"; expected a "
                  "non-empty array of distinct names from range, azimuth, elevation, range_rate"},
        ErrorCase{"SensorRepeatedMeasure",
                  Sensor(std::string(kRadarBody) + "measures = [\"range\", \"range\"]\n"),
                  "sensor[1].measures[1]: \"range\" is listed twice"},
        ErrorCase{"SensorEmptySector", Sensor(std::string(kRadarBody) + "azimuth_deg = [40, 40]\n"),
                  "bad.toml:21:15: sensor[1].azimuth_deg: an empty sector"},
        ErrorCase{"SensorElevationOrder",
                  Sensor(std::string(kRadarBody) + "elevation_deg = [10, 5]\n"),
                  "sensor[1].elevation_deg[1]: got 5; expected [min, max] with -90 <= min < max"},
        ErrorCase{"SensorBadFalseAlarmProbability",
                  Sensor(std::string(kRadarBody) + "false_alarm_probability = 1\n"),
                  "sensor[1].false_alarm_probability: got 1; expected a number in [1e-12, 1)"},
        ErrorCase{"SensorMissingReferenceSnr",
                  Sensor("name = \"r\"\nowner = \"KR\"\ntype = \"radar\"\nrevisit_s = 5\n"
                         "site = [37.7, 129.0]\nrange_sigma_m = 30\nazimuth_sigma_mrad = 2\n"
                         "elevation_sigma_mrad = 2\nmax_range_km = 1500\n"
                         "reference_range_km = 1000\n"),
                  "bad.toml:9:1: sensor[1].reference_snr_db: missing; expected a number in [-100, "
                  "200] (dB)"},
        ErrorCase{
            "SensorNoPlatform", Sensor(kInfraredBody),
            "bad.toml:9:1: sensor[1]: neither geostationary_longitude_deg nor orbit given; "
            "expected exactly one of geostationary_longitude_deg and an [sensor.orbit] table"},
        ErrorCase{
            "SensorTwoPlatforms",
            Sensor(std::string(kInfraredBody) +
                   "geostationary_longitude_deg = 128\n[sensor.orbit]\n"
                   "semi_major_axis_km = 7000\n"),
            "bad.toml:16:1: sensor[1].orbit: given together with geostationary_longitude_deg"},
        ErrorCase{"SensorOrbitInsideEarth",
                  Sensor(std::string(kInfraredBody) +
                         "[sensor.orbit]\nsemi_major_axis_km = 7000\neccentricity = 0.5\n"),
                  "bad.toml:16:22: sensor[1].orbit.semi_major_axis_km: the perigee, 3500 km from "
                  "the Earth's centre, is inside the Earth or its atmosphere"},
        ErrorCase{"SensorOrbitUnknownKey",
                  Sensor(std::string(kInfraredBody) +
                         "[sensor.orbit]\nsemi_major_axis_km = 42164\nperiod_s = 86164\n"),
                  "bad.toml:17:1: sensor[1].orbit.period_s: unknown key"},
        ErrorCase{"SensorDuplicateName",
                  Sensor(std::string(kInfraredBody) + "geostationary_longitude_deg = 128\n" +
                         "[[sensor]]\n" + kInfraredBody + "geostationary_longitude_deg = 100\n"),
                  "sensor[2].name: \"ir\" is already the name of sensor[1]"},
        ErrorCase{
            "SensorNotATable",
            "sensor = 5\n" + std::string(kHeader) + "[[launch]]\nsite = [0, 0]\nimpact = [1, 1]\n",
            "bad.toml:1:10: sensor: got 5; expected an array of tables, written [[sensor]]"}));

// The bad scenarios used by the CLI tests fail here with the message their
// EXPECTED.txt line describes, so the two cannot drift apart.
TEST(ScenarioTest, CliBadScenariosFailAsExpected) {
  const std::string directory = TRILINK_SOURCE_DIR "/tests/cli/bad/";
  std::ifstream expected(directory + "EXPECTED.txt");
  ASSERT_TRUE(expected) << "cannot open " << directory << "EXPECTED.txt";
  std::string line;
  int cases = 0;
  while (std::getline(expected, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << "no tab in: " << line;
    const std::string file = line.substr(0, tab);
    const std::string pattern = line.substr(tab + 1);
    SCOPED_TRACE(file);
    ++cases;
    try {
      LoadScenario(directory + file);
      ADD_FAILURE() << "no error";
    } catch (const InputError& error) {
      EXPECT_TRUE(std::regex_search(error.what(), std::regex(pattern)))
          << error.what() << "\n  does not match " << pattern;
    }
  }
  EXPECT_EQ(cases, 11);
}

TEST(ScenarioTest, LoadsFromFile) {
  const std::string path = ::testing::TempDir() + "scenario_test_ok.toml";
  {
    std::ofstream out(path);
    out << kHeader << "[[launch]]\nsite = [0, 0]\nimpact = [0, 1]\n";
  }
  const Scenario scenario = LoadScenario(path);
  EXPECT_EQ(scenario.file, path);
  EXPECT_EQ(scenario.name, "test");
  ASSERT_EQ(scenario.launches.size(), 1u);
  std::remove(path.c_str());
}

TEST(ParseScenario, AreasFileIsResolvedAgainstTheScenarioFolder) {
  const std::string base = R"([scenario]
name = "t"
epoch = "2026-03-10T06:30:00Z"
duration_s = 600
seed = 1
[[launch]]
site = [39.2, 127.5]
azimuth_deg = 70
range_km = 300
)";
  EXPECT_FALSE(ParseScenario(base, "dir/s.toml").areas_file.has_value());
  const Scenario with = ParseScenario(base + "[areas]\nfile = \"areas/x.geojson\"\n", "dir/s.toml");
  ASSERT_TRUE(with.areas_file.has_value());
  EXPECT_EQ(*with.areas_file, "dir/areas/x.geojson");
  EXPECT_EQ(*ParseScenario(base + "[areas]\nfile = \"/abs/x.geojson\"\n", "dir/s.toml").areas_file,
            "/abs/x.geojson");
  try {
    ParseScenario(base + "[areas]\npath = \"x\"\n", "s.toml");
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("areas.path"));
  }
  EXPECT_THROW(ParseScenario(base + "[areas]\nfile = \"\"\n", "s.toml"), InputError);
  EXPECT_THROW(ParseScenario(base + "areas = 3\n", "s.toml"), InputError);
}

}  // namespace
}  // namespace trilink::scenario

namespace trilink::scenario {
namespace {

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

// Eleven full salvos: 1100 missiles, 100 more than a scenario may hold.
std::string TooManyMissiles() {
  std::string text = kHeader;
  for (int i = 0; i < 11; ++i) {
    text += "[[launch]]\nname = \"s" + std::to_string(i) +
            "\"\nsite = [0, 0]\nimpact = [1, 1]\ncount = 100\n";
  }
  return text;
}

// What would make a run take hours or exhaust memory, or is no physical
// value, is refused by the reader, naming the field (regressions of the
// hostile inputs of docs/robustness.md).
INSTANTIATE_TEST_SUITE_P(
    Limits, ScenarioErrorTest,
    ::testing::Values(
        ErrorCase{"DurationOfYears",
                  Replaced(Launch("site = [0, 0]\n"), "duration_s = 1800", "duration_s = 1e12"),
                  "bad.toml:4:14: scenario.duration_s: got 1e+12; expected a number in (0, "
                  "2592000]"},
        ErrorCase{"EpochNearTheEndOfTime",
                  Replaced(Launch("site = [0, 0]\n"), "epoch = \"2022-01-05T07:27:00Z\"",
                           "epoch = \"2262-04-11T23:30:00Z\""),
                  "bad.toml:3:9: scenario.epoch: got a string \"2262-04-11T23:30:00Z\"; expected a "
                  "UTC time with zone between 1700 and 2200"},
        ErrorCase{"NativeEpochBefore1700",
                  Replaced(Launch("site = [0, 0]\n"), "epoch = \"2022-01-05T07:27:00Z\"",
                           "epoch = 1690-01-01T00:00:00Z"),
                  "bad.toml:3:9: scenario.epoch: got a date-time 1690-01-01T00:00:00Z; expected a "
                  "UTC time with zone between 1700 and 2200"},
        ErrorCase{"LatencyBeyondAnHour", Sensor(std::string(kRadarBody) + "latency_s = 1e12\n"),
                  "bad.toml:21:13: sensor[1].latency_s: got 1e+12; expected a number in [0, 3600]"},
        ErrorCase{"RevisitOfANanosecond",
                  Sensor(Replaced(kInfraredBody, "revisit_s = 5", "revisit_s = 1e-9") +
                         "geostationary_longitude_deg = 128\n"),
                  "bad.toml:13:13: sensor[1].revisit_s: got 1e-09: the run of 1800 s would take "
                  "1.8e+12 scans of this sensor; expected at most 200000 scans per sensor "
                  "(revisit_s >= 0.00901)"},
        ErrorCase{"FalseAlarmsBeyondTheBudget",
                  Sensor(Replaced(kRadarBody, "revisit_s = 5", "revisit_s = 0.05") +
                         "false_alarms_per_scan = 1000\n"),
                  "bad.toml:21:25: sensor[1].false_alarms_per_scan: the radars so far would "
                  "report 3.6e+07 false alarms over the run; expected at most 1000000"},
        ErrorCase{"RangeSigmaOverflows",
                  Sensor(Replaced(kRadarBody, "range_sigma_m = 30", "range_sigma_m = 1e300")),
                  "bad.toml:15:17: sensor[1].range_sigma_m: got 1e+300; expected a number in "
                  "[0.001, 1e+06] (m)"},
        ErrorCase{"RangeBeyondHalfTheEarth",
                  Launch("site = [0, 0]\n", "azimuth_deg = 5\nrange_km = 1e300\n"),
                  "launch[1].range_km: got 1e+300; expected a number in (0, 20037.5] (km)"},
        ErrorCase{"LaunchNameThatIsAPath", Launch("name = \"../../escape\"\nsite = [0, 0]\n"),
                  "bad.toml:7:8: launch[1].name: got a string \"../../escape\"; expected 1 to 64 "
                  "letters, digits, '-', '_' or '.', not starting with '.' (it names files)"},
        ErrorCase{"OwnerWithSpaces",
                  Sensor(Replaced(kRadarBody, "owner = \"KR\"", "owner = \"K R\"")),
                  "bad.toml:11:9: sensor[1].owner: got a string \"K R\""}),
    [](const ::testing::TestParamInfo<ErrorCase>& param_info) {
      return std::string(param_info.param.name);
    });

// `sensors` radars named r0, r1, ..., owned by `owner(i)`, after one launch
// of `missiles` missiles; each radar revisits every `revisit_s`.
std::string ManySensors(int sensors, const std::function<std::string(int)>& owner, int missiles = 1,
                        const std::string& revisit_s = "5") {
  std::string text = std::string(kHeader) + "[[launch]]\nsite = [0, 0]\nimpact = [1, 1]\n";
  for (int m = 0; m < missiles; m += 100) {
    if (m > 0)
      text += "[[launch]]\nname = \"l" + std::to_string(m) + "\"\nsite = [0, 0]\nimpact = [1, 1]\n";
    text += "count = " + std::to_string(std::min(100, missiles - m)) + "\n";
  }
  for (int i = 0; i < sensors; ++i) {
    std::string body =
        Replaced(kRadarBody, "name = \"r\"", "name = \"r" + std::to_string(i) + "\"");
    body = Replaced(body, "owner = \"KR\"", "owner = \"" + owner(i) + "\"");
    text += "[[sensor]]\n" + Replaced(body, "revisit_s = 5", "revisit_s = " + revisit_s);
  }
  return text;
}

TEST(ScenarioTest, SensorsPartnersAndDetectionsAreBounded) {
  auto korea = [](int) { return std::string("KR"); };
  EXPECT_EQ(ErrorOf(ManySensors(200, korea)), "");
  EXPECT_THAT(ErrorOf(ManySensors(201, korea)),
              HasSubstr("sensor[201]: one sensor too many; expected at most 200 sensors"));
  auto own = [](int i) {
    std::string code = "P";  // appended: GCC 12 warns falsely of "P" + a temporary
    return code += std::to_string(i);
  };
  EXPECT_EQ(ErrorOf(ManySensors(32, own)), "");
  EXPECT_THAT(ErrorOf(ManySensors(33, own)),
              HasSubstr("sensor[33].owner: one partner too many; expected at most 32 partners"));
  // 1000 missiles and one radar of 18 001 scans: 1.8e7 possible detections.
  EXPECT_THAT(ErrorOf(ManySensors(1, korea, 1000, "0.1")),
              HasSubstr("sensor[1].revisit_s: the sensors so far make"));
  EXPECT_THAT(ErrorOf(ManySensors(1, korea, 1000, "0.1")),
              HasSubstr("expected at most 1e+07 (scans × missiles)"));
  EXPECT_EQ(ErrorOf(ManySensors(1, korea, 1000, "1")), "");
}

TEST(ScenarioTest, AtMostAThousandMissiles) {
  EXPECT_THAT(ErrorOf(TooManyMissiles()),
              HasSubstr("launch[11].count: the launches so far hold 1100 missiles; expected at "
                        "most 1000 missiles in a scenario"));
}

}  // namespace
}  // namespace trilink::scenario
