// The Cyclone DDS bus: one node's connection to its partners over DDS
// (DESIGN.md, "The distributed mode"; docs/sharing.md for the QoS and
// their reasons).
//
// Topics (src/bus/idl/trilink_messages.idl, compiled by idlc at build
// time): "trilink_Track" (key partner + track number), "trilink_Launch
// Assessment" (key partner + event id), "trilink_Alert" (key partner +
// CAP identifier). Each node writes in its own partition (its partner id)
// and reads each partner's partition with readers of its own, dropping
// (and counting, malformed()) a sample that names another partner than the
// partition it came in — with DDS Security only that partner may write
// there. It never receives its own messages. A track's instance is
// unregistered after its ended message.
// Every topic is reliable, keep-last 1 per instance and transient-local,
// so a node that starts late or restarts gets the current picture from the
// writers still running; the track topic carries a deadline and automatic
// liveliness, so a silent partner is noticed (PartnerStatus).
//
// Cyclone DDS 0.10.2 has a C API only; this file is the thin layer over
// it: entities are deleted by their owners (RAII), return codes are
// checked and turned into an InputError naming the operation, and received
// samples are converted and their loans returned before any handler runs. Each
// connection has its own domain instance (its own configuration and
// identity) under a local id unused in the process, meeting the others on
// the wire under options.domain_id (Cyclone's ExternalDomainId), so that
// several secured nodes can live in one process (tests) as in several.
//
// Usage:
//   DdsOptions options{.domain_id = 7, .discovery_tag = "trilink-test",
//                      .partners = {"KR", "US"}};
//   DdsBus bus("JP", options);
//   bus.Subscribe({...});
//   bus.Publish(track);
//   bus.Wait(1.0);
//   bus.Poll();
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trilink/bus/bus.h"

namespace trilink::bus {

// DDS Security: the files of one partner's identity and permissions
// (pki.h writes them), given to Cyclone's builtin plugins (authentication
// PKI-DH, access control with signed governance and permissions, AES-GCM
// cryptography), which are named by full path (found at configure time).
struct DdsSecurity {
  std::string identity_ca;     // PEM
  std::string certificate;     // PEM, the partner's identity
  std::string private_key;     // PEM
  std::string permissions_ca;  // PEM
  std::string governance;      // S/MIME-signed XML (.p7s)
  std::string permissions;     // S/MIME-signed XML (.p7s)
};

// A partner's files in a PKI folder made by InitPki (pki.h).
DdsSecurity SecurityFromPki(const std::filesystem::path& dir, const std::string& partner);

struct DdsOptions {
  uint32_t domain_id = 0;  // on the wire, < 230
  // Keeps runs apart: participants with another tag are ignored. Letters,
  // digits, '-', '_', '.'; may be empty.
  std::string discovery_tag;
  // This machine's loopback interface only, no multicast, unicast discovery
  // on 127.0.0.1; false: Cyclone's defaults (multicast on the default
  // interface), plus `peers`.
  bool loopback = true;
  std::vector<std::string> peers;       // unicast discovery addresses
  std::optional<DdsSecurity> security;  // none: unsecured
  // The partners whose partitions this node reads (its own is never read).
  std::vector<std::string> partners;
  // A partner's track not updated within this long misses its deadline
  // (s, > 0); a writer whose liveliness is not asserted within lease_s is
  // not alive (s, > 0).
  double deadline_s = 30.0;
  double lease_s = 10.0;

  bool IsValid(std::string* error) const;
};

// The Cyclone DDS XML configuration of one connection: its domain (local
// id `local_domain_id`, meeting the others on options.domain_id), network,
// discovery and security. With `batch_writes`, samples wait in their
// writer until dds_write_flush (or a full packet), so that one packet, and
// one encryption, carries many (Cyclone's Internal/WriteBatch).
std::string DdsConfig(const DdsOptions& options, uint32_t local_domain_id,
                      bool batch_writes = false);

// The folder of Cyclone DDS's security plugins found at configure time.
std::string DdsSecurityPluginDir();

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
  // In as few packets as they fit (one encryption each), sent before it returns.
  void PublishAll(std::span<const fusion::LocalTrack> tracks) override;
  void Subscribe(Handlers handlers) override { handlers_ = std::move(handlers); }
  size_t Poll() override;

  // Blocks until a message is ready to Poll or `timeout_s` passed; true if
  // one is ready.
  bool Wait(double timeout_s);
  // Waits and polls until `done` holds or `timeout_s` passed; returns
  // `done`'s last value.
  bool PollUntil(const std::function<bool()>& done, double timeout_s);
  // Blocks until this node's track writer is matched by at least `readers`
  // readers and its track reader by `writers` writers, or `timeout_s`
  // passed; true if so.
  bool WaitForMatches(int readers, int writers, double timeout_s);
  PartnerStatus status() const;
  // Received samples refused on conversion (a field out of its bounds).
  int64_t malformed() const { return malformed_; }

 private:
  // Refuses (InputError) a track of another partner.
  void CheckOwn(const fusion::LocalTrack& track) const;
  // Writes one track without flushing it.
  void Write(const fusion::LocalTrack& track);
  struct Entities;
  std::string partner_;
  DdsOptions options_;
  Handlers handlers_;
  std::unique_ptr<Entities> dds_;
  int64_t malformed_ = 0;
};

}  // namespace trilink::bus
