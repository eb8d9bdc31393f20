#include "dds_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <mutex>
#include <set>

#include "trilink/core/error.h"

namespace trilink::bus::dds {
namespace {

// The local domain ids this process uses: each participant creates its
// own domain instance under an id no other of the process holds.
struct LocalDomains {
  std::mutex mutex;
  std::set<uint32_t> used;
};
LocalDomains& Locals() {
  static LocalDomains* domains = new LocalDomains;
  return *domains;
}

uint32_t ReserveLocalDomain(uint32_t preferred) {
  LocalDomains& domains = Locals();
  std::lock_guard lock(domains.mutex);
  for (uint32_t k = 0; k < 230; ++k) {
    const uint32_t id = (preferred + k) % 230;
    if (domains.used.insert(id).second) return id;
  }
  throw InputError("DDS: more than 230 connections in one process");
}

void ReleaseLocalDomain(uint32_t id) {
  LocalDomains& domains = Locals();
  std::lock_guard lock(domains.mutex);
  domains.used.erase(id);
}

dds_entity_t CreateWithPartition(dds_entity_t participant, const std::string& partition,
                                 bool publisher) {
  Qos qos;
  const char* names[] = {partition.c_str()};
  dds_qset_partition(qos.qos, 1, names);
  return publisher
             ? Check(dds_create_publisher(participant, qos.qos, nullptr), "creating a publisher")
             : Check(dds_create_subscriber(participant, qos.qos, nullptr), "creating a subscriber");
}

}  // namespace

dds_return_t Check(dds_return_t code, const char* what) {
  if (code < 0) throw InputError(fmt::format("DDS: {} failed: {}", what, dds_strretcode(code)));
  return code;
}

dds_duration_t Duration(double seconds) {
  return static_cast<dds_duration_t>(std::llround(std::clamp(seconds, 0.0, 1e9) * 1e9));
}

void ThrowTooLong(const char* field, const std::string& text, size_t limit) {
  throw InputError(fmt::format("DDS: {} '{}' is longer than {} bytes", field, text, limit));
}

Participant::Participant(const std::string& name, const DdsOptions& options, bool batch_writes) {
  std::string error;
  if (!options.IsValid(&error)) throw InputError("DDS: " + error);
  if (name.empty() || name.size() > 16 || !std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
      }))
    throw InputError(
        fmt::format("DDS: partner id '{}': expected 1 to 16 letters, digits, '-' or '_'", name));
  domain_id_ = ReserveLocalDomain(options.domain_id);
  try {
    domain_ = Entity(
        Check(dds_create_domain(domain_id_, DdsConfig(options, domain_id_, batch_writes).c_str()),
              "creating the domain (configuration, security plugins)"));
    participant_ = Entity(Check(dds_create_participant(domain_id_, nullptr, nullptr),
                                "creating the participant (identity, permissions)"));
  } catch (...) {
    domain_ = Entity();
    ReleaseLocalDomain(domain_id_);
    throw;
  }
}

Participant::~Participant() {
  participant_ = Entity();  // deletes the topics, writers and readers
  domain_ = Entity();
  ReleaseLocalDomain(domain_id_);
}

dds_entity_t CreatePublisher(dds_entity_t participant, const std::string& partition) {
  return CreateWithPartition(participant, partition, true);
}

dds_entity_t CreateSubscriber(dds_entity_t participant, const std::string& partition) {
  return CreateWithPartition(participant, partition, false);
}

void AttachReader(dds_entity_t waitset, dds_entity_t reader) {
  const dds_entity_t condition =
      Check(dds_create_readcondition(reader, DDS_ANY_STATE), "creating a read condition");
  Check(dds_waitset_attach(waitset, condition, reader), "attaching a read condition");
}

int MatchedReaders(dds_entity_t writer) {
  dds_publication_matched_status_t status{};
  Check(dds_get_publication_matched_status(writer, &status), "reading the publication matches");
  return static_cast<int>(status.current_count);
}

int MatchedWriters(dds_entity_t reader) {
  dds_subscription_matched_status_t status{};
  Check(dds_get_subscription_matched_status(reader, &status), "reading the subscription matches");
  return static_cast<int>(status.current_count);
}

}  // namespace trilink::bus::dds
