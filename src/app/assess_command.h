// `trilink assess`: the assessment of one track given as JSON (state and
// covariance), so that a single case can be checked by hand.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace trilink::app {

struct AssessArgs {
  std::string track;  // JSON file, or - for standard input
  std::string format = "text";
};

void AddAssessCommand(CLI::App& app, AssessArgs& args);
int RunAssess(const AssessArgs& args);

}  // namespace trilink::app
