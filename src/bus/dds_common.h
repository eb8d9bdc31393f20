// What the DDS bus and the DDS feed share (private to src/bus/): return
// codes as errors, owned entities and QoS, the per-connection domain.
#pragma once

#include <dds/dds.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "trilink/bus/dds_bus.h"
#include "trilink/core/time.h"

namespace trilink::bus::dds {

// A DDS call's return code as an InputError naming the call.
dds_return_t Check(dds_return_t code, const char* what);

dds_duration_t Duration(double seconds);

// One entity handle, deleted with its children when the owner goes.
class Entity {
 public:
  Entity() = default;
  explicit Entity(dds_entity_t handle) : handle_(handle) {}
  Entity(Entity&& other) noexcept : handle_(std::exchange(other.handle_, 0)) {}
  Entity& operator=(Entity&& other) noexcept {
    Reset();
    handle_ = std::exchange(other.handle_, 0);
    return *this;
  }
  ~Entity() { Reset(); }
  dds_entity_t get() const { return handle_; }

 private:
  void Reset() {
    if (handle_ > 0) dds_delete(handle_);
    handle_ = 0;
  }
  dds_entity_t handle_ = 0;
};

// A QoS object, freed when it goes.
struct Qos {
  Qos() : qos(dds_create_qos()) {}
  ~Qos() { dds_delete_qos(qos); }
  Qos(const Qos&) = delete;
  Qos& operator=(const Qos&) = delete;
  dds_qos_t* qos;
};

// A participant in a domain instance of its own (DdsConfig, batching its
// writes when `batch_writes`: each write must then be flushed), under a
// local id no other participant of the process holds; `name` is its partner
// id (checked: a partition name). Throws InputError when DDS refuses.
class Participant {
 public:
  Participant(const std::string& name, const DdsOptions& options, bool batch_writes = false);
  ~Participant();
  Participant(const Participant&) = delete;
  Participant& operator=(const Participant&) = delete;
  dds_entity_t get() const { return participant_.get(); }

 private:
  uint32_t domain_id_ = 0;  // local
  Entity domain_, participant_;
};

// A publisher or subscriber of one partition.
dds_entity_t CreatePublisher(dds_entity_t participant, const std::string& partition);
dds_entity_t CreateSubscriber(dds_entity_t participant, const std::string& partition);

// Copies `text` into a bounded IDL string (char[N + 1]); refuses longer.
template <size_t Size>
void CopyBounded(char (&out)[Size], const std::string& text, const char* field);

// A received bounded string, or nullopt when not terminated in its array.
template <size_t Size>
std::optional<std::string> Bounded(const char (&in)[Size]) {
  const void* end = std::memchr(in, '\0', Size);
  if (end == nullptr) return std::nullopt;
  return std::string(in, static_cast<const char*>(end));
}

[[noreturn]] void ThrowTooLong(const char* field, const std::string& text, size_t limit);

template <size_t Size>
void CopyBounded(char (&out)[Size], const std::string& text, const char* field) {
  if (text.size() >= Size) ThrowTooLong(field, text, Size - 1);
  std::memcpy(out, text.c_str(), text.size() + 1);
}

inline UtcTime TimeOf(int64_t ns) { return UtcTime::FromNanoseconds(ns); }

// Takes every sample `reader` holds, hands each valid one to `convert`
// (which must not keep it) and returns the loans.
template <typename Convert>
void TakeAll(dds_entity_t reader, Convert&& convert) {
  constexpr uint32_t kBatch = 64;
  void* samples[kBatch];
  dds_sample_info_t infos[kBatch];
  for (;;) {
    std::fill(std::begin(samples), std::end(samples), nullptr);
    const dds_return_t n =
        Check(dds_take(reader, samples, infos, kBatch, kBatch), "taking samples");
    for (dds_return_t i = 0; i < n; ++i) {
      if (infos[i].valid_data) convert(samples[i]);
    }
    if (n > 0) Check(dds_return_loan(reader, samples, n), "returning the samples' loan");
    if (n < static_cast<dds_return_t>(kBatch)) return;
  }
}

// Makes `waitset` wake when `reader` holds samples.
void AttachReader(dds_entity_t waitset, dds_entity_t reader);

// How many readers a writer is matched with, and writers a reader.
int MatchedReaders(dds_entity_t writer);
int MatchedWriters(dds_entity_t reader);

}  // namespace trilink::bus::dds
