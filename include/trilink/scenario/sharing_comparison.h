// The value of sharing (`trilink run --compare-sharing`): the scenario run
// with each partner alone — its own sensors' scans only, the warning
// centre on its own node — and with all of them sharing, each scored
// against truth the same way, so the figures stand side by side: when each
// missile is first tracked and first warned of, how far the predicted
// impact is from the truth at each time to impact, how many missiles and
// launches are reported against those launched, and the areas warned for
// nothing or not in time.
//
// Usage:
//   std::vector<SharingCase> cases = CompareSharing(scenario, truth, scans, options, areas,
//   places);
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trilink/geo/areas.h"
#include "trilink/geo/places.h"
#include "trilink/scenario/network_run.h"
#include "trilink/scenario/warning_scores.h"

namespace trilink::scenario {

struct SharingCase {
  std::string name;                   // "KR alone", "all sharing"
  std::vector<std::string> partners;  // whose scans it ran on
  // Per truth missile (the truth's order): the first confirmed track of
  // any of `partners` (s after launch).
  std::vector<std::optional<double>> first_track_s;
  WarningScores scores;
  int missiles_reported = 0;
  int events_reported = 0;
};

// Time-to-impact bins of the impact error, in seconds: [low, high).
struct TimeToImpactBin {
  const char* name;
  double low_s, high_s;
};
inline constexpr TimeToImpactBin kTimeToImpactBins[] = {{"> 300 s", 300.0, 1e9},
                                                        {"120-300 s", 120.0, 300.0},
                                                        {"60-120 s", 60.0, 120.0},
                                                        {"< 60 s", 0.0, 60.0}};

// options.warning is needed (its partner is replaced by each partner's in
// turn; its country stays). Cases in PartnersOf order, then all sharing.
std::vector<SharingCase> CompareSharing(const Scenario& scenario,
                                        std::span<const sensors::TruthTrajectory> truth,
                                        std::span<const sensors::Scan> scans,
                                        const NetworkRunOptions& options, const geo::AreaSet& areas,
                                        const geo::Places& places);

// The cases side by side, one column each.
std::string SharingComparisonText(std::span<const SharingCase> cases,
                                  std::span<const sensors::TruthTrajectory> truth);

}  // namespace trilink::scenario
