#include "trilink/flight/vehicle.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "trilink/core/error.h"
#include "trilink/core/units.h"

namespace trilink::flight {

bool Vehicle::IsValid(std::string* error) const {
  if (stages.empty() || stages.size() > 3) return Invalid(error, "a vehicle has 1 to 3 stages");
  for (const Stage& s : stages) {
    if (!(s.propellant_mass_kg > 0 && s.dry_mass_kg > 0 && s.specific_impulse_s > 0 &&
          s.burn_time_s > 0 && s.reference_area_m2 > 0)) {
      return Invalid(error,
                     "every stage needs positive propellant and dry mass, Isp, burn time and area");
    }
  }
  if (!(payload_mass_kg > 0 && payload_ballistic_coefficient_kg_m2 > 0))
    return Invalid(error, "payload mass and ballistic coefficient must be positive");
  return true;
}

double Vehicle::IdealDeltaV(double propellant_load) const {
  double upper_mass = payload_mass_kg;
  double delta_v = 0.0;
  for (auto it = stages.rbegin(); it != stages.rend(); ++it) {
    const double propellant = propellant_load * it->propellant_mass_kg;
    const double initial = upper_mass + it->dry_mass_kg + propellant;
    const double final_mass = upper_mass + it->dry_mass_kg;
    delta_v += kStandardGravity * it->specific_impulse_s * std::log(initial / final_mass);
    upper_mass = initial;
  }
  return delta_v;
}

Vehicle Vehicle::Generic(double ideal_delta_v_m_s) {
  // Up to 5 km/s a stage (mass ratio 6.8 with Isp 260 s, well inside the
  // structural limit 1/0.1 = 10).
  constexpr double kMaxStageDeltaV = 5000.0;
  TRILINK_CHECK(ideal_delta_v_m_s >= 500.0 && ideal_delta_v_m_s <= 15000.0)
      << "generic vehicle for Δv " << ideal_delta_v_m_s << " m/s";
  const int stage_count =
      static_cast<int>(std::clamp(std::ceil(ideal_delta_v_m_s / kMaxStageDeltaV), 1.0, 3.0));
  constexpr double kSpecificImpulse = 260.0;  // s, solid propellant
  constexpr double kStructuralRatio = 0.10;   // dry / (dry + propellant)
  // Thrust-to-weight at ignition: the first stage must lift off briskly, the
  // upper stages fly in near-vacuum.
  constexpr std::array<double, 3> kThrustToWeight = {3.0, 1.8, 1.5};
  // Payload mass and its ballistic coefficient grow with the vehicle's class
  // (β of a dense, slender body that stays whole after burnout, as
  // quasi-ballistic missiles do: m/(Cd A) ≈ 3800 kg / (0.3 · 0.66 m^2) ≈ 19 000).
  constexpr std::array<double, 3> kPayloadMass = {700.0, 800.0, 1000.0};
  constexpr std::array<double, 3> kPayloadBeta = {10000.0, 10000.0, 12000.0};

  const double exhaust_speed = kStandardGravity * kSpecificImpulse;
  const double stage_delta_v = ideal_delta_v_m_s / stage_count;
  const double mass_ratio = std::exp(stage_delta_v / exhaust_speed);
  TRILINK_CHECK(kStructuralRatio * mass_ratio < 1.0) << "stage Δv too large: " << stage_delta_v;

  Vehicle vehicle;
  vehicle.payload_mass_kg = kPayloadMass[stage_count - 1];
  vehicle.payload_ballistic_coefficient_kg_m2 = kPayloadBeta[stage_count - 1];
  double upper_mass = vehicle.payload_mass_kg;
  std::vector<Stage> top_down;
  for (int i = stage_count - 1; i >= 0; --i) {
    // m0 / mf = R with m0 = upper + stage, mf = upper + ε stage.
    const double stage_mass =
        upper_mass * (mass_ratio - 1.0) / (1.0 - kStructuralRatio * mass_ratio);
    const double initial_mass = upper_mass + stage_mass;
    Stage stage;
    stage.propellant_mass_kg = (1.0 - kStructuralRatio) * stage_mass;
    stage.dry_mass_kg = kStructuralRatio * stage_mass;
    stage.specific_impulse_s = kSpecificImpulse;
    const double thrust = kThrustToWeight[static_cast<size_t>(i)] * initial_mass * kStandardGravity;
    stage.burn_time_s = stage.propellant_mass_kg * exhaust_speed / thrust;
    // Diameter from the stack's mass by a cube law (≈ 0.95 m at 5 t, 2.4 m at 80 t).
    const double diameter = 0.056 * std::cbrt(initial_mass);
    stage.reference_area_m2 = 0.25 * kPi * diameter * diameter;
    top_down.push_back(stage);
    upper_mass = initial_mass;
  }
  vehicle.stages.assign(top_down.rbegin(), top_down.rend());
  return vehicle;
}

double BoostDragCoefficient(double mach) {
  static constexpr std::array<std::pair<double, double>, 10> kTable = {{
      {0.0, 0.20},
      {0.8, 0.22},
      {1.0, 0.40},
      {1.1, 0.45},
      {1.5, 0.40},
      {2.0, 0.34},
      {3.0, 0.28},
      {4.0, 0.24},
      {5.0, 0.21},
      {10.0, 0.20},
  }};
  if (mach <= kTable.front().first) return kTable.front().second;
  if (mach >= kTable.back().first) return kTable.back().second;
  auto upper = std::upper_bound(kTable.begin(), kTable.end(), mach,
                                [](double m, const auto& entry) { return m < entry.first; });
  const auto& [m1, cd1] = *upper;
  const auto& [m0, cd0] = *(upper - 1);
  return cd0 + (cd1 - cd0) * (mach - m0) / (m1 - m0);
}

}  // namespace trilink::flight
