// UTC time as a signed 64-bit count of nanoseconds since 1970-01-01T00:00:00Z
// (the form used on the wire and in storage, DESIGN.md), ignoring leap
// seconds as POSIX time does. The range is about ±292 years around 1970.
//
// Usage:
//   UtcTime epoch = UtcTime::Parse("2022-01-05T07:27:00Z");      // throws InputError
//   UtcTime later = epoch + Duration::Seconds(90.5);
//   std::string text = later.ToIso8601();   // "2022-01-05T07:28:30.5Z"
//   std::string cap = later.ToIso8601(UtcTime::Zone::kCap);  // "...-00:00"
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trilink {

// A signed interval of time in nanoseconds.
class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration Nanoseconds(int64_t ns) { return Duration(ns); }
  // seconds: any finite value within ±9.2e9 s; rounded to the nearest ns.
  static Duration Seconds(double seconds);

  constexpr int64_t nanoseconds() const { return ns_; }
  // Division (not multiplication by 1e-9) so whole seconds come out exact.
  constexpr double seconds() const { return static_cast<double>(ns_) / 1e9; }

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr Duration operator+(Duration other) const { return Duration(ns_ + other.ns_); }
  constexpr Duration operator-(Duration other) const { return Duration(ns_ - other.ns_); }
  constexpr Duration operator-() const { return Duration(-ns_); }

 private:
  constexpr explicit Duration(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

class UtcTime {
 public:
  // How ToIso8601 writes the zone: "Z", or "-00:00" as OASIS CAP 1.2 requires.
  enum class Zone { kZulu, kCap };

  constexpr UtcTime() = default;
  static constexpr UtcTime FromNanoseconds(int64_t ns_since_epoch) {
    return UtcTime(ns_since_epoch);
  }

  // Parses ISO-8601 / RFC 3339 date-times: "YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm|-00:00)".
  // A space may stand for 'T'; the zone is required (a time without one is
  // ambiguous). Fractions are kept to the nanosecond. Throws InputError naming
  // the text and what was expected.
  static UtcTime Parse(std::string_view text);
  // As Parse, but returns nullopt instead of throwing.
  static std::optional<UtcTime> TryParse(std::string_view text);

  // The times trilink takes as input (a scenario's epoch, a track's time):
  // 1700-01-01 to 2200-01-01, so that a run's durations (days) and a flight
  // (hours) added to them stay far inside the representable range.
  static constexpr int64_t kEarliestInputNs = -8'520'336'000'000'000'000;  // 1700-01-01
  static constexpr int64_t kLatestInputNs = 7'258'118'400'000'000'000;     // 2200-01-01
  constexpr bool IsInputTime() const { return ns_ >= kEarliestInputNs && ns_ <= kLatestInputNs; }

  constexpr int64_t nanoseconds_since_epoch() const { return ns_; }
  // Seconds since 1970 (loses sub-microsecond precision for present-day dates).
  constexpr double seconds_since_epoch() const { return static_cast<double>(ns_) / 1e9; }

  // "YYYY-MM-DDThh:mm:ss[.f]Z" with the shortest fraction that is exact
  // (none for whole seconds); with Zone::kCap the fraction is dropped (CAP
  // times have whole seconds) and the offset is written "-00:00".
  std::string ToIso8601(Zone zone = Zone::kZulu) const;

  constexpr auto operator<=>(const UtcTime&) const = default;
  constexpr UtcTime operator+(Duration d) const { return UtcTime(ns_ + d.nanoseconds()); }
  constexpr UtcTime operator-(Duration d) const { return UtcTime(ns_ - d.nanoseconds()); }
  constexpr Duration operator-(UtcTime other) const {
    return Duration::Nanoseconds(ns_ - other.ns_);
  }

 private:
  constexpr explicit UtcTime(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

}  // namespace trilink
