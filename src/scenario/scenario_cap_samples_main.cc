// scenario_cap_samples SCENARIO.toml OUT_DIR: runs a scenario through the
// warning centre and writes its CAP messages as OUT_DIR/NN.xml with the
// fields each is meant to hold as OUT_DIR/NN.json, for
// tests/cap/roundtrip.mjs to read back with an independent CAP
// implementation (@dec112/cap-ts).
#include <cstdio>

#include "cap_expected.h"
#include "trilink/geo/areas.h"
#include "trilink/geo/places.h"
#include "trilink/scenario/network_run.h"
#include "trilink/scenario/runner.h"
#include "trilink/scenario/scenario.h"
#include "trilink/sensors/simulate.h"

int main(int argc, char** argv) {
  using namespace trilink;
  if (argc != 3) {
    std::fprintf(stderr, "usage: scenario_cap_samples SCENARIO.toml OUT_DIR\n");
    return 2;
  }
  const scenario::Scenario run = scenario::LoadScenario(argv[1]);
  const std::vector<sensors::TruthTrajectory> truth =
      scenario::SensorTruth(scenario::RunScenario(run, {.sample_interval_s = 1.0}));
  const std::vector<sensors::Scan> scans = sensors::SimulateSensors(
      run.sensors, truth, {.epoch = run.epoch, .duration_s = run.duration_s, .seed = run.seed});
  const geo::AreaSet areas = geo::LoadAreas(geo::DefaultAreasPath());
  const geo::Places places = geo::Places::Load(geo::DefaultPlacesPath());
  scenario::NetworkRunOptions options;
  options.warning.emplace();
  const scenario::NetworkRun network =
      scenario::RunNetwork(run, truth, scans, options, &areas, &places);
  const node::WarningCentre& centre = *network.warning_node()->warning_centre();
  warn::testing::WriteSamples(argv[2], centre.alerts());
  std::printf("wrote %s's %zu CAP messages and their expected fields to %s\n", argv[1],
              centre.alerts().size(), argv[2]);
  return centre.alerts().empty() ? 1 : 0;
}
