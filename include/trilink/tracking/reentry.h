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
//   ẍ = −(ρ(h) / 2β) V ẋ,   ḧ = −(ρ(h) / 2β) V ḣ − g,   V = |(ẋ, ḣ)|,
//   ρ(h) = c₁ exp(−c₂ h),  (c₁, c₂) = (1.227, 1.093e-4) below 9144 m,
//                                     (1.754, 1.49e-4)  above,
// g = 9.81 m/s², β = m / (C_d A) = 40 000 / 9.81 ≈ 4077.5 kg/m². (The paper
// writes the drag g ρ V ẋ / 2β' with the weight per area β' = m g / (C_d A)
// = 40 000 kg m⁻¹ s⁻²; β = β' / g is the same drag, in flight's unit.)
// The discrete model integrates this ODE over the step by classical RK4
// sub-steps; its transition matrix is the
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
// Initialisation (see docs/accuracy.md). The filters know a velocity prior
// (speed and heading) and nothing about the position but what the radar
// says. The default start is a batch fit over the first k scans
// (FitReentryBatch): the maximum a posteriori trajectory x₀ … x_{k−1} given
// the velocity prior, the k range–elevation measurements and the dynamics
// with their process noise, found by Gauss–Newton, with the covariance of
// x_{k−1} the matching block of the inverse Gauss–Newton Hessian (the
// Laplace approximation; the Fisher information of the fit plus the
// prior's). Relinearising every scan at the fitted trajectory removes the
// error an EKF or UKF makes by linearising the first scans about a
// cross-range guess kilometres off (the banana-shaped early posterior); the
// filters take over at scan k. The posterior Cramér–Rao bound starts from
// the same information: J₀ is the velocity prior's information plus the
// first measurement's Fisher information, and the recursion goes through the
// same scans the fit uses. The older single-scan start (the first
// measurement converted by Longbin, Xiaoquan, Yiyu, Kang & Bar-Shalom,
// "Unbiased converted measurements for tracking", IEEE Trans. AES 34(3),
// 1998) stays as ReentryStart::kConvertedMeasurement for comparison.
//
// Usage:
//   const ReentryMotion motion;                // the paper's constants
//   const RangeElevationRadar radar(100.0, 0.017);
//   ExtendedKalmanFilter<4> ekf(motion);
//   ReentryBatchFit fit = FitReentryBatch(motion, radar, first_scans, 2.0, prior);
//   ReentryMonteCarloResult result = RunReentryMonteCarlo({.runs = 500});
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "trilink/core/gaussian.h"
#include "trilink/core/units.h"
#include "trilink/sensors/measurement_model.h"
#include "trilink/tracking/kalman.h"
#include "trilink/tracking/metrics.h"
#include "trilink/tracking/motion_model.h"

namespace trilink::tracking {

// The benchmark's g (m/s²): its gravity, and the g of its weight-per-area β.
inline constexpr double kReentryBenchmarkGravity = 9.81;

struct ReentryDynamics {
  double gravity = kReentryBenchmarkGravity;  // g (m/s²) >= 0
  // β = m / (C_d A) (kg/m²) > 0, as in flight::Vehicle. The paper gives the
  // weight per area m g / (C_d A) = 40 000 kg m⁻¹ s⁻² with its g = 9.81 m/s²,
  // so ≈ 4077.5 kg/m² (dividing by that g, not by standard gravity, keeps the
  // paper's drag exactly).
  double ballistic_coefficient_kg_m2 = 40'000.0 / kReentryBenchmarkGravity;
  double acceleration_density = 1.0;  // q (m²/s³) > 0
  double max_substep_s = 0.25;        // longest RK4 sub-step (s) > 0

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
// Batch initialisation.

struct ReentryBatchOptions {
  int max_iterations = 50;  // Gauss–Newton iterations, >= 1
  // Stop when the Newton decrement δᵀ A δ (twice the cost decrease the
  // quadratic model predicts; dimensionless, the residuals being whitened)
  // falls below this, > 0.
  double decrement_tolerance = 1e-10;

  bool IsValid(std::string* error) const;
};

struct ReentryBatchFit {
  // The state at the last measurement's time and its covariance: the last
  // 4 × 4 block of the inverse Gauss–Newton Hessian at the optimum.
  Gaussian<4> estimate;
  int iterations = 0;
  bool converged = false;  // false: out of iterations, or a Hessian not positive definite
  double cost = 0.0;       // ½ Σ of the squared whitened residuals at the optimum
};

// The maximum a posteriori estimate of the trajectory x₀ … x_{k−1} at
// t = 0, T, …, (k − 1) T given
//   - the velocity prior: v₀ ~ velocity_prior (m/s, m²/s²), position unknown
//     (flat prior),
//   - the k = measurements.size() (>= 1) measurements (r (m), ε (rad)) of
//     `radar` at those times,
//   - the dynamics x_{j+1} = f(x_j) + w_j, w_j ~ N(0, Q(T)) of `motion`,
// minimising
//   ½‖v₀ − v̄‖²_{P_v⁻¹} + ½ Σ_j ‖z_j − h(x_j)‖²_{R⁻¹} + ½ Σ_j ‖x_{j+1} − f(x_j)‖²_{Q⁻¹}
// by Gauss–Newton with step halving, from x₀ = (r cos ε, r sin ε, v̄) of the
// first measurement propagated by f. Returns the estimate of x_{k−1}, the
// filtered state given the first k scans. period_s: T (s) > 0.
ReentryBatchFit FitReentryBatch(const ReentryMotion& motion, const RangeElevationRadar& radar,
                                std::span<const MeasurementVector> measurements, double period_s,
                                const Gaussian<2>& velocity_prior,
                                const ReentryBatchOptions& options = {});

// The information the batch fit starts from at t = 0 (before the dynamics):
// the velocity prior's, P_v⁻¹, plus the Fisher information Hᵀ R⁻¹ H of one
// measurement of `radar` at `state` about the position. The PCRLB's J₀ for
// filters started by FitReentryBatch.
SquareMatrix<4> ReentryBatchInitialInformation(const RangeElevationRadar& radar,
                                               const Vector<4>& state,
                                               const SquareMatrix<2>& velocity_prior_covariance);

// ---------------------------------------------------------------------------
// The Monte Carlo benchmark.

struct ReentryScenario {
  // Initial true state (the paper's): x₀ = 232 km, h₀ = 88 km, speed
  // 2290 m/s at 190° from +x (towards the radar, 10° below the horizontal).
  // All finite, the speed > 0.
  double initial_downrange_m = 232e3;
  double initial_altitude_m = 88e3;
  double initial_speed_mps = 2290.0;
  double initial_heading_rad = DegToRad(190.0);
  double period_s = 2.0;               // T, between measurements (s) > 0, finite
  int steps = 30;                      // measurements after the first, >= 1 (30: 60 s)
  double range_sigma_m = 100.0;        // (m) > 0, finite
  double elevation_sigma_rad = 0.017;  // (rad) > 0, finite
  // The velocity prior: speed and heading standard deviations (m/s, rad),
  // > 0, finite.
  double speed_sigma_mps = 200.0;
  double heading_sigma_rad = DegToRad(10.0);
  ReentryDynamics dynamics;

  bool IsValid(std::string* error) const;
};

enum class ReentryStart {
  // Both filters start at t = (batch_scans − 1) T from FitReentryBatch over
  // the first batch_scans scans; before that the result records the batch
  // fit over the scans so far (the same estimate for both).
  kBatch,
  // Both filters start at t = 0 from ReentryInitialEstimate (one converted
  // measurement) and update from the second scan on.
  kConvertedMeasurement,
};

struct ReentryMonteCarloOptions {
  ReentryScenario scenario;
  UnscentedOptions unscented;  // of the UKF
  ReentryStart start = ReentryStart::kBatch;
  int batch_scans = 11;  // k for kBatch: 1 … scenario.steps + 1 (11: the first 20 s)
  ReentryBatchOptions batch;
  int runs = 500;     // >= 2
  uint64_t seed = 1;  // run r draws from streams "reentry/<r>/..." of this seed

  bool IsValid(std::string* error) const;
};

struct ReentryFilterSeries {
  MonteCarloSeries position;  // squared position error and the full-state NEES
  MonteCarloSeries velocity;  // squared velocity error (NEES column unused)
  int invalid_innovations = 0;
  int unconverged_batch_fits = 0;  // fits that stopped short (their estimate is still used)
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

// Runs the EKF and the UKF (kalman.h) on `options.runs` simulated
// trajectories and the PCRLB over the same ones, its J₀ matching
// `options.start`.
ReentryMonteCarloResult RunReentryMonteCarlo(const ReentryMonteCarloOptions& options);

}  // namespace trilink::tracking
