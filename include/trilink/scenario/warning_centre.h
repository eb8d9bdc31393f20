// The warning centre of one partner: assess → group → area threats → warn.
//
// It works on the local tracks every partner shares (DESIGN.md: a node
// receives its partners' tracks). Until the fusion module combines them, the
// centre joins the tracks of one missile — fragments of a partner's track
// and different partners' tracks — by comparing each new track with where
// the others' predicted paths put their missiles (track-to-track
// association, assess::PathDistanceSquared), and picks per missile — the
// tracks so joined or judged one missile by GroupLaunches — the freshest
// assessment for the threat and the launch estimate made in the boost
// (a partner that saw it) for the report, so that a
// missile seen by two partners is neither counted twice nor left to the
// poorer view.
//
// At every scan of a partner's tracker, each confirmed track it updated is
// assessed (assess::Assessor: impact point and ellipses by sigma points
// through the flight model, launch point, apogee, range, type). The latest
// assessments are grouped into launch events; for each event the centre
// computes the threat to each warning area of the partner's country — the
// probability that a missile of the event falls inside (the impact
// Gaussian integrated over the area: 1 − Π(1 − p_missile)) and the predicted
// overflight of land and named areas — and hands the picture to the
// warning policy (warn::WarningPolicy), which decides the CAP messages.
// When a track's predicted impact time has passed by `fall_after_s`, the
// centre reports the fall (land, territorial sea, inside or outside the
// EEZ, and where, relative to a landmark). At the end it writes one launch
// report per event.
//
// Usage:
//   WarningCentre centre(areas, places, {.partner = "JP"});
//   RunTrackingWithWarnings(scenario, truth, scans, centre);
//   for (const warn::Alert& alert : centre.alerts()) ...
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "trilink/assess/assessor.h"
#include "trilink/geo/areas.h"
#include "trilink/report/launch_report.h"
#include "trilink/geo/places.h"
#include "trilink/scenario/tracking_run.h"
#include "trilink/sensors/simulate.h"
#include "trilink/tracking/national_tracker.h"
#include "trilink/warn/policy.h"

namespace trilink::scenario {

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
  // Track-to-track association: a track is compared, in its first
  // link_window_s (s, >= 0) after its first assessment, with the tracks
  // it may continue or duplicate (assess::PathDistanceSquared), and joined
  // to the nearest within the gate of each partner. Two tracks of one
  // partner alive at once are never joined (its tracker keeps them apart).
  assess::TrackLinkOptions linking;
  double link_window_s = 60.0;
  // A track is assessed at most once in this long (s, >= 0) of report time:
  // a radar that revisits ten times a second must not make ten impact
  // predictions a second (each flies sigma points to the ground). On the
  // seed scenario it skips 470 of 2 204 assessments (JP's tracks updated by
  // two radars within a second); the CAP messages are the same, the
  // reported heights within 21 m.
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

  // After `partner`'s tracker processed `scan` (call for every partner).
  void OnScan(const std::string& partner, const sensors::Scan& scan,
              const tracking::NationalTracker& tracker, const tracking::ScanSummary& summary);
  // Ends the run at `time`, or at the last scan's report time if that is
  // later (reports that arrive after the scenario's end were already taken):
  // falls still due, all clear for events still open, and the launch reports.
  void Finish(UtcTime time);

  const std::vector<TimelineEntry>& timeline() const { return timeline_; }
  const std::vector<warn::Alert>& alerts() const { return policy_.sent(); }
  const std::vector<warn::AreaWarningRecord>& warned_areas() const { return policy_.records(); }
  const std::vector<report::LaunchReport>& reports() const { return reports_; }
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
  // Joins `key` (of `partner`, just assessed) to the tracks that are the
  // same missile (links_), see WarningCentreOptions::linking.
  void Link(const std::string& partner, const std::string& key,
            const tracking::NationalTracker& tracker);
  void CheckFalls(UtcTime now);
  void Warn(UtcTime now);

  const geo::AreaSet& areas_;
  const geo::Places& places_;
  WarningCentreOptions options_;
  assess::Assessor assessor_;
  warn::WarningPolicy policy_;
  std::vector<size_t> warning_areas_;
  geo::AreaSet warning_set_;  // the warning areas alone, for the probability integrals
  std::map<std::string, assess::TrackAssessment> latest_;  // by track key
  std::set<std::string> fallen_;
  std::map<std::string, UtcTime> first_assessed_;  // by track key
  std::optional<UtcTime> last_scan_;               // report time of the latest scan
  std::map<std::string, UtcTime> last_assessed_;   // by track key: report time
  std::set<std::string> linked_;                   // keys that found their missile
  assess::TrackLinks links_;
  std::vector<TimelineEntry> timeline_;
  std::vector<assess::LaunchEvent> events_;
  std::vector<report::LaunchReport> reports_;
  mutable std::map<std::string, Contribution> contributions_;  // by track key
};

// Runs the partners' trackers over the scans (RunTracking) with `centre`
// assessing every partner's tracks as they are updated, then finishes the
// centre at the scenario's end. options.on_scan must be empty (the centre
// takes it).
TrackingRun RunTrackingWithWarnings(const Scenario& scenario,
                                    std::span<const sensors::TruthTrajectory> truth,
                                    std::span<const sensors::Scan> scans, WarningCentre& centre,
                                    TrackingRunOptions options = {});

}  // namespace trilink::scenario
