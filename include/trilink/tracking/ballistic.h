// Motion models of a missile in rotating ECEF, and the filter bank the
// tracker runs on them: EKF or UKF on one model, or an IMM over the boost,
// ballistic and manoeuvring modes (Li & Jilkov, "Survey of maneuvering
// target tracking, Part II: motion models of ballistic and space targets",
// IEEE Trans. Aerospace and Electronic Systems 46(1), 2010, §§ III–V).
//
// One state for every mode (kBallisticStateSize = 10):
//   r  ECEF position (m)                                    components 0–2
//   v  Earth-relative ECEF velocity (m/s)                   3–5
//   a  extra acceleration (m/s²): thrust in the boost, lift
//      in a manoeuvre, zero in ballistic flight             6–8
//   κ  inverse ballistic coefficient 1/β = Cd A / m (m²/kg) 9
// and one physics, the simulator's (flight/dynamics.h):
//   r' = v
//   v' = g_J2(r) − 2 ω×v − ω×(ω×r) − ½ κ ρ(h) |v| v + a + w_v
//   a' = −a / τ + w_a          (boost: τ = ∞, a random walk; manoeuvre:
//                               a first-order Gauss–Markov process, Singer)
//   κ' = w_κ
// with white noises of spectral densities q_v (m²/s³), q_a (m²/s⁵) and q_κ
// ((m²/kg)²/s) per component. The ballistic mode has no extra acceleration:
// a is left out of the dynamics and set to zero at the end of every step
// (its rows of the transition matrix are zero), with a tiny variance σ_a² so
// that the covariance stays positive definite.
//
// Propagate integrates the state and the variational equation Φ' = A Φ,
// A = ∂f/∂x (analytic: flight::FreeFlightJacobian and the a, κ rows), with
// fixed-step fourth-order Runge–Kutta in ⌈|Δt| / max_step_s⌉ equal sub-steps.
// Integrating (x, Φ) together makes Φ the exact derivative of the discrete
// RK4 map, so the EKF's F is the Jacobian of the very function it
// propagates. Δt < 0 integrates backwards (retrodiction).
//
// ProcessNoise accumulates Q_{k+1} = Φ_k Q_k Φ_kᵀ + Q_k over the same
// sub-steps, with the sub-step's
//   Q_k = ∫₀^h M(s) G Q_c Gᵀ M(s)ᵀ ds,  M(s) = I + A s + (A s)²/2 + (A s)³/6
// (A at the sub-step's midpoint) by three-point Gauss–Legendre quadrature.
// Every term is a congruence of a positive semi-definite matrix, so Q is
// symmetric PSD by construction whatever the accuracy of M; on the kinematic
// chain r ← v ← a (A nilpotent) the rule is exact and reproduces the
// textbook Q of the white-noise-jerk model (Bar-Shalom, Li & Kirubarajan
// 2001, §6.2.3). For Δt < 0 the noise is that of |Δt| along the backward path.
//
// Usage:
//   BallisticFilterBank bank({.kind = BallisticFilterKind::kImmEkf});
//   FilterState<10> x = bank.filter().Initialise(BallisticPriorFromFix(fix, fix_covariance));
//   x = bank.filter().Predict(x, 2.0);
//   double p_boost = bank.ModeProbability(x, BallisticMode::kBoost);
#pragma once

#include <Eigen/Core>
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trilink/core/gaussian.h"
#include "trilink/flight/dynamics.h"
#include "trilink/tracking/filter.h"
#include "trilink/tracking/kalman.h"
#include "trilink/tracking/motion_model.h"

namespace trilink::tracking {

inline constexpr int kBallisticStateSize = 10;
inline constexpr int kBallisticPosition = 0;            // r, 3 components (m)
inline constexpr int kBallisticVelocity = 3;            // v, 3 components (m/s)
inline constexpr int kBallisticAcceleration = 6;        // a, 3 components (m/s²)
inline constexpr int kBallisticInverseCoefficient = 9;  // κ (m²/kg)

using BallisticVector = Vector<kBallisticStateSize>;
using BallisticMatrix = SquareMatrix<kBallisticStateSize>;

// The flight regimes; the values index the IMM's modes.
enum class BallisticMode { kBoost = 0, kBallistic = 1, kManoeuvre = 2 };
inline constexpr int kNumBallisticModes = 3;
std::string_view BallisticModeName(BallisticMode mode);  // "boost", "ballistic", "manoeuvre"

struct BallisticMotionOptions {
  BallisticMode mode = BallisticMode::kBallistic;
  // Earth, gravity and atmosphere (impulsive_boost is not used).
  flight::PhysicsModel physics = flight::PhysicsModel::Full();
  double max_step_s = 1.0;  // longest RK4 sub-step (s), in (0, 10]
  // q_v: white acceleration noise on v per axis (m²/s³), >= 0.
  double velocity_noise_density = 0.1;
  // Boost and manoeuvre: the time constant τ of a (s), > 0 (+∞: random
  // walk), and the density q_a of its driving noise per axis (m²/s⁵), >= 0.
  // A Gauss–Markov a has the stationary σ² = q_a τ / 2.
  double acceleration_time_constant_s = 20.0;
  double acceleration_noise_density = 2.0 * (2.0 * 9.81) * (2.0 * 9.81) / 20.0;  // σ = 2 g
  // Ballistic: standard deviation (m/s²) of a after every step, > 0.
  double ballistic_acceleration_sigma_m_s2 = 1e-3;
  // q_κ: random walk of κ ((m²/kg)²/s = m⁴ kg⁻² s⁻¹), >= 0.
  double inverse_ballistic_coefficient_noise_density_m4_kg2_s = 1e-12;

  // Defaults per mode.
  // Boost: a random walk with q_a = 20 m²/s⁵ (its σ grows by 4.5 m/s² in
  // 1 s, 14 m/s² in 10 s, 3 g in 45 s: the thrust acceleration grows as the
  // propellant burns; a staging jump is taken up by the update), q_κ = 1e-10
  // (the stack's drag differs from the payload's and changes at staging).
  // A random walk with less noise than the manoeuvre model's is what lets
  // the IMM tell a sustained thrust from a manoeuvre.
  static BallisticMotionOptions Boost();
  // Ballistic: a ≡ 0; q_κ = 1e-12 (κ drifts by 1e-5 m²/kg in 100 s).
  static BallisticMotionOptions Ballistic();
  // Manoeuvre (quasi-ballistic pull-up and glide): Gauss–Markov a with
  // τ = 20 s and σ = 2 g; q_κ = 1e-11.
  static BallisticMotionOptions Manoeuvre();
  static BallisticMotionOptions ForMode(BallisticMode mode);

  bool IsValid(std::string* error) const;
};

class BallisticMotion final : public MotionModel<kBallisticStateSize> {
 public:
  // options must be valid (checked).
  explicit BallisticMotion(const BallisticMotionOptions& options = {});

  const BallisticMotionOptions& options() const { return options_; }
  BallisticMode mode() const { return options_.mode; }
  const flight::FreeFlightDynamics& dynamics() const { return dynamics_; }

  // The state dt_s seconds later (any sign; 0 returns the state and I);
  // with `transition`, Φ = ∂x(t + dt) / ∂x(t).
  BallisticVector Propagate(const BallisticVector& state, double dt_s,
                            BallisticMatrix* transition = nullptr) const override;
  // Q over |dt_s| about the trajectory from `state` (symmetric PSD).
  BallisticMatrix ProcessNoise(const BallisticVector& state, double dt_s) const override;
  // Both in one integration.
  BallisticVector PropagateWithNoise(const BallisticVector& state, double dt_s,
                                     BallisticMatrix* transition,
                                     BallisticMatrix* noise) const override;

  // The continuous dynamics x' = f(x) of the header comment and, with
  // `jacobian`, A = ∂f/∂x. In the ballistic mode a is ignored and a' = 0.
  BallisticVector Derivative(const BallisticVector& state,
                             BallisticMatrix* jacobian = nullptr) const;

 private:
  // Propagate and, with `noise`, ProcessNoise in one integration.
  BallisticVector Integrate(const BallisticVector& state, double dt_s, BallisticMatrix* transition,
                            BallisticMatrix* noise) const;

  BallisticMotionOptions options_;
  flight::FreeFlightDynamics dynamics_;
  double decay_rate_ = 0.0;        // 1/τ (1/s); 0 for a random walk or ballistic
  BallisticVector noise_density_;  // diagonal of G Q_c Gᵀ
};

// The prior of a new track.
struct BallisticPrior {
  double velocity_sigma_m_s = 3000.0;                 // per axis, zero mean, > 0
  double acceleration_sigma_m_s2 = 30.0;              // per axis, zero mean, > 0 (≈ 3 g)
  double inverse_ballistic_coefficient_m2_kg = 1e-4;  // κ mean (m²/kg; β = 10⁴ kg/m²), >= 0
  double inverse_ballistic_coefficient_sigma_m2_kg = 1e-4;  // σ of κ (m²/kg), > 0

  bool IsValid(std::string* error) const;
};

// A new track from one position fix: r from the fix (ECEF, m) with its
// covariance (m², symmetric positive definite), v, a and κ from the prior.
Gaussian<kBallisticStateSize> BallisticPriorFromFix(const Eigen::Vector3d& ecef_position,
                                                    const Eigen::Matrix3d& position_covariance,
                                                    const BallisticPrior& prior = {});

// A new track from two position fixes dt_s > 0 seconds apart, at the time of
// the second: r from the second fix, v by differencing,
//   v = (r₂ − r₁) / Δt + ½ f(r₂, v̄) Δt
// with f the free-flight acceleration at the prior κ (flight::
// FreeFlightDynamics, full physics), and the unknown a (σ_a) adding
// (½ σ_a Δt)² to each velocity variance and ½ σ_a² Δt to its covariance
// with a:
//   P_rr = C₂, P_rv = C₂ / Δt, P_vv = (C₁ + C₂) / Δt² + (½ σ_a Δt)² I.
Gaussian<kBallisticStateSize> BallisticPriorFromTwoFixes(
    const Eigen::Vector3d& first_ecef_position, const Eigen::Matrix3d& first_covariance,
    const Eigen::Vector3d& second_ecef_position, const Eigen::Matrix3d& second_covariance,
    double dt_s, const BallisticPrior& prior = {});

enum class BallisticFilterKind { kEkf, kUkf, kImmEkf, kImmUkf };
// "ekf", "ukf", "imm-ekf", "imm-ukf".
std::string_view BallisticFilterKindName(BallisticFilterKind kind);
std::optional<BallisticFilterKind> ParseBallisticFilterKind(std::string_view name);

// Default IMM switching rates (1/s), row = from, column = to, in
// BallisticMode order; the diagonal is ignored (the bank sets it so that
// every row sums to zero). Boost → ballistic 1/60 s (burns last about a
// minute or two), → manoeuvre 1/600 s; ballistic → manoeuvre 1/300 s (a
// pull-up), → boost 1/10⁴ s (a late stage); manoeuvre → ballistic 1/60 s,
// → boost 1/10⁴ s.
Eigen::Matrix3d DefaultBallisticSwitchingRates();

// IMM mode probabilities in BallisticMode order with `boost_probability`
// ([0, 1)) for the boost mode and the others sharing the rest in the
// proportions of `initial` (evenly if `initial` is all boost): the prior of
// a track that is probably boosting (an infrared cue; a radar track that
// starts low and climbing).
Eigen::Vector3d BoostModePrior(const Eigen::Vector3d& initial, double boost_probability);

struct BallisticFilterBankOptions {
  BallisticFilterKind kind = BallisticFilterKind::kImmEkf;
  // The model of the single-model kinds (kEkf, kUkf): the manoeuvre model
  // follows boost, coast and glide alike, if less tightly than the IMM.
  BallisticMode single_mode = BallisticMode::kManoeuvre;
  // The models, indexed by BallisticMode (each one's mode must match).
  std::array<BallisticMotionOptions, kNumBallisticModes> models = {
      BallisticMotionOptions::Boost(), BallisticMotionOptions::Ballistic(),
      BallisticMotionOptions::Manoeuvre()};
  Eigen::Matrix3d switching_rates = DefaultBallisticSwitchingRates();
  Eigen::Vector3d initial_probabilities = Eigen::Vector3d(0.4, 0.4, 0.2);  // sum 1
  UnscentedOptions unscented;

  bool IsValid(std::string* error) const;
};

// Owns the motion models, the mode filters and the IMM; the tracker uses
// filter() through the Filter<10> interface. Immutable after construction,
// shared by all tracks; not copyable or movable (the filters reference the
// models), so hold it by pointer.
class BallisticFilterBank {
 public:
  // options must be valid (checked).
  explicit BallisticFilterBank(const BallisticFilterBankOptions& options = {});
  BallisticFilterBank(const BallisticFilterBank&) = delete;
  BallisticFilterBank& operator=(const BallisticFilterBank&) = delete;

  const BallisticFilterBankOptions& options() const { return options_; }
  const Filter<kBallisticStateSize>& filter() const { return *filter_; }
  const BallisticMotion& motion(BallisticMode mode) const {
    return *models_[static_cast<int>(mode)];
  }
  bool is_imm() const;

  // The probability of `mode` in a state of filter(): the IMM's mode
  // probability, or 1 / 0 for a single-model filter (its mode or not).
  double ModeProbability(const FilterState<kBallisticStateSize>& state, BallisticMode mode) const;
  // The most probable mode.
  BallisticMode MostProbableMode(const FilterState<kBallisticStateSize>& state) const;

 private:
  BallisticFilterBankOptions options_;
  std::array<std::unique_ptr<BallisticMotion>, kNumBallisticModes> models_;
  std::vector<std::unique_ptr<Filter<kBallisticStateSize>>> mode_filters_;
  std::unique_ptr<Filter<kBallisticStateSize>> imm_;
  const Filter<kBallisticStateSize>* filter_ = nullptr;
};

}  // namespace trilink::tracking
