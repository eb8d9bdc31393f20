// The national tracker's radar initiation in clutter: a pair of detections
// starts a track only when it agrees with both detections' range rates
// (TwoPointInitiator's range-rate test and gate).
#include "trilink/tracking/national_tracker.h"

#include <gtest/gtest.h>

#include <memory>

#include "trilink/geo/wgs84.h"
#include "trilink/sensors/radar.h"

namespace trilink::tracking {
namespace {

UtcTime At(double t_s) { return UtcTime::FromNanoseconds(static_cast<int64_t>(t_s * 1e9)); }

std::shared_ptr<const sensors::MeasurementModel<kBallisticStateSize>> Radar() {
  sensors::RadarConfig config;
  config.site = geo::Geodetic::FromDegrees(37.7, 129.0);
  config.measures = {true, true, true, true};
  config.field_of_view.elevation_min_rad = -1.5;
  return std::make_shared<sensors::RadarMeasurement<kBallisticStateSize>>(config);
}

// A missile 200 km north-west of the radar, 30 km up (or `height_m`),
// flying east at 2 km/s (and climbing at `climb_m_s`): its detections t_s
// after the first (without noise).
MeasurementVector Detection(const sensors::MeasurementModel<kBallisticStateSize>& radar, double t_s,
                            double height_m = 30e3, double climb_m_s = 0.0) {
  const Eigen::Vector3d start =
      geo::GeodeticToEcef(geo::Geodetic::FromDegrees(39.0, 127.5, height_m));
  const geo::LocalFrame frame(geo::Geodetic::FromDegrees(39.0, 127.5, height_m));
  const Eigen::Vector3d velocity = frame.EnuToEcef(Eigen::Vector3d(2000.0, 0.0, climb_m_s)) -
                                   frame.EnuToEcef(Eigen::Vector3d::Zero());
  BallisticVector state = BallisticVector::Zero();
  state.segment<3>(kBallisticPosition) = start + velocity * t_s;
  state.segment<3>(kBallisticVelocity) = velocity;
  return radar.Predict(state);
}

TEST(NationalTracker, ATrueRadarPairStartsATrack) {
  const auto radar = Radar();
  NationalTracker tracker;
  tracker.Process(Scan<kBallisticStateSize>{At(0), 0, radar, {Detection(*radar, 0.0)}});
  tracker.Process(Scan<kBallisticStateSize>{At(5), 0, radar, {Detection(*radar, 5.0)}});
  EXPECT_EQ(tracker.tracks().size(), 1u);
}

TEST(NationalTracker, APairWhoseRangeRatesDisagreeStartsNone) {
  // The same two positions, but the second detection's range rate 1.5 km/s
  // off: two false alarms that happen to lie within reach of each other.
  const auto radar = Radar();
  MeasurementVector second = Detection(*radar, 5.0);
  second(3) += 1500.0;
  NationalTracker tracker;
  tracker.Process(Scan<kBallisticStateSize>{At(0), 0, radar, {Detection(*radar, 0.0)}});
  tracker.Process(Scan<kBallisticStateSize>{At(5), 0, radar, {second}});
  EXPECT_TRUE(tracker.tracks().empty());
  // Without the initiation gate the pair starts a track.
  NationalTracker ungated({.initiation_gate_sigma = 0.0});
  ungated.Process(Scan<kBallisticStateSize>{At(0), 0, radar, {Detection(*radar, 0.0)}});
  ungated.Process(Scan<kBallisticStateSize>{At(5), 0, radar, {second}});
  EXPECT_EQ(ungated.tracks().size(), 1u);
}

// A track started low and climbing is given to the boost mode; one started
// higher, or with the option off, keeps the bank's proportions.
TEST(NationalTracker, ATrackStartedLowAndClimbingIsBoosting) {
  const auto radar = Radar();
  auto boost_of_track_from = [&](double height_m, double climb_m_s,
                                 const NationalTrackerOptions& options) {
    NationalTracker tracker(options);
    tracker.Process(
        Scan<kBallisticStateSize>{At(0), 0, radar, {Detection(*radar, 0.0, height_m, climb_m_s)}});
    tracker.Process(
        Scan<kBallisticStateSize>{At(4), 0, radar, {Detection(*radar, 4.0, height_m, climb_m_s)}});
    EXPECT_EQ(tracker.tracks().size(), 1u);
    if (tracker.tracks().empty()) return -1.0;
    return tracker.bank().ModeProbability(tracker.tracks()[0].state, BallisticMode::kBoost);
  };
  const NationalTrackerOptions off{.climbing_boost_height_m = 0.0};
  const double low = boost_of_track_from(10e3, 800.0, {});
  const double low_off = boost_of_track_from(10e3, 800.0, off);
  EXPECT_GT(low, 0.7);
  EXPECT_LT(low_off, 0.5);
  EXPECT_EQ(boost_of_track_from(30e3, 800.0, {}), boost_of_track_from(30e3, 800.0, off));
  EXPECT_EQ(boost_of_track_from(10e3, -800.0, {}), boost_of_track_from(10e3, -800.0, off));
  // The prior's ratio times the odds the detections gave.
  const double initial = BallisticFilterBankOptions{}.initial_probabilities(0);
  EXPECT_NEAR(low / (1.0 - low),
              low_off / (1.0 - low_off) * (0.8 / 0.2) / (initial / (1.0 - initial)), 1e-6);
}

// A bank that starts no track in the boost mode keeps it at 0: the prior
// rescales the modes the bank gave a chance, and never divides by zero.
TEST(NationalTracker, AClimbingPriorLeavesAModeTheBankStartsAtZero) {
  const auto radar = Radar();
  NationalTrackerOptions options;
  options.filter.initial_probabilities = Eigen::Vector3d(0.0, 0.7, 0.3);
  NationalTracker tracker(options);
  tracker.Process(
      Scan<kBallisticStateSize>{At(0), 0, radar, {Detection(*radar, 0.0, 10e3, 800.0)}});
  tracker.Process(
      Scan<kBallisticStateSize>{At(4), 0, radar, {Detection(*radar, 4.0, 10e3, 800.0)}});
  ASSERT_EQ(tracker.tracks().size(), 1u);
  const FilterState<kBallisticStateSize>& state = tracker.tracks()[0].state;
  EXPECT_TRUE(state.estimate.mean.allFinite());
  EXPECT_EQ(tracker.bank().ModeProbability(state, BallisticMode::kBoost), 0.0);
  EXPECT_NEAR(tracker.bank().ModeProbability(state, BallisticMode::kBallistic) +
                  tracker.bank().ModeProbability(state, BallisticMode::kManoeuvre),
              1.0, 1e-12);
}

TEST(NationalTrackerOptions, RejectsABadClimbingPrior) {
  std::string error;
  EXPECT_FALSE(NationalTrackerOptions{.climbing_boost_height_m = -1.0}.IsValid(&error));
  EXPECT_NE(error.find("climbing_boost_height_m"), std::string::npos);
  EXPECT_FALSE(NationalTrackerOptions{.climbing_boost_probability = 1.0}.IsValid(&error));
  EXPECT_NE(error.find("climbing_boost_probability"), std::string::npos);
}

}  // namespace
}  // namespace trilink::tracking
