// Scenario format v1 (TOML): what happens, where and when.
//
//   [scenario]
//   name = "Wonsan salvo"            # required
//   epoch = "2022-01-05T07:27:00Z"   # required, UTC (ISO-8601 with zone)
//   duration_s = 1800                # required, > 0
//   seed = 20220105                  # required, integer >= 0
//
//   [[launch]]                        # one or more
//   name = "salvo-A"                 # optional; default "launch-<n>" (1-based)
//   site = [39.2, 127.5]             # required: [lat_deg, lon_deg] (or [lat, lon, height_m])
//   time_s = 0                       # optional, seconds after epoch, default 0
//   count = 3                        # optional, missiles in the salvo, default 1, <= 100
//   interval_s = 120                 # optional, seconds between missiles, default 0;
//                                    #   time_s + (count - 1) * interval_s < duration_s
//   azimuth_deg = 75                 # exactly one of azimuth_deg and impact
//   impact = [40.1, 136.0]           #   impact: [lat_deg, lon_deg]
//   range_km = 800                   # reported figures: a consistent subset of
//   apogee_km = 50                   #   range_km, apogee_km, flight_time_s;
//   flight_time_s = 600              #   range_km required with azimuth_deg
//   profile = "quasi-ballistic"      # optional: auto (default), min-energy,
//                                    #   lofted, depressed, quasi-ballistic
//   spread = 0.05                    # optional, [0, 0.5]: salvo missiles' range
//                                    #   and apogee vary by up to ±spread (seeded)
//
// Unknown tables or keys are errors. Every error is an InputError whose
// message starts "FILE:LINE:COLUMN: " and names the field
// ("launch[2].apogee_km") and what was expected.
//
// Usage:
//   Scenario s = LoadScenario("scenarios/wonsan-salvo.toml");
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trilink/core/time.h"
#include "trilink/flight/reconstruct.h"
#include "trilink/geo/wgs84.h"

namespace trilink::scenario {

struct LaunchSpec {
  std::string name;
  geo::Geodetic site;
  double time_s = 0.0;                // after the scenario epoch, >= 0
  int count = 1;                      // [1, 100]
  double interval_s = 0.0;            // >= 0
  std::optional<double> azimuth_deg;  // [0, 360)
  std::optional<geo::Geodetic> impact;
  std::optional<double> range_km;          // > 0
  std::optional<double> apogee_km;         // > 0
  std::optional<double> flight_time_s;     // > 0
  std::optional<flight::Profile> profile;  // nullopt: "auto"
  double spread = 0.0;                     // [0, 0.5]
  int source_line = 0;                     // line of the [[launch]] header, for later messages
};

struct Scenario {
  std::string file;  // path as given
  std::string name;
  UtcTime epoch;
  double duration_s = 0.0;
  uint64_t seed = 0;
  std::vector<LaunchSpec> launches;
};

// Reads and validates a scenario file. Throws InputError ("FILE:LINE:COL: ...")
// on a missing file, a TOML syntax error, an unknown key, a missing required
// field, a value of the wrong type or out of range, or an inconsistent
// combination (azimuth_deg and impact both given, neither range_km nor impact).
Scenario LoadScenario(const std::string& path);
// As LoadScenario, from text; `file` is the name used in messages.
Scenario ParseScenario(std::string_view text, const std::string& file);

}  // namespace trilink::scenario
