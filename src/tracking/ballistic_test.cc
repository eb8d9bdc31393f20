#include "trilink/tracking/ballistic.h"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <cmath>
#include <vector>

#include "trilink/core/random.h"
#include "trilink/core/units.h"
#include "trilink/flight/trajectory.h"
#include "trilink/flight/vehicle.h"
#include "trilink/geo/wgs84.h"
#include "trilink/sensors/radar.h"

namespace trilink::tracking {
namespace {

using Eigen::Matrix3d;
using Eigen::Vector3d;

constexpr int kNumTrials = 12;
constexpr BallisticMode kModes[] = {BallisticMode::kBoost, BallisticMode::kBallistic,
                                    BallisticMode::kManoeuvre};

// A seeded state at a height in [low, high] (m), speed in [1, max] km/s.
BallisticVector RandomState(RandomStream& random, double low_m, double high_m,
                            double max_speed_m_s) {
  const geo::Geodetic point{std::asin(random.Uniform(-1.0, 1.0)), random.Uniform(-3.14, 3.14),
                            random.Uniform(low_m, high_m)};
  BallisticVector x;
  x.segment<3>(kBallisticPosition) = geo::GeodeticToEcef(point);
  x.segment<3>(kBallisticVelocity) =
      Vector3d(random.Normal(), random.Normal(), random.Normal()).normalized() *
      random.Uniform(1000.0, max_speed_m_s);
  x.segment<3>(kBallisticAcceleration) =
      Vector3d(random.Normal(), random.Normal(), random.Normal()) * 20.0;
  x(kBallisticInverseCoefficient) = random.Uniform(2e-5, 2e-4);
  return x;
}

// The worst relative error of a transition matrix against central
// differences of Propagate, column by column (each column scaled by its
// own size, with a floor for columns that are zero).
double TransitionError(const BallisticMotion& motion, const BallisticVector& x, double dt) {
  BallisticMatrix analytic;
  motion.Propagate(x, dt, &analytic);
  BallisticVector step;
  step << 1.0, 1.0, 1.0, 1e-2, 1e-2, 1e-2, 1e-2, 1e-2, 1e-2, 1e-3 * x(9);
  // Rows in comparable units: metres, m/s, m/s², κ relative.
  BallisticVector row_scale;
  row_scale << 1.0, 1.0, 1.0, 10.0, 10.0, 10.0, 100.0, 100.0, 100.0, 1e5;
  double worst = 0.0;
  for (int j = 0; j < kBallisticStateSize; ++j) {
    BallisticVector plus = x, minus = x;
    plus(j) += step(j);
    minus(j) -= step(j);
    const BallisticVector numeric =
        (motion.Propagate(plus, dt) - motion.Propagate(minus, dt)) / (2.0 * step(j));
    const BallisticVector difference =
        (analytic.col(j) - numeric).cwiseProduct(row_scale) * step(j);
    const double size = std::max(numeric.cwiseProduct(row_scale).norm() * step(j), 1e-6);
    worst = std::max(worst, difference.norm() / size);
  }
  return worst;
}

TEST(BallisticMotion, TransitionMatchesCentralDifferences) {
  RandomStream random(31, "ballistic-transition");
  for (BallisticMode mode : kModes) {
    const BallisticMotion motion(BallisticMotionOptions::ForMode(mode));
    for (int trial = 0; trial < kNumTrials; ++trial) {
      // Even trials in the atmosphere (re-entry speeds), odd ones above it.
      const bool in_air = trial % 2 == 0;
      const BallisticVector x = in_air ? RandomState(random, 15e3, 80e3, 4000.0)
                                       : RandomState(random, 150e3, 1000e3, 7000.0);
      for (double dt : {1.0, -1.0, 5.0, -5.0}) {
        EXPECT_LT(TransitionError(motion, x, dt), 1e-5)
            << BallisticModeName(mode) << " dt " << dt << " x " << x.transpose();
      }
    }
  }
}

TEST(BallisticMotion, BallisticModeResetsTheExtraAcceleration) {
  RandomStream random(32, "ballistic-reset");
  const BallisticMotion motion(BallisticMotionOptions::Ballistic());
  const BallisticVector x = RandomState(random, 30e3, 60e3, 3000.0);
  BallisticMatrix transition;
  const BallisticVector moved = motion.Propagate(x, 2.0, &transition);
  EXPECT_EQ(moved.segment<3>(kBallisticAcceleration), Vector3d::Zero());
  EXPECT_EQ(transition.middleRows<3>(kBallisticAcceleration),
            (Eigen::Matrix<double, 3, 10>::Zero()));
  // a does not move r or v.
  EXPECT_EQ((transition.block<6, 3>(0, kBallisticAcceleration)),
            (Eigen::Matrix<double, 6, 3>::Zero()));
  const BallisticMatrix noise = motion.ProcessNoise(x, 2.0);
  EXPECT_DOUBLE_EQ(noise(6, 6), 1e-6);
  // Δt = 0 changes nothing.
  EXPECT_EQ(motion.Propagate(x, 0.0, &transition), x);
  EXPECT_EQ(transition, BallisticMatrix::Identity());
}

TEST(BallisticMotion, RetrodictionUndoesPrediction) {
  RandomStream random(33, "ballistic-retrodiction");
  for (BallisticMode mode : {BallisticMode::kBoost, BallisticMode::kManoeuvre}) {
    const BallisticMotion motion(BallisticMotionOptions::ForMode(mode));
    for (int trial = 0; trial < kNumTrials; ++trial) {
      const BallisticVector x = RandomState(random, 20e3, 300e3, 4000.0);
      BallisticMatrix forward, backward;
      const BallisticVector x1 = motion.Propagate(x, 7.0, &forward);
      const BallisticVector x0 = motion.Propagate(x1, -7.0, &backward);
      // RK4's local error O(h⁵) does not cancel exactly backwards.
      EXPECT_LT((x0 - x).head<3>().norm(), 1e-3);
      // Φ(−Δt) Φ(Δt) = I, compared in scaled units (m, 0.1 m/s, 0.01 m/s²,
      // 1e-5 m²/kg) and relative to ‖Φ(−Δt)‖ ‖Φ(Δt)‖: deep in the atmosphere
      // drag makes the 1/β column large, and RK4's truncation error in the
      // variational equations leaves about 2e-9 of it (GCC and clang alike).
      // (TransitionMatchesCentralDifferences checks Φ itself.)
      BallisticVector scale;
      scale << 1.0, 1.0, 1.0, 10.0, 10.0, 10.0, 100.0, 100.0, 100.0, 1e5;
      auto scaled = [&](const BallisticMatrix& m) -> BallisticMatrix {
        return scale.asDiagonal() * m * scale.cwiseInverse().asDiagonal();
      };
      const BallisticMatrix error = scaled(backward * forward) - BallisticMatrix::Identity();
      EXPECT_LT(error.norm(), 1e-8 * scaled(forward).norm() * scaled(backward).norm());
    }
  }
}

TEST(BallisticMotion, ProcessNoiseIsSymmetricPositiveSemiDefinite) {
  RandomStream random(34, "ballistic-noise");
  for (BallisticMode mode : kModes) {
    const BallisticMotion motion(BallisticMotionOptions::ForMode(mode));
    for (int trial = 0; trial < kNumTrials; ++trial) {
      const BallisticVector x = trial % 2 == 0 ? RandomState(random, 15e3, 80e3, 4000.0)
                                               : RandomState(random, 150e3, 1000e3, 7000.0);
      for (double dt : {0.3, 1.0, -1.0, 5.0, -5.0, 30.0}) {
        const BallisticMatrix q = motion.ProcessNoise(x, dt);
        EXPECT_EQ(q, q.transpose());
        const Eigen::SelfAdjointEigenSolver<BallisticMatrix> eigen(q);
        EXPECT_GE(eigen.eigenvalues().minCoeff(), -1e-12 * eigen.eigenvalues().maxCoeff())
            << BallisticModeName(mode) << " dt " << dt;
        if (mode == BallisticMode::kBallistic) {
          // Positive definite thanks to the floor on a... except κ, r, v
          // are driven; the whole matrix is definite.
          EXPECT_GT(eigen.eigenvalues().minCoeff(), 0.0);
        }
      }
    }
  }
}

TEST(BallisticMotion, PropagateWithNoiseIsPropagateAndProcessNoise) {
  RandomStream random(35, "ballistic-propagate-with-noise");
  for (BallisticMode mode : kModes) {
    const BallisticMotion motion(BallisticMotionOptions::ForMode(mode));
    const MotionModel<kBallisticStateSize>& model = motion;  // through the interface
    for (int trial = 0; trial < kNumTrials; ++trial) {
      const BallisticVector x = trial % 2 == 0 ? RandomState(random, 15e3, 80e3, 4000.0)
                                               : RandomState(random, 150e3, 1000e3, 7000.0);
      for (double dt : {0.0, 0.3, -1.0, 2.5}) {
        BallisticMatrix transition, noise, expected_transition;
        const BallisticVector moved = model.PropagateWithNoise(x, dt, &transition, &noise);
        EXPECT_EQ(moved, motion.Propagate(x, dt, &expected_transition));
        EXPECT_EQ(transition, expected_transition);
        EXPECT_EQ(noise, motion.ProcessNoise(x, dt)) << BallisticModeName(mode) << " dt " << dt;
      }
    }
  }
}

// Far above the atmosphere the gravity gradient barely shapes Q over a few
// seconds, so the position block is the white-noise-jerk model's:
//   Q_rr = q_a Δt⁵ / 20 + q_v Δt³ / 3,  Q_vv = q_a Δt³ / 3 + q_v Δt,  Q_aa = q_a Δt.
TEST(BallisticMotion, ProcessNoiseReducesToTheKinematicModel) {
  const BallisticMotionOptions options = BallisticMotionOptions::Boost();
  const BallisticMotion motion(options);
  BallisticVector x = BallisticVector::Zero();
  x.head<3>() = Vector3d(0.0, 0.0, 9e6);
  x.segment<3>(3) = Vector3d(1000.0, 0.0, 0.0);
  const double qa = options.acceleration_noise_density;
  const double qv = options.velocity_noise_density;
  for (double dt : {1.0, 3.0, -3.0}) {
    const double t = std::abs(dt);
    const BallisticMatrix q = motion.ProcessNoise(x, dt);
    EXPECT_NEAR(q(0, 0), qa * std::pow(t, 5) / 20 + qv * t * t * t / 3, 1e-3 * q(0, 0));
    EXPECT_NEAR(q(3, 3), qa * t * t * t / 3 + qv * t, 1e-3 * q(3, 3));
    EXPECT_NEAR(q(6, 6), qa * t, 1e-9 * q(6, 6));
    EXPECT_NEAR(std::abs(q(0, 6)), qa * t * t * t / 6, 1e-3 * std::abs(q(0, 6)));
  }
}

// The standard test flight: the generic one-stage vehicle from the Wonsan
// area, eastbound, ballistic, with 1 s truth samples.
const flight::Vehicle& TestVehicle() {
  static const flight::Vehicle vehicle = flight::Vehicle::Generic(4000.0);
  return vehicle;
}

flight::FlightResult Fly(double lift_to_drag) {
  flight::FlightOptions options;
  options.sample_interval_s = 1.0;
  return flight::SimulateFlight(geo::Geodetic::FromDegrees(39.2, 127.5), TestVehicle(),
                                {.heading_rad = DegToRad(75.0),
                                 .propellant_load = 0.8,
                                 .pitch_over_rad = DegToRad(20.0),
                                 .lift_to_drag = lift_to_drag},
                                options);
}

const flight::FlightResult& TestFlight() {
  static const flight::FlightResult result = Fly(0.0);
  return result;
}

// The same missile with a quasi-ballistic glide (L/D 2 from apogee).
const flight::FlightResult& GlideFlight() {
  static const flight::FlightResult result = Fly(2.0);
  return result;
}

BallisticVector TruthState(const flight::FlightSample& sample, double kappa) {
  BallisticVector x = BallisticVector::Zero();
  x.segment<3>(kBallisticPosition) = sample.ecef_position;
  x.segment<3>(kBallisticVelocity) = sample.ecef_velocity;
  x(kBallisticInverseCoefficient) = kappa;
  return x;
}

// One physics: the ballistic model's Propagate reproduces the simulator's
// coast (RK4 with 1 s steps against Dormand–Prince at 1e-9), forwards and
// backwards over 1 to 60 s. Above 30 km the two agree to centimetres; in the
// last seconds before impact, where the drag changes fastest, RK4's
// 1 s steps leave decimetres forwards and metres backwards (backward
// integration through drag is unstable), shrinking with the step.
TEST(BallisticMotion, AgreesWithTheSimulatorInCoast) {
  const flight::FlightResult& flight = TestFlight();
  ASSERT_EQ(flight.end, flight::FlightEnd::kImpact);
  const double kappa = 1.0 / TestVehicle().payload_ballistic_coefficient_kg_m2;
  const BallisticMotion motion(BallisticMotionOptions::Ballistic());
  const auto& samples = flight.samples;
  auto height = [](const flight::FlightSample& sample) {
    return geo::HeightAboveEllipsoid(sample.ecef_position);
  };
  double worst_high_position = 0.0, worst_high_velocity = 0.0;
  double worst_forward_position = 0.0, worst_position = 0.0;
  int compared = 0;
  for (size_t i = 0; i < samples.size(); ++i) {
    if (samples[i].t_s < flight.burnout_time_s + 1.0) continue;
    for (int dt : {1, 5, 20, 60}) {
      for (int sign : {1, -1}) {
        const long j = static_cast<long>(i) + sign * dt;
        if (j < 0 || j >= static_cast<long>(samples.size()) ||
            samples[j].t_s < flight.burnout_time_s + 1.0) {
          continue;
        }
        const BallisticVector predicted =
            motion.Propagate(TruthState(samples[i], kappa), samples[j].t_s - samples[i].t_s);
        const double position_error = (predicted.head<3>() - samples[j].ecef_position).norm();
        const double velocity_error = (predicted.segment<3>(3) - samples[j].ecef_velocity).norm();
        worst_position = std::max(worst_position, position_error);
        if (sign > 0) worst_forward_position = std::max(worst_forward_position, position_error);
        if (std::min(height(samples[i]), height(samples[j])) > 30e3) {
          worst_high_position = std::max(worst_high_position, position_error);
          worst_high_velocity = std::max(worst_high_velocity, velocity_error);
        }
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 1000);
  EXPECT_LT(worst_high_position, 0.05) << "m";
  EXPECT_LT(worst_high_velocity, 1e-3) << "m/s";
  EXPECT_LT(worst_forward_position, 2.0) << "m";
  EXPECT_LT(worst_position, 10.0) << "m";
  std::printf(
      "coast agreement over %d pairs: above 30 km %.1e m, %.1e m/s; forward %.2f m; all %.2f m\n",
      compared, worst_high_position, worst_high_velocity, worst_forward_position, worst_position);
}

// A radar on the coast south-east of the launch, measuring range, azimuth,
// elevation and range-rate.
sensors::RadarMeasurement<kBallisticStateSize> TestRadar() {
  sensors::RadarConfig config;
  config.site = geo::Geodetic::FromDegrees(38.0, 129.0, 100.0);
  config.measures = {true, true, true, true};
  config.range_sigma_m = 20.0;
  config.azimuth_sigma_rad = 1e-3;
  config.elevation_sigma_rad = 1e-3;
  config.range_rate_sigma_m_s = 2.0;
  return sensors::RadarMeasurement<kBallisticStateSize>(config);
}

// The position fix of a measurement and its covariance (the radar's noise
// mapped through the inverse of the position Jacobian).
void PositionFix(const sensors::RadarMeasurement<kBallisticStateSize>& radar,
                 const MeasurementVector& z, Vector3d* position, Matrix3d* covariance) {
  *position = radar.Locate(z)->position;
  BallisticVector x = BallisticVector::Zero();
  x.head<3>() = *position;
  MeasurementJacobian<kBallisticStateSize> jacobian;
  radar.Predict(x, &jacobian);
  const Matrix3d h = jacobian.block<3, 3>(0, 0);
  const Matrix3d h_inverse = h.inverse();
  *covariance = h_inverse * radar.NoiseCovariance().topLeftCorner<3, 3>() * h_inverse.transpose();
}

struct RunSummary {
  bool always_positive_definite = true;
  bool always_symmetric = true;    // exactly, after every prediction and update
  double final_kappa_error = 0.0;  // relative, at the last update before impact
  double worst_position_error_m = 0.0;
  double mean_position_nees = 0.0;  // after the first 20 s
  double mean_boost_probability_in_boost = 0.0;
  double mean_ballistic_probability_in_coast = 0.0;  // coast: after burnout, outside a glide
  std::array<double, kNumBallisticModes> mean_probability_in_glide{};
  int updates = 0;
};

// Tracks TestFlight with `kind` from two fixes 2 s apart, one scan every 2 s.
RunSummary Track(BallisticFilterKind kind, uint64_t seed,
                 const flight::FlightResult& flight = TestFlight()) {
  const BallisticFilterBank bank({.kind = kind});
  const Filter<kBallisticStateSize>& filter = bank.filter();
  const auto radar = TestRadar();
  RandomStream random(seed, "ballistic-track");
  const double kappa = 1.0 / TestVehicle().payload_ballistic_coefficient_kg_m2;
  constexpr int kScan = 2;
  auto truth_at = [&](size_t i) { return TruthState(flight.samples[i], kappa); };

  // Start 4 s after launch (a radar sees a missile once it clears the horizon).
  const size_t first = 4;
  Vector3d p1, p2;
  Matrix3d c1, c2;
  PositionFix(radar, radar.Sample(truth_at(first), random), &p1, &c1);
  PositionFix(radar, radar.Sample(truth_at(first + kScan), random), &p2, &c2);
  FilterState<kBallisticStateSize> state =
      filter.Initialise(BallisticPriorFromTwoFixes(p1, c1, p2, c2, kScan));

  RunSummary summary;
  double nees_sum = 0.0;
  int nees_count = 0, boost_count = 0, coast_count = 0, glide_count = 0;
  for (size_t i = first + 2 * kScan; i + 1 < flight.samples.size(); i += kScan) {
    const flight::FlightSample& sample = flight.samples[i];
    state = filter.Predict(state, kScan);
    const BallisticMatrix& predicted = state.estimate.covariance;
    if (predicted != predicted.transpose()) summary.always_symmetric = false;
    const BallisticVector truth = truth_at(i);
    const MeasurementVector z = radar.Sample(truth, random);
    const Innovation<kBallisticStateSize> innovation = filter.Innovate(state, radar);
    if (!innovation.valid) {
      summary.always_positive_definite = false;
      break;
    }
    state = filter.Update(state, innovation, z, radar);
    ++summary.updates;
    const BallisticMatrix& p = state.estimate.covariance;
    const Eigen::LLT<BallisticMatrix> llt(p);
    if (llt.info() != Eigen::Success) summary.always_positive_definite = false;
    if (p != p.transpose()) summary.always_symmetric = false;
    summary.final_kappa_error = state.estimate.mean(kBallisticInverseCoefficient) / kappa - 1.0;
    const Vector3d error = state.estimate.mean.head<3>() - sample.ecef_position;
    summary.worst_position_error_m = std::max(summary.worst_position_error_m, error.norm());
    if (sample.t_s >= 20.0) {
      nees_sum += error.dot(p.topLeftCorner<3, 3>().ldlt().solve(error));
      ++nees_count;
    }
    if (sample.t_s > 20.0 && sample.t_s < flight.burnout_time_s) {
      summary.mean_boost_probability_in_boost += bank.ModeProbability(state, BallisticMode::kBoost);
      ++boost_count;
    }
    const bool gliding = sample.t_s >= flight.pull_up_time_s && !(sample.t_s > flight.dive_time_s);
    if (gliding) {
      for (int m = 0; m < kNumBallisticModes; ++m) {
        summary.mean_probability_in_glide[m] +=
            bank.ModeProbability(state, static_cast<BallisticMode>(m));
      }
      ++glide_count;
    }
    if (sample.t_s > flight.burnout_time_s + 20.0 && !gliding) {
      summary.mean_ballistic_probability_in_coast +=
          bank.ModeProbability(state, BallisticMode::kBallistic);
      ++coast_count;
    }
  }
  summary.mean_position_nees = nees_sum / std::max(nees_count, 1);
  summary.mean_boost_probability_in_boost /= std::max(boost_count, 1);
  summary.mean_ballistic_probability_in_coast /= std::max(coast_count, 1);
  for (double& p : summary.mean_probability_in_glide) p /= std::max(glide_count, 1);
  std::printf(
      "%-8s updates %d, worst position error %.0f m, mean position NEES %.2f, "
      "P(boost | boost) %.2f, P(ballistic | coast) %.2f, final kappa error %+.3f\n",
      std::string(BallisticFilterKindName(kind)).c_str(), summary.updates,
      summary.worst_position_error_m, summary.mean_position_nees,
      summary.mean_boost_probability_in_boost, summary.mean_ballistic_probability_in_coast,
      summary.final_kappa_error);
  if (glide_count > 0) {
    std::printf(
        "         in the glide (%d updates): P(boost) %.2f, P(ballistic) %.2f, P(manoeuvre) %.2f\n",
        glide_count, summary.mean_probability_in_glide[0], summary.mean_probability_in_glide[1],
        summary.mean_probability_in_glide[2]);
  }
  return summary;
}

TEST(BoostModePrior, GivesTheBoostItsShareAndTheOthersTheirProportions) {
  const Eigen::Vector3d prior = BoostModePrior(Eigen::Vector3d(0.4, 0.4, 0.2), 0.8);
  EXPECT_DOUBLE_EQ(prior(static_cast<int>(BallisticMode::kBoost)), 0.8);
  EXPECT_NEAR(prior.sum(), 1.0, 1e-15);
  EXPECT_NEAR(prior(static_cast<int>(BallisticMode::kBallistic)) /
                  prior(static_cast<int>(BallisticMode::kManoeuvre)),
              2.0, 1e-12);
  // All boost before: the rest is shared evenly.
  const Eigen::Vector3d even = BoostModePrior(Eigen::Vector3d(1.0, 0.0, 0.0), 0.6);
  EXPECT_NEAR(even(1), 0.2, 1e-15);
  EXPECT_NEAR(even(2), 0.2, 1e-15);
}

TEST(BallisticFilterBank, EveryKindTracksASimulatedMissile) {
  for (BallisticFilterKind kind : {BallisticFilterKind::kEkf, BallisticFilterKind::kUkf,
                                   BallisticFilterKind::kImmEkf, BallisticFilterKind::kImmUkf}) {
    const RunSummary summary = Track(kind, 41);
    EXPECT_GT(summary.updates, 100) << BallisticFilterKindName(kind);
    EXPECT_TRUE(summary.always_positive_definite) << BallisticFilterKindName(kind);
    EXPECT_TRUE(summary.always_symmetric) << BallisticFilterKindName(kind);
    EXPECT_LT(summary.worst_position_error_m, 2000.0) << BallisticFilterKindName(kind);
    // A consistent filter has a mean NEES of 3 on position.
    EXPECT_LT(summary.mean_position_nees, 10.0) << BallisticFilterKindName(kind);
  }
}

TEST(BallisticFilterBank, ImmFollowsTheFlightRegime) {
  for (BallisticFilterKind kind : {BallisticFilterKind::kImmEkf, BallisticFilterKind::kImmUkf}) {
    const RunSummary summary = Track(kind, 42);
    EXPECT_GT(summary.mean_boost_probability_in_boost, 0.6) << BallisticFilterKindName(kind);
    EXPECT_GT(summary.mean_ballistic_probability_in_coast, 0.6) << BallisticFilterKindName(kind);
    // The re-entry makes κ observable: the payload's 1/β within 10 % at impact.
    EXPECT_LT(std::abs(summary.final_kappa_error), 0.1) << BallisticFilterKindName(kind);
  }
}

// A quasi-ballistic flight: the glide's lift is an unmodelled acceleration
// of up to L/D times the drag; the IMM must stay consistent through it.
TEST(BallisticFilterBank, ImmTracksAQuasiBallisticGlide) {
  const flight::FlightResult& flight = GlideFlight();
  ASSERT_EQ(flight.end, flight::FlightEnd::kImpact);
  ASSERT_TRUE(std::isfinite(flight.pull_up_time_s));
  for (BallisticFilterKind kind : {BallisticFilterKind::kImmEkf, BallisticFilterKind::kImmUkf}) {
    const RunSummary summary = Track(kind, 43, flight);
    EXPECT_TRUE(summary.always_positive_definite) << BallisticFilterKindName(kind);
    EXPECT_TRUE(summary.always_symmetric) << BallisticFilterKindName(kind);
    EXPECT_LT(summary.worst_position_error_m, 2000.0) << BallisticFilterKindName(kind);
    EXPECT_LT(summary.mean_position_nees, 10.0) << BallisticFilterKindName(kind);
  }
}

TEST(BallisticPrior, TwoFixesGiveTheVelocity) {
  const flight::FlightResult& flight = TestFlight();
  const Matrix3d covariance = Matrix3d::Identity() * 100.0;
  for (size_t i = static_cast<size_t>(flight.burnout_time_s) + 10; i + 2 < flight.samples.size();
       i += 37) {
    const Gaussian<kBallisticStateSize> prior =
        BallisticPriorFromTwoFixes(flight.samples[i].ecef_position, covariance,
                                   flight.samples[i + 2].ecef_position, covariance, 2.0);
    const Vector3d error = prior.mean.segment<3>(3) - flight.samples[i + 2].ecef_velocity;
    // Exact fixes: only the drag's and gravity's change over 2 s is left.
    EXPECT_LT(error.norm(), 1.0) << "t " << flight.samples[i].t_s;
    EXPECT_EQ(prior.mean.head<3>(), flight.samples[i + 2].ecef_position);
    EXPECT_TRUE(Eigen::LLT<BallisticMatrix>(prior.covariance).info() == Eigen::Success);
    EXPECT_NEAR(prior.covariance(3, 3), 200.0 / 4.0 + 30.0 * 30.0, 1e-9);
  }
}

TEST(BallisticPrior, OneFixTakesTheRestFromThePrior) {
  Matrix3d covariance;
  covariance << 400, 50, 0, 50, 900, 0, 0, 0, 100;
  const Gaussian<kBallisticStateSize> prior =
      BallisticPriorFromFix(Vector3d(1e6, 2e6, 6e6), covariance, {.velocity_sigma_m_s = 3000.0});
  EXPECT_EQ(prior.mean.head<3>(), Vector3d(1e6, 2e6, 6e6));
  EXPECT_EQ((prior.covariance.topLeftCorner<3, 3>()), covariance);
  EXPECT_EQ(prior.covariance(4, 4), 9e6);
  EXPECT_EQ(prior.mean(9), 1e-4);
  EXPECT_TRUE(Eigen::LLT<BallisticMatrix>(prior.covariance).info() == Eigen::Success);
}

TEST(BallisticFilterBank, KindsAndOptions) {
  for (BallisticFilterKind kind : {BallisticFilterKind::kEkf, BallisticFilterKind::kUkf,
                                   BallisticFilterKind::kImmEkf, BallisticFilterKind::kImmUkf}) {
    EXPECT_EQ(ParseBallisticFilterKind(BallisticFilterKindName(kind)), kind);
  }
  EXPECT_EQ(ParseBallisticFilterKind("kalman"), std::nullopt);

  std::string error;
  BallisticFilterBankOptions options;
  EXPECT_TRUE(options.IsValid(&error)) << error;
  options.models[0] = BallisticMotionOptions::Ballistic();
  EXPECT_FALSE(options.IsValid(&error));
  EXPECT_EQ(error, "models[0] must be the boost model");
  options = {};
  options.models[2].max_step_s = 0.0;
  EXPECT_FALSE(options.IsValid(&error));
  EXPECT_EQ(error, "manoeuvre model: max_step_s must be in (0, 10] s");
  options = {};
  options.initial_probabilities = Vector3d(0.5, 0.5, 0.5);
  EXPECT_FALSE(options.IsValid(&error));

  const BallisticFilterBank single({.kind = BallisticFilterKind::kEkf});
  const FilterState<kBallisticStateSize> state = single.filter().Initialise({});
  EXPECT_FALSE(single.is_imm());
  EXPECT_EQ(single.ModeProbability(state, BallisticMode::kManoeuvre), 1.0);
  EXPECT_EQ(single.MostProbableMode(state), BallisticMode::kManoeuvre);
  const BallisticFilterBank imm({.kind = BallisticFilterKind::kImmUkf});
  const FilterState<kBallisticStateSize> imm_state = imm.filter().Initialise({});
  EXPECT_EQ(imm_state.mode_count, 3);
  EXPECT_DOUBLE_EQ(imm.ModeProbability(imm_state, BallisticMode::kBoost), 0.4);
}

}  // namespace
}  // namespace trilink::tracking
