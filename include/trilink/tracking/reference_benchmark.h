// The reference multi-target benchmark: an exactly specified planar case, so
// that the same detections can be given to trilink and to other trackers and
// the results compared (issue "Sensors and the national tracker").
//
//   N targets, nearly constant velocity with white-noise acceleration of
//   spectral density q = 1 m²/s³ per axis (exact discretisation, planar.h);
//   initial positions uniform in a square of side 2000 √(N/10) m centred at
//   (20 000, 0) m, 20 km from a radar at the origin; initial velocities
//   normal, σ = 30 m/s per axis; a scan every second for 100 scans (t = 0 …
//   99 s); each target detected with probability 0.9; Poisson false alarms,
//   mean N per scan, uniform in the square. Measurements x/y with σ = 10 m,
//   or bearing (atan2(y, x)) and range from the origin with σ = 0.1° and
//   10 m.
//
// All draws come from RandomStream(seed, "reference-benchmark/..."), so a
// seed gives the same detections everywhere.
//
// Usage:
//   ReferenceBenchmark data = MakeReferenceBenchmark({.targets = 1000});
//   for (const ReferenceScan& scan : data.scans) ...
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trilink/core/gaussian.h"
#include "trilink/core/random.h"
#include "trilink/tracking/planar.h"

namespace trilink::tracking {

enum class PlanarMeasurement { kPosition, kBearingRange };

// Every real field finite.
struct ReferenceBenchmarkOptions {
  int targets = 1000;                    // N >= 1
  int scans = 100;                       // >= 1
  double scan_interval_s = 1.0;          // (s) > 0
  double acceleration_density = 1.0;     // q (m²/s³) > 0
  double velocity_sigma_m_s = 30.0;      // initial velocity σ per axis (m/s) > 0
  double detection_probability = 0.9;    // [0, 1]
  double false_alarms_per_target = 1.0;  // mean false alarms per scan = this × N, >= 0
  PlanarMeasurement measurement = PlanarMeasurement::kPosition;
  // Measurement noise σ, each > 0 (the unused ones too).
  double position_sigma_m = 10.0;  // x/y (m)
  double bearing_sigma_rad = 0.1 * 3.14159265358979323846 / 180.0;
  double range_sigma_m = 10.0;
  uint64_t seed = 1;

  bool IsValid(std::string* error) const;
};

struct ReferenceDetection {
  MeasurementVector measurement;  // (x, y) or (bearing, range)
  int truth_id = -1;              // −1: false alarm
};

struct ReferenceScan {
  double time_s = 0.0;
  std::vector<ReferenceDetection> detections;
  std::vector<Vector<4>> truth;  // every target's (x, y, vx, vy), index = truth id
};

struct ReferenceBenchmark {
  ReferenceBenchmarkOptions options;
  std::vector<ReferenceScan> scans;
};

// `options` must be valid (checked).
ReferenceBenchmark MakeReferenceBenchmark(const ReferenceBenchmarkOptions& options);

// The same benchmark one scan at a time, for runs too large to hold in
// memory: only the current targets and scan are kept. Scan k (from 0) is at
// k * scan_interval_s; the scans equal MakeReferenceBenchmark's.
class ReferenceBenchmarkGenerator {
 public:
  // `options` must be valid (checked).
  explicit ReferenceBenchmarkGenerator(const ReferenceBenchmarkOptions& options);
  bool done() const { return next_ >= options_.scans; }
  // The next scan; valid until the next call. Not after done().
  const ReferenceScan& Next();

 private:
  ReferenceBenchmarkOptions options_;
  ConstantVelocity2d motion_;
  SquareMatrix<4> noise_root_;
  PlanarPosition position_sensor_;
  PlanarBearingRange polar_sensor_;
  RandomStream start_, motion_noise_, detection_, measurement_noise_, clutter_, order_;
  std::vector<Vector<4>> truth_;
  ReferenceScan scan_;
  int next_ = 0;
};

}  // namespace trilink::tracking
