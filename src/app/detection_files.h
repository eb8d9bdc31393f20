// The detection and truth files of `trilink track` (formats in `trilink track
// --help`): read from a parsed CsvTable into scans for the trackers.
//
// Every value is checked against the range the trackers can work with, so
// that no later arithmetic sees a time it cannot hold in nanoseconds, a
// position far outside any sensor's reach or a noise sigma that squares to
// infinity; errors name FILE:LINE:COL and the column.
//
// Usage:
//   const CsvTable table = ReadNumericCsv(path, kRadarDetectionColumns);
//   RadarDetections file = ReadRadarDetections(table, RadarSigmas{});  // throws InputError
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "csv.h"
#include "trilink/tracking/ballistic.h"
#include "trilink/tracking/reference_benchmark.h"
#include "trilink/tracking/tracker.h"

namespace trilink::app {

// Times in the files: seconds from any epoch, within ±kMaxFileTimeS (about
// 31 years), so that every time is exact to the nanosecond in UtcTime.
inline constexpr double kMaxFileTimeS = 1e9;

// --model cv2d -------------------------------------------------------------

extern const std::vector<std::string> kPlanarDetectionColumns;  // t_s, x_m, y_m, ...
extern const std::vector<std::string> kPlanarTruthColumns;      // t_s, truth_id, x_m, y_m

struct PlanarDetections {
  tracking::PlanarMeasurement kind = tracking::PlanarMeasurement::kPosition;
  std::vector<tracking::Scan<4>> scans;  // models filled in by the caller
  std::vector<double> scan_times_s;
  size_t detections = 0;
};
// Rows of one scan share t_s and follow each other; t_s never decreases.
PlanarDetections ReadPlanarDetections(const CsvTable& table);

// Truth positions by time (ns) → (truth id, position on the plane).
using PlanarTruth = std::map<int64_t, std::vector<std::pair<int, Eigen::Vector3d>>>;
PlanarTruth ReadPlanarTruth(const CsvTable& table);

// --model ballistic ----------------------------------------------------------

extern const std::vector<std::string> kRadarDetectionColumns;  // t_s, site_lat_deg, ...
extern const std::vector<std::string> kGeodeticTruthColumns;   // t_s, truth_id, lat_deg, ...

// Radar noise sigmas for rows that do not give their own.
struct RadarSigmas {
  double range_m = 30.0, azimuth_mrad = 2.0, elevation_mrad = 2.0, range_rate_m_s = 2.0;
};
// Sigmas within sensors' kMin/kMax*Sigma* bounds (trilink/sensors/radar.h).
// "--radar-sigma RANGE_M,AZIMUTH_MRAD,ELEVATION_MRAD[,RANGE_RATE_M_S]";
// throws InputError naming the flag.
RadarSigmas ParseRadarSigmas(const std::string& text);

struct RadarDetections {
  std::vector<tracking::Scan<tracking::kBallisticStateSize>> scans;
  std::vector<double> scan_times_s;
  size_t detections = 0;
};
RadarDetections ReadRadarDetections(const CsvTable& table, const RadarSigmas& defaults);

// Truth samples by id, in time order: (t_s, ECEF position).
using GeodeticTruth = std::map<int, std::vector<std::pair<double, Eigen::Vector3d>>>;
GeodeticTruth ReadGeodeticTruth(const CsvTable& table);

}  // namespace trilink::app
