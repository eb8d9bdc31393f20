// The launch report: what a defence ministry publishes after a launch —
// launch time (approximate) and area, direction, number of missiles, maximum
// altitude, range, flight time, where each fell relative to a named
// landmark, inside or outside the exclusive economic zone, and trajectory
// notes (lofted, irregular).
//
// Built from what trilink concluded (assess.h's final assessment of each
// missile, grouped by launch event) and worded with the places table
// (places.h). Figures are rounded the way such releases give them: times to
// the minute, distances to 10 km (5 km below 100 km), flight times to the
// minute (to 10 s below two minutes).
//
// Usage:
//   LaunchReport report = BuildLaunchReport({.event_id = "E1", .missiles = findings}, places);
//   std::cout << ReportText(report);
//   nlohmann::json json = ReportJson(report);
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "trilink/assess/assessment.h"
#include "trilink/core/time.h"
#include "trilink/geo/places.h"
#include "trilink/geo/wgs84.h"

namespace trilink::report {

struct MissileReport {
  assess::MissileFinding finding;
  std::string impact_description;  // "about 300 km west of the Oga Peninsula"
  long max_altitude_km = 0;        // rounded as released
  long range_km = 0;
  std::string flight_time;         // "about 10 minutes"
  std::string eez;                 // "inside Japan's EEZ" / "outside any EEZ" / ...
  std::vector<std::string> notes;  // "lofted trajectory", "irregular trajectory (manoeuvre seen)"
};

struct LaunchReport {
  std::string event_id;
  bool simulated = true;
  UtcTime first_launch;
  UtcTime last_launch;
  std::string launch_area;     // "the Wonsan area"
  geo::Geodetic launch_point;  // mean launch point
  std::string direction;       // compass point of launch → mean impact
  int missile_count = 0;
  std::vector<MissileReport> missiles;  // in launch order
};

// throws InputError when `input` has no missile.
LaunchReport BuildLaunchReport(const assess::LaunchFindings& input, const geo::Places& places);
std::string ReportText(const LaunchReport& report);
nlohmann::json ReportJson(const LaunchReport& report);

// "about 10 minutes", "about 90 seconds".
std::string ApproximateDuration(double seconds);

}  // namespace trilink::report
