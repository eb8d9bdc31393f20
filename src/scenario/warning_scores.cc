#include "trilink/scenario/warning_scores.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>

namespace trilink::scenario {
namespace {

UtcTime At(const sensors::TruthTrajectory& missile, double t_s) {
  return missile.launch_time + Duration::Seconds(t_s);
}

geo::Geodetic TrueImpact(const sensors::TruthTrajectory& missile) {
  return geo::EcefToGeodetic(missile.samples.back().ecef_position);
}

UtcTime TrueImpactTime(const sensors::TruthTrajectory& missile) {
  return At(missile, missile.samples.back().t_s);
}

}  // namespace

int WarningScores::false_areas() const {
  return static_cast<int>(std::count_if(areas.begin(), areas.end(),
                                        [](const Area& a) { return a.warned && !a.threatened; }));
}

int WarningScores::missed_areas() const {
  return static_cast<int>(std::count_if(areas.begin(), areas.end(), [](const Area& a) {
    return a.threatened && (!a.warned || *a.warned >= *a.threatened);
  }));
}

std::optional<double> WarningScores::MedianImpactError(double low_s, double high_s) const {
  std::vector<double> errors;
  for (const ImpactError& e : impact_errors)
    if (e.time_to_impact_s >= low_s && e.time_to_impact_s < high_s) errors.push_back(e.error_m);
  if (errors.empty()) return std::nullopt;
  std::nth_element(errors.begin(), errors.begin() + static_cast<long>(errors.size() / 2),
                   errors.end());
  return errors[errors.size() / 2];
}

WarningScores ScoreWarnings(const WarningCentre& centre, const geo::AreaSet& areas,
                            std::span<const sensors::TruthTrajectory> truth) {
  WarningScores scores;
  // True threats to the centre's land and named areas.
  std::map<std::string, UtcTime> threatened;
  auto threaten = [&](const std::string& name, UtcTime when) {
    auto [it, inserted] = threatened.emplace(name, when);
    if (!inserted && when < it->second) it->second = when;
  };
  for (const sensors::TruthTrajectory& missile : truth) {
    std::vector<geo::TimedPosition> path;
    for (const flight::FlightSample& sample : missile.samples)
      path.push_back({At(missile, sample.t_s), geo::EcefToGeodetic(sample.ecef_position)});
    for (size_t index : centre.warning_areas()) {
      const geo::Area& area = areas.area(index);
      if (area.kind != geo::AreaKind::kLand && area.kind != geo::AreaKind::kNamed) continue;
      if (areas.Contains(index, path.back().position))
        threaten(WarningAreaName(area), path.back().time);
    }
    for (const geo::Overflight& o : geo::Overflights(areas, path)) {
      if (std::find(centre.warning_areas().begin(), centre.warning_areas().end(), o.area) !=
          centre.warning_areas().end())
        threaten(WarningAreaName(areas.area(o.area)), o.first);
    }
  }
  std::map<std::string, WarningScores::Area> by_area;
  for (const auto& [name, when] : threatened) by_area[name] = {name, when, std::nullopt};
  for (const warn::AreaWarningRecord& record : centre.warned_areas()) {
    WarningScores::Area& area = by_area[record.area];
    area.area = record.area;
    if (!area.warned || record.first_warned < *area.warned) area.warned = record.first_warned;
  }
  for (auto& [name, area] : by_area) scores.areas.push_back(area);

  // First warning of each event against the true launch it is nearest to.
  for (const assess::LaunchEvent& event : centre.events()) {
    const sensors::TruthTrajectory* first = nullptr;
    for (const sensors::TruthTrajectory& missile : truth) {
      if (first == nullptr || std::abs((missile.launch_time - event.first_launch).seconds()) <
                                  std::abs((first->launch_time - event.first_launch).seconds()))
        first = &missile;
    }
    WarningScores::Event score{event.id, first == nullptr ? "" : first->id, std::nullopt};
    for (const warn::AreaWarningRecord& record : centre.warned_areas()) {
      if (record.event_id != event.id || first == nullptr) continue;
      const double after = (record.first_warned - first->launch_time).seconds();
      if (!score.first_warning_after_s || after < *score.first_warning_after_s)
        score.first_warning_after_s = after;
    }
    scores.events.push_back(score);
  }

  // Impact-point errors.
  for (const TimelineEntry& entry : centre.timeline()) {
    const assess::TrackAssessment& a = entry.assessment;
    if (!a.impact) continue;
    const sensors::TruthTrajectory* nearest = nullptr;
    double best = std::numeric_limits<double>::infinity();
    for (const sensors::TruthTrajectory& missile : truth) {
      if (a.time < missile.launch_time || a.time > TrueImpactTime(missile)) continue;
      const double d =
          geo::GeodesicInverse(a.impact->estimate.point, TrueImpact(missile)).distance_m;
      if (d < best) {
        best = d;
        nearest = &missile;
      }
    }
    if (nearest == nullptr) continue;
    scores.impact_errors.push_back(
        {a.track, nearest->id, (TrueImpactTime(*nearest) - a.time).seconds(), best});
  }
  return scores;
}

std::string WarningScoresText(const WarningScores& scores) {
  std::string text = "scores against truth\n";
  for (const WarningScores::Event& e : scores.events) {
    text += e.first_warning_after_s
                ? fmt::format("  {}: first warning {:.0f} s after the launch of {}\n", e.event,
                              *e.first_warning_after_s, e.first_missile)
                : fmt::format("  {}: no warning (first missile {})\n", e.event, e.first_missile);
  }
  int threatened = 0;
  for (const WarningScores::Area& a : scores.areas) threatened += a.threatened.has_value();
  text += fmt::format(
      "  areas: {} threatened by a true impact or overflight, {} of them not warned in time; "
      "{} warned but never threatened\n",
      threatened, scores.missed_areas(), scores.false_areas());
  text += "  impact-point error (median) by time to impact:";
  const std::pair<double, double> bins[] = {{300, 1e9}, {120, 300}, {60, 120}, {0, 60}};
  const char* names[] = {"> 300 s", "120-300 s", "60-120 s", "< 60 s"};
  for (size_t i = 0; i < 4; ++i) {
    const std::optional<double> median = scores.MedianImpactError(bins[i].first, bins[i].second);
    text += median ? fmt::format(" {} {:.1f} km;", names[i], *median / 1000.0)
                   : fmt::format(" {} none;", names[i]);
  }
  text.back() = '\n';
  return text;
}

}  // namespace trilink::scenario
