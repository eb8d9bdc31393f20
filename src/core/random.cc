#include "trilink/core/random.h"

#include <cmath>
#include <cstdint>
#include <string_view>

#include "trilink/core/error.h"
#include "trilink/core/units.h"

namespace trilink {

namespace internal {

uint64_t Fnv1a64(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64-bit offset basis
  for (const char c : text) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 0x100000001b3ULL;  // FNV 64-bit prime
  }
  return hash;
}

uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace internal

namespace {

// Poisson by sequential search of the CDF; expected cost 1 + mean uniforms'
// worth of multiplications, so only for small means.
int64_t PoissonByInversion(double mean, RandomStream& stream) {
  double probability = std::exp(-mean);
  double u = stream.Uniform();
  int64_t k = 0;
  // `probability > 0` ends the search should round-off leave u above the
  // whole computed mass (the CDF sums to 1 only to within a few ulp).
  while (u > probability && probability > 0.0) {
    u -= probability;
    ++k;
    probability *= mean / static_cast<double>(k);
  }
  return k;
}

// PTRS, the transformed rejection method with squeeze of W. Hörmann, "The
// transformed rejection method for generating Poisson random variables",
// Insurance: Mathematics and Economics 12 (1993) 39-45, algorithm PTRS with
// the constants of its section 3. Valid for mean >= 10.
int64_t PoissonPtrs(double mean, RandomStream& stream) {
  const double sqrt_mean = std::sqrt(mean);
  const double log_mean = std::log(mean);
  const double b = 0.931 + 2.53 * sqrt_mean;
  const double a = -0.059 + 0.02483 * b;
  const double inverse_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2.0);
  while (true) {
    const double u = stream.Uniform() - 0.5;
    const double v = stream.Uniform();
    const double u_s = 0.5 - std::abs(u);
    // k stays a double until accepted: for u_s near 0 it can be ±inf or far
    // outside the int64 range, and converting that would be undefined.
    const double k = std::floor((2.0 * a / u_s + b) * u + mean + 0.43);
    if (u_s >= 0.07 && v <= v_r) return static_cast<int64_t>(k);  // squeeze
    if (k < 0.0 || (u_s < 0.013 && v > u_s)) continue;
    // log(v) = -inf when v == 0 is fine here: the candidate is accepted.
    if (std::log(v) + std::log(inverse_alpha) - std::log(a / (u_s * u_s) + b) <=
        -mean + k * log_mean - std::lgamma(k + 1.0)) {
      return static_cast<int64_t>(k);
    }
  }
}

}  // namespace

RandomStream::RandomStream(uint64_t seed, std::string_view name) {
  // One SplitMix64 step spreads nearby seeds (1, 2, 3, ...) and similar names
  // over the whole 64-bit space before mt19937_64's own initialisation.
  uint64_t state = seed ^ internal::Fnv1a64(name);
  engine_.seed(internal::SplitMix64(&state));
}

double RandomStream::Uniform() {
  // The top 53 bits scaled by 2^-53: every double k·2^-53 in [0, 1) equally likely.
  return static_cast<double>(engine_() >> 11) * 0x1.0p-53;
}

double RandomStream::Uniform(double low, double high) {
  TRILINK_CHECK(low <= high) << "Uniform(low, high) needs low <= high, got [" << low << ", " << high
                             << ")";
  const double value = low + (high - low) * Uniform();
  // Rounding can land exactly on `high`; keep the interval half-open.
  return value < high || low == high ? value : std::nextafter(high, low);
}

double RandomStream::Normal(double mean, double standard_deviation) {
  TRILINK_CHECK(standard_deviation >= 0.0)
      << "standard deviation must be >= 0, got " << standard_deviation;
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return mean + standard_deviation * spare_normal_;
  }
  // Box–Muller: u1 in (0, 1] so that log(u1) is finite.
  const double u1 = 1.0 - Uniform();
  const double u2 = Uniform();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * kPi * u2;
  spare_normal_ = radius * std::sin(angle);
  has_spare_normal_ = true;
  return mean + standard_deviation * radius * std::cos(angle);
}

int64_t RandomStream::Poisson(double mean) {
  // Above ~1e18 the result would not fit in int64_t.
  TRILINK_CHECK(mean >= 0.0 && mean <= 1e18) << "Poisson mean must be in [0, 1e18], got " << mean;
  if (mean == 0.0) return 0;
  return mean < 10.0 ? PoissonByInversion(mean, *this) : PoissonPtrs(mean, *this);
}

}  // namespace trilink
