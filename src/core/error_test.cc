#include "trilink/core/error.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace trilink {
namespace {

TEST(InputError, IsARuntimeErrorCarryingTheMessage) {
  const std::string message = "seed.toml:12:3: field 'launch.range_km': expected a number > 0";
  try {
    throw InputError(message);
  } catch (const std::runtime_error& error) {
    EXPECT_EQ(error.what(), message);
  }
}

TEST(Invalid, StoresTheMessageAndReturnsFalse) {
  std::string error = "previous";
  EXPECT_FALSE(Invalid(&error, "gate_sigma must be > 0"));
  EXPECT_EQ(error, "gate_sigma must be > 0");
}

TEST(Invalid, AcceptsANullError) { EXPECT_FALSE(Invalid(nullptr, "gate_sigma must be > 0")); }

TEST(Check, PassingCheckDoesNotEvaluateTheMessage) {
  int evaluations = 0;
  const auto count = [&evaluations] { return ++evaluations; };
  TRILINK_CHECK(1 + 1 == 2) << "never built " << count();
  EXPECT_EQ(evaluations, 0);
}

// The macro expands to if/else; it must bind correctly inside an unbraced if.
TEST(Check, IsSafeInsideAnUnbracedIf) {
  bool reached_else = false;
  if (false)
    TRILINK_CHECK(false) << "not reached";
  else
    reached_else = true;
  EXPECT_TRUE(reached_else);
}

TEST(CheckDeathTest, FailingCheckAbortsWithFileLineConditionAndMessage) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const double dt_s = -0.5;
  EXPECT_DEATH(TRILINK_CHECK(dt_s > 0.0) << "step must be positive, got " << dt_s,
               "error_test\\.cc:[0-9]+: check failed: dt_s > 0\\.0: step must be positive, got "
               "-0\\.5");
}

}  // namespace
}  // namespace trilink
