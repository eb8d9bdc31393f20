#include "trilink/core/time.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

#include "trilink/core/error.h"
#include "trilink/core/random.h"

namespace trilink {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kNsPerSecond = 1'000'000'000;
constexpr int kNumTrials = 20'000;

int64_t ParseNs(const char* text) { return UtcTime::Parse(text).nanoseconds_since_epoch(); }

// Epoch seconds computed independently with Python's calendar.timegm, which
// implements POSIX time (no leap seconds) as UtcTime does.
TEST(UtcTime, KnownEpochValues) {
  EXPECT_EQ(ParseNs("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseNs("2000-01-01T00:00:00Z"), 946'684'800 * kNsPerSecond);
  EXPECT_EQ(ParseNs("2022-01-05T07:27:00Z"), 1'641'367'620 * kNsPerSecond);
  EXPECT_EQ(ParseNs("2000-02-29T00:00:00Z"), 951'782'400 * kNsPerSecond);
  EXPECT_EQ(ParseNs("2024-02-29T12:00:00Z"), 1'709'208'000 * kNsPerSecond);
}

TEST(UtcTime, PreEpochTimesAreNegative) {
  EXPECT_EQ(ParseNs("1969-12-31T23:59:59Z"), -kNsPerSecond);
  EXPECT_EQ(ParseNs("1969-12-31T23:59:59.5Z"), -kNsPerSecond / 2);
  EXPECT_EQ(ParseNs("1969-07-20T20:17:40Z"), -14'182'940 * kNsPerSecond);
  EXPECT_EQ(ParseNs("1900-01-01T00:00:00Z"), -2'208'988'800 * kNsPerSecond);
  EXPECT_EQ(UtcTime::FromNanoseconds(-1).ToIso8601(), "1969-12-31T23:59:59.999999999Z");
  EXPECT_EQ(UtcTime::FromNanoseconds(-kNsPerSecond / 2).ToIso8601(), "1969-12-31T23:59:59.5Z");
  EXPECT_EQ(UtcTime::FromNanoseconds(-2'208'988'800 * kNsPerSecond).ToIso8601(),
            "1900-01-01T00:00:00Z");
}

TEST(UtcTime, RepresentableRangeEnds) {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(UtcTime::FromNanoseconds(kMin).ToIso8601(), "1677-09-21T00:12:43.145224192Z");
  EXPECT_EQ(UtcTime::FromNanoseconds(kMax).ToIso8601(), "2262-04-11T23:47:16.854775807Z");
  EXPECT_EQ(ParseNs("1677-09-21T00:12:43.145224192Z"), kMin);
  EXPECT_EQ(ParseNs("2262-04-11T23:47:16.854775807Z"), kMax);
  EXPECT_THROW(UtcTime::Parse("2262-04-11T23:47:16.854775808Z"), InputError);
  EXPECT_THROW(UtcTime::Parse("1677-09-21T00:12:43.145224191Z"), InputError);
  EXPECT_THROW(UtcTime::Parse("9999-12-31T23:59:59Z"), InputError);
  EXPECT_THROW(UtcTime::Parse("0000-01-01T00:00:00Z"), InputError);
}

TEST(UtcTime, ZoneOffsetsConvertToUtc) {
  const int64_t utc = ParseNs("2022-01-05T07:27:00Z");
  EXPECT_EQ(ParseNs("2022-01-05T16:27:00+09:00"), utc);
  EXPECT_EQ(ParseNs("2022-01-05T01:57:00-05:30"), utc);
  EXPECT_EQ(ParseNs("2022-01-05T07:27:00+00:00"), utc);
  EXPECT_EQ(ParseNs("2022-01-05T07:27:00-00:00"), utc);  // RFC 3339 "unknown local offset"
  // An offset can move the date across a day, month and year boundary.
  EXPECT_EQ(ParseNs("2022-01-01T08:00:00+09:00"), ParseNs("2021-12-31T23:00:00Z"));
  EXPECT_EQ(ParseNs("2021-12-31T20:00:00-23:59"), ParseNs("2022-01-01T19:59:00Z"));
}

TEST(UtcTime, AcceptsSpaceAndLowerCaseSeparators) {
  const int64_t utc = ParseNs("2022-01-05T07:27:00Z");
  EXPECT_EQ(ParseNs("2022-01-05 07:27:00Z"), utc);
  EXPECT_EQ(ParseNs("2022-01-05t07:27:00z"), utc);
}

TEST(UtcTime, FractionsAreKeptToTheNanosecond) {
  const int64_t base = ParseNs("2022-01-05T07:27:00Z");
  EXPECT_EQ(ParseNs("2022-01-05T07:27:00.5Z") - base, 500'000'000);
  EXPECT_EQ(ParseNs("2022-01-05T07:27:00.000000001Z") - base, 1);
  EXPECT_EQ(ParseNs("2022-01-05T07:27:00.123456789Z") - base, 123'456'789);
  // Digits beyond the ninth are below the resolution and are truncated.
  EXPECT_EQ(ParseNs("2022-01-05T07:27:00.1234567899999Z") - base, 123'456'789);
  EXPECT_EQ(ParseNs("2022-01-05T07:27:00.25+09:00") - base, 250'000'000 - 9 * 3600 * kNsPerSecond);
}

TEST(UtcTime, LeapYearFebruary29) {
  EXPECT_NO_THROW(UtcTime::Parse("2024-02-29T00:00:00Z"));  // divisible by 4
  EXPECT_NO_THROW(UtcTime::Parse("2000-02-29T00:00:00Z"));  // divisible by 400
  EXPECT_THROW(UtcTime::Parse("2023-02-29T00:00:00Z"), InputError);
  EXPECT_THROW(UtcTime::Parse("2100-02-29T00:00:00Z"), InputError);  // divisible by 100 only
  EXPECT_THROW(UtcTime::Parse("1900-02-29T00:00:00Z"), InputError);
  EXPECT_THROW(UtcTime::Parse("2024-02-30T00:00:00Z"), InputError);
  EXPECT_EQ(ParseNs("2024-03-01T00:00:00Z") - ParseNs("2024-02-28T00:00:00Z"),
            2 * 86'400 * kNsPerSecond);
  EXPECT_EQ(ParseNs("2023-03-01T00:00:00Z") - ParseNs("2023-02-28T00:00:00Z"),
            86'400 * kNsPerSecond);
}

TEST(UtcTime, MonthLengths) {
  const char* const kLastDays[] = {"2023-01-31", "2023-03-31", "2023-04-30", "2023-05-31",
                                   "2023-06-30", "2023-07-31", "2023-08-31", "2023-09-30",
                                   "2023-10-31", "2023-11-30", "2023-12-31"};
  for (const char* date : kLastDays) {
    EXPECT_NO_THROW(UtcTime::Parse(std::string(date) + "T00:00:00Z")) << date;
  }
  const char* const kPastLastDays[] = {"2023-04-31", "2023-06-31", "2023-09-31",
                                       "2023-11-31", "2023-01-32", "2023-12-32"};
  for (const char* date : kPastLastDays) {
    EXPECT_THROW(UtcTime::Parse(std::string(date) + "T00:00:00Z"), InputError) << date;
  }
}

TEST(UtcTime, ToIso8601WritesTheShortestExactFraction) {
  const UtcTime epoch = UtcTime::Parse("2022-01-05T07:27:00Z");
  EXPECT_EQ(epoch.ToIso8601(), "2022-01-05T07:27:00Z");
  EXPECT_EQ((epoch + Duration::Seconds(90.5)).ToIso8601(), "2022-01-05T07:28:30.5Z");
  EXPECT_EQ((epoch + Duration::Nanoseconds(120'000'000)).ToIso8601(), "2022-01-05T07:27:00.12Z");
  EXPECT_EQ((epoch + Duration::Nanoseconds(1)).ToIso8601(), "2022-01-05T07:27:00.000000001Z");
  EXPECT_EQ(UtcTime().ToIso8601(), "1970-01-01T00:00:00Z");
}

TEST(UtcTime, CapZoneDropsTheFractionAndWritesMinusZero) {
  const UtcTime epoch = UtcTime::Parse("2022-01-05T07:27:00Z");
  EXPECT_EQ(epoch.ToIso8601(UtcTime::Zone::kCap), "2022-01-05T07:27:00-00:00");
  EXPECT_EQ((epoch + Duration::Seconds(90.999)).ToIso8601(UtcTime::Zone::kCap),
            "2022-01-05T07:28:30-00:00");
  // Whole seconds are taken by floor, also before 1970.
  EXPECT_EQ(UtcTime::FromNanoseconds(-1).ToIso8601(UtcTime::Zone::kCap),
            "1969-12-31T23:59:59-00:00");
  // CAP text is itself valid input.
  EXPECT_EQ(UtcTime::Parse(epoch.ToIso8601(UtcTime::Zone::kCap)), epoch);
}

// Randomised property loop over the whole int64 range: writing then reading
// gives back the same nanosecond, and the calendar date agrees with
// std::chrono's independent implementation of the proleptic Gregorian calendar.
TEST(UtcTime, RoundTripsAndAgreesWithStdChrono) {
  RandomStream stream(20220105, "time_test/round_trip");
  for (int trial = 0; trial < kNumTrials; ++trial) {
    const int64_t ns = static_cast<int64_t>(stream.NextBits());
    const UtcTime time = UtcTime::FromNanoseconds(ns);
    const std::string text = time.ToIso8601();
    ASSERT_EQ(UtcTime::Parse(text), time) << text;
    ASSERT_EQ(UtcTime::TryParse(text), time) << text;

    const std::chrono::sys_time<std::chrono::nanoseconds> chrono_time{std::chrono::nanoseconds(ns)};
    const auto day = std::chrono::floor<std::chrono::days>(chrono_time);
    const std::chrono::year_month_day date{day};
    const std::chrono::hh_mm_ss<std::chrono::nanoseconds> clock{chrono_time - day};
    char expected[32];
    std::snprintf(expected, sizeof(expected), "%04d-%02u-%02uT%02d:%02d:%02d",
                  static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    ASSERT_EQ(time.ToIso8601(UtcTime::Zone::kCap), std::string(expected) + "-00:00") << ns;
  }
}

TEST(UtcTime, ErrorMessageNamesTheTextTheReasonAndTheExpectedForm) {
  try {
    UtcTime::Parse("2022-13-01T00:00:00Z");
    FAIL() << "no exception";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(),
                 "invalid UTC time '2022-13-01T00:00:00Z': month must be 01-12 "
                 "(expected YYYY-MM-DDThh:mm:ss[.f]Z)");
  }
}

// Every way the text can be wrong, with a piece of the message it must give.
TEST(UtcTime, EveryErrorPathThrowsInputError) {
  struct Case {
    const char* text;
    const char* reason;
  };
  const Case kCases[] = {
      {"", "expected a 4-digit year at column 1"},
      {"22-01-05T07:27:00Z", "expected a 4-digit year at column 1"},
      {"2022/01/05T07:27:00Z", "expected '-' after the year at column 5"},
      {"2022-1-05T07:27:00Z", "expected a 2-digit month at column 6"},
      {"2022-01/05T07:27:00Z", "expected '-' after the month at column 8"},
      {"2022-01-5T07:27:00Z", "expected a 2-digit day at column 9"},
      {"2022-01-05", "expected 'T' or ' ' between date and time at column 11"},
      {"2022-01-05_07:27:00Z", "expected 'T' or ' ' between date and time at column 11"},
      {"2022-01-05T7:27:00Z", "expected a 2-digit hour at column 12"},
      {"2022-01-05T07-27:00Z", "expected ':' after the hour at column 14"},
      {"2022-01-05T07:2:00Z", "expected 2-digit minutes at column 15"},
      {"2022-01-05T07:27Z", "expected ':' after the minutes at column 17"},
      {"2022-01-05T07:27:0Z", "expected 2-digit seconds at column 18"},
      {"2022-01-05T07:27:00.Z", "expected digits after the decimal point at column 21"},
      {"2022-01-05T07:27:00", "missing zone: add 'Z' for UTC or an offset ±hh:mm"},
      {"2022-01-05T07:27:00.5", "missing zone"},
      {"2022-01-05T07:27:00UTC", "expected 'Z' or a zone offset ±hh:mm at column 20"},
      {"2022-01-05T07:27:00+0900", "expected a zone offset ±hh:mm at column 23"},
      {"2022-01-05T07:27:00+9:00", "expected a zone offset ±hh:mm at column 21"},
      {"2022-01-05T07:27:00+24:00", "zone offset must be within ±23:59"},
      {"2022-01-05T07:27:00+09:60", "zone offset must be within ±23:59"},
      {"2022-01-05T07:27:00Z ", "unexpected text after the zone at column 21"},
      {"2022-01-05T07:27:00ZZ", "unexpected text after the zone at column 21"},
      {"2022-00-05T07:27:00Z", "month must be 01-12"},
      {"2022-13-05T07:27:00Z", "month must be 01-12"},
      {"2022-01-00T07:27:00Z", "day must be 01-31 for 2022-01"},
      {"2023-02-29T07:27:00Z", "day must be 01-28 for 2023-02"},
      {"2024-02-30T07:27:00Z", "day must be 01-29 for 2024-02"},
      {"2022-01-05T24:00:00Z", "hour must be 00-23"},
      {"2022-01-05T07:60:00Z", "minutes must be 00-59"},
      {"2016-12-31T23:59:60Z", "seconds must be 00-59 (leap seconds are not represented)"},
      {"2300-01-01T00:00:00Z", "outside the representable range"},
      {" 2022-01-05T07:27:00Z", "expected a 4-digit year at column 1"},
      {"+2022-01-05T07:27:00Z", "expected a 4-digit year at column 1"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(UtcTime::TryParse(c.text), std::nullopt);
    try {
      UtcTime::Parse(c.text);
      ADD_FAILURE() << "no exception";
    } catch (const InputError& error) {
      const std::string message = error.what();
      EXPECT_THAT(message, HasSubstr("invalid UTC time '" + std::string(c.text) + "': "));
      EXPECT_THAT(message, HasSubstr(c.reason));
      EXPECT_THAT(message, HasSubstr("(expected YYYY-MM-DDThh:mm:ss[.f]Z)"));
    }
  }
}

TEST(UtcTime, ArithmeticWithDurations) {
  const UtcTime start = UtcTime::Parse("2022-01-05T07:27:00Z");
  const UtcTime end = UtcTime::Parse("2022-01-05T07:28:30.5Z");
  EXPECT_EQ(end - start, Duration::Seconds(90.5));
  EXPECT_EQ(end - Duration::Seconds(90.5), start);
  EXPECT_LT(start, end);
  EXPECT_DOUBLE_EQ((end - start).seconds(), 90.5);
  EXPECT_DOUBLE_EQ(start.seconds_since_epoch(), 1'641'367'620.0);
}

TEST(Duration, SecondsRoundsToTheNearestNanosecond) {
  EXPECT_EQ(Duration::Seconds(90.5).nanoseconds(), 90'500'000'000);
  EXPECT_EQ(Duration::Seconds(-1.5).nanoseconds(), -1'500'000'000);
  EXPECT_EQ(Duration::Seconds(1.4e-9).nanoseconds(), 1);
  EXPECT_EQ(Duration::Seconds(1.6e-9).nanoseconds(), 2);
  EXPECT_EQ(Duration::Seconds(-1.6e-9).nanoseconds(), -2);
  EXPECT_EQ(Duration::Seconds(1e-10).nanoseconds(), 0);
  EXPECT_EQ(Duration::Seconds(9.2e9).nanoseconds(), 9'200'000'000'000'000'000);
  EXPECT_EQ(-Duration::Seconds(2.0), Duration::Seconds(-2.0));
  EXPECT_EQ(Duration::Seconds(1.0) + Duration::Seconds(2.0) - Duration::Seconds(0.5),
            Duration::Seconds(2.5));
}

TEST(DurationDeathTest, SecondsRejectsNonFiniteAndOutOfRange) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(Duration::Seconds(std::numeric_limits<double>::quiet_NaN()),
               "duration must be finite");
  EXPECT_DEATH(Duration::Seconds(std::numeric_limits<double>::infinity()),
               "duration must be finite");
  EXPECT_DEATH(Duration::Seconds(-1e10), "within ±9.2e9 s, got -1e\\+10");
}

}  // namespace
}  // namespace trilink
