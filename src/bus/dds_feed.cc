#include "trilink/bus/dds_feed.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "dds_common.h"
#include "trilink/bus/pki.h"
#include "trilink/core/error.h"
#include "trilink_feed.h"

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

constexpr size_t kMaxMeasurements = 1 << 16;
constexpr size_t kMaxTrackRefs = 1 << 16;

void ToIdl(const sensors::ScanFrame& frame, trilink_feed_Frame& out) {
  out.type = static_cast<int32_t>(frame.type);
  const sensors::RadarConfig& radar = frame.radar;
  out.site[0] = radar.site.latitude_rad;
  out.site[1] = radar.site.longitude_rad;
  out.site[2] = radar.site.height_m;
  for (int i = 0; i < 3; ++i) out.site_velocity[i] = radar.site_ecef_velocity(i);
  for (int i = 0; i < 4; ++i) out.measures[i] = radar.measures[i];
  out.sigmas[0] = radar.range_sigma_m;
  out.sigmas[1] = radar.azimuth_sigma_rad;
  out.sigmas[2] = radar.elevation_sigma_rad;
  out.sigmas[3] = radar.range_rate_sigma_m_s;
  out.max_range_m = radar.field_of_view.max_range_m;
  out.azimuth_start_rad = radar.field_of_view.azimuth_start_rad;
  out.azimuth_extent_rad = radar.field_of_view.azimuth_extent_rad;
  out.elevation_min_rad = radar.field_of_view.elevation_min_rad;
  out.elevation_max_rad = radar.field_of_view.elevation_max_rad;
  out.refraction_k = radar.refraction_k;
  for (int i = 0; i < 3; ++i) out.satellite[i] = frame.infrared.satellite_ecef_position(i);
  out.angle_sigma_rad = frame.infrared.angle_sigma_rad;
}

// The frame, or nullopt when it is not a valid one.
std::optional<sensors::ScanFrame> FromIdl(const trilink_feed_Frame& in) {
  sensors::ScanFrame frame;
  if (in.type != static_cast<int32_t>(sensors::SensorType::kRadar) &&
      in.type != static_cast<int32_t>(sensors::SensorType::kInfrared))
    return std::nullopt;
  frame.type = static_cast<sensors::SensorType>(in.type);
  sensors::RadarConfig& radar = frame.radar;
  radar.site = {.latitude_rad = in.site[0], .longitude_rad = in.site[1], .height_m = in.site[2]};
  for (int i = 0; i < 3; ++i) radar.site_ecef_velocity(i) = in.site_velocity[i];
  for (int i = 0; i < 4; ++i) radar.measures[i] = in.measures[i];
  radar.range_sigma_m = in.sigmas[0];
  radar.azimuth_sigma_rad = in.sigmas[1];
  radar.elevation_sigma_rad = in.sigmas[2];
  radar.range_rate_sigma_m_s = in.sigmas[3];
  radar.field_of_view = {.max_range_m = in.max_range_m,
                         .azimuth_start_rad = in.azimuth_start_rad,
                         .azimuth_extent_rad = in.azimuth_extent_rad,
                         .elevation_min_rad = in.elevation_min_rad,
                         .elevation_max_rad = in.elevation_max_rad};
  radar.refraction_k = in.refraction_k;
  for (int i = 0; i < 3; ++i) frame.infrared.satellite_ecef_position(i) = in.satellite[i];
  frame.infrared.angle_sigma_rad = in.angle_sigma_rad;
  const bool finite = std::isfinite(in.site[0]) && std::isfinite(in.site[1]) &&
                      std::isfinite(in.site[2]) && radar.site_ecef_velocity.allFinite() &&
                      frame.infrared.satellite_ecef_position.allFinite();
  const bool valid = frame.type == sensors::SensorType::kRadar ? radar.IsValid(nullptr)
                                                               : frame.infrared.IsValid(nullptr);
  if (!finite || !valid) return std::nullopt;
  return frame;
}

int MeasurementSize(const sensors::ScanFrame& frame) {
  if (frame.type == sensors::SensorType::kInfrared) return 2;
  return static_cast<int>(
      std::count(frame.radar.measures.begin(), frame.radar.measures.end(), true));
}

// An IDL sequence over a vector the sample does not own.
template <typename Sequence, typename T>
void Borrow(Sequence& sequence, std::vector<T>& items) {
  sequence._maximum = sequence._length = static_cast<uint32_t>(items.size());
  sequence._buffer = items.data();
  sequence._release = false;
}

std::vector<trilink_feed_TrackRef> ToIdl(const std::vector<TrackRef>& refs) {
  if (refs.size() > kMaxTrackRefs) throw InputError("DDS feed: more than 65536 tracks in one step");
  std::vector<trilink_feed_TrackRef> out(refs.size());
  for (size_t i = 0; i < refs.size(); ++i) out[i] = {refs[i].number, refs[i].sequence};
  return out;
}

template <typename Sequence>
std::optional<std::vector<TrackRef>> RefsOf(const Sequence& sequence) {
  if (sequence._length > kMaxTrackRefs) return std::nullopt;
  std::vector<TrackRef> refs(sequence._length);
  for (uint32_t i = 0; i < sequence._length; ++i)
    refs[i] = {sequence._buffer[i].number, sequence._buffer[i].update_sequence};
  return refs;
}

}  // namespace

struct DdsFeed::Entities {
  Entities(const std::string& name, const DdsOptions& options) : participant(name, options) {}
  dds::Participant participant;
  dds_entity_t scan_topic = 0, tick_topic = 0, ack_topic = 0;
  // Feeder: a scan writer per partner, the tick writer, an ack reader per
  // partner. Node: its scan reader, the tick reader, its ack writer.
  std::vector<std::pair<std::string, dds_entity_t>> scan_writers, ack_readers;
  dds_entity_t tick_writer = 0, scan_reader = 0, tick_reader = 0, ack_writer = 0;
  Entity waitset;
};

std::unique_ptr<DdsFeed> DdsFeed::ForFeeder(const std::string& feeder, const DdsOptions& options) {
  return std::unique_ptr<DdsFeed>(new DdsFeed(feeder, options, true, feeder));
}

std::unique_ptr<DdsFeed> DdsFeed::ForNode(const std::string& partner, const std::string& feeder,
                                          const DdsOptions& options) {
  return std::unique_ptr<DdsFeed>(new DdsFeed(partner, options, false, feeder));
}

DdsFeed::DdsFeed(const std::string& name, const DdsOptions& options, bool feeder,
                 const std::string& feeder_name)
    : name_(name), feeder_(feeder) {
  if (feeder && options.partners.empty()) throw InputError("DDS feed: no node to feed");
  dds_ = std::make_unique<Entities>(name, options);
  Entities& e = *dds_;
  const dds_entity_t participant = e.participant.get();
  // Every sample kept until taken: the lockstep protocol never has more
  // than a step in flight, a paced feeder is slowed by a slow node rather
  // than losing its scans.
  Qos qos;
  dds_qset_reliability(qos.qos, DDS_RELIABILITY_RELIABLE, Duration(10.0));
  dds_qset_history(qos.qos, DDS_HISTORY_KEEP_ALL, 0);
  Qos ack_qos;
  dds_qset_reliability(ack_qos.qos, DDS_RELIABILITY_RELIABLE, Duration(10.0));
  dds_qset_history(ack_qos.qos, DDS_HISTORY_KEEP_LAST, 1);
  dds_qset_durability(ack_qos.qos, DDS_DURABILITY_TRANSIENT_LOCAL);
  e.scan_topic = Check(dds_create_topic(participant, &trilink_feed_Scan_desc, kFeedScanTopic.data(),
                                        qos.qos, nullptr),
                       "creating the FeedScan topic");
  e.tick_topic = Check(dds_create_topic(participant, &trilink_feed_Tick_desc, kFeedTickTopic.data(),
                                        qos.qos, nullptr),
                       "creating the FeedTick topic");
  e.ack_topic = Check(dds_create_topic(participant, &trilink_feed_Ack_desc, kFeedAckTopic.data(),
                                       ack_qos.qos, nullptr),
                      "creating the FeedAck topic");
  e.waitset = Entity(Check(dds_create_waitset(participant), "creating the waitset"));
  auto attach = [&](dds_entity_t reader) { dds::AttachReader(e.waitset.get(), reader); };
  if (feeder) {
    for (const std::string& partner : options.partners) {
      e.scan_writers.emplace_back(
          partner, Check(dds_create_writer(dds::CreatePublisher(participant, partner), e.scan_topic,
                                           qos.qos, nullptr),
                         "creating a FeedScan writer"));
      const dds_entity_t reader =
          Check(dds_create_reader(dds::CreateSubscriber(participant, partner), e.ack_topic,
                                  ack_qos.qos, nullptr),
                "creating a FeedAck reader");
      e.ack_readers.emplace_back(partner, reader);
      attach(reader);
    }
    e.tick_writer = Check(
        dds_create_writer(dds::CreatePublisher(participant, name), e.tick_topic, qos.qos, nullptr),
        "creating the FeedTick writer");
  } else {
    e.scan_reader = Check(
        dds_create_reader(dds::CreateSubscriber(participant, name), e.scan_topic, qos.qos, nullptr),
        "creating the FeedScan reader");
    e.tick_reader = Check(dds_create_reader(dds::CreateSubscriber(participant, feeder_name),
                                            e.tick_topic, qos.qos, nullptr),
                          "creating the FeedTick reader");
    e.ack_writer = Check(dds_create_writer(dds::CreatePublisher(participant, name), e.ack_topic,
                                           ack_qos.qos, nullptr),
                         "creating the FeedAck writer");
    attach(e.scan_reader);
    attach(e.tick_reader);
  }
}

DdsFeed::~DdsFeed() = default;

void DdsFeed::Send(const std::string& partner, const FeedScan& message) {
  const auto writer = std::find_if(dds_->scan_writers.begin(), dds_->scan_writers.end(),
                                   [&](const auto& w) { return w.first == partner; });
  if (writer == dds_->scan_writers.end())
    throw InputError(fmt::format("DDS feed: '{}' is not a node of this feeder", partner));
  const tracking::SensorScan& scan = message.scan;
  const int size = MeasurementSize(scan.frame);
  std::vector<double> values;
  values.reserve(scan.measurements.size() * static_cast<size_t>(size));
  for (const MeasurementVector& z : scan.measurements) {
    if (z.size() != size) throw InputError("DDS feed: a measurement does not fit its frame");
    values.insert(values.end(), z.data(), z.data() + size);
  }
  trilink_feed_Scan sample{};
  sample.step = message.step;
  sample.sensor = scan.sensor;
  sample.measurement_time_ns = scan.measurement_time.nanoseconds_since_epoch();
  sample.report_time_ns = scan.report_time.nanoseconds_since_epoch();
  ToIdl(scan.frame, sample.frame);
  sample.dimension = static_cast<uint32_t>(size);
  Borrow(sample.measurements, values);
  Check(dds_write(writer->second, &sample), "writing a FeedScan");
}

void DdsFeed::Send(const FeedTick& tick) {
  if (!feeder_) throw InputError("DDS feed: only the feeder sends ticks");
  std::vector<trilink_feed_TrackRef> expected = ToIdl(tick.expected);
  trilink_feed_Tick sample{};
  sample.step = tick.step;
  sample.kind = static_cast<int32_t>(tick.kind);
  sample.time_ns = tick.time.nanoseconds_since_epoch();
  CopyBounded(sample.publisher, tick.publisher, "publisher");
  Borrow(sample.expected, expected);
  Check(dds_write(dds_->tick_writer, &sample), "writing a FeedTick");
}

void DdsFeed::Send(const FeedAck& ack) {
  if (feeder_ || ack.partner != name_)
    throw InputError(fmt::format("DDS feed: {} may not answer for '{}'", name_, ack.partner));
  std::vector<trilink_feed_TrackRef> published = ToIdl(ack.published);
  trilink_feed_Ack sample{};
  CopyBounded(sample.partner, ack.partner, "partner");
  sample.step = ack.step;
  sample.kind = static_cast<int32_t>(ack.kind);
  sample.after_tick = ack.after_tick;
  sample.incarnation = ack.incarnation;
  Borrow(sample.published, published);
  Check(dds_write(dds_->ack_writer, &sample), "writing a FeedAck");
}

FeedInput DdsFeed::Take(double timeout_s) {
  dds_attach_t triggered[8];
  Check(dds_waitset_wait(dds_->waitset.get(), triggered, 8,
                         Duration(std::clamp(timeout_s, 0.0, 3600.0))),
        "waiting for the feed");
  FeedInput input;
  if (feeder_) {
    for (const auto& partner_reader : dds_->ack_readers) {
      // Named, not a structured binding: clang 14 cannot capture one.
      const std::string& partner = partner_reader.first;
      TakeAll(partner_reader.second, [&](void* raw) {
        const auto& s = *static_cast<const trilink_feed_Ack*>(raw);
        std::optional<std::vector<TrackRef>> published = RefsOf(s.published);
        if (Bounded(s.partner) != partner || !published || s.kind < 0 || s.kind > 2) {
          ++malformed_;
          return;
        }
        input.acks.push_back({.partner = partner,
                              .step = s.step,
                              .kind = static_cast<FeedAck::Kind>(s.kind),
                              .after_tick = s.after_tick,
                              .incarnation = s.incarnation,
                              .published = std::move(*published)});
      });
    }
    return input;
  }
  TakeAll(dds_->scan_reader, [&](void* raw) {
    const auto& s = *static_cast<const trilink_feed_Scan*>(raw);
    const std::optional<sensors::ScanFrame> frame = FromIdl(s.frame);
    const UtcTime measured = TimeOf(s.measurement_time_ns), reported = TimeOf(s.report_time_ns);
    if (!frame || static_cast<int>(s.dimension) != MeasurementSize(*frame) ||
        s.measurements._length > kMaxMeasurements * s.dimension ||
        s.measurements._length % s.dimension != 0 || !measured.IsInputTime() ||
        !reported.IsInputTime() || reported < measured || s.sensor < 0) {
      ++malformed_;
      return;
    }
    FeedScan scan{.step = s.step,
                  .scan = {.sensor = s.sensor,
                           .measurement_time = measured,
                           .report_time = reported,
                           .frame = *frame}};
    const int size = static_cast<int>(s.dimension);
    for (uint32_t i = 0; i < s.measurements._length; i += s.dimension) {
      MeasurementVector z(size);
      for (int j = 0; j < size; ++j) z(j) = s.measurements._buffer[i + j];
      if (!z.allFinite()) {
        ++malformed_;
        return;
      }
      scan.scan.measurements.push_back(z);
    }
    input.scans.push_back(std::move(scan));
  });
  TakeAll(dds_->tick_reader, [&](void* raw) {
    const auto& s = *static_cast<const trilink_feed_Tick*>(raw);
    std::optional<std::vector<TrackRef>> expected = RefsOf(s.expected);
    const std::optional<std::string> publisher = Bounded(s.publisher);
    if (!expected || !publisher || s.kind < 1 || s.kind > 3 || !TimeOf(s.time_ns).IsInputTime()) {
      ++malformed_;
      return;
    }
    input.ticks.push_back({.step = s.step,
                           .kind = static_cast<FeedTick::Kind>(s.kind),
                           .time = TimeOf(s.time_ns),
                           .publisher = *publisher,
                           .expected = std::move(*expected)});
  });
  return input;
}

int DdsFeed::matched() const {
  if (feeder_) return dds::MatchedReaders(dds_->tick_writer);
  return dds::MatchedWriters(dds_->tick_reader);
}

}  // namespace trilink::bus
