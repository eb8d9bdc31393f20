#include "trilink/core/random.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace trilink {
namespace {

constexpr int kNumDraws = 200'000;
constexpr double kSigmas = 5.0;  // bound on every statistic, in standard errors

struct Moments {
  double mean = 0.0;
  double variance = 0.0;  // unbiased sample variance
};

template <typename Draw>
Moments SampleMoments(int count, Draw draw) {
  // Welford's update keeps the variance accurate for large means.
  double mean = 0.0;
  double sum_squares = 0.0;
  for (int i = 1; i <= count; ++i) {
    const double x = static_cast<double>(draw());
    const double delta = x - mean;
    mean += delta / i;
    sum_squares += delta * (x - mean);
  }
  return {mean, sum_squares / (count - 1)};
}

// Published test values: FNV-1a 64 from the FNV reference test suite
// (http://www.isthe.com/chongo/src/fnv/test_fnv.c).
TEST(RandomStream, Fnv1a64MatchesReferenceValues) {
  EXPECT_EQ(internal::Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(internal::Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(internal::Fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

// First outputs of Vigna's splitmix64.c from state 0.
TEST(RandomStream, SplitMix64MatchesReferenceValues) {
  uint64_t state = 0;
  EXPECT_EQ(internal::SplitMix64(&state), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(internal::SplitMix64(&state), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(internal::SplitMix64(&state), 0x06c45d188009454fULL);
}

// The documented construction: mt19937_64 seeded with SplitMix64(seed ^ FNV-1a(name)).
TEST(RandomStream, EngineIsSeededAsDocumented) {
  constexpr uint64_t kSeed = 12345;
  uint64_t state = kSeed ^ internal::Fnv1a64("sensor/radar-1");
  std::mt19937_64 reference(internal::SplitMix64(&state));
  RandomStream stream(kSeed, "sensor/radar-1");
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(stream.NextBits(), reference()) << i;
}

// Pins the streams: if this changes, every recorded scenario changes its draws.
TEST(RandomStream, GoldenValues) {
  RandomStream stream(42, "launch/0");
  EXPECT_EQ(stream.NextBits(), 0x319336cf5dfc9333ULL);
}

TEST(RandomStream, SameSeedAndNameGiveTheSameSequence) {
  RandomStream a(7, "launch/3");
  RandomStream b(7, "launch/3");
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(a.NextBits(), b.NextBits());
    ASSERT_EQ(a.Uniform(), b.Uniform());
    ASSERT_EQ(a.Normal(1.0, 2.0), b.Normal(1.0, 2.0));
    ASSERT_EQ(a.Poisson(3.0), b.Poisson(3.0));
    ASSERT_EQ(a.Poisson(50.0), b.Poisson(50.0));
  }
}

TEST(RandomStream, DifferentNamesOrSeedsGiveDifferentSequences) {
  const auto first_bits = [](uint64_t seed, const char* name) {
    RandomStream stream(seed, name);
    std::vector<uint64_t> bits(16);
    for (uint64_t& b : bits) b = stream.NextBits();
    return bits;
  };
  const std::vector<uint64_t> reference = first_bits(7, "launch/3");
  EXPECT_NE(first_bits(7, "launch/4"), reference);
  EXPECT_NE(first_bits(7, "launch/30"), reference);
  EXPECT_NE(first_bits(7, ""), reference);
  EXPECT_NE(first_bits(8, "launch/3"), reference);
  // Adjacent seeds must not give correlated first draws: count equal bits.
  int equal_bits = 0;
  for (int i = 0; i < 16; ++i) {
    equal_bits += 64 - std::popcount(first_bits(7, "x")[i] ^ first_bits(8, "x")[i]);
  }
  EXPECT_NEAR(equal_bits, 16 * 32, kSigmas * std::sqrt(16 * 64 * 0.25));
}

TEST(RandomStream, UniformMomentsAndRange) {
  RandomStream stream(1, "uniform");
  double low = 1.0, high = 0.0;
  const Moments m = SampleMoments(kNumDraws, [&] {
    const double u = stream.Uniform();
    low = std::min(low, u);
    high = std::max(high, u);
    return u;
  });
  EXPECT_GE(low, 0.0);
  EXPECT_LT(high, 1.0);
  EXPECT_NEAR(m.mean, 0.5, kSigmas * std::sqrt(1.0 / 12.0 / kNumDraws));
  // Var(s^2) = (mu4 - sigma^4) / n with mu4 = 1/80 for U(0, 1).
  EXPECT_NEAR(m.variance, 1.0 / 12.0, kSigmas * std::sqrt((1.0 / 80.0 - 1.0 / 144.0) / kNumDraws));
}

TEST(RandomStream, UniformOnAnInterval) {
  RandomStream stream(2, "uniform/interval");
  for (int i = 0; i < 10'000; ++i) {
    const double u = stream.Uniform(-3.0, 5.0);
    ASSERT_GE(u, -3.0);
    ASSERT_LT(u, 5.0);
  }
  EXPECT_EQ(stream.Uniform(4.0, 4.0), 4.0);
  // An interval so narrow that rounding would reach the upper end stays half-open.
  const double low = 1.0, high = std::nextafter(1.0, 2.0);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(stream.Uniform(low, high), low);
}

TEST(RandomStream, NormalMoments) {
  RandomStream stream(3, "normal");
  const Moments standard = SampleMoments(kNumDraws, [&] { return stream.Normal(); });
  EXPECT_NEAR(standard.mean, 0.0, kSigmas * std::sqrt(1.0 / kNumDraws));
  EXPECT_NEAR(standard.variance, 1.0, kSigmas * std::sqrt(2.0 / kNumDraws));

  const Moments scaled = SampleMoments(kNumDraws, [&] { return stream.Normal(10.0, 3.0); });
  EXPECT_NEAR(scaled.mean, 10.0, kSigmas * 3.0 * std::sqrt(1.0 / kNumDraws));
  EXPECT_NEAR(scaled.variance, 9.0, kSigmas * 9.0 * std::sqrt(2.0 / kNumDraws));

  EXPECT_EQ(stream.Normal(4.0, 0.0), 4.0);
}

// Shape, not only moments: the fraction within one sigma is 0.682689.
TEST(RandomStream, NormalFractionWithinOneSigma) {
  RandomStream stream(4, "normal/shape");
  int inside = 0;
  for (int i = 0; i < kNumDraws; ++i) inside += std::abs(stream.Normal()) < 1.0 ? 1 : 0;
  constexpr double kP = 0.6826894921370859;
  EXPECT_NEAR(static_cast<double>(inside) / kNumDraws, kP,
              kSigmas * std::sqrt(kP * (1.0 - kP) / kNumDraws));
}

double PoissonPmf(double mean, int64_t k) {
  const double kd = static_cast<double>(k);
  return std::exp(-mean + kd * std::log(mean) - std::lgamma(kd + 1.0));
}

// Pearson's chi-square statistic of `draws` against the Poisson(mean) law,
// over bins with at least 20 expected counts (the tails pooled into the end
// bins); *degrees_of_freedom receives bins - 1.
double PoissonChiSquare(double mean, const std::vector<int64_t>& draws, int* degrees_of_freedom) {
  const double n = static_cast<double>(draws.size());
  // Find the central range [first, last] where each bin expects >= 20.
  int64_t first = static_cast<int64_t>(mean);
  while (first > 0 && n * PoissonPmf(mean, first - 1) >= 20.0) --first;
  int64_t last = static_cast<int64_t>(mean);
  while (n * PoissonPmf(mean, last + 1) >= 20.0) ++last;

  const size_t bins = static_cast<size_t>(last - first + 1);
  std::vector<double> observed(bins, 0.0);
  for (const int64_t k : draws)
    observed[static_cast<size_t>(std::clamp(k, first, last) - first)] += 1.0;

  std::vector<double> probability(bins, 0.0);
  for (int64_t k = 0; k <= first; ++k) probability[0] += PoissonPmf(mean, k);
  double total = probability[0];
  for (size_t bin = 1; bin + 1 < bins; ++bin) {
    probability[bin] = PoissonPmf(mean, first + static_cast<int64_t>(bin));
    total += probability[bin];
  }
  probability[bins - 1] = 1.0 - total;  // the upper tail, P(K >= last)

  double chi_square = 0.0;
  for (size_t bin = 0; bin < bins; ++bin) {
    const double expected = n * probability[bin];
    chi_square += (observed[bin] - expected) * (observed[bin] - expected) / expected;
  }
  *degrees_of_freedom = static_cast<int>(last - first);
  return chi_square;
}

void CheckPoisson(double mean, uint64_t seed) {
  SCOPED_TRACE(mean);
  RandomStream stream(seed, "poisson");
  std::vector<int64_t> draws(kNumDraws);
  for (int64_t& k : draws) {
    k = stream.Poisson(mean);
    ASSERT_GE(k, 0);
  }
  size_t i = 0;
  const Moments m = SampleMoments(kNumDraws, [&] { return draws[i++]; });
  // Var(mean) = mean / n; Var(s^2) = (mu4 - sigma^4) / n with
  // mu4 = mean + 3 mean^2 for the Poisson law.
  EXPECT_NEAR(m.mean, mean, kSigmas * std::sqrt(mean / kNumDraws));
  EXPECT_NEAR(m.variance, mean, kSigmas * std::sqrt((mean + 2.0 * mean * mean) / kNumDraws));

  int degrees_of_freedom = 0;
  const double chi_square = PoissonChiSquare(mean, draws, &degrees_of_freedom);
  // The chi-square law has mean df and variance 2 df.
  EXPECT_LT(chi_square, degrees_of_freedom + kSigmas * std::sqrt(2.0 * degrees_of_freedom))
      << "df " << degrees_of_freedom;
}

TEST(RandomStream, PoissonSmallMeanByInversion) { CheckPoisson(3.0, 5); }
TEST(RandomStream, PoissonJustBelowTheSwitch) { CheckPoisson(9.99, 6); }
TEST(RandomStream, PoissonAtTheSwitchToPtrs) { CheckPoisson(10.0, 7); }
TEST(RandomStream, PoissonLargeMeanByPtrs) { CheckPoisson(50.0, 8); }
TEST(RandomStream, PoissonVeryLargeMeanByPtrs) { CheckPoisson(1e6, 9); }

TEST(RandomStream, PoissonOfZeroMeanIsZero) {
  RandomStream stream(10, "poisson/zero");
  for (int i = 0; i < 100; ++i) ASSERT_EQ(stream.Poisson(0.0), 0);
}

TEST(RandomStreamDeathTest, RejectsInvalidParameters) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  RandomStream stream(11, "death");
  EXPECT_DEATH(stream.Uniform(1.0, 0.0), "needs low <= high, got \\[1, 0\\)");
  EXPECT_DEATH(stream.Normal(0.0, -1.0), "standard deviation must be >= 0, got -1");
  EXPECT_DEATH(stream.Poisson(-1.0), "Poisson mean must be in \\[0, 1e18\\], got -1");
  EXPECT_DEATH(stream.Poisson(std::numeric_limits<double>::quiet_NaN()), "Poisson mean");
  EXPECT_DEATH(stream.Poisson(std::numeric_limits<double>::infinity()), "Poisson mean");
}

}  // namespace
}  // namespace trilink
