// Powered and free flight of a missile over the rotating Earth.
//
// Equations of motion in Earth-centred, Earth-fixed coordinates (rotating
// with ω about +z), for position r and Earth-relative velocity v (Vallado
// 4th ed. §3.7; Zipfel, "Modeling and Simulation of Aerospace Vehicle
// Dynamics", ch. 10), with the gravity, frame and coast-drag terms from
// dynamics.h (shared with the tracker's motion models):
//   r' = v
//   v' = g(r) − 2 ω×v − ω×(ω×r) + (T + D + L) / m
// with g the J2 gravity of gravity.h, T the thrust along the pitch
// programme, D the drag −½ ρ |v| v Cd A (ρ from the 1976 Standard Atmosphere
// at the height above the ellipsoid, air at rest in ECEF), and L the glide
// lift, perpendicular to v in the vertical plane.
//
// The flight is integrated phase by phase with Dormand–Prince 5(4):
//   boost     one phase per stage; vertical rise, pitch-over by a kick angle
//             in the launch plane held until the velocity has turned as far,
//             then a gravity turn (thrust along v);
//   coast     payload alone after the last burnout, to apogee and beyond;
//   glide     (quasi-ballistic, lift_to_drag > 0) from the pull-up height on
//             the way down (by default the apogee itself): lift damps the
//             vertical speed while it can and otherwise saturates at
//             L/D · D, so the vehicle sinks into denser air until the lift
//             holds it, which is the equilibrium glide as it slows;
//   dive      no lift once the speed falls below the dive speed, to impact.
// Apogee and impact (height 0 on the ellipsoid) are located by root finding
// on the integrator's dense output.
//
// The textbook check model (PhysicsModel::VacuumSpherical) has a
// non-rotating spherical Earth of radius 6371 km with point-mass gravity, no
// atmosphere and an impulsive burnout at the surface: the free flight is then
// a Kepler ellipse, comparable with closed-form results.
//
// Usage:
//   FlightControls controls{.heading_rad = DegToRad(75), .propellant_load = 0.8,
//                           .pitch_over_rad = DegToRad(20)};
//   FlightResult flight = SimulateFlight(site, Vehicle::Generic(4000), controls, {});
//   if (flight.end == FlightEnd::kImpact) use(flight.range_m, flight.flight_time_s);
#pragma once

#include <Eigen/Core>
#include <limits>
#include <string>
#include <vector>

#include "trilink/flight/dynamics.h"
#include "trilink/flight/integrator.h"
#include "trilink/flight/vehicle.h"
#include "trilink/geo/wgs84.h"

namespace trilink::flight {

// What the reconstruction tunes.
struct FlightControls {
  double heading_rad = 0.0;  // launch heading, clockwise from north
  // Energy. Powered boost: fraction (0, 1] of every stage's propellant that is
  // loaded (burn times scale with it). Impulsive boost: burnout speed as a
  // fraction of the surface escape speed.
  double propellant_load = 1.0;
  // Shape. Powered boost: kick angle from the vertical reached at the end of
  // the pitch-over, (0, π/2). Impulsive boost: π/2 − flight-path angle.
  double pitch_over_rad = 0.3;
  double lift_to_drag = 0.0;  // glide L/D after apogee (≥ 0; 0 = ballistic)
};

struct FlightOptions {
  PhysicsModel physics;
  IntegratorOptions integrator{.relative_tolerance = 1e-9};
  double position_tolerance_m = 1e-3;  // absolute tolerance of the integrator
  double velocity_tolerance_m_s = 1e-6;
  double vertical_rise_s = 8.0;            // before the pitch-over starts
  double pitch_over_duration_s = 12.0;     // kick reached linearly over this time
  double pull_up_fraction = 1.0;           // glide starts at this fraction of the apogee height…
  double min_pull_up_height_m = 20'000.0;  // …bounded to [min, max]
  double max_pull_up_height_m = 60'000.0;
  double dive_speed_m_s = 600.0;  // glide ends below this speed
  double max_flight_time_s = 20'000.0;
  double sample_interval_s = 0.0;  // > 0: record samples at this interval
  bool stop_at_apogee = false;     // end the flight at apogee (for solvers)

  bool IsValid(std::string* error) const;
};

struct FlightSample {
  double t_s = 0.0;                                         // since launch
  Eigen::Vector3d ecef_position = Eigen::Vector3d::Zero();  // m
  Eigen::Vector3d ecef_velocity = Eigen::Vector3d::Zero();  // Earth-relative, m/s
};

enum class FlightEnd {
  kImpact,           // reached height 0
  kApogee,           // stopped at apogee (FlightOptions::stop_at_apogee)
  kTimeLimit,        // still flying at max_flight_time_s (an orbit, say)
  kIntegratorFailed  // step size underflow or too many steps
};

struct FlightResult {
  FlightEnd end = FlightEnd::kIntegratorFailed;
  double burnout_time_s = 0.0;
  double burnout_speed_m_s = 0.0;  // Earth-relative
  double burnout_height_m = 0.0;
  double burnout_flight_path_angle_rad = 0.0;
  double apogee_time_s = 0.0;
  double apogee_height_m = 0.0;
  double pull_up_time_s = std::numeric_limits<double>::quiet_NaN();  // glide start, if any
  double dive_time_s = std::numeric_limits<double>::quiet_NaN();     // glide end, if any
  double flight_time_s = 0.0;  // launch to impact (or to the end)
  double max_speed_m_s = 0.0;  // Earth-relative
  geo::Geodetic impact;        // where the flight ended
  double range_m = 0.0;        // surface distance launch → impact
  double impact_speed_m_s = 0.0;
  double impact_azimuth_rad = 0.0;  // of the impact seen from the site
  long integrator_steps = 0;
  std::vector<FlightSample> samples;  // with sample_interval_s > 0

  // Short text for a message when end is not kImpact.
  std::string EndDescription() const;
};

// Flies `vehicle` from `site` (height ignored with the spherical model).
FlightResult SimulateFlight(const geo::Geodetic& site, const Vehicle& vehicle,
                            const FlightControls& controls, const FlightOptions& options);

// Surface distance (m) and initial azimuth (rad) between two points on the
// model's Earth: the WGS-84 geodesic, or the great circle of the sphere.
geo::GeodesicLine SurfaceLine(const PhysicsModel& physics, const geo::Geodetic& from,
                              const geo::Geodetic& to);
// The point at `distance_m` along the surface line leaving `from` at azimuth_rad.
geo::Geodetic SurfacePoint(const PhysicsModel& physics, const geo::Geodetic& from,
                           double azimuth_rad, double distance_m);

}  // namespace trilink::flight
