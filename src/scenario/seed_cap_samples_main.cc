// seed_cap_samples OUT_DIR: runs the seed scenario through the warning
// centre and writes its CAP messages as OUT_DIR/NN.xml with the fields each
// is meant to hold as OUT_DIR/NN.json, for tests/cap/roundtrip.mjs to read
// back with an independent CAP implementation (@dec112/cap-ts).
#include <cstdio>

#include "cap_expected.h"
#include "trilink/geo/areas.h"
#include "trilink/report/places.h"
#include "trilink/scenario/runner.h"
#include "trilink/scenario/scenario.h"
#include "trilink/scenario/tracking_run.h"
#include "trilink/scenario/warning_centre.h"
#include "trilink/sensors/simulate.h"

int main(int argc, char** argv) {
  using namespace trilink;
  if (argc != 2) {
    std::fprintf(stderr, "usage: seed_cap_samples OUT_DIR\n");
    return 2;
  }
  const scenario::Scenario seed =
      scenario::LoadScenario(std::string(TRILINK_SOURCE_DIR) + "/scenarios/wonsan-salvo.toml");
  const std::vector<sensors::TruthTrajectory> truth =
      scenario::SensorTruth(scenario::RunScenario(seed, {.sample_interval_s = 1.0}));
  const std::vector<sensors::Scan> scans = sensors::SimulateSensors(
      seed.sensors, truth, {.epoch = seed.epoch, .duration_s = seed.duration_s, .seed = seed.seed});
  const geo::AreaSet areas = geo::LoadAreas(geo::DefaultAreasPath());
  const report::Places places = report::Places::Load(report::DefaultPlacesPath());
  scenario::WarningCentre centre(areas, places, {});
  scenario::TrackingRunOptions options;
  options.on_scan = [&](const std::string& partner, const sensors::Scan& scan,
                        const tracking::NationalTracker& tracker,
                        const tracking::ScanSummary& summary) {
    centre.OnScan(partner, scan, tracker, summary);
  };
  scenario::RunTracking(seed, truth, scans, options);
  centre.Finish(seed.epoch + Duration::Seconds(seed.duration_s));
  warn::testing::WriteSamples(argv[1], centre.alerts());
  std::printf("wrote the seed scenario's %zu CAP messages and their expected fields to %s\n",
              centre.alerts().size(), argv[1]);
  return centre.alerts().empty() ? 1 : 0;
}
