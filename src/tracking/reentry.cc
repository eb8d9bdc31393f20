#include "trilink/tracking/reentry.h"

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "trilink/core/error.h"
#include "trilink/core/random.h"
#include "trilink/tracking/kalman.h"
#include "trilink/tracking/planar.h"

namespace trilink::tracking {

bool ReentryDynamics::IsValid(std::string* error) const {
  if (!(gravity >= 0.0)) return Invalid(error, "gravity must be >= 0");
  if (!(ballistic_coefficient_kg_m2 > 0.0))
    return Invalid(error, "ballistic_coefficient_kg_m2 must be > 0");
  if (!(acceleration_density > 0.0)) return Invalid(error, "acceleration_density must be > 0");
  if (!(max_substep_s > 0.0)) return Invalid(error, "max_substep_s must be > 0");
  return true;
}

double ReentryAirDensity(double altitude_m, double* derivative) {
  // The benchmark's two exponential layers, split at 9144 m (30 000 ft).
  const bool low = altitude_m < 9144.0;
  const double c1 = low ? 1.227 : 1.754;
  const double c2 = low ? 1.093e-4 : 1.49e-4;
  const double density = c1 * std::exp(-c2 * altitude_m);
  if (derivative != nullptr) *derivative = -c2 * density;
  return density;
}

ReentryMotion::ReentryMotion(const ReentryDynamics& dynamics) : dynamics_(dynamics) {
  std::string error;
  TRILINK_CHECK(dynamics.IsValid(&error)) << error;
}

Vector<4> ReentryMotion::Derivative(const Vector<4>& state, SquareMatrix<4>* jacobian) const {
  const Eigen::Vector2d velocity = state.tail<2>();
  const double speed = velocity.norm();
  TRILINK_CHECK(speed > 0.0) << "the re-entry model needs a nonzero speed";
  double density_rate = 0.0;
  const double density = ReentryAirDensity(state(1), &density_rate);
  // Drag deceleration per unit speed and velocity: (ρ / 2β) V, β the mass
  // per area (the paper's g ρ / 2β' with β' = β g).
  const double scale = 1.0 / (2.0 * dynamics_.ballistic_coefficient_kg_m2);
  const double drag = scale * density * speed;
  Vector<4> rate;
  rate << velocity, -drag * velocity;
  rate(3) -= dynamics_.gravity;
  if (jacobian != nullptr) {
    jacobian->setZero();
    (*jacobian)(0, 2) = 1.0;
    (*jacobian)(1, 3) = 1.0;
    // ∂a/∂h = −(ρ'(h) / 2β) V v;  ∂a/∂v = −(ρ / 2β) (V I + v vᵀ / V).
    jacobian->block<2, 1>(2, 1) = -scale * density_rate * speed * velocity;
    jacobian->block<2, 2>(2, 2) =
        -scale * density *
        (speed * Eigen::Matrix2d::Identity() + velocity * velocity.transpose() / speed);
  }
  return rate;
}

Vector<4> ReentryMotion::Propagate(const Vector<4>& state, double dt_s,
                                   SquareMatrix<4>* transition) const {
  const int substeps =
      std::max(1, static_cast<int>(std::ceil(std::abs(dt_s) / dynamics_.max_substep_s)));
  const double tau = dt_s / substeps;
  Vector<4> x = state;
  SquareMatrix<4> phi = SquareMatrix<4>::Identity();
  SquareMatrix<4> a1, a2, a3, a4;
  for (int i = 0; i < substeps; ++i) {
    if (transition == nullptr) {
      const Vector<4> k1 = Derivative(x);
      const Vector<4> k2 = Derivative(x + 0.5 * tau * k1);
      const Vector<4> k3 = Derivative(x + 0.5 * tau * k2);
      const Vector<4> k4 = Derivative(x + tau * k3);
      x += tau / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
      continue;
    }
    // The same stages applied to the variational equation: the exact
    // derivative of this RK4 step by the chain rule.
    const Vector<4> k1 = Derivative(x, &a1);
    const SquareMatrix<4> p1 = a1 * phi;
    const Vector<4> k2 = Derivative(x + 0.5 * tau * k1, &a2);
    const SquareMatrix<4> p2 = a2 * (phi + 0.5 * tau * p1);
    const Vector<4> k3 = Derivative(x + 0.5 * tau * k2, &a3);
    const SquareMatrix<4> p3 = a3 * (phi + 0.5 * tau * p2);
    const Vector<4> k4 = Derivative(x + tau * k3, &a4);
    const SquareMatrix<4> p4 = a4 * (phi + tau * p3);
    x += tau / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
    phi += tau / 6.0 * (p1 + 2.0 * p2 + 2.0 * p3 + p4);
  }
  if (transition != nullptr) *transition = phi;
  return x;
}

SquareMatrix<4> ReentryMotion::ProcessNoise(const Vector<4>& /*state*/, double dt_s) const {
  // (x, h, ẋ, ḣ) has the planar layout: the same white-acceleration Q.
  return WhiteAccelerationNoise2d(dynamics_.acceleration_density, dt_s);
}

RangeElevationRadar::RangeElevationRadar(double range_sigma_m, double elevation_sigma_rad)
    : range_sigma_m_(range_sigma_m), elevation_sigma_rad_(elevation_sigma_rad) {
  TRILINK_CHECK(range_sigma_m > 0.0 && elevation_sigma_rad > 0.0) << "sigmas must be > 0";
  noise_ = MeasurementCovariance::Zero(2, 2);
  noise_(0, 0) = range_sigma_m * range_sigma_m;
  noise_(1, 1) = elevation_sigma_rad * elevation_sigma_rad;
}

MeasurementVector RangeElevationRadar::Predict(const Vector<4>& state,
                                               MeasurementJacobian<4>* jacobian) const {
  const double x = state(0), h = state(1);
  const double r2 = x * x + h * h, r = std::sqrt(r2);
  if (jacobian != nullptr) {
    jacobian->setZero(2, 4);
    (*jacobian)(0, 0) = x / r;
    (*jacobian)(0, 1) = h / r;
    (*jacobian)(1, 0) = -h / r2;
    (*jacobian)(1, 1) = x / r2;
  }
  MeasurementVector z(2);
  z << r, std::atan2(h, x);
  return z;
}

MeasurementVector RangeElevationRadar::Residual(const MeasurementVector& measured,
                                                const MeasurementVector& predicted) const {
  MeasurementVector nu = measured - predicted;
  nu(1) = std::remainder(nu(1), 2.0 * std::numbers::pi);
  return nu;
}

std::optional<sensors::LocatedMeasurement> RangeElevationRadar::Locate(
    const MeasurementVector& measurement) const {
  const double r = measurement(0);
  return sensors::LocatedMeasurement{
      {r * std::cos(measurement(1)), r * std::sin(measurement(1)), 0.0},
      std::hypot(range_sigma_m_, r * elevation_sigma_rad_)};
}

Gaussian<2> RangeElevationRadar::ConvertToPosition(const MeasurementVector& measurement) const {
  const double r = measurement(0), e = measurement(1);
  const double s2 = elevation_sigma_rad_ * elevation_sigma_rad_;
  const double lambda = std::exp(-0.5 * s2);
  const double lambda4 = std::exp(-2.0 * s2);  // λ⁴ = E[cos 2ẽ]
  const double first = (1.0 / (lambda * lambda) - 2.0) * r * r;
  const double second = 0.5 * (r * r + range_sigma_m_ * range_sigma_m_);
  const double c = std::cos(e), s = std::sin(e);
  Gaussian<2> position;
  position.mean = Vector<2>(r * c, r * s) / lambda;
  position.covariance(0, 0) = first * c * c + second * (1.0 + lambda4 * std::cos(2.0 * e));
  position.covariance(1, 1) = first * s * s + second * (1.0 - lambda4 * std::cos(2.0 * e));
  position.covariance(0, 1) = position.covariance(1, 0) =
      first * c * s + second * lambda4 * std::sin(2.0 * e);
  return position;
}

SquareMatrix<2> ReentryVelocityPriorCovariance(const ReentryScenario& scenario) {
  const Eigen::Vector2d along(std::cos(scenario.initial_heading_rad),
                              std::sin(scenario.initial_heading_rad));
  const Eigen::Vector2d across(-along(1), along(0));
  const double along_sigma = scenario.speed_sigma_mps;
  const double across_sigma = scenario.initial_speed_mps * scenario.heading_sigma_rad;
  return along_sigma * along_sigma * along * along.transpose() +
         across_sigma * across_sigma * across * across.transpose();
}

Gaussian<4> ReentryInitialEstimate(const RangeElevationRadar& radar,
                                   const MeasurementVector& first_measurement,
                                   const Vector<2>& velocity_prior_mean,
                                   const ReentryScenario& scenario) {
  const Gaussian<2> position = radar.ConvertToPosition(first_measurement);
  Gaussian<4> estimate;
  estimate.mean << position.mean, velocity_prior_mean;
  estimate.covariance.setZero();
  estimate.covariance.topLeftCorner<2, 2>() = position.covariance;
  estimate.covariance.bottomRightCorner<2, 2>() = ReentryVelocityPriorCovariance(scenario);
  return estimate;
}

bool ReentryBatchOptions::IsValid(std::string* error) const {
  if (max_iterations < 1) return Invalid(error, "max_iterations must be >= 1");
  if (!(decrement_tolerance > 0.0)) return Invalid(error, "decrement_tolerance must be > 0");
  return true;
}

namespace {

// The Gauss–Newton normal equations of the batch problem at one trajectory.
struct BatchSystem {
  Eigen::MatrixXd hessian;   // A = Σ Jᵀ W J
  Eigen::VectorXd gradient;  // g = Σ Jᵀ W e
  double cost = 0.0;         // ½ Σ eᵀ W e
};

// Residuals e (measured minus modelled), weights W (inverse covariances) and
// their Jacobians J = ∂e/∂X for the prior, each measurement and each
// dynamics step, accumulated into A, g and the cost. With `hessian` false
// only the cost is computed (for the step halving).
BatchSystem Linearise(const ReentryMotion& motion, const RangeElevationRadar& radar,
                      std::span<const MeasurementVector> measurements, double period_s,
                      const Gaussian<2>& velocity_prior, const SquareMatrix<2>& prior_information,
                      const SquareMatrix<4>& noise_information,
                      const std::vector<Vector<4>>& trajectory, bool hessian) {
  const int k = static_cast<int>(trajectory.size());
  BatchSystem system;
  if (hessian) {
    system.hessian = Eigen::MatrixXd::Zero(4 * k, 4 * k);
    system.gradient = Eigen::VectorXd::Zero(4 * k);
  }
  const Eigen::Matrix2d measurement_information =
      radar.NoiseCovariance().llt().solve(Eigen::Matrix2d::Identity());

  const Eigen::Vector2d prior_error = trajectory[0].tail<2>() - velocity_prior.mean;
  system.cost += 0.5 * prior_error.dot(prior_information * prior_error);
  if (hessian) {
    system.hessian.block<2, 2>(2, 2) += prior_information;
    system.gradient.segment<2>(2) += prior_information * prior_error;
  }
  for (int j = 0; j < k; ++j) {
    MeasurementJacobian<4> jacobian;
    const Eigen::Vector2d error =
        radar.Residual(measurements[j], radar.Predict(trajectory[j], &jacobian));
    system.cost += 0.5 * error.dot(measurement_information * error);
    if (!hessian) continue;
    // ∂e/∂x_j = −H.
    const Eigen::Matrix<double, 2, 4> h = jacobian;
    system.hessian.block<4, 4>(4 * j, 4 * j) += h.transpose() * measurement_information * h;
    system.gradient.segment<4>(4 * j) -= h.transpose() * (measurement_information * error);
  }
  for (int j = 0; j + 1 < k; ++j) {
    SquareMatrix<4> transition;
    const Vector<4> error = trajectory[j + 1] - motion.Propagate(trajectory[j], period_s,
                                                                 hessian ? &transition : nullptr);
    const Vector<4> weighted = noise_information * error;
    system.cost += 0.5 * error.dot(weighted);
    if (!hessian) continue;
    // ∂e/∂x_j = −F, ∂e/∂x_{j+1} = I.
    const SquareMatrix<4> weighted_transition = noise_information * transition;
    system.hessian.block<4, 4>(4 * j, 4 * j) += transition.transpose() * weighted_transition;
    system.hessian.block<4, 4>(4 * j, 4 * j + 4) -= weighted_transition.transpose();
    system.hessian.block<4, 4>(4 * j + 4, 4 * j) -= weighted_transition;
    system.hessian.block<4, 4>(4 * j + 4, 4 * j + 4) += noise_information;
    system.gradient.segment<4>(4 * j) -= transition.transpose() * weighted;
    system.gradient.segment<4>(4 * j + 4) += weighted;
  }
  return system;
}

}  // namespace

ReentryBatchFit FitReentryBatch(const ReentryMotion& motion, const RangeElevationRadar& radar,
                                std::span<const MeasurementVector> measurements, double period_s,
                                const Gaussian<2>& velocity_prior,
                                const ReentryBatchOptions& options) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
  TRILINK_CHECK(!measurements.empty() && period_s > 0.0) << "need >= 1 measurement and T > 0";
  const int k = static_cast<int>(measurements.size());
  const SquareMatrix<2> prior_information =
      velocity_prior.covariance.llt().solve(SquareMatrix<2>::Identity());
  // Q does not depend on the state (white acceleration).
  const SquareMatrix<4> noise_information =
      motion.ProcessNoise(Vector<4>::Zero(), period_s).llt().solve(SquareMatrix<4>::Identity());

  // The start: the first measurement's plain polar-to-Cartesian position (the
  // maximum-likelihood position of one scan) with the prior velocity, then an
  // EKF pass through the other scans. Coasting the prior instead leaves a
  // long window tens of kilometres from its scans, where full Gauss–Newton
  // steps fly out of the atmosphere model's domain.
  std::vector<Vector<4>> trajectory(k);
  const double r = measurements[0](0), e = measurements[0](1);
  trajectory[0] << r * std::cos(e), r * std::sin(e), velocity_prior.mean;
  {
    const ExtendedKalmanFilter<4> ekf(motion);
    Gaussian<4> start;
    start.mean = trajectory[0];
    start.covariance.setZero();
    start.covariance.topLeftCorner<2, 2>() = radar.ConvertToPosition(measurements[0]).covariance;
    start.covariance.bottomRightCorner<2, 2>() = velocity_prior.covariance;
    FilterState<4> state = ekf.Initialise(start);
    for (int j = 1; j < k; ++j) {
      state = ekf.Predict(state, period_s);
      const Innovation<4> innovation = ekf.Innovate(state, radar);
      if (innovation.valid) state = ekf.Update(state, innovation, measurements[j], radar);
      trajectory[j] = state.estimate.mean;
    }
  }

  const auto linearise = [&](const std::vector<Vector<4>>& x, bool hessian) {
    return Linearise(motion, radar, measurements, period_s, velocity_prior, prior_information,
                     noise_information, x, hessian);
  };
  ReentryBatchFit fit;
  BatchSystem system = linearise(trajectory, true);
  Eigen::LLT<Eigen::MatrixXd> llt;
  for (fit.iterations = 0; fit.iterations < options.max_iterations; ++fit.iterations) {
    llt.compute(system.hessian);
    if (llt.info() != Eigen::Success) break;
    const Eigen::VectorXd step = -llt.solve(system.gradient);
    const double decrement = -step.dot(system.gradient);
    if (decrement < options.decrement_tolerance) {
      fit.converged = true;
      break;
    }
    // Step halving: Gauss–Newton from a start kilometres off across the line
    // of sight can overshoot on the range arc; a shorter step along the same
    // descent direction always lowers the cost eventually.
    std::vector<Vector<4>> trial(k);
    double length = 1.0;
    bool decreased = false;
    for (int halving = 0; halving < 30 && !decreased; ++halving, length *= 0.5) {
      bool inside = true;
      for (int j = 0; j < k; ++j) {
        trial[j] = trajectory[j] + length * step.segment<4>(4 * j);
        // The dynamics need a speed and an atmosphere (drag grows without
        // bound below ground): a step out of that domain is too long.
        inside = inside && trial[j](1) > 0.0 && trial[j].tail<2>().norm() > 1.0;
      }
      decreased = inside && linearise(trial, false).cost < system.cost;
    }
    if (!decreased) break;  // at the optimum to rounding, or a failing model: not converged
    trajectory = trial;
    system = linearise(trajectory, true);
  }
  fit.cost = system.cost;
  llt.compute(system.hessian);
  if (llt.info() != Eigen::Success) {
    fit.converged = false;
    fit.estimate.mean = trajectory.back();
    return fit;
  }
  // The marginal covariance of x_{k−1}: the last block column of A⁻¹.
  Eigen::MatrixXd last = Eigen::MatrixXd::Zero(4 * k, 4);
  last.bottomRows<4>().setIdentity();
  const Eigen::MatrixXd columns = llt.solve(last);
  fit.estimate.mean = trajectory.back();
  fit.estimate.covariance = columns.bottomRows<4>();
  fit.estimate.covariance =
      (0.5 * (fit.estimate.covariance + fit.estimate.covariance.transpose())).eval();
  return fit;
}

SquareMatrix<4> ReentryBatchInitialInformation(const RangeElevationRadar& radar,
                                               const Vector<4>& state,
                                               const SquareMatrix<2>& velocity_prior_covariance) {
  MeasurementJacobian<4> jacobian;
  radar.Predict(state, &jacobian);
  SquareMatrix<4> information =
      jacobian.transpose() * radar.NoiseCovariance().llt().solve(jacobian);
  information.bottomRightCorner<2, 2>() +=
      velocity_prior_covariance.llt().solve(SquareMatrix<2>::Identity());
  return information;
}

namespace {

Vector<2> StandardNormal2(RandomStream& random) {
  const double a = random.Normal();
  const double b = random.Normal();
  return {a, b};
}

void Record(const Gaussian<4>& estimate, const Vector<4>& truth, int step,
            ReentryFilterSeries* series) {
  series->position.Add(step, SquaredError(estimate.mean, truth, 0, 2), Nees(estimate, truth));
  series->velocity.Add(step, SquaredError(estimate.mean, truth, 2, 2), 0.0);
}

}  // namespace

bool ReentryScenario::IsValid(std::string* error) const {
  const auto positive = [](double x) { return std::isfinite(x) && x > 0.0; };
  if (!std::isfinite(initial_downrange_m))
    return Invalid(error, "initial_downrange_m must be finite");
  if (!std::isfinite(initial_altitude_m))
    return Invalid(error, "initial_altitude_m must be finite");
  if (!std::isfinite(initial_heading_rad))
    return Invalid(error, "initial_heading_rad must be finite");
  if (!positive(initial_speed_mps))
    return Invalid(error, "initial_speed_mps must be finite and > 0");
  if (!positive(period_s)) return Invalid(error, "period_s must be finite and > 0");
  if (steps < 1) return Invalid(error, "steps must be >= 1");
  if (!positive(range_sigma_m)) return Invalid(error, "range_sigma_m must be finite and > 0");
  if (!positive(elevation_sigma_rad))
    return Invalid(error, "elevation_sigma_rad must be finite and > 0");
  if (!positive(speed_sigma_mps)) return Invalid(error, "speed_sigma_mps must be finite and > 0");
  if (!positive(heading_sigma_rad))
    return Invalid(error, "heading_sigma_rad must be finite and > 0");
  std::string detail;
  if (!dynamics.IsValid(&detail)) return Invalid(error, "dynamics: " + detail);
  return true;
}

bool ReentryMonteCarloOptions::IsValid(std::string* error) const {
  std::string detail;
  if (!scenario.IsValid(&detail)) return Invalid(error, "scenario: " + detail);
  if (!unscented.IsValid(4, &detail)) return Invalid(error, "unscented: " + detail);
  if (start == ReentryStart::kBatch && !(batch_scans >= 1 && batch_scans <= scenario.steps + 1))
    return Invalid(error, "batch_scans must be in [1, scenario.steps + 1]");
  if (!batch.IsValid(&detail)) return Invalid(error, "batch: " + detail);
  if (runs < 2) return Invalid(error, "runs must be >= 2");
  return true;
}

ReentryMonteCarloResult RunReentryMonteCarlo(const ReentryMonteCarloOptions& options) {
  {
    std::string error;
    TRILINK_CHECK(options.IsValid(&error)) << error;
  }
  const ReentryScenario& scenario = options.scenario;
  const int steps = scenario.steps, runs = options.runs;
  const double period = scenario.period_s;
  const ReentryMotion motion(scenario.dynamics);
  const RangeElevationRadar radar(scenario.range_sigma_m, scenario.elevation_sigma_rad);
  const ExtendedKalmanFilter<4> ekf(motion);
  const UnscentedKalmanFilter<4> ukf(motion, options.unscented);

  Vector<4> initial;
  initial << scenario.initial_downrange_m, scenario.initial_altitude_m,
      scenario.initial_speed_mps * std::cos(scenario.initial_heading_rad),
      scenario.initial_speed_mps * std::sin(scenario.initial_heading_rad);
  // Q does not depend on the state: one Cholesky factor serves every draw.
  const SquareMatrix<4> noise_root = motion.ProcessNoise(initial, period).llt().matrixL();
  const SquareMatrix<2> prior_root = ReentryVelocityPriorCovariance(scenario).llt().matrixL();

  const bool batch = options.start == ReentryStart::kBatch;
  // The filters' first step: they take over from the batch fit at its last
  // scan, or from the converted first measurement at scan 0.
  const int first_filter_step = batch ? options.batch_scans - 1 : 0;
  const SquareMatrix<2> prior_covariance = ReentryVelocityPriorCovariance(scenario);

  ReentryMonteCarloResult result{
      .ekf = {MonteCarloSeries(steps + 1), MonteCarloSeries(steps + 1)},
      .ukf = {MonteCarloSeries(steps + 1), MonteCarloSeries(steps + 1)},
      .anees_bounds = AneesInterval(runs, 4),
      .runs = runs,
      .lowest_final_altitude_m = std::numeric_limits<double>::infinity()};
  // truths[k][r]: run r's true state at step k (laid out per step for the PCRLB).
  std::vector<std::vector<Vector<4>>> truths(steps + 1, std::vector<Vector<4>>(runs));
  std::vector<MeasurementVector> measurements(steps + 1);
  for (int r = 0; r < runs; ++r) {
    const std::string name = "reentry/" + std::to_string(r);
    RandomStream process(options.seed, name + "/process");
    RandomStream sensor(options.seed, name + "/measurement");
    RandomStream prior(options.seed, name + "/prior");
    truths[0][r] = initial;
    for (int k = 1; k <= steps; ++k) {
      Vector<4> unit;
      for (int i = 0; i < 4; ++i) unit(i) = process.Normal();
      truths[k][r] = motion.Propagate(truths[k - 1][r], period) + noise_root * unit;
    }
    result.lowest_final_altitude_m = std::min(result.lowest_final_altitude_m, truths[steps][r](1));
    for (int k = 0; k <= steps; ++k) measurements[k] = radar.Sample(truths[k][r], sensor);

    // The velocity prior's mean is drawn about the true velocity from the
    // prior covariance, so the initial velocity error is distributed as the
    // filters believe (Farina et al. 2002 draw the initial estimate so).
    const Gaussian<2> velocity_prior{
        .mean = truths[0][r].tail<2>() + prior_root * StandardNormal2(prior),
        .covariance = prior_covariance};
    Gaussian<4> start;
    if (batch) {
      // Before the filters take over, the batch fit over the scans so far is
      // the estimate (a filtered one: scans 0 … k only).
      for (int k = 0; k <= first_filter_step; ++k) {
        const ReentryBatchFit fit = FitReentryBatch(
            motion, radar, std::span(measurements).first(static_cast<size_t>(k) + 1), period,
            velocity_prior, options.batch);
        if (!fit.converged) {
          ++result.ekf.unconverged_batch_fits;
          ++result.ukf.unconverged_batch_fits;
        }
        start = fit.estimate;
        if (k < first_filter_step) {
          Record(start, truths[k][r], k, &result.ekf);
          Record(start, truths[k][r], k, &result.ukf);
        }
      }
    } else {
      start = ReentryInitialEstimate(radar, measurements[0], velocity_prior.mean, scenario);
    }
    FilterState<4> ekf_state = ekf.Initialise(start), ukf_state = ukf.Initialise(start);
    Record(ekf_state.estimate, truths[first_filter_step][r], first_filter_step, &result.ekf);
    Record(ukf_state.estimate, truths[first_filter_step][r], first_filter_step, &result.ukf);
    for (int k = first_filter_step + 1; k <= steps; ++k) {
      const MeasurementVector& z = measurements[k];
      const std::pair<const Filter<4>*, FilterState<4>*> filters[] = {{&ekf, &ekf_state},
                                                                      {&ukf, &ukf_state}};
      for (const auto& [filter, state] : filters) {
        *state = filter->Predict(*state, period);
        const Innovation<4> innovation = filter->Innovate(*state, radar);
        ReentryFilterSeries& series = filter == &ekf ? result.ekf : result.ukf;
        if (innovation.valid) {
          *state = filter->Update(*state, innovation, z, radar);
        } else {
          ++series.invalid_innovations;
        }
        Record(state->estimate, truths[k][r], k, &series);
      }
    }
  }

  // J₀ is the information the filters start from. With the batch start it is
  // the velocity prior's plus the first measurement's Fisher information, and
  // the recursion then takes in the same later scans the batch fit uses, so
  // the bound at the fit's last scan is the inverse of the batch problem's
  // Fisher information (its Schur complement onto that state) averaged over
  // the truths. With the converted start it is the inverse of the filters'
  // initial covariance evaluated at the noiseless first measurement. The
  // truth starts at one known state, so J₀ needs no average.
  const SquareMatrix<4> initial_information =
      batch ? ReentryBatchInitialInformation(radar, initial, prior_covariance)
            : SquareMatrix<4>(
                  ReentryInitialEstimate(radar, radar.Predict(initial), initial.tail<2>(), scenario)
                      .covariance.inverse());
  PosteriorCramerRao<4> bound(initial_information);
  for (int k = 0; k <= steps; ++k) {
    if (k > 0) bound.Step(motion, period, truths[k - 1], truths[k], &radar);
    const SquareMatrix<4> covariance = bound.Bound();
    result.time_s.push_back(k * period);
    result.pcrlb_position_m.push_back(std::sqrt(covariance.topLeftCorner<2, 2>().trace()));
    result.pcrlb_velocity_mps.push_back(std::sqrt(covariance.bottomRightCorner<2, 2>().trace()));
  }
  return result;
}

}  // namespace trilink::tracking
