#include "detection_files.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <numbers>
#include <set>

#include "trilink/core/error.h"
#include "trilink/core/units.h"
#include "trilink/geo/wgs84.h"
#include "trilink/sensors/radar.h"
#include "trilink/tracking/national_tracker.h"

namespace trilink::app {
namespace {

using sensors::kMaxAngleSigmaMrad;
using sensors::kMaxRangeRateSigmaM_S;
using sensors::kMaxRangeSigmaM;
using sensors::kMinAngleSigmaMrad;
using sensors::kMinRangeRateSigmaM_S;
using sensors::kMinRangeSigmaM;

constexpr int kN = tracking::kBallisticStateSize;

// Bounds on values that are finite but far outside anything a tracker can
// use; beyond them the arithmetic (squares, products with times) overflows.
constexpr double kMaxPlanarPositionM = 1e9;  // x, y and range on the plane
constexpr double kMaxRadarRangeM = 1e9;      // beyond the Moon
constexpr double kMaxRangeRateM_S = 1e5;     // 100 km/s
constexpr double kMinSiteHeightM = -1e3;     // radar sites, as a scenario's
constexpr double kMaxSiteHeightM = 1e4;
constexpr double kMaxTruthHeightM = 1e8;  // truth samples
// Each radar is a measurement model and its scans alternate with the others';
// beyond this many, a file is not detections of a sensor network.
constexpr size_t kMaxRadars = 1000;

int64_t Nanoseconds(double t_s) { return std::llround(t_s * 1e9); }

// The value of row r in column c, checked by `valid`.
template <typename Predicate>
double Checked(const CsvTable& table, size_t r, int c, Predicate valid, std::string_view expected) {
  const double value = table.at(r, c);
  if (!valid(value)) throw InputError(table.BadValue(r, c, expected));
  return value;
}

double Time(const CsvTable& table, size_t r, int c) {
  return Checked(
      table, r, c, [](double t) { return std::abs(t) <= kMaxFileTimeS; }, "seconds in [-1e9, 1e9]");
}

int TruthId(const CsvTable& table, size_t r, int c) {
  return static_cast<int>(Checked(
      table, r, c,
      [](double id) {
        return id == std::floor(id) && id >= 0 && id <= std::numeric_limits<int>::max();
      },
      "an integer in [0, 2147483647]"));
}

void RequireColumns(const CsvTable& table, const std::vector<std::string>& required,
                    std::string_view expected) {
  for (const std::string& name : required) {
    if (table.Column(name) < 0) {
      throw InputError(
          fmt::format("{}: header: no column '{}'; expected {}", table.file, name, expected));
    }
  }
}

}  // namespace

const std::vector<std::string> kPlanarDetectionColumns = {"t_s",         "x_m",     "y_m",
                                                          "bearing_rad", "range_m", "truth_id"};
const std::vector<std::string> kPlanarTruthColumns = {"t_s", "truth_id", "x_m", "y_m"};
const std::vector<std::string> kRadarDetectionColumns = {
    "t_s",           "site_lat_deg",       "site_lon_deg",         "site_height_m",
    "range_m",       "azimuth_deg",        "elevation_deg",        "range_rate_m_s",
    "range_sigma_m", "azimuth_sigma_mrad", "elevation_sigma_mrad", "range_rate_sigma_m_s",
    "truth_id"};
const std::vector<std::string> kGeodeticTruthColumns = {"t_s", "truth_id", "lat_deg", "lon_deg",
                                                        "height_m"};

PlanarDetections ReadPlanarDetections(const CsvTable& table) {
  const int t = table.Column("t_s");
  const int x = table.Column("x_m"), y = table.Column("y_m");
  const int bearing = table.Column("bearing_rad"), range = table.Column("range_m");
  if (t < 0)
    throw InputError(fmt::format(
        "{}: header: no column 't_s'; expected t_s and either x_m,y_m or bearing_rad,range_m",
        table.file));
  const bool linear = x >= 0 && y >= 0, polar = bearing >= 0 && range >= 0;
  if (linear == polar || (linear && (bearing >= 0 || range >= 0)) ||
      (polar && (x >= 0 || y >= 0))) {
    throw InputError(fmt::format(
        "{}: header: columns {}; expected t_s and either x_m,y_m (linear) or bearing_rad,range_m "
        "(radar at the origin), not both, optionally truth_id",
        table.file, fmt::join(table.columns, ",")));
  }
  const int truth_id = table.Column("truth_id");
  PlanarDetections file;
  file.kind =
      linear ? tracking::PlanarMeasurement::kPosition : tracking::PlanarMeasurement::kBearingRange;
  auto position = [](double v) { return std::abs(v) <= kMaxPlanarPositionM; };
  for (size_t r = 0; r < table.row_count(); ++r) {
    MeasurementVector z(2);
    if (linear) {
      // Both read before the comma initializer: an exception inside it
      // would leave it unfinished, which Eigen asserts against.
      const double x_m = Checked(table, r, x, position, "metres in [-1e9, 1e9]");
      const double y_m = Checked(table, r, y, position, "metres in [-1e9, 1e9]");
      z << x_m, y_m;
    } else {
      const double b = Checked(
          table, r, bearing, [](double v) { return std::abs(v) <= 4.0 * std::numbers::pi; },
          "radians (atan2(y, x), in [-pi, pi])");
      const double rho = Checked(
          table, r, range, [](double v) { return v >= 0.0 && v <= kMaxPlanarPositionM; },
          "a range in [0, 1e9] (m)");
      z << std::remainder(b, 2.0 * std::numbers::pi), rho;
    }
    if (truth_id >= 0 && table.at(r, truth_id) != -1.0) TruthId(table, r, truth_id);
    const double time_s = Time(table, r, t);
    if (!file.scan_times_s.empty() && time_s < file.scan_times_s.back()) {
      throw InputError(table.BadValue(
          r, t, fmt::format("a time not before the previous row's {}", file.scan_times_s.back())));
    }
    // Rows of one scan share t_s and follow each other.
    if (file.scans.empty() || Nanoseconds(file.scan_times_s.back()) != Nanoseconds(time_s)) {
      file.scans.push_back({UtcTime::FromNanoseconds(Nanoseconds(time_s)), 0, nullptr, {}});
      file.scan_times_s.push_back(time_s);
    }
    file.scans.back().measurements.push_back(z);
    ++file.detections;
  }
  if (file.scans.empty())
    throw InputError(fmt::format("{}: no detections after the header", table.file));
  return file;
}

PlanarTruth ReadPlanarTruth(const CsvTable& table) {
  RequireColumns(table, kPlanarTruthColumns, "t_s,truth_id,x_m,y_m");
  const int t = table.Column("t_s"), id = table.Column("truth_id");
  const int x = table.Column("x_m"), y = table.Column("y_m");
  auto position = [](double v) { return std::abs(v) <= kMaxPlanarPositionM; };
  PlanarTruth truth;
  std::set<std::pair<int64_t, int>> seen;  // (time ns, truth id)
  for (size_t r = 0; r < table.row_count(); ++r) {
    const double time_s = Time(table, r, t);
    const int truth_id = TruthId(table, r, id);
    if (!seen.insert({Nanoseconds(time_s), truth_id}).second) {
      throw InputError(table.BadValue(
          r, id,
          fmt::format("one row per target and time; truth_id {} is already at t_s = {}", truth_id,
                      time_s)));
    }
    truth[Nanoseconds(time_s)].push_back(
        {truth_id, Eigen::Vector3d(Checked(table, r, x, position, "metres in [-1e9, 1e9]"),
                                   Checked(table, r, y, position, "metres in [-1e9, 1e9]"), 0.0)});
  }
  return truth;
}

RadarDetections ReadRadarDetections(const CsvTable& table, const RadarSigmas& defaults) {
  RequireColumns(table,
                 {"t_s", "site_lat_deg", "site_lon_deg", "range_m", "azimuth_deg", "elevation_deg"},
                 "t_s,site_lat_deg,site_lon_deg,range_m,azimuth_deg,elevation_deg and optionally "
                 "site_height_m,range_rate_m_s, the sigma columns and truth_id");
  const bool has_range_rate = table.Column("range_rate_m_s") >= 0;
  if (!has_range_rate && table.Column("range_rate_sigma_m_s") >= 0) {
    throw InputError(fmt::format(
        "{}: header: column 'range_rate_sigma_m_s' without 'range_rate_m_s'; expected both or "
        "neither",
        table.file));
  }
  auto column = [&](const char* name) { return table.Column(name); };
  const int t = column("t_s"), lat = column("site_lat_deg"), lon = column("site_lon_deg"),
            height = column("site_height_m"), range = column("range_m"),
            azimuth = column("azimuth_deg"), elevation = column("elevation_deg"),
            range_rate = column("range_rate_m_s"), range_sigma = column("range_sigma_m"),
            azimuth_sigma = column("azimuth_sigma_mrad"),
            elevation_sigma = column("elevation_sigma_mrad"),
            range_rate_sigma = column("range_rate_sigma_m_s"), truth_id = column("truth_id");
  // An optional column's value in row r, checked, or the fallback.
  auto optional = [&](size_t r, int c, double fallback, auto valid, std::string_view expected) {
    return c < 0 ? fallback : Checked(table, r, c, valid, expected);
  };
  auto sigma = [](double low, double high) {
    return [low, high](double v) { return v >= low && v <= high; };
  };

  // One model per site and noise; scans of a radar share it.
  std::map<std::array<double, 7>, std::shared_ptr<const sensors::MeasurementModel<kN>>> models;
  RadarDetections file;
  std::array<double, 7> last_key{};
  double latest_s = -std::numeric_limits<double>::infinity();
  const double kOutOfSequenceS = tracking::NationalTrackerOptions{}.out_of_sequence_window_s;
  for (size_t r = 0; r < table.row_count(); ++r) {
    const double lat_deg = Checked(
        table, r, lat, [](double v) { return v >= -90.0 && v <= 90.0; }, "degrees in [-90, 90]");
    const double lon_deg = Checked(
        table, r, lon, [](double v) { return v >= -180.0 && v < 360.0; }, "degrees in [-180, 360)");
    const double height_m = optional(
        r, height, 0.0, [](double v) { return v >= kMinSiteHeightM && v <= kMaxSiteHeightM; },
        "metres in [-1000, 10000] above the WGS-84 ellipsoid");
    const RadarSigmas sigmas{
        optional(r, range_sigma, defaults.range_m, sigma(kMinRangeSigmaM, kMaxRangeSigmaM),
                 "a sigma in [0.001, 1e6] (m)"),
        optional(r, azimuth_sigma, defaults.azimuth_mrad,
                 sigma(kMinAngleSigmaMrad, kMaxAngleSigmaMrad), "a sigma in [0.001, 1000] (mrad)"),
        optional(r, elevation_sigma, defaults.elevation_mrad,
                 sigma(kMinAngleSigmaMrad, kMaxAngleSigmaMrad), "a sigma in [0.001, 1000] (mrad)"),
        optional(r, range_rate_sigma, defaults.range_rate_m_s,
                 sigma(kMinRangeRateSigmaM_S, kMaxRangeRateSigmaM_S),
                 "a sigma in [0.001, 1e4] (m/s)")};
    const double range_m = Checked(
        table, r, range, [](double v) { return v >= 1.0 && v <= kMaxRadarRangeM; },
        "a range in [1, 1e9] (m)");
    const double azimuth_deg = Checked(
        table, r, azimuth, [](double v) { return v >= -360.0 && v <= 360.0; },
        "degrees clockwise from north, in [-360, 360]");
    const double elevation_deg = Checked(
        table, r, elevation, [](double v) { return v >= -90.0 && v <= 90.0; },
        "degrees in [-90, 90]");
    const double range_rate_m_s = optional(
        r, range_rate, 0.0, [](double v) { return std::abs(v) <= kMaxRangeRateM_S; },
        "m/s in [-1e5, 1e5]");
    if (truth_id >= 0 && table.at(r, truth_id) != -1.0) TruthId(table, r, truth_id);
    const double time_s = Time(table, r, t);
    // Late reports are taken up to the tracker's out-of-sequence window.
    latest_s = std::max(latest_s, time_s);
    if (time_s < latest_s - kOutOfSequenceS) {
      throw InputError(table.BadValue(
          r, t,
          fmt::format("a time at most {:g} s before the latest so far ({}), as late reports "
                      "are taken",
                      kOutOfSequenceS, latest_s)));
    }

    const std::array<double, 7> key = {lat_deg,
                                       lon_deg,
                                       height_m,
                                       sigmas.range_m,
                                       sigmas.azimuth_mrad,
                                       sigmas.elevation_mrad,
                                       sigmas.range_rate_m_s};
    std::shared_ptr<const sensors::MeasurementModel<kN>>& model = models[key];
    if (model == nullptr && models.size() > kMaxRadars) {
      throw InputError(fmt::format(
          "{}:{}: a radar ({} of them: distinct site and sigma columns); expected at most {} "
          "radars in a file",
          table.file, table.lines[r], models.size(), kMaxRadars));
    }
    if (model == nullptr) {
      sensors::RadarConfig config;
      config.site = geo::Geodetic::FromDegrees(lat_deg, lon_deg, height_m);
      config.measures = {true, true, true, has_range_rate};
      config.range_sigma_m = sigmas.range_m;
      config.azimuth_sigma_rad = 1e-3 * sigmas.azimuth_mrad;
      config.elevation_sigma_rad = 1e-3 * sigmas.elevation_mrad;
      config.range_rate_sigma_m_s = sigmas.range_rate_m_s;
      // The file does not describe the field of view: all round, down to the
      // horizon (the 4/3-Earth mask still applies).
      config.field_of_view.elevation_min_rad = -0.5 * std::numbers::pi;
      model = std::make_shared<sensors::RadarMeasurement<kN>>(config);
    }
    MeasurementVector z(has_range_rate ? 4 : 3);
    z(0) = range_m;
    z(1) =
        std::fmod(std::fmod(DegToRad(azimuth_deg), 2.0 * std::numbers::pi) + 2.0 * std::numbers::pi,
                  2.0 * std::numbers::pi);
    z(2) = DegToRad(elevation_deg);
    if (has_range_rate) z(3) = range_rate_m_s;
    // Rows of one scan share t_s and the radar, and follow each other.
    if (file.scans.empty() || Nanoseconds(file.scan_times_s.back()) != Nanoseconds(time_s) ||
        key != last_key) {
      file.scans.push_back({UtcTime::FromNanoseconds(Nanoseconds(time_s)), 0, model, {}});
      file.scan_times_s.push_back(time_s);
      last_key = key;
    }
    file.scans.back().measurements.push_back(z);
    ++file.detections;
  }
  if (file.scans.empty())
    throw InputError(fmt::format("{}: no detections after the header", table.file));
  return file;
}

GeodeticTruth ReadGeodeticTruth(const CsvTable& table) {
  RequireColumns(table, kGeodeticTruthColumns, "t_s,truth_id,lat_deg,lon_deg,height_m");
  const int t = table.Column("t_s"), id = table.Column("truth_id"), lat = table.Column("lat_deg"),
            lon = table.Column("lon_deg"), height = table.Column("height_m");
  GeodeticTruth truth;
  for (size_t r = 0; r < table.row_count(); ++r) {
    const double time_s = Time(table, r, t);
    const int truth_id = TruthId(table, r, id);
    const double lat_deg = Checked(
        table, r, lat, [](double v) { return v >= -90.0 && v <= 90.0; }, "degrees in [-90, 90]");
    const double lon_deg = Checked(
        table, r, lon, [](double v) { return v >= -180.0 && v < 360.0; }, "degrees in [-180, 360)");
    const double height_m = Checked(
        table, r, height, [](double v) { return std::abs(v) <= kMaxTruthHeightM; },
        "metres in [-1e8, 1e8]");
    auto& samples = truth[truth_id];
    if (!samples.empty() && !(time_s > samples.back().first)) {
      throw InputError(
          table.BadValue(r, t, fmt::format("times increasing within truth_id {}", truth_id)));
    }
    samples.push_back(
        {time_s, geo::GeodeticToEcef(geo::Geodetic::FromDegrees(lat_deg, lon_deg, height_m))});
  }
  return truth;
}

RadarSigmas ParseRadarSigmas(const std::string& text) {
  const std::string expected =
      "RANGE_M,AZIMUTH_MRAD,ELEVATION_MRAD[,RANGE_RATE_M_S], e.g. 30,2,2,2, with range in [0.001, "
      "1e6] m, angles in [0.001, 1000] mrad, range-rate in [0.001, 1e4] m/s";
  auto fail = [&] {
    return InputError(fmt::format("--radar-sigma: got '{}'; expected {}", text, expected));
  };
  std::vector<double> values;
  size_t begin = 0;
  while (true) {
    const size_t comma = text.find(',', begin);
    const std::string part = text.substr(begin, comma == std::string::npos ? comma : comma - begin);
    double value = 0.0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (error != std::errc() || end != part.data() + part.size() || !std::isfinite(value))
      throw fail();
    values.push_back(value);
    if (comma == std::string::npos) break;
    begin = comma + 1;
  }
  if (values.size() < 3 || values.size() > 4) throw fail();
  RadarSigmas sigmas;
  sigmas.range_m = values[0];
  sigmas.azimuth_mrad = values[1];
  sigmas.elevation_mrad = values[2];
  if (values.size() == 4) sigmas.range_rate_m_s = values[3];
  const auto in = [](double v, double low, double high) { return v >= low && v <= high; };
  if (!in(sigmas.range_m, kMinRangeSigmaM, kMaxRangeSigmaM) ||
      !in(sigmas.azimuth_mrad, kMinAngleSigmaMrad, kMaxAngleSigmaMrad) ||
      !in(sigmas.elevation_mrad, kMinAngleSigmaMrad, kMaxAngleSigmaMrad) ||
      !in(sigmas.range_rate_m_s, kMinRangeRateSigmaM_S, kMaxRangeRateSigmaM_S))
    throw fail();
  return sigmas;
}

}  // namespace trilink::app
