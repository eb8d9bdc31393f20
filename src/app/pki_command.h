// `trilink pki init DIR --partners US,JP,KR`: a deployment PKI for the
// secured DDS bus (bus/pki.h).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace trilink::app {

struct PkiArgs {
  std::string dir;
  std::vector<std::string> partners;
  std::string deployment = "trilink";
  int validity_days = 3650;
  std::string feeder = "FEED";
};

// Adds `pki` with its subcommand `init`; returns `pki`.
CLI::App* AddPkiCommand(CLI::App& app, PkiArgs& args);
int RunPkiInit(const PkiArgs& args);

}  // namespace trilink::app
