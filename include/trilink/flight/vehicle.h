// Boost vehicles of one to three stages, and the generic vehicle used to
// reconstruct a launch from its reported figures.
//
// Thrust is constant during each stage's burn, F = ṁ g0 Isp with the vacuum
// specific impulse (the pressure-thrust loss at low altitude is neglected; it
// is absorbed by the reconstruction, which tunes the propellant load). The
// stack's drag uses a generic Mach-dependent drag coefficient (below); after
// the last burn the payload flies alone with a constant ballistic coefficient
// β = m / (Cd A) and, for a glide, a lift-to-drag ratio.
//
// The generic vehicle is a public-textbook sizing (ideal rocket equation,
// equal Δv per stage, structural ratio 0.1, Isp 260 s), chosen so that the
// reconstruction can reach the reported figures; it is not a model of any
// real missile.
//
// Usage:
//   Vehicle vehicle = Vehicle::Generic(/*ideal_delta_v_m_s=*/4500.0);
//   double dv = vehicle.IdealDeltaV(1.0);
#pragma once

#include <string>
#include <vector>

namespace trilink::flight {

struct Stage {
  double propellant_mass_kg = 0.0;  // > 0
  double dry_mass_kg = 0.0;         // > 0 (structure, engine; dropped at burnout)
  double specific_impulse_s = 0.0;  // vacuum Isp (s), > 0
  double burn_time_s = 0.0;         // with the full propellant load (s), > 0
  double reference_area_m2 = 0.0;   // of the stack while this stage burns (m^2), > 0
};

struct Vehicle {
  std::vector<Stage> stages;                         // bottom stage first; 1 to 3
  double payload_mass_kg = 0.0;                      // > 0
  double payload_ballistic_coefficient_kg_m2 = 0.0;  // β = m / (Cd A) (kg/m^2), > 0

  bool IsValid(std::string* error) const;
  // Ideal (rocket-equation) Δv (m/s) with the given propellant load in (0, 1]
  // (every stage loaded to that fraction of its propellant).
  double IdealDeltaV(double propellant_load) const;

  // A generic vehicle whose full load gives the ideal Δv asked (m/s, 500 to
  // 15000): one stage up to 5 km/s, two up to 10 km/s, else three.
  static Vehicle Generic(double ideal_delta_v_m_s);
};

// Drag coefficient of a slender boosting stack as a function of Mach number
// (≥ 0): a generic curve with the transonic rise (piecewise linear through
// published-shape points, e.g. Fleeman, "Tactical Missile Design", 2nd ed.,
// fig. 2.x: subsonic ≈ 0.2, peak ≈ 0.45 near Mach 1.1, ≈ 0.2 above Mach 5).
double BoostDragCoefficient(double mach);

}  // namespace trilink::flight
