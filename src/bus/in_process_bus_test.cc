#include "trilink/bus/in_process_bus.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "trilink/core/error.h"

namespace trilink::bus {
namespace {

fusion::LocalTrack TrackOf(const std::string& partner, uint64_t number) {
  return {.partner = partner, .number = number, .sequence = 1};
}

TEST(InProcessNetwork, DeliversToTheOthersInOrderWhenTheyPoll) {
  InProcessNetwork network;
  std::unique_ptr<Bus> jp = network.Connect("JP"), kr = network.Connect("KR"),
                       us = network.Connect("US");
  std::vector<std::string> at_kr, at_jp;
  kr->Subscribe({.track = [&](const fusion::LocalTrack& t) { at_kr.push_back(t.Key()); },
                 .alert = [&](const AlertMessage& a) { at_kr.push_back(a.identifier); }});
  jp->Subscribe({.track = [&](const fusion::LocalTrack& t) { at_jp.push_back(t.Key()); }});
  jp->Publish(TrackOf("JP", 1));
  us->Publish(TrackOf("US", 4));
  jp->Publish(AlertMessage{.partner = "JP", .identifier = "trilink-JP.run1.0001"});
  EXPECT_TRUE(at_kr.empty());  // nothing before the poll
  EXPECT_EQ(kr->Poll(), 3u);
  EXPECT_EQ(at_kr, (std::vector<std::string>{"JP/1", "US/4", "trilink-JP.run1.0001"}));
  EXPECT_EQ(jp->Poll(), 1u);  // not its own
  EXPECT_EQ(at_jp, std::vector<std::string>{"US/4"});
  EXPECT_EQ(us->Poll(), 2u);  // no handlers: dropped
  EXPECT_EQ(network.published(), 3u);
}

TEST(InProcessNetwork, ANodeSpeaksOnlyForItself) {
  InProcessNetwork network;
  std::unique_ptr<Bus> jp = network.Connect("JP");
  EXPECT_THROW(jp->Publish(TrackOf("KR", 1)), InputError);
  EXPECT_THROW(jp->Publish(LaunchAssessment{.partner = "KR", .event_id = "E1"}), InputError);
  EXPECT_THROW(jp->Publish(AlertMessage{.partner = "US", .identifier = "x"}), InputError);
  EXPECT_EQ(network.published(), 0u);
}

TEST(InProcessNetwork, RefusesADuplicateOrEmptyPartner) {
  InProcessNetwork network;
  std::unique_ptr<Bus> jp = network.Connect("JP");
  EXPECT_THROW(network.Connect("JP"), InputError);
  EXPECT_THROW(network.Connect(""), InputError);
  jp.reset();  // disconnected: the id may be used again
  EXPECT_NO_THROW(network.Connect("JP"));
}

TEST(InProcessNetwork, HandlersMayPublishWhilePolled) {
  InProcessNetwork network;
  std::unique_ptr<Bus> jp = network.Connect("JP"), kr = network.Connect("KR");
  int echoes = 0;
  kr->Subscribe({.track = [&](const fusion::LocalTrack& t) {
    if (t.number < 4) kr->Publish(TrackOf("KR", t.number + 1));
  }});
  jp->Subscribe({.track = [&](const fusion::LocalTrack& t) {
    ++echoes;
    jp->Publish(TrackOf("JP", t.number + 1));
  }});
  jp->Publish(TrackOf("JP", 1));
  while (kr->Poll() + jp->Poll() > 0) {
  }
  EXPECT_EQ(echoes, 2);  // KR/2 and KR/4 came back; KR stopped at JP/5
}

}  // namespace
}  // namespace trilink::bus
