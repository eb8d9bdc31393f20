// The OASIS CAP 1.2 schema for the tests that validate against it.
//
// The schema is not part of the repository (OASIS copyright). Its path is the
// CMake cache variable TRILINK_CAP_SCHEMA (default ../shared/data/cap/cap12.xsd
// beside the source tree), and the environment variable of the same name
// overrides it when a test runs. When the file is absent the tests that need
// it skip (GTEST_SKIP, shown by CTest as skipped, not passed) and say how to
// point the build at a copy; every other test runs everywhere.
//
// Usage, inside a TEST:
//   TRILINK_REQUIRE_CAP_SCHEMA(schema);   // const CapSchema& schema, or skip
//   EXPECT_TRUE(schema.Validate(xml).valid);
#pragma once

#include <string>

#include "trilink/warn/cap_schema.h"

namespace trilink::warn::testing {

// The schema's path: $TRILINK_CAP_SCHEMA when set and not empty, else the
// configured path.
std::string CapSchemaPath();

// The parsed schema (one per process, parsed on first use), or null when
// the file at CapSchemaPath() does not exist; then *skip_reason says what is
// skipped and how to provide the file. A file that exists but is not a
// usable schema throws InputError (a broken copy fails, it does not skip).
const CapSchema* CapSchemaForTests(std::string* skip_reason);

}  // namespace trilink::warn::testing

#define TRILINK_REQUIRE_CAP_SCHEMA(name)                                \
  std::string name##_skip_reason;                                       \
  const ::trilink::warn::CapSchema* name##_pointer =                    \
      ::trilink::warn::testing::CapSchemaForTests(&name##_skip_reason); \
  if (name##_pointer == nullptr) GTEST_SKIP() << name##_skip_reason;    \
  const ::trilink::warn::CapSchema& name = *name##_pointer
