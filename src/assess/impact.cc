// Impact and launch prediction by sigma points through flight's dynamics
// (include/trilink/assess/impact.h; docs/assessment.md).
#include "trilink/assess/impact.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <numbers>

#include "trilink/core/error.h"
#include "trilink/flight/integrator.h"

namespace trilink::assess {
namespace {

using Eigen::Vector3d;
using State6 = Eigen::Matrix<double, 6, 1>;
using tracking::BallisticVector;
constexpr int kN = tracking::kBallisticStateSize;

// Vertical-speed damping of the equilibrium glide (1/s): the law of
// flight/trajectory.cc's glide, so a predicted glide is the simulator's.
constexpr double kVerticalDamping = 0.05;

// One sample's flight parameters.
struct Sample {
  State6 y;             // r, v at the start
  double beta = 0.0;    // kg/m², may be ±∞ or negative (see dynamics.h)
  double lift_to_drag;  // k ≥ 0 of the glide (0: none)
  double thrust = 0.0;  // backward boost: thrust per mass along v (m/s²)
};

class Flyer {
 public:
  Flyer(const PropagationOptions& options)
      : options_(options),
        dynamics_(options.physics),
        integrator_(flight::IntegratorOptions{.relative_tolerance = options.relative_tolerance,
                                              .max_step_s = options.max_step_s},
                    (State6() << Vector3d::Constant(options.position_tolerance_m),
                     Vector3d::Constant(options.velocity_tolerance_m_s))
                        .finished()) {}

  const flight::FreeFlightDynamics& dynamics() const { return dynamics_; }

  // The lift (m/s²) of the equilibrium glide at (r, v) for ratio k, given
  // the free-flight acceleration `a`.
  Vector3d Lift(const Vector3d& r, const Vector3d& v, double beta, double k,
                const Vector3d& a) const {
    if (k <= 0.0) return Vector3d::Zero();
    const double speed = v.norm();
    if (speed < options_.dive_speed_m_s) return Vector3d::Zero();
    const double drag_per_speed = dynamics_.DragPerVelocity(r, v, beta);
    if (!(drag_per_speed > 0.0)) return Vector3d::Zero();
    const Vector3d up = dynamics_.Up(r);
    const double vertical_speed = v.dot(up);
    const double horizontal_speed2 = std::max(0.0, speed * speed - vertical_speed * vertical_speed);
    Vector3d direction = up - (vertical_speed / (speed * speed)) * v;
    const double norm = direction.norm();
    if (norm < 1e-6) return Vector3d::Zero();
    direction /= norm;
    const double needed =
        (-kVerticalDamping * vertical_speed - a.dot(up) - horizontal_speed2 / r.norm()) /
        direction.dot(up);
    const double available = k * drag_per_speed * speed;
    return std::clamp(needed, 0.0, available) * direction;
  }

  State6 Derivative(const State6& y, const Sample& sample, double sign) const {
    const Vector3d r = y.head<3>(), v = y.tail<3>();
    Vector3d a = dynamics_.Acceleration(r, v, sample.beta, Vector3d::Zero());
    if (sample.lift_to_drag > 0.0) a += Lift(r, v, sample.beta, sample.lift_to_drag, a);
    if (sample.thrust > 0.0) {
      const double speed = v.norm();
      if (speed > 1e-3) a += (sample.thrust / speed) * v;
    }
    State6 derivative;
    derivative << sign * v, sign * a;
    return derivative;
  }

  struct Result {
    bool ground = false;
    double elapsed_s = 0.0;  // ≥ 0, in the direction of flight
    State6 y;
    double apogee_m = 0.0;  // highest height seen (forward only)
  };

  // Flies `sample` forward (sign +1) or backward (−1) to height 0, or, going
  // backward with thrust, to the vertical-rise speed. With `path`, records
  // the state every path_interval_s (forward).
  Result Fly(const Sample& sample, double sign, std::vector<std::pair<double, Vector3d>>* path,
             bool* stopped_slow = nullptr) const {
    Result result;
    result.apogee_m = dynamics_.AtmosphereHeight(sample.y.head<3>());
    double next_path_s = 0.0;
    if (path) {
      path->emplace_back(0.0, sample.y.head<3>());
      next_path_s = options_.path_interval_s;
    }
    auto rhs = [&](double, const State6& y) { return Derivative(y, sample, sign); };
    auto height = [&](double, const State6& y) { return dynamics_.AtmosphereHeight(y.head<3>()); };
    auto up_speed = [&](double, const State6& y) {
      return y.tail<3>().dot(dynamics_.Up(y.head<3>()));
    };
    auto slow = [&](double, const State6& y) {
      return y.tail<3>().norm() - options_.vertical_rise_speed_m_s;
    };
    bool hit_slow = false;
    const auto observer = [&](const flight::DenseStep<6>& step) -> std::optional<double> {
      if (sign > 0.0) {
        const double u0 = up_speed(0, step.y0()), u1 = up_speed(0, step.y1());
        if (u0 > 0.0 && u1 <= 0.0) {
          const double t = flight::FindRoot(step, up_speed, 1e-6);
          result.apogee_m = std::max(result.apogee_m, height(0, step.At(t)));
        }
        result.apogee_m = std::max(result.apogee_m, height(0, step.y1()));
      }
      std::optional<double> stop;
      if (height(0, step.y1()) <= 0.0) stop = flight::FindRoot(step, height, 1e-6);
      if (sample.thrust > 0.0 && slow(0, step.y1()) <= 0.0 && slow(0, step.y0()) > 0.0) {
        const double t = flight::FindRoot(step, slow, 1e-6);
        if (!stop || t < *stop) {
          stop = t;
          hit_slow = true;
        } else {
          hit_slow = false;
        }
      }
      if (path) {
        const double end = stop ? *stop : step.t1();
        while (next_path_s <= end) {
          path->emplace_back(next_path_s, step.At(next_path_s).head<3>());
          next_path_s += options_.path_interval_s;
        }
      }
      return stop;
    };
    const auto summary =
        integrator_.Integrate(rhs, 0.0, sample.y, options_.max_flight_time_s, observer);
    result.ground = summary.end == flight::IntegrationEnd::kStoppedByObserver;
    result.elapsed_s = summary.t;
    result.y = summary.y;
    if (path && result.ground && path->back().first < summary.t) {
      path->emplace_back(summary.t, summary.y.head<3>());
    }
    if (stopped_slow) *stopped_slow = hit_slow && result.ground;
    return result;
  }

 private:
  PropagationOptions options_;
  flight::FreeFlightDynamics dynamics_;
  flight::DormandPrince54<6> integrator_;
};

// The unscented sigma points and weights of a 10-state Gaussian.
void SigmaPoints(const Gaussian<kN>& state, double lambda, std::vector<BallisticVector>* points,
                 std::vector<double>* weights) {
  const Eigen::SelfAdjointEigenSolver<SquareMatrix<kN>> eigen(
      0.5 * (state.covariance + state.covariance.transpose()));
  const double scale = std::sqrt(kN + lambda);
  points->assign(1, state.mean);
  weights->assign(1, lambda / (kN + lambda));
  for (int i = 0; i < kN; ++i) {
    const BallisticVector column =
        std::sqrt(std::max(0.0, eigen.eigenvalues()(i))) * eigen.eigenvectors().col(i);
    for (double sign : {1.0, -1.0}) {
      points->push_back(state.mean + sign * scale * column);
      weights->push_back(0.5 / (kN + lambda));
    }
  }
}

// A sample of a sigma point: β from κ, the lift ratio from a (kLift).
Sample SampleOf(const BallisticVector& x, const Flyer& flyer, const PropagationOptions& options,
                double lift_to_drag_floor = 0.0) {
  Sample sample;
  sample.y = x.head<6>();
  const double kappa = x(tracking::kBallisticInverseCoefficient);
  sample.beta = 1.0 / kappa;
  sample.lift_to_drag = 0.0;
  if (options.extra_acceleration != ExtraAccelerationModel::kLift) return sample;
  const Vector3d r = x.head<3>(), v = x.segment<3>(3), a = x.segment<3>(6);
  const double speed = v.norm();
  const double drag_per_speed = flyer.dynamics().DragPerVelocity(r, v, sample.beta);
  if (!(drag_per_speed > 0.0) || speed < 1.0) return sample;
  const Vector3d up = flyer.dynamics().Up(r);
  Vector3d direction = up - (v.dot(up) / (speed * speed)) * v;
  if (direction.norm() < 1e-6) return sample;
  direction.normalize();
  const double lift = a.dot(direction);
  const double drag = drag_per_speed * speed;
  // Above the thin air a small a (the ballistic mode's residue) divided by a
  // tiny drag would give any L/D: lift needs both to be felt.
  if (lift < options.min_lift_m_s2 || drag < options.min_drag_m_s2) return sample;
  sample.lift_to_drag =
      std::min(std::max(lift / drag, lift_to_drag_floor), options.max_lift_to_drag);
  return sample;
}

struct GroundCloud {
  geo::Geodetic mean;
  Eigen::Matrix2d covariance;
  std::vector<geo::Geodetic> points;
};

// Weighted mean point and east/north covariance of ground points (ECEF).
GroundCloud CloudOf(const std::vector<Vector3d>& ecef_points, const std::vector<double>& weights,
                    const Vector3d& reference) {
  geo::Geodetic origin = geo::EcefToGeodetic(reference);
  origin.height_m = 0.0;
  const geo::LocalFrame frame(origin);
  std::vector<Eigen::Vector2d> en(ecef_points.size());
  Eigen::Vector2d mean = Eigen::Vector2d::Zero();
  for (size_t i = 0; i < ecef_points.size(); ++i) {
    en[i] = frame.EcefToEnu(ecef_points[i]).head<2>();
    mean += weights[i] * en[i];
  }
  GroundCloud cloud;
  cloud.covariance.setZero();
  for (size_t i = 0; i < en.size(); ++i) {
    const Eigen::Vector2d d = en[i] - mean;
    cloud.covariance += weights[i] * d * d.transpose();
  }
  // The mean's ECEF point in the origin's plane, put back on the ellipsoid.
  cloud.mean = geo::EcefToGeodetic(frame.EnuToEcef(Eigen::Vector3d(mean(0), mean(1), 0.0)));
  cloud.mean.height_m = 0.0;
  // A few km from the origin the tangent planes differ by < 1 mrad: the
  // covariance is kept in the origin's plane (a rotation of < 1e-3).
  for (const Vector3d& p : ecef_points) {
    geo::Geodetic g = geo::EcefToGeodetic(p);
    g.height_m = 0.0;
    cloud.points.push_back(g);
  }
  return cloud;
}

double WeightedMeanAndSigma(const std::vector<double>& values, const std::vector<double>& weights,
                            double* sigma) {
  double mean = 0.0;
  for (size_t i = 0; i < values.size(); ++i) mean += weights[i] * values[i];
  double variance = 0.0;
  for (size_t i = 0; i < values.size(); ++i) {
    variance += weights[i] * (values[i] - mean) * (values[i] - mean);
  }
  *sigma = std::sqrt(variance);
  return mean;
}

}  // namespace

bool PropagationOptions::IsValid(std::string* error) const {
  if (!(sigma_point_lambda >= 0.0))
    return Invalid(error, "sigma_point_lambda must be >= 0 (non-negative weights)");
  if (!(relative_tolerance > 0.0 && relative_tolerance < 1.0 && position_tolerance_m > 0.0 &&
        velocity_tolerance_m_s > 0.0 && max_step_s > 0.0 && max_flight_time_s > 0.0 &&
        path_interval_s > 0.0)) {
    return Invalid(
        error, "tolerances, steps, the flight-time limit and the path interval must be positive");
  }
  if (!(max_lift_to_drag >= 0.0 && dive_speed_m_s >= 0.0 && vertical_rise_speed_m_s > 0.0 &&
        min_lift_m_s2 > 0.0 && min_drag_m_s2 > 0.0)) {
    return Invalid(error,
                   "max_lift_to_drag and dive_speed_m_s must be >= 0, vertical_rise_speed_m_s, "
                   "min_lift_m_s2 and min_drag_m_s2 > 0");
  }
  return true;
}

GroundEllipse EllipseOf(const geo::Geodetic& centre, const Eigen::Matrix2d& east_north_covariance,
                        double probability) {
  TRILINK_CHECK(probability > 0.0 && probability < 1.0) << "probability " << probability;
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eigen(east_north_covariance);
  const double k = std::sqrt(-2.0 * std::log(1.0 - probability));
  GroundEllipse ellipse;
  ellipse.centre = centre;
  ellipse.probability = probability;
  ellipse.semi_major_m = k * std::sqrt(std::max(0.0, eigen.eigenvalues()(1)));
  ellipse.semi_minor_m = k * std::sqrt(std::max(0.0, eigen.eigenvalues()(0)));
  const Eigen::Vector2d major = eigen.eigenvectors().col(1);  // (east, north)
  double azimuth = std::atan2(major(0), major(1));
  if (azimuth < 0.0) azimuth += std::numbers::pi;
  if (azimuth >= std::numbers::pi) azimuth -= std::numbers::pi;
  ellipse.major_azimuth_rad = azimuth;
  return ellipse;
}

ImpactPropagation PredictImpact(const Gaussian<kN>& state, UtcTime time,
                                const PropagationOptions& options, double lift_to_drag_floor) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
  const Flyer flyer(options);
  std::vector<BallisticVector> points;
  std::vector<double> weights;
  SigmaPoints(state, options.sigma_point_lambda, &points, &weights);

  ImpactPropagation out;
  std::vector<Vector3d> impacts(points.size());
  std::vector<double> times(points.size());
  std::vector<std::pair<double, Vector3d>> path;
  for (size_t i = 0; i < points.size(); ++i) {
    const Flyer::Result flown = flyer.Fly(SampleOf(points[i], flyer, options, lift_to_drag_floor),
                                          +1.0, i == 0 ? &path : nullptr);
    if (!flown.ground) {
      ++out.failed_samples;
      continue;
    }
    impacts[i] = flown.y.head<3>();
    times[i] = flown.elapsed_s;
    if (i == 0) out.predicted_apogee_m = flown.apogee_m;
  }
  if (out.failed_samples > 0) return out;

  const GroundCloud cloud = CloudOf(impacts, weights, impacts[0]);
  ImpactPrediction& prediction = out.prediction;
  double time_sigma = 0.0;
  const double mean_time = WeightedMeanAndSigma(times, weights, &time_sigma);
  prediction.estimate.point = cloud.mean;
  prediction.estimate.east_north_covariance = cloud.covariance;
  prediction.estimate.time = time + Duration::Seconds(mean_time);
  prediction.estimate.time_sigma_s = time_sigma;
  prediction.ellipse50 = EllipseOf(cloud.mean, cloud.covariance, 0.5);
  prediction.ellipse95 = EllipseOf(cloud.mean, cloud.covariance, 0.95);
  prediction.sample_points = cloud.points;
  prediction.sample_weights = weights;
  out.path.reserve(path.size());
  for (const auto& [t, r] : path) {
    geo::Geodetic g = geo::EcefToGeodetic(r);
    out.path.push_back({time + Duration::Seconds(t), g});
  }
  return out;
}

std::optional<GroundEstimate> PredictLaunch(const Gaussian<kN>& state, UtcTime time, bool boosting,
                                            const PropagationOptions& options) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
  PropagationOptions backward = options;
  backward.extra_acceleration = ExtraAccelerationModel::kBallistic;
  const Flyer flyer(backward);
  std::vector<BallisticVector> points;
  std::vector<double> weights;
  SigmaPoints(state, options.sigma_point_lambda, &points, &weights);
  std::vector<Vector3d> sites(points.size());
  std::vector<double> times(points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    Sample sample = SampleOf(points[i], flyer, backward);
    if (boosting) {
      const Vector3d v = points[i].segment<3>(3);
      const double speed = v.norm();
      if (speed > 1.0) sample.thrust = std::max(0.0, points[i].segment<3>(6).dot(v) / speed);
    }
    bool slow = false;
    const Flyer::Result flown = flyer.Fly(sample, -1.0, nullptr, &slow);
    if (!flown.ground) return std::nullopt;
    double elapsed = flown.elapsed_s;
    Vector3d site = flown.y.head<3>();
    if (slow) {
      // The vertical rise from rest: h = ½ A t², A the net upward acceleration.
      const double height = std::max(0.0, flyer.dynamics().AtmosphereHeight(site));
      const double net = std::max(
          1.0, sample.thrust - flyer.dynamics().FrameAcceleration(site, Vector3d::Zero()).norm());
      elapsed += std::sqrt(2.0 * height / net);
      geo::Geodetic below = geo::EcefToGeodetic(site);
      below.height_m = 0.0;
      site = geo::GeodeticToEcef(below);
    }
    sites[i] = site;
    times[i] = elapsed;
  }
  const GroundCloud cloud = CloudOf(sites, weights, sites[0]);
  GroundEstimate launch;
  launch.point = cloud.mean;
  launch.east_north_covariance = cloud.covariance;
  double time_sigma = 0.0;
  const double mean_elapsed = WeightedMeanAndSigma(times, weights, &time_sigma);
  launch.time = time - Duration::Seconds(mean_elapsed);
  launch.time_sigma_s = time_sigma;
  return launch;
}

double ObservedLiftToDrag(const Gaussian<kN>& state, const PropagationOptions& options,
                          double* lift_sigma_m_s2) {
  const Flyer flyer(options);
  PropagationOptions lift = options;
  lift.extra_acceleration = ExtraAccelerationModel::kLift;
  const Sample sample = SampleOf(state.mean, flyer, lift);
  if (lift_sigma_m_s2) {
    const Vector3d r = state.mean.head<3>(), v = state.mean.segment<3>(3);
    const Vector3d up = flyer.dynamics().Up(r);
    Vector3d direction = up - (v.dot(up) / std::max(1.0, v.squaredNorm())) * v;
    direction.normalize();
    *lift_sigma_m_s2 =
        std::sqrt(std::max(0.0, direction.dot(state.covariance.block<3, 3>(6, 6) * direction)));
  }
  return sample.lift_to_drag;
}

}  // namespace trilink::assess
