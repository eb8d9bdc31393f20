#include "warning_output.h"

#include <fmt/format.h>

#include "flight_output.h"
#include "trilink/core/error.h"
#include "trilink/report/launch_report.h"
#include "trilink/warn/cap.h"

namespace trilink::app {
namespace {

nlohmann::json PointJson(const geo::Geodetic& point) {
  return {{"lat", point.latitude_deg()}, {"lon", point.longitude_deg()}};
}

nlohmann::json EllipseJson(const assess::GroundEllipse& ellipse) {
  return {{"probability", ellipse.probability},
          {"semi_major_km", ellipse.semi_major_m / 1000.0},
          {"semi_minor_km", ellipse.semi_minor_m / 1000.0},
          {"major_azimuth_deg", ellipse.major_azimuth_rad * 180.0 / 3.14159265358979323846}};
}

std::string Headline(const warn::Alert& alert) {
  return alert.infos.empty() ? std::string() : alert.infos.front().headline;
}

}  // namespace

std::string WarningTimelineText(const node::WarningCentre& centre, const std::string& partner) {
  const auto& alerts = centre.alerts();
  std::string text = fmt::format(
      "warnings: {}'s warning centre, {} OASIS CAP 1.2 message{}{}\n", partner, alerts.size(),
      alerts.size() == 1 ? "" : "s",
      alerts.empty() ? "" : fmt::format(" (status {})", warn::CapName(alerts.front().status)));
  if (!alerts.empty()) {
    text += fmt::format("{:<22} {:<7} {:<24} {}\n", "sent (UTC)", "type", "identifier", "headline");
    for (const warn::Alert& alert : alerts) {
      text += fmt::format("{:<22} {:<7} {:<24} {}\n", alert.sent.ToIso8601(),
                          warn::CapName(alert.msg_type), alert.identifier, Headline(alert));
    }
  }
  const auto& records = centre.warned_areas();
  if (records.empty()) {
    text += "no area was warned\n";
  } else {
    text += fmt::format("\n{:<34} {:<6} {:<22} {:>9}  {}\n", "area warned", "event",
                        "first warned (UTC)", "max P %", "reason");
    for (const warn::AreaWarningRecord& record : records) {
      std::string reason = record.for_impact ? "impact" : "";
      if (record.for_overflight) reason += reason.empty() ? "overflight" : " and overflight";
      text += fmt::format("{:<34} {:<6} {:<22} {:>9.2f}  {}\n", record.area, record.event_id,
                          record.first_warned.ToIso8601(), 100.0 * record.max_impact_probability,
                          reason);
    }
  }
  return text;
}

nlohmann::json AssessmentJson(const assess::TrackAssessment& a) {
  nlohmann::json row = {{"track", a.track},
                        {"state_time_utc", a.time.ToIso8601()},
                        {"apogee_so_far_km", a.apogee_so_far_m / 1000.0},
                        {"predicted_apogee_km", a.predicted_apogee_m / 1000.0},
                        {"predicted_range_km", a.predicted_range_m / 1000.0},
                        {"predicted_flight_time_s", a.predicted_flight_time_s},
                        {"max_speed_m_s", a.max_speed_m_s},
                        {"range_class", assess::RangeClassName(a.range_class)},
                        {"trajectory", assess::TrajectoryTypeName(a.trajectory)},
                        {"manoeuvre_seen", a.manoeuvre_seen}};
  // Where the track was at state_time_utc.
  const geo::Geodetic position = geo::EcefToGeodetic(a.kinematics.mean.head<3>());
  row["position"] = PointJson(position);
  row["position"]["height_km"] = position.height_m / 1000.0;
  if (a.impact) {
    row["impact"] = {{"point", PointJson(a.impact->estimate.point)},
                     {"time_utc", a.impact->estimate.time.ToIso8601()},
                     {"time_sigma_s", a.impact->estimate.time_sigma_s},
                     {"ellipse50", EllipseJson(a.impact->ellipse50)},
                     {"ellipse95", EllipseJson(a.impact->ellipse95)}};
  }
  if (a.launch) {
    row["launch"] = {{"point", PointJson(a.launch->point)},
                     {"time_utc", a.launch->time.ToIso8601()},
                     {"time_sigma_s", a.launch->time_sigma_s},
                     {"from_boost", a.launch_from_boost}};
  }
  return row;
}

nlohmann::json AssessmentsJson(const node::WarningCentre& centre) {
  nlohmann::json timeline = nlohmann::json::array();
  for (const node::TimelineEntry& entry : centre.timeline()) {
    nlohmann::json row = AssessmentJson(entry.assessment);
    row["time_utc"] = entry.time.ToIso8601();
    timeline.push_back(std::move(row));
  }
  return timeline;
}

nlohmann::json WarningScoresJson(const scenario::WarningScores& scores) {
  nlohmann::json json;
  json["events"] = nlohmann::json::array();
  for (const auto& e : scores.events) {
    json["events"].push_back(
        {{"event", e.event},
         {"first_missile", e.first_missile},
         {"first_warning_after_launch_s",
          e.first_warning_after_s ? nlohmann::json(*e.first_warning_after_s) : nlohmann::json()}});
  }
  json["areas"] = nlohmann::json::array();
  for (const auto& a : scores.areas) {
    json["areas"].push_back(
        {{"area", a.area},
         {"threatened_utc",
          a.threatened ? nlohmann::json(a.threatened->ToIso8601()) : nlohmann::json()},
         {"warned_utc", a.warned ? nlohmann::json(a.warned->ToIso8601()) : nlohmann::json()}});
  }
  json["false_areas"] = scores.false_areas();
  json["missed_areas"] = scores.missed_areas();
  json["impact_errors"] = nlohmann::json::array();
  for (const auto& e : scores.impact_errors) {
    json["impact_errors"].push_back({{"track", e.track},
                                     {"missile", e.missile},
                                     {"time_to_impact_s", e.time_to_impact_s},
                                     {"error_km", e.error_m / 1000.0},
                                     {"inside_95", e.inside95}});
  }
  return json;
}

void WriteWarningFiles(OutputFolder& folder, const node::WarningCentre& centre,
                       const std::vector<report::LaunchReport>& reports) {
  int number = 0;
  for (const warn::Alert& alert : centre.alerts()) {
    folder.Write(fmt::format("cap/{:04d}-{}.xml", ++number, alert.identifier),
                 warn::WriteCap(alert));
  }
  folder.Write("assessments.json", AssessmentsJson(centre).dump(2) + "\n");
  nlohmann::json warned = nlohmann::json::array();
  for (const warn::AreaWarningRecord& record : centre.warned_areas()) {
    nlohmann::json row = {{"event", record.event_id},
                          {"area", record.area},
                          {"kind", warn::AreaKindName(record.kind)},
                          {"country", record.country},
                          {"first_warned_utc", record.first_warned.ToIso8601()},
                          {"first_identifier", record.first_identifier},
                          {"for_impact", record.for_impact},
                          {"for_overflight", record.for_overflight},
                          {"max_impact_probability", record.max_impact_probability},
                          {"passed_over", record.passed_over}};
    if (record.released) row["released_utc"] = record.released->ToIso8601();
    warned.push_back(std::move(row));
  }
  folder.Write("warnings.json", warned.dump(2) + "\n");
  std::string text, japanese;
  nlohmann::json json = nlohmann::json::array();
  for (const report::LaunchReport& launch_report : reports) {
    text += report::ReportText(launch_report) + "\n";
    japanese += report::ReportText(launch_report, report::ReportLanguage::kJapanese) + "\n";
    json.push_back(report::ReportJson(launch_report));
  }
  folder.Write("report.txt", text);
  folder.Write("report.ja.txt", japanese);
  folder.Write("report.json", json.dump(2) + "\n");
}

}  // namespace trilink::app
