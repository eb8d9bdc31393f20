#include "trilink/scenario/warning_scores.h"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <algorithm>
#include <cmath>
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

std::optional<double> WarningScores::EllipseCoverage(double low_s, double high_s) const {
  int count = 0, inside = 0;
  for (const ImpactError& e : impact_errors) {
    if (e.time_to_impact_s < low_s || e.time_to_impact_s >= high_s) continue;
    ++count;
    inside += e.inside95;
  }
  if (count == 0) return std::nullopt;
  return static_cast<double>(inside) / count;
}

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

WarningScores ScoreWarnings(const node::WarningCentre& centre, const geo::AreaSet& areas,
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
        threaten(node::WarningAreaName(area), path.back().time);
    }
    for (const geo::Overflight& o : geo::Overflights(areas, path)) {
      if (std::find(centre.warning_areas().begin(), centre.warning_areas().end(), o.area) !=
          centre.warning_areas().end())
        threaten(node::WarningAreaName(areas.area(o.area)), o.first);
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
  for (const node::TimelineEntry& entry : centre.timeline()) {
    const assess::TrackAssessment& a = entry.assessment;
    if (!a.impact) continue;
    // The missile the track follows: the one nearest the track's position
    // at the assessment's time (missiles in flight are far apart; their
    // impact points need not be).
    const sensors::TruthTrajectory* nearest = nullptr;
    double nearest_m = std::numeric_limits<double>::infinity();
    for (const sensors::TruthTrajectory& missile : truth) {
      const std::optional<Vector<6>> state = missile.StateAt(a.time);
      if (!state) continue;
      const double d = (state->head<3>() - a.kinematics.mean.head<3>()).norm();
      if (d < nearest_m) {
        nearest_m = d;
        nearest = &missile;
      }
    }
    if (nearest == nullptr) continue;
    const double error_m =
        geo::GeodesicInverse(a.impact->estimate.point, TrueImpact(*nearest)).distance_m;
    // Inside the 95 % ellipse: d² = xᵀ C⁻¹ x ≤ −2 ln(1 − 0.95), x the true
    // impact in the prediction's east/north plane.
    const Eigen::Vector2d x = geo::LocalFrame(a.impact->estimate.point)
                                  .EcefToEnu(geo::GeodeticToEcef(TrueImpact(*nearest)))
                                  .head<2>();
    const Eigen::Matrix2d& covariance = a.impact->estimate.east_north_covariance;
    const bool inside = covariance.determinant() > 0.0 &&
                        x.dot(covariance.ldlt().solve(x)) <= -2.0 * std::log(0.05);
    scores.impact_errors.push_back(
        {a.track, nearest->id, (TrueImpactTime(*nearest) - a.time).seconds(), error_m, inside});
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
  // One line per statistic, by time to impact.
  auto by_time_to_impact = [&](const std::string& title, auto statistic, auto format) {
    const std::pair<double, double> bins[] = {{300, 1e9}, {120, 300}, {60, 120}, {0, 60}};
    const char* names[] = {"> 300 s", "120-300 s", "60-120 s", "< 60 s"};
    text += "  " + title + " by time to impact:";
    for (size_t i = 0; i < 4; ++i) {
      const std::optional<double> value = statistic(bins[i].first, bins[i].second);
      text += value ? fmt::format(" {} {};", names[i], format(*value))
                    : fmt::format(" {} none;", names[i]);
    }
    text.back() = '\n';
  };
  by_time_to_impact(
      "impact-point error (median)",
      [&](double low, double high) { return scores.MedianImpactError(low, high); },
      [](double m) { return fmt::format("{:.1f} km", m / 1000.0); });
  by_time_to_impact(
      "true impact inside the 95 % ellipse",
      [&](double low, double high) { return scores.EllipseCoverage(low, high); },
      [](double share) { return fmt::format("{:.0f} %", 100.0 * share); });
  return text;
}

}  // namespace trilink::scenario
