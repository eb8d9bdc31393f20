// For the round-trip tests: the fields trilink means a CAP message to hold
// (from the Alert struct, not from the XML), and folders of NN.xml + NN.json
// samples that tests/cap/roundtrip.mjs reads back with an independent CAP
// implementation.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "trilink/warn/cap.h"

namespace trilink::warn::testing {

nlohmann::json ExpectedFields(const Alert& alert);
// Writes NN.xml (WriteCap) and NN.json (ExpectedFields), NN from 01.
void WriteSamples(const std::filesystem::path& dir, const std::vector<Alert>& alerts);

}  // namespace trilink::warn::testing
