// The fusion's association gate measured over seeded runs (docs/fusion.md):
// for each gate, over seeds 1–N of every scenario, the missiles reported in
// more than one system track (duplicates) and the system tracks mixing
// missiles (wrong joins), scored against truth (fusion_scores.h). A
// measurement (minutes), not a check:
//   build/bench/fusion_sweep [SEEDS]     (default 20)
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "trilink/scenario/fusion_scores.h"
#include "trilink/scenario/network_run.h"
#include "trilink/scenario/runner.h"
#include "trilink/scenario/scenario.h"

int main(int argc, char** argv) {
  using namespace trilink;
  using namespace trilink::scenario;
  const int seeds = argc > 1 ? std::atoi(argv[1]) : 20;
  if (seeds < 1) {
    std::fprintf(stderr, "usage: fusion_sweep [SEEDS >= 1]\n");
    return 2;
  }
  const std::vector<double> gates = {11.3, 21.1, 30.0, 40.0, 60.0, 100.0};
  std::vector<int> duplicated(gates.size(), 0), mixed(gates.size(), 0);
  int runs = 0, missiles = 0;
  for (const char* name : {"wonsan-salvo", "over-japan-irbm"}) {
    Scenario scenario =
        LoadScenario(std::string(TRILINK_SOURCE_DIR) + "/scenarios/" + name + ".toml");
    for (int seed = 1; seed <= seeds; ++seed) {
      scenario.seed = static_cast<uint64_t>(seed);
      const std::vector<sensors::TruthTrajectory> truth =
          SensorTruth(RunScenario(scenario, {.sample_interval_s = 1.0}));
      const std::vector<sensors::Scan> scans = SimulateScans(scenario, truth);
      ++runs;
      missiles += static_cast<int>(truth.size());
      for (size_t g = 0; g < gates.size(); ++g) {
        NetworkRunOptions options;
        options.fusion.gate_squared = gates[g];
        const NetworkRun run = RunNetwork(scenario, truth, scans, options, nullptr, nullptr);
        const FusionScores scores = ScoreFusion(run, *run.nodes().front(), truth);
        duplicated[g] += scores.duplicated_missiles();
        mixed[g] += scores.mixed_system_tracks();
        if (scores.duplicated_missiles() + scores.mixed_system_tracks() > 0)
          std::printf("%s seed %d gate %.1f: %d duplicated, %d mixed\n", name, seed, gates[g],
                      scores.duplicated_missiles(), scores.mixed_system_tracks());
      }
    }
  }
  std::printf("%d runs, %d missiles\n", runs, missiles);
  for (size_t g = 0; g < gates.size(); ++g)
    std::printf("gate %5.1f: %d missiles duplicated, %d system tracks mixing missiles\n", gates[g],
                duplicated[g], mixed[g]);
  return 0;
}
