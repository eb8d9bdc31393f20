#include "track_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <numbers>
#include <vector>

#include "cli_checks.h"
#include "csv.h"
#include "detection_files.h"
#include "flight_output.h"
#include "output_folder.h"
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
// The reference benchmark's size limits (--targets, --scans, their product).
constexpr unsigned long long kMaxReferenceTargets = 100'000;
constexpr unsigned long long kMaxReferenceScans = 100'000;
// About 150 bytes of CSV each: 2e6 make 300 MB, which `trilink track` reads.
constexpr double kMaxReferenceTargetScans = 2e6;
constexpr double kOspaCutoffM = 100.0;
constexpr double kOspaOrder = 2.0;

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
  PlanarDetections file =
      ReadPlanarDetections(ReadNumericCsv(args.detections, kPlanarDetectionColumns));
  std::optional<PlanarTruth> truth;
  if (args.truth) truth = ReadPlanarTruth(ReadNumericCsv(*args.truth, kPlanarTruthColumns));
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

// The truths alive at t_s (inside their sampled span), linearly interpolated.
std::vector<Eigen::Vector3d> TruthAt(const GeodeticTruth& truth, double t_s) {
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
  RadarDetections file =
      ReadRadarDetections(ReadNumericCsv(args.detections, kRadarDetectionColumns), sigmas);
  std::optional<GeodeticTruth> truth;
  if (args.truth) truth = ReadGeodeticTruth(ReadNumericCsv(*args.truth, kGeodeticTruthColumns));
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
  args.command = command;
  command->add_option("--detections", args.detections, "Detection file (CSV)")->required();
  command->add_option("--model", args.model, "Motion model")
      ->check(CLI::IsMember({"cv2d", "ballistic"}))
      ->default_str("cv2d");
  command->add_option("--truth", args.truth, "Truth file (CSV) for scores");
  command->add_option("--format", args.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  command->add_flag("--per-scan", args.per_scan, "Also print a line per scan (json: per_scan)");
  // The cv2d tuning flags and their ranges (beyond them a tracker does
  // nothing useful: a sigma of 1e300 gates everything, one of 1e-300 nothing).
  command->add_option("--gate", args.gate, "cv2d: Mahalanobis gate (sigma, > 0)")
      ->check(Within(0.0, 20.0, "sigma", Open::kLow))
      ->default_str("3");
  command
      ->add_option("--confirm-hits", args.confirm_hits,
                   "cv2d: detections associated with a track, after the one that started it, "
                   "that confirm it")
      ->check(WholeIn(1, 63))
      ->default_str("3");
  command
      ->add_option("--tentative-misses", args.tentative_misses,
                   "cv2d: consecutive misses that drop a tentative track")
      ->check(WholeIn(1, 100))
      ->default_str("2");
  command
      ->add_option("--confirmed-misses", args.confirmed_misses,
                   "cv2d: consecutive misses that drop a confirmed track")
      ->check(WholeIn(1, 100))
      ->default_str("3");
  command
      ->add_option("--velocity-sigma", args.velocity_sigma_m_s,
                   "cv2d: initial velocity sigma per axis (m/s)")
      ->check(Within(0.0, 1e4, "m/s", Open::kLow))
      ->default_str("50");
  command->add_option("--q", args.q, "cv2d: white-noise acceleration density per axis (m^2/s^3)")
      ->check(Within(1e-9, 1e6, "m^2/s^3"))
      ->default_str("1");
  command->add_option("--sigma-xy", args.sigma_xy_m, "cv2d: x/y measurement sigma (m)")
      ->check(Within(1e-3, 1e6, "m"))
      ->default_str("10");
  command->add_option("--sigma-bearing", args.sigma_bearing_deg, "cv2d: bearing sigma (degrees)")
      ->check(Within(1e-6, 90.0, "degrees"))
      ->default_str("0.1");
  command->add_option("--sigma-range", args.sigma_range_m, "cv2d: range sigma (m)")
      ->check(Within(1e-3, 1e6, "m"))
      ->default_str("10");
  command->add_option("--filter", args.filter, "cv2d: filter")
      ->check(CLI::IsMember({"ekf", "ukf"}))
      ->default_str("ekf");
  command->add_option("--assigner", args.assigner, "cv2d: data association")
      ->check(CLI::IsMember({"gnn", "jpda"}))
      ->default_str("gnn");
  command
      ->add_option("--clutter-density", args.clutter_density,
                   "cv2d JPDA: false alarms per unit measurement volume (m^2 for x/y, rad*m for "
                   "bearing/range)")
      ->check(Within(1e-30, 1.0, "per unit volume"))
      ->default_str("2.5e-6");
  command
      ->add_option("--detection-probability", args.detection_probability,
                   "cv2d JPDA: probability of detection")
      ->check(Within(0.0, 1.0, "probability", Open::kLow))
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
  // A flag of the other model would be ignored without a word: refuse it.
  const bool ballistic = args.model == "ballistic";
  const std::vector<std::string> cv2d_only = {"--gate",
                                              "--confirm-hits",
                                              "--tentative-misses",
                                              "--confirmed-misses",
                                              "--velocity-sigma",
                                              "--q",
                                              "--sigma-xy",
                                              "--sigma-bearing",
                                              "--sigma-range",
                                              "--filter",
                                              "--assigner",
                                              "--clutter-density",
                                              "--detection-probability"};
  const std::vector<std::string> ballistic_only = {"--ballistic-filter", "--radar-sigma"};
  for (const std::string& flag : ballistic ? cv2d_only : ballistic_only) {
    if (args.command != nullptr && args.command->count(flag) > 0) {
      throw InputError(fmt::format("{}: applies only to --model {}; this run is --model {}", flag,
                                   ballistic ? "cv2d" : "ballistic", args.model));
    }
  }
  return ballistic ? RunBallistic(args) : RunPlanar(args);
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
  command
      ->add_option("--targets", args.targets,
                   "Number of targets N (1 to 100000; N × scans at most 2e6)")
      ->check(WholeIn(1, kMaxReferenceTargets))
      ->default_str("1000");
  command->add_option("--measurement", args.measurement, "Measurements")
      ->check(CLI::IsMember({"xy", "bearing-range"}))
      ->default_str("xy");
  command->add_option("--seed", args.seed, "Random seed")
      ->check(WholeIn(0, std::numeric_limits<uint64_t>::max()))
      ->default_str("1");
  command->add_option("--scans", args.scans, "Number of scans (1 to 100000)")
      ->check(WholeIn(1, kMaxReferenceScans))
      ->default_str("100");
  command->add_option("--out", args.out, "Output folder")->required();
}

int RunReferenceBenchmark(const ReferenceBenchmarkArgs& args) {
  if (static_cast<double>(args.targets) * args.scans > kMaxReferenceTargetScans) {
    throw InputError(fmt::format(
        "--targets {} with --scans {}: {:.3g} target-scans; expected at most {:g} (about 300 MB "
        "of CSV)",
        args.targets, args.scans, static_cast<double>(args.targets) * args.scans,
        kMaxReferenceTargetScans));
  }
  const bool linear = args.measurement == "xy";
  OutputFolder out(args.out, "--out");
  // About 150 bytes of CSV per target and scan (a detection, a false alarm
  // and a truth row, each some 50 bytes): refuse at once what cannot fit.
  out.RequireSpace(static_cast<uintmax_t>(args.targets) * static_cast<uintmax_t>(args.scans) * 150);
  tracking::ReferenceBenchmarkGenerator generator(
      {.targets = args.targets,
       .scans = args.scans,
       .measurement = linear ? tracking::PlanarMeasurement::kPosition
                             : tracking::PlanarMeasurement::kBearingRange,
       .seed = args.seed});
  // Written scan by scan: memory stays proportional to the targets, not to
  // the whole benchmark.
  OutputFolder::File detections = out.Open("detections.csv");
  OutputFolder::File truth = out.Open("truth.csv");
  detections.Append(linear ? "t_s,x_m,y_m,truth_id\n" : "t_s,bearing_rad,range_m,truth_id\n");
  truth.Append("t_s,truth_id,x_m,y_m\n");
  const bool terminal = isatty(fileno(stderr));
  std::string buffer;
  for (int k = 0; !generator.done(); ++k) {
    const tracking::ReferenceScan& scan = generator.Next();
    buffer.clear();
    for (const tracking::ReferenceDetection& d : scan.detections) {
      // 17 significant digits: the file holds the generated doubles exactly.
      fmt::format_to(std::back_inserter(buffer), "{},{:.17g},{:.17g},{}\n", scan.time_s,
                     d.measurement(0), d.measurement(1), d.truth_id);
    }
    detections.Append(buffer);
    buffer.clear();
    for (size_t id = 0; id < scan.truth.size(); ++id) {
      fmt::format_to(std::back_inserter(buffer), "{},{},{:.17g},{:.17g}\n", scan.time_s, id,
                     scan.truth[id](0), scan.truth[id](1));
    }
    truth.Append(buffer);
    if (terminal) std::fprintf(stderr, "\r[%d/%d] writing scans ...\033[K", k + 1, args.scans);
  }
  if (terminal) std::fprintf(stderr, "\r\033[K");
  detections.Close();
  truth.Close();
  out.Commit();
  std::cout << fmt::format("wrote {} scans, {} targets ({}) to {}/detections.csv and truth.csv\n",
                           args.scans, args.targets, args.measurement, args.out);
  return 0;
}

}  // namespace trilink::app
