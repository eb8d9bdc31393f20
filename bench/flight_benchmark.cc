// Benchmarks of the flight module: whole trajectories, whole reconstructions
// and the two hot calls inside the equations of motion.
//
//   BM_SimulateFlight  one full-physics flight (WGS-84, rotation, J2, 1976
//                      atmosphere, staged boost) of a reconstructed launch;
//                      items/s = trajectories per second.
//   BM_Reconstruct     the whole solver for the same report (every nested
//                      root find and the final flight); items/s =
//                      reconstructions per second.
//   BM_StandardDensity1976, BM_GravityJ2
//                      the density and gravity calls made at every
//                      right-hand-side evaluation.
//
// The two reference launches are the ones of reconstruct_test.cc: from
// 39.2°N 127.5°E on azimuth 75°, 800 km, as a quasi-ballistic flight with a
// 50 km apogee in 600 s, and as a minimum-energy flight.
//
// Usage (docs/performance.md has the figures):
//   build/bench/flight_benchmark --benchmark_repetitions=3 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "trilink/core/random.h"
#include "trilink/core/units.h"
#include "trilink/flight/atmosphere.h"
#include "trilink/flight/gravity.h"
#include "trilink/flight/reconstruct.h"
#include "trilink/flight/trajectory.h"
#include "trilink/geo/wgs84.h"

namespace trilink::flight {
namespace {

enum class Case { kQuasiBallistic800Km, kMinimumEnergy800Km };

const char* CaseLabel(Case c) {
  return c == Case::kQuasiBallistic800Km ? "quasi-ballistic 800 km" : "minimum-energy 800 km";
}

ReconstructionRequest Request(Case c) {
  ReconstructionRequest request;
  request.site = geo::Geodetic::FromDegrees(39.2, 127.5);
  request.azimuth_rad = DegToRad(75.0);
  request.range_m = KmToM(800.0);
  if (c == Case::kQuasiBallistic800Km) {
    request.apogee_m = KmToM(50.0);
    request.flight_time_s = 600.0;  // profile auto: the solver picks quasi-ballistic
  } else {
    request.profile = Profile::kMinimumEnergy;
  }
  return request;
}

// Each case is reconstructed once per process: it takes far longer than the
// flight being timed, and Google Benchmark calls a benchmark function several
// times (iteration-count estimation, repetitions).
const Reconstruction& Reconstructed(Case c) {
  static const Reconstruction quasi = Reconstruct(Request(Case::kQuasiBallistic800Km), {});
  static const Reconstruction minimum_energy = Reconstruct(Request(Case::kMinimumEnergy800Km), {});
  return c == Case::kQuasiBallistic800Km ? quasi : minimum_energy;
}

void BM_SimulateFlight(benchmark::State& state, Case c) {
  const Reconstruction& r = Reconstructed(c);
  if (!r.ok()) {
    state.SkipWithError(("reconstruction failed: " + r.error).c_str());
    return;
  }
  const ReconstructionRequest request = Request(c);
  const FlightOptions options{};
  long steps = 0;
  for (auto _ : state) {
    FlightResult flight = SimulateFlight(request.site, r.vehicle, r.controls, options);
    steps = flight.integrator_steps;
    benchmark::DoNotOptimize(flight);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(CaseLabel(c));
  // Accepted Dormand–Prince steps of one flight (the same every iteration)
  // and their rate, to separate "more steps" from "dearer steps".
  state.counters["steps"] = static_cast<double>(steps);
  state.counters["steps_per_s"] =
      benchmark::Counter(static_cast<double>(steps) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_SimulateFlight, quasi_ballistic_800km, Case::kQuasiBallistic800Km);
BENCHMARK_CAPTURE(BM_SimulateFlight, minimum_energy_800km, Case::kMinimumEnergy800Km);

void BM_Reconstruct(benchmark::State& state, Case c) {
  const ReconstructionRequest request = Request(c);
  long simulations = 0;
  for (auto _ : state) {
    Reconstruction r = Reconstruct(request, {});
    if (!r.ok()) {
      state.SkipWithError(("reconstruction failed: " + r.error).c_str());
      break;
    }
    simulations = r.simulations;
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(CaseLabel(c));
  // Flights the solver simulated (many stop at apogee, so they are cheaper
  // than the timed flight of BM_SimulateFlight).
  state.counters["simulations"] = static_cast<double>(simulations);
}
BENCHMARK_CAPTURE(BM_Reconstruct, quasi_ballistic_800km, Case::kQuasiBallistic800Km)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Reconstruct, minimum_energy_800km, Case::kMinimumEnergy800Km)
    ->Unit(benchmark::kMillisecond);

// Inputs are drawn once from a seeded stream and cycled through, so that the
// layer and table lookups see a trajectory-like spread of altitudes rather
// than one altitude the branch predictor learns.
constexpr std::size_t kSamples = 4096;  // a power of two: the index wraps with a mask

// Altitudes uniform in [-5 km, top]; Arg(0) is the top in km: 86 covers the
// seven exact layers, 1000 adds the Table I interpolation above 86 km.
void BM_StandardDensity1976(benchmark::State& state) {
  RandomStream stream(1, "bench/density");
  const double top_m = KmToM(static_cast<double>(state.range(0)));
  std::vector<double> altitudes_m(kSamples);
  for (double& h : altitudes_m) h = stream.Uniform(-5'000.0, top_m);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(StandardDensity1976(altitudes_m[i]));
    i = (i + 1) & (kSamples - 1);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StandardDensity1976)->Arg(86)->Arg(1000);

// ECEF positions at random directions and heights in [0, 1000 km] above the
// equatorial radius: the J2 acceleration of the equations of motion.
void BM_GravityJ2(benchmark::State& state) {
  RandomStream stream(1, "bench/gravity");
  const GravityField field = GravityField::Wgs84J2();
  std::vector<Eigen::Vector3d> positions(kSamples);
  for (Eigen::Vector3d& r : positions) {
    const double z = stream.Uniform(-1.0, 1.0);
    const double longitude = stream.Uniform(-kPi, kPi);
    const double radius = geo::kWgs84SemiMajorAxis + stream.Uniform(0.0, 1'000'000.0);
    const double xy = std::sqrt(1.0 - z * z);
    r = radius * Eigen::Vector3d(xy * std::cos(longitude), xy * std::sin(longitude), z);
  }
  std::size_t i = 0;
  for (auto _ : state) {
    Eigen::Vector3d g = field.Acceleration(positions[i]);
    benchmark::DoNotOptimize(g);
    i = (i + 1) & (kSamples - 1);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GravityJ2);

}  // namespace
}  // namespace trilink::flight

BENCHMARK_MAIN();
