// The free-flight acceleration in rotating ECEF: the one physics shared by
// the truth simulator (trajectory.h), the tracker's motion models
// (tracking/ballistic.h) and the impact predictor (DESIGN.md, "One physics").
//
// For position r and Earth-relative velocity v in ECEF, rotating with ω
// about +z (Vallado 4th ed. §3.7; Zipfel, "Modeling and Simulation of
// Aerospace Vehicle Dynamics", ch. 10):
//   r'' = g(r) − 2 ω×v − ω×(ω×r) − ½ ρ(h) |v| v / β + e
// with g the J2 (or point-mass) gravity of gravity.h, ρ the 1976 Standard
// Atmosphere (atmosphere.h) at the height h of r above the model's Earth,
// the air at rest in ECEF, β = m / (Cd A) the ballistic coefficient and e
// any further acceleration (thrust, lift) the caller supplies.
//
// The drag is linear in κ = 1/β, which is what a filter estimates; the
// function still takes β because the simulator's arithmetic,
// ρ|v| / (2β), must stay bit for bit what it was (the launch
// reconstruction's solver turns a last-bit change of the drag into 1e-6
// changes of the reconstructed controls). A caller holding κ passes 1/κ:
// κ = 0 gives β = +∞ and exactly zero drag, and a negative κ (a filter's
// estimate may stray below zero) gives the mathematically continuous
// negative drag. The partial derivatives are returned with respect to κ.
//
// Usage:
//   FreeFlightDynamics dynamics(PhysicsModel::Full());
//   FreeFlightJacobian jacobian;
//   Eigen::Vector3d a = dynamics.Acceleration(r, v, 1.0 / kappa, thrust, &jacobian);
#pragma once

#include <Eigen/Core>

#include "trilink/flight/gravity.h"

namespace trilink::flight {

// Radius of the spherical check model (m): the mean Earth radius.
inline constexpr double kSphericalEarthRadius = 6'371'000.0;
// Above this height (m) the atmosphere is ignored (the 1976 standard's
// density is zero above 1000 km).
inline constexpr double kTopOfAtmosphereM = 1'000'000.0;

struct PhysicsModel {
  bool ellipsoid = true;         // WGS-84 ellipsoid; false: sphere of kSphericalEarthRadius
  bool rotation = true;          // Coriolis and centrifugal terms
  bool j2 = true;                // J2 gravity; false: point mass
  bool atmosphere = true;        // drag and lift
  bool impulsive_boost = false;  // burnout at the site at t = 0 (no boost phase)

  static PhysicsModel Full() { return {}; }
  static PhysicsModel VacuumSpherical() { return {false, false, false, false, true}; }
};

// Partial derivatives of the free-flight acceleration; ∂/∂e is the identity.
struct FreeFlightJacobian {
  Eigen::Matrix3d position = Eigen::Matrix3d::Zero();  // ∂r''/∂r (1/s²)
  Eigen::Matrix3d velocity = Eigen::Matrix3d::Zero();  // ∂r''/∂v (1/s)
  // ∂r''/∂κ with κ = 1/β (m²/kg): the drag acceleration per unit κ (drag is
  // linear in κ), −½ ρ |v| v (kg/(m s²)).
  Eigen::Vector3d drag_per_inverse_ballistic_coefficient = Eigen::Vector3d::Zero();
};

class FreeFlightDynamics {
 public:
  explicit FreeFlightDynamics(const PhysicsModel& physics = PhysicsModel::Full());

  const PhysicsModel& physics() const { return physics_; }
  const GravityField& gravity() const { return gravity_; }
  double earth_rate() const { return omega_; }  // rad/s; 0 without rotation

  // Gravity plus the Coriolis and centrifugal terms (m/s²) at ECEF position
  // r (m, |r| > 0) and Earth-relative velocity v (m/s).
  Eigen::Vector3d FrameAcceleration(const Eigen::Vector3d& ecef_position,
                                    const Eigen::Vector3d& ecef_velocity) const;

  // The drag's magnitude per unit velocity, ½ ρ(h) |v| / β (1/s), so that the
  // drag acceleration is −DragPerVelocity · v; 0 without atmosphere or above
  // kTopOfAtmosphereM. β (kg/m²): any non-zero value or ±∞ (see above).
  double DragPerVelocity(const Eigen::Vector3d& ecef_position, const Eigen::Vector3d& ecef_velocity,
                         double ballistic_coefficient_kg_m2) const;

  // The free-flight acceleration (m/s²) of the header comment with the extra
  // acceleration `extra_acceleration` (m/s², ECEF); with `jacobian`, its
  // partial derivatives.
  Eigen::Vector3d Acceleration(const Eigen::Vector3d& ecef_position,
                               const Eigen::Vector3d& ecef_velocity,
                               double ballistic_coefficient_kg_m2,
                               const Eigen::Vector3d& extra_acceleration,
                               FreeFlightJacobian* jacobian = nullptr) const;

  // Height (m) of r for the atmosphere, on the hot path: the distance along
  // the geocentric radius to the model's surface. On the ellipsoid it differs
  // from the geodetic height by about h·δ²/2 with δ ≤ 3.4 mrad the angle
  // between radius and normal, i.e. < 1 m below 100 km, far below the
  // atmosphere's own uncertainty. With `gradient`, also ∂h/∂r (exact).
  double AtmosphereHeight(const Eigen::Vector3d& ecef_position,
                          Eigen::Vector3d* gradient = nullptr) const;

  // Outward unit normal ("up") of the model's surface through r: the
  // gradient of the ellipsoid's equation at r, within 0.2 mrad of the
  // geodetic normal below 1000 km.
  Eigen::Vector3d Up(const Eigen::Vector3d& ecef_position) const;

 private:
  PhysicsModel physics_;
  GravityField gravity_;
  double omega_;
};

}  // namespace trilink::flight
