// Latency of sharing over the secured DDS bus: from a scan entering one
// partner's node to the fused track at its partner.
//
//   BM_DdsShareLatency/N  Two nodes (node::Node, no warning centre), JP and
//       KR, each on its own secured Cyclone DDS participant (DDS Security:
//       PKI-DH authentication, access control, AES-GCM encryption of every
//       message; a PKI from bus::InitPki) over loopback, in this process.
//       JP owns one radar (revisit 1 s) watching N missiles
//       (missile_scene.h); its tracker runs on the scans up to t = 150 s
//       (every missile tracked; KR fuses what JP shares meanwhile), then
//       on those of [150 s, 350 s), each timed: the clock starts when JP's
//       node takes the scan (tracker, local tracks, publication, then its
//       own fusion) and stops, per local track, when KR's fusion has taken
//       that update. KR runs in a thread of its own, as it would in its own
//       process: it waits on the bus and polls as soon as a sample arrives,
//       while JP goes on. The scans are played as fast as the nodes go, one
//       at a time (each scan's tracks are all fused at KR before the next),
//       so the bus is never loaded beyond a 1 s update of N tracks.
//       Counters: p50_ms, p99_ms, max_ms over every track update of the
//       window; node_p50_ms, the median time JP's node takes for a scan
//       (tracker, publication and its own fusion); early_share, the share
//       of updates KR had fused before JP's node was done with the scan;
//       tracks = updates per scan.
//
// Usage (docs/performance.md has the figures):
//   build/bench/dds_latency_benchmark
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "missile_scene.h"
#include "trilink/bus/dds_bus.h"
#include "trilink/bus/pki.h"
#include "trilink/core/error.h"
#include "trilink/node/node.h"

namespace trilink::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kWarmUpEndS = 150.0, kWindowEndS = 350.0;

// A PKI for JP and KR, made once, removed at exit.
const std::filesystem::path& Pki() {
  static const struct Folder {
    std::filesystem::path path;
    Folder() {
      path = std::filesystem::temp_directory_path() / fmt::format("trilink-latency-{}", getpid());
      std::filesystem::remove_all(path);
      bus::InitPki(path, {.partners = {"JP", "KR"}, .feeder = ""});
    }
    ~Folder() { std::filesystem::remove_all(path); }
  } folder;
  return folder.path;
}

double Percentile(std::vector<double> values, double p) {
  TRILINK_CHECK(!values.empty());
  std::sort(values.begin(), values.end());
  const size_t i = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(i, values.size() - 1)];
}

void BM_DdsShareLatency(benchmark::State& state) {
  const int missiles = static_cast<int>(state.range(0));
  const MissileScene scene =
      MakeMissileScene(missiles, {BenchRadar("kr", 37.75, 128.85, 400, 0.5, 1.0)});
  auto options = [&](const std::string& partner, const std::string& other, uint32_t domain) {
    return bus::DdsOptions{
        .domain_id = domain,
        .discovery_tag = fmt::format("trilink-latency-{}-{}", getpid(), missiles),
        .security = bus::SecurityFromPki(Pki(), partner),
        .partners = {other}};
  };
  const uint32_t domain = static_cast<uint32_t>(missiles % 200);
  bus::DdsBus jp_bus("JP", options("JP", "KR", domain)), kr_bus("KR", options("KR", "JP", domain));
  TRILINK_CHECK(jp_bus.WaitForMatches(1, 1, 30.0) && kr_bus.WaitForMatches(1, 1, 30.0))
      << "the secured participants did not meet";
  node::Node jp({.partner = "JP", .partners = {"KR"}}, jp_bus, nullptr, nullptr);
  node::Node kr({.partner = "KR", .partners = {"JP"}}, kr_bus, nullptr, nullptr);

  std::vector<double> latencies_ms, tracker_ms;  // KR's thread's, JP's
  // Steady-clock ticks: when JP took the current scan, and when its node
  // was done with it (0: not yet).
  std::atomic<Clock::rep> start{0}, done{0};
  int64_t early = 0;  // KR's thread: updates fused before `done`
  std::atomic<bool> timing{false}, stop{false};
  std::atomic<int64_t> sent{0};       // tracks JP published, all scans
  std::atomic<int64_t> scan_time{0};  // the scan's report time (ns): KR's clock
  std::mutex mutex;
  std::condition_variable caught_up;
  int64_t received = 0;  // under `mutex`: tracks KR has taken
  // The times of KR's fused updates of the batch it is polling.
  std::vector<Clock::time_point> fused_at;
  kr.OnFused([&](const fusion::SystemTrack&) {
    if (timing) fused_at.push_back(Clock::now());
  });
  std::thread kr_thread([&] {
    while (!stop) {
      if (!kr_bus.Wait(0.05)) continue;
      kr.Poll(UtcTime::FromNanoseconds(scan_time));
      const Clock::time_point begun{Clock::duration(start)};
      const Clock::rep finished = done;
      for (const Clock::time_point at : fused_at) {
        latencies_ms.push_back(std::chrono::duration<double, std::milli>(at - begun).count());
        early += finished == 0 || at.time_since_epoch().count() < finished;
      }
      fused_at.clear();
      {
        std::lock_guard lock(mutex);
        received = kr.counts().tracks_received;
      }
      caught_up.notify_one();
    }
  });
  // One scan through both nodes: JP tracks, publishes and fuses its own
  // tracks while KR takes what JP sends; the next scan waits for KR.
  auto share = [&](const tracking::SensorScan& scan) {
    scan_time = scan.report_time.nanoseconds_since_epoch();
    done = 0;
    start = Clock::now().time_since_epoch().count();
    jp.OnScan(scan);
    const Clock::time_point after = Clock::now();
    done = after.time_since_epoch().count();
    if (timing)
      tracker_ms.push_back(std::chrono::duration<double, std::milli>(
                               after - Clock::time_point(Clock::duration(start)))
                               .count());
    sent = jp.counts().tracks_published;
    std::unique_lock lock(mutex);
    caught_up.wait(lock, [&] { return received >= sent; });
  };
  size_t timed_scans = 0;
  for (auto _ : state) {
    for (const tracking::SensorScan& scan : scene.scans) {
      const double t = (scan.report_time - scene.epoch).seconds();
      if (t >= kWindowEndS) break;
      timing = t >= kWarmUpEndS;
      timed_scans += timing;
      share(scan);
    }
  }
  stop = true;
  kr_thread.join();
  if (latencies_ms.empty()) {
    state.SkipWithError("no track update was timed");
    return;
  }
  state.counters["p50_ms"] = Percentile(latencies_ms, 0.50);
  state.counters["p99_ms"] = Percentile(latencies_ms, 0.99);
  state.counters["max_ms"] = *std::max_element(latencies_ms.begin(), latencies_ms.end());
  state.counters["early_share"] =
      static_cast<double>(early) / static_cast<double>(latencies_ms.size());
  state.counters["node_p50_ms"] = Percentile(tracker_ms, 0.50);
  state.counters["tracks"] =
      static_cast<double>(latencies_ms.size()) / static_cast<double>(timed_scans);
}
BENCHMARK(BM_DdsShareLatency)
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

}  // namespace
}  // namespace trilink::bench

BENCHMARK_MAIN();
