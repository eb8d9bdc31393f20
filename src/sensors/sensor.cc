#include "trilink/sensors/sensor.h"

#include <algorithm>
#include <cmath>
#include <span>

#include "trilink/core/error.h"

namespace trilink::sensors {
namespace {

bool AllFinite(std::span<const double> values) {
  return std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
}

}  // namespace

std::string_view SensorTypeName(SensorType type) {
  return type == SensorType::kRadar ? "radar" : "infrared";
}

bool RadarDetection::IsValid(std::string* error) const {
  if (!(reference_range_m > 0.0 && std::isfinite(reference_range_m))) {
    return Invalid(error, "reference_range_m must be finite and > 0");
  }
  if (!(reference_rcs_m2 > 0.0 && std::isfinite(reference_rcs_m2))) {
    return Invalid(error, "reference_rcs_m2 must be finite and > 0");
  }
  if (!std::isfinite(reference_snr_db)) return Invalid(error, "reference_snr_db must be finite");
  if (!(target_rcs_m2 > 0.0 && std::isfinite(target_rcs_m2))) {
    return Invalid(error, "target_rcs_m2 must be finite and > 0");
  }
  if (!(false_alarm_probability > 0.0 && false_alarm_probability < 1.0)) {
    return Invalid(error, "false_alarm_probability must be in (0, 1)");
  }
  if (!(false_alarms_per_scan >= 0.0 && false_alarms_per_scan <= 1000.0)) {
    return Invalid(error, "false_alarms_per_scan must be in [0, 1000]");
  }
  if (!(false_alarm_max_range_rate_m_s > 0.0 && std::isfinite(false_alarm_max_range_rate_m_s))) {
    return Invalid(error, "false_alarm_max_range_rate_m_s must be finite and > 0");
  }
  return true;
}

double RadarSnrDb(const RadarDetection& detection, double range_m) {
  TRILINK_CHECK(range_m > 0.0) << "range must be > 0, got " << range_m;
  return detection.reference_snr_db +
         10.0 * std::log10(detection.target_rcs_m2 / detection.reference_rcs_m2) -
         40.0 * std::log10(range_m / detection.reference_range_m);
}

double SwerlingOneDetectionProbability(double snr_db, double false_alarm_probability) {
  TRILINK_CHECK(false_alarm_probability > 0.0 && false_alarm_probability < 1.0)
      << "false-alarm probability must be in (0, 1), got " << false_alarm_probability;
  const double snr = std::pow(10.0, snr_db / 10.0);
  // exp/log rather than pow, so that a huge SNR gives exactly Pfa^0 = 1.
  return std::exp(std::log(false_alarm_probability) / (1.0 + snr));
}

bool SensorSpec::IsValid(std::string* error) const {
  if (name.empty()) return Invalid(error, "name must not be empty");
  if (owner.empty()) return Invalid(error, "owner must not be empty");
  if (!(revisit_s > 0.0 && std::isfinite(revisit_s))) {
    return Invalid(error, "revisit_s must be finite and > 0");
  }
  if (!(scan_offset_s >= 0.0 && scan_offset_s < revisit_s)) {
    return Invalid(error, "scan_offset_s must be in [0, revisit_s)");
  }
  if (!(latency_s >= 0.0 && std::isfinite(latency_s))) {
    return Invalid(error, "latency_s must be finite and >= 0");
  }
  if (type == SensorType::kRadar) {
    if (!radar.config.IsValid(error) || !radar.detection.IsValid(error)) return false;
    if (!AllFinite(radar.bias)) return Invalid(error, "radar biases must be finite");
    return true;
  }
  if (infrared.geostationary_longitude_rad.has_value() == infrared.orbit.has_value()) {
    return Invalid(error, "exactly one of a geostationary longitude and an orbit is needed");
  }
  if (infrared.geostationary_longitude_rad &&
      !std::isfinite(*infrared.geostationary_longitude_rad)) {
    return Invalid(error, "the geostationary longitude must be finite");
  }
  if (infrared.orbit && !infrared.orbit->IsValid(error)) return false;
  if (!(infrared.angle_sigma_rad > 0.0 && std::isfinite(infrared.angle_sigma_rad))) {
    return Invalid(error, "angle_sigma_rad must be finite and > 0");
  }
  if (!AllFinite(infrared.bias_rad)) return Invalid(error, "infrared biases must be finite");
  if (!(infrared.detection_probability >= 0.0 && infrared.detection_probability <= 1.0)) {
    return Invalid(error, "detection_probability must be in [0, 1]");
  }
  return true;
}

Eigen::Vector3d SatelliteEcefPosition(const InfraredSpec& spec, UtcTime time) {
  if (spec.geostationary_longitude_rad) {
    return GeostationaryEcefPosition(*spec.geostationary_longitude_rad);
  }
  TRILINK_CHECK(spec.orbit.has_value()) << "an infrared sensor needs a longitude or an orbit";
  return KeplerEcefPosition(*spec.orbit, time);
}

}  // namespace trilink::sensors
