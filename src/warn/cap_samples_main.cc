// warn_cap_samples OUT_DIR: writes the CAP messages of the synthetic
// lifecycle and FullAlert() as OUT_DIR/NN.xml, each with OUT_DIR/NN.json
// holding the fields trilink meant to write (built from the Alert struct, not
// from the XML), for tests/cap/roundtrip.mjs to compare with what an
// independent CAP reader (@dec112/cap-ts) makes of the XML.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cap_expected.h"
#include "synthetic_lifecycle.h"
#include "trilink/warn/cap.h"
#include "trilink/warn/policy.h"

int main(int argc, char** argv) {
  using namespace trilink::warn;
  if (argc != 2) {
    std::fprintf(stderr, "usage: warn_cap_samples OUT_DIR\n");
    return 2;
  }
  WarningPolicy policy(testing::SyntheticOptions());
  std::vector<Alert> alerts = testing::Run(policy, testing::SyntheticLifecycle());
  alerts.push_back(testing::FullAlert());
  testing::WriteSamples(argv[1], alerts);
  std::printf("wrote %zu CAP messages and their expected fields to %s\n", alerts.size(), argv[1]);
  return 0;
}
