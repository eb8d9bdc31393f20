#include "trilink/scenario/network_run.h"

#include <fmt/format.h>

#include <algorithm>

#include "trilink/core/error.h"

namespace trilink::scenario {
namespace {

// The nodes process their partners' scans; after each scan every node
// takes what the bus carried at the scan's report time.
class NodeProcessor final : public ScanProcessor {
 public:
  explicit NodeProcessor(const std::vector<std::unique_ptr<node::Node>>& nodes) : nodes_(nodes) {}
  const tracking::ScanSummary& Process(size_t partner, const sensors::Scan& scan) override {
    const tracking::ScanSummary& summary = nodes_[partner]->OnScan(node::TrackerScan(scan));
    for (const auto& n : nodes_) n->Poll(scan.report_time);
    return summary;
  }
  const tracking::NationalTracker& tracker(size_t partner) const override {
    return nodes_[partner]->tracker();
  }

 private:
  const std::vector<std::unique_ptr<node::Node>>& nodes_;
};

}  // namespace

FusedUpdate FusedUpdateOf(const fusion::SystemTrack& track) {
  return {.system = track.number,
          .time = track.time,
          .mean = track.state.mean.head<6>(),
          .covariance = track.state.covariance.topLeftCorner<6, 6>(),
          .fused = track.fused};
}

bool NetworkRunOptions::IsValid(std::string* error) const {
  std::string detail;
  if (!tracking.IsValid(&detail)) return Invalid(error, detail);
  if (!fusion.IsValid(&detail)) return Invalid(error, "fusion: " + detail);
  if (warning && !warning->IsValid(&detail)) return Invalid(error, "warning: " + detail);
  if (faults && !faults->IsValid(&detail)) return Invalid(error, "faults: " + detail);
  return true;
}

NetworkRun RunNetwork(const Scenario& scenario, std::span<const sensors::TruthTrajectory> truth,
                      std::span<const sensors::Scan> scans, const NetworkRunOptions& options,
                      const geo::AreaSet* areas, const geo::Places* places) {
  std::string error;
  if (!options.IsValid(&error)) throw InputError(error);
  const std::vector<std::string> partners = PartnersOf(scenario);
  if (options.warning &&
      std::find(partners.begin(), partners.end(), options.warning->partner) == partners.end()) {
    throw InputError(fmt::format("warning partner '{}' owns no sensor of the scenario ({})",
                                 options.warning->partner, fmt::join(partners, ", ")));
  }
  NetworkRun run;
  run.network_ = std::make_unique<bus::InProcessNetwork>();
  for (const std::string& partner : partners) {
    run.connections_.push_back(run.network_->Connect(partner));
    bus::Bus* link = run.connections_.back().get();
    if (options.faults) {
      run.links_.push_back(std::make_unique<bus::FaultyBus>(*link, *options.faults));
      link = run.links_.back().get();
    }
    node::NodeOptions node_options{.partner = partner,
                                   .partners = partners,
                                   .tracker = options.tracking.tracker,
                                   .fusion = options.fusion};
    if (options.warning && options.warning->partner == partner)
      node_options.warning = options.warning;
    run.nodes_.push_back(std::make_unique<node::Node>(node_options, *link, areas, places));
    if (node_options.warning) run.warning_node_ = run.nodes_.back().get();
  }
  run.fused.resize(run.nodes_.size());
  for (size_t i = 0; i < run.nodes_.size(); ++i) {
    run.nodes_[i]->OnFused([&fused = run.fused[i]](const fusion::SystemTrack& track) {
      fused.push_back(FusedUpdateOf(track));
    });
  }
  NodeProcessor processor(run.nodes_);
  run.tracking = RunTracking(scenario, truth, scans, options.tracking, &processor);
  const UtcTime end = scenario.epoch + Duration::Seconds(scenario.duration_s);
  for (const auto& n : run.nodes_) n->Finish(end);
  // What the last finishers published reaches the others.
  for (const auto& n : run.nodes_) n->Poll(n->clock());
  for (const auto& n : run.nodes_) n->OnFused({});
  return run;
}

}  // namespace trilink::scenario
