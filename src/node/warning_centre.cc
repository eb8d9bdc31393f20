#include "trilink/node/warning_centre.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "trilink/core/error.h"
#include "trilink/geo/area_names.h"

namespace trilink::node {
namespace {

warn::FallZone FallZoneOf(geo::MaritimeZone zone) {
  switch (zone) {
    case geo::MaritimeZone::kLand:
      return warn::FallZone::kLand;
    case geo::MaritimeZone::kTerritorialSea:
      return warn::FallZone::kTerritorialSea;
    case geo::MaritimeZone::kEez:
      return warn::FallZone::kInsideEez;
    case geo::MaritimeZone::kOutside:
      return warn::FallZone::kOutsideEez;
  }
  return warn::FallZone::kOutsideEez;
}

// The probability integrals run at every assessment: a coarser grid than
// geo's default (0.15 σ cells over 5.5 σ) keeps one under a few ms; the
// policy's thresholds (1 % and 0.2 %) are far above its error.
constexpr geo::GaussianIntegrationOptions kIntegration{.grid_step_sigma = 0.15,
                                                       .extent_sigma = 5.5};

// Overflight sampled every 2 km along the ground track: finer than any
// warning area, and four times cheaper than geo's 500 m default.
const geo::OverflightOptions kOverflight{.step_m = 2000.0};

}  // namespace

std::string WarningAreaName(const geo::Area& area) {
  return area.kind == geo::AreaKind::kNamed
             ? area.name
             : fmt::format("{} ({})", area.name, geo::AreaKindName(area.kind));
}

bool WarningCentreOptions::IsValid(std::string* error) const {
  std::string detail;
  if (partner.empty()) return Invalid(error, "warning centre: partner is empty");
  if (country.empty()) return Invalid(error, "warning centre: country is empty");
  if (!assessor.IsValid(&detail)) return Invalid(error, "assessor: " + detail);
  if (!grouping.IsValid(&detail)) return Invalid(error, "grouping: " + detail);
  if (!policy.IsValid(&detail)) return Invalid(error, "policy: " + detail);
  if (!(min_reported_probability > 0.0 && min_reported_probability < 1.0))
    return Invalid(error, "min_reported_probability must be in (0, 1)");
  if (!(fall_after_s >= 0.0)) return Invalid(error, "fall_after_s must be >= 0");
  if (!(current_within_s > 0.0)) return Invalid(error, "current_within_s must be > 0");
  if (!(min_assessment_interval_s >= 0.0 && std::isfinite(min_assessment_interval_s)))
    return Invalid(error, "min_assessment_interval_s must be finite and >= 0");
  return true;
}

WarningCentre::WarningCentre(const geo::AreaSet& areas, const geo::Places& places,
                             const WarningCentreOptions& options)
    : areas_(areas),
      places_(places),
      options_(options),
      assessor_(options.assessor),
      policy_(options.policy) {
  std::string error;
  if (!options.IsValid(&error)) throw InputError(error);
  // The country's own land, territorial sea and EEZ, and the named areas
  // (prefectures) inside its land.
  std::vector<geo::Area> warning;
  for (size_t i = 0; i < areas.size(); ++i) {
    const geo::Area& area = areas.area(i);
    if (area.country != options.country) continue;
    warning_areas_.push_back(i);
    warning.push_back(area);
  }
  warning_set_ = geo::AreaSet(std::move(warning), areas.attribution());
  wording_.resize(warning_set_.size());
  for (size_t i = 0; i < warning_set_.size(); ++i) {
    const geo::Area& area = warning_set_.area(i);
    AreaWording& wording = wording_[i];
    wording.name_ja = geo::JapaneseAreaName(area);
    if (area.kind != geo::AreaKind::kNamed) continue;
    if (area.country == "JPN")
      if (const geo::Prefecture* prefecture = geo::FindPrefecture(area.name))
        wording.geocodes.push_back({"ISO3166-2", std::string(prefecture->code)});
    for (const auto& ring : geo::SimplifiedOutline(area, kMaxOutlinePoints)) {
      warn::CapPolygon polygon;
      for (const geo::LonLatPoint& p : ring) polygon.push_back({p.y(), p.x()});
      wording.outline.push_back(std::move(polygon));
    }
  }
}

const WarningCentre::Contribution& WarningCentre::ContributionOf(
    const assess::TrackAssessment& track) const {
  auto [it, inserted] = contributions_.try_emplace(track.track);
  Contribution& contribution = it->second;
  if (!inserted && contribution.time == track.time) return contribution;
  contribution = {.time = track.time,
                  .probability = std::vector<double>(warning_set_.size(), 0.0),
                  .overflights = {}};
  if (!track.impact) return contribution;
  const assess::GroundEstimate& impact = track.impact->estimate;
  for (const geo::AreaProbability& p : geo::GaussianAreaProbabilities(
           warning_set_, impact.point, impact.east_north_covariance, kIntegration)) {
    contribution.probability[p.area] = p.probability;
  }
  contribution.overflights = geo::Overflights(warning_set_, track.predicted_path, kOverflight);
  return contribution;
}

std::vector<warn::AreaThreat> WarningCentre::Threats(
    const std::vector<const assess::TrackAssessment*>& missiles) const {
  // P(no missile in area) multiplies over the missiles (independent errors).
  std::vector<double> miss(warning_set_.size(), 1.0);
  std::vector<std::optional<UtcTime>> first(warning_set_.size()), last(warning_set_.size());
  for (const assess::TrackAssessment* track : missiles) {
    const Contribution& contribution = ContributionOf(*track);
    for (size_t i = 0; i < miss.size(); ++i) miss[i] *= 1.0 - contribution.probability[i];
    for (const geo::Overflight& o : contribution.overflights) {
      if (!first[o.area] || o.first < *first[o.area]) first[o.area] = o.first;
      if (!last[o.area] || o.last > *last[o.area]) last[o.area] = o.last;
    }
  }
  std::vector<warn::AreaThreat> threats;
  for (size_t i = 0; i < warning_set_.size(); ++i) {
    const double probability = 1.0 - miss[i];
    if (probability < options_.min_reported_probability && !first[i]) continue;
    const geo::Area& area = warning_set_.area(i);
    warn::AreaThreat threat;
    threat.area = WarningAreaName(area);
    threat.name_ja = wording_[i].name_ja;
    threat.geocodes = wording_[i].geocodes;
    threat.outline = wording_[i].outline;
    threat.kind = area.kind;
    threat.country = area.country;
    threat.impact_probability = probability;
    threat.overflight_first = first[i];
    threat.overflight_last = last[i];
    threats.push_back(std::move(threat));
  }
  return threats;
}

void WarningCentre::OnSystemTrack(const fusion::SystemTrack& system, UtcTime now) {
  latest_time_ = latest_time_ ? std::max(*latest_time_, now) : now;
  const std::string key = system.Id();
  bool assess = !fallen_.count(key);
  if (const auto last = last_assessed_.find(key);
      assess && last != last_assessed_.end() &&
      (now - last->second).seconds() < options_.min_assessment_interval_s)
    assess = false;
  if (assess) {
    last_assessed_[key] = now;
    assess::TrackAssessment assessment =
        assessor_.Assess(key, system.state, system.time, system.boost_probability,
                         system.manoeuvre_probability, std::max(now, system.time));
    timeline_.push_back({now, assessment});
    latest_[key] = std::move(assessment);
  }
  CheckFalls(now);
  if (assess) Warn(now);
}

void WarningCentre::OnMerge(const fusion::SystemTrack& from, const fusion::SystemTrack& into) {
  const std::string key = from.Id();
  assessor_.Merge(key, into.Id());
  latest_.erase(key);
  last_assessed_.erase(key);
  contributions_.erase(key);
  // `into` is assessed now, whatever the interval since its last.
  last_assessed_.erase(into.Id());
  Regroup();
}

void WarningCentre::Advance(UtcTime now) {
  latest_time_ = latest_time_ ? std::max(*latest_time_, now) : now;
  CheckFalls(now);
}

const assess::TrackAssessment* WarningCentre::Freshest(
    const std::vector<std::string>& members) const {
  // Among the assessments made from states no older than
  // options_.current_within_s before the newest, the most certain impact
  // (smallest east/north covariance trace): switching between partners'
  // views at every scan would make the warnings flap.
  const assess::TrackAssessment* newest = nullptr;
  for (const std::string& key : members) {
    const assess::TrackAssessment& a = latest_.at(key);
    if (a.impact && (newest == nullptr || a.time > newest->time)) newest = &a;
  }
  if (newest == nullptr) return nullptr;
  const assess::TrackAssessment* best = newest;
  for (const std::string& key : members) {
    const assess::TrackAssessment& a = latest_.at(key);
    if (!a.impact || (newest->time - a.time).seconds() > options_.current_within_s) continue;
    if (a.impact->estimate.east_north_covariance.trace() <
        best->impact->estimate.east_north_covariance.trace())
      best = &a;
  }
  return best;
}

bool WarningCentre::Fallen(const std::vector<std::string>& members) const {
  return std::any_of(members.begin(), members.end(),
                     [&](const std::string& key) { return fallen_.count(key) > 0; });
}

void WarningCentre::Regroup() {
  std::vector<assess::TrackAssessment> all;
  for (const auto& [key, assessment] : latest_) all.push_back(assessment);
  events_ = assess::GroupLaunches(all, options_.grouping);
  event_ids_.Renumber(events_);
}

void WarningCentre::Warn(UtcTime now) {
  Regroup();
  for (const assess::LaunchEvent& event : events_) {
    // One assessment per missile still flying: the freshest of its tracks.
    std::vector<const assess::TrackAssessment*> flying;
    std::vector<assess::TrackAssessment> pictured;
    for (const std::vector<std::string>& members : event.missiles) {
      if (Fallen(members)) continue;
      const assess::TrackAssessment* freshest = Freshest(members);
      if (freshest == nullptr) continue;
      flying.push_back(freshest);
      pictured.push_back(*freshest);
    }
    if (flying.empty()) continue;
    policy_.OnThreat({.time = now, .event = event, .tracks = pictured, .areas = Threats(flying)});
  }
}

void WarningCentre::CheckFalls(UtcTime now) {
  for (const assess::LaunchEvent& event : events_) {
    for (const std::vector<std::string>& members : event.missiles) {
      if (Fallen(members)) continue;
      const assess::TrackAssessment* freshest = Freshest(members);
      if (freshest == nullptr) continue;
      const assess::GroundEstimate& impact = freshest->impact->estimate;
      if ((now - impact.time).seconds() < options_.fall_after_s) continue;
      fallen_.insert(members.begin(), members.end());
      policy_.OnFall({.time = now,
                      .event_id = event.id,
                      .track = freshest->track,
                      .impact_time = impact.time,
                      .impact_point = impact.point,
                      .uncertainty_km = freshest->impact->ellipse95.semi_major_m / 1000.0,
                      .zone = FallZoneOf(areas_.ZoneOf(impact.point, options_.country)),
                      .country = options_.country_name,
                      .country_code = options_.country,
                      .place = places_.Describe(impact.point, geo::PlaceKind::kLandmark)});
    }
  }
}

assess::LaunchFindings WarningCentre::FindingsOf(const assess::LaunchEvent& event) const {
  assess::LaunchFindings findings{.event_id = event.id, .simulated = options_.simulated};
  for (const std::vector<std::string>& members : event.missiles) {
    // A missile seen by several tracks: the impact from the freshest, the
    // launch from the best launch estimate (BetterLaunch), the altitude
    // from all.
    const assess::TrackAssessment* freshest = Freshest(members);
    const assess::TrackAssessment* launch = nullptr;
    double max_altitude_m = 0.0;
    for (const std::string& key : members) {
      const assess::TrackAssessment& a = latest_.at(key);
      max_altitude_m = std::max({max_altitude_m, a.apogee_so_far_m, a.predicted_apogee_m});
      if (a.launch &&
          (launch == nullptr || assess::BetterLaunch(*a.launch, a.launch_from_boost,
                                                     *launch->launch, launch->launch_from_boost)))
        launch = &a;
    }
    if (freshest == nullptr || launch == nullptr) continue;
    const assess::GroundEstimate& impact = freshest->impact->estimate;
    const bool in_eez =
        areas_.ZoneOf(impact.point, options_.country) != geo::MaritimeZone::kOutside;
    findings.missiles.push_back(
        {.track = freshest->track,
         .launch_time = launch->launch->time,
         .launch_point = launch->launch->point,
         .impact_time = impact.time,
         .impact_point = impact.point,
         .max_altitude_m = max_altitude_m,
         .range_m = geo::GeodesicInverse(launch->launch->point, impact.point).distance_m,
         .flight_time_s = (impact.time - launch->launch->time).seconds(),
         .trajectory = freshest->trajectory,
         .eez_country = in_eez ? std::optional<std::string>(options_.country) : std::nullopt,
         .eez_country_name =
             in_eez ? std::optional<std::string>(options_.country_name) : std::nullopt});
  }
  return findings;
}

void WarningCentre::Finish(UtcTime time) {
  if (latest_time_) time = std::max(time, *latest_time_);
  CheckFalls(time);
  for (const assess::LaunchEvent& event : events_)
    policy_.OnAllClear(
        time, event.id,
        {"Tracking of the launch has ended.", "発射されたミサイルの追尾を終了しました。"});
  findings_.clear();
  for (const assess::LaunchEvent& event : events_) {
    assess::LaunchFindings findings = FindingsOf(event);
    if (!findings.missiles.empty()) findings_.push_back(std::move(findings));
  }
}

}  // namespace trilink::node
