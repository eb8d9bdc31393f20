// Launch reconstruction: the flight that matches a public report.
//
// Given a launch site, a direction (launch azimuth with a range, or the
// reported impact point) and any consistent subset of {apogee, flight time},
// find the controls of the generic vehicle (propellant load, pitch-over kick,
// glide lift-to-drag ratio, launch heading) whose simulated flight matches
// every given figure within the tolerance, or refuse with a message that says
// which figures conflict and why.
//
// The solver nests one-dimensional root finds, each on a quantity that is
// monotone in its control:
//   heading        fixed-point iteration so the impact lies on the reported
//                  bearing (Earth rotation and J2 bend the ground track);
//   L/D            flight time (quasi-ballistic only: lift stretches the flight);
//   load           range;
//   kick           apogee or flight time at the given load (or, for the
//                  minimum-energy profile, the kick that maximises range).
// The vehicle is sized from the vacuum closed form (Wheelon 1959; Bate,
// Mueller & White 1971, §6.2) with a margin for gravity and drag losses and
// resized if the margin was too small.
//
// Profiles: minimum-energy (least propellant for the range), lofted (apogee
// above the minimum-energy one), depressed (below it), quasi-ballistic
// (depressed boost, pull-up into a lifting glide, terminal dive). Without an
// apogee, lofted and depressed fly at 1.6× and 0.6× the vacuum
// minimum-energy apogee, quasi-ballistic at 7 % of the range bounded to
// 40–60 km, and a quasi-ballistic glide without a flight time uses L/D 2.5.
//
// Usage:
//   ReconstructionRequest request;
//   request.site = geo::Geodetic::FromDegrees(39.2, 127.5);
//   request.azimuth_rad = DegToRad(75);
//   request.range_m = 800e3; request.apogee_m = 50e3; request.flight_time_s = 600;
//   Reconstruction r = Reconstruct(request, {});
//   if (!r.ok()) std::cerr << r.error;
#pragma once

#include <optional>
#include <string>

#include "trilink/flight/trajectory.h"
#include "trilink/flight/vehicle.h"
#include "trilink/geo/wgs84.h"

namespace trilink::flight {

enum class Profile { kMinimumEnergy, kLofted, kDepressed, kQuasiBallistic };

// "min-energy", "lofted", "depressed", "quasi-ballistic".
const char* ProfileName(Profile profile);
std::optional<Profile> ParseProfile(std::string_view name);

struct ReconstructionRequest {
  geo::Geodetic site;
  // Direction: exactly one of azimuth_rad (then range_m is required) and impact.
  std::optional<double> azimuth_rad;  // clockwise from north
  std::optional<geo::Geodetic> impact;
  std::optional<double> range_m;        // surface distance launch → impact, > 0
  std::optional<double> apogee_m;       // height above the surface, > 0
  std::optional<double> flight_time_s;  // launch to impact, > 0
  std::optional<Profile> profile;       // nullopt: pick the profile that fits
  PhysicsModel physics;
};

// The largest reported figures a reconstruction takes; the scenario reader
// and `trilink trajectory` refuse larger ones as input errors. A range of
// half the Earth's circumference; an apogee and a flight time far beyond any
// ballistic missile's and within what the flight model follows
// (FlightOptions::max_flight_time_s).
inline constexpr double kMaxReportedRangeM = 20'037'500.0;
inline constexpr double kMaxReportedApogeeM = 40'000'000.0;
inline constexpr double kMaxReportedFlightTimeS = 20'000.0;

struct ReconstructionOptions {
  double figure_tolerance = 0.01;  // every given figure within this relative error, (0, 1)
  double solve_tolerance = 2e-4;   // relative accuracy of each inner solve, (0, 1)
  double sample_interval_s = 0.0;  // > 0: the final flight records samples (s), finite, >= 0
  // Physics is taken from the request, the sample interval from above; the
  // rest must be valid (FlightOptions::IsValid).
  FlightOptions flight;

  bool IsValid(std::string* error) const;
};

struct Reconstruction {
  std::string error;  // empty when the figures were matched
  Profile profile = Profile::kMinimumEnergy;
  Vehicle vehicle;
  FlightControls controls;
  FlightResult flight;
  geo::Geodetic target_impact;           // the impact point aimed at
  double minimum_energy_apogee_m = 0.0;  // vacuum closed form, for comparison
  long simulations = 0;                  // flights simulated by the solver

  bool ok() const { return error.empty(); }
};

// Returns a reconstruction, or one whose `error` explains which figures
// conflict (never throws for figures that cannot be matched; throws
// InputError for a malformed request such as a missing direction). `options`
// must be valid (checked).
Reconstruction Reconstruct(const ReconstructionRequest& request,
                           const ReconstructionOptions& options);

}  // namespace trilink::flight
