#include "trilink/tracking/reference_benchmark.h"

#include <Eigen/Cholesky>
#include <cmath>
#include <utility>

#include "trilink/core/error.h"
#include "trilink/core/random.h"
#include "trilink/tracking/planar.h"

namespace trilink::tracking {

bool ReferenceBenchmarkOptions::IsValid(std::string* error) const {
  const auto positive = [](double x) { return std::isfinite(x) && x > 0.0; };
  if (targets < 1) return Invalid(error, "targets must be >= 1");
  if (scans < 1) return Invalid(error, "scans must be >= 1");
  if (!positive(scan_interval_s)) return Invalid(error, "scan_interval_s must be finite and > 0");
  if (!positive(acceleration_density))
    return Invalid(error, "acceleration_density must be finite and > 0");
  if (!positive(velocity_sigma_m_s))
    return Invalid(error, "velocity_sigma_m_s must be finite and > 0");
  if (!(detection_probability >= 0.0 && detection_probability <= 1.0))
    return Invalid(error, "detection_probability must be in [0, 1]");
  if (!(std::isfinite(false_alarms_per_target) && false_alarms_per_target >= 0.0))
    return Invalid(error, "false_alarms_per_target must be finite and >= 0");
  if (!positive(position_sigma_m)) return Invalid(error, "position_sigma_m must be finite and > 0");
  if (!positive(bearing_sigma_rad))
    return Invalid(error, "bearing_sigma_rad must be finite and > 0");
  if (!positive(range_sigma_m)) return Invalid(error, "range_sigma_m must be finite and > 0");
  return true;
}

namespace {

// The square the targets start in and the false alarms fall in.
struct Area {
  double side, x_low, y_low;
};
Area AreaOf(const ReferenceBenchmarkOptions& options) {
  const double side = 2000.0 * std::sqrt(options.targets / 10.0);
  return {side, 20000.0 - side / 2, -side / 2};
}

// The options, checked before any member is built from them.
const ReferenceBenchmarkOptions& Checked(const ReferenceBenchmarkOptions& options) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
  return options;
}

}  // namespace

ReferenceBenchmarkGenerator::ReferenceBenchmarkGenerator(const ReferenceBenchmarkOptions& options)
    : options_(Checked(options)),
      motion_(options.acceleration_density),
      position_sensor_(options.position_sigma_m),
      polar_sensor_(options.bearing_sigma_rad, options.range_sigma_m),
      start_(options.seed, "reference-benchmark/start"),
      motion_noise_(options.seed, "reference-benchmark/motion"),
      detection_(options.seed, "reference-benchmark/detection"),
      measurement_noise_(options.seed, "reference-benchmark/measurement"),
      clutter_(options.seed, "reference-benchmark/clutter"),
      order_(options.seed, "reference-benchmark/order") {
  noise_root_ = motion_.ProcessNoise(Vector<4>::Zero(), options.scan_interval_s).llt().matrixL();
  const Area area = AreaOf(options);
  truth_.resize(static_cast<size_t>(options.targets));
  for (Vector<4>& x : truth_) {
    x(0) = start_.Uniform(area.x_low, area.x_low + area.side);
    x(1) = start_.Uniform(area.y_low, area.y_low + area.side);
    x(2) = start_.Normal(0.0, options.velocity_sigma_m_s);
    x(3) = start_.Normal(0.0, options.velocity_sigma_m_s);
  }
}

const ReferenceScan& ReferenceBenchmarkGenerator::Next() {
  TRILINK_CHECK(!done()) << "all " << options_.scans << " scans were generated";
  const sensors::MeasurementModel<4>& sensor =
      options_.measurement == PlanarMeasurement::kPosition
          ? static_cast<const sensors::MeasurementModel<4>&>(position_sensor_)
          : polar_sensor_;
  const Area area = AreaOf(options_);
  const int k = next_++;
  scan_.time_s = k * options_.scan_interval_s;
  if (k > 0) {
    for (Vector<4>& x : truth_) {
      Vector<4> unit;
      for (int i = 0; i < 4; ++i) unit(i) = motion_noise_.Normal();
      x = motion_.Propagate(x, options_.scan_interval_s) + noise_root_ * unit;
    }
  }
  scan_.truth = truth_;
  scan_.detections.clear();
  for (int id = 0; id < options_.targets; ++id) {
    if (detection_.Uniform() >= options_.detection_probability) continue;
    scan_.detections.push_back(
        {sensor.Sample(truth_[static_cast<size_t>(id)], measurement_noise_), id});
  }
  const int64_t false_alarms =
      clutter_.Poisson(options_.false_alarms_per_target * options_.targets);
  for (int64_t f = 0; f < false_alarms; ++f) {
    Vector<4> point = Vector<4>::Zero();
    point(0) = clutter_.Uniform(area.x_low, area.x_low + area.side);
    point(1) = clutter_.Uniform(area.y_low, area.y_low + area.side);
    scan_.detections.push_back({sensor.Predict(point), -1});
  }
  // Shuffle (Fisher–Yates) so that the order of a scan's detections tells
  // nothing about which are targets.
  for (size_t i = scan_.detections.size(); i > 1; --i) {
    const size_t j = static_cast<size_t>(order_.NextBits() % i);
    std::swap(scan_.detections[i - 1], scan_.detections[j]);
  }
  return scan_;
}

ReferenceBenchmark MakeReferenceBenchmark(const ReferenceBenchmarkOptions& options) {
  ReferenceBenchmarkGenerator generator(options);
  ReferenceBenchmark benchmark{options, {}};
  benchmark.scans.reserve(static_cast<size_t>(options.scans));
  while (!generator.done()) benchmark.scans.push_back(generator.Next());
  return benchmark;
}

}  // namespace trilink::tracking
