// Benchmark of the national (ballistic) tracker: the time of one scan in
// steady state with 100 missiles in flight, seen by 4 radars.
//
//   BM_BallisticTrackerScan  tracking::NationalTracker (IMM-EKF over the
//       boost, ballistic and manoeuvre modes on the 10-state r, v, a, 1/β;
//       GNN; radar two-point initiation) on the scans of 4 radars. 100
//       minimum-energy missiles of about 600 km (one reconstructed launch
//       flown from sites spread over 2° × 2° around 39.5° N 127.5° E, headings
//       60°–100°, launches spread over the first 100 s); radars at
//       illustrative sites around the Sea of Japan (those of the seed
//       scenario), revisit 2 s, 1 s latency, one false alarm per scan on
//       average. The tracker is warmed up on the scans before t = 150 s
//       (every missile has a confirmed track by then); the timed scans are
//       those of [150 s, 350 s), when all 100 are in flight, one per
//       iteration; at the end of the window the tracker is rebuilt and warmed
//       up again outside the timing. items/s = scans per second; counters:
//       tracks and detections per scan.
//
// Usage (docs/performance.md has the figures):
//   build/bench/ballistic_tracking_benchmark --benchmark_repetitions=3
//       --benchmark_report_aggregates_only=true      (one line)

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "missile_scene.h"
#include "trilink/tracking/national_tracker.h"

namespace trilink::tracking {
namespace {

constexpr int kMissiles = 100;
constexpr double kWarmUpEndS = 150.0;
constexpr double kWindowEndS = 350.0;

struct Scene {
  std::vector<tracking::SensorScan> scans;
  size_t warm_up_end = 0;  // first scan of the timed window
  size_t window_end = 0;
};

const Scene& MakeScene() {
  static const Scene* scene = [] {
    auto* s = new Scene;
    const bench::MissileScene missiles = bench::MakeMissileScene(
        kMissiles, {bench::BenchRadar("kr", 37.75, 128.85, 400, 0.5, 2.0),
                    bench::BenchRadar("sado", 38.05, 138.35, 150, 1.0, 2.0),
                    bench::BenchRadar("oki", 36.25, 133.30, 200, 1.5, 2.0),
                    bench::BenchRadar("ship", 39.60, 134.20, 25, 0.0, 2.0)});
    s->scans = missiles.scans;
    const UtcTime epoch = missiles.epoch;
    for (size_t k = 0; k < s->scans.size(); ++k) {
      const double t = (s->scans[k].report_time - epoch).seconds();
      if (t < kWarmUpEndS) s->warm_up_end = k + 1;
      if (t < kWindowEndS) s->window_end = k + 1;
    }
    return s;
  }();
  return *scene;
}

std::unique_ptr<NationalTracker> WarmTracker(const Scene& scene) {
  auto tracker = std::make_unique<NationalTracker>(NationalTrackerOptions{});
  for (size_t k = 0; k < scene.warm_up_end; ++k) tracker->Process(scene.scans[k]);
  return tracker;
}

void BM_BallisticTrackerScan(benchmark::State& state) {
  const Scene& scene = MakeScene();
  std::unique_ptr<NationalTracker> tracker = WarmTracker(scene);
  size_t k = scene.warm_up_end;
  double tracks = 0.0, detections = 0.0;
  for (auto _ : state) {
    if (k == scene.window_end) {
      state.PauseTiming();
      tracker = WarmTracker(scene);
      k = scene.warm_up_end;
      state.ResumeTiming();
    }
    const ScanSummary& summary = tracker->Process(scene.scans[k]);
    benchmark::DoNotOptimize(summary);
    tracks += static_cast<double>(tracker->tracks().size());
    detections += static_cast<double>(scene.scans[k].measurements.size());
    ++k;
  }
  state.SetItemsProcessed(state.iterations());
  const double n = static_cast<double>(state.iterations());
  state.counters["tracks"] = tracks / n;
  state.counters["detections"] = detections / n;
}
BENCHMARK(BM_BallisticTrackerScan)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace trilink::tracking

BENCHMARK_MAIN();
