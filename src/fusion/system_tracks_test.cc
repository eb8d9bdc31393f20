#include "trilink/fusion/system_tracks.h"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>

#include "trilink/flight/reconstruct.h"
#include "trilink/geo/wgs84.h"

namespace trilink::fusion {
namespace {

constexpr int kN = tracking::kBallisticStateSize;

const UtcTime kEpoch = UtcTime::FromNanoseconds(1'700'000'000'000'000'000);
UtcTime At(double s) { return kEpoch + Duration::Seconds(s); }

// A missile in ballistic flight: 60 km up over the Sea of Japan, 3 km/s
// eastwards and slightly up.
Vector<kN> TruthAt(double t_s, double east_offset_m = 0.0) {
  const geo::Geodetic start = geo::Geodetic::FromDegrees(39.5, 131.0, 60e3);
  const Eigen::Matrix3d ecef_R_enu =
      geo::EcefRotationFromEnu(start.latitude_rad, start.longitude_rad);
  Vector<kN> x = Vector<kN>::Zero();
  x.head<3>() = geo::GeodeticToEcef(start) + ecef_R_enu * Eigen::Vector3d(east_offset_m, 0, 0);
  x.segment<3>(3) = ecef_R_enu * Eigen::Vector3d(3000.0, 0.0, 1000.0);
  x(9) = 1e-4;
  static const tracking::BallisticMotion motion(tracking::BallisticMotionOptions::Ballistic());
  return motion.Propagate(x, t_s);
}

// A partner's estimate of the truth with covariance diag(σ_r², σ_v², ...),
// its error drawn from that covariance.
LocalTrack Estimate(const std::string& partner, uint64_t number, uint32_t sequence, double t_s,
                    double position_sigma_m, std::mt19937_64& random, double east_offset_m = 0.0) {
  Vector<kN> sigma;
  sigma << Eigen::Vector3d::Constant(position_sigma_m), Eigen::Vector3d::Constant(20.0),
      Eigen::Vector3d::Constant(0.5), 1e-5;
  std::normal_distribution<double> normal;
  Vector<kN> error;
  for (int i = 0; i < kN; ++i) error(i) = sigma(i) * normal(random);
  LocalTrack track{.partner = partner, .number = number, .sequence = sequence, .time = At(t_s)};
  track.state.mean = TruthAt(t_s, east_offset_m) + error;
  track.state.covariance = sigma.array().square().matrix().asDiagonal();
  return track;
}

TEST(CheckLocalTrack, AcceptsAPlausibleTrack) {
  std::mt19937_64 random(1);
  EXPECT_EQ(CheckLocalTrack(Estimate("JP", 1, 1, 0.0, 300.0, random), At(1.0)), std::nullopt);
}

TEST(CheckLocalTrack, RefusesMalformedAndHostileTracks) {
  std::mt19937_64 random(2);
  const LocalTrack good = Estimate("JP", 1, 1, 0.0, 300.0, random);
  auto refused = [&](auto change) {
    LocalTrack track = good;
    change(track);
    return CheckLocalTrack(track, At(0.0)).value_or("");
  };
  EXPECT_EQ(refused([](LocalTrack& t) { t.state.mean(4) = std::nan(""); }),
            "a state or covariance value is not finite");
  EXPECT_EQ(refused([](LocalTrack& t) { t.state.covariance(0, 0) = -1.0; }),
            "covariance not positive definite");
  EXPECT_EQ(refused([](LocalTrack& t) { t.state.covariance(0, 1) = 5.0; }),
            "covariance not symmetric");
  EXPECT_EQ(refused([](LocalTrack& t) { t.time = At(3600.0); }),
            "time of validity 3600 s after the receiver's clock");
  EXPECT_EQ(refused([](LocalTrack& t) { t.time = At(-3600.0); }),
            "time of validity 3600 s before the receiver's clock");
  EXPECT_NE(refused([](LocalTrack& t) { t.state.mean.head<3>() *= 0.5; }).find("inside the Earth"),
            std::string::npos);
  EXPECT_EQ(refused([](LocalTrack& t) { t.partner.clear(); }), "no partner id");
  // Claimed certainty or vagueness no sensor gives: it would dictate the
  // fused state, or overflow its prediction.
  EXPECT_NE(refused([](LocalTrack& t) {
              t.state.covariance.topLeftCorner<3, 3>() *= 1e-300;
            }).find("position sigma"),
            std::string::npos);
  EXPECT_NE(refused([](LocalTrack& t) { t.state.covariance(4, 4) = 1e300; }).find("velocity sigma"),
            std::string::npos);
  EXPECT_NE(refused([](LocalTrack& t) { t.state.mean(7) = 1e6; }).find("acceleration"),
            std::string::npos);
  EXPECT_EQ(refused([](LocalTrack& t) {
              t.state.covariance(4, 4) = 1e12;  // a huge block must not hide an asymmetry
              t.state.covariance(0, 1) = 1e3;
            }),
            "covariance not symmetric");
  EXPECT_EQ(refused([](LocalTrack& t) {
              t.time = UtcTime::FromNanoseconds(std::numeric_limits<int64_t>::min());
            }),
            "time of validity outside 1700–2200");
  EXPECT_EQ(
      refused([](LocalTrack& t) { t.boost_probability = 0.9, t.manoeuvre_probability = 0.3; }),
      "mode probabilities not in [0, 1] or summing above 1");
  EXPECT_EQ(refused([](LocalTrack& t) { t.state.mean.segment<3>(3) = Eigen::Vector3d(2e4, 0, 0); }),
            "speed 20000 m/s");
}

TEST(FusionCentre, RefusedMessagesAreCountedAndNeverFused) {
  FusionCentre fusion;
  std::mt19937_64 random(3);
  LocalTrack bad = Estimate("KR", 1, 1, 0.0, 300.0, random);
  bad.state.covariance(2, 2) = 0.0;
  const FusionCentre::Outcome outcome = fusion.Take(bad, At(0.0));
  EXPECT_EQ(outcome.system, nullptr);
  EXPECT_EQ(outcome.refused, "covariance not positive definite");
  EXPECT_EQ(fusion.counts().refused, 1);
  EXPECT_TRUE(fusion.tracks().empty());
}

TEST(FusionCentre, TwoPartnersOfOneMissileMakeOneSystemTrack) {
  FusionCentre fusion;
  std::mt19937_64 random(4);
  int both = 0;
  for (int k = 0; k < 20; ++k) {
    const double t = k;
    const LocalTrack jp = Estimate("JP", 7, k + 1, t, 300.0, random);
    const LocalTrack kr = Estimate("KR", 2, k + 1, t + 0.4, 900.0, random);
    ASSERT_NE(fusion.Take(jp, At(t)).system, nullptr);
    const SystemTrack* system = fusion.Take(kr, At(t + 0.4)).system;
    ASSERT_NE(system, nullptr);
    EXPECT_EQ(system->number, 1u);
    both += system->fused.size() == 2u;
    // Never less certain than the better partner predicted to the same time.
    // (JP's, 3 × 300², carried over 0.4 s, grows by 3 × (20 × 0.4)² and a
    // little process noise).
    const double trace = system->state.covariance.topLeftCorner<3, 3>().trace();
    EXPECT_LE(trace, 3.0 * 300.0 * 300.0 + 3.0 * 8.0 * 8.0 + 100.0);
  }
  // Both fused, but where the two consistent estimates happen to lie
  // beyond the consistency gate (χ²(3) at 0.99: one update in a hundred;
  // here one of 20).
  EXPECT_GE(both, 18);
  ASSERT_EQ(fusion.tracks().size(), 1u);
  EXPECT_EQ(fusion.tracks()[0].contributors, (std::vector<std::string>{"JP/7", "KR/2"}));
  EXPECT_EQ(fusion.counts().births, 1);
  EXPECT_EQ(fusion.counts().joins, 1);
}

TEST(FusionCentre, ATrackInconsistentWithTheMostPreciseIsNotFused) {
  // KR's track drifts 3 km off (a lag) for a while: d² ≈ 69 from JP's
  // (σ 300 and 200 m), beyond the consistency gate (11.34), within the
  // split gate (100) and distance (10 km): no split.
  FusionCentre fusion;
  std::mt19937_64 random(23);
  for (int k = 0; k < 15; ++k) {
    const double t = k;
    const bool off = k >= 5 && k < 10;
    fusion.Take(Estimate("JP", 1, k + 1, t, 300.0, random), At(t));
    const SystemTrack* system =
        fusion.Take(Estimate("KR", 2, k + 1, t, 200.0, random, off ? 3e3 : 0.0), At(t)).system;
    ASSERT_NE(system, nullptr);
    EXPECT_EQ(system->contributors.size(), 2u);
    // KR's is the more precise: JP's is left out while KR's is off.
    EXPECT_EQ(system->fused.size(), off ? 1u : 2u) << "at " << k;
    if (off) {
      EXPECT_EQ(system->fused.front(), "KR/2");
    }
  }
  EXPECT_EQ(fusion.tracks().size(), 1u);
  EXPECT_EQ(fusion.counts().splits, 0);
}

TEST(FusionCentre, AFragmentAfterAGapJoinsItsSystemTrack) {
  FusionCentre fusion;
  std::mt19937_64 random(5);
  for (int k = 0; k < 10; ++k) fusion.Take(Estimate("JP", 1, k + 1, k, 300.0, random), At(k));
  LocalTrack last = Estimate("JP", 1, 11, 9.0, 300.0, random);
  last.ended = true;
  fusion.Take(last, At(10.0));
  // The partner's tracker starts a new track of the same missile 90 s later.
  for (int k = 0; k < 5; ++k) {
    const double t = 100.0 + k;
    const SystemTrack* system =
        fusion.Take(Estimate("JP", 4, k + 1, t, 300.0, random), At(t)).system;
    ASSERT_NE(system, nullptr);
    EXPECT_EQ(system->number, 1u);
  }
  EXPECT_EQ(fusion.tracks().size(), 1u);
  EXPECT_EQ(fusion.tracks()[0].contributors, (std::vector<std::string>{"JP/1", "JP/4"}));
}

TEST(FusionCentre, DuplicateTracksOfOnePartnerAreOneMissile) {
  // A partner's tracker holding two tracks of one missile (two radars'
  // tracks started before they met): one system track.
  FusionCentre fusion;
  std::mt19937_64 random(6);
  for (int k = 0; k < 5; ++k) {
    fusion.Take(Estimate("JP", 1, k + 1, k, 300.0, random), At(k));
    fusion.Take(Estimate("JP", 2, k + 1, k, 300.0, random), At(k));
  }
  EXPECT_EQ(fusion.tracks().size(), 1u);
}

TEST(FusionCentre, TwoSystemTracksOfOneBallisticMissileAreMerged) {
  // KR's track starts 40 km off (born as a system track of its own), then
  // holds the missile as JP's does; it claims a boost for its first 20 s.
  FusionCentre fusion;
  std::mt19937_64 random(21);
  int merged_at = -1;
  for (int k = 0; k < 40; ++k) {
    const double t = k;
    fusion.Take(Estimate("JP", 1, k + 1, t, 300.0, random), At(t));
    LocalTrack kr = Estimate("KR", 5, k + 1, t + 0.5, 300.0, random, k < 3 ? 40e3 : 0.0);
    kr.boost_probability = k < 20 ? 0.9 : 0.0;
    const FusionCentre::Outcome outcome = fusion.Take(kr, At(t + 0.5));
    ASSERT_NE(outcome.system, nullptr);
    if (outcome.merged != nullptr) {
      EXPECT_EQ(merged_at, -1) << "merged twice";
      merged_at = k;
      EXPECT_EQ(outcome.merged->number, 2u);
      EXPECT_EQ(outcome.system->number, 1u);
    }
    if (merged_at >= 0) {
      EXPECT_EQ(outcome.system->number, 1u);
    }
  }
  // Not while it boosts; at the third fusion after (JP's or KR's).
  EXPECT_GE(merged_at, 20);
  EXPECT_LE(merged_at, 22);
  ASSERT_EQ(fusion.tracks().size(), 2u);
  EXPECT_EQ(fusion.tracks()[1].merged_into, 1u);
  EXPECT_TRUE(fusion.tracks()[1].ended);
  EXPECT_FALSE(fusion.tracks()[0].ended);
  EXPECT_EQ(fusion.tracks()[0].contributors, (std::vector<std::string>{"JP/1", "KR/5"}));
  EXPECT_EQ(fusion.tracks()[0].fused.size(), 2u);
  EXPECT_EQ(fusion.counts().merges, 1);
}

TEST(FusionCentre, TwoSystemTracksOfOneMissileAreMergedWhenOneReportsLate) {
  // As above, KR's track's time of validity 7 s behind JP's (a late
  // partner): its fusions come before the fusion centre's newest time.
  FusionCentre fusion;
  std::mt19937_64 random(24);
  for (int k = 10; k < 50; ++k) {
    const double t = k;
    fusion.Take(Estimate("JP", 1, k + 1, t, 300.0, random), At(t));
    fusion.Take(Estimate("KR", 5, k + 1, t - 7.0, 300.0, random, k < 13 ? 40e3 : 0.0), At(t));
  }
  EXPECT_EQ(fusion.counts().merges, 1);
  ASSERT_EQ(fusion.tracks().size(), 2u);
  EXPECT_EQ(fusion.tracks()[1].merged_into, 1u);
}

TEST(FusionCentre, NeighbouringMissilesAreNotMerged) {
  // Two missiles on parallel paths 8 km apart (within split_distance_m),
  // and a third on the first's path 10 s behind it (a close salvo):
  // precise tracks of each stay apart.
  FusionCentre fusion;
  std::mt19937_64 random(22);
  for (int k = 0; k < 60; ++k) {
    const double t = k;
    fusion.Take(Estimate("JP", 1, k + 1, t, 300.0, random), At(t));
    fusion.Take(Estimate("JP", 2, k + 1, t, 300.0, random, 8e3), At(t));
    LocalTrack behind = Estimate("KR", 3, k + 1, t, 300.0, random);
    behind.state.mean = TruthAt(t - 10.0) + (behind.state.mean - TruthAt(t));
    fusion.Take(behind, At(t));
  }
  ASSERT_EQ(fusion.tracks().size(), 3u);
  EXPECT_EQ(fusion.counts().merges, 0);
  for (const SystemTrack& system : fusion.tracks()) EXPECT_EQ(system.contributors.size(), 1u);
}

TEST(FusionCentre, MissilesFarApartAreNotJoined) {
  FusionCentre fusion;
  std::mt19937_64 random(7);
  for (int k = 0; k < 5; ++k) {
    fusion.Take(Estimate("JP", 1, k + 1, k, 300.0, random), At(k));
    fusion.Take(Estimate("KR", 1, k + 1, k, 300.0, random, 30e3), At(k));
  }
  EXPECT_EQ(fusion.tracks().size(), 2u);
}

TEST(FusionCentre, AWrongJoinIsUndone) {
  // KR's track starts (vague) where JP's missile is, then its estimate
  // settles on another missile 40 km east: it leaves S1 after split_after
  // updates and gets a system track of its own.
  FusionCentre fusion({.split_after = 3});
  std::mt19937_64 random(8);
  for (int k = 0; k < 10; ++k) {
    fusion.Take(Estimate("JP", 1, k + 1, k, 300.0, random), At(k));
    const bool vague = k == 0;
    LocalTrack kr = Estimate("KR", 5, k + 1, k, vague ? 20e3 : 300.0, random, 40e3);
    fusion.Take(kr, At(k));
  }
  ASSERT_EQ(fusion.tracks().size(), 2u);
  EXPECT_EQ(fusion.counts().splits, 1);
  EXPECT_EQ(fusion.tracks()[0].contributors, std::vector<std::string>{"JP/1"});
  EXPECT_EQ(fusion.tracks()[1].contributors, std::vector<std::string>{"KR/5"});
}

// Two missiles 60 km apart, each with a precise JP track; US's vague track
// (σ 11 km) starts on the first and swaps to the second at t = 10 s (as an
// infrared tracker does in a close salvo). A stray update alone does not
// move it; after split_after updates nearer the second system track it
// moves there, and neither system track's identity changes.
TEST(FusionCentre, AVagueTrackThatSwappedMovesToTheMissileItFollows) {
  FusionCentre fusion({.split_after = 3});
  std::mt19937_64 random(13);
  auto step = [&](int k, double us_offset_m) {
    fusion.Take(Estimate("JP", 1, k + 1, k, 300.0, random), At(k));
    fusion.Take(Estimate("JP", 2, k + 1, k, 300.0, random, 60e3), At(k));
    fusion.Take(Estimate("US", 7, k + 1, k, 11e3, random, us_offset_m), At(k));
  };
  for (int k = 0; k < 10; ++k) step(k, k == 5 ? 60e3 : 0.0);  // one stray update
  EXPECT_EQ(fusion.counts().moves, 0);
  EXPECT_EQ(fusion.tracks()[0].contributors, (std::vector<std::string>{"JP/1", "US/7"}));
  for (int k = 10; k < 15; ++k) step(k, 60e3);
  EXPECT_EQ(fusion.counts().moves, 1);
  EXPECT_EQ(fusion.counts().splits, 0);
  ASSERT_EQ(fusion.tracks().size(), 2u);
  EXPECT_EQ(fusion.tracks()[0].contributors, std::vector<std::string>{"JP/1"});
  EXPECT_EQ(fusion.tracks()[1].contributors, (std::vector<std::string>{"JP/2", "US/7"}));
}

// A vague track that started a system track (first seen by infrared) and a
// precise one that joined it later disagree: the vague one leaves, the
// system track keeps the precise one.
TEST(FusionCentre, WhenContributorsDisagreeTheVagueOneLeaves) {
  FusionCentre fusion({.split_after = 3});
  std::mt19937_64 random(14);
  for (int k = 0; k < 10; ++k) {
    // US's track jumps 200 km east (σ 12 km): outside the split gate.
    fusion.Take(Estimate("US", 3, k + 1, k, 12e3, random, k < 3 ? 0.0 : 200e3), At(k));
    fusion.Take(Estimate("KR", 5, k + 1, k, 300.0, random), At(k));
  }
  EXPECT_EQ(fusion.counts().splits, 1);
  EXPECT_EQ(fusion.tracks()[0].contributors, std::vector<std::string>{"KR/5"});
}

TEST(FusionCentre, RepeatedAndOlderUpdatesAreIgnored) {
  FusionCentre fusion;
  std::mt19937_64 random(9);
  const LocalTrack second = Estimate("JP", 1, 2, 1.0, 300.0, random);
  fusion.Take(second, At(1.0));
  fusion.Take(second, At(1.0));
  fusion.Take(Estimate("JP", 1, 1, 0.0, 300.0, random), At(1.0));
  EXPECT_EQ(fusion.counts().taken, 1);
  EXPECT_EQ(fusion.counts().repeated, 2);
}

TEST(FusionCentre, ARestartedPartnersTracksStartAfresh) {
  FusionCentre fusion;
  std::mt19937_64 random(11);
  for (int k = 0; k < 5; ++k) {
    LocalTrack track = Estimate("KR", 1, k + 100, k, 300.0, random);
    track.incarnation = 1;
    fusion.Take(track, At(k));
  }
  // KR's node restarts: its track 1 (sequence 1) is another missile, 50 km east.
  LocalTrack again = Estimate("KR", 1, 1, 6.0, 300.0, random, 50e3);
  again.incarnation = 2;
  const FusionCentre::Outcome outcome = fusion.Take(again, At(6.0));
  ASSERT_NE(outcome.system, nullptr);
  EXPECT_EQ(outcome.system->number, 2u);
  EXPECT_EQ(fusion.counts().repeated, 0);
  EXPECT_TRUE(fusion.tracks()[0].contributors.empty());
}

TEST(FusionCentre, SilentSystemTracksEnd) {
  // A missile under thrust, then one manoeuvring: neither can be carried
  // over a silence of max_gap_s.
  for (const auto& [boost, manoeuvre] : {std::pair(0.9, 0.0), std::pair(0.0, 0.9)}) {
    FusionCentre fusion({.max_gap_s = 60.0});
    std::mt19937_64 random(10);
    LocalTrack track = Estimate("JP", 1, 1, 0.0, 300.0, random);
    track.boost_probability = boost;
    track.manoeuvre_probability = manoeuvre;
    fusion.Take(track, At(0.0));
    fusion.Expire(At(59.0));
    EXPECT_FALSE(fusion.tracks()[0].ended);
    fusion.Expire(At(61.0));
    EXPECT_TRUE(fusion.tracks()[0].ended);
    // A track that comes after the end is a new missile.
    fusion.Take(Estimate("JP", 1, 2, 61.0, 300.0, random), At(61.0));
    EXPECT_EQ(fusion.tracks().size(), 2u);
  }
}

// When the test missile of TruthAt reaches the ground (s).
double TrueFall() {
  double t = 0.0;
  while (geo::HeightAboveEllipsoid(TruthAt(t).head<3>()) > 0.0) t += 0.5;
  return t;
}

TEST(FusionCentre, ABallisticSystemTrackStaysOpenUntilItsPredictedFall) {
  const double fall = TrueFall();
  ASSERT_GT(fall, 200.0);  // the test needs a coast longer than max_gap_s
  FusionCentre fusion({.max_gap_s = 60.0});
  std::mt19937_64 random(11);
  fusion.Take(Estimate("JP", 1, 1, 0.0, 300.0, random), At(0.0));
  fusion.Expire(At(100.0));
  const SystemTrack& system = fusion.tracks()[0];
  EXPECT_FALSE(system.ended);
  ASSERT_TRUE(system.fall.has_value());
  EXPECT_NEAR((*system.fall - At(0.0)).seconds(), fall, 15.0);  // 10 s search steps
  // Seen again on the way down, 140 s after the last update: the same
  // missile; a track 100 km away is another.
  fusion.Take(Estimate("KR", 2, 1, fall - 20.0, 300.0, random), At(fall - 20.0));
  fusion.Take(Estimate("KR", 3, 1, fall - 20.0, 300.0, random, 100e3), At(fall - 20.0));
  ASSERT_EQ(fusion.tracks().size(), 2u);
  EXPECT_EQ(fusion.tracks()[0].contributors, (std::vector<std::string>{"JP/1", "KR/2"}));
  EXPECT_FALSE(fusion.tracks()[0].fall.has_value());  // no longer silent
}

TEST(FusionCentre, ABallisticSystemTrackEndsAfterItsPredictedFall) {
  FusionCentre fusion({.max_gap_s = 60.0});
  std::mt19937_64 random(12);
  fusion.Take(Estimate("JP", 1, 1, 0.0, 300.0, random), At(0.0));
  const double fall = TrueFall();
  // The fall is searched in 10 s steps from an estimate 20 m/s off.
  fusion.Expire(At(fall - 30.0));
  EXPECT_FALSE(fusion.tracks()[0].ended);
  fusion.Expire(At(fall + 30.0));
  EXPECT_TRUE(fusion.tracks()[0].ended);
}

TEST(FusionCentre, ForgetsTheLocalTracksOfEndedSystemTracksOnceTooOldToFuse) {
  FusionCentre fusion({.max_gap_s = 60.0});
  std::mt19937_64 random(12);
  const LocalTrack first = Estimate("JP", 1, 1, 0.0, 300.0, random);
  fusion.Take(first, At(0.0));
  fusion.Take(Estimate("KR", 4, 1, 100.0, 300.0, random, 300e3), At(100.0));
  EXPECT_EQ(fusion.local_tracks(), 2u);
  const double max_age_s = fusion.options().checks.max_age_s;
  fusion.Expire(At(max_age_s - 1.0));  // JP/1's system track ended; JP/1 still fusable
  EXPECT_TRUE(fusion.tracks()[0].ended);
  EXPECT_EQ(fusion.local_tracks(), 2u);
  fusion.Expire(At(max_age_s + 20.0));
  EXPECT_EQ(fusion.local_tracks(), 1u);  // KR/4 still within max_age_s
  // A replay of the forgotten track is refused as too old, not fused.
  EXPECT_TRUE(fusion.Take(first, At(max_age_s + 20.0)).refused.has_value());
  fusion.Expire(At(max_age_s + 120.0));
  EXPECT_EQ(fusion.local_tracks(), 0u);
  EXPECT_EQ(fusion.tracks().size(), 2u);  // the record stays
}

}  // namespace
}  // namespace trilink::fusion

namespace trilink::fusion {
namespace {

// Association over a gap with the real flight model: a 1000 km
// minimum-energy flight's own state 60 s on joins its system track; the
// same flight launched 60 s later, or 5° aside, does not.
TEST(FusionCentre, JoinsAFlightToItselfAndNotToItsNeighbours) {
  auto flight_towards = [](double azimuth_deg) {
    flight::ReconstructionRequest request;
    request.site = geo::Geodetic::FromDegrees(39.2, 127.5);
    request.azimuth_rad = azimuth_deg * std::numbers::pi / 180.0;
    request.range_m = 1000e3;
    request.profile = flight::Profile::kMinimumEnergy;
    const flight::Reconstruction r = flight::Reconstruct(request, {.sample_interval_s = 1.0});
    EXPECT_TRUE(r.ok()) << r.error;
    return r;
  };
  const flight::Reconstruction main = flight_towards(80.0), beside = flight_towards(85.0);
  // A radar track's accuracy: σ 300 m in position, 20 m/s in velocity.
  auto track = [](const std::string& partner, uint64_t number, const flight::Reconstruction& r,
                  size_t sample, double at_s) {
    LocalTrack t{.partner = partner, .number = number, .sequence = 1, .time = At(at_s)};
    t.state.mean.head<3>() = r.flight.samples[sample].ecef_position;
    t.state.mean.segment<3>(3) = r.flight.samples[sample].ecef_velocity;
    t.state.mean(9) = 1.0 / r.vehicle.payload_ballistic_coefficient_kg_m2;
    t.state.covariance =
        Vector<kN>(9e4, 9e4, 9e4, 400, 400, 400, 1e-2, 1e-2, 1e-2, 1e-10).asDiagonal();
    return t;
  };
  const size_t k = static_cast<size_t>(0.4 * main.flight.flight_time_s);
  const double t = static_cast<double>(k);
  FusionCentre fusion;
  LocalTrack first = track("JP", 1, main, k, t);
  fusion.Take(first, At(t));
  first.sequence = 2;
  first.ended = true;  // lost by its tracker
  fusion.Take(first, At(t + 1.0));
  const auto number_of = [&](const LocalTrack& later) {
    const FusionCentre::Outcome outcome = fusion.Take(later, At(t + 60.0));
    EXPECT_NE(outcome.system, nullptr);
    return outcome.system ? outcome.system->number : 0;
  };
  EXPECT_EQ(number_of(track("JP", 2, main, k + 60, t + 60.0)), 1u);    // its fragment
  EXPECT_EQ(number_of(track("JP", 3, main, k, t + 60.0)), 2u);         // launched 60 s later
  EXPECT_EQ(number_of(track("KR", 1, beside, k + 60, t + 60.0)), 3u);  // 5° aside
}

}  // namespace
}  // namespace trilink::fusion
