// The ballistic re-entry benchmark of Farina, Ristic & Benvenuti, "Tracking a
// ballistic target: comparison of several nonlinear filters", IEEE Trans.
// Aerospace and Electronic Systems 38(3), 2002: a target falling through the
// atmosphere in a vertical plane, seen by a radar at the origin measuring
// range and elevation. Known ballistic coefficient (not estimated).
//
// State (x, h, ẋ, ḣ): downrange x and altitude h (m), then their rates (m/s).
// The paper orders it (x, ẋ, h, ḣ); here position comes first, as in
// planar.h, so the same blocks (0–1 position, 2–3 velocity) serve every
// planar model.
//
// Dynamics (flat Earth, constant gravity, drag along the velocity):
//   ẍ = −(g ρ(h) / 2β) V ẋ,   ḧ = −(g ρ(h) / 2β) V ḣ − g,   V = |(ẋ, ḣ)|,
//   ρ(h) = c₁ exp(−c₂ h),  (c₁, c₂) = (1.227, 1.093e-4) below 9144 m,
//                                     (1.754, 1.49e-4)  above,
// g = 9.81 m/s², β = 40 000 kg m⁻¹ s⁻². The discrete model integrates this
// ODE over the step by classical RK4 sub-steps; its transition matrix is the
// variational equation Φ̇ = A(x) Φ integrated by the same RK4 stages, which is
// exactly the derivative of the discrete map (differentiation commutes with
// an explicit Runge–Kutta step), so filter and Jacobian agree to rounding.
// Process noise is additive white acceleration of density q per axis,
//   Q = q [T³/3 T²/2; T²/2 T] ⊗ I₂   (in the (x, h, ẋ, ḣ) order as planar.h),
// and the truth simulator draws w ~ N(0, Q) after each noiseless step: the
// filters' model and the truth's are the same, so any inconsistency measured
// is the filters' own.
//
// Measurement z = (r, ε): range √(x² + h²) and elevation atan2(h, x), with
// σ_r = 100 m and σ_ε = 0.017 rad in the benchmark.
//
// Initialisation (see docs/accuracy.md): position from the first measurement
// by the unbiased polar-to-Cartesian conversion with its measurement-
// conditioned covariance (Longbin, Xiaoquan, Yiyu, Kang & Bar-Shalom,
// "Unbiased converted measurements for tracking", IEEE Trans. AES 34(3),
// 1998, eq. (7) and (16); Lerro & Bar-Shalom 1993 for the additive-bias
// form), velocity from a speed and heading prior. The Cramér–Rao bound starts
// from the inverse of the same covariance, so the comparison is fair.
//
// Usage:
//   const ReentryMotion motion;                // the paper's constants
//   const RangeElevationRadar radar(100.0, 0.017);
//   ExtendedKalmanFilter<4> ekf(motion);
//   ReentryMonteCarloResult result = RunReentryMonteCarlo({.runs = 500});
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trilink/core/gaussian.h"
#include "trilink/core/units.h"
#include "trilink/sensors/measurement_model.h"
#include "trilink/tracking/kalman.h"
#include "trilink/tracking/metrics.h"
#include "trilink/tracking/motion_model.h"

namespace trilink::tracking {

struct ReentryDynamics {
  double gravity = 9.81;                    // g (m/s²) >= 0
  double ballistic_coefficient = 40'000.0;  // β (kg m⁻¹ s⁻²) > 0
  double acceleration_density = 1.0;        // q (m²/s³) > 0
  double max_substep_s = 0.25;              // longest RK4 sub-step (s) > 0

  bool IsValid(std::string* error) const;
};

// Air density of the benchmark's two-layer exponential atmosphere (kg/m³) at
// altitude_m (m, any value); with `derivative`, also dρ/dh (kg/m⁴).
double ReentryAirDensity(double altitude_m, double* derivative = nullptr);

class ReentryMotion final : public MotionModel<4> {
 public:
  explicit ReentryMotion(const ReentryDynamics& dynamics = {});

  Vector<4> Propagate(const Vector<4>& state, double dt_s,
                      SquareMatrix<4>* transition = nullptr) const override;
  SquareMatrix<4> ProcessNoise(const Vector<4>& state, double dt_s) const override;

  // The state's time derivative; with `jacobian`, also its derivative A with
  // respect to the state. Needs a nonzero speed.
  Vector<4> Derivative(const Vector<4>& state, SquareMatrix<4>* jacobian = nullptr) const;

  const ReentryDynamics& dynamics() const { return dynamics_; }

 private:
  ReentryDynamics dynamics_;
};

// Range (m) and elevation atan2(h, x) (rad, in (−π, π]) from a radar at the
// origin of the (x, h) plane.
class RangeElevationRadar final : public sensors::MeasurementModel<4> {
 public:
  // range_sigma_m > 0, elevation_sigma_rad > 0.
  RangeElevationRadar(double range_sigma_m, double elevation_sigma_rad);

  int size() const override { return 2; }
  MeasurementVector Predict(const Vector<4>& state,
                            MeasurementJacobian<4>* jacobian = nullptr) const override;
  MeasurementVector Residual(const MeasurementVector& measured,
                             const MeasurementVector& predicted) const override;
  const MeasurementCovariance& NoiseCovariance() const override { return noise_; }
  std::optional<sensors::LocatedMeasurement> Locate(
      const MeasurementVector& measurement) const override;

  double range_sigma_m() const { return range_sigma_m_; }
  double elevation_sigma_rad() const { return elevation_sigma_rad_; }

  // The unbiased Cartesian position (x, h) of a measurement (r, ε) and its
  // measurement-conditioned covariance (Longbin et al. 1998), with
  // λ = exp(−σ_ε²/2):
  //   mean = r (cos ε, sin ε) / λ,
  //   Rxx = (λ⁻² − 2) r² cos²ε + ½ (r² + σ_r²)(1 + λ⁴ cos 2ε),
  //   Rhh = (λ⁻² − 2) r² sin²ε + ½ (r² + σ_r²)(1 − λ⁴ cos 2ε),
  //   Rxh = (λ⁻² − 2) r² cos ε sin ε + ½ (r² + σ_r²) λ⁴ sin 2ε.
  Gaussian<2> ConvertToPosition(const MeasurementVector& measurement) const;

 private:
  double range_sigma_m_;
  double elevation_sigma_rad_;
  MeasurementCovariance noise_;
};

// ---------------------------------------------------------------------------
// The Monte Carlo benchmark.

struct ReentryScenario {
  // Initial true state (the paper's): x₀ = 232 km, h₀ = 88 km, speed
  // 2290 m/s at 190° from +x (towards the radar, 10° below the horizontal).
  double initial_downrange_m = 232e3;
  double initial_altitude_m = 88e3;
  double initial_speed_mps = 2290.0;
  double initial_heading_rad = DegToRad(190.0);
  double period_s = 2.0;  // T, between measurements (s) > 0
  int steps = 30;         // measurements after the first, >= 1 (30: 60 s)
  double range_sigma_m = 100.0;
  double elevation_sigma_rad = 0.017;
  // The velocity prior: speed and heading standard deviations (m/s, rad).
  double speed_sigma_mps = 200.0;
  double heading_sigma_rad = DegToRad(10.0);
  ReentryDynamics dynamics;
};

struct ReentryMonteCarloOptions {
  ReentryScenario scenario;
  UnscentedOptions unscented;  // of the UKF
  int runs = 500;              // >= 2
  uint64_t seed = 1;           // run r draws from streams "reentry/<r>/..." of this seed
};

struct ReentryFilterSeries {
  MonteCarloSeries position;  // squared position error and the full-state NEES
  MonteCarloSeries velocity;  // squared velocity error (NEES column unused)
  int invalid_innovations = 0;
};

struct ReentryMonteCarloResult {
  std::vector<double> time_s;            // step k at k T, k = 0 … steps
  std::vector<double> pcrlb_position_m;  // sqrt(trace of J⁻¹'s position block)
  std::vector<double> pcrlb_velocity_mps;
  ReentryFilterSeries ekf, ukf;
  ChiSquareInterval anees_bounds;  // 95 % for `runs` runs of 4 states
  int runs = 0;
  double lowest_final_altitude_m = 0.0;  // over all true trajectories
};

// The covariance of the velocity prior (m²/s²): speed_sigma along the
// nominal heading, initial_speed × heading_sigma across it.
SquareMatrix<2> ReentryVelocityPriorCovariance(const ReentryScenario& scenario);

// The initial Gaussian of the filters from the first measurement and the
// velocity prior mean (m/s): position from ConvertToPosition, velocity
// covariance ReentryVelocityPriorCovariance, no position–velocity
// correlation.
Gaussian<4> ReentryInitialEstimate(const RangeElevationRadar& radar,
                                   const MeasurementVector& first_measurement,
                                   const Vector<2>& velocity_prior_mean,
                                   const ReentryScenario& scenario);

// Runs the EKF and the UKF (kalman.h, default unscented options) on
// `options.runs` simulated trajectories and the PCRLB over the same ones.
ReentryMonteCarloResult RunReentryMonteCarlo(const ReentryMonteCarloOptions& options);

}  // namespace trilink::tracking
