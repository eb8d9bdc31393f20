#include "trilink/flight/trajectory.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "trilink/core/error.h"
#include "trilink/core/units.h"
#include "trilink/flight/atmosphere.h"
#include "trilink/flight/dynamics.h"
#include "trilink/flight/gravity.h"

namespace trilink::flight {
namespace {

using State = Eigen::Matrix<double, 6, 1>;
using Eigen::Vector3d;

// The model's Earth: WGS-84 ellipsoid or the sphere of the check model.
class EarthShape {
 public:
  explicit EarthShape(bool ellipsoid) : ellipsoid_(ellipsoid) {}

  Vector3d SitePosition(const geo::Geodetic& site) const {
    if (ellipsoid_) return geo::GeodeticToEcef(site);
    const double r = kSphericalEarthRadius + site.height_m;
    return r * Vector3d(std::cos(site.latitude_rad) * std::cos(site.longitude_rad),
                        std::cos(site.latitude_rad) * std::sin(site.longitude_rad),
                        std::sin(site.latitude_rad));
  }

  // Exact height above the surface (m).
  double Height(const Vector3d& r) const {
    return ellipsoid_ ? geo::HeightAboveEllipsoid(r) : r.norm() - kSphericalEarthRadius;
  }

  geo::Geodetic ToGeodetic(const Vector3d& r) const {
    if (ellipsoid_) return geo::EcefToGeodetic(r);
    return {std::asin(r.z() / r.norm()), std::atan2(r.y(), r.x()),
            r.norm() - kSphericalEarthRadius};
  }

 private:
  bool ellipsoid_;
};

// An event ends a phase when its function crosses from > 0 to <= 0.
enum class Event { kNone, kApogee, kPullUp, kDive, kImpact, kBurnout, kTimeLimit, kFailure };

class Flight {
 public:
  Flight(const geo::Geodetic& site, const Vehicle& vehicle, const FlightControls& controls,
         const FlightOptions& options)
      : site_(site),
        vehicle_(vehicle),
        controls_(controls),
        options_(options),
        earth_(options.physics.ellipsoid),
        dynamics_(options.physics),
        integrator_(options.integrator, Tolerances(options)) {
    site_.height_m = options.physics.ellipsoid ? site.height_m : 0.0;
    const Eigen::Matrix3d ecef_R_enu =
        geo::EcefRotationFromEnu(site_.latitude_rad, site_.longitude_rad);
    site_up_ = ecef_R_enu.col(2);
    site_heading_ = std::sin(controls.heading_rad) * ecef_R_enu.col(0) +
                    std::cos(controls.heading_rad) * ecef_R_enu.col(1);
  }

  FlightResult Run() {
    State y;
    y << earth_.SitePosition(site_), Vector3d::Zero();
    double t = 0.0;

    if (options_.physics.impulsive_boost) {
      const double speed = controls_.propellant_load *
                           std::sqrt(2.0 * dynamics_.gravity().gm() / y.head<3>().norm());
      const double flight_path_angle = 0.5 * kPi - controls_.pitch_over_rad;
      y.tail<3>() = speed * (std::cos(flight_path_angle) * site_heading_ +
                             std::sin(flight_path_angle) * site_up_);
    }
    if (options_.sample_interval_s > 0.0) Record(0.0, y);
    if (!options_.physics.impulsive_boost) {
      // Boost, stage by stage; the stages above the burning one ride along.
      const double load = controls_.propellant_load;
      for (size_t i = 0; i < vehicle_.stages.size(); ++i) {
        const Stage& stage = vehicle_.stages[i];
        double mass = vehicle_.payload_mass_kg;
        for (size_t j = i; j < vehicle_.stages.size(); ++j) {
          mass += vehicle_.stages[j].dry_mass_kg + load * vehicle_.stages[j].propellant_mass_kg;
        }
        const double mass_flow = stage.propellant_mass_kg / stage.burn_time_s;
        const double thrust = mass_flow * kStandardGravity * stage.specific_impulse_s;
        const double t_start = t;
        const double t_end = t + load * stage.burn_time_s;
        auto rhs = [&](double time, const State& state) {
          const double m = mass - mass_flow * (time - t_start);
          return Derivative(
              state, BoostAcceleration(time, state, thrust / m, stage.reference_area_m2 / m));
        };
        const Event event = RunPhase(rhs, &t, &y, t_end, {Event::kApogee, Event::kImpact}, true);
        if (event == Event::kImpact || event == Event::kFailure) return Finish(event, t, y);
        if (event == Event::kApogee && options_.stop_at_apogee) return Finish(event, t, y);
      }
    }
    result_.burnout_time_s = t;
    result_.burnout_speed_m_s = y.tail<3>().norm();
    result_.burnout_height_m = earth_.Height(y.head<3>());
    result_.burnout_flight_path_angle_rad = FlightPathAngle(y);
    result_.max_speed_m_s = std::max(result_.max_speed_m_s, result_.burnout_speed_m_s);

    const double t_limit = options_.max_flight_time_s;
    const double beta = vehicle_.payload_ballistic_coefficient_kg_m2;
    auto coast = [&](double, const State& state) {
      return Derivative(state, CoastAcceleration(state, beta, false));
    };
    auto glide = [&](double, const State& state) {
      return Derivative(state, CoastAcceleration(state, beta, true));
    };

    Event event = Event::kNone;
    if (!apogee_found_) {
      event = RunPhase(coast, &t, &y, t_limit, {Event::kApogee, Event::kImpact});
      if (event != Event::kApogee || options_.stop_at_apogee) return Finish(event, t, y);
    }
    if (controls_.lift_to_drag > 0.0 && options_.physics.atmosphere) {
      pull_up_height_m_ = std::clamp(options_.pull_up_fraction * result_.apogee_height_m,
                                     options_.min_pull_up_height_m, options_.max_pull_up_height_m);
      // A glide that starts at (or above) the apogee starts right there.
      if (pull_up_height_m_ < result_.apogee_height_m - 1.0) {
        event = RunPhase(coast, &t, &y, t_limit, {Event::kPullUp, Event::kImpact});
        if (event != Event::kPullUp) return Finish(event, t, y);
      }
      result_.pull_up_time_s = t;
      event = RunPhase(glide, &t, &y, t_limit, {Event::kDive, Event::kImpact});
      if (event != Event::kDive) return Finish(event, t, y);
      result_.dive_time_s = t;
    }
    event = RunPhase(coast, &t, &y, t_limit, {Event::kImpact});
    return Finish(event, t, y);
  }

 private:
  static State Tolerances(const FlightOptions& options) {
    State tolerance;
    tolerance << Vector3d::Constant(options.position_tolerance_m),
        Vector3d::Constant(options.velocity_tolerance_m_s);
    return tolerance;
  }

  static State Derivative(const State& y, const Vector3d& acceleration) {
    State derivative;
    derivative << y.tail<3>(), acceleration;
    return derivative;
  }

  // Vertical rise; pitch-over to the kick angle in the launch plane; hold that
  // attitude until the velocity has turned as far (so the kick sets the
  // trajectory's shape); then a gravity turn, thrust along the
  // Earth-relative velocity (zero angle of attack).
  Vector3d ThrustDirection(double t, const State& y) const {
    const double kick_start = options_.vertical_rise_s;
    if (t < kick_start) return site_up_;
    const double kick = controls_.pitch_over_rad;
    const double progress = (t - kick_start) / options_.pitch_over_duration_s;
    const double speed = y.tail<3>().norm();
    if (progress >= 1.0 && speed > 1.0) {
      const Vector3d direction = y.tail<3>() / speed;
      if (direction.dot(dynamics_.Up(y.head<3>())) <= std::cos(kick)) return direction;
    }
    const double angle = kick * std::min(progress, 1.0);
    return std::cos(angle) * site_up_ + std::sin(angle) * site_heading_;
  }

  // thrust_per_mass: m/s^2; area_per_mass: m^2/kg.
  Vector3d BoostAcceleration(double t, const State& y, double thrust_per_mass,
                             double area_per_mass) const {
    Vector3d a = dynamics_.FrameAcceleration(y.head<3>(), y.tail<3>()) +
                 thrust_per_mass * ThrustDirection(t, y);
    if (options_.physics.atmosphere) {
      const double height = dynamics_.AtmosphereHeight(y.head<3>());
      if (height < kTopOfAtmosphereM) {
        const AtmosphereSample air = StandardAtmosphere1976(height);
        const double speed = y.tail<3>().norm();
        const double cd = BoostDragCoefficient(speed / air.speed_of_sound_m_s);
        a -= 0.5 * air.density_kg_m3 * speed * cd * area_per_mass * y.tail<3>();
      }
    }
    return a;
  }

  // The payload's free flight (dynamics.h) with, in the glide, the lift.
  Vector3d CoastAcceleration(const State& y, double beta, bool glide) const {
    const Vector3d r = y.head<3>();
    const Vector3d v = y.tail<3>();
    const Vector3d a = dynamics_.Acceleration(r, v, beta, Vector3d::Zero());
    if (!glide || !options_.physics.atmosphere) return a;
    const double drag_per_speed = dynamics_.DragPerVelocity(r, v, beta);
    const double speed = v.norm();
    if (drag_per_speed == 0.0 || speed < 1.0) return a;

    // Lift perpendicular to v in the vertical plane. The command damps the
    // vertical speed (first order, time constant 1/kVerticalDamping): the
    // pull-up arrests the descent, and when the available lift L/D · D cannot
    // hold the height the vehicle sinks into denser air until it can, which
    // is the equilibrium glide. ḧ = (a + a_L)·n + v_h²/|r| for the height h.
    constexpr double kVerticalDamping = 0.05;  // 1/s
    const Vector3d up = dynamics_.Up(r);
    const double vertical_speed = v.dot(up);
    const double horizontal_speed2 = std::max(0.0, speed * speed - vertical_speed * vertical_speed);
    const double wanted_height_acceleration = -kVerticalDamping * vertical_speed;
    Vector3d lift_direction = up - (vertical_speed / (speed * speed)) * v;
    const double lift_direction_norm = lift_direction.norm();
    if (lift_direction_norm < 1e-6) return a;
    lift_direction /= lift_direction_norm;
    const double needed = (wanted_height_acceleration - a.dot(up) - horizontal_speed2 / r.norm()) /
                          lift_direction.dot(up);
    const double available = controls_.lift_to_drag * drag_per_speed * speed;
    return a + std::clamp(needed, 0.0, available) * lift_direction;
  }

  double FlightPathAngle(const State& y) const {
    const double speed = y.tail<3>().norm();
    if (speed <= 0.0) return 0.5 * kPi;
    return std::asin(std::clamp(y.tail<3>().dot(dynamics_.Up(y.head<3>())) / speed, -1.0, 1.0));
  }

  double EventFunction(Event event, const State& y) const {
    switch (event) {
      case Event::kApogee:
        return y.tail<3>().dot(dynamics_.Up(y.head<3>()));
      case Event::kPullUp:
        return earth_.Height(y.head<3>()) - pull_up_height_m_;
      case Event::kDive:
        return y.tail<3>().norm() - options_.dive_speed_m_s;
      case Event::kImpact:
        return earth_.Height(y.head<3>());
      default:
        return 1.0;
    }
  }

  void Record(double t, const State& y) {
    result_.samples.push_back({t, y.head<3>(), y.tail<3>()});
    next_sample_t_ = t + options_.sample_interval_s;
  }

  // Integrates from (*t, *y) until t_end or the first of `events` (apogee is
  // recorded and, unless it is the only way out, not terminal in boost).
  template <typename Rhs>
  Event RunPhase(Rhs&& rhs, double* t, State* y, double t_end, std::initializer_list<Event> events,
                 bool boost = false) {
    if (*t >= t_end) return Event::kBurnout;
    Event fired = Event::kNone;
    auto observer = [&](const DenseStep<6>& step) -> std::optional<double> {
      std::optional<double> stop;
      for (Event event : events) {
        if (event == Event::kApogee && apogee_found_) continue;
        const double before = EventFunction(event, step.y0());
        const double after = EventFunction(event, step.y1());
        if (!(before > 0.0 && after <= 0.0)) continue;
        const double root =
            FindRoot(step, [&](double, const State& s) { return EventFunction(event, s); });
        if (event == Event::kApogee) {
          apogee_found_ = true;
          result_.apogee_time_s = root;
          result_.apogee_height_m = earth_.Height(step.At(root).head<3>());
          if (boost && !options_.stop_at_apogee) continue;
        }
        if (!stop || root < *stop) {
          stop = root;
          fired = event;
        }
      }
      const double last = stop ? *stop : step.t1();
      if (options_.sample_interval_s > 0.0) {
        while (next_sample_t_ <= last) Record(next_sample_t_, step.At(next_sample_t_));
      }
      result_.max_speed_m_s = std::max(result_.max_speed_m_s, step.y1().tail<3>().norm());
      ++result_.integrator_steps;
      return stop;
    };
    const IntegrationSummary<6> summary = integrator_.Integrate(rhs, *t, *y, t_end, observer);
    *t = summary.t;
    *y = summary.y;
    switch (summary.end) {
      case IntegrationEnd::kStoppedByObserver:
        return fired;
      case IntegrationEnd::kReachedEnd:
        return boost ? Event::kBurnout : Event::kTimeLimit;
      default:
        return Event::kFailure;
    }
  }

  FlightResult Finish(Event event, double t, const State& y) {
    result_.end = event == Event::kImpact    ? FlightEnd::kImpact
                  : event == Event::kApogee  ? FlightEnd::kApogee
                  : event == Event::kFailure ? FlightEnd::kIntegratorFailed
                                             : FlightEnd::kTimeLimit;
    result_.flight_time_s = t;
    result_.impact = earth_.ToGeodetic(y.head<3>());
    if (event == Event::kImpact) result_.impact.height_m = 0.0;
    const geo::GeodesicLine line = SurfaceLine(options_.physics, site_, result_.impact);
    result_.range_m = line.distance_m;
    result_.impact_azimuth_rad = line.initial_azimuth_rad;
    result_.impact_speed_m_s = y.tail<3>().norm();
    if (options_.sample_interval_s > 0.0 &&
        (result_.samples.empty() || result_.samples.back().t_s < t)) {
      result_.samples.push_back({t, y.head<3>(), y.tail<3>()});
    }
    return std::move(result_);
  }

  geo::Geodetic site_;
  const Vehicle& vehicle_;
  FlightControls controls_;
  const FlightOptions& options_;
  EarthShape earth_;
  FreeFlightDynamics dynamics_;
  DormandPrince54<6> integrator_;
  Vector3d site_up_;
  Vector3d site_heading_;
  double pull_up_height_m_ = 0.0;
  double next_sample_t_ = 0.0;
  bool apogee_found_ = false;
  FlightResult result_;
};

}  // namespace

bool FlightOptions::IsValid(std::string* error) const {
  if (!integrator.IsValid(error)) return false;
  if (!(position_tolerance_m > 0 && velocity_tolerance_m_s > 0))
    return Invalid(error, "tolerances must be positive");
  if (!(vertical_rise_s >= 0 && pitch_over_duration_s > 0 && dive_speed_m_s >= 0 &&
        max_flight_time_s > 0 && sample_interval_s >= 0 && pull_up_fraction > 0 &&
        min_pull_up_height_m <= max_pull_up_height_m)) {
    return Invalid(error, "flight options out of range");
  }
  return true;
}

std::string FlightResult::EndDescription() const {
  switch (end) {
    case FlightEnd::kImpact:
      return "impact";
    case FlightEnd::kApogee:
      return "stopped at apogee";
    case FlightEnd::kTimeLimit:
      return "still flying at the time limit (orbit or escape)";
    case FlightEnd::kIntegratorFailed:
      return "integration failed";
  }
  return "unknown";
}

FlightResult SimulateFlight(const geo::Geodetic& site, const Vehicle& vehicle,
                            const FlightControls& controls, const FlightOptions& options) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
  if (!options.physics.impulsive_boost) TRILINK_CHECK(vehicle.IsValid(&error)) << error;
  TRILINK_CHECK(controls.propellant_load > 0.0 && controls.lift_to_drag >= 0.0)
      << "load " << controls.propellant_load << ", L/D " << controls.lift_to_drag;
  return Flight(site, vehicle, controls, options).Run();
}

geo::GeodesicLine SurfaceLine(const PhysicsModel& physics, const geo::Geodetic& from,
                              const geo::Geodetic& to) {
  if (physics.ellipsoid) return geo::GeodesicInverse(from, to);
  // Great circle on the sphere (haversine for the distance; it is well
  // conditioned for short and long arcs alike up to the antipode).
  const double dlat = to.latitude_rad - from.latitude_rad;
  const double dlon = to.longitude_rad - from.longitude_rad;
  const double h = std::pow(std::sin(dlat / 2), 2) + std::cos(from.latitude_rad) *
                                                         std::cos(to.latitude_rad) *
                                                         std::pow(std::sin(dlon / 2), 2);
  geo::GeodesicLine line;
  line.distance_m = 2.0 * kSphericalEarthRadius * std::asin(std::min(1.0, std::sqrt(h)));
  auto azimuth = [](double lat1, double lat2, double dl) {
    const double az = std::atan2(
        std::sin(dl) * std::cos(lat2),
        std::cos(lat1) * std::sin(lat2) - std::sin(lat1) * std::cos(lat2) * std::cos(dl));
    return az < 0 ? az + 2 * kPi : az;
  };
  line.initial_azimuth_rad = azimuth(from.latitude_rad, to.latitude_rad, dlon);
  line.final_azimuth_rad =
      std::fmod(azimuth(to.latitude_rad, from.latitude_rad, -dlon) + kPi, 2 * kPi);
  return line;
}

geo::Geodetic SurfacePoint(const PhysicsModel& physics, const geo::Geodetic& from,
                           double azimuth_rad, double distance_m) {
  if (physics.ellipsoid) return geo::GeodesicDirect(from, azimuth_rad, distance_m);
  const double angle = distance_m / kSphericalEarthRadius;
  const double lat =
      std::asin(std::sin(from.latitude_rad) * std::cos(angle) +
                std::cos(from.latitude_rad) * std::sin(angle) * std::cos(azimuth_rad));
  const double lon =
      from.longitude_rad +
      std::atan2(std::sin(azimuth_rad) * std::sin(angle) * std::cos(from.latitude_rad),
                 std::cos(angle) - std::sin(from.latitude_rad) * std::sin(lat));
  return {lat, lon, 0.0};
}

}  // namespace trilink::flight
