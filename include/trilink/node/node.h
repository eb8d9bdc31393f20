// One partner's node (DESIGN.md): its own sensors' scans → its tracker →
// local tracks → the bus; the bus → fusion → (a warning centre, where the
// partner warns) → alerts and launch assessments → the bus.
//
// The node runs on its own clock, the time its driver gives it: a scan's
// report time (OnScan) or the time of a poll (Poll). Every local track its
// tracker confirms or updates in a scan is published (LocalTrackOf, with a
// sequence per track); when the tracker drops a published track, a last
// message marks it ended. The node fuses its own messages after the scan's
// are all sent, so the partners never wait for its fusion and warnings.
// Partners' tracks come from the bus, are checked (fusion::CheckLocalTrack,
// and the sender must be one of `partners` when that list is given) and
// fused; refused ones are counted and the reasons kept. A node publishes only its own local tracks,
// never fused ones.
//
// With a warning centre (NodeOptions::warning), each fused update is
// assessed and warned on (warning_centre.h); the node publishes every CAP
// message the policy sends (bus::AlertMessage) and each event's launch
// assessment (bus::LaunchAssessment) when it changes, at most every
// assessment_interval_s, and at Finish.
//
// The node does not know which bus carries it (bus.h).
//
// Usage:
//   InProcessNetwork network;
//   std::unique_ptr<bus::Bus> connection = network.Connect("JP");
//   Node node({.partner = "JP", .warning = WarningCentreOptions{}}, *connection, &areas, &places);
//   for (const tracking::SensorScan& scan : own_scans) {
//     node.OnScan(scan);
//     node.Poll(scan.report_time);
//   }
//   node.Finish(end);
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "trilink/bus/bus.h"
#include "trilink/core/time.h"
#include "trilink/fusion/system_tracks.h"
#include "trilink/node/warning_centre.h"
#include "trilink/sensors/simulate.h"
#include "trilink/tracking/national_tracker.h"
#include "trilink/tracking/sensor_scan.h"

namespace trilink::node {

// A simulated scan as its sensor's owner receives it: without the truth
// labels.
tracking::SensorScan TrackerScan(const sensors::Scan& scan);

struct NodeOptions {
  std::string partner;  // this node's partner id, not empty
  // The partners whose tracks the node fuses; empty: any.
  std::vector<std::string> partners;
  tracking::NationalTrackerOptions tracker;
  fusion::FusionOptions fusion;
  std::optional<WarningCentreOptions> warning;  // its partner must be `partner`
  // This run of the node (fusion::LocalTrack::incarnation): a node process
  // takes a new one at every start (its start time), so partners know its
  // track numbers began again.
  uint64_t incarnation = 1;
  // Launch assessments of an event go out at most this often (s), >= 0.
  double assessment_interval_s = 5.0;

  bool IsValid(std::string* error) const;
};

struct NodeCounts {
  int64_t scans = 0;
  int64_t tracks_published = 0;    // local track messages, ended ones included
  int64_t tracks_received = 0;     // partners' track messages
  int64_t tracks_refused = 0;      // received ones not fused (checks, sender)
  int64_t own_tracks_refused = 0;  // the node's own that its fusion refused
  int64_t alerts_published = 0;
  int64_t alerts_received = 0;
  int64_t others_refused = 0;  // alerts and assessments in this node's name or of a non-partner
  int64_t assessments_published = 0;
  int64_t assessments_received = 0;
};

class Node {
 public:
  // `bus` (whose partner() must be options.partner), and `areas` and
  // `places` (needed with a warning centre, may be null without) must
  // outlive the node. Throws InputError for invalid options.
  Node(const NodeOptions& options, bus::Bus& bus, const geo::AreaSet* areas,
       const geo::Places* places);
  // The bus holds handlers that point at the node.
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  ~Node();

  // One of the node's own sensors' scans, at its report time.
  const tracking::ScanSummary& OnScan(const tracking::SensorScan& scan);
  // Takes what the bus delivered, at the node's time `now` (not before the
  // node's clock: then the clock's time), and advances the warning
  // centre's and the fusion's clocks to it.
  void Poll(UtcTime now);
  // Ends the run at `end` (or the node's clock if later): the warning
  // centre's falls, all clear and findings; the last launch assessments.
  void Finish(UtcTime end);

  // Called with every system track the fusion updates (for recording and
  // scoring; may be empty).
  void OnFused(std::function<void(const fusion::SystemTrack&)> observer) {
    on_fused_ = std::move(observer);
  }

  const NodeOptions& options() const { return options_; }
  UtcTime clock() const { return clock_; }
  const tracking::NationalTracker& tracker() const { return tracker_; }
  const fusion::FusionCentre& fusion() const { return fusion_; }
  // Null without a warning centre.
  const WarningCentre* warning_centre() const { return centre_ ? &*centre_ : nullptr; }
  const NodeCounts& counts() const { return counts_; }
  // Why received tracks were refused ("KR/3: covariance not positive
  // definite"), the first 1 000.
  const std::vector<std::string>& refusals() const { return refusals_; }
  // The partners' alerts (by "partner/identifier") and the latest
  // revision of each of their launch assessments (by "partner/event").
  const std::map<std::string, bus::AlertMessage>& partner_alerts() const { return partner_alerts_; }
  const std::map<std::string, bus::LaunchAssessment>& partner_assessments() const {
    return partner_assessments_;
  }

 private:
  void Tick(UtcTime now);
  // Whether a message's partner may send to this node (else counted).
  bool FromPartner(const std::string& partner);
  void Fuse(const fusion::LocalTrack& track);
  void Refuse(const fusion::LocalTrack& track, const std::string& why);
  void PublishWarnings(bool final);

  NodeOptions options_;
  bus::Bus& bus_;
  tracking::NationalTracker tracker_;
  fusion::FusionCentre fusion_;
  std::optional<WarningCentre> centre_;
  UtcTime clock_;
  bool started_ = false;
  std::map<uint64_t, fusion::LocalTrack> published_;  // by track number: the last message
  // OnScan's scratch: the tracker's tracks by number (index), and this
  // scan's messages for the node's own fusion.
  std::unordered_map<uint64_t, size_t> track_index_;
  std::vector<fusion::LocalTrack> to_fuse_;
  size_t alerts_sent_ = 0;
  struct EventRevision {
    uint32_t revision = 0;
    UtcTime time;
  };
  std::map<std::string, EventRevision> revisions_;  // by event id
  NodeCounts counts_;
  std::vector<std::string> refusals_;
  std::map<std::string, bus::AlertMessage> partner_alerts_;
  std::map<std::string, bus::LaunchAssessment> partner_assessments_;
  std::function<void(const fusion::SystemTrack&)> on_fused_;
};

}  // namespace trilink::node
