#include "distributed_run.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "child_process.h"
#include "feed_command.h"
#include "node_command.h"
#include "trilink/bus/pki.h"
#include "trilink/core/error.h"
#include "trilink/scenario/tracking_run.h"

namespace trilink::app {
namespace {

namespace fs = std::filesystem;

constexpr char kFeeder[] = "FEED";

// The last lines of a node's log, for an error message.
std::string Tail(const fs::path& log, size_t lines) {
  std::ifstream in(log);
  std::vector<std::string> kept;
  for (std::string line; std::getline(in, line);) {
    kept.push_back(line);
    if (kept.size() > lines) kept.erase(kept.begin());
  }
  std::string text;
  for (const std::string& line : kept) text += "\n  | " + line;
  return text;
}

fs::path MakeWorkFolder() {
  std::string pattern = (fs::temp_directory_path() / "trilink-run-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr)
    throw InputError("cannot make a work folder in " + fs::temp_directory_path().string());
  return pattern;
}

}  // namespace

DistributedRun::~DistributedRun() {
  if (work_.empty()) return;
  std::error_code ignored;
  fs::remove_all(work_, ignored);
}

DistributedRun RunDistributed(const scenario::Scenario& scenario,
                              std::span<const sensors::Scan> scans,
                              const DistributedRunOptions& options) {
  const std::vector<std::string> partners = scenario::PartnersOf(scenario);
  if (partners.empty()) throw InputError("--bus dds: the scenario has no sensors, so no nodes");
  DistributedRun run(MakeWorkFolder());
  std::optional<fs::path> pki;
  if (options.secured) pki = options.pki.value_or(run.work() / "pki");
  if (options.secured && !options.pki) {  // a throwaway PKI
    bus::PkiOptions pki_options{
        .partners = partners, .deployment = "trilink-run", .validity_days = 1, .feeder = kFeeder};
    bus::InitPki(*pki, pki_options);
  }
  // Runs apart: a tag of this process's own.
  const std::string tag = fmt::format("trilink-run-{}", getpid());
  std::vector<std::unique_ptr<ChildProcess>> nodes;
  for (const std::string& partner : partners) {
    NodeConfig config{.partner = partner, .feeder = kFeeder};
    for (const std::string& other : partners)
      if (other != partner) config.partners.push_back(other);
    config.out = run.NodeFolder(partner);
    config.domain = options.domain;
    config.tag = tag;
    config.pki = pki;
    if (options.warning && options.warning->partner == partner) {
      config.warning = NodeConfig::Warning{.country = options.warning->country,
                                           .country_name = options.warning->country_name,
                                           .run_id = options.warning->policy.run_id};
      if (options.areas_file) config.warning->areas = fs::absolute(*options.areas_file);
    }
    const fs::path file = run.work() / (partner + ".toml");
    std::ofstream(file) << NodeConfigToml(config);
    nodes.push_back(std::make_unique<ChildProcess>(
        SelfPath(), std::vector<std::string>{"node", "--config", file.string()},
        run.work() / (partner + ".log")));
  }
  const std::unique_ptr<bus::DdsFeed> feed = bus::DdsFeed::ForFeeder(
      kFeeder, NetworkOptions(options.domain, tag, true, {}, pki, kFeeder, partners));
  auto failure = [&](const std::string& what) {
    // The nodes' logs say what went wrong on their side.
    std::string logs;
    for (const std::string& partner : partners)
      logs += fmt::format("\nnode {} log:{}", partner, Tail(run.work() / (partner + ".log"), 8));
    return InputError(what + logs);
  };
  try {
    RunFeedLoop(*feed, scenario, scans, partners, {.lockstep = true, .progress = options.progress});
  } catch (const InputError& e) {
    throw failure(e.what());
  }
  for (size_t i = 0; i < nodes.size(); ++i) {
    const int status = nodes[i]->Wait();
    if (status != 0)
      throw failure(fmt::format("--bus dds: node {} exited with status {}", partners[i], status));
  }
  return run;
}

}  // namespace trilink::app
