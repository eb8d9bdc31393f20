// `trilink track`: the tracker on detections read from a CSV file, with
// per-scan timing and, given the truth, scores; and `trilink
// reference-benchmark`, which writes the reference benchmark's detections and
// truth as such files.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace trilink::app {

struct TrackArgs {
  const CLI::App* command = nullptr;  // to tell which flags were given
  std::string detections;
  std::string model = "cv2d";
  std::optional<std::string> truth;
  std::string format = "text";
  bool per_scan = false;
  double gate = 3.0;
  int confirm_hits = 3;
  int tentative_misses = 2;
  int confirmed_misses = 3;
  double velocity_sigma_m_s = 50.0;
  double q = 1.0;
  double sigma_xy_m = 10.0;
  double sigma_bearing_deg = 0.1;
  double sigma_range_m = 10.0;
  std::string filter = "ekf";
  std::string assigner = "gnn";
  double clutter_density = 2.5e-6;
  double detection_probability = 0.9;
  // --model ballistic
  std::string ballistic_filter = "imm-ekf";
  std::string radar_sigma = "30,2,2,2";  // range m, azimuth mrad, elevation mrad, range-rate m/s
};

void AddTrackCommand(CLI::App& app, TrackArgs& args);
int RunTrack(const TrackArgs& args);

struct ReferenceBenchmarkArgs {
  int targets = 1000;
  std::string measurement = "xy";
  uint64_t seed = 1;
  int scans = 100;
  std::string out;
};

void AddReferenceBenchmarkCommand(CLI::App& app, ReferenceBenchmarkArgs& args);
int RunReferenceBenchmark(const ReferenceBenchmarkArgs& args);

}  // namespace trilink::app
