// Validation of every kind of message trilink writes against the OASIS CAP
// 1.2 schema. The schema's path comes from the CMake cache variable
// TRILINK_CAP_SCHEMA; a missing file fails the tests (it never skips them).
#include "trilink/warn/cap_schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "synthetic_lifecycle.h"
#include "trilink/core/error.h"
#include "trilink/warn/cap.h"
#include "trilink/warn/policy.h"

namespace trilink::warn {
namespace {

using ::testing::HasSubstr;

// One parsed schema for the whole binary; null when the file is missing.
const CapSchema* Schema() {
  static const CapSchema* schema = []() -> const CapSchema* {
    if (!std::filesystem::is_regular_file(TRILINK_CAP_SCHEMA)) return nullptr;
    return new CapSchema(TRILINK_CAP_SCHEMA);
  }();
  return schema;
}

#define REQUIRE_SCHEMA()                                                                      \
  ASSERT_NE(Schema(), nullptr)                                                                \
      << "The OASIS CAP 1.2 schema was not found at '" TRILINK_CAP_SCHEMA                     \
         "'. Put cap12.xsd there (it ships in ../shared/data/cap/ beside the repository) or " \
         "re-run cmake with -DTRILINK_CAP_SCHEMA=/path/to/cap12.xsd."

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at == std::string::npos) return text;
  // Concatenation rather than std::string::replace, which trips GCC 12's
  // false -Wrestrict positive at -O3.
  return text.substr(0, at) + to + text.substr(at + from.size());
}

TEST(CapSchema, FileIsPresent) { REQUIRE_SCHEMA(); }

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
  REQUIRE_SCHEMA();
  WarningPolicy policy(testing::SyntheticOptions());
  const std::vector<Alert> alerts = testing::Run(policy, testing::SyntheticLifecycle());
  std::set<CapMsgType> kinds;
  for (const Alert& alert : alerts) {
    kinds.insert(alert.msg_type);
    const std::string xml = WriteCap(alert);
    const SchemaCheck check = Schema()->Validate(xml);
    EXPECT_TRUE(check.valid) << alert.identifier << ":\n" << check.Summary() << "\n" << xml;
  }
  // Alert, Update (with references) and Cancel are all covered.
  EXPECT_EQ(kinds.size(), 3u);
}

TEST(CapSchema, FullAlertValidates) {
  REQUIRE_SCHEMA();
  const std::string xml = WriteCap(testing::FullAlert());
  const SchemaCheck check = Schema()->Validate(xml);
  EXPECT_TRUE(check.valid) << check.Summary() << "\n" << xml;
}

TEST(CapSchema, ActualStatusAndMinimalAlertValidate) {
  REQUIRE_SCHEMA();
  Alert alert;
  alert.identifier = "trilink-JP.minimal.0001";
  alert.sender = "trilink-JP";
  alert.sent = UtcTime::Parse("2022-10-04T07:23:00Z");
  alert.status = CapStatus::kActual;
  EXPECT_TRUE(Schema()->Validate(WriteCap(alert)).valid);
}

// Messages broken on purpose: the validator must reject each one.
TEST(CapSchema, RejectsBrokenMessages) {
  REQUIRE_SCHEMA();
  const std::string good = WriteCap(testing::FullAlert());
  ASSERT_TRUE(Schema()->Validate(good).valid);
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
    const SchemaCheck check = Schema()->Validate(xml);
    EXPECT_FALSE(check.valid) << what << " passed validation";
    EXPECT_FALSE(check.errors.empty()) << what;
  }
}

}  // namespace
}  // namespace trilink::warn
