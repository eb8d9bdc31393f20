#include "trilink/tracking/reference_benchmark.h"

#include <Eigen/Cholesky>
#include <cmath>
#include <utility>

#include "trilink/core/error.h"
#include "trilink/core/random.h"
#include "trilink/tracking/planar.h"

namespace trilink::tracking {

ReferenceBenchmark MakeReferenceBenchmark(const ReferenceBenchmarkOptions& options) {
  TRILINK_CHECK(options.targets >= 1 && options.scans >= 1) << "need targets and scans >= 1";
  ReferenceBenchmark benchmark{options, {}};
  const double side = 2000.0 * std::sqrt(options.targets / 10.0);
  const double x_low = 20000.0 - side / 2, y_low = -side / 2;
  const ConstantVelocity2d motion(options.acceleration_density);
  const SquareMatrix<4> noise_root =
      motion.ProcessNoise(Vector<4>::Zero(), options.scan_interval_s).llt().matrixL();
  const PlanarPosition position_sensor(options.position_sigma_m);
  const PlanarBearingRange polar_sensor(options.bearing_sigma_rad, options.range_sigma_m);
  const sensors::MeasurementModel<4>& sensor =
      options.measurement == PlanarMeasurement::kPosition
          ? static_cast<const sensors::MeasurementModel<4>&>(position_sensor)
          : polar_sensor;

  RandomStream start(options.seed, "reference-benchmark/start");
  RandomStream motion_noise(options.seed, "reference-benchmark/motion");
  RandomStream detection(options.seed, "reference-benchmark/detection");
  RandomStream measurement_noise(options.seed, "reference-benchmark/measurement");
  RandomStream clutter(options.seed, "reference-benchmark/clutter");
  RandomStream order(options.seed, "reference-benchmark/order");

  std::vector<Vector<4>> truth(static_cast<size_t>(options.targets));
  for (Vector<4>& x : truth) {
    x(0) = start.Uniform(x_low, x_low + side);
    x(1) = start.Uniform(y_low, y_low + side);
    x(2) = start.Normal(0.0, options.velocity_sigma_m_s);
    x(3) = start.Normal(0.0, options.velocity_sigma_m_s);
  }
  benchmark.scans.resize(static_cast<size_t>(options.scans));
  for (int k = 0; k < options.scans; ++k) {
    ReferenceScan& scan = benchmark.scans[static_cast<size_t>(k)];
    scan.time_s = k * options.scan_interval_s;
    if (k > 0) {
      for (Vector<4>& x : truth) {
        Vector<4> unit;
        for (int i = 0; i < 4; ++i) unit(i) = motion_noise.Normal();
        x = motion.Propagate(x, options.scan_interval_s) + noise_root * unit;
      }
    }
    scan.truth = truth;
    for (int id = 0; id < options.targets; ++id) {
      if (detection.Uniform() >= options.detection_probability) continue;
      scan.detections.push_back(
          {sensor.Sample(truth[static_cast<size_t>(id)], measurement_noise), id});
    }
    const int64_t false_alarms = clutter.Poisson(options.false_alarms_per_target * options.targets);
    for (int64_t f = 0; f < false_alarms; ++f) {
      Vector<4> point = Vector<4>::Zero();
      point(0) = clutter.Uniform(x_low, x_low + side);
      point(1) = clutter.Uniform(y_low, y_low + side);
      scan.detections.push_back({sensor.Predict(point), -1});
    }
    // Shuffle (Fisher–Yates) so that the order of a scan's detections tells
    // nothing about which are targets.
    for (size_t i = scan.detections.size(); i > 1; --i) {
      const size_t j = static_cast<size_t>(order.NextBits() % i);
      std::swap(scan.detections[i - 1], scan.detections[j]);
    }
  }
  return benchmark;
}

}  // namespace trilink::tracking
