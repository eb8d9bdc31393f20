// Scenario format v1: reading and validation (see scenario.h for the format).
//
// Every message has the shape "FILE:LINE:COLUMN: FIELD: what is wrong; expected WHAT",
// where the position is that of the offending value (or key, for unknown
// keys), or of the enclosing table header when a required key is missing.
#include "trilink/scenario/scenario.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trilink/core/error.h"
#include "trilink/core/input_file.h"
#include "trilink/core/spelling.h"
#include "trilink/core/text.h"
#include "trilink/core/units.h"
#include "trilink/scenario/toml_reader.h"

namespace trilink::scenario {
namespace {

using Reader = TomlReader;

constexpr int kMaxSalvoCount = 100;

// The work a scenario may ask for (scenario.h, "Limits"): beyond these a run
// would take hours or exhaust memory, so the file is refused up front.
constexpr double kMaxDurationS = 30 * 86400.0;
constexpr int kMaxMissiles = 1000;
// Scans: one radar with 2e5 scans over the seed scenario (a revisit of
// 0.018 s) takes 34 s and 160 MB; a scan costs about 500 bytes kept.
constexpr double kMaxScansPerSensor = 2e5;
constexpr double kMaxScans = 5e5;
// Detections of the missiles (scans × missiles, each scan may see each): a
// detection costs an IMM update of a 10-state track, some 30 µs.
constexpr double kMaxDetections = 1e7;
constexpr int kMaxSensors = 200;
constexpr size_t kMaxPartners = 32;
// Measured on the seed scenario with every radar at N false alarms per scan
// (docs/robustness.md): 2.1e5 in all take 10 s, 4.1e5 23 s, 1.0e6 60 s,
// 4.1e6 more than 20 minutes (the trackers' tentative tracks and the two-point
// seeds grow with the clutter density).
constexpr double kMaxFalseAlarms = 1e6;
constexpr double kMaxLatencyS = 3600.0;
// Reported figures: flight's bounds (reconstruct.h), in the file's units.
constexpr double kMaxRangeKm = flight::kMaxReportedRangeM / 1000.0;
constexpr double kMaxApogeeKm = flight::kMaxReportedApogeeM / 1000.0;
constexpr double kMaxFlightTimeS = flight::kMaxReportedFlightTimeS;
constexpr double kMaxRadarRangeKm = 1e5;
// The narrowest radar sector, in azimuth or elevation (degrees).
constexpr double kMinSectorDeg = 0.01;

constexpr std::string_view kRootKeys[] = {"scenario", "launch", "sensor", "areas"};
constexpr std::string_view kAreasKeys[] = {"file"};
constexpr std::string_view kScenarioKeys[] = {"name", "epoch", "duration_s", "seed"};
constexpr std::string_view kLaunchKeys[] = {"name",       "site",          "time_s",  "count",
                                            "interval_s", "azimuth_deg",   "impact",  "range_km",
                                            "apogee_km",  "flight_time_s", "profile", "spread"};

constexpr std::string_view kSensorCommonKeys[] = {"name",      "owner",         "type",
                                                  "revisit_s", "scan_offset_s", "latency_s"};
constexpr std::string_view kRadarKeys[] = {"site",
                                           "platform",
                                           "measures",
                                           "range_sigma_m",
                                           "azimuth_sigma_mrad",
                                           "elevation_sigma_mrad",
                                           "range_rate_sigma_m_s",
                                           "range_bias_m",
                                           "azimuth_bias_mrad",
                                           "elevation_bias_mrad",
                                           "range_rate_bias_m_s",
                                           "max_range_km",
                                           "azimuth_deg",
                                           "elevation_deg",
                                           "refraction_k",
                                           "reference_range_km",
                                           "reference_snr_db",
                                           "reference_rcs_m2",
                                           "target_rcs_m2",
                                           "false_alarm_probability",
                                           "false_alarms_per_scan"};
constexpr std::string_view kInfraredKeys[] = {"geostationary_longitude_deg", "orbit",
                                              "angle_sigma_urad", "angle_bias_urad",
                                              "detection_probability"};
constexpr std::string_view kOrbitKeys[] = {
    "semi_major_axis_km", "eccentricity", "inclination_deg", "raan_deg", "argument_of_perigee_deg",
    "mean_anomaly_deg",   "epoch"};
// Per radar component (sensors::RadarComponent order): its name in
// `measures`, its sigma and bias keys and the factor from file units to SI.
struct RadarComponentKeys {
  std::string_view name;
  std::string_view sigma_key;
  std::string_view bias_key;
  double to_si;
  double min_sigma, max_sigma;  // in file units (sensors/radar.h); max also the largest |bias|
};
constexpr RadarComponentKeys kRadarComponentKeys[] = {
    {"range", "range_sigma_m", "range_bias_m", 1.0, sensors::kMinRangeSigmaM,
     sensors::kMaxRangeSigmaM},
    {"azimuth", "azimuth_sigma_mrad", "azimuth_bias_mrad", 1e-3, sensors::kMinAngleSigmaMrad,
     sensors::kMaxAngleSigmaMrad},
    {"elevation", "elevation_sigma_mrad", "elevation_bias_mrad", 1e-3, sensors::kMinAngleSigmaMrad,
     sensors::kMaxAngleSigmaMrad},
    {"range_rate", "range_rate_sigma_m_s", "range_rate_bias_m_s", 1.0,
     sensors::kMinRangeRateSigmaM_S, sensors::kMaxRangeRateSigmaM_S}};

constexpr std::string_view kSiteExpected = "[lat_deg, lon_deg] or [lat_deg, lon_deg, height_m]";
constexpr std::string_view kImpactExpected = "[lat_deg, lon_deg]";
constexpr std::string_view kEpochExpected =
    "a UTC time with zone between 1700 and 2200, e.g. \"2022-01-05T07:27:00Z\"";
// Heights of a launch site: a few hundred metres below sea level (a
// submarine) to the highest ground, with margin; anything else is a typo.
constexpr double kMinSiteHeightM = -1000.0;
constexpr double kMaxSiteHeightM = 10000.0;

// `value` > 0 rounded up to three significant digits, for a bound quoted in
// a message that the quoted value itself must meet.
double RoundUp3(double value) {
  // Dividing by a power of ten rounds correctly, so 0.00181 prints as such.
  const double scale = std::pow(10.0, 2.0 - std::floor(std::log10(value)));
  return scale >= 1.0 ? std::ceil(value * scale * (1.0 - 1e-12)) / scale
                      : std::ceil(value * scale * (1.0 - 1e-12)) * (1.0 / scale);
}

// A count for a message: whole below ten million, then three significant
// digits ("1.8e+12 scans").
std::string FormatCount(double count) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, count < 1e7 ? "%.0f" : "%.3g", count);
  return buffer;
}

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysSinceUnixEpoch(const toml::date& date) {
  using namespace std::chrono;
  const sys_days days{year{date.year} / month{date.month} / day{date.day}};
  return days.time_since_epoch().count();
}

UtcTime ReadEpoch(const Reader& reader, const toml::node& node, std::string_view field) {
  if (const auto* text = node.as_string()) {
    const std::optional<UtcTime> epoch = UtcTime::TryParse(text->get());
    if (!epoch || !epoch->IsInputTime()) reader.FailValue(node, field, kEpochExpected);
    return *epoch;
  }
  const auto* native = node.as_date_time();
  if (native == nullptr) reader.FailValue(node, field, kEpochExpected);
  const toml::date_time& value = native->get();
  if (!value.offset) {
    reader.Fail(node, field, "got " + Describe(node) + " without a zone", kEpochExpected);
  }
  const int64_t seconds = DaysSinceUnixEpoch(value.date) * 86400 + int64_t{value.time.hour} * 3600 +
                          int64_t{value.time.minute} * 60 + int64_t{value.time.second} -
                          int64_t{value.offset->minutes} * 60;
  // Checked in seconds first: a TOML year can be far outside what UtcTime's
  // signed 64-bit nanoseconds hold.
  constexpr int64_t kNs = 1'000'000'000;
  if (seconds < UtcTime::kEarliestInputNs / kNs || seconds > UtcTime::kLatestInputNs / kNs) {
    reader.FailValue(node, field, kEpochExpected);
  }
  const UtcTime epoch = UtcTime::FromNanoseconds(seconds * kNs + int64_t{value.time.nanosecond});
  if (!epoch.IsInputTime()) reader.FailValue(node, field, kEpochExpected);
  return epoch;
}

// [lat, lon] or, with `allow_height`, [lat, lon, height_m]; longitude in
// [-180, 360), normalised to [-180, 180).
geo::Geodetic ReadPoint(const Reader& reader, const toml::node& node, std::string_view field,
                        bool allow_height) {
  const std::string_view expected = allow_height ? kSiteExpected : kImpactExpected;
  const auto* array = node.as_array();
  if (array == nullptr) reader.FailValue(node, field, expected);
  const size_t size = array->size();
  if (size < 2 || size > (allow_height ? 3u : 2u)) reader.FailValue(node, field, expected);
  auto element = [&](size_t index) {
    return std::string(field) + "[" + std::to_string(index) + "]";
  };
  const double latitude_deg =
      reader.Number(*array->get(0), element(0), "a latitude in [-90, 90] (degrees)",
                    [](double v) { return v >= -90.0 && v <= 90.0; });
  double longitude_deg =
      reader.Number(*array->get(1), element(1), "a longitude in [-180, 360) (degrees)",
                    [](double v) { return v >= -180.0 && v < 360.0; });
  if (longitude_deg >= 180.0) longitude_deg -= 360.0;
  double height_m = 0.0;
  if (size == 3) {
    height_m = reader.Number(*array->get(2), element(2),
                             "a height in [" + FormatNumber(kMinSiteHeightM) + ", " +
                                 FormatNumber(kMaxSiteHeightM) + "] (m above the WGS-84 ellipsoid)",
                             [](double v) { return v >= kMinSiteHeightM && v <= kMaxSiteHeightM; });
  }
  return geo::Geodetic::FromDegrees(latitude_deg, longitude_deg, height_m);
}

constexpr auto Positive = [](double v) { return v > 0.0; };
constexpr auto NonNegative = [](double v) { return v >= 0.0; };

LaunchSpec ReadLaunch(const Reader& reader, const toml::table& table, int number,
                      double duration_s) {
  const std::string prefix = "launch[" + std::to_string(number) + "]";
  auto field = [&](std::string_view key) { return Reader::Field(prefix, key); };
  reader.RejectUnknown(table, prefix, kLaunchKeys);

  LaunchSpec launch;
  launch.source_line = static_cast<int>(table.source().begin.line);
  launch.name = "launch-" + std::to_string(number);
  if (const auto* node = table.get("name")) launch.name = reader.Identifier(*node, field("name"));

  launch.site =
      ReadPoint(reader, reader.Require(table, prefix, "site", kSiteExpected), field("site"), true);

  const toml::node* time_node = table.get("time_s");
  if (time_node != nullptr) {
    launch.time_s = reader.Number(*time_node, field("time_s"), "a number >= 0 (s after the epoch)",
                                  NonNegative);
  }
  const toml::node* count_node = table.get("count");
  if (count_node != nullptr) {
    launch.count = static_cast<int>(reader.Integer(
        *count_node, field("count"),
        "an integer in [1, " + std::to_string(kMaxSalvoCount) + "] (missiles in the salvo)", 1,
        kMaxSalvoCount));
  }
  const toml::node* interval_node = table.get("interval_s");
  if (interval_node != nullptr) {
    launch.interval_s = reader.Number(*interval_node, field("interval_s"),
                                      "a number >= 0 (s between missiles)", NonNegative);
  }

  const toml::node* azimuth_node = table.get("azimuth_deg");
  const toml::node* impact_node = table.get("impact");
  if (azimuth_node != nullptr) {
    launch.azimuth_deg = reader.Number(*azimuth_node, field("azimuth_deg"),
                                       "a number in [0, 360) (degrees clockwise from north)",
                                       [](double v) { return v >= 0.0 && v < 360.0; });
  }
  if (impact_node != nullptr) {
    launch.impact = ReadPoint(reader, *impact_node, field("impact"), false);
  }
  if (const auto* node = table.get("range_km")) {
    launch.range_km = reader.Number(*node, field("range_km"), "a number in (0, 20037.5] (km)",
                                    [](double v) { return v > 0.0 && v <= kMaxRangeKm; });
  }
  if (const auto* node = table.get("apogee_km")) {
    launch.apogee_km = reader.Number(*node, field("apogee_km"), "a number in (0, 40000] (km)",
                                     [](double v) { return v > 0.0 && v <= kMaxApogeeKm; });
  }
  if (const auto* node = table.get("flight_time_s")) {
    launch.flight_time_s =
        reader.Number(*node, field("flight_time_s"), "a number in (0, 20000] (s)",
                      [](double v) { return v > 0.0 && v <= kMaxFlightTimeS; });
  }
  if (const auto* node = table.get("profile")) {
    const std::string expected = "one of auto, min-energy, lofted, depressed, quasi-ballistic";
    const auto* text = node->as_string();
    if (text == nullptr) reader.FailValue(*node, field("profile"), expected);
    if (text->get() != "auto") {
      launch.profile = flight::ParseProfile(text->get());
      if (!launch.profile) reader.FailValue(*node, field("profile"), expected);
    }
  }
  if (const auto* node = table.get("spread")) {
    launch.spread = reader.Number(*node, field("spread"), "a number in [0, 0.5] (fraction)",
                                  [](double v) { return v >= 0.0 && v <= 0.5; });
  }

  // Cross-field checks.
  if (azimuth_node != nullptr && impact_node != nullptr) {
    // Point at whichever of the two comes second: that is where the reader
    // contradicts what they already wrote.
    const bool impact_second =
        azimuth_node->source().begin.line <= impact_node->source().begin.line;
    const toml::node& second = impact_second ? *impact_node : *azimuth_node;
    const toml::node& first = impact_second ? *azimuth_node : *impact_node;
    reader.Fail(second, field(impact_second ? "impact" : "azimuth_deg"),
                std::string("given together with ") + (impact_second ? "azimuth_deg" : "impact") +
                    " (line " + std::to_string(first.source().begin.line) + ")",
                "exactly one of azimuth_deg and impact");
  }
  if (azimuth_node == nullptr && impact_node == nullptr) {
    reader.Fail(table, prefix, "neither azimuth_deg nor impact given",
                "exactly one of azimuth_deg and impact");
  }
  if (azimuth_node != nullptr && !launch.range_km) {
    reader.Fail(table, field("range_km"), "missing (required with azimuth_deg)",
                "a number in (0, 20037.5] (km)");
  }

  // The whole salvo must leave the ground before the scenario ends.
  const double last_launch_s = launch.time_s + (launch.count - 1) * launch.interval_s;
  if (!(last_launch_s < duration_s)) {
    std::string problem;
    const toml::node* at = nullptr;
    std::string_view key;
    if (launch.count > 1) {
      problem = "the last missile launches at " + FormatNumber(last_launch_s) + " s (time_s " +
                FormatNumber(launch.time_s) + " + (count " + std::to_string(launch.count) +
                " - 1) * interval_s " + FormatNumber(launch.interval_s) +
                "), not before the scenario ends";
      at = count_node;
      key = "count";
    } else {
      problem = "got " + FormatNumber(launch.time_s) + ", not before the scenario ends";
      // time_s defaults to 0 < duration_s, so it is present here.
      at = time_node;
      key = "time_s";
    }
    reader.Fail(at != nullptr ? at->source() : table.source(), field(key), problem,
                "time_s + (count - 1) * interval_s < duration_s = " + FormatNumber(duration_s));
  }
  return launch;
}

// [a, b]: two numbers, each checked by `valid`.
template <typename Predicate>
std::pair<double, double> ReadPair(const Reader& reader, const toml::node& node,
                                   std::string_view field, std::string_view expected,
                                   Predicate valid) {
  const auto* array = node.as_array();
  if (array == nullptr || array->size() != 2) reader.FailValue(node, field, expected);
  auto element = [&](size_t index) {
    return std::string(field) + "[" + std::to_string(index) + "]";
  };
  return {reader.Number(*array->get(0), element(0), expected, valid),
          reader.Number(*array->get(1), element(1), expected, valid)};
}

// Rejects a key of the other sensor type with a message that says so.
void RejectOtherType(const Reader& reader, const toml::table& table, std::string_view prefix,
                     std::span<const std::string_view> own, std::span<const std::string_view> other,
                     std::string_view own_type, std::string_view other_type) {
  for (std::string_view key : other) {
    if (std::find(own.begin(), own.end(), key) != own.end()) continue;
    const toml::node* node = table.get(key);
    if (node == nullptr) continue;
    reader.Fail(*node, Reader::Field(prefix, key),
                "applies only to " + std::string(other_type) + " sensors, this one is " +
                    std::string(own_type),
                "no " + std::string(key) + " on a " + std::string(own_type) + " sensor");
  }
}

sensors::KeplerOrbit ReadOrbit(const Reader& reader, const toml::table& table,
                               std::string_view prefix, UtcTime scenario_epoch) {
  reader.RejectUnknown(table, prefix, kOrbitKeys);
  auto field = [&](std::string_view key) { return Reader::Field(prefix, key); };
  sensors::KeplerOrbit orbit;
  orbit.epoch = scenario_epoch;
  // Up to beyond the Moon's distance: any Earth-watching satellite.
  constexpr double kMaxSemiMajorAxisKm = 1e6;
  const std::string semi_major_expected = "a number in (" +
                                          FormatNumber(MToKm(geo::kWgs84SemiMajorAxis)) +
                                          ", 1e6] (km, the orbit's semi-major axis)";
  const toml::node& semi_major_node =
      reader.Require(table, prefix, "semi_major_axis_km", semi_major_expected);
  orbit.semi_major_axis_m = KmToM(reader.Number(
      semi_major_node, field("semi_major_axis_km"), semi_major_expected,
      [](double v) { return v > MToKm(geo::kWgs84SemiMajorAxis) && v <= kMaxSemiMajorAxisKm; }));
  if (const auto* node = table.get("eccentricity")) {
    orbit.eccentricity = reader.Number(*node, field("eccentricity"), "a number in [0, 1)",
                                       [](double v) { return v >= 0.0 && v < 1.0; });
  }
  if (const auto* node = table.get("inclination_deg")) {
    orbit.inclination_rad =
        DegToRad(reader.Number(*node, field("inclination_deg"), "a number in [0, 180] (degrees)",
                               [](double v) { return v >= 0.0 && v <= 180.0; }));
  }
  const auto angle = [&](std::string_view key, double* out) {
    if (const auto* node = table.get(key)) {
      *out = DegToRad(reader.Number(*node, field(key), "a number in [-360, 360] (degrees)",
                                    [](double v) { return v >= -360.0 && v <= 360.0; }));
    }
  };
  angle("raan_deg", &orbit.raan_rad);
  angle("argument_of_perigee_deg", &orbit.argument_of_perigee_rad);
  angle("mean_anomaly_deg", &orbit.mean_anomaly_rad);
  if (const auto* node = table.get("epoch")) orbit.epoch = ReadEpoch(reader, *node, field("epoch"));
  // A satellite below 100 km (the Kármán line) does not stay in orbit.
  constexpr double kMinPerigeeHeightKm = 100.0;
  const double perigee_km = MToKm(orbit.semi_major_axis_m) * (1.0 - orbit.eccentricity);
  std::string error;
  if (!orbit.IsValid(&error) ||
      perigee_km < MToKm(geo::kWgs84SemiMajorAxis) + kMinPerigeeHeightKm) {
    reader.Fail(semi_major_node, field("semi_major_axis_km"),
                "the perigee, " + FormatNumber(perigee_km) +
                    " km from the Earth's centre, is inside the Earth or its atmosphere",
                "semi_major_axis_km * (1 - eccentricity) >= " +
                    FormatNumber(MToKm(geo::kWgs84SemiMajorAxis) + kMinPerigeeHeightKm));
  }
  return orbit;
}

sensors::SensorSpec ReadSensor(const Reader& reader, const toml::table& table, int number,
                               UtcTime scenario_epoch) {
  const std::string prefix = "sensor[" + std::to_string(number) + "]";
  auto field = [&](std::string_view key) { return Reader::Field(prefix, key); };
  sensors::SensorSpec sensor;
  sensor.source_line = static_cast<int>(table.source().begin.line);

  constexpr std::string_view kTypeExpected = "radar or infrared";
  const toml::node& type_node = reader.Require(table, prefix, "type", kTypeExpected);
  const auto* type_text = type_node.as_string();
  if (type_text == nullptr) reader.FailValue(type_node, field("type"), kTypeExpected);
  if (type_text->get() == "radar") {
    sensor.type = sensors::SensorType::kRadar;
  } else if (type_text->get() == "infrared") {
    sensor.type = sensors::SensorType::kInfrared;
  } else {
    reader.FailValue(type_node, field("type"), kTypeExpected);
  }
  const bool radar = sensor.type == sensors::SensorType::kRadar;
  if (radar) {
    RejectOtherType(reader, table, prefix, kRadarKeys, kInfraredKeys, "radar", "infrared");
  } else {
    RejectOtherType(reader, table, prefix, kInfraredKeys, kRadarKeys, "infrared", "radar");
  }
  std::vector<std::string_view> allowed(std::begin(kSensorCommonKeys), std::end(kSensorCommonKeys));
  if (radar) {
    allowed.insert(allowed.end(), std::begin(kRadarKeys), std::end(kRadarKeys));
  } else {
    allowed.insert(allowed.end(), std::begin(kInfraredKeys), std::end(kInfraredKeys));
  }
  reader.RejectUnknown(table, prefix, allowed);

  sensor.name = reader.Identifier(reader.Require(table, prefix, "name", "a name"), field("name"));
  sensor.owner = reader.Identifier(
      reader.Require(table, prefix, "owner", "the partner's code, e.g. \"KR\""), field("owner"));
  constexpr std::string_view kRevisitExpected = "a number > 0 (s between scans)";  // see Limits
  sensor.revisit_s = reader.Number(reader.Require(table, prefix, "revisit_s", kRevisitExpected),
                                   field("revisit_s"), kRevisitExpected, Positive);
  if (const auto* node = table.get("scan_offset_s")) {
    const double revisit_s = sensor.revisit_s;
    sensor.scan_offset_s = reader.Number(
        *node, field("scan_offset_s"),
        "a number in [0, revisit_s = " + FormatNumber(revisit_s) + ") (s after the epoch)",
        [revisit_s](double v) { return v >= 0.0 && v < revisit_s; });
  }
  if (const auto* node = table.get("latency_s")) {
    sensor.latency_s =
        reader.Number(*node, field("latency_s"),
                      "a number in [0, 3600] (s from measurement to report; later reports are of "
                      "no use to a warning)",
                      [](double v) { return v >= 0.0 && v <= kMaxLatencyS; });
  }

  if (!radar) {
    sensors::InfraredSpec& infrared = sensor.infrared;
    const toml::node* longitude_node = table.get("geostationary_longitude_deg");
    const toml::node* orbit_node = table.get("orbit");
    constexpr std::string_view kPlatformExpected =
        "exactly one of geostationary_longitude_deg and an [sensor.orbit] table";
    if (longitude_node != nullptr && orbit_node != nullptr) {
      reader.Fail(*orbit_node, field("orbit"), "given together with geostationary_longitude_deg",
                  kPlatformExpected);
    }
    if (longitude_node == nullptr && orbit_node == nullptr) {
      reader.Fail(table, prefix, "neither geostationary_longitude_deg nor orbit given",
                  kPlatformExpected);
    }
    if (longitude_node != nullptr) {
      infrared.geostationary_longitude_rad =
          DegToRad(reader.Number(*longitude_node, field("geostationary_longitude_deg"),
                                 "a longitude in [-180, 360) (degrees)",
                                 [](double v) { return v >= -180.0 && v < 360.0; }));
    } else {
      const toml::table* orbit_table = orbit_node->as_table();
      if (orbit_table == nullptr) {
        reader.FailValue(*orbit_node, field("orbit"), "a table, written [sensor.orbit]");
      }
      infrared.orbit = ReadOrbit(reader, *orbit_table, field("orbit"), scenario_epoch);
    }
    // A line of sight off by a radian or more is no measurement.
    constexpr double kMaxAngleUrad = 1e6;
    constexpr std::string_view kSigmaExpected = "a number in [0.001, 1e6] (microradians)";
    infrared.angle_sigma_rad =
        1e-6 * reader.Number(reader.Require(table, prefix, "angle_sigma_urad", kSigmaExpected),
                             field("angle_sigma_urad"), kSigmaExpected,
                             [](double v) { return v >= 1e-3 && v <= kMaxAngleUrad; });
    if (const auto* node = table.get("angle_bias_urad")) {
      const auto [east, north] = ReadPair(reader, *node, field("angle_bias_urad"),
                                          "[east, north] in [-1e6, 1e6] (microradians)",
                                          [](double v) { return std::abs(v) <= kMaxAngleUrad; });
      infrared.bias_rad = {1e-6 * east, 1e-6 * north};
    }
    if (const auto* node = table.get("detection_probability")) {
      infrared.detection_probability =
          reader.Number(*node, field("detection_probability"), "a number in [0, 1]",
                        [](double v) { return v >= 0.0 && v <= 1.0; });
    }
    return sensor;
  }

  sensors::RadarSpec& spec = sensor.radar;
  sensors::RadarConfig& config = spec.config;
  config.site =
      ReadPoint(reader, reader.Require(table, prefix, "site", kSiteExpected), field("site"), true);
  if (const auto* node = table.get("platform")) {
    const auto* text = node->as_string();
    if (text == nullptr || (text->get() != "ground" && text->get() != "ship")) {
      reader.FailValue(*node, field("platform"), "ground or ship");
    }
  }
  if (const auto* node = table.get("measures")) {
    constexpr std::string_view kMeasuresExpected =
        "a non-empty array of distinct names from range, azimuth, elevation, range_rate";
    const auto* array = node->as_array();
    if (array == nullptr || array->empty()) {
      reader.FailValue(*node, field("measures"), kMeasuresExpected);
    }
    config.measures = {false, false, false, false};
    for (size_t i = 0; i < array->size(); ++i) {
      const toml::node& element = *array->get(i);
      const std::string element_field =
          std::string(field("measures")) + "[" + std::to_string(i) + "]";
      const auto* text = element.as_string();
      if (text == nullptr) reader.FailValue(element, element_field, kMeasuresExpected);
      int component = -1;
      for (int c = 0; c < sensors::kNumRadarComponents; ++c) {
        if (text->get() == kRadarComponentKeys[c].name) component = c;
      }
      if (component < 0) reader.FailValue(element, element_field, kMeasuresExpected);
      if (config.measures[component]) {
        reader.Fail(element, element_field, Quote(text->get()) + " is listed twice",
                    kMeasuresExpected);
      }
      config.measures[component] = true;
    }
    // Without both angles a detection is on no line of sight: it can
    // neither start a track nor be told from others (angles alone can, for
    // a passive sensor).
    if (!(config.measures[1] && config.measures[2])) {
      reader.Fail(*node, field("measures"), "lacks azimuth or elevation",
                  "azimuth and elevation, with range and range_rate as measured");
    }
  }
  double* const sigmas[] = {&config.range_sigma_m, &config.azimuth_sigma_rad,
                            &config.elevation_sigma_rad, &config.range_rate_sigma_m_s};
  for (int c = 0; c < sensors::kNumRadarComponents; ++c) {
    const RadarComponentKeys& keys = kRadarComponentKeys[c];
    const toml::node* sigma_node = table.get(keys.sigma_key);
    const toml::node* bias_node = table.get(keys.bias_key);
    if (!config.measures[c]) {
      for (const toml::node* node : {sigma_node, bias_node}) {
        if (node == nullptr) continue;
        const std::string_view key = node == sigma_node ? keys.sigma_key : keys.bias_key;
        reader.Fail(*node, field(key),
                    "given, but measures does not include " + std::string(keys.name),
                    "\"" + std::string(keys.name) + "\" in measures, or no " + std::string(key));
      }
      continue;
    }
    std::string unit(keys.sigma_key.substr(keys.sigma_key.find("_sigma_") + 7));
    if (unit == "m_s") unit = "m/s";
    const double min = keys.min_sigma, max = keys.max_sigma;
    const std::string sigma_expected =
        "a number in [" + FormatNumber(min) + ", " + FormatNumber(max) + "] (" + unit + ")";
    *sigmas[c] =
        keys.to_si * reader.Number(reader.Require(table, prefix, keys.sigma_key, sigma_expected),
                                   field(keys.sigma_key), sigma_expected,
                                   [min, max](double v) { return v >= min && v <= max; });
    if (bias_node != nullptr) {
      spec.bias[c] = keys.to_si * reader.Number(*bias_node, field(keys.bias_key),
                                                "a number in [-" + FormatNumber(max) + ", " +
                                                    FormatNumber(max) + "] (" + unit + ")",
                                                [max](double v) { return std::abs(v) <= max; });
    }
  }

  sensors::FieldOfView& fov = config.field_of_view;
  constexpr std::string_view kMaxRangeExpected = "a number in [1, 100000] (km)";
  fov.max_range_m = KmToM(reader.Number(
      reader.Require(table, prefix, "max_range_km", kMaxRangeExpected), field("max_range_km"),
      kMaxRangeExpected, [](double v) { return v >= 1.0 && v <= kMaxRadarRangeKm; }));
  if (const auto* node = table.get("azimuth_deg")) {
    constexpr std::string_view kSectorExpected =
        "[from, to] in [0, 360] (degrees), clockwise from `from` to `to`, at least 0.01 wide";
    const auto [from, to] = ReadPair(reader, *node, field("azimuth_deg"), kSectorExpected,
                                     [](double v) { return v >= 0.0 && v <= 360.0; });
    const double start = from >= 360.0 ? 0.0 : from;
    double extent = to - start;
    if (extent <= 0.0) extent += 360.0;
    // A sector narrower than a hundredth of a degree sees nothing.
    if (from == to || (from == 360.0 && to == 0.0) || extent < kMinSectorDeg) {
      reader.Fail(*node, field("azimuth_deg"), "an empty sector", kSectorExpected);
    }
    fov.azimuth_start_rad = DegToRad(start);
    fov.azimuth_extent_rad = std::min(DegToRad(extent), 2.0 * kPi);
  }
  fov.elevation_max_rad = kPi / 2;
  if (const auto* node = table.get("elevation_deg")) {
    constexpr std::string_view kElevationExpected =
        "[min, max] with -90 <= min < max <= 90 (degrees), at least 0.01 apart";
    const auto [low, high] = ReadPair(reader, *node, field("elevation_deg"), kElevationExpected,
                                      [](double v) { return v >= -90.0 && v <= 90.0; });
    if (!(low + kMinSectorDeg <= high)) {
      reader.FailValue(*node->as_array()->get(1), field("elevation_deg") + "[1]",
                       kElevationExpected);
    }
    fov.elevation_min_rad = DegToRad(low);
    fov.elevation_max_rad = DegToRad(high);
  }
  if (const auto* node = table.get("refraction_k")) {
    config.refraction_k = reader.Number(*node, field("refraction_k"), "a number in [1, 10]",
                                        [](double v) { return v >= 1.0 && v <= 10.0; });
  }

  sensors::RadarDetection& detection = spec.detection;
  // Radar-equation figures: ranges within the radar's reach, SNRs and cross
  // sections within what a real radar and target span (with wide margins).
  constexpr std::string_view kReferenceRangeExpected = "a number in [1, 100000] (km)";
  detection.reference_range_m = KmToM(
      reader.Number(reader.Require(table, prefix, "reference_range_km", kReferenceRangeExpected),
                    field("reference_range_km"), kReferenceRangeExpected,
                    [](double v) { return v >= 1.0 && v <= kMaxRadarRangeKm; }));
  constexpr std::string_view kSnrExpected = "a number in [-100, 200] (dB)";
  detection.reference_snr_db = reader.Number(
      reader.Require(table, prefix, "reference_snr_db", kSnrExpected), field("reference_snr_db"),
      kSnrExpected, [](double v) { return v >= -100.0 && v <= 200.0; });
  constexpr std::string_view kRcsExpected = "a number in [1e-6, 1e6] (m²)";
  constexpr auto kRcs = [](double v) { return v >= 1e-6 && v <= 1e6; };
  if (const auto* node = table.get("reference_rcs_m2")) {
    detection.reference_rcs_m2 =
        reader.Number(*node, field("reference_rcs_m2"), kRcsExpected, kRcs);
  }
  detection.target_rcs_m2 = detection.reference_rcs_m2;
  if (const auto* node = table.get("target_rcs_m2")) {
    detection.target_rcs_m2 = reader.Number(*node, field("target_rcs_m2"), kRcsExpected, kRcs);
  }
  if (const auto* node = table.get("false_alarm_probability")) {
    detection.false_alarm_probability =
        reader.Number(*node, field("false_alarm_probability"), "a number in [1e-12, 1)",
                      [](double v) { return v >= 1e-12 && v < 1.0; });
  }
  if (const auto* node = table.get("false_alarms_per_scan")) {
    detection.false_alarms_per_scan =
        reader.Number(*node, field("false_alarms_per_scan"), "a number in [0, 1000]",
                      [](double v) { return v >= 0.0 && v <= 1000.0; });
  }
  return sensor;
}

}  // namespace

Scenario ParseScenario(std::string_view text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(file));
  } catch (const toml::parse_error& error) {
    const toml::source_position at = error.source().begin;
    throw InputError(file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                     ": invalid TOML: " + std::string(error.description()));
  }
  const Reader reader(file);
  reader.RejectUnknown(root, "", kRootKeys);

  Scenario scenario;
  scenario.file = file;

  const toml::node* scenario_node = root.get("scenario");
  const std::string table_expected = "a [scenario] table with " + Join(kScenarioKeys);
  if (scenario_node == nullptr) reader.Fail(root, "scenario", "missing", table_expected);
  const toml::table* header = scenario_node->as_table();
  if (header == nullptr) reader.FailValue(*scenario_node, "scenario", table_expected);
  reader.RejectUnknown(*header, "scenario", kScenarioKeys);
  scenario.name = reader.NonEmptyString(
      reader.Require(*header, "scenario", "name", "a non-empty string"), "scenario.name");
  scenario.epoch = ReadEpoch(reader, reader.Require(*header, "scenario", "epoch", kEpochExpected),
                             "scenario.epoch");
  constexpr std::string_view kDurationExpected = "a number in (0, 2592000] (s, at most 30 days)";
  scenario.duration_s = reader.Number(
      reader.Require(*header, "scenario", "duration_s", kDurationExpected), "scenario.duration_s",
      kDurationExpected, [](double v) { return v > 0.0 && v <= kMaxDurationS; });
  constexpr std::string_view kSeedExpected = "an integer >= 0";
  scenario.seed = static_cast<uint64_t>(
      reader.Integer(reader.Require(*header, "scenario", "seed", kSeedExpected), "scenario.seed",
                     kSeedExpected, 0, std::numeric_limits<int64_t>::max()));

  constexpr std::string_view kLaunchExpected = "at least one [[launch]] table";
  const toml::node* launch_node = root.get("launch");
  if (launch_node == nullptr) reader.Fail(root, "launch", "missing", kLaunchExpected);
  const toml::array* launches = launch_node->as_array();
  if (launches == nullptr) {
    reader.Fail(*launch_node, "launch", "got " + Describe(*launch_node),
                "an array of tables, written [[launch]]");
  }
  if (launches->empty()) reader.Fail(*launch_node, "launch", "got no launches", kLaunchExpected);
  std::map<std::string, int> names;  // name -> launch number, to catch duplicates
  int number = 0;
  int missiles = 0;
  for (const toml::node& element : *launches) {
    ++number;
    const std::string prefix = "launch[" + std::to_string(number) + "]";
    const toml::table* table = element.as_table();
    if (table == nullptr) reader.FailValue(element, prefix, "a table, written [[launch]]");
    LaunchSpec launch = ReadLaunch(reader, *table, number, scenario.duration_s);
    const auto [it, inserted] = names.emplace(launch.name, number);
    if (!inserted) {
      const toml::node* name_node = table->get("name");
      reader.Fail(
          name_node != nullptr ? name_node->source() : table->source(), prefix + ".name",
          Quote(launch.name) + " is already the name of launch[" + std::to_string(it->second) + "]",
          "a name unique in the scenario");
    }
    missiles += launch.count;
    if (missiles > kMaxMissiles) {
      const toml::node* count_node = table->get("count");
      reader.Fail(count_node != nullptr ? count_node->source() : table->source(), prefix + ".count",
                  "the launches so far hold " + std::to_string(missiles) + " missiles",
                  "at most " + std::to_string(kMaxMissiles) + " missiles in a scenario");
    }
    scenario.launches.push_back(std::move(launch));
  }

  if (const toml::node* sensor_node = root.get("sensor")) {
    const toml::array* sensor_tables = sensor_node->as_array();
    if (sensor_tables == nullptr) {
      reader.Fail(*sensor_node, "sensor", "got " + Describe(*sensor_node),
                  "an array of tables, written [[sensor]]");
    }
    std::map<std::string, int> sensor_names;
    std::set<std::string> partners;
    int sensor_number = 0;
    double scans = 0.0, false_alarms = 0.0;
    for (const toml::node& element : *sensor_tables) {
      ++sensor_number;
      const std::string prefix = "sensor[" + std::to_string(sensor_number) + "]";
      const toml::table* table = element.as_table();
      if (table == nullptr) reader.FailValue(element, prefix, "a table, written [[sensor]]");
      sensors::SensorSpec sensor = ReadSensor(reader, *table, sensor_number, scenario.epoch);
      const auto [it, inserted] = sensor_names.emplace(sensor.name, sensor_number);
      if (!inserted) {
        reader.Fail(*table->get("name"), prefix + ".name",
                    Quote(sensor.name) + " is already the name of sensor[" +
                        std::to_string(it->second) + "]",
                    "a name unique among the sensors");
      }
      // Everything was range-checked above; this guards the two structs
      // against drifting apart.
      std::string error;
      if (!sensor.IsValid(&error)) reader.Fail(*table, prefix, error, "a valid sensor");
      // The work the sensor asks for: its scans over the run and, for a
      // radar, the false alarms they hold.
      const double sensor_scans =
          std::floor((scenario.duration_s - sensor.scan_offset_s) / sensor.revisit_s) + 1.0;
      scans += sensor_scans;
      if (sensor_scans > kMaxScansPerSensor || scans > kMaxScans) {
        const bool alone = sensor_scans > kMaxScansPerSensor;
        reader.Fail(*table->get("revisit_s"), prefix + ".revisit_s",
                    "got " + FormatNumber(sensor.revisit_s) + ": the run of " +
                        FormatNumber(scenario.duration_s) + " s would take " +
                        FormatCount(alone ? sensor_scans : scans) +
                        (alone ? " scans of this sensor" : " scans of the sensors so far"),
                    alone ? "at most " + FormatCount(kMaxScansPerSensor) +
                                " scans per sensor (revisit_s >= " +
                                FormatNumber(RoundUp3((scenario.duration_s - sensor.scan_offset_s) /
                                                      (kMaxScansPerSensor - 1.0))) +
                                ")"
                          : "at most " + FormatCount(kMaxScans) + " scans in a scenario");
      }
      if (sensor.type == sensors::SensorType::kRadar) {
        false_alarms += sensor.radar.detection.false_alarms_per_scan * sensor_scans;
        if (false_alarms > kMaxFalseAlarms) {
          const toml::node* node = table->get("false_alarms_per_scan");
          reader.Fail(node != nullptr ? node->source() : table->source(),
                      prefix + ".false_alarms_per_scan",
                      "the radars so far would report " + FormatCount(false_alarms) +
                          " false alarms over the run",
                      "at most " + FormatCount(kMaxFalseAlarms) + " false alarms in a scenario");
        }
      }
      partners.insert(sensor.owner);
      if (sensor_number > kMaxSensors || partners.size() > kMaxPartners) {
        const bool sensors_over = sensor_number > kMaxSensors;
        reader.Fail(*table, sensors_over ? prefix : prefix + ".owner",
                    sensors_over ? "one sensor too many" : "one partner too many",
                    sensors_over ? "at most " + std::to_string(kMaxSensors) + " sensors"
                                 : "at most " + std::to_string(kMaxPartners) +
                                       " partners (sensor owners), each with its own tracker");
      }
      // Every scan may see every missile: that many detections to track.
      if (scans * missiles > kMaxDetections) {
        reader.Fail(*table->get("revisit_s"), prefix + ".revisit_s",
                    "the sensors so far make " + FormatCount(scans) + " scans of " +
                        std::to_string(missiles) + " missiles, up to " +
                        FormatCount(scans * missiles) + " detections",
                    "at most " + FormatCount(kMaxDetections) + " (scans × missiles)");
      }
      scenario.sensors.push_back(std::move(sensor));
    }
  }
  if (const toml::node* areas_node = root.get("areas")) {
    constexpr std::string_view kAreasExpected =
        "an [areas] table with file = \"PATH.geojson\" (named warning areas)";
    const toml::table* areas = areas_node->as_table();
    if (areas == nullptr) reader.FailValue(*areas_node, "areas", kAreasExpected);
    reader.RejectUnknown(*areas, "areas", kAreasKeys);
    const std::string path = reader.NonEmptyString(
        reader.Require(*areas, "areas", "file", "a GeoJSON file path"), "areas.file");
    // Relative to the scenario file, like an include.
    const std::filesystem::path resolved = std::filesystem::path(path).is_absolute()
                                               ? std::filesystem::path(path)
                                               : std::filesystem::path(file).parent_path() / path;
    scenario.areas_file = resolved.lexically_normal().string();
  }
  return scenario;
}

Scenario LoadScenario(const std::string& path) {
  // A scenario of a thousand launches and sensors is well below a megabyte;
  // parsed, TOML takes some fifty times its text.
  constexpr size_t kMaxScenarioBytes = size_t{16} << 20;
  const std::string text = ReadInputFile(path, "scenario", kMaxScenarioBytes);
  return ParseScenario(StripByteOrderMark(text), path);
}

}  // namespace trilink::scenario
