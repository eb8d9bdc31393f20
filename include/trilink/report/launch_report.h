// The launch report: what a defence ministry publishes after a launch —
// launch time (approximate) and area, direction, number of missiles, maximum
// altitude, range, flight time, where each fell relative to a named
// landmark, inside or outside the exclusive economic zone, and trajectory
// notes (lofted, irregular).
//
// Built from what trilink concluded (assess.h's final assessment of each
// missile, grouped by launch event) and worded with the places table
// (places.h). Figures are rounded the way such releases give them: times to
// the minute, distances to 10 km (5 km below 100 km), flight times to the
// minute (to 10 s below two minutes).
//
// In English (times in UTC) or in Japanese (times in Japan Standard Time,
// places by their Japanese names from the places table, in the wording of
// Japan's releases: 「男鹿半島の西約300kmの日本の排他的経済水域（EEZ）内に
// 落下したものとみられます」).
//
// Usage:
//   LaunchReport report = BuildLaunchReport({.event_id = "E1", .missiles = findings}, places);
//   std::cout << ReportText(report);                         // English
//   std::cout << ReportText(report, ReportLanguage::kJapanese);
//   nlohmann::json json = ReportJson(report);
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trilink/assess/assessment.h"
#include "trilink/core/time.h"
#include "trilink/geo/places.h"
#include "trilink/geo/wgs84.h"

namespace trilink::report {

struct MissileReport {
  assess::MissileFinding finding;
  std::string impact_description;     // "about 300 km west of the Oga Peninsula"
  std::string impact_description_ja;  // "男鹿半島の西約300km"
  long max_altitude_km = 0;           // rounded as released
  long range_km = 0;
  std::string flight_time;         // "about 10 minutes"
  std::string eez;                 // "inside Japan's EEZ" / "outside any EEZ" / ...
  std::vector<std::string> notes;  // "lofted trajectory", "irregular trajectory (manoeuvre seen)"
};

struct LaunchReport {
  std::string event_id;
  bool simulated = true;
  UtcTime first_launch;
  UtcTime last_launch;
  std::string launch_area;     // "the Wonsan area"
  std::string launch_area_ja;  // "元山付近"
  geo::Geodetic launch_point;  // mean launch point
  std::string direction;       // compass point of launch → mean impact
  std::string direction_ja;    // "東北東"
  int missile_count = 0;
  std::vector<MissileReport> missiles;  // in launch order
};

// throws InputError when `input` has no missile.
LaunchReport BuildLaunchReport(const assess::LaunchFindings& input, const geo::Places& places);
enum class ReportLanguage { kEnglish, kJapanese };
// "en" or "ja"; nullopt for anything else.
std::optional<ReportLanguage> ParseReportLanguage(std::string_view code);
std::string ReportText(const LaunchReport& report,
                       ReportLanguage language = ReportLanguage::kEnglish);
nlohmann::json ReportJson(const LaunchReport& report);

// "about 10 minutes", "about 90 seconds"; in Japanese "約10分", "約90秒".
std::string ApproximateDuration(double seconds);
std::string ApproximateDurationJapanese(double seconds);

}  // namespace trilink::report
