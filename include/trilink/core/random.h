// Seeded, reproducible random streams.
//
// Every random draw in trilink comes from a RandomStream built from the
// scenario's seed and a stream name ("sensor/radar-1", "launch/3"), so adding
// a new consumer never shifts the draws of another: the same scenario and
// seed give the same run, bit for bit, on the same build (DESIGN.md).
//
// The engine is std::mt19937_64 seeded through SplitMix64 of
// (seed XOR FNV-1a(name)). Normal and uniform draws are computed here, not by
// <random>'s distributions, whose algorithms differ between standard
// libraries.
//
// Usage:
//   RandomStream stream(seed, "launch/0");
//   double noise = stream.Normal(0.0, sigma);
#pragma once

#include <cstdint>
#include <random>
#include <string_view>

namespace trilink {

class RandomStream {
 public:
  RandomStream(uint64_t seed, std::string_view name);

  // Uniform in [0, 1).
  double Uniform();
  // Uniform in [low, high); requires low <= high.
  double Uniform(double low, double high);
  // Normal with the given mean and standard deviation (>= 0), by Box–Muller.
  double Normal(double mean = 0.0, double standard_deviation = 1.0);
  // Poisson with the given mean (in [0, 1e18]): inversion for small means,
  // the PTRS transformed-rejection method of Hörmann (1993) for mean >= 10.
  int64_t Poisson(double mean);

  uint64_t NextBits() { return engine_(); }

 private:
  std::mt19937_64 engine_;
  double spare_normal_ = 0.0;
  bool has_spare_normal_ = false;
};

namespace internal {
// FNV-1a 64-bit hash of the bytes of `text` (Fowler, Noll, Vo).
uint64_t Fnv1a64(std::string_view text);
// One step of Vigna's SplitMix64: advances *state and returns the next output.
uint64_t SplitMix64(uint64_t* state);
}  // namespace internal

}  // namespace trilink
