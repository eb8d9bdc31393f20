#include "trilink/sensors/simulate.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "trilink/core/error.h"
#include "trilink/core/random.h"
#include "trilink/core/units.h"

namespace trilink::sensors {
namespace {

// A radar false alarm: uniform in range, azimuth sector and elevation
// limits, with a uniform range-rate; only the measured components are kept.
MeasurementVector FalseAlarm(const RadarModel& radar, const RadarDetection& detection,
                             RandomStream& random) {
  const FieldOfView& fov = radar.config().field_of_view;
  const double values[kNumRadarComponents] = {
      random.Uniform(0.0, fov.max_range_m),
      std::fmod(fov.azimuth_start_rad + random.Uniform(0.0, fov.azimuth_extent_rad), 2.0 * kPi),
      random.Uniform(fov.elevation_min_rad, fov.elevation_max_rad),
      random.Uniform(-detection.false_alarm_max_range_rate_m_s,
                     detection.false_alarm_max_range_rate_m_s)};
  MeasurementVector z(radar.size());
  for (int c = 0; c < kNumRadarComponents; ++c) {
    const int i = radar.IndexOf(static_cast<RadarComponent>(c));
    if (i >= 0) z(i) = values[c];
  }
  return z;
}

void SimulateRadarScan(const SensorSpec& spec, const RadarMeasurement<6>& model,
                       std::span<const TruthTrajectory> truth, RandomStream& random, Scan* scan) {
  const RadarModel& radar = model.model();
  for (size_t j = 0; j < truth.size(); ++j) {
    const std::optional<Vector<6>> state = truth[j].StateAt(scan->measurement_time);
    if (!state || !radar.Covers(state->head<3>())) continue;
    const double range_m = (state->head<3>() - radar.frame().ecef_origin()).norm();
    const double pd =
        SwerlingOneDetectionProbability(RadarSnrDb(spec.radar.detection, std::max(range_m, 1.0)),
                                        spec.radar.detection.false_alarm_probability);
    if (random.Uniform() >= pd) continue;
    MeasurementVector z = model.Sample(*state, random);
    for (int c = 0; c < kNumRadarComponents; ++c) {
      const int i = radar.IndexOf(static_cast<RadarComponent>(c));
      if (i >= 0) z(i) += spec.radar.bias[c];
    }
    scan->measurements.push_back(radar.Normalized(z));
    scan->truth_index.push_back(static_cast<int>(j));
  }
  const int64_t false_alarms = random.Poisson(spec.radar.detection.false_alarms_per_scan);
  for (int64_t k = 0; k < false_alarms; ++k) {
    scan->measurements.push_back(FalseAlarm(radar, spec.radar.detection, random));
    scan->truth_index.push_back(-1);
  }
  // Report order must not reveal which returns are true: shuffle (Fisher–Yates).
  for (size_t i = scan->measurements.size(); i > 1; --i) {
    const size_t k = static_cast<size_t>(random.NextBits() % i);
    std::swap(scan->measurements[i - 1], scan->measurements[k]);
    std::swap(scan->truth_index[i - 1], scan->truth_index[k]);
  }
}

void SimulateInfraredScan(const SensorSpec& spec, const MeasurementModel<6>& model,
                          std::span<const TruthTrajectory> truth, RandomStream& random,
                          Scan* scan) {
  for (size_t j = 0; j < truth.size(); ++j) {
    const double since_launch_s = (scan->measurement_time - truth[j].launch_time).seconds();
    if (since_launch_s < 0.0 || since_launch_s > truth[j].burnout_time_s) continue;
    const std::optional<Vector<6>> state = truth[j].StateAt(scan->measurement_time);
    if (!state || !model.Covers(*state)) continue;
    if (random.Uniform() >= spec.infrared.detection_probability) continue;
    MeasurementVector z = model.Sample(*state, random);
    z(0) += spec.infrared.bias_rad[0];
    z(1) += spec.infrared.bias_rad[1];
    scan->measurements.push_back(z);
    scan->truth_index.push_back(static_cast<int>(j));
  }
}

}  // namespace

std::optional<Vector<6>> TruthTrajectory::StateAt(UtcTime time) const {
  if (samples.empty()) return std::nullopt;
  const double t = (time - launch_time).seconds();
  if (t < samples.front().t_s || t > samples.back().t_s) return std::nullopt;
  Vector<6> state;
  if (samples.size() == 1) {
    state << samples[0].ecef_position, samples[0].ecef_velocity;
    return state;
  }
  // The interval [t0, t1] holding t.
  auto upper =
      std::upper_bound(samples.begin(), samples.end(), t,
                       [](double value, const flight::FlightSample& s) { return value < s.t_s; });
  if (upper == samples.end()) --upper;
  const flight::FlightSample& a = *(upper - 1);
  const flight::FlightSample& b = *upper;
  const double h = b.t_s - a.t_s;
  const double s = (t - a.t_s) / h;
  const double s2 = s * s, s3 = s2 * s;
  // Cubic Hermite basis and its derivative with respect to s.
  const double h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s;
  const double h01 = -2 * s3 + 3 * s2, h11 = s3 - s2;
  const double d00 = 6 * s2 - 6 * s, d10 = 3 * s2 - 4 * s + 1;
  const double d01 = -6 * s2 + 6 * s, d11 = 3 * s2 - 2 * s;
  state.head<3>() = h00 * a.ecef_position + h10 * h * a.ecef_velocity + h01 * b.ecef_position +
                    h11 * h * b.ecef_velocity;
  state.tail<3>() = (d00 * a.ecef_position + d01 * b.ecef_position) / h + d10 * a.ecef_velocity +
                    d11 * b.ecef_velocity;
  return state;
}

bool SimulationOptions::IsValid(std::string* error) const {
  if (!(std::isfinite(duration_s) && duration_s >= 0.0))
    return Invalid(error, "duration_s must be finite and >= 0, got " + std::to_string(duration_s));
  return true;
}

std::vector<Scan> SimulateSensors(std::span<const SensorSpec> sensors,
                                  std::span<const TruthTrajectory> truth,
                                  const SimulationOptions& options) {
  {
    std::string error;
    TRILINK_CHECK(options.IsValid(&error)) << error;
  }
  std::vector<Scan> scans;
  for (size_t index = 0; index < sensors.size(); ++index) {
    const SensorSpec& spec = sensors[index];
    std::string error;
    TRILINK_CHECK(spec.IsValid(&error)) << "sensor '" << spec.name << "': " << error;
    for (size_t other = 0; other < index; ++other) {
      TRILINK_CHECK(sensors[other].name != spec.name) << "duplicate sensor name " << spec.name;
    }
    RandomStream random(options.seed, "sensor/" + spec.name);

    // A fixed pose gives one model shared by all scans of the sensor.
    std::shared_ptr<const RadarMeasurement<6>> radar_model;
    std::shared_ptr<const MeasurementModel<6>> fixed_model;
    ScanFrame fixed_frame;
    fixed_frame.type = spec.type;
    if (spec.type == SensorType::kRadar) {
      fixed_frame.radar = spec.radar.config;
      radar_model = std::make_shared<const RadarMeasurement<6>>(spec.radar.config);
      fixed_model = radar_model;
    } else if (spec.infrared.geostationary_longitude_rad) {
      fixed_frame.infrared = {.satellite_ecef_position = GeostationaryEcefPosition(
                                  *spec.infrared.geostationary_longitude_rad),
                              .angle_sigma_rad = spec.infrared.angle_sigma_rad};
      fixed_model = MakeModel<6>(fixed_frame);
    }

    for (int64_t k = 0;; ++k) {
      const double t_s = spec.scan_offset_s + static_cast<double>(k) * spec.revisit_s;
      if (t_s > options.duration_s) break;
      Scan scan;
      scan.sensor_index = static_cast<int>(index);
      scan.measurement_time = options.epoch + Duration::Seconds(t_s);
      scan.report_time = scan.measurement_time + Duration::Seconds(spec.latency_s);
      if (fixed_model) {
        scan.frame = fixed_frame;
        scan.model = fixed_model;
      } else {
        scan.frame.type = SensorType::kInfrared;
        scan.frame.infrared = {
            .satellite_ecef_position = SatelliteEcefPosition(spec.infrared, scan.measurement_time),
            .angle_sigma_rad = spec.infrared.angle_sigma_rad};
        scan.model = MakeModel<6>(scan.frame);
      }
      if (spec.type == SensorType::kRadar) {
        SimulateRadarScan(spec, *radar_model, truth, random, &scan);
      } else {
        SimulateInfraredScan(spec, *scan.model, truth, random, &scan);
      }
      scans.push_back(std::move(scan));
    }
  }
  std::stable_sort(scans.begin(), scans.end(), [](const Scan& a, const Scan& b) {
    return std::tie(a.report_time, a.sensor_index, a.measurement_time) <
           std::tie(b.report_time, b.sensor_index, b.measurement_time);
  });
  return scans;
}

}  // namespace trilink::sensors
