// The feed: how `trilink feed` plays each sensor's scans to the node that
// owns the sensor, and drives the one simulated clock every node of a run
// agrees on (docs/sharing.md, "Time"). Not something partners share: a
// node on live sensors takes its scans from them; the feed stands in for
// them in a simulated or recorded run.
//
// Topics (src/bus/idl/trilink_feed.idl): "trilink_FeedScan", written by
// the feeder in the owner's partition only (with DDS Security, only that
// partner may read there: a partner's detections reach no one else);
// "trilink_FeedTick", written by the feeder in its own partition and read
// by every node; "trilink_FeedAck", written by each node in its own
// partition and read by the feeder. All reliable, keeping every sample
// until it is taken; acks transient-local, keyed by partner, so a feeder
// that starts after a node learns that it is ready.
//
// The lockstep protocol (FeedOptions::lockstep in the feeder), one step per
// scan k at report time t_k:
//   1. feeder → owner:  Scan k;           the owner processes it and
//      owner → feeder:  Ack{k, the tracks it published, in order}
//   2. feeder → all:    Tick{k, t_k, the owner and those tracks}; each node
//      waits until it holds them (bus/lockstep_bus.h), polls at t_k, and
//      node → feeder:   Ack{k, after the tick}
// and the feeder goes on only when every node answered. Every node thus
// sees the same messages at the same simulated times as on the in-process
// bus, whatever the network does to timing: the run is reproducible.
// Without lockstep the feeder paces the steps by the wall clock and never
// waits; ticks carry no expected tracks.
//
// Usage (a node):
//   DdsFeedPort feed("JP", "FEED", options);
//   feed.Send({.partner = "JP", .kind = FeedAck::Kind::kReady});
//   for (;;) { FeedInput input = feed.Take(1.0); ... }
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "trilink/bus/dds_bus.h"
#include "trilink/core/time.h"
#include "trilink/tracking/sensor_scan.h"

namespace trilink::bus {

// A local track message as published: its number and update sequence.
struct TrackRef {
  uint64_t number = 0;
  uint32_t sequence = 0;
  friend bool operator==(const TrackRef&, const TrackRef&) = default;
};

struct FeedScan {
  uint64_t step = 0;  // from 1
  tracking::SensorScan scan;
};

struct FeedTick {
  enum class Kind { kStep = 1, kFinish = 2, kStop = 3 };
  uint64_t step = 0;
  Kind kind = Kind::kStep;
  UtcTime time;
  // kStep: the partner that published in this step and what (in order);
  // empty in a paced run.
  std::string publisher;
  std::vector<TrackRef> expected;
};

struct FeedAck {
  enum class Kind { kReady = 0, kStep = 1, kFinished = 2 };
  std::string partner;
  uint64_t step = 0;
  Kind kind = Kind::kReady;
  bool after_tick = false;          // kStep: answers the tick (else the scan)
  uint64_t incarnation = 0;         // the node's (node.h)
  std::vector<TrackRef> published;  // after a scan: in publication order
};

// What a Take returned, in the order received (per topic).
struct FeedInput {
  std::vector<FeedScan> scans;
  std::vector<FeedTick> ticks;
  std::vector<FeedAck> acks;
  bool empty() const { return scans.empty() && ticks.empty() && acks.empty(); }
};

// One end of the feed: the feeder's (ForFeeder: writes scans to each of
// `options.partners` and ticks, reads their acks) or a node's (ForNode:
// reads its own scans and the feeder's ticks, writes acks). Its own
// participant, with the options' network and security (the feeder has an
// identity of its own in the PKI, pki.h). Throws InputError when DDS
// refuses.
class DdsFeed {
 public:
  static std::unique_ptr<DdsFeed> ForFeeder(const std::string& feeder, const DdsOptions& options);
  static std::unique_ptr<DdsFeed> ForNode(const std::string& partner, const std::string& feeder,
                                          const DdsOptions& options);
  ~DdsFeed();
  DdsFeed(const DdsFeed&) = delete;
  DdsFeed& operator=(const DdsFeed&) = delete;

  // Feeder: a scan to `partner` (one of options.partners), a tick to all.
  void Send(const std::string& partner, const FeedScan& scan);
  void Send(const FeedTick& tick);
  // Node: an ack (its partner must be the node's).
  void Send(const FeedAck& ack);

  // Waits up to `timeout_s` for something to arrive and takes all there
  // is. Malformed samples are dropped and counted.
  FeedInput Take(double timeout_s);
  // Feeder: how many nodes read its ticks; node: whether the feeder's
  // tick writer is matched.
  int matched() const;
  int64_t malformed() const { return malformed_; }

 private:
  struct Entities;
  DdsFeed(const std::string& name, const DdsOptions& options, bool feeder,
          const std::string& feeder_name);
  std::string name_;
  bool feeder_;
  std::unique_ptr<Entities> dds_;
  int64_t malformed_ = 0;
};

}  // namespace trilink::bus
