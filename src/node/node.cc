#include "trilink/node/node.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "trilink/core/error.h"
#include "trilink/warn/cap.h"

namespace trilink::node {
namespace {

constexpr size_t kMaxRefusalsKept = 1000;

}  // namespace

tracking::SensorScan TrackerScan(const sensors::Scan& scan) {
  return {.sensor = scan.sensor_index,
          .measurement_time = scan.measurement_time,
          .report_time = scan.report_time,
          .frame = scan.frame,
          .model = scan.model,
          .measurements = scan.measurements};
}

bool NodeOptions::IsValid(std::string* error) const {
  std::string detail;
  if (partner.empty()) return Invalid(error, "node: partner is empty");
  if (!tracker.IsValid(&detail)) return Invalid(error, "tracker: " + detail);
  if (!fusion.IsValid(&detail)) return Invalid(error, "fusion: " + detail);
  if (warning) {
    if (!warning->IsValid(&detail)) return Invalid(error, "warning: " + detail);
    if (warning->partner != partner)
      return Invalid(error, fmt::format("warning: partner '{}' is not the node's '{}'",
                                        warning->partner, partner));
  }
  if (!(assessment_interval_s >= 0.0 && std::isfinite(assessment_interval_s)))
    return Invalid(error, "assessment_interval_s must be finite and >= 0");
  return true;
}

Node::Node(const NodeOptions& options, bus::Bus& bus, const geo::AreaSet* areas,
           const geo::Places* places)
    : options_(options), bus_(bus), tracker_(options.tracker), fusion_(options.fusion) {
  std::string error;
  if (!options.IsValid(&error)) throw InputError(error);
  if (bus.partner() != options.partner)
    throw InputError(
        fmt::format("node {}: its bus connection speaks for '{}'", options.partner, bus.partner()));
  if (options.warning) {
    if (areas == nullptr || places == nullptr)
      throw InputError("node " + options.partner + ": a warning centre needs areas and places");
    centre_.emplace(*areas, *places, *options.warning);
  }
  bus_.Subscribe({.track =
                      [this](const fusion::LocalTrack& track) {
                        ++counts_.tracks_received;
                        if (track.partner == options_.partner) {
                          Refuse(track, "a partner's message in this node's name");
                          return;
                        }
                        if (!options_.partners.empty() &&
                            std::find(options_.partners.begin(), options_.partners.end(),
                                      track.partner) == options_.partners.end()) {
                          Refuse(track, "not a partner of this node");
                          return;
                        }
                        Fuse(track);
                      },
                  .assessment =
                      [this](const bus::LaunchAssessment& assessment) {
                        ++counts_.assessments_received;
                        if (!FromPartner(assessment.partner)) return;
                        bus::LaunchAssessment& kept =
                            partner_assessments_[assessment.partner + "/" + assessment.event_id];
                        if (assessment.revision > kept.revision) kept = assessment;
                      },
                  .alert =
                      [this](const bus::AlertMessage& alert) {
                        ++counts_.alerts_received;
                        if (!FromPartner(alert.partner)) return;
                        partner_alerts_[alert.partner + "/" + alert.identifier] = alert;
                      }});
}

Node::~Node() { bus_.Subscribe({}); }

bool Node::FromPartner(const std::string& partner) {
  const bool ok =
      partner != options_.partner &&
      (options_.partners.empty() || std::find(options_.partners.begin(), options_.partners.end(),
                                              partner) != options_.partners.end());
  if (!ok) ++counts_.others_refused;
  return ok;
}

void Node::Tick(UtcTime now) {
  if (!started_ || now > clock_) clock_ = now;
  started_ = true;
}

void Node::Refuse(const fusion::LocalTrack& track, const std::string& why) {
  ++counts_.tracks_refused;
  if (refusals_.size() < kMaxRefusalsKept)
    refusals_.push_back(fmt::format("{}/{}: {}", track.partner, track.number, why));
}

void Node::Fuse(const fusion::LocalTrack& track) {
  const fusion::FusionCentre::Outcome outcome = fusion_.Take(track, clock_);
  if (outcome.refused) {
    if (track.partner == options_.partner) {
      ++counts_.own_tracks_refused;  // e.g. a track ended long after its last update
      return;
    }
    Refuse(track, *outcome.refused);
    return;
  }
  if (outcome.system == nullptr) return;
  if (on_fused_) on_fused_(*outcome.system);
  if (!centre_) return;
  if (outcome.merged) centre_->OnMerge(*outcome.merged, *outcome.system);
  centre_->OnSystemTrack(*outcome.system, clock_);
  PublishWarnings(false);
}

const tracking::ScanSummary& Node::OnScan(const tracking::SensorScan& scan) {
  Tick(scan.report_time);
  ++counts_.scans;
  const tracking::ScanSummary& summary = tracker_.Process(scan);
  const auto& tracks = tracker_.tracks();
  track_index_.clear();
  for (size_t i = 0; i < tracks.size(); ++i) track_index_.emplace(tracks[i].id, i);
  // Shared first, fused here after: the partners do not wait for this
  // node's own fusion and warnings.
  to_fuse_.clear();
  // Each confirmed track this scan updated, once.
  for (const tracking::ScanSummary::Association& association : summary.associations) {
    if (association.weight < 0.5) continue;
    const auto found = track_index_.find(association.track_id);
    if (found == track_index_.end()) continue;
    const auto& track = tracks[found->second];
    if (!track.confirmed()) continue;
    auto [it, inserted] = published_.try_emplace(track.id);
    if (!inserted && it->second.time == track.time && it->second.hits == track.hits) continue;
    it->second = fusion::LocalTrackOf(options_.partner, track, tracker_.bank(),
                                      inserted ? 1 : it->second.sequence + 1, options_.incarnation);
    to_fuse_.push_back(it->second);
  }
  // Published tracks the tracker dropped: their last message.
  for (auto it = published_.begin(); it != published_.end();) {
    if (track_index_.contains(it->first)) {
      ++it;
      continue;
    }
    fusion::LocalTrack last = it->second;
    ++last.sequence;
    last.ended = true;
    to_fuse_.push_back(std::move(last));
    it = published_.erase(it);
  }
  bus_.PublishAll(to_fuse_);
  counts_.tracks_published += static_cast<int64_t>(to_fuse_.size());
  for (const fusion::LocalTrack& track : to_fuse_) Fuse(track);
  return summary;
}

void Node::Poll(UtcTime now) {
  Tick(now);
  bus_.Poll();
  fusion_.Expire(clock_);
  if (centre_) {
    centre_->Advance(clock_);
    PublishWarnings(false);
  }
}

void Node::PublishWarnings(bool final) {
  const std::vector<warn::Alert>& alerts = centre_->alerts();
  for (; alerts_sent_ < alerts.size(); ++alerts_sent_) {
    const warn::Alert& alert = alerts[alerts_sent_];
    bus_.Publish(bus::AlertMessage{.partner = options_.partner,
                                   .identifier = alert.identifier,
                                   .sent = alert.sent,
                                   .cap = warn::WriteCap(alert)});
    ++counts_.alerts_published;
  }
  for (const assess::LaunchEvent& event : centre_->events()) {
    auto [it, inserted] = revisions_.try_emplace(event.id);
    if (!inserted && !final &&
        (clock_ - it->second.time).seconds() < options_.assessment_interval_s)
      continue;
    assess::LaunchFindings findings = centre_->FindingsOf(event);
    if (findings.missiles.empty()) continue;
    it->second = {.revision = it->second.revision + 1, .time = clock_};
    bus_.Publish(bus::LaunchAssessment{.partner = options_.partner,
                                       .event_id = event.id,
                                       .revision = it->second.revision,
                                       .time = clock_,
                                       .missiles = std::move(findings.missiles)});
    ++counts_.assessments_published;
  }
}

void Node::Finish(UtcTime end) {
  Poll(end);
  if (!centre_) return;
  centre_->Finish(std::max(end, clock_));
  PublishWarnings(true);
}

}  // namespace trilink::node
