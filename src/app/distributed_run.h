// `trilink run --bus dds`: the scenario's partners as separate `trilink
// node` processes on this machine, on the secured DDS bus over loopback,
// fed in lockstep by this process (feed_command.h), so the nodes give the
// same tracks, warnings and report as the in-process run.
//
// Everything lives in a work folder of its own (removed when the result
// goes): the throwaway deployment PKI (unless `pki` names one), each node's
// NODE.toml and log, and each node's output under nodes/<PARTNER>/.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trilink/node/warning_centre.h"
#include "trilink/scenario/scenario.h"
#include "trilink/sensors/simulate.h"

namespace trilink::app {

struct DistributedRunOptions {
  bool secured = true;                       // DDS Security on
  std::optional<std::filesystem::path> pki;  // none: a new one in the work folder
  uint32_t domain = 0;
  std::optional<node::WarningCentreOptions> warning;  // the warning partner's
  std::optional<std::string> areas_file;              // beside the default areas
  std::function<void(size_t, size_t)> progress;       // (scans fed, scans)
};

class DistributedRun {
 public:
  explicit DistributedRun(std::filesystem::path work) : work_(std::move(work)) {}
  ~DistributedRun();
  DistributedRun(DistributedRun&& other) noexcept : work_(std::exchange(other.work_, {})) {}
  DistributedRun& operator=(DistributedRun&&) = delete;

  const std::filesystem::path& work() const { return work_; }
  // nodes/<partner>/ under the work folder: what that node wrote.
  std::filesystem::path NodeFolder(const std::string& partner) const {
    return work_ / "nodes" / partner;
  }

 private:
  std::filesystem::path work_;
};

// Throws InputError when a node cannot start, fails or does not answer
// (with the end of its log).
DistributedRun RunDistributed(const scenario::Scenario& scenario,
                              std::span<const sensors::Scan> scans,
                              const DistributedRunOptions& options);

}  // namespace trilink::app
