#include "trilink/bus/faulty_bus.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "trilink/bus/in_process_bus.h"
#include "trilink/core/error.h"

namespace trilink::bus {
namespace {

// JP publishes tracks 1..n (one message each); what KR's faulty link hands
// over after enough polls.
std::vector<uint64_t> Received(const FaultOptions& options, int n, FaultyBus::Counts* counts) {
  InProcessNetwork network;
  std::unique_ptr<Bus> jp = network.Connect("JP"), kr = network.Connect("KR");
  FaultyBus link(*kr, options);
  std::vector<uint64_t> got;
  link.Subscribe({.track = [&](const fusion::LocalTrack& t) { got.push_back(t.number); }});
  for (int i = 1; i <= n; ++i) {
    jp->Publish(fusion::LocalTrack{.partner = "JP", .number = static_cast<uint64_t>(i)});
    link.Poll();
  }
  for (int i = 0; i <= options.max_delay_polls; ++i) link.Poll();
  *counts = link.counts();
  return got;
}

TEST(FaultyBus, APerfectLinkDeliversEverythingInOrder) {
  FaultyBus::Counts counts;
  const std::vector<uint64_t> got = Received({}, 100, &counts);
  ASSERT_EQ(got.size(), 100u);
  EXPECT_TRUE(std::is_sorted(got.begin(), got.end()));
}

TEST(FaultyBus, LosesDuplicatesDelaysAndReordersAsAskedReproducibly) {
  const FaultOptions options{.loss = 0.2, .duplication = 0.1, .max_delay_polls = 3, .seed = 5};
  FaultyBus::Counts counts;
  const std::vector<uint64_t> got = Received(options, 2000, &counts);
  EXPECT_EQ(counts.received, 2000);
  // Binomial(2000, 0.2): σ ≈ 18; 5 σ bounds.
  EXPECT_NEAR(static_cast<double>(counts.lost), 400.0, 90.0);
  EXPECT_NEAR(static_cast<double>(counts.duplicated), 160.0, 65.0);
  EXPECT_EQ(got.size(), static_cast<size_t>(counts.received - counts.lost + counts.duplicated));
  EXPECT_FALSE(std::is_sorted(got.begin(), got.end()));  // reordered
  // Every message delivered at most twice, and none invented.
  std::vector<uint64_t> sorted = got;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 2; i < sorted.size(); ++i) EXPECT_FALSE(sorted[i] == sorted[i - 2]);
  EXPECT_GE(sorted.front(), 1u);
  EXPECT_LE(sorted.back(), 2000u);
  FaultyBus::Counts again;
  EXPECT_EQ(Received(options, 2000, &again), got);  // same seed, same faults
}

TEST(FaultyBus, RefusesBadOptions) {
  InProcessNetwork network;
  std::unique_ptr<Bus> kr = network.Connect("KR");
  EXPECT_THROW(FaultyBus(*kr, {.loss = 1.0}), InputError);
  EXPECT_THROW(FaultyBus(*kr, {.duplication = -0.1}), InputError);
  EXPECT_THROW(FaultyBus(*kr, {.max_delay_polls = -1}), InputError);
}

}  // namespace
}  // namespace trilink::bus
