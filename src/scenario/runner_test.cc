#include "trilink/scenario/runner.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "trilink/core/error.h"
#include "trilink/core/units.h"
#include "trilink/scenario/tracking_run.h"

namespace trilink::scenario {
namespace {

const std::string kSeedScenario = std::string(TRILINK_SOURCE_DIR) + "/scenarios/wonsan-salvo.toml";

TEST(RunScenario, SeedScenarioMatchesEveryReportedFigure) {
  const Scenario scenario = LoadScenario(kSeedScenario);
  size_t progress_calls = 0;
  const ScenarioTruth truth = RunScenario(
      scenario,
      {.sample_interval_s = 5.0, .progress = [&](size_t, size_t total, const std::string&) {
         ++progress_calls;
         EXPECT_EQ(total, 5u);
       }});
  ASSERT_EQ(truth.missiles.size(), 5u);
  EXPECT_EQ(progress_calls, 5u);
  for (const MissileTruth& m : truth.missiles) {
    const flight::FlightResult& f = m.reconstruction.flight;
    ASSERT_EQ(f.end, flight::FlightEnd::kImpact) << m.Id();
    EXPECT_NEAR(f.range_m, m.reported_range_m, 0.01 * m.reported_range_m) << m.Id();
    if (m.reported_apogee_m) {
      EXPECT_NEAR(f.apogee_height_m, *m.reported_apogee_m, 0.01 * *m.reported_apogee_m);
    }
    if (m.reported_flight_time_s) {
      EXPECT_NEAR(f.flight_time_s, *m.reported_flight_time_s, 0.01 * *m.reported_flight_time_s);
    }
    // Short-range, low flights into the Sea of Japan.
    EXPECT_LT(f.range_m, 900e3);
    EXPECT_LE(f.apogee_height_m, 101e3);
    EXPECT_GT(f.impact.longitude_deg(), 130.0) << m.Id();
    EXPECT_GT(f.samples.size(), 10u);
  }
  // The salvo's missiles differ (spread), launched interval_s apart.
  EXPECT_NE(truth.missiles[0].reported_range_m, truth.missiles[1].reported_range_m);
  EXPECT_EQ((truth.missiles[1].launch_time - truth.missiles[0].launch_time).seconds(), 120.0);
}

TEST(RunScenario, SameScenarioAndSeedGiveIdenticalTruth) {
  const Scenario scenario = LoadScenario(kSeedScenario);
  const ScenarioTruth a = RunScenario(scenario, {.sample_interval_s = 10.0});
  const ScenarioTruth b = RunScenario(scenario, {.sample_interval_s = 10.0});
  ASSERT_EQ(a.missiles.size(), b.missiles.size());
  for (size_t i = 0; i < a.missiles.size(); ++i) {
    const auto& sa = a.missiles[i].reconstruction.flight.samples;
    const auto& sb = b.missiles[i].reconstruction.flight.samples;
    ASSERT_EQ(sa.size(), sb.size());
    for (size_t j = 0; j < sa.size(); ++j) EXPECT_EQ(sa[j].ecef_position, sb[j].ecef_position);
  }
  Scenario reseeded = scenario;
  reseeded.seed += 1;
  const ScenarioTruth c = RunScenario(reseeded, {.sample_interval_s = 10.0});
  EXPECT_NE(c.missiles[0].reported_range_m, a.missiles[0].reported_range_m);
}

TEST(RunScenario, UnmatchableFiguresNameTheLaunch) {
  const Scenario scenario = ParseScenario(R"(
[scenario]
name = "bad"
epoch = "2026-01-01T00:00:00Z"
duration_s = 1000
seed = 1

[[launch]]
name = "impossible"
site = [39.2, 127.5]
azimuth_deg = 70
range_km = 800
apogee_km = 30
flight_time_s = 180
)",
                                          "bad.toml");
  try {
    RunScenario(scenario, {});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.toml:8: launch[1] (impossible), missile 1:"),
              std::string::npos)
        << e.what();
  }
}

TEST(RunOptions, DefaultsAreValid) {
  std::string error;
  EXPECT_TRUE(RunOptions().IsValid(&error)) << error;
}

TEST(RunOptions, RejectsOutOfRangeSampleIntervalNamingIt) {
  for (double interval_s : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(),
                            std::numeric_limits<double>::infinity()}) {
    std::string error;
    EXPECT_FALSE(RunOptions{.sample_interval_s = interval_s}.IsValid(&error)) << interval_s;
    EXPECT_NE(error.find("sample_interval_s"), std::string::npos) << error;
  }
}

TEST(RunOptions, NullErrorIsAllowed) {
  EXPECT_FALSE(RunOptions{.sample_interval_s = 0.0}.IsValid(nullptr));
}

TEST(RunScenarioDeathTest, ChecksTheOptions) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(RunScenario(Scenario(), {.sample_interval_s = -1.0}), "sample_interval_s");
}

TEST(TrackingRunOptions, DefaultsAreValid) {
  std::string error;
  EXPECT_TRUE(TrackingRunOptions().IsValid(&error)) << error;
}

TEST(TrackingRunOptions, RejectsAnInvalidTrackerNamingIt) {
  TrackingRunOptions options;
  options.tracker.gate_sigma = std::numeric_limits<double>::quiet_NaN();
  std::string error;
  EXPECT_FALSE(options.IsValid(&error));
  EXPECT_EQ(error, "tracker: gate_sigma must be > 0");
  EXPECT_FALSE(options.IsValid(nullptr));
}

}  // namespace
}  // namespace trilink::scenario
