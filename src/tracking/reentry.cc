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

namespace trilink::tracking {

bool ReentryDynamics::IsValid(std::string* error) const {
  if (!(gravity >= 0.0)) {
    *error = "gravity must be >= 0";
    return false;
  }
  if (!(ballistic_coefficient > 0.0)) {
    *error = "ballistic_coefficient must be > 0";
    return false;
  }
  if (!(acceleration_density > 0.0)) {
    *error = "acceleration_density must be > 0";
    return false;
  }
  if (!(max_substep_s > 0.0)) {
    *error = "max_substep_s must be > 0";
    return false;
  }
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
  // Drag deceleration per unit speed and velocity: (g ρ / 2β) V.
  const double scale = dynamics_.gravity / (2.0 * dynamics_.ballistic_coefficient);
  const double drag = scale * density * speed;
  Vector<4> rate;
  rate << velocity, -drag * velocity;
  rate(3) -= dynamics_.gravity;
  if (jacobian != nullptr) {
    jacobian->setZero();
    (*jacobian)(0, 2) = 1.0;
    (*jacobian)(1, 3) = 1.0;
    // ∂a/∂h = −(g ρ'(h) / 2β) V v;  ∂a/∂v = −(g ρ / 2β) (V I + v vᵀ / V).
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
  const double t = std::abs(dt_s), q = dynamics_.acceleration_density;
  const double p = q * t * t * t / 3.0, c = q * t * t / 2.0, v = q * t;
  SquareMatrix<4> noise;
  noise << p, 0, c, 0,  //
      0, p, 0, c,       //
      c, 0, v, 0,       //
      0, c, 0, v;
  return noise;
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

ReentryMonteCarloResult RunReentryMonteCarlo(const ReentryMonteCarloOptions& options) {
  const ReentryScenario& scenario = options.scenario;
  TRILINK_CHECK(options.runs >= 2) << "need at least 2 runs";
  TRILINK_CHECK(scenario.steps >= 1 && scenario.period_s > 0.0) << "bad step count or period";
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

  ReentryMonteCarloResult result{
      .ekf = {MonteCarloSeries(steps + 1), MonteCarloSeries(steps + 1)},
      .ukf = {MonteCarloSeries(steps + 1), MonteCarloSeries(steps + 1)},
      .anees_bounds = AneesInterval(runs, 4),
      .runs = runs,
      .lowest_final_altitude_m = std::numeric_limits<double>::infinity()};
  // truths[k][r]: run r's true state at step k (laid out per step for the PCRLB).
  std::vector<std::vector<Vector<4>>> truths(steps + 1, std::vector<Vector<4>>(runs));
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

    // The velocity prior's mean is drawn about the true velocity from the
    // prior covariance, so the initial velocity error is distributed as the
    // filters believe (Farina et al. 2002 draw the initial estimate so).
    const Vector<2> velocity_prior = truths[0][r].tail<2>() + prior_root * StandardNormal2(prior);
    const Gaussian<4> start =
        ReentryInitialEstimate(radar, radar.Sample(truths[0][r], sensor), velocity_prior, scenario);
    FilterState<4> ekf_state = ekf.Initialise(start), ukf_state = ukf.Initialise(start);
    Record(ekf_state.estimate, truths[0][r], 0, &result.ekf);
    Record(ukf_state.estimate, truths[0][r], 0, &result.ukf);
    for (int k = 1; k <= steps; ++k) {
      const MeasurementVector z = radar.Sample(truths[k][r], sensor);
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

  // J₀ is the inverse of the filters' initial covariance evaluated at the
  // noiseless first measurement: the Fisher information of that measurement
  // about the position, and the velocity prior's.
  const Gaussian<4> nominal_start =
      ReentryInitialEstimate(radar, radar.Predict(initial), initial.tail<2>(), scenario);
  PosteriorCramerRao<4> bound(nominal_start.covariance.inverse());
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
