// Units and physical constants shared by every module.
//
// SI inside the program (metres, seconds, kilograms, radians); degrees and
// kilometres only at the edges (files, command line, reports). These helpers
// make the conversion visible where it happens:
//   double lat_rad = DegToRad(lat_deg);
#pragma once

#include <numbers>

namespace trilink {

inline constexpr double kPi = std::numbers::pi;
inline constexpr double kDegPerRad = 180.0 / kPi;
inline constexpr double kRadPerDeg = kPi / 180.0;
inline constexpr double kMetresPerKm = 1000.0;
inline constexpr double kMetresPerNauticalMile = 1852.0;

// Standard gravity (m/s^2), used to turn specific impulse into exhaust speed
// (CGPM 1901, exact).
inline constexpr double kStandardGravity = 9.80665;

constexpr double DegToRad(double degrees) { return degrees * kRadPerDeg; }
constexpr double RadToDeg(double radians) { return radians * kDegPerRad; }
constexpr double KmToM(double km) { return km * kMetresPerKm; }
constexpr double MToKm(double metres) { return metres / kMetresPerKm; }

}  // namespace trilink
