// Scenario format v1 (TOML): what happens, where and when.
//
//   [scenario]
//   name = "Wonsan salvo"            # required
//   epoch = "2022-01-05T07:27:00Z"   # required, UTC (ISO-8601 with zone)
//   duration_s = 1800                # required, (0, 2592000] (30 days)
//   seed = 20220105                  # required, integer >= 0
//
//   [[launch]]                        # one or more
//   name = "salvo-A"                 # optional; default "launch-<n>" (1-based); 1 to 64
//                                    #   letters, digits, '-', '_', '.' (it names files)
//   site = [39.2, 127.5]             # required: [lat_deg, lon_deg] (or [lat, lon, height_m])
//   time_s = 0                       # optional, seconds after epoch, default 0
//   count = 3                        # optional, missiles in the salvo, default 1, <= 100
//   interval_s = 120                 # optional, seconds between missiles, default 0;
//                                    #   time_s + (count - 1) * interval_s < duration_s
//   azimuth_deg = 75                 # exactly one of azimuth_deg and impact
//   impact = [40.1, 136.0]           #   impact: [lat_deg, lon_deg]
//   range_km = 800                   # reported figures: a consistent subset of
//   apogee_km = 50                   #   range_km (0, 20037.5], apogee_km (0, 40000],
//   flight_time_s = 600              #   flight_time_s (0, 20000]; range_km required
//                                    #   with azimuth_deg
//   profile = "quasi-ballistic"      # optional: auto (default), min-energy,
//                                    #   lofted, depressed, quasi-ballistic
//   spread = 0.05                    # optional, [0, 0.5]: salvo missiles' range
//                                    #   and apogee vary by up to ±spread (seeded)
//
//   [[sensor]]                        # zero or more
//   name = "kr-gangneung"            # required, unique; characters as a launch name
//   owner = "KR"                     # required: the partner that owns it (same characters)
//   type = "radar"                   # required: radar or infrared
//   revisit_s = 5                    # required, > 0: time between scans
//   scan_offset_s = 1                # optional, [0, revisit_s): first scan after the epoch
//   latency_s = 1.5                  # optional, [0, 3600], default 0: measurement to report
//   # radar (see sensors/radar.h, sensors/sensor.h):
//   site = [37.75, 128.95, 300]      # required: [lat_deg, lon_deg(, height_m)]
//   platform = "ground"              # optional: ground (default) or ship (a ship's
//                                    #   position for the run)
//   measures = ["range", "azimuth", "elevation", "range_rate"]
//                                    # optional, default range, azimuth, elevation;
//                                    #   azimuth and elevation always (angles only: a
//                                    #   passive sensor)
//   range_sigma_m = 30               # required for each measured component, each
//   azimuth_sigma_mrad = 2           #   >= 0.001: range_sigma_m <= 1e6, azimuth_sigma_mrad
//   elevation_sigma_mrad = 2         #   and elevation_sigma_mrad <= 1000,
//   range_rate_sigma_m_s = 2         #   range_rate_sigma_m_s <= 1e4 (sensors/radar.h)
//   range_bias_m = 10                # optional constant biases, default 0, only for
//                                    #   measured components, |bias| within the
//                                    #   sigma's bound: range_bias_m,
//                                    #   azimuth_bias_mrad, elevation_bias_mrad,
//                                    #   range_rate_bias_m_s
//   max_range_km = 1500              # required, [1, 100000]
//   azimuth_deg = [300, 60]          # optional sector, clockwise from the first to the
//                                    #   second (here through north), at least 0.01
//                                    #   wide; default [0, 360]
//   elevation_deg = [0, 70]          # optional apparent elevation limits, at least 0.01
//                                    #   apart, default [0, 90]
//   refraction_k = 1.3333            # optional effective Earth radius factor, [1, 10], default 4/3
//   reference_range_km = 1000        # required: the radar equation's reference point,
//                                    #   [1, 100000]
//   reference_snr_db = 15            #   required: SNR of reference_rcs_m2 there, [-100, 200]
//   reference_rcs_m2 = 1             #   optional ([1e-6, 1e6], default 1)
//   target_rcs_m2 = 0.5              # optional, [1e-6, 1e6], default reference_rcs_m2
//   false_alarm_probability = 1e-6   # optional, [1e-12, 1), default 1e-6
//   false_alarms_per_scan = 0.5      # optional Poisson mean, [0, 1000], default 0
//   # infrared:
//   geostationary_longitude_deg = 128 # exactly one of this and [sensor.orbit]
//   angle_sigma_urad = 30            # required, [0.001, 1e6]
//   angle_bias_urad = [5, -5]        # optional [east, north], each in [-1e6, 1e6], default [0, 0]
//   detection_probability = 0.95     # optional, [0, 1], default 0.95, while burning
//   [sensor.orbit]                   # a two-body orbit instead of a longitude
//   semi_major_axis_km = 26560       # required, <= 1e6, perigee at least 100 km up
//   eccentricity = 0.7               # optional, [0, 1), default 0
//   inclination_deg = 63.4           # optional, [0, 180], default 0
//   raan_deg = 40                    # optional, default 0
//   argument_of_perigee_deg = 270    # optional, default 0
//   mean_anomaly_deg = 0             # optional, default 0, at the orbit's epoch
//   epoch = "2026-03-10T00:00:00Z"   # optional, default the scenario epoch
//
//   [areas]                           # optional
//   file = "areas/districts.geojson" # named warning areas (GeoJSON features
//                                    #   with properties name, kind "named",
//                                    #   country ISO alpha-3), added to the
//                                    #   region's; relative to this file
//
// Limits: the work a scenario asks for is bounded, so that a file cannot ask
// for hours of computing or more memory than a machine has; a file beyond
// them is refused up front, naming the field. At most 1000 missiles in all;
// per sensor at most 2e5 scans over the run (duration_s / revisit_s), 5e5
// for all sensors; at most 1e6 false alarms over the run
// (false_alarms_per_scan × scans, summed over the radars); at most 1e7
// scans × missiles (the detections the trackers may have to take); at most
// 200 sensors and 32 partners (sensor owners).
//
// Unknown tables or keys are errors (a radar key on an infrared sensor and
// the other way round, too). Every error is an InputError whose
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
#include "trilink/sensors/sensor.h"

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
  std::vector<sensors::SensorSpec> sensors;  // in file order
  // [areas] file: named warning areas (GeoJSON, geo/areas.h's format) added to
  // the region's; the path as given, relative paths resolved against the
  // scenario file's folder.
  std::optional<std::string> areas_file;
};

// Reads and validates a scenario file. Throws InputError ("FILE:LINE:COL: ...")
// on a missing file, a TOML syntax error, an unknown key, a missing required
// field, a value of the wrong type or out of range, or an inconsistent
// combination (azimuth_deg and impact both given, neither range_km nor impact).
Scenario LoadScenario(const std::string& path);
// As LoadScenario, from text; `file` is the name used in messages.
Scenario ParseScenario(std::string_view text, const std::string& file);

}  // namespace trilink::scenario
