#include "trilink/report/launch_report.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "trilink/core/error.h"
#include "trilink/geo/area_names.h"

namespace trilink::report {
namespace {

std::string LatLon(const geo::Geodetic& point) {
  return fmt::format("{:.2f}°{} {:.2f}°{}", std::abs(point.latitude_deg()),
                     point.latitude_deg() >= 0.0 ? "N" : "S", std::abs(point.longitude_deg()),
                     point.longitude_deg() >= 0.0 ? "E" : "W");
}

// The ISO 8601 text (YYYY-MM-DDThh:mm:ssZ) of `time` rounded to the nearest
// minute, as releases give times.
std::string ToNearestMinute(UtcTime time) {
  const int64_t minute_ns = 60'000'000'000;
  const int64_t ns = time.nanoseconds_since_epoch();
  return UtcTime::FromNanoseconds((ns >= 0 ? ns + minute_ns / 2 : ns - minute_ns / 2) / minute_ns *
                                  minute_ns)
      .ToIso8601();
}

// Minutes as a release gives them: "06:30 UTC on 10 March 2026".
std::string ApproximateTime(UtcTime time) {
  const std::string iso = ToNearestMinute(time);
  static constexpr std::array<const char*, 12> kMonths = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  const int month = std::stoi(iso.substr(5, 2));
  const int day = std::stoi(iso.substr(8, 2));
  return fmt::format("{} UTC on {} {} {}", iso.substr(11, 5), day,
                     kMonths[static_cast<size_t>(month - 1)], iso.substr(0, 4));
}

// "2026年3月10日15時30分ごろ" in Japan Standard Time (UTC+9), to the minute;
// without the date when `with_date` is false.
std::string ApproximateTimeJapanese(UtcTime time, bool with_date = true) {
  const std::string iso = ToNearestMinute(time + Duration::Seconds(9 * 3600.0));
  const std::string clock =
      fmt::format("{}時{}分ごろ", std::stoi(iso.substr(11, 2)), iso.substr(14, 2));
  if (!with_date) return clock;
  return fmt::format("{}年{}月{}日", iso.substr(0, 4), std::stoi(iso.substr(5, 2)),
                     std::stoi(iso.substr(8, 2))) +
         clock;
}

geo::Geodetic MeanPoint(const std::vector<geo::Geodetic>& points) {
  Eigen::Vector3d sum = Eigen::Vector3d::Zero();
  for (const geo::Geodetic& p : points) sum += geo::GeodeticToEcef(p);
  geo::Geodetic mean = geo::EcefToGeodetic(sum / static_cast<double>(points.size()));
  mean.height_m = 0.0;
  return mean;
}

}  // namespace

std::string ApproximateDuration(double seconds) {
  if (seconds < 120.0) return fmt::format("about {} seconds", std::lround(seconds / 10.0) * 10);
  return fmt::format("about {} minutes", std::lround(seconds / 60.0));
}

std::string ApproximateDurationJapanese(double seconds) {
  if (seconds < 120.0) return fmt::format("約{}秒", std::lround(seconds / 10.0) * 10);
  return fmt::format("約{}分", std::lround(seconds / 60.0));
}

std::optional<ReportLanguage> ParseReportLanguage(std::string_view code) {
  if (code == "en") return ReportLanguage::kEnglish;
  if (code == "ja") return ReportLanguage::kJapanese;
  return std::nullopt;
}

LaunchReport BuildLaunchReport(const assess::LaunchFindings& input, const geo::Places& places) {
  if (input.missiles.empty())
    throw InputError(fmt::format("launch report {}: no missile", input.event_id));
  LaunchReport report;
  report.event_id = input.event_id;
  report.simulated = input.simulated;
  std::vector<assess::MissileFinding> missiles = input.missiles;
  std::stable_sort(missiles.begin(), missiles.end(),
                   [](const auto& a, const auto& b) { return a.launch_time < b.launch_time; });
  report.missile_count = static_cast<int>(missiles.size());
  report.first_launch = missiles.front().launch_time;
  report.last_launch = missiles.back().launch_time;
  std::vector<geo::Geodetic> launches, impacts;
  for (const assess::MissileFinding& m : missiles) {
    launches.push_back(m.launch_point);
    impacts.push_back(m.impact_point);
  }
  report.launch_point = MeanPoint(launches);
  const geo::Place* area = places.Nearest(report.launch_point, geo::PlaceKind::kLaunch);
  report.launch_area =
      area == nullptr ? LatLon(report.launch_point) : "the " + area->name + " area";
  report.launch_area_ja = area == nullptr ? geo::JapaneseCoordinates(report.launch_point)
                                          : area->JapaneseName() + "付近";
  const double azimuth =
      geo::GeodesicInverse(report.launch_point, MeanPoint(impacts)).initial_azimuth_rad;
  report.direction = std::string(geo::CompassPoint(azimuth));
  report.direction_ja = std::string(geo::CompassPointJapanese(azimuth));
  for (const assess::MissileFinding& m : missiles) {
    MissileReport missile;
    missile.finding = m;
    missile.impact_description = places.Describe(m.impact_point, geo::PlaceKind::kLandmark);
    missile.impact_description_ja =
        places.DescribeJapanese(m.impact_point, geo::PlaceKind::kLandmark);
    missile.max_altitude_km = geo::RoundedKm(m.max_altitude_m);
    missile.range_km = geo::RoundedKm(m.range_m);
    missile.flight_time = ApproximateDuration(m.flight_time_s);
    if (m.eez_country) {
      missile.eez = fmt::format("inside {}'s exclusive economic zone",
                                m.eez_country_name.value_or(*m.eez_country));
    } else {
      missile.eez = "outside any exclusive economic zone";
    }
    switch (m.trajectory) {
      case assess::TrajectoryType::kLofted:
        missile.notes.push_back("lofted trajectory");
        break;
      case assess::TrajectoryType::kDepressed:
        missile.notes.push_back("depressed trajectory");
        break;
      case assess::TrajectoryType::kIrregular:
        missile.notes.push_back("irregular trajectory (manoeuvre after burnout)");
        break;
      case assess::TrajectoryType::kMinimumEnergy:
      case assess::TrajectoryType::kUnknown:
        break;
    }
    report.missiles.push_back(std::move(missile));
  }
  return report;
}

namespace {

std::string ReportTextJapanese(const LaunchReport& report) {
  std::string text = fmt::format("発射事案 {}{}\n", report.event_id,
                                 report.simulated ? "（模擬。実際の事案ではありません）" : "");
  const std::string count = fmt::format("弾道ミサイル{}発", report.missile_count);
  const std::string from = fmt::format("{}（{}）から", report.launch_area_ja,
                                       geo::JapaneseCoordinates(report.launch_point));
  if (report.first_launch == report.last_launch ||
      (report.last_launch - report.first_launch).seconds() < 30.0) {
    text +=
        fmt::format("{}、{}、{}が{}方向に発射されました。\n",
                    ApproximateTimeJapanese(report.first_launch), from, count, report.direction_ja);
  } else {
    // The date once when both launches fall on the same day (in JST).
    const std::string first = ApproximateTimeJapanese(report.first_launch);
    const std::string last = ApproximateTimeJapanese(report.last_launch);
    const size_t day = first.find("日") + std::string_view("日").size();
    const bool same_day = first.compare(0, day, last, 0, day) == 0;
    text += fmt::format("{}から{}にかけて、{}、{}が{}方向に発射されました。\n", first,
                        same_day ? ApproximateTimeJapanese(report.last_launch, false) : last, from,
                        count, report.direction_ja);
  }
  for (size_t i = 0; i < report.missiles.size(); ++i) {
    const MissileReport& m = report.missiles[i];
    const std::string_view country =
        m.finding.eez_country ? geo::JapaneseCountryName(*m.finding.eez_country) : "";
    std::string eez;
    if (!m.finding.eez_country) {
      eez = "いずれの国の排他的経済水域（EEZ）でもない海域";
    } else {
      const std::string name = country.empty()
                                   ? m.finding.eez_country_name.value_or(*m.finding.eez_country)
                                   : std::string(country);
      eez = name + "の排他的経済水域（EEZ）内";
    }
    std::string note;
    switch (m.finding.trajectory) {
      case assess::TrajectoryType::kLofted:
        note = "ロフテッド軌道で発射されたとみられます。";
        break;
      case assess::TrajectoryType::kDepressed:
        note = "通常より低い軌道（ディプレスト軌道）で発射されたとみられます。";
        break;
      case assess::TrajectoryType::kIrregular:
        note = "燃焼終了後に機動した変則軌道で飛翔したとみられます。";
        break;
      case assess::TrajectoryType::kMinimumEnergy:
      case assess::TrajectoryType::kUnknown:
        break;
    }
    text += fmt::format(
        "{}発目（{}発射）：最高高度約{}km、約{}km飛翔し、発射から{}後に{}（{}）の{}に落下した"
        "ものとみられます。{}\n",
        i + 1, ApproximateTimeJapanese(m.finding.launch_time, false), m.max_altitude_km, m.range_km,
        ApproximateDurationJapanese(m.finding.flight_time_s), m.impact_description_ja,
        geo::JapaneseCoordinates(m.finding.impact_point), eez, note);
  }
  return text;
}

}  // namespace

std::string ReportText(const LaunchReport& report, ReportLanguage language) {
  if (language == ReportLanguage::kJapanese) return ReportTextJapanese(report);
  std::string text = fmt::format("Launch report {}{}\n", report.event_id,
                                 report.simulated ? " (simulated run, not a real event)" : "");
  const std::string count = report.missile_count == 1
                                ? "one ballistic missile"
                                : fmt::format("{} ballistic missiles", report.missile_count);
  if (report.first_launch == report.last_launch ||
      (report.last_launch - report.first_launch).seconds() < 30.0) {
    text += fmt::format("At about {}, {} {} launched from {} ({}) toward the {}.\n",
                        ApproximateTime(report.first_launch), count,
                        report.missile_count == 1 ? "was" : "were", report.launch_area,
                        LatLon(report.launch_point), report.direction);
  } else {
    text += fmt::format("Between about {} and {}, {} were launched from {} ({}) toward the {}.\n",
                        ApproximateTime(report.first_launch), ApproximateTime(report.last_launch),
                        count, report.launch_area, LatLon(report.launch_point), report.direction);
  }
  for (size_t i = 0; i < report.missiles.size(); ++i) {
    const MissileReport& m = report.missiles[i];
    text += fmt::format(
        "Missile {} (launched about {}): maximum altitude about {} km, flew about {} km in {}, "
        "and fell {} ({}), {}.{}\n",
        i + 1, ApproximateTime(m.finding.launch_time), m.max_altitude_km, m.range_km, m.flight_time,
        m.impact_description, LatLon(m.finding.impact_point), m.eez,
        m.notes.empty() ? "" : " Note: " + fmt::format("{}", fmt::join(m.notes, "; ")) + ".");
  }
  return text;
}

nlohmann::json ReportJson(const LaunchReport& report) {
  nlohmann::json json;
  json["event"] = report.event_id;
  json["simulated"] = report.simulated;
  json["first_launch_utc"] = report.first_launch.ToIso8601();
  json["last_launch_utc"] = report.last_launch.ToIso8601();
  json["launch_area"] = report.launch_area;
  json["launch_area_ja"] = report.launch_area_ja;
  json["launch_point"] = {{"lat", report.launch_point.latitude_deg()},
                          {"lon", report.launch_point.longitude_deg()}};
  json["direction"] = report.direction;
  json["direction_ja"] = report.direction_ja;
  json["missile_count"] = report.missile_count;
  json["missiles"] = nlohmann::json::array();
  for (const MissileReport& m : report.missiles) {
    json["missiles"].push_back(
        {{"track", m.finding.track},
         {"launch_utc", m.finding.launch_time.ToIso8601()},
         {"launch_point",
          {{"lat", m.finding.launch_point.latitude_deg()},
           {"lon", m.finding.launch_point.longitude_deg()}}},
         {"impact_utc", m.finding.impact_time.ToIso8601()},
         {"impact_point",
          {{"lat", m.finding.impact_point.latitude_deg()},
           {"lon", m.finding.impact_point.longitude_deg()}}},
         {"impact_description", m.impact_description},
         {"impact_description_ja", m.impact_description_ja},
         {"max_altitude_km", m.finding.max_altitude_m / 1000.0},
         {"range_km", m.finding.range_m / 1000.0},
         {"flight_time_s", m.finding.flight_time_s},
         {"max_altitude_km_rounded", m.max_altitude_km},
         {"range_km_rounded", m.range_km},
         {"flight_time", m.flight_time},
         {"trajectory", assess::TrajectoryTypeName(m.finding.trajectory)},
         {"eez_country",
          m.finding.eez_country ? nlohmann::json(*m.finding.eez_country) : nlohmann::json(nullptr)},
         {"eez", m.eez},
         {"notes", m.notes}});
  }
  return json;
}

}  // namespace trilink::report
