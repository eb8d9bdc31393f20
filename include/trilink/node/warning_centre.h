// The warning centre of one partner's node: system tracks → assess → group
// → area threats → warn.
//
// It works on the node's fused picture (fusion/system_tracks.h): every
// system track the fusion centre updates is assessed (assess::Assessor:
// impact point and ellipses by sigma points through the flight model,
// launch point, apogee, range, type) under the system track's id ("S3"),
// at most once per min_assessment_interval_s. The latest assessments are
// grouped into launch events (assess::GroupLaunches, which also joins as
// one missile the system tracks the fusion could not: e.g. a missile seen
// again after a longer gap than the fusion bridges); per missile the
// freshest, most certain assessment carries the threat and the launch
// estimate made in the boost (a partner that saw it) the report. For each
// event the centre computes the threat to each warning area of its country
// — the probability that a missile of the event falls inside (the impact
// Gaussian integrated over the area: 1 − Π(1 − p_missile)) and the
// predicted overflight of land and named areas — and hands the picture to
// the warning policy (warn::WarningPolicy), which decides the CAP messages.
// When a missile's predicted impact time has passed by `fall_after_s`, the
// centre reports the fall (land, territorial sea, inside or outside the
// EEZ, and where, relative to a landmark). At the end (Finish) it closes
// the events and states what it found about each (Findings), from which
// the launch reports are written (report/launch_report.h).
//
// Usage:
//   WarningCentre centre(areas, places, {.partner = "JP"});
//   centre.OnSystemTrack(system_track, now);   // for every fused update
//   centre.Advance(now);                       // falls due by now
//   centre.Finish(end);
//   for (const warn::Alert& alert : centre.alerts()) ...
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "trilink/assess/assessor.h"
#include "trilink/fusion/system_tracks.h"
#include "trilink/geo/areas.h"
#include "trilink/geo/places.h"
#include "trilink/warn/policy.h"

namespace trilink::node {

struct WarningCentreOptions {
  std::string partner = "JP";          // whose centre it is (the CAP sender's partner)
  std::string country = "JPN";         // ISO alpha-3 of the areas it warns
  std::string country_name = "Japan";  // as the messages and the report name it
  assess::AssessorOptions assessor;
  assess::GroupingOptions grouping;
  // The public's warnings go to land and named areas (take shelter); the
  // territorial sea and the EEZ are for navigational warnings to ships, not
  // for these messages, so warn_maritime is off. Falls at sea are still told.
  warn::PolicyOptions policy = [] {
    warn::PolicyOptions options;
    options.warn_maritime = false;
    return options;
  }();
  // Areas below this impact probability and without overflight are not
  // passed to the policy at all (their threat is nil), (0, 1).
  double min_reported_probability = 1e-4;
  // A track whose predicted impact time passed this long ago (s, >= 0) has
  // fallen.
  double fall_after_s = 10.0;
  // A missile's threat comes from the most certain of its tracks'
  // assessments made within this long (s, > 0) of its newest.
  double current_within_s = 15.0;
  // A system track is assessed at most once in this long (s, >= 0) of the
  // node's time: a radar that revisits ten times a second must not make ten
  // impact predictions a second (each flies sigma points to the ground).
  double min_assessment_interval_s = 1.0;
  bool simulated = true;  // the report says so; CAP status from `policy`

  bool IsValid(std::string* error) const;
};

// The name the centre's messages give an area: a named area's own
// ("Aomori"), a country-level one's with its kind ("Japan (land)").
std::string WarningAreaName(const geo::Area& area);

// One line of the assessment timeline.
struct TimelineEntry {
  UtcTime time;  // when it was made (report time of the scan)
  assess::TrackAssessment assessment;
};

class WarningCentre {
 public:
  // `areas` and `places` must outlive the centre.
  WarningCentre(const geo::AreaSet& areas, const geo::Places& places,
                const WarningCentreOptions& options);

  // After the fusion centre updated `system` at the node's time `now`.
  void OnSystemTrack(const fusion::SystemTrack& system, UtcTime now);
  // After the fusion centre merged `from` into `into` (one missile): what
  // was assessed of `from` becomes `into`'s (assess::Assessor::Merge), and
  // `from` is no longer a missile of its own. Call before OnSystemTrack of
  // `into`.
  void OnMerge(const fusion::SystemTrack& from, const fusion::SystemTrack& into);
  // The node's clock reached `now`: falls due by then.
  void Advance(UtcTime now);
  // Ends the run at `time`, or at the latest time the centre saw if that is
  // later: falls still due, all clear for events still open, and the
  // findings of every event.
  void Finish(UtcTime time);

  const std::vector<TimelineEntry>& timeline() const { return timeline_; }
  const std::vector<warn::Alert>& alerts() const { return policy_.sent(); }
  const std::vector<warn::AreaWarningRecord>& warned_areas() const { return policy_.records(); }
  // What was concluded about each event, after Finish (events with no
  // missile whose launch and impact were estimated are left out).
  const std::vector<assess::LaunchFindings>& findings() const { return findings_; }
  // What the centre concludes about `event` (one of events()) now: each
  // missile whose launch and impact are estimated.
  assess::LaunchFindings FindingsOf(const assess::LaunchEvent& event) const;
  const std::vector<assess::LaunchEvent>& events() const { return events_; }
  // The indices (into the area set) of the areas the centre may warn.
  const std::vector<size_t>& warning_areas() const { return warning_areas_; }

 private:
  // One track's share of the threat: its impact probability in each warning
  // area and its predicted overflights, cached until the track is assessed
  // again.
  struct Contribution {
    UtcTime time;
    std::vector<double> probability;  // per warning area
    std::vector<geo::Overflight> overflights;
  };
  const Contribution& ContributionOf(const assess::TrackAssessment& track) const;
  std::vector<warn::AreaThreat> Threats(
      const std::vector<const assess::TrackAssessment*>& missiles) const;
  // The assessment a missile's threat is taken from (see
  // current_within_s), or null when none of its tracks predicts an impact.
  const assess::TrackAssessment* Freshest(const std::vector<std::string>& members) const;
  bool Fallen(const std::vector<std::string>& members) const;
  void CheckFalls(UtcTime now);
  // Groups the latest assessments into events (events_, with their ids).
  void Regroup();
  void Warn(UtcTime now);

  const geo::AreaSet& areas_;
  const geo::Places& places_;
  WarningCentreOptions options_;
  assess::Assessor assessor_;
  warn::WarningPolicy policy_;
  std::vector<size_t> warning_areas_;
  geo::AreaSet warning_set_;  // the warning areas alone, for the probability integrals
  // What the messages say of each area of warning_set_, found once: its
  // Japanese name, ISO 3166-2 geocode and CAP outline (named areas only: at
  // most kMaxOutlinePoints points, about 2.4 kB of <polygon> text per area
  // and language block, geo::SimplifiedOutline).
  struct AreaWording {
    std::string name_ja;
    std::vector<warn::CapValue> geocodes;
    std::vector<warn::CapPolygon> outline;
  };
  static constexpr size_t kMaxOutlinePoints = 100;
  std::vector<AreaWording> wording_;
  std::map<std::string, assess::TrackAssessment> latest_;  // by track key
  std::set<std::string> fallen_;
  std::optional<UtcTime> latest_time_;            // the latest `now` seen
  std::map<std::string, UtcTime> last_assessed_;  // by track key: the node's time
  std::vector<TimelineEntry> timeline_;
  std::vector<assess::LaunchEvent> events_;
  assess::EventIds event_ids_;  // events_ keep their ids (their alerts' and assessments' key)
  std::vector<assess::LaunchFindings> findings_;
  mutable std::map<std::string, Contribution> contributions_;  // by track key
};

}  // namespace trilink::node
