#include "trilink/sensors/simulate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "trilink/core/units.h"
#include "trilink/geo/wgs84.h"

namespace trilink::sensors {
namespace {

const UtcTime kEpoch = UtcTime::Parse("2026-03-10T06:30:00Z");
const geo::Geodetic kRadarSite = geo::Geodetic::FromDegrees(37.5, 129.1, 100.0);

// A synthetic missile: a cubic in time in the radar's ENU frame, launched
// `launch_s` after the epoch, sampled every `interval_s` for `flight_s`.
TruthTrajectory CubicTruth(double launch_s, double flight_s, double interval_s,
                           const Eigen::Vector3d& enu_start) {
  const geo::LocalFrame frame(kRadarSite);
  TruthTrajectory truth;
  truth.id = "cubic";
  truth.launch_time = kEpoch + Duration::Seconds(launch_s);
  truth.burnout_time_s = 60.0;
  const Eigen::Vector3d a(1500.0, -400.0, 900.0), b(-3.0, 1.0, -2.0), c(0.004, 0.002, 0.001);
  for (double t = 0.0; t <= flight_s + 1e-9; t += interval_s) {
    const Eigen::Vector3d enu = enu_start + a * t + b * t * t + c * t * t * t;
    const Eigen::Vector3d enu_velocity = a + 2.0 * b * t + 3.0 * c * t * t;
    truth.samples.push_back({t, frame.EnuToEcef(enu), frame.ecef_R_enu() * enu_velocity});
  }
  return truth;
}

SensorSpec Radar(const std::string& name) {
  SensorSpec spec{.name = name, .owner = "KR", .revisit_s = 2.0, .latency_s = 1.5};
  spec.radar.config.site = kRadarSite;
  spec.radar.config.measures = {true, true, true, true};
  spec.radar.config.field_of_view.max_range_m = 1.5e6;
  spec.radar.detection = {.reference_range_m = 1e6,
                          .reference_rcs_m2 = 1.0,
                          .reference_snr_db = 20.0,
                          .target_rcs_m2 = 1.0,
                          .false_alarm_probability = 1e-6,
                          .false_alarms_per_scan = 0.5};
  return spec;
}

SensorSpec Infrared() {
  SensorSpec spec{.name = "ir",
                  .owner = "US",
                  .type = SensorType::kInfrared,
                  .revisit_s = 5.0,
                  .scan_offset_s = 1.0,
                  .latency_s = 4.0};
  spec.infrared.geostationary_longitude_rad = DegToRad(128.0);
  spec.infrared.detection_probability = 0.9;
  return spec;
}

TEST(TruthTrajectory, HermiteInterpolationIsExactForCubics) {
  const TruthTrajectory truth = CubicTruth(10.0, 300.0, 7.0, {0.0, 0.0, 0.0});
  const geo::LocalFrame frame(kRadarSite);
  const Eigen::Vector3d a(1500.0, -400.0, 900.0), b(-3.0, 1.0, -2.0), c(0.004, 0.002, 0.001);
  for (double t = 0.0; t <= truth.samples.back().t_s; t += 0.37) {
    const std::optional<Vector<6>> state = truth.StateAt(truth.launch_time + Duration::Seconds(t));
    ASSERT_TRUE(state.has_value()) << t;
    const Eigen::Vector3d enu = a * t + b * t * t + c * t * t * t;
    const Eigen::Vector3d enu_velocity = a + 2.0 * b * t + 3.0 * c * t * t;
    EXPECT_LT((state->head<3>() - frame.EnuToEcef(enu)).norm(), 1e-6) << t;
    EXPECT_LT((state->tail<3>() - frame.ecef_R_enu() * enu_velocity).norm(), 1e-8) << t;
  }
  EXPECT_FALSE(truth.StateAt(truth.launch_time - Duration::Seconds(0.1)).has_value());
  EXPECT_FALSE(
      truth.StateAt(truth.launch_time + Duration::Seconds(truth.samples.back().t_s + 0.1)));
}

TEST(SimulateSensors, EmitsEveryScanSortedByReportTime) {
  const std::vector<SensorSpec> sensors = {Radar("radar"), Infrared()};
  const std::vector<TruthTrajectory> truth = {CubicTruth(20.0, 300.0, 1.0, {1e5, 0.0, 0.0})};
  const std::vector<Scan> scans =
      SimulateSensors(sensors, truth, {.epoch = kEpoch, .duration_s = 600.0, .seed = 1});
  int radar_scans = 0, infrared_scans = 0;
  for (size_t i = 0; i < scans.size(); ++i) {
    const Scan& scan = scans[i];
    const SensorSpec& spec = sensors[scan.sensor_index];
    EXPECT_EQ(scan.report_time - scan.measurement_time, Duration::Seconds(spec.latency_s));
    ASSERT_TRUE(scan.model);
    EXPECT_EQ(scan.measurements.size(), scan.truth_index.size());
    if (i > 0) {
      EXPECT_LE(scans[i - 1].report_time, scan.report_time);
    }
    (scan.sensor_index == 0 ? radar_scans : infrared_scans)++;
  }
  EXPECT_EQ(radar_scans, 301);     // 0, 2, …, 600 s
  EXPECT_EQ(infrared_scans, 120);  // 1, 6, …, 596 s
  // Out of sequence: some infrared scan measured earlier is reported after a
  // radar scan measured later.
  bool out_of_sequence = false;
  for (size_t i = 1; i < scans.size(); ++i) {
    if (scans[i].measurement_time < scans[i - 1].measurement_time) out_of_sequence = true;
  }
  EXPECT_TRUE(out_of_sequence);
}

TEST(SimulateSensors, DeterministicAndIndependentStreams) {
  const std::vector<TruthTrajectory> truth = {CubicTruth(20.0, 300.0, 1.0, {1e5, 0.0, 0.0})};
  const std::vector<SensorSpec> one = {Radar("radar")};
  const std::vector<SensorSpec> two = {Infrared(), Radar("radar")};
  const SimulationOptions options{.epoch = kEpoch, .duration_s = 400.0, .seed = 9};
  const std::vector<Scan> a = SimulateSensors(one, truth, options);
  const std::vector<Scan> b = SimulateSensors(one, truth, options);
  const std::vector<Scan> c = SimulateSensors(two, truth, options);
  std::vector<const Scan*> radar_in_c;
  for (const Scan& scan : c) {
    if (scan.sensor_index == 1) radar_in_c.push_back(&scan);
  }
  ASSERT_EQ(a.size(), b.size());
  ASSERT_EQ(a.size(), radar_in_c.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].measurements.size(), b[i].measurements.size());
    ASSERT_EQ(a[i].measurements.size(), radar_in_c[i]->measurements.size());
    for (size_t k = 0; k < a[i].measurements.size(); ++k) {
      EXPECT_EQ(a[i].measurements[k], b[i].measurements[k]);  // bit for bit
      EXPECT_EQ(a[i].measurements[k], radar_in_c[i]->measurements[k]);
    }
  }
  const std::vector<Scan> other_seed =
      SimulateSensors(one, truth, {.epoch = kEpoch, .duration_s = 400.0, .seed = 10});
  bool differs = false;
  for (size_t i = 0; i < a.size() && !differs; ++i) {
    differs = a[i].measurements.size() != other_seed[i].measurements.size() ||
              (!a[i].measurements.empty() && a[i].measurements[0] != other_seed[i].measurements[0]);
  }
  EXPECT_TRUE(differs);
}

TEST(SimulateSensors, RadarStatistics) {
  // A target hovering (a constant state) 300 km east, 50 km up: Pd from the
  // radar equation, noise and bias as configured, Poisson false alarms.
  const geo::LocalFrame frame(kRadarSite);
  TruthTrajectory hover;
  hover.id = "hover";
  hover.launch_time = kEpoch;
  const Eigen::Vector3d position = frame.EnuToEcef({3e5, 0.0, 5e4});
  hover.samples = {{0.0, position, Eigen::Vector3d::Zero()},
                   {1e5, position, Eigen::Vector3d::Zero()}};
  SensorSpec spec = Radar("radar");
  spec.radar.detection.reference_snr_db = 0.0;  // Pd well below 1 at this range
  spec.radar.bias = {100.0, 1e-3, -2e-3, 0.0};
  const std::vector<SensorSpec> sensors = {spec};
  const std::vector<TruthTrajectory> truth = {hover};
  const std::vector<Scan> scans =
      SimulateSensors(sensors, truth, {.epoch = kEpoch, .duration_s = 40'000.0, .seed = 3});
  const RadarModel model(spec.radar.config);
  const MeasurementVector expected = model.Predict(position, Eigen::Vector3d::Zero());
  const double pd = SwerlingOneDetectionProbability(
      RadarSnrDb(spec.radar.detection, (position - frame.ecef_origin()).norm()), 1e-6);
  int detections = 0, false_alarms = 0;
  MeasurementVector sum = MeasurementVector::Zero(4);
  for (const Scan& scan : scans) {
    for (size_t k = 0; k < scan.measurements.size(); ++k) {
      if (scan.truth_index[k] < 0) {
        ++false_alarms;
        EXPECT_LE(scan.measurements[k](0), spec.radar.config.field_of_view.max_range_m);
        continue;
      }
      ++detections;
      sum += model.Residual(scan.measurements[k], expected);
    }
  }
  const double n = static_cast<double>(scans.size());
  EXPECT_NEAR(detections / n, pd, 5.0 * std::sqrt(pd * (1 - pd) / n));
  EXPECT_NEAR(false_alarms / n, 0.5, 5.0 * std::sqrt(0.5 / n));
  const MeasurementVector mean = sum / detections;
  EXPECT_NEAR(mean(0), 100.0, 5.0 * 30.0 / std::sqrt(detections));
  EXPECT_NEAR(mean(1), 1e-3, 5.0 * 2e-3 / std::sqrt(detections));
  EXPECT_NEAR(mean(2), -2e-3, 5.0 * 2e-3 / std::sqrt(detections));
}

TEST(SimulateSensors, InfraredSeesOnlyTheBurningMotor) {
  const std::vector<SensorSpec> sensors = {Infrared()};
  const std::vector<TruthTrajectory> truth = {CubicTruth(20.0, 300.0, 1.0, {1e5, 0.0, 0.0})};
  const std::vector<Scan> scans =
      SimulateSensors(sensors, truth, {.epoch = kEpoch, .duration_s = 600.0, .seed = 4});
  int detections = 0, burning_scans = 0;
  for (const Scan& scan : scans) {
    const double since_launch = (scan.measurement_time - truth[0].launch_time).seconds();
    if (since_launch >= 0.0 && since_launch <= truth[0].burnout_time_s) ++burning_scans;
    for (int index : scan.truth_index) {
      EXPECT_EQ(index, 0);
      EXPECT_LE(since_launch, truth[0].burnout_time_s);
      ++detections;
    }
  }
  EXPECT_EQ(burning_scans, 12);
  EXPECT_GE(detections, 8);
  EXPECT_LE(detections, 12);
}

TEST(SimulateSensors, ModelsForLargerStates) {
  const std::vector<SensorSpec> sensors = {Radar("radar"), Infrared()};
  KeplerOrbit orbit{.semi_major_axis_m = 7.2e6, .inclination_rad = 1.7, .epoch = kEpoch};
  SensorSpec leo{.name = "leo", .owner = "US", .type = SensorType::kInfrared, .revisit_s = 10.0};
  leo.infrared.orbit = orbit;
  std::vector<SensorSpec> all = sensors;
  all.push_back(leo);
  const std::vector<Scan> scans =
      SimulateSensors(all, {}, {.epoch = kEpoch, .duration_s = 100.0, .seed = 5});
  Vector<9> state9 = Vector<9>::Zero();
  state9.head<3>() = geo::GeodeticToEcef(geo::Geodetic::FromDegrees(39.0, 131.0, 6e4));
  state9.segment<3>(3) << 1000.0, 2000.0, -500.0;
  state9.tail<3>() << 1.0, 2.0, 3.0;
  const Vector<6> state6 = state9.head<6>();
  for (const Scan& scan : scans) {
    const auto model9 = MakeModel<9>(scan);
    const auto model6 = MakeModel<6>(scan);
    EXPECT_EQ(model6, scan.model);
    MeasurementJacobian<9> h9;
    MeasurementJacobian<6> h6;
    EXPECT_EQ(model9->Predict(state9, &h9), model6->Predict(state6, &h6));
    EXPECT_EQ(h9.leftCols<6>(), h6);
    EXPECT_TRUE(h9.rightCols<3>().isZero());
    EXPECT_EQ(model9->Covers(state9), model6->Covers(state6));
  }
  // The orbiting satellite moves between scans; the geostationary one does not.
  std::vector<Eigen::Vector3d> leo_positions, geo_positions;
  for (const Scan& scan : scans) {
    if (scan.sensor_index == 2)
      leo_positions.push_back(scan.frame.infrared.satellite_ecef_position);
    if (scan.sensor_index == 1)
      geo_positions.push_back(scan.frame.infrared.satellite_ecef_position);
  }
  ASSERT_GE(leo_positions.size(), 2u);
  EXPECT_GT((leo_positions[1] - leo_positions[0]).norm(), 50e3);  // ~7.4 km/s × 10 s
  EXPECT_EQ(geo_positions.front(), geo_positions.back());
}

TEST(SimulationOptions, DefaultsAreValid) {
  std::string error;
  EXPECT_TRUE(SimulationOptions().IsValid(&error)) << error;  // duration 0: the epoch's scans
  EXPECT_TRUE(SimulationOptions{.duration_s = 600.0}.IsValid(&error)) << error;
}

TEST(SimulationOptions, RejectsOutOfRangeDurationNamingIt) {
  for (double duration_s :
       {-1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    std::string error;
    EXPECT_FALSE(SimulationOptions{.duration_s = duration_s}.IsValid(&error)) << duration_s;
    EXPECT_NE(error.find("duration_s"), std::string::npos) << error;
  }
}

TEST(SimulationOptions, NullErrorIsAllowed) {
  EXPECT_FALSE(SimulationOptions{.duration_s = -1.0}.IsValid(nullptr));
}

TEST(SimulateSensorsDeathTest, ChecksTheOptions) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(SimulateSensors({}, {}, {.duration_s = -1.0}), "duration_s");
}

}  // namespace
}  // namespace trilink::sensors
