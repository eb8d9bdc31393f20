// The assessor on known flights (range class, trajectory type) and the
// grouping rules; on the seed scenario's radar tracks in
// tests/seed_assessment_test.cc.
#include "trilink/assess/assessor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <limits>
#include <map>
#include <numbers>
#include <string>

#include "trilink/flight/reconstruct.h"

namespace trilink::assess {
namespace {

using ::testing::HasSubstr;

constexpr int kN = tracking::kBallisticStateSize;
// The flight's true state at sample k, with a tiny covariance.
Gaussian<kN> TrueState(const flight::Reconstruction& r, size_t k) {
  Gaussian<kN> g;
  g.mean.head<3>() = r.flight.samples[k].ecef_position;
  g.mean.segment<3>(3) = r.flight.samples[k].ecef_velocity;
  g.mean(9) = 1.0 / r.vehicle.payload_ballistic_coefficient_kg_m2;
  g.covariance = Vector<kN>(1, 1, 1, 1e-4, 1e-4, 1e-4, 1e-6, 1e-6, 1e-6, 1e-16).asDiagonal();
  return g;
}

// Known flights from the true states (tiny covariance): one state in the
// boost (launch estimate), one after apogee (type).
TrajectoryType TypeOf(flight::Profile profile, double range_m, std::optional<double> apogee_m,
                      Assessor* assessor, RangeClass* range_class) {
  flight::ReconstructionRequest request;
  request.site = geo::Geodetic::FromDegrees(39.2, 127.5);
  request.azimuth_rad = 80.0 * std::numbers::pi / 180.0;
  request.range_m = range_m;
  request.apogee_m = apogee_m;
  request.profile = profile;
  const flight::Reconstruction r = flight::Reconstruct(request, {.sample_interval_s = 1.0});
  EXPECT_TRUE(r.ok()) << r.error;
  const flight::FlightResult& f = r.flight;
  auto state = [&](size_t k) { return TrueState(r, k); };
  const std::string key = ProfileName(profile) + std::to_string(range_m);
  const UtcTime t0;
  // After burnout, ballistic (boost probability 0), at 40 % and 70 % of the flight.
  const size_t k1 = static_cast<size_t>(0.4 * f.flight_time_s);
  const size_t k2 = static_cast<size_t>(0.7 * f.flight_time_s);
  const TrackAssessment first =
      assessor->Assess(key, state(k1), t0 + Duration::Seconds(f.samples[k1].t_s), 0.0, 0.0, t0);
  std::printf(
      "  first: impact %d height %.1f km, predicted apogee %.1f km\n", first.impact.has_value(),
      geo::HeightAboveEllipsoid(f.samples[k1].ecef_position) / 1e3, first.predicted_apogee_m / 1e3);
  const TrackAssessment a =
      assessor->Assess(key, state(k2), t0 + Duration::Seconds(f.samples[k2].t_s), 0.0, 0.0, t0);
  std::printf("%-16s %6.0f km apogee %7.1f km: assessed apogee %7.1f km, range %6.0f km, %s, %s\n",
              ProfileName(profile), range_m / 1e3, f.apogee_height_m / 1e3,
              a.predicted_apogee_m / 1e3, a.predicted_range_m / 1e3,
              std::string(RangeClassName(a.range_class)).c_str(),
              std::string(TrajectoryTypeName(a.trajectory)).c_str());
  *range_class = a.range_class;
  return a.trajectory;
}

TEST(Assessor, TrajectoryTypeAndRangeClassOfKnownFlights) {
  Assessor assessor;
  RangeClass range_class;
  EXPECT_EQ(TypeOf(flight::Profile::kLofted, 1000e3, 6000e3, &assessor, &range_class),
            TrajectoryType::kLofted);
  EXPECT_EQ(TypeOf(flight::Profile::kMinimumEnergy, 1000e3, std::nullopt, &assessor, &range_class),
            TrajectoryType::kMinimumEnergy);
  EXPECT_EQ(range_class, RangeClass::kMedium);
  EXPECT_EQ(TypeOf(flight::Profile::kDepressed, 1000e3, std::nullopt, &assessor, &range_class),
            TrajectoryType::kDepressed);
  EXPECT_EQ(TypeOf(flight::Profile::kMinimumEnergy, 4000e3, std::nullopt, &assessor, &range_class),
            TrajectoryType::kMinimumEnergy);
  EXPECT_EQ(range_class, RangeClass::kIntermediate);
  EXPECT_EQ(TypeOf(flight::Profile::kMinimumEnergy, 9000e3, std::nullopt, &assessor, &range_class),
            TrajectoryType::kMinimumEnergy);
  EXPECT_EQ(range_class, RangeClass::kIntercontinental);
}

// A manoeuvre is counted only after burnout, and burnout is a significant
// drop of the speed from its peak: on a lofted ICBM's boost, a vague
// early state that overshot the speed (an angles-only track's) followed by
// a precise one that gives the thrust to the manoeuvre mode is no
// manoeuvre; the same precise state a minute after the real burnout is.
TEST(Assessor, AVaguePeakSpeedIsNoBurnout) {
  flight::ReconstructionRequest request;
  request.site = geo::Geodetic::FromDegrees(39.2, 125.7);
  request.azimuth_rad = 71.5 * std::numbers::pi / 180.0;
  request.range_m = 1000e3;
  request.apogee_m = 6000e3;
  request.profile = flight::Profile::kLofted;
  const flight::Reconstruction r = flight::Reconstruct(request, {.sample_interval_s = 1.0});
  ASSERT_TRUE(r.ok()) << r.error;
  const flight::FlightResult& f = r.flight;
  auto state = [&](size_t k, double extra_speed_m_s, double velocity_sigma_m_s) {
    Gaussian<kN> g;
    g.mean.head<3>() = f.samples[k].ecef_position;
    const Eigen::Vector3d v = f.samples[k].ecef_velocity;
    g.mean.segment<3>(3) = v + extra_speed_m_s * v.normalized();
    g.mean.segment<3>(6).setZero();
    g.mean(9) = 1.0 / r.vehicle.payload_ballistic_coefficient_kg_m2;
    const double s2 = velocity_sigma_m_s * velocity_sigma_m_s;
    g.covariance = Vector<kN>(1e4, 1e4, 1e4, s2, s2, s2, 1, 1, 1, 1e-16).asDiagonal();
    return g;
  };
  const UtcTime t0;
  auto at = [&](size_t k) { return t0 + Duration::Seconds(f.samples[k].t_s); };
  ASSERT_GT(f.burnout_time_s, 120.0);
  Assessor assessor;
  // Boost: 500 m/s too fast with σ 200 m/s at 40 s; right with σ 45 m/s
  // at 47 s, the manoeuvre mode the most probable.
  assessor.Assess("vague", state(40, 500.0, 200.0), at(40), 0.9, 0.05, at(40));
  EXPECT_FALSE(
      assessor.Assess("vague", state(47, 0.0, 45.0), at(47), 0.05, 0.9, at(47)).manoeuvre_seen);
  // The same after the real burnout: a manoeuvre.
  const auto burnout = static_cast<size_t>(f.burnout_time_s);
  assessor.Assess("real", state(burnout, 0.0, 45.0), at(burnout), 0.9, 0.05, at(burnout));
  EXPECT_TRUE(assessor
                  .Assess("real", state(burnout + 60, 0.0, 45.0), at(burnout + 60), 0.05, 0.9,
                          at(burnout + 60))
                  .manoeuvre_seen);
}

// Two tracks found to be one missile: the merged history keeps what either
// saw (the first state's time, the launch estimate made in the boost).
TEST(Assessor, AMergedTrackKeepsWhatTheOtherSaw) {
  flight::ReconstructionRequest request;
  request.site = geo::Geodetic::FromDegrees(39.2, 127.5);
  request.azimuth_rad = 80.0 * std::numbers::pi / 180.0;
  request.range_m = 1000e3;
  request.profile = flight::Profile::kMinimumEnergy;
  const flight::Reconstruction r = flight::Reconstruct(request, {.sample_interval_s = 1.0});
  ASSERT_TRUE(r.ok()) << r.error;
  const flight::FlightResult& f = r.flight;
  auto state = [&](size_t k) { return TrueState(r, k); };
  const UtcTime t0;
  auto at = [&](size_t k) { return t0 + Duration::Seconds(f.samples[k].t_s); };
  const auto boost = static_cast<size_t>(0.5 * f.burnout_time_s);
  const auto coast = static_cast<size_t>(0.5 * f.flight_time_s);
  Assessor assessor;
  const TrackAssessment early =
      assessor.Assess("S1", state(boost), at(boost), 0.95, 0.0, at(boost));
  ASSERT_TRUE(early.launch_from_boost);
  const TrackAssessment alone = assessor.Assess("S2", state(coast), at(coast), 0.0, 0.0, at(coast));
  ASSERT_TRUE(alone.launch.has_value());
  ASSERT_FALSE(alone.launch_from_boost);
  assessor.Merge("S1", "S2");
  const TrackAssessment merged =
      assessor.Assess("S2", state(coast + 1), at(coast + 1), 0.0, 0.0, at(coast + 1));
  EXPECT_EQ(merged.first_time, at(boost));
  EXPECT_TRUE(merged.launch_from_boost);
  ASSERT_TRUE(merged.launch.has_value());
  EXPECT_EQ(merged.launch->time, early.launch->time);
  // S1's history is gone: it starts again.
  EXPECT_EQ(assessor.Assess("S1", state(coast), at(coast), 0.0, 0.0, at(coast)).first_time,
            at(coast));
}

TEST(ClassifyRange, Boundaries) {
  EXPECT_EQ(ClassifyRange(999e3), RangeClass::kShort);
  EXPECT_EQ(ClassifyRange(1000e3), RangeClass::kMedium);
  EXPECT_EQ(ClassifyRange(3000e3), RangeClass::kIntermediate);
  EXPECT_EQ(ClassifyRange(5500e3), RangeClass::kIntermediate);
  EXPECT_EQ(ClassifyRange(5501e3), RangeClass::kIntercontinental);
  EXPECT_EQ(RangeClassName(RangeClass::kShort), "short-range");
  EXPECT_EQ(TrajectoryTypeName(TrajectoryType::kLofted), "lofted");
}

TEST(GroupingOptions, DefaultsAreValid) {
  std::string error;
  EXPECT_TRUE(GroupingOptions().IsValid(&error)) << error;
  EXPECT_TRUE(GroupingOptions{.same_missile_distance_m = 0.0}.IsValid(&error)) << error;
}

TEST(GroupingOptions, RejectsOutOfRangeFieldsNamingThem) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto error_of = [](const GroupingOptions& options) {
    std::string error;
    EXPECT_FALSE(options.IsValid(&error));
    return error;
  };
  EXPECT_THAT(error_of({.same_missile_distance_m = -1.0}), HasSubstr("same_missile_distance_m"));
  EXPECT_THAT(error_of({.same_missile_time_s = nan}), HasSubstr("same_missile_time_s"));
  EXPECT_THAT(error_of({.same_missile_impact_m = std::numeric_limits<double>::infinity()}),
              HasSubstr("same_missile_impact_m"));
  EXPECT_THAT(error_of({.same_missile_impact_time_s = -60.0}),
              HasSubstr("same_missile_impact_time_s"));
  EXPECT_THAT(error_of({.event_distance_m = nan}), HasSubstr("event_distance_m"));
  EXPECT_THAT(error_of({.event_gap_s = -1.0}), HasSubstr("event_gap_s"));
  EXPECT_THAT(error_of({.distinct_overlap_s = nan}), HasSubstr("distinct_overlap_s"));
}

// Two system tracks launched 10 s apart from one site onto one impact
// point: one missile if one followed the other (a fragment), two if both
// were tracked over a common span longer than distinct_overlap_s (a close
// salvo), one if their spans are unknown.
TEST(GroupLaunches, TracksThatCoexistedAreTwoMissiles) {
  const UtcTime t0 = UtcTime::Parse("2024-05-30T18:10:00Z");
  auto track = [&](const std::string& id, double launch_s, std::optional<double> first_s,
                   double last_s) {
    TrackAssessment a{.track = id, .time = t0 + Duration::Seconds(last_s)};
    if (first_s) a.first_time = t0 + Duration::Seconds(*first_s);
    a.launch = GroundEstimate{.point = geo::Geodetic::FromDegrees(39.4, 125.6),
                              .time = t0 + Duration::Seconds(launch_s)};
    a.impact = ImpactPrediction{};
    a.impact->estimate = {.point = geo::Geodetic::FromDegrees(40.14, 132.6),
                          .time = t0 + Duration::Seconds(330.0 + launch_s)};
    return a;
  };
  auto missiles = [](const std::vector<TrackAssessment>& tracks) {
    const std::vector<LaunchEvent> events = GroupLaunches(tracks);
    EXPECT_EQ(events.size(), 1u);
    return events.empty() ? 0 : events[0].missile_count;
  };
  EXPECT_EQ(missiles({track("S3", 0, 30, 200), track("S4", 10, 40, 210)}), 2);
  EXPECT_EQ(missiles({track("S3", 0, 30, 100), track("S4", 10, 110, 210)}), 1);
  EXPECT_EQ(missiles({track("S3", 0, 30, 100), track("S4", 10, 85, 210)}), 1);  // 15 s overlap
  EXPECT_EQ(missiles({track("S3", 0, std::nullopt, 200), track("S4", 10, 40, 210)}), 1);
}

TEST(GroupingOptions, NullErrorIsAllowed) {
  EXPECT_FALSE(GroupingOptions{.event_gap_s = -1.0}.IsValid(nullptr));
}

TEST(GroupLaunchesDeathTest, ChecksTheOptions) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(GroupLaunches({}, {.event_gap_s = -1.0}), "event_gap_s");
}

// Events as GroupLaunches returns them (launch order), by their tracks.
std::vector<LaunchEvent> Events(const std::vector<std::vector<std::string>>& tracks) {
  std::vector<LaunchEvent> events;
  for (const auto& members : tracks) events.push_back({.id = "?", .tracks = members});
  return events;
}

std::vector<std::string> Ids(const std::vector<LaunchEvent>& events) {
  std::vector<std::string> ids;
  for (const LaunchEvent& event : events) ids.push_back(event.id);
  return ids;
}

TEST(EventIds, AnEventKeepsItsIdWhenAnEarlierLaunchIsFoundLater) {
  EventIds ids;
  std::vector<LaunchEvent> events = Events({{"S1"}});
  ids.Renumber(events);
  EXPECT_EQ(Ids(events), (std::vector<std::string>{"E1"}));
  // An earlier launch, seen later, sorts first: it is new, E2.
  events = Events({{"S3"}, {"S1", "S2"}});
  ids.Renumber(events);
  EXPECT_EQ(Ids(events), (std::vector<std::string>{"E2", "E1"}));
  // The two merge (one salvo after all): the id most tracks had.
  events = Events({{"S3", "S1", "S2"}});
  ids.Renumber(events);
  EXPECT_EQ(Ids(events), (std::vector<std::string>{"E1"}));
  // … and split again: the event with most of E1's tracks keeps it.
  events = Events({{"S3"}, {"S1", "S2"}});
  ids.Renumber(events);
  EXPECT_EQ(Ids(events), (std::vector<std::string>{"E3", "E1"}));
  // Ids are never reused for a new event once their tracks are gone.
  events = Events({{"S9"}});
  ids.Renumber(events);
  EXPECT_EQ(Ids(events), (std::vector<std::string>{"E4"}));
}

}  // namespace
}  // namespace trilink::assess
