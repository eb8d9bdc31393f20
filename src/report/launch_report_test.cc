#include "trilink/report/launch_report.h"

#include <gtest/gtest.h>

#include "trilink/core/error.h"

namespace trilink::report {
namespace {

UtcTime At(const char* iso) { return UtcTime::Parse(iso); }

assess::MissileFinding Finding(const char* launch, double impact_lat, double impact_lon,
                               std::optional<std::string> eez) {
  assess::MissileFinding m;
  m.track = "JP/1";
  m.launch_time = At(launch);
  m.launch_point = geo::Geodetic::FromDegrees(39.20, 127.50);
  m.impact_time = m.launch_time + Duration::Seconds(619.6);
  m.impact_point = geo::Geodetic::FromDegrees(impact_lat, impact_lon);
  m.max_altitude_m = 51'400.0;
  m.range_m = 826'200.0;
  m.flight_time_s = 619.6;
  m.trajectory = assess::TrajectoryType::kIrregular;
  m.eez_country = eez;
  if (eez) m.eez_country_name = "Japan";
  return m;
}

TEST(LaunchReport, SaysWhatAMinistryReleaseSays) {
  const geo::Places places = geo::Places::Load(TRILINK_PLACES_FILE);
  const LaunchReport report = BuildLaunchReport(
      {.event_id = "E1",
       .simulated = true,
       .missiles = {Finding("2026-03-10T06:32:00Z", 41.12, 136.84, std::nullopt),
                    Finding("2026-03-10T06:30:00Z", 41.13, 136.87, std::nullopt)}},
      places);
  EXPECT_EQ(report.missile_count, 2);
  EXPECT_EQ(report.launch_area, "the Wonsan area");
  EXPECT_EQ(report.direction, "east-northeast");
  ASSERT_EQ(report.missiles.size(), 2u);
  EXPECT_EQ(report.missiles[0].finding.launch_time, At("2026-03-10T06:30:00Z"));  // launch order
  EXPECT_EQ(report.missiles[0].max_altitude_km, 50);
  EXPECT_EQ(report.missiles[0].range_km, 830);
  EXPECT_EQ(report.missiles[0].flight_time, "about 10 minutes");
  EXPECT_EQ(report.missiles[0].eez, "outside any exclusive economic zone");
  const std::string text = ReportText(report);
  EXPECT_NE(text.find("(simulated run, not a real event)"), std::string::npos) << text;
  EXPECT_NE(text.find("Between about 06:30 UTC on 10 March 2026 and 06:32 UTC on 10 March 2026, "
                      "2 ballistic missiles were launched from the Wonsan area"),
            std::string::npos)
      << text;
  // 41.13 N 136.87 E: Okushiri Island is the nearest landmark.
  EXPECT_NE(text.find("km west-southwest of Okushiri Island (41.13°N 136.87°E), outside any "
                      "exclusive economic zone"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("irregular trajectory"), std::string::npos) << text;
  const nlohmann::json json = ReportJson(report);
  EXPECT_EQ(json["missile_count"], 2);
  EXPECT_EQ(json["missiles"][0]["trajectory"], "irregular");
  EXPECT_TRUE(json["missiles"][0]["eez_country"].is_null());
}

TEST(LaunchReport, NamesTheEezAndASingleMissile) {
  const geo::Places places = geo::Places::Load(TRILINK_PLACES_FILE);
  const LaunchReport report =
      BuildLaunchReport({.event_id = "E2",
                         .simulated = false,
                         .missiles = {Finding("2026-03-10T06:45:10Z", 40.2, 138.9, "JPN")}},
                        places);
  const std::string text = ReportText(report);
  EXPECT_NE(text.find("At about 06:45 UTC on 10 March 2026, one ballistic missile was launched"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("inside Japan's exclusive economic zone"), std::string::npos) << text;
  EXPECT_EQ(text.find("simulated"), std::string::npos);
}

TEST(LaunchReport, RefusesAnEmptyEvent) {
  const geo::Places places({});
  EXPECT_THROW(BuildLaunchReport({.event_id = "E0"}, places), InputError);
}

TEST(ApproximateDuration, RoundsToMinutesOrTenSeconds) {
  EXPECT_EQ(ApproximateDuration(619.6), "about 10 minutes");
  EXPECT_EQ(ApproximateDuration(95.0), "about 100 seconds");
  EXPECT_EQ(ApproximateDuration(319.7), "about 5 minutes");
}

}  // namespace
}  // namespace trilink::report
