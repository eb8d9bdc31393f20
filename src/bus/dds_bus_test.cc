// The Cyclone DDS bus on this machine's loopback interface, without
// security (the secured bus has its own tests). Every test uses its own
// domain id and a discovery tag with the process id, so that runs do not
// see each other; waits end as soon as the awaited message arrives, with a
// generous limit for a loaded machine.
#include "trilink/bus/dds_bus.h"

#include <dds/dds.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "trilink/core/error.h"
#include "trilink_messages.h"

namespace trilink::bus {
namespace {

constexpr double kPatienceS = 20.0;

DdsOptions Options(uint32_t domain, std::vector<std::string> partners) {
  return {.domain_id = domain,
          .discovery_tag = fmt::format("trilink-bus-test-{}-{}", getpid(), domain),
          .partners = std::move(partners)};
}

fusion::LocalTrack TrackOf(const std::string& partner, uint64_t number, uint32_t sequence) {
  fusion::LocalTrack track{.partner = partner,
                           .number = number,
                           .sequence = sequence,
                           .time = UtcTime::FromNanoseconds(1'700'000'000'123'456'789)};
  for (int i = 0; i < 10; ++i) track.state.mean(i) = 1e6 * (i + 1) + 0.1 * sequence + 1e-7;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) track.state.covariance(r, c) = r == c ? 1e4 + r : 1e-3 * (r + c);
  track.boost_probability = 0.25;
  track.manoeuvre_probability = 0.125;
  track.quality = 0.875;
  track.hits = 17;
  return track;
}

TEST(DdsBus, PartnersExchangeTracksAssessmentsAndAlertsExactly) {
  DdsBus jp("JP", Options(41, {"KR"})), kr("KR", Options(41, {"JP"}));
  ASSERT_TRUE(jp.WaitForMatches(1, 1, kPatienceS));
  ASSERT_TRUE(kr.WaitForMatches(1, 1, kPatienceS));
  std::vector<fusion::LocalTrack> tracks;
  std::vector<LaunchAssessment> assessments;
  std::vector<AlertMessage> alerts;
  kr.Subscribe({.track = [&](const fusion::LocalTrack& t) { tracks.push_back(t); },
                .assessment = [&](const LaunchAssessment& a) { assessments.push_back(a); },
                .alert = [&](const AlertMessage& a) { alerts.push_back(a); }});
  const fusion::LocalTrack sent = TrackOf("JP", 7, 3);
  jp.Publish(sent);
  assess::MissileFinding finding{.track = "S2",
                                 .launch_time = sent.time,
                                 .launch_point = geo::Geodetic::FromDegrees(39.2, 127.5),
                                 .impact_time = sent.time + Duration::Seconds(600.0),
                                 .impact_point = geo::Geodetic::FromDegrees(41.1, 136.9),
                                 .max_altitude_m = 50e3,
                                 .range_m = 830e3,
                                 .flight_time_s = 600.0,
                                 .trajectory = assess::TrajectoryType::kIrregular,
                                 .eez_country = "JPN",
                                 .eez_country_name = "Japan"};
  jp.Publish(LaunchAssessment{.partner = "JP",
                              .event_id = "E1",
                              .revision = 2,
                              .time = sent.time,
                              .missiles = {finding, finding}});
  const std::string cap = "<?xml version=\"1.0\"?><alert>" + std::string(100000, 'x') + "</alert>";
  jp.Publish(AlertMessage{
      .partner = "JP", .identifier = "trilink.run1.0001", .sent = sent.time, .cap = cap});
  ASSERT_TRUE(kr.PollUntil(
      [&] { return !tracks.empty() && !assessments.empty() && !alerts.empty(); }, kPatienceS));
  const fusion::LocalTrack& got = tracks.front();
  EXPECT_EQ(got.Key(), "JP/7");
  EXPECT_EQ(got.sequence, 3u);
  EXPECT_EQ(got.time, sent.time);
  EXPECT_EQ(got.state.mean, sent.state.mean);  // bit for bit
  EXPECT_EQ(got.state.covariance, sent.state.covariance);
  EXPECT_EQ(got.boost_probability, 0.25);
  EXPECT_EQ(got.manoeuvre_probability, 0.125);
  EXPECT_EQ(got.quality, 0.875);
  EXPECT_EQ(got.hits, 17);
  EXPECT_FALSE(got.ended);
  ASSERT_EQ(assessments.front().missiles.size(), 2u);
  EXPECT_EQ(assessments.front().revision, 2u);
  EXPECT_EQ(assessments.front().missiles[1].eez_country, "JPN");
  EXPECT_NEAR(assessments.front().missiles[1].impact_point.latitude_deg(), 41.1, 1e-12);
  EXPECT_EQ(assessments.front().missiles[1].trajectory, assess::TrajectoryType::kIrregular);
  EXPECT_EQ(alerts.front().identifier, "trilink.run1.0001");
  EXPECT_EQ(alerts.front().cap, cap);
  EXPECT_EQ(kr.malformed(), 0);
  EXPECT_EQ(kr.status().alive_writers, 1);
}

TEST(DdsBus, ANodeThatStartsLateGetsTheCurrentPicture) {
  DdsBus jp("JP", Options(42, {"KR"}));
  for (uint32_t sequence = 1; sequence <= 5; ++sequence) {
    for (uint64_t number = 1; number <= 3; ++number) jp.Publish(TrackOf("JP", number, sequence));
  }
  // KR joins after the tracks were published: the last update of each.
  DdsBus kr("KR", Options(42, {"JP"}));
  std::map<std::string, uint32_t> latest;
  kr.Subscribe({.track = [&](const fusion::LocalTrack& t) { latest[t.Key()] = t.sequence; }});
  ASSERT_TRUE(kr.PollUntil([&] { return latest.size() == 3; }, kPatienceS));
  for (const auto& [key, sequence] : latest) EXPECT_EQ(sequence, 5u) << key;
}

// A scan's tracks go out together (batched into as few packets as fit);
// each arrives, in the order written, and nothing is held back for a later
// flush. A batch naming another partner is refused before any of it is sent.
TEST(DdsBus, TracksPublishedTogetherAllArriveInOrder) {
  DdsBus jp("JP", Options(49, {"KR"})), kr("KR", Options(49, {"JP"}));
  ASSERT_TRUE(jp.WaitForMatches(1, 1, kPatienceS));
  ASSERT_TRUE(kr.WaitForMatches(1, 1, kPatienceS));
  std::vector<uint64_t> numbers;
  kr.Subscribe({.track = [&](const fusion::LocalTrack& t) { numbers.push_back(t.number); }});
  std::vector<fusion::LocalTrack> scan;
  for (uint64_t number = 1; number <= 200; ++number) scan.push_back(TrackOf("JP", number, 1));
  std::vector<fusion::LocalTrack> mixed = {TrackOf("JP", 201, 1), TrackOf("KR", 1, 1)};
  EXPECT_THROW(jp.PublishAll(mixed), InputError);
  jp.PublishAll(scan);
  ASSERT_TRUE(kr.PollUntil([&] { return numbers.size() >= 200; }, kPatienceS));
  std::vector<uint64_t> expected(200);
  std::iota(expected.begin(), expected.end(), uint64_t{1});
  EXPECT_EQ(numbers, expected);  // track 201 of the refused batch never came
}

TEST(DdsBus, ReadsOnlyItsPartnersPartitions) {
  DdsBus us("US", Options(43, {"JP"})), kr("KR", Options(43, {"JP"})),
      jp("JP", Options(43, {"KR"}));
  std::vector<std::string> heard;
  jp.Subscribe({.track = [&](const fusion::LocalTrack& t) { heard.push_back(t.Key()); }});
  ASSERT_TRUE(jp.WaitForMatches(2, 1, kPatienceS));
  us.Publish(TrackOf("US", 1, 1));
  kr.Publish(TrackOf("KR", 1, 1));
  jp.Publish(TrackOf("JP", 1, 1));  // not heard by itself
  ASSERT_TRUE(jp.PollUntil([&] { return !heard.empty(); }, kPatienceS));
  EXPECT_EQ(heard, std::vector<std::string>{"KR/1"});
  EXPECT_THROW(jp.Publish(TrackOf("KR", 2, 1)), InputError);
}

TEST(DdsBus, RefusesBadOptionsAndPartnerIds) {
  EXPECT_THROW(DdsBus("J P", Options(44, {})), InputError);
  EXPECT_THROW(DdsBus("", Options(44, {})), InputError);
  DdsOptions bad = Options(44, {});
  bad.domain_id = 230;
  EXPECT_THROW(DdsBus("JP", bad), InputError);
  DdsOptions broken = Options(45, {});
  broken.discovery_tag = "a<b";
  EXPECT_THROW(DdsBus("JP", broken), InputError);
  DdsOptions missing = Options(46, {});
  missing.security = DdsSecurity{.identity_ca = "/nonexistent/ca.pem",
                                 .certificate = "/nonexistent/cert.pem",
                                 .private_key = "/nonexistent/key.pem",
                                 .permissions_ca = "/nonexistent/pca.pem",
                                 .governance = "/nonexistent/governance.p7s",
                                 .permissions = "/nonexistent/permissions.p7s"};
  EXPECT_THROW(DdsBus("JP", missing), InputError);
}

}  // namespace
}  // namespace trilink::bus

namespace trilink::bus {
namespace {

// A raw DDS participant with `partner`'s identity writing `topic` in
// `partition` (as a hostile or broken partner would, past DdsBus's own
// checks); `config` edits its Cyclone configuration.
struct RawWriter {
  dds_entity_t domain = 0, writer = 0;

  RawWriter(uint32_t domain_id, const DdsOptions& options, const dds_topic_descriptor_t* type,
            const char* topic_name, const char* partition, bool track_qos,
            const std::function<void(std::string&)>& config = nullptr) {
    std::string xml = DdsConfig(options, domain_id);
    if (config) config(xml);
    domain = dds_create_domain(domain_id, xml.c_str());
    EXPECT_GT(domain, 0);
    const dds_entity_t participant = dds_create_participant(domain_id, nullptr, nullptr);
    EXPECT_GT(participant, 0);
    dds_qos_t* qos = dds_create_qos();
    dds_qset_reliability(qos, DDS_RELIABILITY_RELIABLE, DDS_SECS(1));
    dds_qset_history(qos, DDS_HISTORY_KEEP_LAST, 1);
    dds_qset_durability(qos, DDS_DURABILITY_TRANSIENT_LOCAL);
    const dds_entity_t topic = dds_create_topic(participant, type, topic_name, qos, nullptr);
    if (track_qos) {
      // The track readers request a deadline and a liveliness lease: a
      // writer must offer at least as much to be matched.
      dds_qset_deadline(qos, DDS_SECS(30));
      dds_qset_liveliness(qos, DDS_LIVELINESS_AUTOMATIC, DDS_SECS(10));
    }
    dds_qos_t* publisher_qos = dds_create_qos();
    dds_qset_partition(publisher_qos, 1, &partition);
    const dds_entity_t publisher = dds_create_publisher(participant, publisher_qos, nullptr);
    writer = dds_create_writer(publisher, topic, qos, nullptr);
    dds_delete_qos(qos);
    dds_delete_qos(publisher_qos);
    EXPECT_GT(writer, 0);
    for (int i = 0; i < 2000; ++i) {
      dds_publication_matched_status_t matched{};
      dds_get_publication_matched_status(writer, &matched);
      if (matched.current_count > 0) break;
      dds_sleepfor(DDS_MSECS(10));
    }
  }
  ~RawWriter() { dds_delete(domain); }
  RawWriter(const RawWriter&) = delete;
  RawWriter& operator=(const RawWriter&) = delete;
};

// A participant writing in KR's partition a track that names US: the bus
// drops it, counted.
TEST(DdsBus, ASampleNamingAnotherPartnerThanItsPartitionIsDropped) {
  DdsBus jp("JP", Options(47, {"KR", "US"}));
  std::vector<std::string> heard;
  jp.Subscribe({.track = [&](const fusion::LocalTrack& t) { heard.push_back(t.Key()); }});
  RawWriter kr(200, Options(47, {}), &trilink_msg_Track_desc, "trilink_Track", "KR", true);
  trilink_msg_Track forged{};
  std::snprintf(forged.partner, sizeof forged.partner, "US");
  forged.number = 9;
  forged.update_sequence = 1;
  forged.covariance[0] = 1.0;
  ASSERT_EQ(dds_write(kr.writer, &forged), DDS_RETCODE_OK);
  trilink_msg_Track genuine = forged;
  std::snprintf(genuine.partner, sizeof genuine.partner, "KR");
  ASSERT_EQ(dds_write(kr.writer, &genuine), DDS_RETCODE_OK);
  ASSERT_TRUE(jp.PollUntil([&] { return !heard.empty(); }, kPatienceS));
  EXPECT_EQ(heard, std::vector<std::string>{"KR/9"});
  EXPECT_EQ(jp.malformed(), 1);
}

// A partner whose own configuration lets it send an alert of 4 MiB: the
// receiving bus drops it before taking it (DdsConfig's MaxSampleSize), and
// the partner's next alert still arrives.
TEST(DdsBus, AnOversizedSampleIsDroppedBeforeItIsTaken) {
  DdsBus jp("JP", Options(48, {"KR"}));
  std::vector<std::string> heard;
  jp.Subscribe({.alert = [&](const AlertMessage& a) { heard.push_back(a.identifier); }});
  RawWriter kr(201, Options(48, {}), &trilink_msg_Alert_desc, "trilink_Alert", "KR", false,
               [](std::string& xml) {
                 const size_t from = xml.find("<Internal>");
                 const size_t to = xml.find("</Internal>");
                 ASSERT_TRUE(from != std::string::npos && to != std::string::npos);
                 xml.erase(from, to + std::string_view("</Internal>").size() - from);
               });
  std::string huge(4 << 20, 'x');
  trilink_msg_Alert alert{};
  std::snprintf(alert.partner, sizeof alert.partner, "KR");
  std::snprintf(alert.identifier, sizeof alert.identifier, "huge");
  alert.sent_ns = 1'700'000'000'000'000'000;
  alert.cap = huge.data();
  ASSERT_EQ(dds_write(kr.writer, &alert), DDS_RETCODE_OK);
  std::string small = "<alert/>";
  std::snprintf(alert.identifier, sizeof alert.identifier, "small");
  alert.cap = small.data();
  ASSERT_EQ(dds_write(kr.writer, &alert), DDS_RETCODE_OK);
  ASSERT_TRUE(jp.PollUntil([&] { return !heard.empty(); }, kPatienceS));
  EXPECT_EQ(heard, std::vector<std::string>{"small"});
  EXPECT_EQ(jp.malformed(), 0);  // never taken: the bus's own 1 MiB check did not see it
}

}  // namespace
}  // namespace trilink::bus
