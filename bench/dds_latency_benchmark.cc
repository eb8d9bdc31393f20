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
//       node takes the scan (tracker, local tracks, publication) and stops,
//       per local track, when KR's fusion has taken that update (KR waits
//       on the bus and polls). The scans are played as fast as the nodes
//       go, one at a time (each scan's tracks are all fused before the
//       next), so the bus is never loaded beyond a 1 s update of N tracks.
//       Counters: p50_ms, p99_ms, max_ms over every track update of the
//       window; node_p50_ms, the median time JP's node takes for a scan
//       (tracker and publication of all its tracks, which every update of
//       the scan waits for); bus_p50_ms and bus_p99_ms from the end of
//       that to KR's fusion (DDS, security and fusion); tracks = updates
//       per scan.
//
// Usage (docs/performance.md has the figures):
//   build/bench/dds_latency_benchmark
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
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

  std::vector<double> latencies_ms, bus_ms, tracker_ms;
  Clock::time_point start, published;
  bool timing = false;
  kr.OnFused([&](const fusion::SystemTrack&) {
    if (!timing) return;
    const Clock::time_point now = Clock::now();
    latencies_ms.push_back(std::chrono::duration<double, std::milli>(now - start).count());
    bus_ms.push_back(std::chrono::duration<double, std::milli>(now - published).count());
  });
  // One scan through both nodes: JP tracks and publishes, KR takes every
  // message JP sent.
  auto share = [&](const tracking::SensorScan& scan) {
    start = Clock::now();
    jp.OnScan(scan);
    published = Clock::now();
    if (timing)
      tracker_ms.push_back(std::chrono::duration<double, std::milli>(published - start).count());
    const int64_t sent = jp.counts().tracks_published;
    while (kr.counts().tracks_received < sent) {
      kr_bus.Wait(1.0);
      kr.Poll(scan.report_time);
    }
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
  if (latencies_ms.empty()) {
    state.SkipWithError("no track update was timed");
    return;
  }
  state.counters["p50_ms"] = Percentile(latencies_ms, 0.50);
  state.counters["p99_ms"] = Percentile(latencies_ms, 0.99);
  state.counters["max_ms"] = *std::max_element(latencies_ms.begin(), latencies_ms.end());
  state.counters["bus_p50_ms"] = Percentile(bus_ms, 0.50);
  state.counters["bus_p99_ms"] = Percentile(bus_ms, 0.99);
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
