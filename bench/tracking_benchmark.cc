// The reference multi-target benchmark (tracking/reference_benchmark.h) on
// the tracker `trilink track --model cv2d` runs: steady-state scan time,
// scans 50–99 of 100, with the tracker warmed up by scans 0–49.
//
//   build/bench/tracking_benchmark --benchmark_repetitions=3
//   --benchmark_report_aggregates_only=true
//
// Arguments: targets N, measurement (0 = x/y, 1 = bearing/range). The
// counters give the steady per-scan time, the detections per scan and the
// tracks (tentative and confirmed) the tracker carries.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "trilink/tracking/planar_tracker.h"
#include "trilink/tracking/reference_benchmark.h"

namespace trilink::tracking {
namespace {

constexpr int kWarmUpScans = 50;

// Scans of the benchmark as tracker input, generated once per case.
const std::vector<Scan<4>>& Scans(
    int targets, PlanarMeasurement measurement,
    const std::shared_ptr<const sensors::MeasurementModel<4>>& model) {
  static std::map<std::pair<int, int>, std::vector<Scan<4>>> cache;
  auto [it, inserted] = cache.try_emplace({targets, static_cast<int>(measurement)});
  if (inserted) {
    const ReferenceBenchmark data =
        MakeReferenceBenchmark({.targets = targets, .measurement = measurement, .seed = 1});
    for (const ReferenceScan& reference : data.scans) {
      Scan<4> scan{
          UtcTime::FromNanoseconds(static_cast<int64_t>(reference.time_s * 1e9)), 0, model, {}};
      for (const ReferenceDetection& detection : reference.detections)
        scan.measurements.push_back(detection.measurement);
      it->second.push_back(std::move(scan));
    }
  }
  return it->second;
}

void BM_ReferenceTrackerScan(benchmark::State& state) {
  const int targets = static_cast<int>(state.range(0));
  const PlanarMeasurement measurement =
      state.range(1) == 0 ? PlanarMeasurement::kPosition : PlanarMeasurement::kBearingRange;
  double detections = 0.0, tracks = 0.0;
  int64_t scans = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto tracker =
        std::make_unique<PlanarTracker>(PlanarTrackerOptions{.measurement = measurement});
    const std::vector<Scan<4>>& input = Scans(targets, measurement, tracker->model());
    for (int k = 0; k < kWarmUpScans; ++k) tracker->Process(input[static_cast<size_t>(k)]);
    state.ResumeTiming();
    for (size_t k = kWarmUpScans; k < input.size(); ++k) {
      tracker->Process(input[k]);
      detections += static_cast<double>(input[k].measurements.size());
      tracks += static_cast<double>(tracker->tracker().tracks().size());
      ++scans;
    }
    state.PauseTiming();
    tracker.reset();  // not timed
    state.ResumeTiming();
  }
  state.SetItemsProcessed(scans);
  // Seconds per scan (printed with an SI prefix: "1.7m" is 1.7 ms).
  state.counters["scan_time"] = benchmark::Counter(
      static_cast<double>(scans), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["detections_per_scan"] = detections / static_cast<double>(scans);
  state.counters["tracks"] = tracks / static_cast<double>(scans);
}
BENCHMARK(BM_ReferenceTrackerScan)
    ->ArgsProduct({{100, 300, 1000, 3000, 10000}, {0, 1}})
    ->ArgNames({"targets", "bearing_range"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace trilink::tracking

BENCHMARK_MAIN();
