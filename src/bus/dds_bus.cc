#include "trilink/bus/dds_bus.h"

#include <dds/dds.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <variant>

#include "dds_common.h"
#include "trilink/bus/pki.h"
#include "trilink/core/error.h"
#include "trilink_messages.h"

namespace trilink::bus {
namespace {

using dds::Bounded;
using dds::Check;
using dds::CopyBounded;
using dds::Duration;
using dds::Entity;
using dds::Qos;
using dds::TakeAll;
using dds::TimeOf;

constexpr size_t kMaxCapBytes = 1 << 20;
// No sample above this is taken off the wire or deserialised (Cyclone's
// Internal/MaxSampleSize): the largest message is an alert, a CAP document
// of at most kMaxCapBytes and a few short fields.
constexpr size_t kMaxSampleBytes = kMaxCapBytes + (64 << 10);

// Text for an XML element: refuses what would need escaping (paths and
// tags come from the command line or the PKI folder).
const std::string& XmlText(const std::string& text, const char* what) {
  if (text.find_first_of("<>&\"'") != std::string::npos)
    throw InputError(fmt::format("DDS: {} '{}' contains one of < > & \" '", what, text));
  return text;
}

}  // namespace

bool DdsOptions::IsValid(std::string* error) const {
  if (domain_id >= 230) return Invalid(error, "domain_id must be below 230");
  if (!(deadline_s > 0.0 && std::isfinite(deadline_s)))
    return Invalid(error, "deadline_s must be finite and > 0");
  if (!(lease_s > 0.0 && std::isfinite(lease_s)))
    return Invalid(error, "lease_s must be finite and > 0");
  for (const std::string& partner : partners) {
    if (partner.empty()) return Invalid(error, "a partner id is empty");
  }
  if (security) {
    for (const std::string* path :
         {&security->identity_ca, &security->certificate, &security->private_key,
          &security->permissions_ca, &security->governance, &security->permissions}) {
      if (path->empty()) return Invalid(error, "a security file is not named");
    }
  }
  return true;
}

DdsSecurity SecurityFromPki(const std::filesystem::path& dir, const std::string& partner) {
  const PartnerFiles files = FilesOf(dir, partner);
  return {.identity_ca = files.identity_ca.string(),
          .certificate = files.certificate.string(),
          .private_key = files.private_key.string(),
          .permissions_ca = files.permissions_ca.string(),
          .governance = files.governance.string(),
          .permissions = files.permissions.string()};
}

std::string DdsSecurityPluginDir() { return TRILINK_DDS_SECURITY_DIR; }

std::string DdsConfig(const DdsOptions& options, uint32_t local_domain_id, bool batch_writes) {
  std::string general, discovery;
  if (options.loopback) {
    general =
        "<Interfaces><NetworkInterface name=\"lo\"/></Interfaces>"
        "<AllowMulticast>false</AllowMulticast>";
  }
  std::vector<std::string> peers = options.peers;
  if (options.loopback) peers.insert(peers.begin(), "127.0.0.1");
  std::string peer_list;
  for (const std::string& peer : peers)
    peer_list += fmt::format("<Peer address=\"{}\"/>", XmlText(peer, "peer address"));
  discovery = fmt::format(
      "<ExternalDomainId>{}</ExternalDomainId><ParticipantIndex>auto</ParticipantIndex>"
      "<MaxAutoParticipantIndex>100</MaxAutoParticipantIndex>{}{}",
      options.domain_id, peer_list.empty() ? "" : "<Peers>" + peer_list + "</Peers>",
      options.discovery_tag.empty()
          ? ""
          : fmt::format("<Tag>{}</Tag>", XmlText(options.discovery_tag, "discovery tag")));
  std::string security;
  if (options.security) {
    const DdsSecurity& files = *options.security;
    const std::string dir = DdsSecurityPluginDir();
    auto file = [](const std::string& path, const char* what) {
      return "file:" + XmlText(path, what);
    };
    security = fmt::format(
        "<Security>"
        "<Authentication><Library path=\"{0}/libdds_security_auth.so\" "
        "initFunction=\"init_authentication\" finalizeFunction=\"finalize_authentication\"/>"
        "<IdentityCA>{1}</IdentityCA><IdentityCertificate>{2}</IdentityCertificate>"
        "<PrivateKey>{3}</PrivateKey></Authentication>"
        "<AccessControl><Library path=\"{0}/libdds_security_ac.so\" "
        "initFunction=\"init_access_control\" finalizeFunction=\"finalize_access_control\"/>"
        "<Governance>{4}</Governance><PermissionsCA>{5}</PermissionsCA>"
        "<Permissions>{6}</Permissions></AccessControl>"
        "<Cryptographic><Library path=\"{0}/libdds_security_crypto.so\" "
        "initFunction=\"init_crypto\" finalizeFunction=\"finalize_crypto\"/></Cryptographic>"
        "</Security>",
        XmlText(dir, "plugin folder"), file(files.identity_ca, "identity CA"),
        file(files.certificate, "certificate"), file(files.private_key, "private key"),
        file(files.governance, "governance"), file(files.permissions_ca, "permissions CA"),
        file(files.permissions, "permissions"));
  }
  return fmt::format(
      "<CycloneDDS><Domain id=\"{}\"><General>{}</General><Discovery>{}</Discovery>"
      "<Internal><MaxSampleSize>{}B</MaxSampleSize>{}</Internal>{}</Domain></CycloneDDS>",
      local_domain_id, general, discovery, kMaxSampleBytes,
      batch_writes ? "<WriteBatch>true</WriteBatch>" : "", security);
}

struct DdsBus::Entities {
  explicit Entities(const std::string& partner, const DdsOptions& options)
      : participant(partner, options, /*batch_writes=*/true) {}
  dds::Participant participant;  // deletes the topics, writers and readers
  dds_entity_t track_topic = 0, assessment_topic = 0, alert_topic = 0;
  dds_entity_t track_writer = 0, assessment_writer = 0, alert_writer = 0;
  // One set of readers per partner partition, so that a sample's partner
  // is checked against the partition it was written in (which the access
  // control lets only that partner write).
  struct PartnerReaders {
    std::string partner;
    dds_entity_t track = 0, assessment = 0, alert = 0;
  };
  std::vector<PartnerReaders> readers;
  Entity waitset;
};

DdsBus::DdsBus(const std::string& partner, const DdsOptions& options)
    : partner_(partner), options_(options) {
  dds_ = std::make_unique<Entities>(partner, options);
  Entities& e = *dds_;
  const dds_entity_t participant = e.participant.get();

  // Every topic: reliable, keep the last sample of each instance, kept
  // for late joiners while the writer lives (docs/sharing.md).
  Qos topic_qos;
  dds_qset_reliability(topic_qos.qos, DDS_RELIABILITY_RELIABLE, Duration(1.0));
  dds_qset_history(topic_qos.qos, DDS_HISTORY_KEEP_LAST, 1);
  dds_qset_durability(topic_qos.qos, DDS_DURABILITY_TRANSIENT_LOCAL);
  e.track_topic = Check(dds_create_topic(participant, &trilink_msg_Track_desc, "trilink_Track",
                                         topic_qos.qos, nullptr),
                        "creating the Track topic");
  e.assessment_topic = Check(dds_create_topic(participant, &trilink_msg_LaunchAssessment_desc,
                                              "trilink_LaunchAssessment", topic_qos.qos, nullptr),
                             "creating the LaunchAssessment topic");
  e.alert_topic = Check(dds_create_topic(participant, &trilink_msg_Alert_desc, "trilink_Alert",
                                         topic_qos.qos, nullptr),
                        "creating the Alert topic");

  // Writers in the node's own partition.
  const dds_entity_t publisher = dds::CreatePublisher(participant, partner_);
  Qos track_qos;
  dds_copy_qos(track_qos.qos, topic_qos.qos);
  dds_qset_deadline(track_qos.qos, Duration(options.deadline_s));
  dds_qset_liveliness(track_qos.qos, DDS_LIVELINESS_AUTOMATIC, Duration(options.lease_s));
  e.track_writer = Check(dds_create_writer(publisher, e.track_topic, track_qos.qos, nullptr),
                         "creating the Track writer");
  e.assessment_writer =
      Check(dds_create_writer(publisher, e.assessment_topic, topic_qos.qos, nullptr),
            "creating the LaunchAssessment writer");
  e.alert_writer = Check(dds_create_writer(publisher, e.alert_topic, topic_qos.qos, nullptr),
                         "creating the Alert writer");

  // Readers of each partner's partition (none: a node alone reads nothing).
  e.waitset = Entity(Check(dds_create_waitset(participant), "creating the waitset"));
  for (const std::string& p : options.partners) {
    if (p == partner_ || std::any_of(e.readers.begin(), e.readers.end(),
                                     [&](const auto& r) { return r.partner == p; }))
      continue;
    const dds_entity_t subscriber = dds::CreateSubscriber(participant, p);
    Entities::PartnerReaders& r = e.readers.emplace_back();
    r.partner = p;
    r.track = Check(dds_create_reader(subscriber, e.track_topic, track_qos.qos, nullptr),
                    "creating a Track reader");
    r.assessment = Check(dds_create_reader(subscriber, e.assessment_topic, topic_qos.qos, nullptr),
                         "creating a LaunchAssessment reader");
    r.alert = Check(dds_create_reader(subscriber, e.alert_topic, topic_qos.qos, nullptr),
                    "creating an Alert reader");
    for (const dds_entity_t reader : {r.track, r.assessment, r.alert})
      dds::AttachReader(e.waitset.get(), reader);
  }
}

DdsBus::~DdsBus() = default;

// The participant batches writes (DdsConfig): each public Publish flushes
// what it wrote, so that every message is on its way when it returns.
void DdsBus::Publish(const fusion::LocalTrack& track) {
  Write(track);
  dds_write_flush(dds_->track_writer);
}

void DdsBus::PublishAll(std::span<const fusion::LocalTrack> tracks) {
  for (const fusion::LocalTrack& track : tracks) CheckOwn(track);  // all or nothing
  for (const fusion::LocalTrack& track : tracks) Write(track);
  dds_write_flush(dds_->track_writer);
}

void DdsBus::CheckOwn(const fusion::LocalTrack& track) const {
  if (track.partner != partner_)
    throw InputError("bus: " + partner_ + " may not publish a track of " + track.partner);
}

void DdsBus::Write(const fusion::LocalTrack& track) {
  CheckOwn(track);
  trilink_msg_Track sample{};
  CopyBounded(sample.partner, track.partner, "partner");
  sample.number = track.number;
  sample.update_sequence = track.sequence;
  sample.incarnation = track.incarnation;
  sample.time_ns = track.time.nanoseconds_since_epoch();
  for (int i = 0; i < 10; ++i) sample.state[i] = track.state.mean(i);
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) sample.covariance[r * 10 + c] = track.state.covariance(r, c);
  sample.boost_probability = track.boost_probability;
  sample.manoeuvre_probability = track.manoeuvre_probability;
  sample.quality = track.quality;
  sample.hits = track.hits;
  sample.ended = track.ended;
  Check(dds_write(dds_->track_writer, &sample), "writing a Track");
  // An ended track's instance is let go: late joiners are not handed it,
  // and it does not miss its deadline forever.
  if (track.ended)
    Check(dds_unregister_instance(dds_->track_writer, &sample), "letting a Track go");
}

void DdsBus::Publish(const LaunchAssessment& assessment) {
  if (assessment.partner != partner_)
    throw InputError("bus: " + partner_ + " may not publish an assessment of " +
                     assessment.partner);
  if (assessment.missiles.size() > 64)
    throw InputError("DDS: a launch assessment carries at most 64 missiles");
  std::vector<trilink_msg_MissileFinding> missiles(assessment.missiles.size());
  for (size_t i = 0; i < missiles.size(); ++i) {
    const assess::MissileFinding& m = assessment.missiles[i];
    trilink_msg_MissileFinding& out = missiles[i];
    CopyBounded(out.track, m.track, "track");
    out.launch_time_ns = m.launch_time.nanoseconds_since_epoch();
    out.launch_latitude_deg = m.launch_point.latitude_deg();
    out.launch_longitude_deg = m.launch_point.longitude_deg();
    out.impact_time_ns = m.impact_time.nanoseconds_since_epoch();
    out.impact_latitude_deg = m.impact_point.latitude_deg();
    out.impact_longitude_deg = m.impact_point.longitude_deg();
    out.max_altitude_m = m.max_altitude_m;
    out.range_m = m.range_m;
    out.flight_time_s = m.flight_time_s;
    out.trajectory = static_cast<int32_t>(m.trajectory);
    CopyBounded(out.eez_country, m.eez_country.value_or(""), "EEZ country");
    CopyBounded(out.eez_country_name, m.eez_country_name.value_or(""), "EEZ country name");
  }
  trilink_msg_LaunchAssessment sample{};
  CopyBounded(sample.partner, assessment.partner, "partner");
  CopyBounded(sample.event_id, assessment.event_id, "event id");
  sample.revision = assessment.revision;
  sample.time_ns = assessment.time.nanoseconds_since_epoch();
  sample.missiles._maximum = sample.missiles._length = static_cast<uint32_t>(missiles.size());
  sample.missiles._buffer = missiles.data();
  sample.missiles._release = false;
  Check(dds_write(dds_->assessment_writer, &sample), "writing a LaunchAssessment");
  dds_write_flush(dds_->assessment_writer);
}

void DdsBus::Publish(const AlertMessage& alert) {
  if (alert.partner != partner_)
    throw InputError("bus: " + partner_ + " may not publish an alert of " + alert.partner);
  if (alert.cap.size() > kMaxCapBytes) throw InputError("DDS: a CAP document above 1 MiB");
  trilink_msg_Alert sample{};
  CopyBounded(sample.identifier, alert.identifier, "CAP identifier");
  CopyBounded(sample.partner, alert.partner, "partner");
  sample.sent_ns = alert.sent.nanoseconds_since_epoch();
  sample.cap = const_cast<char*>(alert.cap.c_str());  // read only by dds_write
  Check(dds_write(dds_->alert_writer, &sample), "writing an Alert");
  dds_write_flush(dds_->alert_writer);
}

size_t DdsBus::Poll() {
  // Everything ready is taken and converted first, the loans returned, and
  // only then handed to the handlers (which may publish, and throw).
  std::vector<Message> received;
  for (const Entities::PartnerReaders& r : dds_->readers) {
    // A sample must name the partner whose partition it came in.
    auto from_partner = [&](const std::optional<std::string>& partner) {
      if (partner && *partner == r.partner) return true;
      ++malformed_;
      return false;
    };
    TakeAll(r.track, [&](void* raw) {
      const auto& s = *static_cast<const trilink_msg_Track*>(raw);
      if (!from_partner(Bounded(s.partner))) return;
      fusion::LocalTrack track{.partner = r.partner,
                               .number = s.number,
                               .sequence = s.update_sequence,
                               .incarnation = s.incarnation,
                               .time = TimeOf(s.time_ns)};
      for (int i = 0; i < 10; ++i) track.state.mean(i) = s.state[i];
      for (int row = 0; row < 10; ++row)
        for (int c = 0; c < 10; ++c) track.state.covariance(row, c) = s.covariance[row * 10 + c];
      track.boost_probability = s.boost_probability;
      track.manoeuvre_probability = s.manoeuvre_probability;
      track.quality = s.quality;
      track.hits = s.hits;
      track.ended = s.ended;
      received.emplace_back(std::move(track));
    });
    TakeAll(r.assessment, [&](void* raw) {
      const auto& s = *static_cast<const trilink_msg_LaunchAssessment*>(raw);
      const std::optional<std::string> event = Bounded(s.event_id);
      if (!from_partner(Bounded(s.partner))) return;
      if (!event || s.missiles._length > 64 || !TimeOf(s.time_ns).IsInputTime()) {
        ++malformed_;
        return;
      }
      LaunchAssessment assessment{.partner = r.partner,
                                  .event_id = *event,
                                  .revision = s.revision,
                                  .time = TimeOf(s.time_ns)};
      for (uint32_t i = 0; i < s.missiles._length; ++i) {
        const trilink_msg_MissileFinding& m = s.missiles._buffer[i];
        const std::optional<std::string> track = Bounded(m.track), country = Bounded(m.eez_country),
                                         name = Bounded(m.eez_country_name);
        const bool sane =
            std::isfinite(m.launch_latitude_deg) && std::abs(m.launch_latitude_deg) <= 90.0 &&
            std::isfinite(m.launch_longitude_deg) && std::isfinite(m.impact_latitude_deg) &&
            std::abs(m.impact_latitude_deg) <= 90.0 && std::isfinite(m.impact_longitude_deg) &&
            std::isfinite(m.max_altitude_m) && std::isfinite(m.range_m) &&
            std::isfinite(m.flight_time_s) && m.trajectory >= 0 &&
            m.trajectory <= static_cast<int32_t>(assess::TrajectoryType::kIrregular) &&
            TimeOf(m.launch_time_ns).IsInputTime() && TimeOf(m.impact_time_ns).IsInputTime();
        if (!track || !country || !name || !sane) {
          ++malformed_;
          return;
        }
        assessment.missiles.push_back(
            {.track = *track,
             .launch_time = TimeOf(m.launch_time_ns),
             .launch_point =
                 geo::Geodetic::FromDegrees(m.launch_latitude_deg, m.launch_longitude_deg),
             .impact_time = TimeOf(m.impact_time_ns),
             .impact_point =
                 geo::Geodetic::FromDegrees(m.impact_latitude_deg, m.impact_longitude_deg),
             .max_altitude_m = m.max_altitude_m,
             .range_m = m.range_m,
             .flight_time_s = m.flight_time_s,
             .trajectory = static_cast<assess::TrajectoryType>(m.trajectory),
             .eez_country = country->empty() ? std::nullopt : std::optional(*country),
             .eez_country_name = name->empty() ? std::nullopt : std::optional(*name)});
      }
      received.emplace_back(std::move(assessment));
    });
    TakeAll(r.alert, [&](void* raw) {
      const auto& s = *static_cast<const trilink_msg_Alert*>(raw);
      const std::optional<std::string> identifier = Bounded(s.identifier);
      if (!from_partner(Bounded(s.partner))) return;
      const size_t cap_size = s.cap == nullptr ? 0 : strnlen(s.cap, kMaxCapBytes + 1);
      if (!identifier || s.cap == nullptr || cap_size > kMaxCapBytes ||
          !TimeOf(s.sent_ns).IsInputTime()) {
        ++malformed_;
        return;
      }
      received.emplace_back(AlertMessage{.partner = r.partner,
                                         .identifier = *identifier,
                                         .sent = TimeOf(s.sent_ns),
                                         .cap = std::string(s.cap, cap_size)});
    });
  }
  for (const auto& message : received) {
    Dispatch(handlers_, message);
  }
  return received.size();
}

bool DdsBus::Wait(double timeout_s) {
  if (dds_->readers.empty()) return false;
  dds_attach_t triggered[8];
  return Check(dds_waitset_wait(dds_->waitset.get(), triggered, 8,
                                Duration(std::clamp(timeout_s, 0.0, 3600.0))),
               "waiting for samples") > 0;
}

bool DdsBus::PollUntil(const std::function<bool()>& done, double timeout_s) {
  const dds_time_t deadline = dds_time() + Duration(timeout_s);
  while (!done() && dds_time() < deadline) {
    Wait(0.05);
    Poll();
  }
  return done();
}

bool DdsBus::WaitForMatches(int readers, int writers, double timeout_s) {
  const dds_time_t deadline = dds_time() + Duration(timeout_s);
  for (;;) {
    int matched_writers = 0;
    for (const Entities::PartnerReaders& r : dds_->readers)
      matched_writers += dds::MatchedWriters(r.track);
    if (dds::MatchedReaders(dds_->track_writer) >= readers && matched_writers >= writers)
      return true;
    if (dds_time() >= deadline) return false;
    dds_sleepfor(DDS_MSECS(10));
  }
}

PartnerStatus DdsBus::status() const {
  PartnerStatus status;
  for (const Entities::PartnerReaders& r : dds_->readers) {
    dds_liveliness_changed_status_t liveliness{};
    Check(dds_get_liveliness_changed_status(r.track, &liveliness), "reading the liveliness");
    dds_requested_deadline_missed_status_t deadline{};
    Check(dds_get_requested_deadline_missed_status(r.track, &deadline),
          "reading the missed deadlines");
    status.alive_writers += static_cast<int>(liveliness.alive_count);
    status.deadlines_missed += deadline.total_count;
  }
  return status;
}

}  // namespace trilink::bus
