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

// The same report in Japanese, in the wording of Japan's releases, with
// times in JST and places by their Japanese names.
TEST(LaunchReport, SaysItInJapaneseToo) {
  const geo::Places places = geo::Places::Load(TRILINK_PLACES_FILE);
  const LaunchReport salvo = BuildLaunchReport(
      {.event_id = "E1",
       .simulated = true,
       .missiles = {Finding("2026-03-10T06:32:00Z", 41.12, 136.84, std::nullopt),
                    Finding("2026-03-10T06:30:00Z", 41.13, 136.87, std::nullopt)}},
      places);
  EXPECT_EQ(salvo.launch_area_ja, "元山付近");
  EXPECT_EQ(salvo.direction_ja, "東北東");
  const std::string text = ReportText(salvo, ReportLanguage::kJapanese);
  EXPECT_NE(text.find("発射事案 E1（模擬。実際の事案ではありません）"), std::string::npos) << text;
  EXPECT_NE(
      text.find("2026年3月10日15時30分ごろから15時32分ごろにかけて、元山付近（"
                "北緯39.20度、東経127.50度）から、弾道ミサイル2発が東北東方向に発射されました。"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("1発目（15時30分ごろ発射）：最高高度約50km、約830km飛翔し、発射から約10分後に"
                      "奥尻島の西南西約"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("（北緯41.13度、東経136.87度）の"
                      "いずれの国の排他的経済水域（EEZ）でもない海域に落下したものとみられます。"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("変則軌道"), std::string::npos) << text;
  // The same figures as the English report's.
  EXPECT_NE(ReportText(salvo).find("about 830 km"), std::string::npos);

  const LaunchReport single =
      BuildLaunchReport({.event_id = "E2",
                         .simulated = false,
                         .missiles = {Finding("2026-03-10T06:45:10Z", 40.2, 138.9, "JPN")}},
                        places);
  const std::string one = ReportText(single, ReportLanguage::kJapanese);
  EXPECT_NE(one.find("2026年3月10日15時45分ごろ、元山付近"), std::string::npos) << one;
  EXPECT_NE(one.find("日本の排他的経済水域（EEZ）内に落下したものとみられます"), std::string::npos)
      << one;
  EXPECT_EQ(one.find("模擬"), std::string::npos);
}

TEST(LaunchReport, ParsesTheLanguageCodes) {
  EXPECT_EQ(ParseReportLanguage("en"), ReportLanguage::kEnglish);
  EXPECT_EQ(ParseReportLanguage("ja"), ReportLanguage::kJapanese);
  EXPECT_EQ(ParseReportLanguage("fr"), std::nullopt);
  EXPECT_EQ(ApproximateDurationJapanese(619.6), "約10分");
  EXPECT_EQ(ApproximateDurationJapanese(95.0), "約100秒");
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
