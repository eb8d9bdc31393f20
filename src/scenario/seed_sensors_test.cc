// The seed scenario's sensors on the seed scenario's missiles: every
// partner sees every missile, detections are mostly true, and the run is
// deterministic.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

#include "trilink/scenario/runner.h"
#include "trilink/scenario/scenario.h"
#include "trilink/sensors/simulate.h"

namespace trilink::scenario {
namespace {

const std::string kSeedScenario = std::string(TRILINK_SOURCE_DIR) + "/scenarios/wonsan-salvo.toml";

TEST(SeedScenarioSensors, EveryPartnerSeesEveryMissile) {
  const Scenario scenario = LoadScenario(kSeedScenario);
  ASSERT_GE(scenario.sensors.size(), 4u);
  const ScenarioTruth truth = RunScenario(scenario, {.sample_interval_s = 1.0});
  const std::vector<sensors::TruthTrajectory> trajectories = SensorTruth(truth);
  ASSERT_EQ(trajectories.size(), truth.missiles.size());
  const sensors::SimulationOptions options{
      .epoch = scenario.epoch, .duration_s = scenario.duration_s, .seed = scenario.seed};
  const std::vector<sensors::Scan> scans =
      sensors::SimulateSensors(scenario.sensors, trajectories, options);

  // partner -> missiles seen; sensor -> (true, false) detection counts.
  std::map<std::string, std::set<int>> seen_by_partner;
  std::map<std::string, std::pair<int, int>> counts;
  std::map<std::string, int> scans_per_sensor;
  for (const sensors::Scan& scan : scans) {
    const sensors::SensorSpec& sensor = scenario.sensors[scan.sensor_index];
    ++scans_per_sensor[sensor.name];
    for (int index : scan.truth_index) {
      if (index >= 0) {
        seen_by_partner[sensor.owner].insert(index);
        ++counts[sensor.name].first;
      } else {
        ++counts[sensor.name].second;
      }
    }
  }
  for (const std::string partner : {"KR", "JP", "US"}) {
    EXPECT_EQ(seen_by_partner[partner].size(), truth.missiles.size()) << partner;
  }
  for (const sensors::SensorSpec& sensor : scenario.sensors) {
    const auto [true_detections, false_alarms] = counts[sensor.name];
    const int n = scans_per_sensor[sensor.name];
    EXPECT_NEAR(n, scenario.duration_s / sensor.revisit_s, 1.0) << sensor.name;
    EXPECT_LE(false_alarms, n) << sensor.name;  // under one per scan on average
    EXPECT_GT(true_detections, 0) << sensor.name;
    std::printf("%-14s %-3s scans %5d  true %5d  false %5d\n", sensor.name.c_str(),
                sensor.owner.c_str(), n, true_detections, false_alarms);
  }

  // Same inputs, same scans, bit for bit.
  const std::vector<sensors::Scan> again =
      sensors::SimulateSensors(scenario.sensors, trajectories, options);
  ASSERT_EQ(again.size(), scans.size());
  for (size_t i = 0; i < scans.size(); ++i) {
    ASSERT_EQ(again[i].measurements.size(), scans[i].measurements.size());
    for (size_t k = 0; k < scans[i].measurements.size(); ++k) {
      ASSERT_EQ(again[i].measurements[k], scans[i].measurements[k]);
    }
  }
}

}  // namespace
}  // namespace trilink::scenario
