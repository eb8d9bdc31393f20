#include "trilink/bus/faulty_bus.h"

#include <algorithm>
#include <cmath>

#include "trilink/core/error.h"

namespace trilink::bus {
namespace {

std::string StreamName(const std::string& partner) {
  std::string name = "faults/";
  name += partner;
  return name;
}

}  // namespace

bool FaultOptions::IsValid(std::string* error) const {
  if (!(loss >= 0.0 && loss < 1.0)) return Invalid(error, "loss must be in [0, 1)");
  if (!(duplication >= 0.0 && duplication <= 1.0))
    return Invalid(error, "duplication must be in [0, 1]");
  if (max_delay_polls < 0 || max_delay_polls > 1000000)
    return Invalid(error, "max_delay_polls must be in [0, 1000000]");
  return true;
}

FaultyBus::FaultyBus(Bus& inner, const FaultOptions& options)
    : inner_(inner), options_(options), random_(options.seed, StreamName(inner.partner())) {
  std::string error;
  if (!options.IsValid(&error)) throw InputError("faulty bus: " + error);
  inner_.Subscribe({.track = [this](const fusion::LocalTrack& m) { Receive(m); },
                    .assessment = [this](const LaunchAssessment& m) { Receive(m); },
                    .alert = [this](const AlertMessage& m) { Receive(m); }});
}

void FaultyBus::Receive(Message message) {
  ++counts_.received;
  if (random_.Uniform() < options_.loss) {
    ++counts_.lost;
    return;
  }
  const int64_t delay =
      options_.max_delay_polls == 0
          ? 0
          : static_cast<int64_t>(random_.NextBits() %
                                 static_cast<uint64_t>(options_.max_delay_polls + 1));
  counts_.delayed += delay > 0;
  held_.push_back({.due = polls_ + delay, .message = std::move(message)});
}

size_t FaultyBus::Deliver(const Message& message) {
  Dispatch(handlers_, message);
  return 1;
}

size_t FaultyBus::Poll() {
  inner_.Poll();
  // The messages due now, shuffled (Fisher–Yates on the seeded stream).
  std::vector<Message> due;
  std::vector<Held> later;
  for (Held& held : held_) {
    if (held.due <= polls_) {
      due.push_back(std::move(held.message));
    } else {
      later.push_back(std::move(held));
    }
  }
  held_ = std::move(later);
  ++polls_;
  for (size_t i = due.size(); i > 1; --i) std::swap(due[i - 1], due[random_.NextBits() % i]);
  size_t delivered = 0;
  for (const Message& message : due) {
    delivered += Deliver(message);
    if (random_.Uniform() < options_.duplication) {
      ++counts_.duplicated;
      delivered += Deliver(message);
    }
  }
  return delivered;
}

}  // namespace trilink::bus
