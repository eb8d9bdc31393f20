// Benchmarks of the assessment: what the warning centre runs at every track
// update.
//
//   BM_PredictImpact   one impact prediction: 21 sigma points of a 10-state
//                      Gaussian flown through the full physics to the
//                      ground (impact.h); items/s = predictions per second.
//                      From the true state at half the flight of a
//                      minimum-energy 1000 km and 3000 km flight (σ 300 m,
//                      20 m/s: a radar track).
//   BM_AreaProbabilities
//                      the impact Gaussian integrated over Japan's land and
//                      prefectures (geo::GaussianAreaProbabilities with the
//                      warning centre's 0.15 σ grid), for a 95 % ellipse of
//                      about 60 by 20 km off Aomori. Needs the region's areas
//                      (scripts/setup.sh); skipped with an error without them.
//
// Usage (docs/performance.md has the figures):
//   build/bench/assess_benchmark --benchmark_repetitions=3 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "trilink/assess/impact.h"
#include "trilink/core/units.h"
#include "trilink/flight/reconstruct.h"
#include "trilink/geo/areas.h"

namespace trilink::assess {
namespace {

constexpr int kN = tracking::kBallisticStateSize;

// The state at half the flight of a minimum-energy flight of `range_km`
// from 39.2°N 127.5°E on azimuth 75°, reconstructed once per range.
Gaussian<kN> HalfFlightState(double range_km, std::string* error) {
  flight::ReconstructionRequest request;
  request.site = geo::Geodetic::FromDegrees(39.2, 127.5);
  request.azimuth_rad = DegToRad(75.0);
  request.range_m = KmToM(range_km);
  request.profile = flight::Profile::kMinimumEnergy;
  const flight::Reconstruction r = flight::Reconstruct(request, {.sample_interval_s = 1.0});
  Gaussian<kN> state;
  if (!r.ok()) {
    *error = "reconstruction failed: " + r.error;
    return state;
  }
  const flight::FlightSample& sample = r.flight.samples[r.flight.samples.size() / 2];
  state.mean.head<3>() = sample.ecef_position;
  state.mean.segment<3>(3) = sample.ecef_velocity;
  state.mean(tracking::kBallisticInverseCoefficient) =
      1.0 / r.vehicle.payload_ballistic_coefficient_kg_m2;
  state.covariance = Vector<kN>(9e4, 9e4, 9e4, 400, 400, 400, 1e-2, 1e-2, 1e-2, 1e-10).asDiagonal();
  return state;
}

void BM_PredictImpact(benchmark::State& state) {
  std::string error;
  const Gaussian<kN> track = HalfFlightState(static_cast<double>(state.range(0)), &error);
  if (!error.empty()) {
    state.SkipWithError(error.c_str());
    return;
  }
  const PropagationOptions options;
  for (auto _ : state) {
    ImpactPropagation p = PredictImpact(track, UtcTime(), options);
    if (!p.ok()) {
      state.SkipWithError("no impact");
      break;
    }
    benchmark::DoNotOptimize(p);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::to_string(state.range(0)) + " km minimum-energy, from half flight");
}
BENCHMARK(BM_PredictImpact)->Arg(1000)->Arg(3000)->Unit(benchmark::kMillisecond);

void BM_AreaProbabilities(benchmark::State& state) {
  geo::AreaSet japan;
  try {
    const geo::AreaSet region = geo::LoadAreas(geo::DefaultAreasPath());
    std::vector<geo::Area> areas;
    for (size_t i = 0; i < region.size(); ++i) {
      if (region.area(i).country == "JPN") areas.push_back(region.area(i));
    }
    japan = geo::AreaSet(std::move(areas), region.attribution());
  } catch (const std::exception& e) {
    state.SkipWithError((std::string("areas: ") + e.what()).c_str());
    return;
  }
  // 95 % ellipse ≈ 2.45 σ: σ 25 km along 60°, 8 km across, 60 km west of
  // Aomori's coast.
  const geo::Geodetic centre = geo::Geodetic::FromDegrees(40.9, 139.3);
  const double along = 25e3, across = 8e3, azimuth = DegToRad(60.0);
  const Eigen::Vector2d u(std::sin(azimuth), std::cos(azimuth)), w(u(1), -u(0));
  const Eigen::Matrix2d covariance =
      along * along * u * u.transpose() + across * across * w * w.transpose();
  const geo::GaussianIntegrationOptions options{.grid_step_sigma = 0.15, .extent_sigma = 5.5};
  size_t reached = 0;
  for (auto _ : state) {
    const std::vector<geo::AreaProbability> p =
        geo::GaussianAreaProbabilities(japan, centre, covariance, options);
    reached = p.size();
    benchmark::DoNotOptimize(p);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["areas"] = static_cast<double>(japan.size());
  state.counters["areas_reached"] = static_cast<double>(reached);
}
BENCHMARK(BM_AreaProbabilities)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace trilink::assess

BENCHMARK_MAIN();
