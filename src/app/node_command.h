// `trilink node --config NODE.toml`: one partner's node on the DDS bus
// (node/node.h over bus/dds_bus.h), fed its own sensors' scans and the
// simulated clock by `trilink feed` (bus/dds_feed.h), writing its picture
// when the feed finishes.
//
// NODE.toml (paths relative to the file's folder):
//   partner  = "JP"                 # this node's partner id
//   partners = ["US", "KR"]         # whose tracks it reads and fuses
//   feeder   = "FEED"               # the feeder's id (default FEED)
//   out      = "out/JP"             # written at the end (optional)
//   startup_wait_s = 30             # how long to wait for the partners
//   step_timeout_s = 60             # how long to wait for a step's tracks
//   [dds]
//   domain   = 0                    # DDS domain id, 0-229
//   tag      = "trilink"            # discovery tag: runs with another are ignored
//   pki      = "pki"                # `trilink pki init` folder (security on)
//   security = true                 # false: no DDS Security (then no pki)
//   loopback = true                 # 127.0.0.1 only; false: default interface, multicast
//   peers    = []                   # unicast discovery addresses
//   [warning]                       # this node warns (optional)
//   country      = "JPN"            # ISO 3166-1 alpha-3 of the areas it warns
//   country_name = "Japan"
//   run_id       = "seed1"          # part of the CAP identifiers
//   areas        = "extra.csv"      # areas beside the default ones (optional)
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "trilink/bus/dds_bus.h"

namespace trilink::app {

struct NodeConfig {
  std::string file;  // as given
  std::string partner;
  std::vector<std::string> partners;
  std::string feeder = "FEED";
  std::optional<std::filesystem::path> out;
  double startup_wait_s = 30.0;
  double step_timeout_s = 60.0;
  uint32_t domain = 0;
  std::string tag = "trilink";
  std::optional<std::filesystem::path> pki;  // none: security off
  bool loopback = true;
  std::vector<std::string> peers;
  struct Warning {
    std::string country, country_name, run_id;
    std::optional<std::filesystem::path> areas;
  };
  std::optional<Warning> warning;
};

// Reads and checks NODE.toml; InputError names file, line, column and
// field.
NodeConfig LoadNodeConfig(const std::string& path);
// The configuration as NODE.toml text (paths absolute).
std::string NodeConfigToml(const NodeConfig& config);

// The DDS options of `identity` (a partner or the feeder) on a network:
// domain, tag, loopback, peers, and its files from `pki` (none: security
// off); `partners` are the partitions it reads.
bus::DdsOptions NetworkOptions(uint32_t domain, const std::string& tag, bool loopback,
                               const std::vector<std::string>& peers,
                               const std::optional<std::filesystem::path>& pki,
                               const std::string& identity,
                               const std::vector<std::string>& partners);

struct NodeArgs {
  std::string config;
};
void AddNodeCommand(CLI::App& app, NodeArgs& args);
int RunNode(const NodeArgs& args);

}  // namespace trilink::app
