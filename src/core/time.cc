#include "trilink/core/time.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>

#include "trilink/core/error.h"

namespace trilink {
namespace {

constexpr int64_t kNanosecondsPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;
constexpr std::string_view kExpectedForm = "YYYY-MM-DDThh:mm:ss[.f]Z";

// Calendar arithmetic is std::chrono's (C++20 calendar types): the proleptic
// Gregorian calendar, which is what ISO 8601 and POSIX time use.
std::chrono::sys_days CivilDay(int64_t year, int64_t month, int64_t day) {
  return std::chrono::sys_days{std::chrono::year{static_cast<int>(year)} /
                               std::chrono::month{static_cast<unsigned>(month)} /
                               std::chrono::day{static_cast<unsigned>(day)}};
}

// A cursor over the text being parsed. Every failure is reported as a reason
// string; Parse turns it into an InputError, TryParse into nullopt.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  // Reads exactly `count` decimal digits into *value; on failure the cursor
  // stays at the start of the field, so messages point at the field.
  bool Digits(int count, int64_t* value) {
    if (text_.size() - position_ < static_cast<size_t>(count)) return false;
    int64_t result = 0;
    for (size_t i = position_; i < position_ + count; ++i) {
      if (!IsDigit(text_[i])) return false;
      result = result * 10 + (text_[i] - '0');
    }
    position_ += count;
    *value = result;
    return true;
  }

  bool Accept(char c) {
    if (position_ < text_.size() && text_[position_] == c) {
      ++position_;
      return true;
    }
    return false;
  }

  bool AtEnd() const { return position_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[position_]; }
  void Advance() { ++position_; }
  // 1-based column of the cursor, for messages.
  size_t column() const { return position_ + 1; }

  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

 private:
  std::string_view text_;
  size_t position_ = 0;
};

std::string At(const Parser& parser) { return " at column " + std::to_string(parser.column()); }

// Parses `text`; on failure returns false and sets *reason.
bool ParseUtc(std::string_view text, int64_t* ns_since_epoch, std::string* reason) {
  Parser parser(text);
  int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;

  if (!parser.Digits(4, &year)) {
    *reason = "expected a 4-digit year" + At(parser);
    return false;
  }
  if (!parser.Accept('-')) {
    *reason = "expected '-' after the year" + At(parser);
    return false;
  }
  if (!parser.Digits(2, &month)) {
    *reason = "expected a 2-digit month" + At(parser);
    return false;
  }
  if (!parser.Accept('-')) {
    *reason = "expected '-' after the month" + At(parser);
    return false;
  }
  if (!parser.Digits(2, &day)) {
    *reason = "expected a 2-digit day" + At(parser);
    return false;
  }
  // RFC 3339 section 5.6 allows a lower-case 't' and, as a note, a space.
  if (!parser.Accept('T') && !parser.Accept('t') && !parser.Accept(' ')) {
    *reason = "expected 'T' or ' ' between date and time" + At(parser);
    return false;
  }
  if (!parser.Digits(2, &hour)) {
    *reason = "expected a 2-digit hour" + At(parser);
    return false;
  }
  if (!parser.Accept(':')) {
    *reason = "expected ':' after the hour" + At(parser);
    return false;
  }
  if (!parser.Digits(2, &minute)) {
    *reason = "expected 2-digit minutes" + At(parser);
    return false;
  }
  if (!parser.Accept(':')) {
    *reason = "expected ':' after the minutes" + At(parser);
    return false;
  }
  if (!parser.Digits(2, &second)) {
    *reason = "expected 2-digit seconds" + At(parser);
    return false;
  }

  // Fraction: the first nine digits are kept exactly, further digits are
  // truncated (they are below the resolution of the representation).
  int64_t fraction_ns = 0;
  if (parser.Accept('.')) {
    if (!Parser::IsDigit(parser.Peek())) {
      *reason = "expected digits after the decimal point" + At(parser);
      return false;
    }
    int64_t scale = kNanosecondsPerSecond;
    while (Parser::IsDigit(parser.Peek())) {
      if (scale > 1) {
        scale /= 10;
        fraction_ns += (parser.Peek() - '0') * scale;
      }
      parser.Advance();
    }
  }

  int64_t offset_minutes = 0;
  if (parser.Accept('Z') || parser.Accept('z')) {
    // UTC.
  } else if (parser.Peek() == '+' || parser.Peek() == '-') {
    const int64_t sign = parser.Peek() == '-' ? -1 : 1;
    parser.Advance();
    int64_t offset_hour = 0, offset_minute = 0;
    if (!parser.Digits(2, &offset_hour) || !parser.Accept(':') ||
        !parser.Digits(2, &offset_minute)) {
      *reason = "expected a zone offset ±hh:mm" + At(parser);
      return false;
    }
    if (offset_hour > 23 || offset_minute > 59) {
      *reason = "zone offset must be within ±23:59";
      return false;
    }
    offset_minutes = sign * (offset_hour * 60 + offset_minute);
  } else if (parser.AtEnd()) {
    *reason = "missing zone: add 'Z' for UTC or an offset ±hh:mm";
    return false;
  } else {
    *reason = "expected 'Z' or a zone offset ±hh:mm" + At(parser);
    return false;
  }
  if (!parser.AtEnd()) {
    *reason = "unexpected text after the zone" + At(parser);
    return false;
  }

  if (month < 1 || month > 12) {
    *reason = "month must be 01-12";
    return false;
  }
  // Four digits and a valid month: the year and month are in chrono's range.
  const std::chrono::year_month_day_last last_of_month{
      std::chrono::year{static_cast<int>(year)},
      std::chrono::month_day_last{std::chrono::month{static_cast<unsigned>(month)}}};
  const unsigned days_in_month = static_cast<unsigned>(last_of_month.day());
  if (day < 1 || day > days_in_month) {
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), "day must be 01-%02u for %04lld-%02lld", days_in_month,
                  static_cast<long long>(year), static_cast<long long>(month));
    *reason = buffer;
    return false;
  }
  if (hour > 23) {
    *reason = "hour must be 00-23";
    return false;
  }
  if (minute > 59) {
    *reason = "minutes must be 00-59";
    return false;
  }
  // Leap seconds are not representable in POSIX time, so ":60" is refused
  // rather than silently folded into the next minute.
  if (second > 59) {
    *reason = "seconds must be 00-59 (leap seconds are not represented)";
    return false;
  }

  // A 4-digit year fits easily in seconds; only the nanosecond count can
  // overflow, outside about 1677-09-21 .. 2262-04-11.
  const int64_t seconds = CivilDay(year, month, day).time_since_epoch().count() * kSecondsPerDay +
                          hour * 3600 + minute * 60 + second - offset_minutes * 60;
  // Before 1970 the whole seconds alone can be just below the range that the
  // seconds plus fraction are in (INT64_MIN ns is 1677-09-21T00:12:43.145224192Z),
  // so borrow a second there: (s + 1) s + (f - 1 s) has the same value.
  const bool borrow = seconds < 0 && fraction_ns > 0;
  int64_t ns = 0;
  if (__builtin_mul_overflow(seconds + (borrow ? 1 : 0), kNanosecondsPerSecond, &ns) ||
      __builtin_add_overflow(ns, fraction_ns - (borrow ? kNanosecondsPerSecond : 0), &ns)) {
    *reason = "outside the representable range 1677-09-21 .. 2262-04-11";
    return false;
  }
  *ns_since_epoch = ns;
  return true;
}

}  // namespace

Duration Duration::Seconds(double seconds) {
  TRILINK_CHECK(std::isfinite(seconds) && std::abs(seconds) <= 9.2e9)
      << "duration must be finite and within ±9.2e9 s, got " << seconds;
  return Duration(static_cast<int64_t>(std::llround(seconds * 1e9)));
}

UtcTime UtcTime::Parse(std::string_view text) {
  int64_t ns = 0;
  std::string reason;
  if (!ParseUtc(text, &ns, &reason)) {
    throw InputError("invalid UTC time '" + std::string(text) + "': " + reason + " (expected " +
                     std::string(kExpectedForm) + ")");
  }
  return UtcTime(ns);
}

std::optional<UtcTime> UtcTime::TryParse(std::string_view text) {
  int64_t ns = 0;
  std::string reason;
  if (!ParseUtc(text, &ns, &reason)) return std::nullopt;
  return UtcTime(ns);
}

std::string UtcTime::ToIso8601(Zone zone) const {
  using namespace std::chrono;
  // Whole seconds and the fraction from the remainder, rounding towards the
  // past: sys_time<nanoseconds> floored to a day would overflow near INT64_MIN
  // (1677-09-21T00:12:43.145224192Z), whose day starts before the range.
  const int64_t remainder_ns = ns_ % kNanosecondsPerSecond;
  const int64_t fraction_ns =
      remainder_ns < 0 ? remainder_ns + kNanosecondsPerSecond : remainder_ns;  // [0, 1e9)
  const sys_seconds time{seconds{ns_ / kNanosecondsPerSecond - (remainder_ns < 0 ? 1 : 0)}};
  const sys_days day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss<seconds> of_day{time - day};

  char buffer[48];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02u-%02uT%02d:%02d:%02d",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(of_day.hours().count()),
                static_cast<int>(of_day.minutes().count()),
                static_cast<int>(of_day.seconds().count()));
  std::string result = buffer;

  if (zone == Zone::kCap) {
    // CAP 1.2 (section 3.3.2) wants whole seconds and "-00:00" for UTC.
    result += "-00:00";
    return result;
  }
  if (fraction_ns != 0) {
    std::snprintf(buffer, sizeof(buffer), ".%09lld", static_cast<long long>(fraction_ns));
    std::string fraction = buffer;
    fraction.erase(fraction.find_last_not_of('0') + 1);
    result += fraction;
  }
  result += 'Z';
  return result;
}

}  // namespace trilink
