// The scenarios of scenarios/ on 20 seeds each (other noise, false alarms
// and detections; the same launches), through the nodes on the in-process
// bus with the warning centre: the launch reports hold exactly the
// launched missiles and launch events; every missile that a sensor saw
// during its boost is reported launched within 50 km of its true site; and
// every missile keeps one system track at the warning node — identity
// switches (a missile's local tracks in more than one system track) are
// counted and reported, and must be none, except in the close salvo (three
// missiles ten seconds apart on one path), where the infrared tracker swaps
// between the boosting missiles and the fusion sorts its tracks out on 36
// of seeds 1–40 (docs/fusion.md): at most one there. A duplicate system
// track the fusion merged into its missile's (fusion/system_tracks.h) is
// no identity switch; it is recorded (merged_duplicates). The lofted ICBM
// is clean on 38 of seeds 1–40, one of them by a merge; seeds 29 and 35
// are not (docs/fusion.md); the scenarios' own seeds run too.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <tuple>

#include "trilink/geo/areas.h"
#include "trilink/geo/places.h"
#include "trilink/geo/wgs84.h"
#include "trilink/scenario/fusion_scores.h"
#include "trilink/scenario/network_run.h"
#include "trilink/scenario/runner.h"
#include "trilink/scenario/scenario.h"
#include "trilink/sensors/simulate.h"

namespace trilink::scenario {
namespace {

constexpr int kSeeds = 20;
constexpr double kMaxLaunchPointErrorM = 50e3;

int AllowedSwitches(const std::string& scenario) {
  return scenario == "pyongyang-pair-and-close-salvo" ? 1 : 0;
}

class Seeds : public ::testing::TestWithParam<std::tuple<std::string, int>> {
 protected:
  static void SetUpTestSuite() {
    areas_ = new geo::AreaSet(geo::LoadAreas(geo::DefaultAreasPath()));
    places_ = new geo::Places(geo::Places::Load(geo::DefaultPlacesPath()));
  }
  static void TearDownTestSuite() {
    delete areas_;
    delete places_;
  }
  static geo::AreaSet* areas_;
  static geo::Places* places_;
};
geo::AreaSet* Seeds::areas_ = nullptr;
geo::Places* Seeds::places_ = nullptr;

TEST_P(Seeds, ReportWhatWasLaunchedWithStableTracks) {
  const auto& [name, seed] = GetParam();
  Scenario scenario =
      LoadScenario(std::string(TRILINK_SOURCE_DIR) + "/scenarios/" + name + ".toml");
  scenario.seed = static_cast<uint64_t>(seed);
  const std::vector<sensors::TruthTrajectory> truth =
      SensorTruth(RunScenario(scenario, {.sample_interval_s = 1.0}));
  const std::vector<sensors::Scan> scans = SimulateScans(scenario, truth);
  NetworkRunOptions options;
  options.warning.emplace();
  const NetworkRun run = RunNetwork(scenario, truth, scans, options, areas_, places_);
  const node::Node& warning_node = *run.warning_node();
  const std::vector<assess::LaunchFindings> findings = warning_node.warning_centre()->findings();

  size_t missiles = 0;
  for (const assess::LaunchFindings& event : findings) missiles += event.missiles.size();
  EXPECT_EQ(missiles, truth.size());
  EXPECT_EQ(findings.size(), scenario.launches.size());

  const FusionScores scores = ScoreFusion(run, warning_node, truth);
  int switches = 0;
  std::string switched;  // the missiles whose tracks went into several system tracks
  for (size_t m = 0; m < truth.size(); ++m) {
    SCOPED_TRACE(truth[m].id);
    const std::vector<uint64_t>& systems = scores.systems_of_missile[m];
    EXPECT_FALSE(systems.empty()) << "no system track";
    if (systems.size() > 1) {
      switches += static_cast<int>(systems.size()) - 1;
      switched += " " + truth[m].id;
    }
    // Seen in boost: some partner detected it before burnout.
    bool seen_in_boost = false;
    for (const PartnerTracking& partner : run.tracking.partners) {
      const std::optional<double>& first = partner.missiles[m].first_detection_s;
      seen_in_boost |= first && *first < truth[m].burnout_time_s;
    }
    if (!seen_in_boost || systems.empty()) continue;
    std::string track = std::to_string(systems.front());
    track.insert(0, 1, 'S');  // "S3" (not "S" + ...: a false GCC 12 -Wrestrict)
    const assess::MissileFinding* finding = nullptr;
    for (const assess::LaunchFindings& event : findings)
      for (const assess::MissileFinding& f : event.missiles)
        if (f.track == track) finding = &f;
    ASSERT_NE(finding, nullptr) << "no reported missile comes from " << track;
    const geo::Geodetic site = geo::EcefToGeodetic(truth[m].samples.front().ecef_position);
    EXPECT_LT(geo::GeodesicInverse(site, finding->launch_point).distance_m, kMaxLaunchPointErrorM);
  }
  RecordProperty("identity_switches", switches);
  RecordProperty("merged_duplicates", scores.merged_missiles());
  EXPECT_LE(switches, AllowedSwitches(name)) << "identity switches:" << switched;
}

std::string TestName(const ::testing::TestParamInfo<std::tuple<std::string, int>>& test) {
  std::string name = std::get<0>(test.param);
  std::replace(name.begin(), name.end(), '-', '_');
  return name + "_seed" + std::to_string(std::get<1>(test.param));
}

INSTANTIATE_TEST_SUITE_P(Scenarios, Seeds,
                         ::testing::Combine(::testing::Values("wonsan-salvo", "over-japan-irbm",
                                                              "pyongyang-pair-and-close-salvo",
                                                              "pyongyang-lofted-icbm"),
                                            ::testing::Range(1, kSeeds + 1)),
                         TestName);
INSTANTIATE_TEST_SUITE_P(Shipped, Seeds,
                         ::testing::Values(std::tuple("wonsan-salvo", 20260310),
                                           std::tuple("over-japan-irbm", 20221004),
                                           std::tuple("pyongyang-pair-and-close-salvo", 20240530),
                                           std::tuple("pyongyang-lofted-icbm", 20221118)),
                         TestName);

}  // namespace
}  // namespace trilink::scenario
