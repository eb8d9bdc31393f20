// U.S. Standard Atmosphere, 1976 (NOAA-S/T 76-1562, NASA-TM-X-74335).
//
// Below 86 km geometric altitude the model is exactly the standard's: seven
// layers of linear molecular-scale temperature in geopotential altitude
// (Table 4 of the standard), the hydrostatic equation in closed form for each
// layer, the ideal-gas law with the standard's M0 = 28.9644 kg/kmol and
// R* = 8314.32 J/(kmol K), and the molecular-weight ratio M/M0 of Table 8
// between 80 and 86 km applied to the kinetic temperature.
//
// From 86 km to 1000 km the standard's model is a multi-species diffusion
// model; trilink does not integrate it. The extension used here (documented in
// docs/physics.md and, with the table sources, in src/flight/atmosphere.cc)
// takes the kinetic temperature exactly from the standard's four upper
// segments (isothermal, elliptical, linear, exponential, eqs. 25-31) and the
// density and pressure by log-linear interpolation in the standard's own
// Table I at its printed altitudes (interpolation error below 1 %). Above
// 1000 km the density is zero.
//
// Usage:
//   AtmosphereSample air = StandardAtmosphere1976(30'000.0);
//   double rho = StandardDensity1976(30'000.0);   // kg/m^3, cheaper
#pragma once

namespace trilink::flight {

struct AtmosphereSample {
  // Kinetic temperature (K): below 86 km the molecular-scale temperature times
  // M/M0 of Table 8 (which differs from 1 only between 80 and 86 km).
  double temperature_k = 0.0;
  double pressure_pa = 0.0;
  double density_kg_m3 = 0.0;
  // Speed of sound (m/s), eq. 50: sqrt(gamma R* T_M / M0) with gamma = 1.4.
  // The standard does not define it above 86 km; there the 86 km value
  // (274.10 m/s) is kept, so that re-entry Mach numbers stay finite.
  double speed_of_sound_m_s = 0.0;
};

// geometric_altitude_m: height above mean sea level (m); below -5 km the
// values at -5 km are returned (the standard starts at -5 km), above 1000 km
// density and pressure are 0 and temperature is 1000 K. NaN gives NaN.
AtmosphereSample StandardAtmosphere1976(double geometric_altitude_m);

// Density only (kg/m^3), same argument and limits: the hot-path call of the
// equations of motion (no allocation, one exp() and at most one log()).
double StandardDensity1976(double geometric_altitude_m);

}  // namespace trilink::flight
