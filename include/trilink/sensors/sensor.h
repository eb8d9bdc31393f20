// A sensor as a scenario describes it: who owns it, where it is, how often it
// looks, how noisy, biased and late its reports are, and how likely it is to
// see a target.
//
// Detection.
//  Radar: the radar equation scaled from a reference point. A target of
//  cross-section σ0 at the reference range R0 gives the reference
//  signal-to-noise ratio S0; for a target of cross-section σ at range R
//    SNR(R) [dB] = S0 + 10 log10(σ / σ0) − 40 log10(R / R0)
//  (Skolnik, Introduction to Radar Systems, 3rd ed., 2001, ch. 2). The target
//  fluctuates as Swerling case 1 (scan-to-scan Rayleigh amplitude), detected
//  on one look with a threshold set for the false-alarm probability Pfa:
//    Pd = Pfa^(1 / (1 + SNR))              SNR as a power ratio
//  (Richards, Fundamentals of Radar Signal Processing, 2nd ed., 2014, ch. 6;
//  Skolnik ch. 2). False alarms: a Poisson number with a given mean per
//  scan, each uniform in range (0, max range], in the azimuth sector and in
//  the elevation limits, with a range-rate uniform in ±max.
//  Infrared: a constant probability of detection while the motor burns
//  (time since launch ≤ burnout time, from the truth), zero after; no false
//  alarms.
//
// Biases are constant per component and added to every true detection (not
// to false alarms); the models the trackers get do not know them.
//
// Usage:
//   SensorSpec spec{.name = "kr-east", .owner = "KR", .type = SensorType::kRadar};
//   spec.radar.config.site = geo::Geodetic::FromDegrees(37.5, 129.1, 100);
//   std::string error;
//   if (!spec.IsValid(&error)) ...;
#pragma once

#include <Eigen/Core>
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "trilink/core/time.h"
#include "trilink/sensors/infrared.h"
#include "trilink/sensors/radar.h"

namespace trilink::sensors {

enum class SensorType { kRadar, kInfrared };
// "radar", "infrared".
std::string_view SensorTypeName(SensorType type);

struct RadarDetection {
  double reference_range_m = 1e6;                  // R0 (m), > 0
  double reference_rcs_m2 = 1.0;                   // σ0 (m²), > 0
  double reference_snr_db = 13.0;                  // S0 (dB), finite
  double target_rcs_m2 = 1.0;                      // σ (m²) of every target, > 0
  double false_alarm_probability = 1e-6;           // Pfa, (0, 1)
  double false_alarms_per_scan = 0.0;              // Poisson mean, [0, 1000]
  double false_alarm_max_range_rate_m_s = 4000.0;  // > 0

  bool IsValid(std::string* error) const;
};

// SNR (dB) of a target at range_m (> 0) by the scaled radar equation.
double RadarSnrDb(const RadarDetection& detection, double range_m);
// Swerling 1 probability of detection for an SNR (dB) and a false-alarm
// probability in (0, 1).
double SwerlingOneDetectionProbability(double snr_db, double false_alarm_probability);

struct RadarSpec {
  RadarConfig config;  // site, measured components, noise, field of view, k
  // Constant bias per component (indexed by RadarComponent), in the units of
  // the component (m, rad, rad, m/s).
  std::array<double, kNumRadarComponents> bias = {0.0, 0.0, 0.0, 0.0};
  RadarDetection detection;
};

struct InfraredSpec {
  // Exactly one of the two: a geostationary longitude (rad) or an orbit.
  std::optional<double> geostationary_longitude_rad;
  std::optional<KeplerOrbit> orbit;
  double angle_sigma_rad = 30e-6;           // per angle, > 0
  std::array<double, 2> bias_rad = {0, 0};  // α_east, α_north
  double detection_probability = 0.95;      // while the motor burns, [0, 1]
};

struct SensorSpec {
  std::string name;   // unique; names the random stream "sensor/<name>"
  std::string owner;  // partner code, e.g. "KR"
  SensorType type = SensorType::kRadar;
  double revisit_s = 5.0;      // time between scans (s), > 0
  double scan_offset_s = 0.0;  // first scan after the epoch (s), [0, revisit_s)
  double latency_s = 0.0;      // report time − measurement time (s), >= 0
  RadarSpec radar;             // used when type == kRadar
  InfraredSpec infrared;       // used when type == kInfrared
  int source_line = 0;         // line of the [[sensor]] header, for messages

  bool IsValid(std::string* error) const;
};

// ECEF position (m) of an infrared sensor's satellite at `time`.
Eigen::Vector3d SatelliteEcefPosition(const InfraredSpec& spec, UtcTime time);

}  // namespace trilink::sensors
