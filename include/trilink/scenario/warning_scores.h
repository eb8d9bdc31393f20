// Scores of a simulated run's warnings against truth (issue: "the launch
// report"): how long after launch the first warning went out, when each
// area was warned against when the truth threatened it, warned areas that
// were never threatened (false areas) and threatened areas never warned, and
// the predicted impact point's error against the time left to impact.
//
// Truth threat: a missile's true impact point inside one of the centre's
// land or named areas, or its true path over one (geo::Overflights on the
// truth samples). Each assessment is scored against the truth missile
// nearest to the track's position at the assessment's time.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trilink/geo/areas.h"
#include "trilink/node/warning_centre.h"
#include "trilink/sensors/simulate.h"

namespace trilink::scenario {

struct WarningScores {
  struct Event {
    std::string event;
    std::string first_missile;                    // truth id of its first launch
    std::optional<double> first_warning_after_s;  // first message of the event − true launch
  };
  struct Area {
    std::string area;
    std::optional<UtcTime> threatened;  // first true threat (impact or overflight)
    std::optional<UtcTime> warned;      // first warning
  };
  struct ImpactError {
    std::string track;
    std::string missile;          // truth id
    double time_to_impact_s = 0;  // true impact − assessment time
    double error_m = 0;           // predicted − true impact point, geodesic
    bool inside95 = false;        // the true impact inside the prediction's 95 % ellipse
  };
  std::vector<Event> events;
  std::vector<Area> areas;  // threatened or warned
  std::vector<ImpactError> impact_errors;

  int false_areas() const;   // warned, never threatened
  int missed_areas() const;  // threatened, not warned before the threat
  // Median impact-point error (m) of the assessments with time to impact in
  // [low_s, high_s); nullopt without any.
  std::optional<double> MedianImpactError(double low_s, double high_s) const;
  // The share of those assessments whose 95 % ellipse held the true impact
  // point (0.95 for calibrated ellipses); nullopt without any.
  std::optional<double> EllipseCoverage(double low_s, double high_s) const;
};

WarningScores ScoreWarnings(const node::WarningCentre& centre, const geo::AreaSet& areas,
                            std::span<const sensors::TruthTrajectory> truth);

// A few lines for `trilink run`.
std::string WarningScoresText(const WarningScores& scores);

}  // namespace trilink::scenario
