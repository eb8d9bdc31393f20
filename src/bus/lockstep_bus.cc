#include "trilink/bus/lockstep_bus.h"

#include <utility>

namespace trilink::bus {

LockstepBus::LockstepBus(Bus& inner) : inner_(inner) {
  inner_.Subscribe(
      {.track =
           [this](const fusion::LocalTrack& track) {
             tracks_.insert_or_assign({track.partner, track.number, track.sequence}, track);
           },
       .assessment = [this](const LaunchAssessment& a) { others_.emplace_back(a); },
       .alert = [this](const AlertMessage& a) { others_.emplace_back(a); }});
}

LockstepBus::~LockstepBus() { inner_.Subscribe({}); }

void LockstepBus::Publish(const fusion::LocalTrack& track) {
  inner_.Publish(track);
  published_.push_back({.number = track.number, .sequence = track.sequence});
}

void LockstepBus::Hold() { inner_.Poll(); }

bool LockstepBus::Holds(const std::string& publisher, const std::vector<TrackRef>& tracks) const {
  for (const TrackRef& ref : tracks) {
    if (!tracks_.count({publisher, ref.number, ref.sequence})) return false;
  }
  return true;
}

void LockstepBus::Expect(const std::string& publisher, std::vector<TrackRef> tracks) {
  expected_publisher_ = publisher;
  expected_ = std::move(tracks);
}

size_t LockstepBus::Poll() {
  Hold();
  std::vector<Message> ready;
  ready.reserve(tracks_.size() + others_.size());
  for (const TrackRef& ref : std::exchange(expected_, {})) {
    const auto it = tracks_.find({expected_publisher_, ref.number, ref.sequence});
    if (it == tracks_.end()) continue;
    ready.emplace_back(std::move(it->second));
    tracks_.erase(it);
  }
  for (auto& [key, track] : tracks_) ready.emplace_back(std::move(track));
  tracks_.clear();
  for (Message& message : others_) ready.push_back(std::move(message));
  others_.clear();
  // Handlers may publish (never into the hold: a bus does not deliver a
  // node's own messages to it).
  for (const Message& message : ready) Dispatch(handlers_, message);
  return ready.size();
}

}  // namespace trilink::bus
