// The partners' national trackers over a scenario's sensor scans, and how
// well they did against truth.
//
// One tracking::NationalTracker per partner (the owners of the scenario's
// sensors, in the order they first appear); each scan goes, in report-time
// order, to the tracker of its sensor's owner. The scans' truth labels
// (sensors::Scan::truth_index) never reach a tracker: they serve only the
// scores below, per missile × partner:
//   first_detection_s   report time of the partner's first detection of the
//                       missile, seconds after launch;
//   first_track_s       report time of the first scan in which a confirmed
//                       track of the partner took a detection of the
//                       missile, seconds after launch (the warning clock);
//   position / velocity RMSE over the updates of confirmed tracks with the
//                       missile's detections: the track's estimate at its
//                       update time against the truth at that measurement
//                       time (Earth-relative ECEF velocity);
// and per partner: tracks started, tracks ever confirmed, confirmed tracks
// that never took a true detection, and continuity (tracking::
// TrackContinuity over the confirmed tracks' labelled associations, scan by
// scan): fragments (a missile's track changed) and swaps (a track moved to
// another missile).
//
// Usage:
//   auto scans = sensors::SimulateSensors(scenario.sensors, trajectories, ...);
//   TrackingRun run = RunTracking(scenario, trajectories, scans, {});
//   for (const PartnerTracking& partner : run.partners) ...
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trilink/core/time.h"
#include "trilink/scenario/scenario.h"
#include "trilink/sensors/simulate.h"
#include "trilink/tracking/metrics.h"
#include "trilink/tracking/national_tracker.h"

namespace trilink::scenario {

struct MissileTrackingScore {
  std::optional<double> first_detection_s;  // after launch (s)
  std::optional<double> first_track_s;      // after launch (s)
  int detections = 0;                       // true detections by the partner's sensors
  int updates = 0;                          // confirmed-track updates scored
  double position_rmse_m = 0.0;             // 0 without updates
  double velocity_rmse_m_s = 0.0;
};

struct PartnerTracking {
  std::string partner;
  std::vector<int> sensors;  // indices into Scenario::sensors
  int scans = 0;
  int detections = 0;
  int false_alarms = 0;
  int tracks = 0;            // tracks started
  int confirmed_tracks = 0;  // tracks ever confirmed
  int false_tracks = 0;      // confirmed tracks that never took a true detection
  tracking::ContinuitySummary continuity;
  std::vector<MissileTrackingScore> missiles;  // in truth order
};

// One update of a confirmed track, for the tracks file.
struct TrackUpdateRecord {
  int partner = 0;  // index into TrackingRun::partners
  uint64_t track_id = 0;
  UtcTime time;          // of the estimate (measurement time)
  int sensor = 0;        // index into Scenario::sensors
  int truth_index = -1;  // of the detection (-1 false alarm)
  Vector<tracking::kBallisticStateSize> mean;
  double position_sigma_m = 0.0;  // sqrt of the position covariance's trace
};

struct TrackingRun {
  std::vector<PartnerTracking> partners;
  std::vector<TrackUpdateRecord> updates;  // in processing order
};

struct TrackingRunOptions {
  tracking::NationalTrackerOptions tracker;
  // Called before each scan (index from 0, total).
  std::function<void(size_t index, size_t total)> progress;
  // The callback may be empty; `tracker` must be valid.
  bool IsValid(std::string* error) const;
};

// The partners of a scenario: the owners of its sensors, in the order they
// first appear (TrackingRun::partners' order).
std::vector<std::string> PartnersOf(const Scenario& scenario);

// Who processes each partner's scans: RunTracking's own trackers (one
// NationalTracker per partner) by default, or the caller's (the partners'
// nodes, network_run.h).
class ScanProcessor {
 public:
  virtual ~ScanProcessor() = default;
  // Partner `partner` (an index into PartnersOf) processes `scan`, whose
  // truth labels it must not read; returns what its tracker did.
  virtual const tracking::ScanSummary& Process(size_t partner, const sensors::Scan& scan) = 0;
  // The tracker that processed the partner's scans.
  virtual const tracking::NationalTracker& tracker(size_t partner) const = 0;
};

// Runs the partners' trackers (or `processor`) over `scans`
// (SimulateSensors' output for scenario.sensors and `truth`) and scores
// them. `options` must be valid (checked).
TrackingRun RunTracking(const Scenario& scenario, std::span<const sensors::TruthTrajectory> truth,
                        std::span<const sensors::Scan> scans, const TrackingRunOptions& options,
                        ScanProcessor* processor = nullptr);

}  // namespace trilink::scenario
