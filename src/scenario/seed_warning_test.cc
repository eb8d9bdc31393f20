// The seed scenario end to end through the warning centre: assessments,
// CAP 1.2 warnings and launch reports, checked against the schema and
// against truth.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

#include "trilink/geo/areas.h"
#include "trilink/report/places.h"
#include "trilink/scenario/runner.h"
#include "trilink/scenario/scenario.h"
#include "trilink/scenario/tracking_run.h"
#include "trilink/scenario/warning_centre.h"
#include "trilink/scenario/warning_scores.h"
#include "trilink/sensors/simulate.h"
#include "trilink/warn/cap_schema.h"

namespace trilink::scenario {
namespace {

struct SeedWarnings {
  Scenario scenario;
  std::vector<sensors::TruthTrajectory> truth;
  geo::AreaSet areas;
  report::Places places{{}};
  std::unique_ptr<WarningCentre> centre;
};

const SeedWarnings& Seed() {
  static const SeedWarnings* run = [] {
    auto* r = new SeedWarnings;
    r->scenario = LoadScenario(std::string(TRILINK_SOURCE_DIR) + "/scenarios/wonsan-salvo.toml");
    r->truth = SensorTruth(RunScenario(r->scenario, {.sample_interval_s = 1.0}));
    const std::vector<sensors::Scan> scans =
        sensors::SimulateSensors(r->scenario.sensors, r->truth,
                                 {.epoch = r->scenario.epoch,
                                  .duration_s = r->scenario.duration_s,
                                  .seed = r->scenario.seed});
    r->areas = geo::LoadAreas(geo::DefaultAreasPath());
    r->places = report::Places::Load(report::DefaultPlacesPath());
    r->centre = std::make_unique<WarningCentre>(r->areas, r->places, WarningCentreOptions{});
    TrackingRunOptions options;
    options.on_scan = [r](const std::string& partner, const sensors::Scan& scan,
                          const tracking::NationalTracker& tracker,
                          const tracking::ScanSummary& summary) {
      r->centre->OnScan(partner, scan, tracker, summary);
    };
    RunTracking(r->scenario, r->truth, scans, options);
    r->centre->Finish(r->scenario.epoch + Duration::Seconds(r->scenario.duration_s));
    return r;
  }();
  return *run;
}

TEST(SeedWarnings, EveryMessageIsValidCapAndUpdatesReferToEarlierMessages) {
  const SeedWarnings& seed = Seed();
  const warn::CapSchema schema(TRILINK_CAP_SCHEMA);
  const auto& alerts = seed.centre->alerts();
  ASSERT_FALSE(alerts.empty());
  std::set<std::string> earlier;
  for (const warn::Alert& alert : alerts) {
    const warn::SchemaCheck check = schema.Validate(warn::WriteCap(alert));
    EXPECT_TRUE(check.valid) << alert.identifier << ": " << check.Summary();
    EXPECT_EQ(alert.status, warn::CapStatus::kExercise);  // a simulated run
    if (alert.msg_type != warn::CapMsgType::kAlert) {
      EXPECT_FALSE(alert.references.empty()) << alert.identifier;
    }
    for (const warn::CapReference& reference : alert.references)
      EXPECT_TRUE(earlier.count(reference.identifier))
          << alert.identifier << " refers to " << reference.identifier;
    EXPECT_TRUE(earlier.insert(alert.identifier).second) << "duplicate " << alert.identifier;
  }
  // Every event that was warned ends with a Cancel.
  EXPECT_EQ(alerts.back().msg_type, warn::CapMsgType::kCancel);
}

TEST(SeedWarnings, OnlyAreasAboveTheThresholdsAreWarned) {
  const SeedWarnings& seed = Seed();
  const warn::PolicyOptions policy = WarningCentreOptions{}.policy;
  for (const warn::AreaWarningRecord& record : seed.centre->warned_areas()) {
    EXPECT_TRUE(record.for_impact || record.for_overflight) << record.area;
    if (record.for_impact && !record.for_overflight) {
      EXPECT_GE(record.max_impact_probability, policy.warn_probability) << record.area;
    }
    // Maritime zones are not warned by this centre (they are for ships).
    EXPECT_NE(record.kind, warn::AreaKind::kEez) << record.area;
    EXPECT_NE(record.kind, warn::AreaKind::kTerritorialSea) << record.area;
  }
}

// Truth-threatened areas (warning_scores.h) must be warned before the
// missile gets there. Areas warned but never threatened (false areas) are
// printed, not asserted: the policy warns on a 1 % impact probability, so
// early, wide ellipses warn coasts the missiles do not reach.
TEST(SeedWarnings, EveryThreatenedAreaIsWarnedBeforeTheMissileArrives) {
  const SeedWarnings& seed = Seed();
  const WarningScores scores = ScoreWarnings(*seed.centre, seed.areas, seed.truth);
  std::printf("%s", WarningScoresText(scores).c_str());
  for (const WarningScores::Area& area : scores.areas) {
    if (!area.threatened) continue;
    ASSERT_TRUE(area.warned.has_value()) << area.area << " was threatened, never warned";
    EXPECT_LT(*area.warned, *area.threatened) << area.area;
  }
  EXPECT_EQ(scores.missed_areas(), 0);
  // Predictions converge: in the last minute before impact the median
  // impact-point error is under 5 km.
  const std::optional<double> last_minute = scores.MedianImpactError(0.0, 60.0);
  ASSERT_TRUE(last_minute.has_value());
  EXPECT_LT(*last_minute, 5e3);
}

TEST(SeedWarnings, ReportsTheLaunchesAsTheyHappened) {
  const SeedWarnings& seed = Seed();
  const auto& reports = seed.centre->reports();
  ASSERT_EQ(reports.size(), 3u);  // salvo-A, salvo-B, single-C
  for (const report::LaunchReport& r : reports) {
    std::printf("%s: %d missiles from %s\n", r.event_id.c_str(), r.missile_count,
                r.launch_area.c_str());
  }
  // Every missile counted once: salvo-A's JP track fragment (its last
  // prediction, mid-glide, fell 580 km out) is joined to its missile by
  // the centre's track-to-track links.
  EXPECT_EQ(reports[0].missile_count, 2);
  EXPECT_EQ(reports[1].missile_count, 2);
  EXPECT_EQ(reports[2].missile_count, 1);
  // Each truth missile has a reported missile that fell within 30 km of its
  // true impact point, launched within 60 s of its true launch.
  for (const sensors::TruthTrajectory& missile : seed.truth) {
    const geo::Geodetic truth_impact = geo::EcefToGeodetic(missile.samples.back().ecef_position);
    bool found = false;
    for (const report::LaunchReport& r : reports) {
      for (const report::MissileReport& m : r.missiles) {
        found = found ||
                (geo::GeodesicInverse(m.finding.impact_point, truth_impact).distance_m < 30e3 &&
                 std::abs((m.finding.launch_time - missile.launch_time).seconds()) < 60.0);
      }
    }
    EXPECT_TRUE(found) << missile.id;
  }
}

}  // namespace
}  // namespace trilink::scenario
