// A node's connection in a lockstep run (dds_feed.h): wraps its real bus,
// holds what the partners sent until the node polls, and hands their
// tracks over in the order their publisher published them; it records the
// tracks the node itself publishes. With it, a node on DDS sees the same
// messages in the same order at the same simulated times as on the
// in-process bus (which delivers in publication order), whatever order
// DDS delivers samples of different instances in.
//
// Usage:
//   LockstepBus bus(dds_bus);
//   Node node(options, bus, ...);
//   node.OnScan(scan);                   // publishes
//   std::vector<TrackRef> sent = bus.TakePublished();
//   ...
//   while (!bus.Holds(tick.publisher, tick.expected)) { dds_bus.Wait(0.05); bus.Hold(); }
//   bus.Expect(tick.publisher, tick.expected);
//   node.Poll(tick.time);                // hands the held messages over
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "trilink/bus/bus.h"
#include "trilink/bus/dds_feed.h"

namespace trilink::bus {

class LockstepBus final : public Bus {
 public:
  // `inner` must outlive this bus.
  explicit LockstepBus(Bus& inner);
  ~LockstepBus() override;
  LockstepBus(const LockstepBus&) = delete;
  LockstepBus& operator=(const LockstepBus&) = delete;

  const std::string& partner() const override { return inner_.partner(); }
  void Publish(const fusion::LocalTrack& track) override;
  void Publish(const LaunchAssessment& assessment) override { inner_.Publish(assessment); }
  void Publish(const AlertMessage& alert) override { inner_.Publish(alert); }
  void Subscribe(Handlers handlers) override { handlers_ = std::move(handlers); }
  // Hands over everything held and received: first the tracks named by
  // the last Expect, in its order; then the other tracks by partner,
  // number and sequence; then the other messages in arrival order.
  size_t Poll() override;

  // Takes what the inner bus received into the hold, handing nothing over.
  void Hold();
  // Whether the hold has every one of `publisher`'s `tracks`.
  bool Holds(const std::string& publisher, const std::vector<TrackRef>& tracks) const;
  // The order of the next Poll's tracks.
  void Expect(const std::string& publisher, std::vector<TrackRef> tracks);
  // The tracks published since the last call, in order.
  std::vector<TrackRef> TakePublished() { return std::exchange(published_, {}); }

 private:
  using Key = std::tuple<std::string, uint64_t, uint32_t>;  // partner, number, sequence
  Bus& inner_;
  Handlers handlers_;
  std::map<Key, fusion::LocalTrack> tracks_;
  std::vector<Message> others_;
  std::string expected_publisher_;
  std::vector<TrackRef> expected_;
  std::vector<TrackRef> published_;
};

}  // namespace trilink::bus
