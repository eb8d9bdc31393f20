// The assessor and the impact predictor on the seed scenario
// (scenarios/wonsan-salvo.toml): scenario-level tests, which need the
// scenario runner (above assess in DESIGN.md's order) for the seed's truth.
//   - the seed's quasi-ballistic missiles from their true halfway state;
//   - each partner's radar tracks assessed (launch point, flight time,
//     apogee, range against truth; launch events).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "trilink/assess/assessor.h"
#include "trilink/assess/impact.h"
#include "trilink/flight/reconstruct.h"
#include "trilink/node/node.h"
#include "trilink/scenario/runner.h"
#include "trilink/scenario/scenario.h"
#include "trilink/sensors/simulate.h"
#include "trilink/tracking/national_tracker.h"
#include "true_state.h"

namespace trilink::assess {
namespace {

using test_states::Distance;
using test_states::HalfwaySample;
using test_states::TrueState;
const std::string kSeedScenario = std::string(TRILINK_SOURCE_DIR) + "/scenarios/wonsan-salvo.toml";

struct SeedRun {
  scenario::Scenario scenario;
  scenario::ScenarioTruth truth;
  std::vector<sensors::TruthTrajectory> trajectories;
  std::vector<sensors::Scan> scans;
};

const SeedRun& Seed() {
  static const SeedRun* run = [] {
    auto* r = new SeedRun;
    r->scenario = scenario::LoadScenario(kSeedScenario);
    r->truth = scenario::RunScenario(r->scenario, {.sample_interval_s = 1.0});
    r->trajectories = scenario::SensorTruth(r->truth);
    r->scans = sensors::SimulateSensors(r->scenario.sensors, r->trajectories,
                                        {.epoch = r->scenario.epoch,
                                         .duration_s = r->scenario.duration_s,
                                         .seed = r->scenario.seed});
    return r;
  }();
  return *run;
}

// One partner's tracker over the seed scans, assessing every confirmed
// track at every update. The truth labels only say which missile a track
// followed (its most frequent label), for scoring.
struct PartnerAssessments {
  std::map<std::string, TrackAssessment> last;       // by track key
  std::map<std::string, std::map<int, int>> labels;  // key -> missile -> count
  int assessments = 0;
  double seconds = 0.0;
};

PartnerAssessments AssessPartner(const std::string& partner) {
  const SeedRun& seed = Seed();
  tracking::NationalTracker tracker;
  Assessor assessor;
  PartnerAssessments out;
  for (const sensors::Scan& scan : seed.scans) {
    if (seed.scenario.sensors[static_cast<size_t>(scan.sensor_index)].owner != partner) continue;
    const tracking::ScanSummary& summary = tracker.Process(node::TrackerScan(scan));
    for (const auto& association : summary.associations) {
      const auto& tracks = tracker.tracks();
      const auto track = std::find_if(tracks.begin(), tracks.end(),
                                      [&](const auto& t) { return t.id == association.track_id; });
      if (track == tracks.end() || !track->confirmed()) continue;
      const std::string key = partner + "/" + std::to_string(track->id);
      const auto start = std::chrono::steady_clock::now();
      out.last[key] = assessor.Assess(key, *track, tracker.bank(), scan.report_time);
      out.seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      ++out.assessments;
      const int m = scan.truth_index[static_cast<size_t>(association.measurement)];
      if (m >= 0) ++out.labels[key][m];
    }
  }
  return out;
}

// The missile a track followed most, and the track per missile with most updates.
std::map<int, std::string> MainTracks(const PartnerAssessments& run) {
  std::map<int, std::pair<int, std::string>> best;
  for (const auto& [key, counts] : run.labels) {
    for (const auto& [m, count] : counts) {
      if (count > best[m].first) best[m] = {count, key};
    }
  }
  std::map<int, std::string> main;
  for (const auto& [m, entry] : best) main[m] = entry.second;
  return main;
}

// One partner's main track per missile and its last assessment, printed.
std::map<int, TrackAssessment> Report(const std::string& partner, const PartnerAssessments& run) {
  const SeedRun& seed = Seed();
  std::printf("%s: %d assessments, %.2f ms each\n", partner.c_str(), run.assessments,
              1e3 * run.seconds / std::max(1, run.assessments));
  std::map<int, TrackAssessment> out;
  for (const auto& [m, key] : MainTracks(run)) {
    const scenario::MissileTruth& truth = seed.truth.missiles[static_cast<size_t>(m)];
    const flight::FlightResult& flight = truth.reconstruction.flight;
    const TrackAssessment& a = run.last.at(key);
    out[m] = a;
    if (!a.launch || !a.impact) continue;
    const geo::Geodetic site = geo::EcefToGeodetic(flight.samples.front().ecef_position);
    std::printf(
        "  %-6s %-11s launch %5.2f km (%+5.1f s, σ %.1f km)  flight time %5.0f/%5.0f s  apogee "
        "%5.1f/%5.1f km  range %5.0f/%5.0f km  impact %5.2f km at %4.0f s before  %s %s\n",
        key.c_str(), truth.Id().c_str(),
        geo::GeodesicInverse(a.launch->point, site).distance_m / 1e3,
        (a.launch->time - truth.launch_time).seconds(),
        std::sqrt(a.launch->east_north_covariance.trace()) / 1e3, a.predicted_flight_time_s,
        flight.flight_time_s, a.predicted_apogee_m / 1e3, flight.apogee_height_m / 1e3,
        a.predicted_range_m / 1e3, flight.range_m / 1e3,
        geo::GeodesicInverse(a.impact->estimate.point, flight.impact).distance_m / 1e3,
        flight.flight_time_s - (a.time - truth.launch_time).seconds(),
        std::string(RangeClassName(a.range_class)).c_str(),
        std::string(TrajectoryTypeName(a.trajectory)).c_str());
  }
  return out;
}

void CheckEvents(const PartnerAssessments& run, bool exact_counts) {
  // The seed has three launches (2 + 2 + 1 missiles).
  std::vector<TrackAssessment> all;
  for (const auto& [key, a] : run.last) all.push_back(a);
  const std::vector<LaunchEvent> events = GroupLaunches(all);
  for (const LaunchEvent& e : events) {
    std::printf("  %s: %d missiles, %zu tracks, %s .. %s\n", e.id.c_str(), e.missile_count,
                e.tracks.size(), e.first_launch.ToIso8601().c_str(),
                e.last_launch.ToIso8601().c_str());
  }
  ASSERT_EQ(events.size(), 3u);
  // JP's launch estimates (after burnout) are tens of km off, so without
  // track-to-track links (the warning centre's) a fragment of one
  // missile's track may not join it as the same missile (measured: E1
  // counts 3 for 2); reported, not asserted.
  if (!exact_counts) return;
  EXPECT_EQ(events[0].missile_count, 2);
  EXPECT_EQ(events[1].missile_count, 2);
  EXPECT_EQ(events[2].missile_count, 1);
}

// KR's radar sees the boost: its launch estimates (from the first reliable
// boost-phase state) are within a few km. JP's radars see the missiles
// only after burnout (backward ballistic: uprange and late, reported, not
// bounded tightly) but follow them to the ground: JP's last assessments
// before impact, with KR's launch estimate (as the fused picture has both),
// give flight time, apogee and range within 5 %.
TEST(Assessor, SeedScenarioRadarTracks) {
  const SeedRun& seed = Seed();
  const PartnerAssessments kr_run = AssessPartner("KR");
  const PartnerAssessments jp_run = AssessPartner("JP");
  const std::map<int, TrackAssessment> kr = Report("KR", kr_run);
  const std::map<int, TrackAssessment> jp = Report("JP", jp_run);
  ASSERT_EQ(kr.size(), seed.truth.missiles.size());
  ASSERT_EQ(jp.size(), seed.truth.missiles.size());
  for (size_t m = 0; m < seed.truth.missiles.size(); ++m) {
    const scenario::MissileTruth& truth = seed.truth.missiles[m];
    const flight::FlightResult& flight = truth.reconstruction.flight;
    const TrackAssessment& early = kr.at(static_cast<int>(m));
    const TrackAssessment& late = jp.at(static_cast<int>(m));
    ASSERT_TRUE(early.launch.has_value()) << truth.Id();
    ASSERT_TRUE(late.impact.has_value()) << truth.Id();
    const geo::Geodetic site = geo::EcefToGeodetic(flight.samples.front().ecef_position);
    EXPECT_LT(geo::GeodesicInverse(early.launch->point, site).distance_m, 2000.0) << truth.Id();
    EXPECT_NEAR((early.launch->time - truth.launch_time).seconds(), 0.0, 10.0) << truth.Id();
    if (late.launch) {
      EXPECT_LT(geo::GeodesicInverse(late.launch->point, site).distance_m, 40e3) << truth.Id();
    }
    const double flight_time = (late.impact->estimate.time - early.launch->time).seconds();
    const double range =
        geo::GeodesicInverse(early.launch->point, late.impact->estimate.point).distance_m;
    const double apogee = std::max(early.apogee_so_far_m, late.predicted_apogee_m);
    std::printf(
        "  %-11s fused: flight time %5.1f/%5.1f s  apogee %5.1f/%5.1f km  range %5.1f/%5.1f km\n",
        truth.Id().c_str(), flight_time, flight.flight_time_s, apogee / 1e3,
        flight.apogee_height_m / 1e3, range / 1e3, flight.range_m / 1e3);
    EXPECT_NEAR(flight_time, flight.flight_time_s, 0.05 * flight.flight_time_s) << truth.Id();
    EXPECT_NEAR(apogee, flight.apogee_height_m, 0.05 * flight.apogee_height_m) << truth.Id();
    EXPECT_NEAR(range, flight.range_m, 0.05 * flight.range_m) << truth.Id();
    EXPECT_EQ(late.range_class, RangeClass::kShort) << truth.Id();
    // The quasi-ballistic missiles' glides show in the manoeuvre mode.
    if (truth.reconstruction.controls.lift_to_drag > 0.0) {
      EXPECT_TRUE(early.manoeuvre_seen || late.manoeuvre_seen) << truth.Id();
    }
  }
  CheckEvents(kr_run, true);
  CheckEvents(jp_run, false);
}

const scenario::ScenarioTruth& SeedTruth() {
  static const scenario::ScenarioTruth* truth = [] {
    const scenario::Scenario s = scenario::LoadScenario(kSeedScenario);
    return new scenario::ScenarioTruth(scenario::RunScenario(s, {.sample_interval_s = 1.0}));
  }();
  return *truth;
}

TEST(PredictImpact, SeedMissilesFromTheTrueHalfwayStateWithTheirLift) {
  const UtcTime t0 = UtcTime::Parse("2026-03-10T06:30:00Z");
  for (const scenario::MissileTruth& missile : SeedTruth().missiles) {
    const flight::Reconstruction& r = missile.reconstruction;
    const double beta = r.vehicle.payload_ballistic_coefficient_kg_m2;
    const size_t k = HalfwaySample(r.flight);
    const double t = r.flight.samples[k].t_s;
    PropagationOptions lift;
    // The largest L/D the true states showed after burnout, as the assessor
    // keeps it from the track's history.
    double floor = 0.0;
    for (size_t j = 1; j <= k; ++j) {
      if (r.flight.samples[j].t_s <= r.flight.burnout_time_s + 1.0) continue;
      floor = std::max(floor, ObservedLiftToDrag(TrueState(r.flight, j, beta, true), lift));
    }
    const ImpactPropagation with_lift =
        PredictImpact(TrueState(r.flight, k, beta, true), t0 + Duration::Seconds(t), lift, floor);
    PropagationOptions ballistic;
    ballistic.extra_acceleration = ExtraAccelerationModel::kBallistic;
    const ImpactPropagation without =
        PredictImpact(TrueState(r.flight, k, beta, false), t0 + Duration::Seconds(t), ballistic);
    ASSERT_TRUE(with_lift.ok()) << missile.Id();
    ASSERT_TRUE(without.ok()) << missile.Id();
    const double error = Distance(with_lift.prediction.estimate.point, r.flight.impact);
    const double ballistic_error = Distance(without.prediction.estimate.point, r.flight.impact);
    const double time_error =
        (with_lift.prediction.estimate.time - (t0 + Duration::Seconds(r.flight.flight_time_s)))
            .seconds();
    std::printf(
        "%-12s %-15s L/D %.2f (seen %.2f)  t %5.0f of %5.0f s, h %5.1f km: impact error %8.3f km "
        "(time "
        "%+.2f s); ballistic %8.1f km\n",
        missile.Id().c_str(), flight::ProfileName(r.profile), r.controls.lift_to_drag, floor, t,
        r.flight.flight_time_s, geo::HeightAboveEllipsoid(r.flight.samples[k].ecef_position) / 1e3,
        error / 1e3, time_error, ballistic_error / 1e3);
    EXPECT_LT(error, 1000.0) << missile.Id();
  }
}

}  // namespace
}  // namespace trilink::assess
