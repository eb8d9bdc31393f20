// The partners' national trackers on the seed scenario: every missile a
// partner's sensors detect gets a confirmed track from that partner, no
// track moves from one missile of a salvo to another, the errors stay
// within bounds measured on this scenario (with a margin), and the run is
// deterministic.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "trilink/scenario/runner.h"
#include "trilink/scenario/scenario.h"
#include "trilink/scenario/tracking_run.h"
#include "trilink/sensors/simulate.h"

namespace trilink::scenario {
namespace {

const std::string kSeedScenario = std::string(TRILINK_SOURCE_DIR) + "/scenarios/wonsan-salvo.toml";

struct SeedRun {
  Scenario scenario;
  std::vector<sensors::TruthTrajectory> truth;
  std::vector<sensors::Scan> scans;
};

const SeedRun& Seed() {
  static const SeedRun* run = [] {
    auto* r = new SeedRun;
    r->scenario = LoadScenario(kSeedScenario);
    r->truth = SensorTruth(RunScenario(r->scenario, {.sample_interval_s = 1.0}));
    r->scans = sensors::SimulateSensors(r->scenario.sensors, r->truth,
                                        {.epoch = r->scenario.epoch,
                                         .duration_s = r->scenario.duration_s,
                                         .seed = r->scenario.seed});
    return r;
  }();
  return *run;
}

void Print(const TrackingRun& run, std::span<const sensors::TruthTrajectory> truth) {
  for (const PartnerTracking& partner : run.partners) {
    std::printf("%s: tracks %d, confirmed %d, false %d, fragments %d, swaps %d\n",
                partner.partner.c_str(), partner.tracks, partner.confirmed_tracks,
                partner.false_tracks, partner.continuity.fragments, partner.continuity.swaps);
    for (size_t m = 0; m < truth.size(); ++m) {
      const MissileTrackingScore& s = partner.missiles[m];
      std::printf("  %-12s detected %7.1f  track %7.1f  updates %4d  pos %8.0f m  vel %6.0f m/s\n",
                  truth[m].id.c_str(), s.first_detection_s.value_or(-1.0),
                  s.first_track_s.value_or(-1.0), s.updates, s.position_rmse_m,
                  s.velocity_rmse_m_s);
    }
  }
}

TEST(SeedScenarioTracking, EveryDetectedMissileIsTrackedWithoutSwaps) {
  const SeedRun& seed = Seed();
  const TrackingRun run = RunTracking(seed.scenario, seed.truth, seed.scans, {});
  Print(run, seed.truth);
  ASSERT_EQ(run.partners.size(), 3u);
  for (const PartnerTracking& partner : run.partners) {
    // Radar partners (KR, JP) and the infrared-only one (US, a launch cue
    // whose range along the line of sight stays uncertain). Measured on this
    // scenario: KR position RMSE 0.2-1.2 km, velocity 57-141 m/s; JP 0.19-0.36
    // km, 17-68 m/s; US 36-40 km, 560-780 m/s; the bounds add a margin.
    const bool radar = partner.partner != "US";
    const double max_position_m = radar ? 2000.0 : 80e3;
    const double max_velocity_m_s = radar ? 250.0 : 1500.0;
    EXPECT_EQ(partner.continuity.swaps, 0) << partner.partner;
    EXPECT_LE(partner.continuity.fragments, 6) << partner.partner;
    EXPECT_EQ(partner.false_tracks, 0) << partner.partner;
    for (size_t m = 0; m < seed.truth.size(); ++m) {
      const MissileTrackingScore& score = partner.missiles[m];
      const std::string what = partner.partner + " " + seed.truth[m].id;
      if (score.detections == 0) continue;
      ASSERT_TRUE(score.first_track_s.has_value()) << what;
      // Measured: US 13-15 s, KR 18-20 s, JP 40-51 s after launch.
      EXPECT_LT(*score.first_track_s, 80.0) << what;
      EXPECT_GE(*score.first_track_s, *score.first_detection_s) << what;
      EXPECT_GT(score.updates, 5) << what;
      EXPECT_LT(score.position_rmse_m, max_position_m) << what;
      EXPECT_LT(score.velocity_rmse_m_s, max_velocity_m_s) << what;
    }
  }
}

TEST(SeedScenarioTracking, IsDeterministic) {
  const SeedRun& seed = Seed();
  const TrackingRun a = RunTracking(seed.scenario, seed.truth, seed.scans, {});
  const TrackingRun b = RunTracking(seed.scenario, seed.truth, seed.scans, {});
  ASSERT_EQ(a.updates.size(), b.updates.size());
  for (size_t i = 0; i < a.updates.size(); ++i) {
    ASSERT_EQ(a.updates[i].track_id, b.updates[i].track_id);
    ASSERT_EQ(a.updates[i].mean, b.updates[i].mean);
  }
}

}  // namespace
}  // namespace trilink::scenario

namespace trilink::scenario {
namespace {

// Every radar of the seed scenario with 50 false alarms per scan (inside the
// documented [0, 1000]): the trackers once stalled in the pre-gate's cell
// loop on a diverged clutter track and never finished, and without the
// two-point gate they carried 44 000 tentative tracks (docs/robustness.md).
// Now the run ends, every missile KR and JP detect still gets a confirmed
// track, and clutter starts a bounded number of tracks.
TEST(SeedScenarioTracking, HeavyClutterStaysTractable) {
  std::ifstream file(kSeedScenario);
  std::string text((std::istreambuf_iterator<char>(file)), {});
  for (size_t at = text.find("false_alarms_per_scan = "); at != std::string::npos;
       at = text.find("false_alarms_per_scan = ", at + 1)) {
    const size_t end = text.find('\n', at);
    text.replace(at, end - at, "false_alarms_per_scan = 50");
  }
  const Scenario scenario = ParseScenario(text, "seed-heavy-clutter.toml");
  const std::vector<sensors::TruthTrajectory> truth = Seed().truth;
  const std::vector<sensors::Scan> scans = sensors::SimulateSensors(
      scenario.sensors, truth,
      {.epoch = scenario.epoch, .duration_s = scenario.duration_s, .seed = scenario.seed});
  const TrackingRun run = RunTracking(scenario, truth, scans, {});
  Print(run, truth);
  for (const PartnerTracking& partner : run.partners) {
    if (partner.partner == "US") continue;  // infrared: no false alarms
    // Measured: KR 439 tracks, JP 2854 (every track over the whole run).
    EXPECT_LT(partner.tracks, 5000) << partner.partner;
    for (size_t m = 0; m < truth.size(); ++m) {
      const MissileTrackingScore& score = partner.missiles[m];
      if (score.first_detection_s) {
        EXPECT_TRUE(score.first_track_s) << partner.partner << " " << truth[m].id;
      }
    }
  }
}

}  // namespace
}  // namespace trilink::scenario
