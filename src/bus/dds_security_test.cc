// The secured DDS bus on loopback (DDS Security with Cyclone's builtin
// plugins and a PKI made by InitPki): partners exchange; an unauthenticated
// participant, one with a certificate of another CA, and a partner that
// tries to write as another get nothing through.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "trilink/bus/dds_bus.h"
#include "trilink/bus/dds_feed.h"
#include "trilink/bus/pki.h"
#include "trilink/core/error.h"

namespace trilink::bus {
namespace {

constexpr double kPatienceS = 20.0;

// A PKI for US, JP and KR in a fresh folder, removed at the end.
class SecuredBus : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            fmt::format("trilink-dds-security-{}-{}", getpid(),
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    InitPki(root_ / "pki", {.partners = {"US", "JP", "KR"}});  // and the feeder FEED
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  DdsOptions Options(uint32_t domain, const std::string& identity,
                     std::vector<std::string> partners) const {
    return {.domain_id = domain,
            .discovery_tag = fmt::format("trilink-security-test-{}-{}", getpid(), domain),
            .security = SecurityFromPki(root_ / "pki", identity),
            .partners = std::move(partners)};
  }

  std::filesystem::path root_;
};

fusion::LocalTrack TrackOf(const std::string& partner, uint64_t number) {
  fusion::LocalTrack track{.partner = partner, .number = number, .sequence = 1};
  track.state.mean(0) = 6.4e6;
  return track;
}

TEST_F(SecuredBus, PartnersAuthenticateAndExchange) {
  DdsBus jp("JP", Options(51, "JP", {"KR", "US"})), kr("KR", Options(51, "KR", {"JP", "US"}));
  std::vector<std::string> heard;
  kr.Subscribe({.track = [&](const fusion::LocalTrack& t) { heard.push_back(t.Key()); }});
  ASSERT_TRUE(jp.WaitForMatches(1, 0, kPatienceS));
  jp.Publish(TrackOf("JP", 4));
  ASSERT_TRUE(kr.PollUntil([&] { return !heard.empty(); }, kPatienceS));
  EXPECT_EQ(heard, std::vector<std::string>{"JP/4"});
}

TEST_F(SecuredBus, UnauthenticatedAndForeignParticipantsGetNothing) {
  DdsBus jp("JP", Options(52, "JP", {"KR", "US"})), kr("KR", Options(52, "KR", {"JP"}));
  // An unsecured participant on the same domain and tag, reading JP.
  DdsOptions plain = Options(52, "JP", {"JP"});
  plain.security.reset();
  DdsBus eavesdropper("XX", plain);
  // A participant with a valid certificate of another deployment's CA.
  InitPki(root_ / "other", {.partners = {"KR", "JP"}});
  DdsOptions foreign = Options(52, "KR", {"JP"});
  foreign.security = SecurityFromPki(root_ / "other", "KR");
  DdsBus impostor("KR", foreign);
  std::vector<std::string> at_kr, at_eavesdropper, at_impostor;
  kr.Subscribe({.track = [&](const fusion::LocalTrack& t) { at_kr.push_back(t.Key()); }});
  eavesdropper.Subscribe(
      {.track = [&](const fusion::LocalTrack& t) { at_eavesdropper.push_back(t.Key()); }});
  impostor.Subscribe(
      {.track = [&](const fusion::LocalTrack& t) { at_impostor.push_back(t.Key()); }});
  ASSERT_TRUE(jp.WaitForMatches(1, 0, kPatienceS));
  jp.Publish(TrackOf("JP", 1));
  ASSERT_TRUE(kr.PollUntil([&] { return !at_kr.empty(); }, kPatienceS));
  // The genuine partner has it; give the others as long again.
  for (int i = 0; i < 20; ++i) {
    eavesdropper.Wait(0.05);
    impostor.Wait(0.05);
    eavesdropper.Poll();
    impostor.Poll();
  }
  EXPECT_TRUE(at_eavesdropper.empty());
  EXPECT_TRUE(at_impostor.empty());
  // JP's writer is matched by KR's reader only.
  EXPECT_TRUE(jp.WaitForMatches(1, 0, 0.0));
  EXPECT_FALSE(jp.WaitForMatches(2, 0, 1.0));
}

TEST_F(SecuredBus, APartnerCannotWriteAsAnother) {
  // KR's identity and permissions, claiming JP's partition: the access
  // control refuses the writer.
  try {
    DdsBus forged("JP", Options(53, "KR", {}));
    FAIL() << "a writer in another partner's partition was allowed";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("writer"), std::string::npos) << error.what();
  }
}

TEST_F(SecuredBus, MissingOrUnreadableFilesAreNamed) {
  DdsOptions options = Options(54, "JP", {"KR"});
  options.security->private_key = (root_ / "no-such-key.pem").string();
  EXPECT_THROW(DdsBus("JP", options), InputError);
}

// The feed: the feeder's scans reach their owner; a partner that asks for
// another's scans is refused by the access control.
TEST_F(SecuredBus, ScansReachTheirOwnerOnly) {
  const std::unique_ptr<DdsFeed> feeder =
      DdsFeed::ForFeeder("FEED", Options(53, "FEED", {"JP", "KR"}));
  const std::unique_ptr<DdsFeed> jp = DdsFeed::ForNode("JP", "FEED", Options(53, "JP", {}));
  jp->Send(FeedAck{.partner = "JP", .incarnation = 7});
  // KR's identity reading JP's partition: refused when the reader is made.
  try {
    DdsFeed::ForNode("JP", "FEED", Options(53, "KR", {}));
    ADD_FAILURE() << "KR was let read JP's scans";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("creating the FeedScan reader"));
  }
  FeedInput acks;
  for (int i = 0; i < 400 && acks.acks.empty(); ++i) acks = feeder->Take(0.05);
  ASSERT_EQ(acks.acks.size(), 1u);
  EXPECT_EQ(acks.acks[0].partner, "JP");
  EXPECT_EQ(acks.acks[0].incarnation, 7u);
  for (int i = 0; i < 400 && feeder->matched() < 1; ++i) feeder->Take(0.05);
  tracking::SensorScan scan{.sensor = 2,
                            .measurement_time = UtcTime::FromNanoseconds(1'700'000'000'000'000'000),
                            .report_time = UtcTime::FromNanoseconds(1'700'000'000'500'000'000)};
  scan.frame.radar.site = geo::Geodetic::FromDegrees(35.0, 139.0, 10.0);
  MeasurementVector z(3);
  z << 1.5e6, 0.25, 0.125;
  scan.measurements = {z, 2 * z};
  feeder->Send("JP", FeedScan{.step = 1, .scan = scan});
  FeedInput input;
  for (int i = 0; i < 400 && input.scans.empty(); ++i) input = jp->Take(0.05);
  ASSERT_EQ(input.scans.size(), 1u);
  const tracking::SensorScan& got = input.scans[0].scan;
  EXPECT_EQ(got.sensor, 2);
  EXPECT_EQ(got.report_time, scan.report_time);
  EXPECT_EQ(got.frame.radar.site.latitude_rad, scan.frame.radar.site.latitude_rad);
  ASSERT_EQ(got.measurements.size(), 2u);
  EXPECT_EQ(got.measurements[1], 2 * z);
  EXPECT_EQ(jp->malformed(), 0);
}

}  // namespace
}  // namespace trilink::bus
