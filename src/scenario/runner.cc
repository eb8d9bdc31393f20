#include "trilink/scenario/runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "trilink/core/error.h"
#include "trilink/core/random.h"
#include "trilink/core/units.h"

namespace trilink::scenario {

bool RunOptions::IsValid(std::string* error) const {
  if (!(std::isfinite(sample_interval_s) && sample_interval_s > 0.0))
    return Invalid(error, "sample_interval_s must be finite and > 0, got " +
                              std::to_string(sample_interval_s));
  return true;
}

ScenarioTruth RunScenario(const Scenario& scenario, const RunOptions& options) {
  {
    std::string error;
    TRILINK_CHECK(options.IsValid(&error)) << error;
  }
  size_t total = 0;
  for (const LaunchSpec& launch : scenario.launches) total += static_cast<size_t>(launch.count);

  ScenarioTruth truth;
  truth.missiles.reserve(total);
  for (size_t launch_index = 0; launch_index < scenario.launches.size(); ++launch_index) {
    const LaunchSpec& launch = scenario.launches[launch_index];
    for (int k = 1; k <= launch.count; ++k) {
      MissileTruth missile;
      missile.launch_name = launch.name;
      missile.number = k;
      missile.launch_time =
          scenario.epoch + Duration::Seconds(launch.time_s + (k - 1) * launch.interval_s);
      if (options.progress) options.progress(truth.missiles.size(), total, missile.Id());

      RandomStream stream(scenario.seed, fmt::format("launch/{}/{}", launch.name, k));
      const double range_scale = 1.0 + launch.spread * stream.Uniform(-1.0, 1.0);
      const double apogee_scale = 1.0 + launch.spread * stream.Uniform(-1.0, 1.0);

      flight::ReconstructionRequest request;
      request.site = launch.site;
      request.profile = launch.profile;
      if (launch.impact) {
        request.impact = *launch.impact;
        if (launch.range_km) request.range_m = KmToM(*launch.range_km);
      } else {
        request.azimuth_rad = DegToRad(*launch.azimuth_deg);
        request.range_m = KmToM(*launch.range_km) * range_scale;
      }
      if (launch.apogee_km) request.apogee_m = KmToM(*launch.apogee_km) * apogee_scale;
      // A longer flight takes longer, about in proportion.
      if (launch.flight_time_s) request.flight_time_s = *launch.flight_time_s * range_scale;

      flight::ReconstructionOptions reconstruction_options;
      reconstruction_options.sample_interval_s = options.sample_interval_s;
      missile.reconstruction = flight::Reconstruct(request, reconstruction_options);
      if (!missile.reconstruction.ok()) {
        throw InputError(fmt::format("{}:{}: launch[{}] ({}), missile {}: {}", scenario.file,
                                     launch.source_line, launch_index + 1, launch.name, k,
                                     missile.reconstruction.error));
      }
      missile.reported_range_m = missile.reconstruction.flight.range_m;
      if (request.range_m) missile.reported_range_m = *request.range_m;
      missile.reported_apogee_m = request.apogee_m;
      missile.reported_flight_time_s = request.flight_time_s;
      truth.missiles.push_back(std::move(missile));
    }
  }
  return truth;
}

std::vector<sensors::Scan> SimulateScans(const Scenario& scenario,
                                         std::span<const sensors::TruthTrajectory> truth) {
  return sensors::SimulateSensors(
      scenario.sensors, truth,
      {.epoch = scenario.epoch, .duration_s = scenario.duration_s, .seed = scenario.seed});
}

std::vector<sensors::TruthTrajectory> SensorTruth(const ScenarioTruth& truth) {
  std::vector<sensors::TruthTrajectory> trajectories;
  trajectories.reserve(truth.missiles.size());
  for (const MissileTruth& missile : truth.missiles) {
    const flight::FlightResult& flight = missile.reconstruction.flight;
    trajectories.push_back({.id = missile.Id(),
                            .launch_time = missile.launch_time,
                            .burnout_time_s = flight.burnout_time_s,
                            .samples = flight.samples});
  }
  return trajectories;
}

}  // namespace trilink::scenario
