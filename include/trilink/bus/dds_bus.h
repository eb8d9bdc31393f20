// The Cyclone DDS bus: one node's connection to its partners over DDS
// (DESIGN.md, "The distributed mode"; docs/sharing.md for the QoS and
// their reasons).
//
// Topics (src/bus/idl/trilink_messages.idl, compiled by idlc at build
// time): "trilink_Track" (key partner + track number), "trilink_Launch
// Assessment" (key partner + event id), "trilink_Alert" (key CAP
// identifier). Each node writes in its own partition (its partner id) and
// reads its partners' partitions, so it never receives its own messages.
// Every topic is reliable, keep-last 1 per instance and transient-local,
// so a node that starts late or restarts gets the current picture from the
// writers still running; the track topic carries a deadline and automatic
// liveliness, so a silent partner is noticed (PartnerStatus).
//
// Cyclone DDS 0.10.2 has a C API only; this file is the thin layer over
// it: entities are deleted by their owners (RAII), every return code is
// checked and turned into an InputError naming the operation. The domain
// (id + XML configuration: network interfaces, discovery, security) is
// created once per process and shared by the connections in it.
//
// Usage:
//   DdsOptions options{.domain_id = 7, .config = LoopbackConfig("trilink-test"),
//                      .partners = {"KR", "US"}};
//   DdsBus bus("JP", options);
//   bus.Subscribe({...});
//   bus.Publish(track);
//   bus.Wait(1.0);
//   bus.Poll();
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "trilink/bus/bus.h"

namespace trilink::bus {

struct DdsOptions {
  uint32_t domain_id = 0;  // < 230
  // The domain's Cyclone DDS XML configuration (<CycloneDDS>…); empty:
  // Cyclone's defaults (and CYCLONEDDS_URI).
  std::string config;
  // The partners whose partitions this node reads (its own is never read).
  std::vector<std::string> partners;
  // A partner's track not updated within this long misses its deadline
  // (s, > 0); a writer whose liveliness is not asserted within lease_s is
  // not alive (s, > 0).
  double deadline_s = 30.0;
  double lease_s = 10.0;

  bool IsValid(std::string* error) const;
};

// A configuration for this machine's loopback interface only, no
// multicast, unicast discovery among the participants on 127.0.0.1, with
// a discovery tag that keeps other runs (other tests, other users) apart.
// `extra` is inserted into <Domain> (e.g. a <Security> element).
std::string LoopbackConfig(const std::string& discovery_tag, const std::string& extra = "");

// What the node knows of a partner's writers of tracks.
struct PartnerStatus {
  int alive_writers = 0;         // matched and alive
  int64_t deadlines_missed = 0;  // track instances that missed their deadline, so far
};

class DdsBus final : public Bus {
 public:
  // Joins the domain as `partner` (a partition name: letters, digits, '-'
  // and '_'). Throws InputError when DDS refuses (the configuration, the
  // security plugins, the permissions), naming the operation.
  DdsBus(const std::string& partner, const DdsOptions& options);
  ~DdsBus() override;
  DdsBus(const DdsBus&) = delete;
  DdsBus& operator=(const DdsBus&) = delete;

  const std::string& partner() const override { return partner_; }
  void Publish(const fusion::LocalTrack& track) override;
  void Publish(const LaunchAssessment& assessment) override;
  void Publish(const AlertMessage& alert) override;
  void Subscribe(Handlers handlers) override { handlers_ = std::move(handlers); }
  size_t Poll() override;

  // Blocks until a message is ready to Poll or `timeout_s` passed; true if
  // one is ready.
  bool Wait(double timeout_s);
  // Blocks until this node's track writer is matched by at least `readers`
  // readers and its track reader by `writers` writers, or `timeout_s`
  // passed; true if so.
  bool WaitForMatches(int readers, int writers, double timeout_s);
  PartnerStatus status() const;
  // Received samples refused on conversion (a field out of its bounds).
  int64_t malformed() const { return malformed_; }

 private:
  struct Entities;
  std::string partner_;
  DdsOptions options_;
  Handlers handlers_;
  std::unique_ptr<Entities> dds_;
  int64_t malformed_ = 0;
};

}  // namespace trilink::bus
