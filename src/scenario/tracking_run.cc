#include "trilink/scenario/tracking_run.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "trilink/core/error.h"
#include "trilink/node/node.h"

namespace trilink::scenario {

namespace {

constexpr int kN = tracking::kBallisticStateSize;

struct PartnerState {
  std::vector<tracking::ScanAssociations> associations;
  std::set<uint64_t> confirmed;   // ids ever confirmed
  std::set<uint64_t> took_truth;  // ids that took a true detection
  std::vector<double> position_sum2, velocity_sum2;
};

// RunTracking's own trackers, one per partner.
class OwnTrackers final : public ScanProcessor {
 public:
  OwnTrackers(size_t partners, const tracking::NationalTrackerOptions& options) {
    for (size_t p = 0; p < partners; ++p)
      trackers_.push_back(std::make_unique<tracking::NationalTracker>(options));
  }
  const tracking::ScanSummary& Process(size_t partner, const sensors::Scan& scan) override {
    return trackers_[partner]->Process(node::TrackerScan(scan));
  }
  const tracking::NationalTracker& tracker(size_t partner) const override {
    return *trackers_[partner];
  }

 private:
  std::vector<std::unique_ptr<tracking::NationalTracker>> trackers_;
};

}  // namespace

std::vector<std::string> PartnersOf(const Scenario& scenario) {
  std::vector<std::string> partners;
  for (const sensors::SensorSpec& sensor : scenario.sensors) {
    if (std::find(partners.begin(), partners.end(), sensor.owner) == partners.end())
      partners.push_back(sensor.owner);
  }
  return partners;
}

bool TrackingRunOptions::IsValid(std::string* error) const {
  std::string detail;
  if (!tracker.IsValid(&detail)) return Invalid(error, "tracker: " + detail);
  return true;
}

TrackingRun RunTracking(const Scenario& scenario, std::span<const sensors::TruthTrajectory> truth,
                        std::span<const sensors::Scan> scans, const TrackingRunOptions& options,
                        ScanProcessor* processor) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
  TrackingRun run;
  for (const std::string& partner : PartnersOf(scenario)) {
    run.partners.push_back({.partner = partner});
    run.partners.back().missiles.resize(truth.size());
  }
  std::vector<int> partner_of_sensor(scenario.sensors.size(), -1);
  for (size_t s = 0; s < scenario.sensors.size(); ++s) {
    const auto it = std::find_if(
        run.partners.begin(), run.partners.end(),
        [&](const PartnerTracking& p) { return p.partner == scenario.sensors[s].owner; });
    it->sensors.push_back(static_cast<int>(s));
    partner_of_sensor[s] = static_cast<int>(it - run.partners.begin());
  }
  OwnTrackers own(processor == nullptr ? run.partners.size() : 0, options.tracker);
  if (processor == nullptr) processor = &own;
  std::vector<PartnerState> states(run.partners.size());
  for (PartnerState& state : states) {
    state.position_sum2.assign(truth.size(), 0.0);
    state.velocity_sum2.assign(truth.size(), 0.0);
  }

  for (size_t k = 0; k < scans.size(); ++k) {
    if (options.progress) options.progress(k, scans.size());
    const sensors::Scan& scan = scans[k];
    TRILINK_CHECK(scan.sensor_index >= 0 &&
                  static_cast<size_t>(scan.sensor_index) < scenario.sensors.size())
        << "scan of an unknown sensor " << scan.sensor_index;
    const int p = partner_of_sensor[static_cast<size_t>(scan.sensor_index)];
    PartnerTracking& partner = run.partners[static_cast<size_t>(p)];
    PartnerState& state = states[static_cast<size_t>(p)];
    ++partner.scans;
    for (int m : scan.truth_index) {
      if (m < 0) {
        ++partner.false_alarms;
        continue;
      }
      ++partner.detections;
      MissileTrackingScore& score = partner.missiles[static_cast<size_t>(m)];
      ++score.detections;
      if (!score.first_detection_s) {
        score.first_detection_s =
            (scan.report_time - truth[static_cast<size_t>(m)].launch_time).seconds();
      }
    }

    // The tracker sees the scan without its labels.
    const tracking::ScanSummary& summary = processor->Process(static_cast<size_t>(p), scan);
    partner.tracks += summary.births;
    const std::vector<tracking::Track<kN>>& tracks =
        processor->tracker(static_cast<size_t>(p)).tracks();
    for (const tracking::Track<kN>& track : tracks)
      if (track.confirmed()) state.confirmed.insert(track.id);

    tracking::ScanAssociations labelled{.time_s = (scan.report_time - scenario.epoch).seconds(),
                                        .pairs = {}};
    for (const tracking::ScanSummary::Association& association : summary.associations) {
      const int m = scan.truth_index[static_cast<size_t>(association.measurement)];
      if (m >= 0) state.took_truth.insert(association.track_id);
      const auto track = std::find_if(tracks.begin(), tracks.end(),
                                      [&](const auto& t) { return t.id == association.track_id; });
      if (track == tracks.end() || !track->confirmed()) continue;
      const Vector<kN>& mean = track->state.estimate.mean;
      run.updates.push_back({.partner = p,
                             .track_id = track->id,
                             .time = track->time,
                             .sensor = scan.sensor_index,
                             .truth_index = m,
                             .mean = mean,
                             .position_sigma_m = std::sqrt(
                                 track->state.estimate.covariance.diagonal().head<3>().sum())});
      if (m < 0) continue;
      labelled.pairs.push_back({static_cast<int>(track->id), m});
      MissileTrackingScore& score = partner.missiles[static_cast<size_t>(m)];
      if (!score.first_track_s) {
        score.first_track_s =
            (scan.report_time - truth[static_cast<size_t>(m)].launch_time).seconds();
      }
      // The estimate is at the track's time: the scan's, or a later one
      // after an out-of-sequence measurement was folded in.
      const std::optional<Vector<6>> truth_state =
          truth[static_cast<size_t>(m)].StateAt(track->time);
      if (!truth_state) continue;
      ++score.updates;
      state.position_sum2[static_cast<size_t>(m)] +=
          (mean.head<3>() - truth_state->head<3>()).squaredNorm();
      state.velocity_sum2[static_cast<size_t>(m)] +=
          (mean.segment<3>(3) - truth_state->tail<3>()).squaredNorm();
    }
    if (!labelled.pairs.empty()) state.associations.push_back(std::move(labelled));
  }

  for (size_t p = 0; p < run.partners.size(); ++p) {
    PartnerTracking& partner = run.partners[p];
    PartnerState& state = states[p];
    partner.confirmed_tracks = static_cast<int>(state.confirmed.size());
    for (uint64_t id : state.confirmed) partner.false_tracks += !state.took_truth.contains(id);
    // Scans come in report-time order; TrackContinuity wants time order,
    // which report times are.
    partner.continuity = tracking::TrackContinuity(state.associations);
    for (size_t m = 0; m < truth.size(); ++m) {
      MissileTrackingScore& score = partner.missiles[m];
      if (score.updates == 0) continue;
      score.position_rmse_m = std::sqrt(state.position_sum2[m] / score.updates);
      score.velocity_rmse_m_s = std::sqrt(state.velocity_sum2[m] / score.updates);
    }
  }
  return run;
}

}  // namespace trilink::scenario
