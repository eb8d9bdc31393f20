// Scenarios end to end through the warning centre: assessments, CAP 1.2
// warnings and launch reports, checked against the schema and against
// truth. The seed (wonsan-salvo) falls at sea; over-japan-irbm flies over
// northern Japan, so its areas are truly threatened.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>

#include "test_schema.h"
#include "trilink/geo/areas.h"
#include "trilink/geo/places.h"
#include "trilink/scenario/fusion_scores.h"
#include "trilink/scenario/network_run.h"
#include "trilink/scenario/runner.h"
#include "trilink/scenario/scenario.h"
#include "trilink/scenario/sharing_comparison.h"
#include "trilink/scenario/warning_scores.h"
#include "trilink/sensors/simulate.h"
#include "trilink/warn/cap_schema.h"

namespace trilink::scenario {
namespace {

// The run's options with the default warning centre (named, not a braced
// temporary: GCC 12 warns falsely about the std::function inside one).
NetworkRunOptions WithWarnings() {
  NetworkRunOptions options;
  options.warning.emplace();
  return options;
}

struct ScenarioWarnings {
  Scenario scenario;
  std::vector<sensors::TruthTrajectory> truth;
  geo::AreaSet areas;
  geo::Places places{{}};
  std::vector<sensors::Scan> scans;
  NetworkRun network;
  const node::WarningCentre* centre = nullptr;
  WarningScores scores;
};

// One run per scenario (scenarios/NAME.toml), shared by the tests.
const ScenarioWarnings& RunOf(const std::string& name) {
  static std::map<std::string, std::unique_ptr<ScenarioWarnings>> runs;
  std::unique_ptr<ScenarioWarnings>& run = runs[name];
  if (run) return *run;
  run = std::make_unique<ScenarioWarnings>();
  ScenarioWarnings& r = *run;
  r.scenario = LoadScenario(std::string(TRILINK_SOURCE_DIR) + "/scenarios/" + name + ".toml");
  r.truth = SensorTruth(RunScenario(r.scenario, {.sample_interval_s = 1.0}));
  r.scans = SimulateScans(r.scenario, r.truth);
  const std::vector<sensors::Scan>& scans = r.scans;
  r.areas = geo::LoadAreas(geo::DefaultAreasPath());
  r.places = geo::Places::Load(geo::DefaultPlacesPath());
  r.network = RunNetwork(r.scenario, r.truth, scans, WithWarnings(), &r.areas, &r.places);
  r.centre = r.network.warning_node()->warning_centre();
  r.scores = ScoreWarnings(*r.centre, r.areas, r.truth);
  return r;
}

class ScenarioWarningsTest : public ::testing::TestWithParam<std::string> {
 protected:
  const ScenarioWarnings& run() const { return RunOf(GetParam()); }
};

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioWarningsTest,
                         ::testing::Values("wonsan-salvo", "over-japan-irbm"),
                         [](const auto& test) {
                           std::string name = test.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// Needs the OASIS schema (test_schema.h); skips without it.
TEST_P(ScenarioWarningsTest, EveryMessageIsValidCap) {
  TRILINK_REQUIRE_CAP_SCHEMA(schema);
  const auto& alerts = run().centre->alerts();
  ASSERT_FALSE(alerts.empty());
  for (const warn::Alert& alert : alerts) {
    const warn::SchemaCheck check = schema.Validate(warn::WriteCap(alert));
    EXPECT_TRUE(check.valid) << alert.identifier << ": " << check.Summary();
  }
}

// What the schema cannot see, checked everywhere.
TEST_P(ScenarioWarningsTest, UpdatesReferToEarlierMessagesAndTheRunEndsWithACancel) {
  const auto& alerts = run().centre->alerts();
  ASSERT_FALSE(alerts.empty());
  std::set<std::string> earlier;
  for (const warn::Alert& alert : alerts) {
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

TEST_P(ScenarioWarningsTest, OnlyAreasAboveTheThresholdsAreWarned) {
  const warn::PolicyOptions policy = node::WarningCentreOptions{}.policy;
  for (const warn::AreaWarningRecord& record : run().centre->warned_areas()) {
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
TEST_P(ScenarioWarningsTest, EveryThreatenedAreaIsWarnedBeforeTheMissileArrives) {
  const WarningScores& scores = run().scores;
  std::printf("%s", WarningScoresText(scores).c_str());
  for (const WarningScores::Area& area : scores.areas) {
    if (!area.threatened) continue;
    ASSERT_TRUE(area.warned.has_value()) << area.area << " was threatened, never warned";
    EXPECT_LT(*area.warned, *area.threatened) << area.area;
  }
  EXPECT_EQ(scores.missed_areas(), 0);
}

// Predictions converge: in the last minute before impact the median
// impact-point error is under 5 km and the 95 % ellipses hold the truth
// (measured 0.2 km, 99 % on the fused tracks). Regression bounds on what is
// not yet good: ellipses more than 300 s out (7 % on the fused tracks, 17 %
// on the best single partner's before fusion; docs/fusion.md) and false
// areas (3 fused, 2 before; over seeds 1–19 of the scenario 2–3). The
// calibrated-warnings work is to raise them. (The IRBM falls 3000 km out,
// beyond every radar.)
TEST(SeedWarnings, ImpactPredictionsConverge) {
  const WarningScores& scores = RunOf("wonsan-salvo").scores;
  const std::optional<double> last_minute = scores.MedianImpactError(0.0, 60.0);
  const std::optional<double> coverage = scores.EllipseCoverage(0.0, 60.0);
  const std::optional<double> early_coverage = scores.EllipseCoverage(300.0, 1e9);
  ASSERT_TRUE(last_minute && coverage && early_coverage);
  EXPECT_LT(*last_minute, 5e3);
  EXPECT_GT(*coverage, 0.9);
  EXPECT_GT(*early_coverage, 0.05);
  EXPECT_LE(scores.false_areas(), 3);
}

TEST(SeedWarnings, ReportsTheLaunchesAsTheyHappened) {
  const ScenarioWarnings& seed = RunOf("wonsan-salvo");
  const auto& reports = seed.centre->findings();
  ASSERT_EQ(reports.size(), 3u);  // salvo-A, salvo-B, single-C
  for (const assess::LaunchFindings& r : reports) {
    std::printf("%s: %zu missiles\n", r.event_id.c_str(), r.missiles.size());
  }
  // Every missile counted once: salvo-A's JP track fragment (its last
  // prediction, mid-glide, fell 580 km out) is joined to its missile's
  // system track by the fusion.
  EXPECT_EQ(reports[0].missiles.size(), 2u);
  EXPECT_EQ(reports[1].missiles.size(), 2u);
  EXPECT_EQ(reports[2].missiles.size(), 1u);
  // Each truth missile has a reported missile that fell within 30 km of its
  // true impact point, launched within 60 s of its true launch.
  for (const sensors::TruthTrajectory& missile : seed.truth) {
    const geo::Geodetic truth_impact = geo::EcefToGeodetic(missile.samples.back().ecef_position);
    bool found = false;
    for (const assess::LaunchFindings& r : reports) {
      for (const assess::MissileFinding& m : r.missiles) {
        found = found || (geo::GeodesicInverse(m.impact_point, truth_impact).distance_m < 30e3 &&
                          std::abs((m.launch_time - missile.launch_time).seconds()) < 60.0);
      }
    }
    EXPECT_TRUE(found) << missile.id;
  }
}

// The missile flies over Aomori (the truth's overflight, not the
// prediction's, says which areas were threatened): each such area is
// warned before the missile gets there and told "passed over" after, the
// fall is told outside the EEZ, and the report has the launch's figures.
TEST(OverJapanWarnings, WarnsTheOverflownAreasInTimeAndTellsThePassAndTheFall) {
  const ScenarioWarnings& r = RunOf("over-japan-irbm");
  ASSERT_EQ(r.truth.size(), 1u);
  const sensors::TruthTrajectory& missile = r.truth.front();
  std::set<std::string> threatened;
  for (const WarningScores::Area& area : r.scores.areas) {
    if (!area.threatened) continue;
    threatened.insert(area.area);
    ASSERT_TRUE(area.warned.has_value()) << area.area;
    const double lead_s = (*area.threatened - *area.warned).seconds();
    std::printf("%s: warned %.0f s after launch, %.0f s before the missile got there\n",
                area.area.c_str(), (*area.warned - missile.launch_time).seconds(), lead_s);
    EXPECT_GT(lead_s, 120.0) << area.area;  // minutes, not seconds, to take shelter
  }
  EXPECT_TRUE(threatened.count("Aomori")) << "the truth flies over Aomori";
  EXPECT_TRUE(threatened.count("Japan (land)"));
  for (const warn::AreaWarningRecord& record : r.centre->warned_areas()) {
    if (threatened.count(record.area)) {
      EXPECT_TRUE(record.passed_over) << record.area << ": no 'passed over'";
    }
  }
  // The last message: the fall, far outside Japan's EEZ, as a Cancel.
  const warn::Alert& last = r.centre->alerts().back();
  EXPECT_EQ(last.msg_type, warn::CapMsgType::kCancel);
  ASSERT_FALSE(last.infos.empty());
  EXPECT_NE(last.infos.front().headline.find("outside Japan's exclusive economic zone"),
            std::string::npos)
      << last.infos.front().headline;

  ASSERT_EQ(r.centre->findings().size(), 1u);
  const assess::LaunchFindings& findings = r.centre->findings().front();
  ASSERT_EQ(findings.missiles.size(), 1u);
  const assess::MissileFinding& finding = findings.missiles.front();
  const geo::Geodetic site = geo::EcefToGeodetic(missile.samples.front().ecef_position);
  const geo::Geodetic impact = geo::EcefToGeodetic(missile.samples.back().ecef_position);
  const double range_m = geo::GeodesicInverse(site, impact).distance_m;
  const double flight_time_s = missile.samples.back().t_s;
  double apogee_m = 0.0;
  for (const auto& sample : missile.samples)
    apogee_m = std::max(apogee_m, geo::HeightAboveEllipsoid(sample.ecef_position));
  std::printf(
      "report: range %.0f/%.0f km, flight %.0f/%.0f s, apogee %.0f/%.0f km, "
      "impact %.1f km off, launch %.1f km off\n",
      finding.range_m / 1e3, range_m / 1e3, finding.flight_time_s, flight_time_s,
      finding.max_altitude_m / 1e3, apogee_m / 1e3,
      geo::GeodesicInverse(finding.impact_point, impact).distance_m / 1e3,
      geo::GeodesicInverse(finding.launch_point, site).distance_m / 1e3);
  EXPECT_NEAR(finding.range_m, range_m, 0.05 * range_m);
  EXPECT_NEAR(finding.flight_time_s, flight_time_s, 0.05 * flight_time_s);
  EXPECT_NEAR(finding.max_altitude_m, apogee_m, 0.05 * apogee_m);
  // Seen in the boost: within 50 km of the site (the shared picture's bound;
  // measured 23 km from the fused track, 6.6 km from KR's track alone
  // before fusion: docs/fusion.md).
  EXPECT_LT(geo::GeodesicInverse(finding.launch_point, site).distance_m, 50e3);
  EXPECT_FALSE(finding.eez_country.has_value());
  EXPECT_EQ(assess::ClassifyRange(finding.range_m), assess::RangeClass::kIntermediate);
  // A minimum-energy flight (the reconstruction's): not lofted, depressed
  // or irregular.
  EXPECT_EQ(finding.trajectory, assess::TrajectoryType::kMinimumEnergy);
}

}  // namespace
}  // namespace trilink::scenario

namespace trilink::scenario {
namespace {

// Each scenario over a faulty link into every node (20 % of the partners'
// messages lost, 20 % delivered twice, up to 3 scans late and out of
// order): no missile in two system tracks and no two missiles in one, no
// message refused, every area the truth threatens warned in time, and the
// launch reports count the same events and missiles as over a perfect bus.
TEST_P(ScenarioWarningsTest, SurviveAFaultyLink) {
  const ScenarioWarnings& perfect = run();
  const std::vector<sensors::Scan> scans =
      sensors::SimulateSensors(perfect.scenario.sensors, perfect.truth,
                               {.epoch = perfect.scenario.epoch,
                                .duration_s = perfect.scenario.duration_s,
                                .seed = perfect.scenario.seed});
  NetworkRunOptions options = WithWarnings();
  options.faults =
      bus::FaultOptions{.loss = 0.2, .duplication = 0.2, .max_delay_polls = 3, .seed = 3};
  const NetworkRun faulty =
      RunNetwork(perfect.scenario, perfect.truth, scans, options, &perfect.areas, &perfect.places);
  for (const auto& node : faulty.nodes()) {
    const FusionScores scores = ScoreFusion(faulty, *node, perfect.truth);
    EXPECT_EQ(scores.duplicated_missiles(), 0) << node->options().partner;
    EXPECT_EQ(scores.mixed_system_tracks(), 0) << node->options().partner;
    EXPECT_EQ(node->counts().tracks_refused, 0);
  }
  const node::WarningCentre& centre = *faulty.warning_node()->warning_centre();
  const WarningScores scores = ScoreWarnings(centre, perfect.areas, perfect.truth);
  EXPECT_EQ(scores.missed_areas(), 0);
  EXPECT_EQ(perfect.scores.missed_areas(), 0);
  std::set<std::string> warned, warned_perfect;
  for (const warn::AreaWarningRecord& r : centre.warned_areas()) warned.insert(r.area);
  for (const warn::AreaWarningRecord& r : perfect.centre->warned_areas())
    warned_perfect.insert(r.area);
  auto list = [](const std::set<std::string>& areas) {
    std::string text;
    for (const std::string& area : areas) text += (text.empty() ? "" : ", ") + area;
    return text;
  };
  std::printf("warned over a perfect bus: %s; over the faulty link: %s\n",
              list(warned_perfect).c_str(), list(warned).c_str());
  ASSERT_EQ(centre.findings().size(), perfect.centre->findings().size());
  for (size_t e = 0; e < centre.findings().size(); ++e)
    EXPECT_EQ(centre.findings()[e].missiles.size(), perfect.centre->findings()[e].missiles.size());
}

// The seed scenario cut short while a missile still flies: reports after
// the scenario's end were already taken when the centre finishes, and it
// must finish after them (it aborted in the warning policy's time-order
// check; docs/robustness.md).
TEST(WarningCentre, FinishesAfterReportsBeyondTheScenarioEnd) {
  std::ifstream file(std::string(TRILINK_SOURCE_DIR) + "/scenarios/wonsan-salvo.toml");
  std::string text((std::istreambuf_iterator<char>(file)), {});
  const size_t at = text.find("duration_s = 3600");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 17, "duration_s = 1000");
  const Scenario scenario = ParseScenario(text, "seed-cut-short.toml");
  const std::vector<sensors::TruthTrajectory> truth =
      SensorTruth(RunScenario(scenario, {.sample_interval_s = 1.0}));
  const std::vector<sensors::Scan> scans = SimulateScans(scenario, truth);
  ASSERT_GT(scans.back().report_time, scenario.epoch + Duration::Seconds(scenario.duration_s));
  const geo::AreaSet areas = geo::LoadAreas(geo::DefaultAreasPath());
  const geo::Places places = geo::Places::Load(geo::DefaultPlacesPath());
  const NetworkRun run = RunNetwork(scenario, truth, scans, WithWarnings(), &areas, &places);
  const node::WarningCentre& centre = *run.warning_node()->warning_centre();
  ASSERT_FALSE(centre.alerts().empty());
  EXPECT_EQ(centre.alerts().back().msg_type, warn::CapMsgType::kCancel);
}

// --compare-sharing on the IRBM scenario: one case per partner alone and
// the shared one, which is the run of `trilink run` itself; the shared
// picture tracks each missile as soon as its first partner does, reports
// what was launched and misses no area, which the space-based infrared
// alone (US: tracks, but no impact prediction it would warn on) does.
TEST(SharingComparison, EachPartnerAloneBesideTheSharedRun) {
  const ScenarioWarnings& run = RunOf("over-japan-irbm");
  const std::vector<SharingCase> cases =
      CompareSharing(run.scenario, run.truth, run.scans, WithWarnings(), run.areas, run.places);
  const std::vector<std::string> partners = PartnersOf(run.scenario);
  ASSERT_EQ(cases.size(), partners.size() + 1);
  const SharingCase& shared = cases.back();
  EXPECT_EQ(shared.name, "all sharing");
  EXPECT_EQ(shared.partners, partners);
  EXPECT_EQ(shared.missiles_reported, static_cast<int>(run.truth.size()));
  EXPECT_EQ(shared.events_reported, 1);
  EXPECT_EQ(shared.scores.missed_areas(), run.scores.missed_areas());
  EXPECT_EQ(shared.scores.false_areas(), run.scores.false_areas());
  EXPECT_EQ(shared.scores.impact_errors.size(), run.scores.impact_errors.size());
  EXPECT_EQ(shared.scores.missed_areas(), 0);
  for (size_t i = 0; i < partners.size(); ++i) {
    SCOPED_TRACE(partners[i]);
    EXPECT_EQ(cases[i].name, partners[i] + " alone");
    for (size_t m = 0; m < run.truth.size(); ++m) {
      ASSERT_TRUE(shared.first_track_s[m]);
      if (cases[i].first_track_s[m]) {
        EXPECT_LE(*shared.first_track_s[m], *cases[i].first_track_s[m]);
      }
    }
  }
  const auto us = std::find(partners.begin(), partners.end(), "US") - partners.begin();
  EXPECT_EQ(cases[static_cast<size_t>(us)].missiles_reported, 0);
  EXPECT_GT(cases[static_cast<size_t>(us)].scores.missed_areas(), 0);
  const std::string text = SharingComparisonText(cases, run.truth);
  EXPECT_NE(text.find("all sharing"), std::string::npos);
  EXPECT_NE(text.find("first track irbm-1"), std::string::npos);
}

}  // namespace
}  // namespace trilink::scenario
