// A bus connection with a faulty link: messages a node receives may come
// late, out of order, twice, or not at all (docs/sharing.md, "Faults").
// Wraps any Bus; what the node publishes goes through untouched (the
// faults are on the receiving side, as on a partner's link).
//
// Each received message, independently, with the seeded stream
// "faults/<partner>": is lost with probability `loss`; otherwise held for
// a uniform 0…max_delay_polls of the node's polls, then delivered, and
// delivered a second time with probability `duplication`. Messages due at
// the same poll are shuffled (reordering). The same seed gives the same
// faults.
//
// Usage:
//   FaultyBus link(*connection, {.loss = 0.1, .duplication = 0.1, .max_delay_polls = 3, .seed =
//   7}); Node node(options, link, &areas, &places);
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <variant>
#include <vector>

#include "trilink/bus/bus.h"
#include "trilink/core/random.h"

namespace trilink::bus {

struct FaultOptions {
  double loss = 0.0;         // [0, 1)
  double duplication = 0.0;  // [0, 1]
  int max_delay_polls = 0;   // [0, 1e6]
  uint64_t seed = 0;

  bool IsValid(std::string* error) const;
};

class FaultyBus final : public Bus {
 public:
  // `inner` must outlive this; `options` must be valid (else InputError).
  FaultyBus(Bus& inner, const FaultOptions& options);
  // The inner bus holds handlers that point at this one.
  FaultyBus(const FaultyBus&) = delete;
  FaultyBus& operator=(const FaultyBus&) = delete;
  ~FaultyBus() override { inner_.Subscribe({}); }

  const std::string& partner() const override { return inner_.partner(); }
  void Publish(const fusion::LocalTrack& track) override { inner_.Publish(track); }
  void Publish(const LaunchAssessment& assessment) override { inner_.Publish(assessment); }
  void Publish(const AlertMessage& alert) override { inner_.Publish(alert); }
  void Subscribe(Handlers handlers) override { handlers_ = std::move(handlers); }
  size_t Poll() override;

  struct Counts {
    int64_t received = 0, lost = 0, duplicated = 0, delayed = 0;
  };
  const Counts& counts() const { return counts_; }

 private:
  struct Held {
    int64_t due = 0;  // poll number
    Message message;
  };
  void Receive(Message message);
  size_t Deliver(const Message& message);

  Bus& inner_;
  FaultOptions options_;
  RandomStream random_;
  Handlers handlers_;
  std::vector<Held> held_;
  int64_t polls_ = 0;
  Counts counts_;
};

}  // namespace trilink::bus
