#include "trilink/tracking/ballistic.h"

#include <cmath>
#include <limits>

#include "trilink/core/error.h"
#include "trilink/tracking/imm.h"

namespace trilink::tracking {
namespace {

using Eigen::Matrix3d;
using Eigen::Vector3d;

constexpr int kR = kBallisticPosition;
constexpr int kV = kBallisticVelocity;
constexpr int kA = kBallisticAcceleration;
constexpr int kK = kBallisticInverseCoefficient;
constexpr double kGravity = 9.81;

bool NonNegativeFinite(double x) { return std::isfinite(x) && x >= 0.0; }

// The layout JacobianTimes and SubStepNoise rely on: r, v, a, κ in order.
static_assert(kR == 0 && kV == 3 && kA == 6 && kK == 9 && kBallisticStateSize == 10);

// A M for A = ∂f/∂x as BallisticMotion::Derivative builds it, by its
// structure (∂ṙ/∂v = I, a diagonal ∂ȧ/∂a, the zero blocks): about a fifth
// of a dense 10 × 10 product's work.
template <int kCols>
Eigen::Matrix<double, kBallisticStateSize, kCols> JacobianTimes(
    const BallisticMatrix& a, const Eigen::Matrix<double, kBallisticStateSize, kCols>& m) {
  Eigen::Matrix<double, kBallisticStateSize, kCols> out;
  auto velocity_rows = out.template middleRows<3>(kV);
  out.template middleRows<3>(kR) = m.template middleRows<3>(kV);
  velocity_rows.noalias() = a.block<3, 3>(kV, kR) * m.template middleRows<3>(kR);
  velocity_rows.noalias() += a.block<3, 3>(kV, kV) * m.template middleRows<3>(kV);
  velocity_rows.noalias() += a.block<3, 3>(kV, kA) * m.template middleRows<3>(kA);
  velocity_rows.noalias() += a.block<3, 1>(kV, kK) * m.row(kK);
  out.template middleRows<3>(kA) = a(kA, kA) * m.template middleRows<3>(kA);
  out.row(kK).setZero();
  return out;
}

// One sub-step's noise ∫₀^h M(s) D M(s)ᵀ ds, M(s) = Σ_{k≤3} (A s)ᵏ / k!, by
// three-point Gauss–Legendre quadrature (exact for integrands of degree 5).
// `sqrt_density` is √diag(D). Each node adds w B Bᵀ with w > 0: PSD.
BallisticMatrix SubStepNoise(const BallisticMatrix& a, double h,
                             const BallisticVector& sqrt_density) {
  static const double kNode = std::sqrt(0.6);
  constexpr std::array<double, 3> kWeights = {5.0 / 9.0, 8.0 / 9.0, 5.0 / 9.0};
  const std::array<double, 3> nodes = {-kNode, 0.0, kNode};
  const double half = 0.5 * std::abs(h);
  // The noise drives v, a and κ only (never r): √D's nonzero columns.
  constexpr int kDriven = kBallisticStateSize - kV;
  using Driven = Eigen::Matrix<double, kBallisticStateSize, kDriven>;
  Driven root = Driven::Zero();
  root.bottomRows<kDriven>().diagonal() = sqrt_density.tail<kDriven>();
  BallisticMatrix noise = BallisticMatrix::Zero();
  for (int i = 0; i < 3; ++i) {
    // Noise entering s before the end of the sub-step (backwards for h < 0).
    const double s = std::copysign(half * (1.0 + nodes[i]), h);
    // B = M(s) √D, the powers of A s applied to √D one at a time.
    const Driven b1 = s * JacobianTimes(a, root);
    const Driven b2 = s * JacobianTimes(a, b1);
    const Driven b3 = s * JacobianTimes(a, b2);
    const Driven b = root + b1 + 0.5 * b2 + b3 / 6.0;
    noise.noalias() += (half * kWeights[i]) * b * b.transpose();
  }
  return noise;
}

}  // namespace

std::string_view BallisticModeName(BallisticMode mode) {
  switch (mode) {
    case BallisticMode::kBoost:
      return "boost";
    case BallisticMode::kBallistic:
      return "ballistic";
    case BallisticMode::kManoeuvre:
      return "manoeuvre";
  }
  return "unknown";
}

BallisticMotionOptions BallisticMotionOptions::Boost() {
  BallisticMotionOptions options;
  options.mode = BallisticMode::kBoost;
  options.acceleration_time_constant_s = std::numeric_limits<double>::infinity();
  options.acceleration_noise_density = 20.0;
  options.inverse_ballistic_coefficient_noise_density_m4_kg2_s = 1e-10;
  return options;
}

BallisticMotionOptions BallisticMotionOptions::Ballistic() {
  BallisticMotionOptions options;
  options.mode = BallisticMode::kBallistic;
  options.inverse_ballistic_coefficient_noise_density_m4_kg2_s = 1e-12;
  return options;
}

BallisticMotionOptions BallisticMotionOptions::Manoeuvre() {
  BallisticMotionOptions options;
  options.mode = BallisticMode::kManoeuvre;
  options.acceleration_time_constant_s = 20.0;
  const double sigma = 2.0 * kGravity;
  options.acceleration_noise_density = 2.0 * sigma * sigma / options.acceleration_time_constant_s;
  options.inverse_ballistic_coefficient_noise_density_m4_kg2_s = 1e-11;
  return options;
}

BallisticMotionOptions BallisticMotionOptions::ForMode(BallisticMode mode) {
  switch (mode) {
    case BallisticMode::kBoost:
      return Boost();
    case BallisticMode::kManoeuvre:
      return Manoeuvre();
    case BallisticMode::kBallistic:
      break;
  }
  return Ballistic();
}

bool BallisticMotionOptions::IsValid(std::string* error) const {
  if (!(max_step_s > 0.0 && max_step_s <= 10.0)) {
    return Invalid(error, "max_step_s must be in (0, 10] s");
  }
  if (!NonNegativeFinite(velocity_noise_density)) {
    return Invalid(error, "velocity_noise_density must be finite and >= 0 (m^2/s^3)");
  }
  if (!(acceleration_time_constant_s > 0.0)) {
    return Invalid(error,
                   "acceleration_time_constant_s must be > 0 (s; infinity for a random walk)");
  }
  if (!NonNegativeFinite(acceleration_noise_density)) {
    return Invalid(error, "acceleration_noise_density must be finite and >= 0 (m^2/s^5)");
  }
  if (!(std::isfinite(ballistic_acceleration_sigma_m_s2) &&
        ballistic_acceleration_sigma_m_s2 > 0.0)) {
    return Invalid(error, "ballistic_acceleration_sigma_m_s2 must be finite and > 0");
  }
  if (!NonNegativeFinite(inverse_ballistic_coefficient_noise_density_m4_kg2_s)) {
    return Invalid(error,
                   "inverse_ballistic_coefficient_noise_density_m4_kg2_s must be finite and >= 0");
  }
  return true;
}

BallisticMotion::BallisticMotion(const BallisticMotionOptions& options)
    : options_(options), dynamics_(options.physics) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
  const bool ballistic = options.mode == BallisticMode::kBallistic;
  decay_rate_ = ballistic || std::isinf(options.acceleration_time_constant_s)
                    ? 0.0
                    : 1.0 / options.acceleration_time_constant_s;
  noise_density_.setZero();
  noise_density_.segment<3>(kV).setConstant(options.velocity_noise_density);
  if (!ballistic) noise_density_.segment<3>(kA).setConstant(options.acceleration_noise_density);
  noise_density_(kK) = options.inverse_ballistic_coefficient_noise_density_m4_kg2_s;
}

BallisticVector BallisticMotion::Derivative(const BallisticVector& x,
                                            BallisticMatrix* jacobian) const {
  const bool ballistic = options_.mode == BallisticMode::kBallistic;
  const Vector3d extra = ballistic ? Vector3d::Zero() : Vector3d(x.segment<3>(kA));
  // κ = 0 makes β = +∞ and the drag exactly zero (flight/dynamics.h).
  const double beta = 1.0 / x(kK);
  flight::FreeFlightJacobian partials;
  BallisticVector derivative;
  derivative.segment<3>(kR) = x.segment<3>(kV);
  derivative.segment<3>(kV) = dynamics_.Acceleration(x.segment<3>(kR), x.segment<3>(kV), beta,
                                                     extra, jacobian ? &partials : nullptr);
  derivative.segment<3>(kA) = -decay_rate_ * x.segment<3>(kA);
  derivative(kK) = 0.0;
  if (jacobian != nullptr) {
    BallisticMatrix& a = *jacobian;
    a.setZero();
    a.block<3, 3>(kR, kV).setIdentity();
    a.block<3, 3>(kV, kR) = partials.position;
    a.block<3, 3>(kV, kV) = partials.velocity;
    if (!ballistic) a.block<3, 3>(kV, kA).setIdentity();
    a.block<3, 1>(kV, kK) = partials.drag_per_inverse_ballistic_coefficient;
    a.block<3, 3>(kA, kA).diagonal().setConstant(-decay_rate_);
  }
  return derivative;
}

BallisticVector BallisticMotion::Integrate(const BallisticVector& state, double dt_s,
                                           BallisticMatrix* transition,
                                           BallisticMatrix* noise) const {
  TRILINK_CHECK(std::isfinite(dt_s)) << "time step must be finite, got " << dt_s;
  if (transition != nullptr) transition->setIdentity();
  if (noise != nullptr) noise->setZero();
  if (dt_s == 0.0) return state;

  const int steps = std::max(1, static_cast<int>(std::ceil(std::abs(dt_s) / options_.max_step_s)));
  const double h = dt_s / steps;
  const bool matrices = transition != nullptr || noise != nullptr;
  const BallisticVector sqrt_density = noise_density_.cwiseSqrt();
  const BallisticMatrix identity = BallisticMatrix::Identity();
  BallisticVector x = state;
  for (int step = 0; step < steps; ++step) {
    if (!matrices) {
      const BallisticVector k1 = Derivative(x);
      const BallisticVector k2 = Derivative(x + 0.5 * h * k1);
      const BallisticVector k3 = Derivative(x + 0.5 * h * k2);
      const BallisticVector k4 = Derivative(x + h * k3);
      x += (h / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
      continue;
    }
    // RK4 on (x, Φ) with Φ(0) = I: Φ_k is the exact derivative of this step's
    // discrete map (the stages' Jacobians chained as the stages are).
    BallisticMatrix a1, a2, a3, a4;
    const BallisticVector k1 = Derivative(x, &a1);
    const BallisticVector k2 = Derivative(x + 0.5 * h * k1, &a2);
    const BallisticVector k3 = Derivative(x + 0.5 * h * k2, &a3);
    const BallisticVector k4 = Derivative(x + h * k3, &a4);
    // d_i = a_i (I + c h d_{i-1}).
    const BallisticMatrix& d1 = a1;
    const BallisticMatrix d2 = a2 + (0.5 * h) * JacobianTimes(a2, d1);
    const BallisticMatrix d3 = a3 + (0.5 * h) * JacobianTimes(a3, d2);
    const BallisticMatrix d4 = a4 + h * JacobianTimes(a4, d3);
    const BallisticMatrix phi = identity + (h / 6.0) * (d1 + 2.0 * d2 + 2.0 * d3 + d4);
    x += (h / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
    if (noise != nullptr) {
      *noise = phi * (*noise) * phi.transpose() + SubStepNoise(a2, h, sqrt_density);
    }
    if (transition != nullptr) *transition = phi * (*transition);
  }

  if (options_.mode == BallisticMode::kBallistic) {
    // a is reset: zero, independent of the past, with a tiny variance.
    x.segment<3>(kA).setZero();
    if (transition != nullptr) transition->middleRows<3>(kA).setZero();
    if (noise != nullptr) {
      noise->middleRows<3>(kA).setZero();
      noise->middleCols<3>(kA).setZero();
      const double sigma = options_.ballistic_acceleration_sigma_m_s2;
      noise->block<3, 3>(kA, kA).diagonal().setConstant(sigma * sigma);
    }
  }
  // Exactly symmetric; .eval() because the destination is also read
  // transposed (Eigen aliasing).
  if (noise != nullptr) *noise = (0.5 * (*noise + noise->transpose())).eval();
  return x;
}

BallisticVector BallisticMotion::Propagate(const BallisticVector& state, double dt_s,
                                           BallisticMatrix* transition) const {
  return Integrate(state, dt_s, transition, nullptr);
}

BallisticVector BallisticMotion::PropagateWithNoise(const BallisticVector& state, double dt_s,
                                                    BallisticMatrix* transition,
                                                    BallisticMatrix* noise) const {
  TRILINK_CHECK(transition != nullptr && noise != nullptr);
  return Integrate(state, dt_s, transition, noise);
}

BallisticMatrix BallisticMotion::ProcessNoise(const BallisticVector& state, double dt_s) const {
  BallisticMatrix noise;
  Integrate(state, dt_s, nullptr, &noise);
  return noise;
}

bool BallisticPrior::IsValid(std::string* error) const {
  if (!(std::isfinite(velocity_sigma_m_s) && velocity_sigma_m_s > 0.0)) {
    return Invalid(error, "velocity_sigma_m_s must be finite and > 0");
  }
  if (!(std::isfinite(acceleration_sigma_m_s2) && acceleration_sigma_m_s2 > 0.0)) {
    return Invalid(error, "acceleration_sigma_m_s2 must be finite and > 0");
  }
  if (!NonNegativeFinite(inverse_ballistic_coefficient_m2_kg)) {
    return Invalid(error, "inverse_ballistic_coefficient_m2_kg must be finite and >= 0");
  }
  if (!(std::isfinite(inverse_ballistic_coefficient_sigma_m2_kg) &&
        inverse_ballistic_coefficient_sigma_m2_kg > 0.0)) {
    return Invalid(error, "inverse_ballistic_coefficient_sigma_m2_kg must be finite and > 0");
  }
  return true;
}

Gaussian<kBallisticStateSize> BallisticPriorFromFix(const Vector3d& ecef_position,
                                                    const Matrix3d& position_covariance,
                                                    const BallisticPrior& prior) {
  std::string error;
  TRILINK_CHECK(prior.IsValid(&error)) << error;
  Gaussian<kBallisticStateSize> gaussian;
  gaussian.mean.setZero();
  gaussian.mean.segment<3>(kR) = ecef_position;
  gaussian.mean(kK) = prior.inverse_ballistic_coefficient_m2_kg;
  BallisticMatrix& p = gaussian.covariance;
  p.setZero();
  p.block<3, 3>(kR, kR) = 0.5 * (position_covariance + position_covariance.transpose());
  p.block<3, 3>(kV, kV).diagonal().setConstant(prior.velocity_sigma_m_s * prior.velocity_sigma_m_s);
  p.block<3, 3>(kA, kA).diagonal().setConstant(prior.acceleration_sigma_m_s2 *
                                               prior.acceleration_sigma_m_s2);
  p(kK, kK) = prior.inverse_ballistic_coefficient_sigma_m2_kg *
              prior.inverse_ballistic_coefficient_sigma_m2_kg;
  return gaussian;
}

Gaussian<kBallisticStateSize> BallisticPriorFromTwoFixes(const Vector3d& first_ecef_position,
                                                         const Matrix3d& first_covariance,
                                                         const Vector3d& second_ecef_position,
                                                         const Matrix3d& second_covariance,
                                                         double dt_s, const BallisticPrior& prior) {
  TRILINK_CHECK(std::isfinite(dt_s) && dt_s > 0.0) << "fixes must be > 0 s apart, got " << dt_s;
  Gaussian<kBallisticStateSize> gaussian =
      BallisticPriorFromFix(second_ecef_position, second_covariance, prior);
  static const flight::FreeFlightDynamics kDynamics(flight::PhysicsModel::Full());
  const Vector3d mean_velocity = (second_ecef_position - first_ecef_position) / dt_s;
  // The chord's velocity is the mean over the interval; the velocity at the
  // second fix is later by half the interval of the known acceleration.
  const Vector3d known =
      kDynamics.Acceleration(second_ecef_position, mean_velocity,
                             1.0 / prior.inverse_ballistic_coefficient_m2_kg, Vector3d::Zero());
  gaussian.mean.segment<3>(kV) = mean_velocity + 0.5 * dt_s * known;

  const Matrix3d c1 = 0.5 * (first_covariance + first_covariance.transpose());
  const Matrix3d c2 = gaussian.covariance.block<3, 3>(kR, kR);
  const double sa2 = prior.acceleration_sigma_m_s2 * prior.acceleration_sigma_m_s2;
  BallisticMatrix& p = gaussian.covariance;
  p.block<3, 3>(kV, kV) =
      (c1 + c2) / (dt_s * dt_s) + Matrix3d::Identity() * (0.25 * dt_s * dt_s * sa2);
  p.block<3, 3>(kR, kV) = c2 / dt_s;
  p.block<3, 3>(kV, kR) = c2 / dt_s;
  p.block<3, 3>(kV, kA) = Matrix3d::Identity() * (0.5 * dt_s * sa2);
  p.block<3, 3>(kA, kV) = Matrix3d::Identity() * (0.5 * dt_s * sa2);
  return gaussian;
}

std::string_view BallisticFilterKindName(BallisticFilterKind kind) {
  switch (kind) {
    case BallisticFilterKind::kEkf:
      return "ekf";
    case BallisticFilterKind::kUkf:
      return "ukf";
    case BallisticFilterKind::kImmEkf:
      return "imm-ekf";
    case BallisticFilterKind::kImmUkf:
      return "imm-ukf";
  }
  return "unknown";
}

std::optional<BallisticFilterKind> ParseBallisticFilterKind(std::string_view name) {
  for (BallisticFilterKind kind : {BallisticFilterKind::kEkf, BallisticFilterKind::kUkf,
                                   BallisticFilterKind::kImmEkf, BallisticFilterKind::kImmUkf}) {
    if (name == BallisticFilterKindName(kind)) return kind;
  }
  return std::nullopt;
}

Eigen::Vector3d BoostModePrior(const Eigen::Vector3d& initial, double boost_probability) {
  const int boost = static_cast<int>(BallisticMode::kBoost);
  const double others = 1.0 - initial(boost);
  Eigen::Vector3d prior;
  for (int m = 0; m < kNumBallisticModes; ++m) {
    prior(m) = m == boost ? boost_probability
                          : (others > 0.0 ? initial(m) / others : 0.5) * (1.0 - boost_probability);
  }
  return prior;
}

Matrix3d DefaultBallisticSwitchingRates() {
  // Row = from, column = to: boost, ballistic, manoeuvre.
  Matrix3d rates;
  rates << 0.0, 1.0 / 60.0, 1.0 / 600.0,  //
      1e-4, 0.0, 1.0 / 300.0,             //
      1e-4, 1.0 / 60.0, 0.0;
  return rates;
}

bool BallisticFilterBankOptions::IsValid(std::string* error) const {
  for (int i = 0; i < kNumBallisticModes; ++i) {
    const std::string name(BallisticModeName(static_cast<BallisticMode>(i)));
    if (models[i].mode != static_cast<BallisticMode>(i)) {
      return Invalid(error, "models[" + std::to_string(i) + "] must be the " + name + " model");
    }
    std::string model_error;
    if (!models[i].IsValid(&model_error)) return Invalid(error, name + " model: " + model_error);
    for (int j = 0; j < kNumBallisticModes; ++j) {
      if (i != j && !NonNegativeFinite(switching_rates(i, j))) {
        return Invalid(error, "switching rates must be finite and >= 0 (1/s)");
      }
    }
  }
  if (!((initial_probabilities.array() >= 0.0).all() &&
        std::abs(initial_probabilities.sum() - 1.0) < 1e-9)) {
    return Invalid(error, "initial mode probabilities must be >= 0 and sum to 1");
  }
  std::string unscented_error;
  if (!unscented.IsValid(kBallisticStateSize, &unscented_error)) {
    return Invalid(error, "unscented options: " + unscented_error);
  }
  return true;
}

BallisticFilterBank::BallisticFilterBank(const BallisticFilterBankOptions& options)
    : options_(options) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
  for (int i = 0; i < kNumBallisticModes; ++i) {
    models_[i] = std::make_unique<BallisticMotion>(options.models[i]);
  }
  const bool unscented =
      options.kind == BallisticFilterKind::kUkf || options.kind == BallisticFilterKind::kImmUkf;
  auto make_filter = [&](const BallisticMotion& motion) -> std::unique_ptr<Filter<10>> {
    if (unscented) {
      return std::make_unique<UnscentedKalmanFilter<kBallisticStateSize>>(motion,
                                                                          options.unscented);
    }
    return std::make_unique<ExtendedKalmanFilter<kBallisticStateSize>>(motion);
  };
  if (!is_imm()) {
    mode_filters_.push_back(make_filter(motion(options.single_mode)));
    filter_ = mode_filters_.front().get();
    return;
  }
  for (int i = 0; i < kNumBallisticModes; ++i) mode_filters_.push_back(make_filter(*models_[i]));
  Eigen::MatrixXd rates = options.switching_rates;
  for (int i = 0; i < kNumBallisticModes; ++i) {
    rates(i, i) = 0.0;
    rates(i, i) = -rates.row(i).sum();
  }
  imm_ = std::make_unique<InteractingMultipleModel<kBallisticStateSize>>(
      std::initializer_list<const Filter<kBallisticStateSize>*>{
          mode_filters_[0].get(), mode_filters_[1].get(), mode_filters_[2].get()},
      rates, Eigen::VectorXd(options.initial_probabilities));
  filter_ = imm_.get();
}

bool BallisticFilterBank::is_imm() const {
  return options_.kind == BallisticFilterKind::kImmEkf ||
         options_.kind == BallisticFilterKind::kImmUkf;
}

double BallisticFilterBank::ModeProbability(const FilterState<kBallisticStateSize>& state,
                                            BallisticMode mode) const {
  if (!is_imm()) return mode == options_.single_mode ? 1.0 : 0.0;
  TRILINK_CHECK(state.mode_count == kNumBallisticModes)
      << "state was not initialised by this bank's IMM";
  return state.mode_probabilities[static_cast<int>(mode)];
}

BallisticMode BallisticFilterBank::MostProbableMode(
    const FilterState<kBallisticStateSize>& state) const {
  if (!is_imm()) return options_.single_mode;
  int best = 0;
  for (int i = 1; i < kNumBallisticModes; ++i) {
    if (ModeProbability(state, static_cast<BallisticMode>(i)) >
        ModeProbability(state, static_cast<BallisticMode>(best))) {
      best = i;
    }
  }
  return static_cast<BallisticMode>(best);
}

}  // namespace trilink::tracking
