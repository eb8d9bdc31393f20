// The in-process bus: partner nodes in one process (the embedded default of
// `trilink run`). A message published on one connection is queued, in
// publication order, on every other connection of the network; each
// connection hands its queue to its handlers when its node polls (bus.h).
// Copies, no serialisation; deterministic.
//
// Usage:
//   InProcessNetwork network;
//   std::unique_ptr<Bus> jp = network.Connect("JP"), kr = network.Connect("KR");
//   jp->Publish(track);
//   kr->Poll();  // KR's track handler sees JP's track
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "trilink/bus/bus.h"

namespace trilink::bus {

class InProcessNetwork {
 public:
  InProcessNetwork() = default;
  InProcessNetwork(const InProcessNetwork&) = delete;
  InProcessNetwork& operator=(const InProcessNetwork&) = delete;

  // A connection for `partner` (not empty, not connected already: else
  // InputError). The network must outlive it.
  std::unique_ptr<Bus> Connect(const std::string& partner);

  // Messages published so far, of every kind (for tests and tools).
  size_t published() const { return published_; }

 private:
  class Connection;
  void Deliver(const Connection& from, const Message& message);
  void Disconnect(const Connection* connection);

  std::vector<Connection*> connections_;
  size_t published_ = 0;
};

}  // namespace trilink::bus
