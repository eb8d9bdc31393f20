#include "track_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <numbers>
#include <vector>

#include "csv.h"
#include "flight_output.h"
#include "trilink/core/error.h"
#include "trilink/core/units.h"
#include "trilink/geo/wgs84.h"
#include "trilink/sensors/radar.h"
#include "trilink/tracking/metrics.h"
#include "trilink/tracking/national_tracker.h"
#include "trilink/tracking/planar_tracker.h"
#include "trilink/tracking/reference_benchmark.h"

namespace trilink::app {
namespace {

constexpr double kScoreDistanceM = 100.0;  // "within 100 m"
constexpr double kOspaCutoffM = 100.0;
constexpr double kOspaOrder = 2.0;

int64_t Nanoseconds(double t_s) { return std::llround(t_s * 1e9); }

struct DetectionFile {
  tracking::PlanarMeasurement kind = tracking::PlanarMeasurement::kPosition;
  std::vector<tracking::Scan<4>> scans;  // models filled in later
  std::vector<double> scan_times_s;
  size_t detections = 0;
};

DetectionFile ReadPlanarDetections(const std::string& path) {
  const CsvTable table =
      ReadNumericCsv(path, {"t_s", "x_m", "y_m", "bearing_rad", "range_m", "truth_id"});
  const int t = table.Column("t_s");
  const int x = table.Column("x_m"), y = table.Column("y_m");
  const int bearing = table.Column("bearing_rad"), range = table.Column("range_m");
  if (t < 0)
    throw InputError(fmt::format(
        "{}: header: no column 't_s'; expected t_s and either x_m,y_m or bearing_rad,range_m",
        path));
  const bool linear = x >= 0 && y >= 0, polar = bearing >= 0 && range >= 0;
  if (linear == polar || (linear && (bearing >= 0 || range >= 0)) ||
      (polar && (x >= 0 || y >= 0))) {
    throw InputError(fmt::format(
        "{}: header: columns {}; expected t_s and either x_m,y_m (linear) or bearing_rad,range_m "
        "(radar at the origin), not both, optionally truth_id",
        path, fmt::join(table.columns, ",")));
  }
  DetectionFile file;
  file.kind =
      linear ? tracking::PlanarMeasurement::kPosition : tracking::PlanarMeasurement::kBearingRange;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const std::vector<double>& row = table.rows[r];
    MeasurementVector z(2);
    if (linear) {
      z << row[static_cast<size_t>(x)], row[static_cast<size_t>(y)];
    } else {
      const double b = row[static_cast<size_t>(bearing)], rho = row[static_cast<size_t>(range)];
      if (rho < 0.0) {
        throw InputError(fmt::format("{}:{}: column 'range_m': got {}; expected a range >= 0", path,
                                     table.lines[r], rho));
      }
      if (std::abs(b) > 4.0 * std::numbers::pi) {
        throw InputError(fmt::format(
            "{}:{}: column 'bearing_rad': got {}; expected radians (atan2(y, x), in [-pi, pi])",
            path, table.lines[r], b));
      }
      z << std::remainder(b, 2.0 * std::numbers::pi), rho;
    }
    const double time_s = row[static_cast<size_t>(t)];
    // Rows of one scan share t_s and follow each other.
    if (file.scans.empty() || Nanoseconds(file.scan_times_s.back()) != Nanoseconds(time_s)) {
      file.scans.push_back({UtcTime::FromNanoseconds(Nanoseconds(time_s)), 0, nullptr, {}});
      file.scan_times_s.push_back(time_s);
    }
    file.scans.back().measurements.push_back(z);
    ++file.detections;
  }
  if (file.scans.empty()) throw InputError(fmt::format("{}: no detections after the header", path));
  return file;
}

// Truth positions by time (ns) → (truth id, position).
using TruthByTime = std::map<int64_t, std::vector<std::pair<int, Eigen::Vector3d>>>;

TruthByTime ReadPlanarTruth(const std::string& path) {
  const CsvTable table = ReadNumericCsv(path, {"t_s", "truth_id", "x_m", "y_m"});
  for (const char* name : {"t_s", "truth_id", "x_m", "y_m"}) {
    if (table.Column(name) < 0) {
      throw InputError(
          fmt::format("{}: header: no column '{}'; expected t_s,truth_id,x_m,y_m", path, name));
    }
  }
  const size_t t = static_cast<size_t>(table.Column("t_s"));
  const size_t id = static_cast<size_t>(table.Column("truth_id"));
  const size_t x = static_cast<size_t>(table.Column("x_m")),
               y = static_cast<size_t>(table.Column("y_m"));
  TruthByTime truth;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const std::vector<double>& row = table.rows[r];
    if (row[id] != std::floor(row[id]) || row[id] < 0) {
      throw InputError(fmt::format("{}:{}: column 'truth_id': got {}; expected an integer >= 0",
                                   path, table.lines[r], row[id]));
    }
    truth[Nanoseconds(row[t])].push_back(
        {static_cast<int>(row[id]), Eigen::Vector3d(row[x], row[y], 0.0)});
  }
  return truth;
}

struct TimingSummary {
  double mean = 0.0, median = 0.0, p95 = 0.0, steady_mean = 0.0;
};

TimingSummary Summarise(const std::vector<double>& milliseconds) {
  TimingSummary summary;
  if (milliseconds.empty()) return summary;
  std::vector<double> sorted = milliseconds;
  std::sort(sorted.begin(), sorted.end());
  const size_t n = sorted.size();
  for (double ms : milliseconds) summary.mean += ms / static_cast<double>(n);
  summary.median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  // Nearest-rank percentile.
  summary.p95 = sorted[static_cast<size_t>(std::ceil(0.95 * static_cast<double>(n))) - 1];
  const size_t half = n / 2;
  for (size_t k = half; k < n; ++k)
    summary.steady_mean += milliseconds[k] / static_cast<double>(n - half);
  return summary;
}

// One timed pass of a tracker over its scans: the wall time of each
// Process call, a JSON row per scan and, for the scans that `score` scores,
// the OSPA distance. Scoring runs outside the timed call.
struct TimedRun {
  std::vector<double> milliseconds;
  std::vector<double> ospa;
  nlohmann::json per_scan = nlohmann::json::array();
  TimingSummary timing;
};

template <int N>
TimedRun RunTimed(
    const std::vector<tracking::Scan<N>>& scans, const std::vector<double>& times_s,
    const std::function<const tracking::ScanSummary&(const tracking::Scan<N>&)>& process,
    const tracking::Tracker<N>& tracker,
    const std::function<std::optional<double>(size_t scan)>& score) {
  TimedRun run;
  for (size_t k = 0; k < scans.size(); ++k) {
    const auto start = std::chrono::steady_clock::now();
    const tracking::ScanSummary& summary = process(scans[k]);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    run.milliseconds.push_back(ms);
    int confirmed = 0;
    for (const tracking::Track<N>& track : tracker.tracks()) confirmed += track.confirmed();
    nlohmann::json row = {{"t_s", times_s[k]},
                          {"detections", scans[k].measurements.size()},
                          {"tracks", tracker.tracks().size()},
                          {"confirmed", confirmed},
                          {"gated_pairs", summary.gated_pairs},
                          {"ms", ms}};
    if (const std::optional<double> ospa = score(k)) {
      run.ospa.push_back(*ospa);
      row["ospa_m"] = *ospa;
    }
    run.per_scan.push_back(std::move(row));
  }
  run.timing = Summarise(run.milliseconds);
  return run;
}

// Confirmed tracks updated at `last`, by track number.
template <int N>
std::vector<const tracking::Track<N>*> FinalTracks(const std::vector<tracking::Track<N>>& tracks,
                                                   UtcTime last) {
  std::vector<const tracking::Track<N>*> final_tracks;
  for (const tracking::Track<N>& track : tracks)
    if (track.confirmed() && track.time == last) final_tracks.push_back(&track);
  std::sort(final_tracks.begin(), final_tracks.end(),
            [](const auto* a, const auto* b) { return a->id < b->id; });
  return final_tracks;
}

// The keys both models print.
nlohmann::json SummaryJson(const std::string& model, const std::string& measurement,
                           const std::string& assigner, const std::string& filter, size_t scans,
                           size_t detections, const TimedRun& run, size_t final_tracks) {
  nlohmann::json out;
  out["model"] = model;
  out["measurement"] = measurement;
  out["assigner"] = assigner;
  out["filter"] = filter;
  out["scans"] = scans;
  out["detections"] = detections;
  out["scan_ms"] = {
      {"mean", run.timing.mean}, {"median", run.timing.median}, {"p95", run.timing.p95}};
  out["steady_scan_ms"] = run.timing.steady_mean;
  out["final_tracks"] = final_tracks;
  if (!run.ospa.empty()) {
    double mean = 0.0;
    for (double d : run.ospa) mean += d / static_cast<double>(run.ospa.size());
    out["ospa_m"] = mean;
  }
  return out;
}

// The text both models print before their track list: the per-scan table
// (with --per-scan), the timing and the number of final tracks.
void PrintTimedRun(const TimedRun& run, bool per_scan, bool scored, size_t final_tracks,
                   double last_time_s) {
  if (per_scan) {
    std::cout << fmt::format("\n{:>10} {:>10} {:>8} {:>9} {:>9}{}\n", "t_s", "detections", "tracks",
                             "confirmed", "ms", scored ? "    ospa_m" : "");
    for (const nlohmann::json& row : run.per_scan) {
      std::cout << fmt::format("{:>10.3f} {:>10} {:>8} {:>9} {:>9.3f}", row["t_s"].get<double>(),
                               row["detections"].get<int>(), row["tracks"].get<int>(),
                               row["confirmed"].get<int>(), row["ms"].get<double>());
      if (row.contains("ospa_m"))
        std::cout << fmt::format(" {:>9.2f}", row["ospa_m"].get<double>());
      std::cout << "\n";
    }
  }
  std::cout << fmt::format(
      "\nscan time (ms): mean {:.3f}, median {:.3f}, p95 {:.3f}; steady state (second half) "
      "{:.3f}\n",
      run.timing.mean, run.timing.median, run.timing.p95, run.timing.steady_mean);
  std::cout << fmt::format("\n{} confirmed tracks updated at the last scan (t = {} s)\n",
                           final_tracks, last_time_s);
}

tracking::PlanarTrackerOptions PlanarOptions(const TrackArgs& args,
                                             tracking::PlanarMeasurement kind) {
  tracking::PlanarTrackerOptions options{.measurement = kind,
                                         .position_sigma_m = args.sigma_xy_m,
                                         .bearing_sigma_rad = DegToRad(args.sigma_bearing_deg),
                                         .range_sigma_m = args.sigma_range_m,
                                         .acceleration_density = args.q,
                                         .gate_sigma = args.gate,
                                         .confirm_associations = args.confirm_hits,
                                         .tentative_max_misses = args.tentative_misses,
                                         .confirmed_max_misses = args.confirmed_misses,
                                         .velocity_sigma_m_s = args.velocity_sigma_m_s,
                                         .unscented = args.filter == "ukf",
                                         .jpda = args.assigner == "jpda",
                                         .detection_probability = args.detection_probability,
                                         .clutter_density = args.clutter_density};
  std::string error;
  if (!options.IsValid(&error)) throw InputError(fmt::format("trilink track: {}", error));
  return options;
}

int RunPlanar(const TrackArgs& args) {
  DetectionFile file = ReadPlanarDetections(args.detections);
  std::optional<TruthByTime> truth;
  if (args.truth) truth = ReadPlanarTruth(*args.truth);
  tracking::PlanarTracker planar(PlanarOptions(args, file.kind));
  for (tracking::Scan<4>& scan : file.scans) scan.model = planar.model();

  std::vector<Eigen::Vector3d> estimates, truths;
  const TimedRun run = RunTimed<4>(
      file.scans, file.scan_times_s,
      [&](const tracking::Scan<4>& scan) -> const tracking::ScanSummary& {
        return planar.Process(scan);
      },
      planar.tracker(),
      [&](size_t k) -> std::optional<double> {
        if (!truth) return std::nullopt;
        const auto at = truth->find(file.scans[k].time.nanoseconds_since_epoch());
        if (at == truth->end()) return std::nullopt;
        estimates.clear();
        truths.clear();
        for (const tracking::Track<4>& track : planar.tracker().tracks()) {
          if (!track.confirmed()) continue;
          const Vector<4> x = planar.tracker().PredictTo(track, file.scans[k].time).estimate.mean;
          estimates.emplace_back(x(0), x(1), 0.0);
        }
        for (const auto& [id, position] : at->second) truths.push_back(position);
        return tracking::OspaClustered(truths, estimates, kOspaCutoffM, kOspaOrder).distance;
      });

  // The last scan: final tracks and, with truth, scores.
  const UtcTime last = file.scans.back().time;
  const std::vector<const tracking::Track<4>*> final_tracks =
      FinalTracks(planar.tracker().tracks(), last);
  nlohmann::json out = SummaryJson(
      "cv2d", file.kind == tracking::PlanarMeasurement::kPosition ? "xy" : "bearing_range",
      args.assigner, args.filter, file.scans.size(), file.detections, run, final_tracks.size());
  nlohmann::json tracks = nlohmann::json::array();
  for (const tracking::Track<4>* track : final_tracks) {
    const Gaussian<4>& x = track->state.estimate;
    tracks.push_back({{"id", track->id},
                      {"x_m", x.mean(0)},
                      {"y_m", x.mean(1)},
                      {"vx_m_s", x.mean(2)},
                      {"vy_m_s", x.mean(3)},
                      {"position_sigma_m", std::sqrt(x.covariance(0, 0) + x.covariance(1, 1))},
                      {"hits", track->hits},
                      {"quality", track->quality()}});
  }
  if (truth) {
    const auto at = truth->find(last.nanoseconds_since_epoch());
    if (at == truth->end()) {
      throw InputError(
          fmt::format("{}: no truth rows at the last scan's t_s = {}; expected the "
                      "truth of every target at every scan time",
                      *args.truth, file.scan_times_s.back()));
    }
    int covered = 0;
    for (const auto& [id, position] : at->second) {
      for (const tracking::Track<4>& track : planar.tracker().tracks()) {
        if (!track.confirmed()) continue;
        const Vector<4> x = planar.tracker().PredictTo(track, last).estimate.mean;
        if ((Eigen::Vector3d(x(0), x(1), 0.0) - position).norm() <= kScoreDistanceM) {
          ++covered;
          break;
        }
      }
    }
    int spurious = 0;
    for (const tracking::Track<4>* track : final_tracks) {
      const Eigen::Vector3d p(track->state.estimate.mean(0), track->state.estimate.mean(1), 0.0);
      bool near = false;
      for (const auto& [id, position] : at->second)
        near = near || (p - position).norm() <= kScoreDistanceM;
      spurious += !near;
    }
    out["truths"] = at->second.size();
    out["truths_covered_100m"] = covered;
    out["spurious_tracks"] = spurious;
  }

  if (args.format == "json") {
    out["tracks"] = std::move(tracks);
    if (args.per_scan) out["per_scan"] = run.per_scan;
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format("tracked {} detections in {} scans ({}, {}, {}, {})\n", file.detections,
                           file.scans.size(), out["measurement"].get<std::string>(), args.filter,
                           args.assigner, args.detections);
  PrintTimedRun(run, args.per_scan, truth.has_value(), final_tracks.size(),
                file.scan_times_s.back());
  constexpr size_t kListed = 20;
  std::cout << fmt::format("{:>8} {:>12} {:>12} {:>9} {:>9} {:>8} {:>5} {:>7}\n", "track", "x_m",
                           "y_m", "vx_m_s", "vy_m_s", "sigma_m", "hits", "quality");
  for (size_t i = 0; i < final_tracks.size() && i < kListed; ++i) {
    const nlohmann::json& t = tracks[i];
    std::cout << fmt::format(
        "{:>8} {:>12.1f} {:>12.1f} {:>9.1f} {:>9.1f} {:>8.1f} {:>5} {:>7.2f}\n",
        t["id"].get<uint64_t>(), t["x_m"].get<double>(), t["y_m"].get<double>(),
        t["vx_m_s"].get<double>(), t["vy_m_s"].get<double>(), t["position_sigma_m"].get<double>(),
        t["hits"].get<int>(), t["quality"].get<double>());
  }
  if (final_tracks.size() > kListed)
    std::cout << fmt::format("... and {} more (--format json lists all)\n",
                             final_tracks.size() - kListed);
  if (truth) {
    std::cout << fmt::format(
        "\nagainst truth ({}): {} of {} truths have a confirmed track within 100 m at the last "
        "scan; {} spurious tracks; mean OSPA (c = 100 m, p = 2) {:.2f} m\n",
        *args.truth, out["truths_covered_100m"].get<int>(), out["truths"].get<int>(),
        out["spurious_tracks"].get<int>(), out.value("ospa_m", std::nan("")));
  }
  return 0;
}

// ---------------------------------------------------------------------------
// --model ballistic: radar detections of missiles, the national tracker.

constexpr double kBallisticCoveredDistanceM = 1000.0;  // "within 1 km"
constexpr double kBallisticOspaCutoffM = 1000.0;
constexpr int kN = tracking::kBallisticStateSize;

struct RadarSigmas {
  double range_m = 30.0, azimuth_mrad = 2.0, elevation_mrad = 2.0, range_rate_m_s = 2.0;
};

RadarSigmas ParseRadarSigmas(const std::string& text) {
  const std::string expected =
      "RANGE_M,AZIMUTH_MRAD,ELEVATION_MRAD[,RANGE_RATE_M_S], each > 0, e.g. 30,2,2,2";
  std::vector<double> values;
  size_t begin = 0;
  while (true) {
    const size_t comma = text.find(',', begin);
    const std::string part = text.substr(begin, comma == std::string::npos ? comma : comma - begin);
    double value = 0.0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (error != std::errc() || end != part.data() + part.size() || !(value > 0.0) ||
        !std::isfinite(value)) {
      throw InputError(fmt::format("--radar-sigma: got '{}'; expected {}", text, expected));
    }
    values.push_back(value);
    if (comma == std::string::npos) break;
    begin = comma + 1;
  }
  if (values.size() < 3 || values.size() > 4)
    throw InputError(fmt::format("--radar-sigma: got '{}'; expected {}", text, expected));
  RadarSigmas sigmas{values[0], values[1], values[2], sigmas.range_rate_m_s};
  if (values.size() == 4) sigmas.range_rate_m_s = values[3];
  return sigmas;
}

struct BallisticFile {
  std::vector<tracking::Scan<kN>> scans;
  std::vector<double> scan_times_s;
  size_t detections = 0;
};

BallisticFile ReadRadarDetections(const std::string& path, const RadarSigmas& defaults) {
  const std::vector<std::string> columns = {
      "t_s",           "site_lat_deg",       "site_lon_deg",         "site_height_m",
      "range_m",       "azimuth_deg",        "elevation_deg",        "range_rate_m_s",
      "range_sigma_m", "azimuth_sigma_mrad", "elevation_sigma_mrad", "range_rate_sigma_m_s",
      "truth_id"};
  const CsvTable table = ReadNumericCsv(path, columns);
  for (const char* name :
       {"t_s", "site_lat_deg", "site_lon_deg", "range_m", "azimuth_deg", "elevation_deg"}) {
    if (table.Column(name) < 0) {
      throw InputError(fmt::format(
          "{}: header: no column '{}'; expected t_s,site_lat_deg,site_lon_deg,range_m,"
          "azimuth_deg,elevation_deg and optionally site_height_m,range_rate_m_s, the sigma "
          "columns and truth_id",
          path, name));
    }
  }
  const bool has_range_rate = table.Column("range_rate_m_s") >= 0;
  if (!has_range_rate && table.Column("range_rate_sigma_m_s") >= 0) {
    throw InputError(fmt::format(
        "{}: header: column 'range_rate_sigma_m_s' without 'range_rate_m_s'; expected both or "
        "neither",
        path));
  }
  auto column = [&](const char* name) { return table.Column(name); };
  auto value = [&](const std::vector<double>& row, int index, double fallback) {
    return index < 0 ? fallback : row[static_cast<size_t>(index)];
  };
  const int t = column("t_s"), lat = column("site_lat_deg"), lon = column("site_lon_deg"),
            height = column("site_height_m"), range = column("range_m"),
            azimuth = column("azimuth_deg"), elevation = column("elevation_deg"),
            range_rate = column("range_rate_m_s"), range_sigma = column("range_sigma_m"),
            azimuth_sigma = column("azimuth_sigma_mrad"),
            elevation_sigma = column("elevation_sigma_mrad"),
            range_rate_sigma = column("range_rate_sigma_m_s");

  // One model per site and noise; scans of a radar share it.
  std::map<std::array<double, 7>, std::shared_ptr<const sensors::MeasurementModel<kN>>> models;
  BallisticFile file;
  std::array<double, 7> last_key{};
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const std::vector<double>& row = table.rows[r];
    const int line = table.lines[r];
    auto fail = [&](const char* name, double got, const char* expected) {
      throw InputError(
          fmt::format("{}:{}: column '{}': got {}; expected {}", path, line, name, got, expected));
    };
    const double lat_deg = value(row, lat, 0.0), lon_deg = value(row, lon, 0.0);
    if (lat_deg < -90.0 || lat_deg > 90.0) fail("site_lat_deg", lat_deg, "degrees in [-90, 90]");
    if (lon_deg < -180.0 || lon_deg >= 360.0)
      fail("site_lon_deg", lon_deg, "degrees in [-180, 360)");
    const double height_m = value(row, height, 0.0);
    if (std::abs(height_m) > 1e5) fail("site_height_m", height_m, "metres in [-1e5, 1e5]");
    const RadarSigmas sigmas{value(row, range_sigma, defaults.range_m),
                             value(row, azimuth_sigma, defaults.azimuth_mrad),
                             value(row, elevation_sigma, defaults.elevation_mrad),
                             value(row, range_rate_sigma, defaults.range_rate_m_s)};
    if (!(sigmas.range_m > 0.0)) fail("range_sigma_m", sigmas.range_m, "a sigma > 0 (m)");
    if (!(sigmas.azimuth_mrad > 0.0))
      fail("azimuth_sigma_mrad", sigmas.azimuth_mrad, "a sigma > 0 (mrad)");
    if (!(sigmas.elevation_mrad > 0.0))
      fail("elevation_sigma_mrad", sigmas.elevation_mrad, "a sigma > 0 (mrad)");
    if (!(sigmas.range_rate_m_s > 0.0))
      fail("range_rate_sigma_m_s", sigmas.range_rate_m_s, "a sigma > 0 (m/s)");
    const double range_m = row[static_cast<size_t>(range)];
    if (!(range_m > 0.0)) fail("range_m", range_m, "a range > 0 (m)");
    const double azimuth_deg = row[static_cast<size_t>(azimuth)];
    if (azimuth_deg < -360.0 || azimuth_deg > 720.0)
      fail("azimuth_deg", azimuth_deg, "degrees clockwise from north, in [0, 360)");
    const double elevation_deg = row[static_cast<size_t>(elevation)];
    if (elevation_deg < -90.0 || elevation_deg > 90.0)
      fail("elevation_deg", elevation_deg, "degrees in [-90, 90]");

    const std::array<double, 7> key = {lat_deg,
                                       lon_deg,
                                       height_m,
                                       sigmas.range_m,
                                       sigmas.azimuth_mrad,
                                       sigmas.elevation_mrad,
                                       sigmas.range_rate_m_s};
    std::shared_ptr<const sensors::MeasurementModel<kN>>& model = models[key];
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
    if (has_range_rate) z(3) = row[static_cast<size_t>(range_rate)];
    const double time_s = row[static_cast<size_t>(t)];
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
  if (file.scans.empty()) throw InputError(fmt::format("{}: no detections after the header", path));
  return file;
}

// Truth samples by id, in time order: (t_s, ECEF position).
using TruthTracks = std::map<int, std::vector<std::pair<double, Eigen::Vector3d>>>;

TruthTracks ReadGeodeticTruth(const std::string& path) {
  const std::vector<std::string> names = {"t_s", "truth_id", "lat_deg", "lon_deg", "height_m"};
  const CsvTable table = ReadNumericCsv(path, names);
  for (const std::string& name : names) {
    if (table.Column(name) < 0) {
      throw InputError(
          fmt::format("{}: header: no column '{}'; expected t_s,truth_id,lat_deg,lon_deg,height_m",
                      path, name));
    }
  }
  const size_t t = static_cast<size_t>(table.Column("t_s")),
               id = static_cast<size_t>(table.Column("truth_id")),
               lat = static_cast<size_t>(table.Column("lat_deg")),
               lon = static_cast<size_t>(table.Column("lon_deg")),
               height = static_cast<size_t>(table.Column("height_m"));
  TruthTracks truth;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const std::vector<double>& row = table.rows[r];
    if (row[id] != std::floor(row[id]) || row[id] < 0) {
      throw InputError(fmt::format("{}:{}: column 'truth_id': got {}; expected an integer >= 0",
                                   path, table.lines[r], row[id]));
    }
    if (row[lat] < -90.0 || row[lat] > 90.0) {
      throw InputError(fmt::format("{}:{}: column 'lat_deg': got {}; expected degrees in [-90, 90]",
                                   path, table.lines[r], row[lat]));
    }
    auto& samples = truth[static_cast<int>(row[id])];
    if (!samples.empty() && !(row[t] > samples.back().first)) {
      throw InputError(
          fmt::format("{}:{}: column 't_s': got {}; expected times increasing within truth_id {}",
                      path, table.lines[r], row[t], row[id]));
    }
    samples.push_back(
        {row[t], geo::GeodeticToEcef(geo::Geodetic::FromDegrees(row[lat], row[lon], row[height]))});
  }
  return truth;
}

// The truths alive at t_s (inside their sampled span), linearly interpolated.
std::vector<Eigen::Vector3d> TruthAt(const TruthTracks& truth, double t_s) {
  std::vector<Eigen::Vector3d> positions;
  for (const auto& [id, samples] : truth) {
    if (t_s < samples.front().first || t_s > samples.back().first) continue;
    auto after = std::lower_bound(samples.begin(), samples.end(), t_s,
                                  [](const auto& sample, double t) { return sample.first < t; });
    if (after == samples.begin()) {
      positions.push_back(after->second);
      continue;
    }
    const auto before = after - 1;
    const double w = (t_s - before->first) / (after->first - before->first);
    positions.push_back((1.0 - w) * before->second + w * after->second);
  }
  return positions;
}

int RunBallistic(const TrackArgs& args) {
  const RadarSigmas sigmas = ParseRadarSigmas(args.radar_sigma);
  BallisticFile file = ReadRadarDetections(args.detections, sigmas);
  std::optional<TruthTracks> truth;
  if (args.truth) truth = ReadGeodeticTruth(*args.truth);
  tracking::NationalTrackerOptions options;
  options.filter.kind = *tracking::ParseBallisticFilterKind(args.ballistic_filter);
  tracking::NationalTracker national(options);

  std::vector<Eigen::Vector3d> estimates;
  std::map<int, bool> covered;  // truth id -> ever within the distance
  const TimedRun run = RunTimed<kN>(
      file.scans, file.scan_times_s,
      [&](const tracking::Scan<kN>& scan) -> const tracking::ScanSummary& {
        return national.Process(scan);
      },
      national.tracker(),
      [&](size_t k) -> std::optional<double> {
        if (!truth) return std::nullopt;
        const double t_s = file.scan_times_s[k];
        std::vector<int> alive;
        for (const auto& [id, samples] : *truth)
          if (t_s >= samples.front().first && t_s <= samples.back().first) alive.push_back(id);
        if (alive.empty()) return std::nullopt;
        const std::vector<Eigen::Vector3d> truths = TruthAt(*truth, t_s);
        estimates.clear();
        for (const tracking::Track<kN>& track : national.tracks()) {
          if (!track.confirmed()) continue;
          estimates.push_back(
              national.tracker().PredictTo(track, file.scans[k].time).estimate.mean.head<3>());
        }
        for (size_t i = 0; i < alive.size(); ++i) {
          bool near = false;
          for (const Eigen::Vector3d& e : estimates)
            near = near || (e - truths[i]).norm() <= kBallisticCoveredDistanceM;
          covered[alive[i]] = covered[alive[i]] || near;
        }
        return tracking::OspaClustered(truths, estimates, kBallisticOspaCutoffM, kOspaOrder)
            .distance;
      });

  const UtcTime last = file.scans.back().time;
  const std::vector<const tracking::Track<kN>*> final_tracks = FinalTracks(national.tracks(), last);
  nlohmann::json out = SummaryJson("ballistic", "radar", "gnn", args.ballistic_filter,
                                   file.scans.size(), file.detections, run, final_tracks.size());
  nlohmann::json tracks = nlohmann::json::array();
  for (const tracking::Track<kN>* track : final_tracks) {
    const Gaussian<kN>& x = track->state.estimate;
    const geo::Geodetic g = geo::EcefToGeodetic(x.mean.head<3>());
    tracks.push_back({{"id", track->id},
                      {"lat_deg", g.latitude_deg()},
                      {"lon_deg", g.longitude_deg()},
                      {"height_m", g.height_m},
                      {"speed_m_s", x.mean.segment<3>(3).norm()},
                      {"position_sigma_m", std::sqrt(x.covariance.diagonal().head<3>().sum())},
                      {"hits", track->hits},
                      {"quality", track->quality()}});
  }
  if (truth) {
    int count = 0, hits = 0;
    for (const auto& [id, was_covered] : covered) {
      ++count;
      hits += was_covered;
    }
    const std::vector<Eigen::Vector3d> at_last = TruthAt(*truth, file.scan_times_s.back());
    int spurious = 0;
    for (const tracking::Track<kN>* track : final_tracks) {
      bool near = false;
      for (const Eigen::Vector3d& position : at_last)
        near = near || (track->state.estimate.mean.head<3>() - position).norm() <=
                           kBallisticCoveredDistanceM;
      spurious += !near;
    }
    out["truths"] = count;
    // The cv2d key, kept for tools that read both; the distance is
    // covered_distance_m.
    out["truths_covered_100m"] = hits;
    out["covered_distance_m"] = kBallisticCoveredDistanceM;
    out["spurious_tracks"] = spurious;
    out["ospa_cutoff_m"] = kBallisticOspaCutoffM;
  }

  if (args.format == "json") {
    out["tracks"] = std::move(tracks);
    if (args.per_scan) out["per_scan"] = run.per_scan;
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format("tracked {} detections in {} scans (radar, ballistic {}, gnn, {})\n",
                           file.detections, file.scans.size(), args.ballistic_filter,
                           args.detections);
  PrintTimedRun(run, args.per_scan, truth.has_value(), final_tracks.size(),
                file.scan_times_s.back());
  if (!final_tracks.empty()) {
    std::cout << fmt::format("{:>8} {:>10} {:>11} {:>10} {:>9} {:>8} {:>5} {:>7}\n", "track",
                             "lat_deg", "lon_deg", "height_m", "speed", "sigma_m", "hits",
                             "quality");
  }
  for (const nlohmann::json& t : tracks) {
    std::cout << fmt::format(
        "{:>8} {:>10.4f} {:>11.4f} {:>10.0f} {:>9.0f} {:>8.0f} {:>5} {:>7.2f}\n",
        t["id"].get<uint64_t>(), t["lat_deg"].get<double>(), t["lon_deg"].get<double>(),
        t["height_m"].get<double>(), t["speed_m_s"].get<double>(),
        t["position_sigma_m"].get<double>(), t["hits"].get<int>(), t["quality"].get<double>());
  }
  if (truth) {
    std::cout << fmt::format(
        "\nagainst truth ({}): {} of {} truths had a confirmed track within {:.0f} m at one or "
        "more scans; {} spurious tracks at the last scan; mean OSPA (c = {:.0f} m, p = 2) over "
        "the scans with a truth in flight {:.2f} m\n",
        *args.truth, out["truths_covered_100m"].get<int>(), out["truths"].get<int>(),
        kBallisticCoveredDistanceM, out["spurious_tracks"].get<int>(), kBallisticOspaCutoffM,
        out.value("ospa_m", std::nan("")));
  }
  return 0;
}

}  // namespace

void AddTrackCommand(CLI::App& app, TrackArgs& args) {
  CLI::App* command = app.add_subcommand(
      "track",
      "Track detections read from a CSV file; print per-scan timing, the final tracks and,\n"
      "with --truth, scores.\n"
      "\n"
      "--model cv2d: targets on a plane, nearly constant velocity. The detection file has a\n"
      "header line and the columns\n"
      "  t_s                 scan time (s); rows of one scan share t_s and follow each other\n"
      "  x_m,y_m             a position measurement (linear), or\n"
      "  bearing_rad,range_m a radar at the origin: bearing = atan2(y, x), counter-clockwise\n"
      "                      from +x (rad), and range (m)\n"
      "  truth_id            optional: the target (-1 for a false alarm); never used by the\n"
      "                      tracker\n"
      "The truth file (--truth) has the columns t_s,truth_id,x_m,y_m, one row per target and\n"
      "scan. Scores at the last scan: truths with a confirmed track within 100 m (tracks\n"
      "predicted to the scan, so a target missed by the sensor keeps its track), spurious\n"
      "tracks (confirmed, updated at the last scan, farther than 100 m from every truth), and\n"
      "the mean OSPA (c = 100 m, p = 2) over the scans.\n"
      "Defaults are the reference benchmark's (see `trilink reference-benchmark --help`).\n"
      "\n"
      "--model ballistic: missiles seen by radars, the national tracker of `trilink run`\n"
      "(10-state ballistic filter in ECEF, --ballistic-filter; GNN, 5-sigma gate; two-point\n"
      "initiation; 3 of 4 confirmation; --gate and the other cv2d tuning flags do not apply).\n"
      "The detection file has a header line and the columns\n"
      "  t_s                   measurement time (s, any epoch); rows of one scan share t_s\n"
      "                        and the radar, and follow each other; scans may come out of\n"
      "                        time order (late reports) by up to 10 s\n"
      "  site_lat_deg,site_lon_deg[,site_height_m]  the radar (WGS-84; height default 0 m)\n"
      "  range_m,azimuth_deg,elevation_deg  slant range, azimuth clockwise from north and\n"
      "                        geometric elevation from the site\n"
      "  range_rate_m_s        optional: range-rate (negative closing)\n"
      "  range_sigma_m,azimuth_sigma_mrad,elevation_sigma_mrad,range_rate_sigma_m_s\n"
      "                        optional per-row noise sigmas; default --radar-sigma\n"
      "  truth_id              optional, never used by the tracker\n"
      "Each radar is taken as looking all round down to its 4/3-Earth horizon (misses are\n"
      "counted there); only scans with a detection are in the file. `trilink run SCENARIO\n"
      "--out DIR` writes DIR/detections.csv and DIR/truth.csv in these formats. The truth\n"
      "file has the columns t_s,truth_id,lat_deg,lon_deg,height_m, samples of each target in\n"
      "time order, linearly interpolated between samples. Scores: truths with a confirmed\n"
      "track (predicted to the scan) within 1 km at one or more scans while in flight\n"
      "(JSON key truths_covered_100m, as for cv2d, with covered_distance_m = 1000), spurious\n"
      "tracks at the last scan, and the mean OSPA (c = 1 km, p = 2) over the scans with a\n"
      "truth in flight.\n"
      "Lines starting with '#' are comments.");
  command->add_option("--detections", args.detections, "Detection file (CSV)")->required();
  command->add_option("--model", args.model, "Motion model")
      ->check(CLI::IsMember({"cv2d", "ballistic"}))
      ->default_str("cv2d");
  command->add_option("--truth", args.truth, "Truth file (CSV) for scores");
  command->add_option("--format", args.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  command->add_flag("--per-scan", args.per_scan, "Also print a line per scan (json: per_scan)");
  command->add_option("--gate", args.gate, "Mahalanobis gate (sigma, > 0)")->default_str("3");
  command
      ->add_option("--confirm-hits", args.confirm_hits,
                   "Detections associated with a track, after the one that started it, that "
                   "confirm it")
      ->default_str("3");
  command
      ->add_option("--tentative-misses", args.tentative_misses,
                   "Consecutive misses that drop a tentative track")
      ->default_str("2");
  command
      ->add_option("--confirmed-misses", args.confirmed_misses,
                   "Consecutive misses that drop a confirmed track")
      ->default_str("3");
  command
      ->add_option("--velocity-sigma", args.velocity_sigma_m_s,
                   "Initial velocity sigma per axis (m/s)")
      ->default_str("50");
  command->add_option("--q", args.q, "White-noise acceleration density per axis (m^2/s^3)")
      ->default_str("1");
  command->add_option("--sigma-xy", args.sigma_xy_m, "x/y measurement sigma (m)")
      ->default_str("10");
  command->add_option("--sigma-bearing", args.sigma_bearing_deg, "Bearing sigma (degrees)")
      ->default_str("0.1");
  command->add_option("--sigma-range", args.sigma_range_m, "Range sigma (m)")->default_str("10");
  command->add_option("--filter", args.filter, "Filter")
      ->check(CLI::IsMember({"ekf", "ukf"}))
      ->default_str("ekf");
  command->add_option("--assigner", args.assigner, "Data association")
      ->check(CLI::IsMember({"gnn", "jpda"}))
      ->default_str("gnn");
  command
      ->add_option("--clutter-density", args.clutter_density,
                   "JPDA: false alarms per unit measurement volume (m^2 for x/y, rad*m for "
                   "bearing/range)")
      ->default_str("2.5e-6");
  command
      ->add_option("--detection-probability", args.detection_probability,
                   "JPDA: probability of detection")
      ->default_str("0.9");
  command->add_option("--ballistic-filter", args.ballistic_filter, "ballistic: filter bank")
      ->check(CLI::IsMember({"ekf", "ukf", "imm-ekf", "imm-ukf"}))
      ->default_str("imm-ekf");
  command
      ->add_option("--radar-sigma", args.radar_sigma,
                   "ballistic: default noise sigmas RANGE_M,AZIMUTH_MRAD,ELEVATION_MRAD"
                   "[,RANGE_RATE_M_S]")
      ->default_str("30,2,2,2");
}

int RunTrack(const TrackArgs& args) {
  return args.model == "ballistic" ? RunBallistic(args) : RunPlanar(args);
}

void AddReferenceBenchmarkCommand(CLI::App& app, ReferenceBenchmarkArgs& args) {
  CLI::App* command = app.add_subcommand(
      "reference-benchmark",
      "Write the reference multi-target benchmark's detections and truth as CSV files for\n"
      "`trilink track` and for other trackers: N targets on a plane, constant velocity with\n"
      "white-noise acceleration q = 1 m^2/s^3 per axis, initial positions uniform in a square\n"
      "of side 2000*sqrt(N/10) m centred 20 km from a radar at the origin, initial velocities\n"
      "normal with sigma 30 m/s per axis; a scan every 1 s; detection probability 0.9; Poisson\n"
      "false alarms, mean N per scan, uniform in the square; x/y measurements with sigma 10 m\n"
      "or bearing/range with sigma 0.1 deg and 10 m. Writes DIR/detections.csv and\n"
      "DIR/truth.csv (the folder is written whole or not at all).");
  command->add_option("--targets", args.targets, "Number of targets N (>= 1)")->default_str("1000");
  command->add_option("--measurement", args.measurement, "Measurements")
      ->check(CLI::IsMember({"xy", "bearing-range"}))
      ->default_str("xy");
  command->add_option("--seed", args.seed, "Random seed")->default_str("1");
  command->add_option("--scans", args.scans, "Number of scans (>= 1)")->default_str("100");
  command->add_option("--out", args.out, "Output folder")->required();
}

int RunReferenceBenchmark(const ReferenceBenchmarkArgs& args) {
  if (args.targets < 1 || args.targets > 1'000'000)
    throw InputError(fmt::format("--targets: got {}; expected 1 to 1000000", args.targets));
  if (args.scans < 1 || args.scans > 100'000)
    throw InputError(fmt::format("--scans: got {}; expected 1 to 100000", args.scans));
  const bool linear = args.measurement == "xy";
  const tracking::ReferenceBenchmark data = tracking::MakeReferenceBenchmark(
      {.targets = args.targets,
       .scans = args.scans,
       .measurement = linear ? tracking::PlanarMeasurement::kPosition
                             : tracking::PlanarMeasurement::kBearingRange,
       .seed = args.seed});
  std::string detections = linear ? "t_s,x_m,y_m,truth_id\n" : "t_s,bearing_rad,range_m,truth_id\n";
  std::string truth = "t_s,truth_id,x_m,y_m\n";
  for (const tracking::ReferenceScan& scan : data.scans) {
    for (const tracking::ReferenceDetection& d : scan.detections) {
      // 17 significant digits: the file holds the generated doubles exactly.
      detections += fmt::format("{},{:.17g},{:.17g},{}\n", scan.time_s, d.measurement(0),
                                d.measurement(1), d.truth_id);
    }
    for (size_t id = 0; id < scan.truth.size(); ++id) {
      truth += fmt::format("{},{},{:.17g},{:.17g}\n", scan.time_s, id, scan.truth[id](0),
                           scan.truth[id](1));
    }
  }
  WriteDirectoryAtomically(args.out, [&](const std::string& folder) {
    WriteFile(folder + "/detections.csv", detections);
    WriteFile(folder + "/truth.csv", truth);
  });
  std::cout << fmt::format("wrote {} scans, {} targets ({}) to {}/detections.csv and truth.csv\n",
                           args.scans, args.targets, args.measurement, args.out);
  return 0;
}

}  // namespace trilink::app
