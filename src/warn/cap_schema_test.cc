// Validation of every kind of message trilink writes against the OASIS CAP
// 1.2 schema. The schema's path comes from the CMake cache variable
// TRILINK_CAP_SCHEMA (or the environment variable of that name); when the
// file is absent these tests skip and say how to provide it (test_schema.h).
#include "trilink/warn/cap_schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "synthetic_lifecycle.h"
#include "test_schema.h"
#include "trilink/core/error.h"
#include "trilink/warn/cap.h"
#include "trilink/warn/policy.h"

namespace trilink::warn {
namespace {

using ::testing::HasSubstr;

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at == std::string::npos) return text;
  // Concatenation rather than std::string::replace, which trips GCC 12's
  // false -Wrestrict positive at -O3.
  return text.substr(0, at) + to + text.substr(at + from.size());
}

TEST(CapSchema, MissingFileNamesThePathAndTheCacheVariable) {
  try {
    CapSchema schema("/nonexistent/cap12.xsd");
    FAIL() << "no exception";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("/nonexistent/cap12.xsd"));
    EXPECT_THAT(error.what(), HasSubstr("TRILINK_CAP_SCHEMA"));
  }
}

TEST(CapSchema, EveryLifecycleMessageValidates) {
  WarningPolicy policy(testing::SyntheticOptions());
  const std::vector<Alert> alerts = testing::Run(policy, testing::SyntheticLifecycle());
  std::set<CapMsgType> kinds;
  for (const Alert& alert : alerts) kinds.insert(alert.msg_type);
  // Alert, Update (with references) and Cancel are all covered (checked
  // with or without the schema).
  EXPECT_EQ(kinds.size(), 3u);
  TRILINK_REQUIRE_CAP_SCHEMA(schema);
  for (const Alert& alert : alerts) {
    const std::string xml = WriteCap(alert);
    const SchemaCheck check = schema.Validate(xml);
    EXPECT_TRUE(check.valid) << alert.identifier << ":\n" << check.Summary() << "\n" << xml;
  }
}

TEST(CapSchema, FullAlertValidates) {
  TRILINK_REQUIRE_CAP_SCHEMA(schema);
  const std::string xml = WriteCap(testing::FullAlert());
  const SchemaCheck check = schema.Validate(xml);
  EXPECT_TRUE(check.valid) << check.Summary() << "\n" << xml;
}

TEST(CapSchema, ActualStatusAndMinimalAlertValidate) {
  TRILINK_REQUIRE_CAP_SCHEMA(schema);
  Alert alert;
  alert.identifier = "trilink-JP.minimal.0001";
  alert.sender = "trilink-JP";
  alert.sent = UtcTime::Parse("2022-10-04T07:23:00Z");
  alert.status = CapStatus::kActual;
  EXPECT_TRUE(schema.Validate(WriteCap(alert)).valid);
}

// Messages broken on purpose: the validator must reject each one.
TEST(CapSchema, RejectsBrokenMessages) {
  TRILINK_REQUIRE_CAP_SCHEMA(schema);
  const std::string good = WriteCap(testing::FullAlert());
  ASSERT_TRUE(schema.Validate(good).valid);
  const std::vector<std::pair<std::string, std::string>> broken = {
      {"Z instead of -00:00",
       Replace(good, "<sent>2022-10-04T07:29:30-00:00", "<sent>2022-10-04T07:29:30Z")},
      {"fractional seconds",
       Replace(good, "<sent>2022-10-04T07:29:30-00:00", "<sent>2022-10-04T07:29:30.5-00:00")},
      {"unknown status", Replace(good, "<status>Exercise<", "<status>Simulation<")},
      {"lower-case msgType", Replace(good, "<msgType>Update<", "<msgType>update<")},
      {"unknown category", Replace(good, "<category>Security<", "<category>Military<")},
      {"missing event", Replace(good, "<event>Missile launch</event>", "")},
      {"elements out of order",
       Replace(Replace(good, "<urgency>Immediate</urgency>", ""), "<certainty>Likely</certainty>",
               "<certainty>Likely</certainty><urgency>Immediate</urgency>")},
      {"wrong namespace", Replace(good, "urn:oasis:names:tc:emergency:cap:1.2",
                                  "urn:oasis:names:tc:emergency:cap:1.1")},
      {"not well-formed", Replace(good, "</alert>", "")},
  };
  for (const auto& [what, xml] : broken) {
    const SchemaCheck check = schema.Validate(xml);
    EXPECT_FALSE(check.valid) << what << " passed validation";
    EXPECT_FALSE(check.errors.empty()) << what;
  }
}

}  // namespace
}  // namespace trilink::warn
