// The scans of radars watching many missiles at once, for the benchmarks
// that need a tracker in steady state (ballistic_tracking_benchmark,
// dds_latency_benchmark): `missiles` minimum-energy missiles of about
// 600 km (one reconstructed launch flown from sites spread over 2° × 2°
// around 39.5° N 127.5° E, headings 60°–100°, launches spread over the
// first 100 s), seen by `radars` for 400 s from 2026-03-10T06:30:00Z.
#pragma once

#include <string>
#include <vector>

#include "trilink/core/time.h"
#include "trilink/sensors/sensor.h"
#include "trilink/tracking/sensor_scan.h"

namespace trilink::bench {

inline constexpr double kSceneDurationS = 400.0;

// A radar measuring range, azimuth, elevation and range-rate (30 m, 2 mrad,
// 2 mrad, 2 m/s), out to 1 500 km, one false alarm per scan on average.
sensors::SensorSpec BenchRadar(const std::string& name, double lat_deg, double lon_deg,
                               double height_m, double offset_s, double revisit_s);

struct MissileScene {
  UtcTime epoch;
  std::vector<tracking::SensorScan> scans;  // in report-time order
};

MissileScene MakeMissileScene(int missiles, const std::vector<sensors::SensorSpec>& radars);

}  // namespace trilink::bench
