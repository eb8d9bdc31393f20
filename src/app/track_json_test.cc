// The track file of `trilink assess`: what a missile's track can be, and
// messages that name the field.
#include "track_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "trilink/core/error.h"

namespace trilink::app {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kExample = R"({"track": "example", "time": "2026-03-10T06:35:00Z",
 "position": {"lat_deg": 40.3, "lon_deg": 132.0, "height_m": 45000},
 "ecef_velocity_m_s": [-1500, 300, 900],
 "position_sigma_m": 300, "velocity_sigma_m_s": 10})";

std::string With(std::string_view from, std::string_view to) {
  std::string text(kExample);
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.substr(0, at) + std::string(to) + text.substr(at + from.size());
}

std::string ErrorOf(const std::string& text) {
  try {
    ParseTrackJson(text, "t.json");
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

TEST(ParseTrackJson, ReadsTheExample) {
  const TrackInput input = ParseTrackJson(kExample, "t.json");
  EXPECT_EQ(input.track, "example");
  EXPECT_EQ(input.time.ToIso8601(), "2026-03-10T06:35:00Z");
  EXPECT_DOUBLE_EQ(input.state.mean(tracking::kBallisticVelocity), -1500.0);
  EXPECT_DOUBLE_EQ(input.state.covariance(0, 0), 300.0 * 300.0);
}

TEST(ParseTrackJson, UnknownAndMisspeltFieldsAreErrors) {
  EXPECT_THAT(
      ErrorOf(With("\"position_sigma_m\": 300,", "\"position_sigma_m\": 300, \"covarince\": [],")),
      HasSubstr("t.json: field 'covarince': unknown field (did you mean covariance?)"));
  EXPECT_THAT(ErrorOf(With("\"height_m\": 45000", "\"height_m\": 45000, \"alt\": 1")),
              HasSubstr("field 'position.alt': unknown field"));
}

TEST(ParseTrackJson, PositionsMustBeWhereAMissileCanBe) {
  EXPECT_THAT(ErrorOf(With("\"height_m\": 45000", "\"height_m\": -3e6")),
              HasSubstr("field 'position.height_m': got -3000000.0; expected a height in"));
  EXPECT_THAT(ErrorOf(With("\"height_m\": 45000", "\"height_m\": 1e300")),
              HasSubstr("field 'position.height_m'"));
  // At the Earth's centre, as ECEF.
  const std::string centre = R"({"time": "2026-03-10T06:35:00Z", "ecef_position_m": [0, 0, 0],
      "ecef_velocity_m_s": [0, 0, 0], "position_sigma_m": 1, "velocity_sigma_m_s": 1})";
  EXPECT_THAT(ErrorOf(centre), HasSubstr("field 'ecef_position_m': the point is"));
  EXPECT_THAT(ErrorOf(With("[-1500, 300, 900]", "[-15000, 300, 900]")),
              HasSubstr("field 'ecef_velocity_m_s': speed 15030 m/s"));
}

TEST(ParseTrackJson, SigmasCoefficientAndProbabilitiesAreRangeChecked) {
  EXPECT_THAT(ErrorOf(With("\"velocity_sigma_m_s\": 10", "\"velocity_sigma_m_s\": -10")),
              HasSubstr("field 'velocity_sigma_m_s': got -10; expected m/s in (0, 10000]"));
  EXPECT_THAT(ErrorOf(With("\"velocity_sigma_m_s\": 10",
                           "\"velocity_sigma_m_s\": 10, \"inverse_ballistic_coefficient_m2_kg\": "
                           "-1e-4")),
              HasSubstr("field 'inverse_ballistic_coefficient_m2_kg': got -0.0001"));
  EXPECT_THAT(ErrorOf(With("\"velocity_sigma_m_s\": 10",
                           "\"velocity_sigma_m_s\": 10, \"boost_probability\": 1.5")),
              HasSubstr("field 'boost_probability': got 1.5; expected a probability in [0, 1]"));
  EXPECT_THAT(ErrorOf(With("\"velocity_sigma_m_s\": 10",
                           "\"velocity_sigma_m_s\": 10, \"boost_probability\": 0.7, "
                           "\"manoeuvre_probability\": 0.6")),
              HasSubstr("boost_probability + manoeuvre_probability = 1.3"));
  // Near the end of what UtcTime holds, the predicted impact would wrap round.
  EXPECT_THAT(
      ErrorOf(With("\"time\": \"2026-03-10T06:35:00Z\"", "\"time\": \"2262-04-11T23:47:16Z\"")),
      HasSubstr("field 'time': got \"2262-04-11T23:47:16Z\"; expected an ISO-8601 UTC "
                "time between 1700 and 2200"));
  EXPECT_THAT(ErrorOf(With("\"time\": \"2026-03-10T06:35:00Z\"", "\"time\": 5")),
              HasSubstr("field 'time': got 5; expected an ISO-8601 UTC time"));
}

std::string WithCovariance(const std::string& rows) {
  return With("\"position_sigma_m\": 300, \"velocity_sigma_m_s\": 10", "\"covariance\": " + rows);
}

TEST(ParseTrackJson, ACovarianceMustBeSymmetricPositiveDefinite) {
  const std::string identity =
      "[[1,0,0,0,0,0],[0,1,0,0,0,0],[0,0,1,0,0,0],[0,0,0,1,0,0],[0,0,0,0,1,0],[0,0,0,0,0,1]]";
  EXPECT_EQ(ErrorOf(WithCovariance(identity)), "no error");
  EXPECT_THAT(ErrorOf(WithCovariance("[[1,0.5,0,0,0,0],[0,1,0,0,0,0],[0,0,1,0,0,0],[0,0,0,1,0,0],["
                                     "0,0,0,0,1,0],[0,0,0,0,0,1]]")),
              HasSubstr("field 'covariance[1][0]': 0 differs from covariance[0][1] = 0.5"));
  EXPECT_THAT(
      ErrorOf(WithCovariance("[[-1,0,0,0,0,0],[0,1,0,0,0,0],[0,0,1,0,0,0],[0,0,0,1,0,0],[0,"
                             "0,0,0,1,0],[0,0,0,0,0,1]]")),
      HasSubstr("field 'covariance[0][0]': a variance of -1; expected a number in (0, 1e+12]"));
  EXPECT_THAT(
      ErrorOf(WithCovariance("[[1,0,0,0,0,0],[0,1,0,0,0,0],[0,0,1,0,0,0],[0,0,0,1e300,0,0],[0,0,0,"
                             "0,1,0],[0,0,0,0,0,1]]")),
      HasSubstr("field 'covariance[3][3]': a variance of 1e+300; expected a number in (0, 1e+08]"));
  EXPECT_THAT(
      ErrorOf(WithCovariance(
          "[[1,2,0,0,0,0],[2,1,0,0,0,0],[0,0,1,0,0,0],[0,0,0,1,0,0],[0,0,0,0,1,0],[0,0,0,0,0,1]]")),
      HasSubstr("field 'covariance': not positive definite"));
  EXPECT_THAT(ErrorOf(WithCovariance("[[1,0],[0,1]]")),
              HasSubstr("field 'covariance': got an array of 2 elements; expected a 6×6"));
}

TEST(ParseTrackJson, NumbersBeyondDoubleAndRepeatedFieldsAreErrors) {
  // Found by fuzzing (fuzz/regressions/track_json/number-overflow.json).
  EXPECT_THAT(ErrorOf(With("\"position_sigma_m\": 300", "\"position_sigma_m\": 1e400")),
              HasSubstr("t.json: not usable JSON: [json.exception.out_of_range.406] number "
                        "overflow parsing '1e400'"));
  EXPECT_THAT(ErrorOf(With("\"position_sigma_m\": 300",
                           "\"position_sigma_m\": 300, "
                           "\"position_sigma_m\": 20")),
              HasSubstr("t.json: field 'position_sigma_m': given twice"));
  EXPECT_THAT(ErrorOf(With("\"height_m\": 45000", "\"height_m\": 45000, \"lat_deg\": 1")),
              HasSubstr("t.json: field 'position.lat_deg': given twice"));
}

// A value nested a hundred thousand deep: the message describes it, it does
// not serialise it (which recursed once per level and overflowed the stack).
TEST(ParseTrackJson, ADeeplyNestedValueIsDescribedNotSerialised) {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  EXPECT_THAT(ErrorOf(With("\"time\": \"2026-03-10T06:35:00Z\"", "\"time\": " + deep)),
              HasSubstr("field 'time': got an array of 1 element; expected"));
  std::string wide = "[";
  for (int i = 0; i < 100'000; ++i) wide += "1,";
  wide += "1]";
  EXPECT_THAT(ErrorOf(With("\"time\": \"2026-03-10T06:35:00Z\"", "\"time\": " + wide)),
              HasSubstr("field 'time': got an array of 100001 elements; expected"));
}

TEST(ParseTrackJson, NotJsonOrNotAnObject) {
  EXPECT_THAT(ErrorOf("{\"time\": "), HasSubstr("t.json: not JSON (byte"));
  EXPECT_EQ(ErrorOf("[1, 2]"), "t.json: expected a JSON object");
  EXPECT_EQ(ErrorOf("\xEF\xBB\xBF" + std::string(kExample)), "no error");
}

}  // namespace
}  // namespace trilink::app
