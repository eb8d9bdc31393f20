#include "test_schema.h"

#include <cstdlib>
#include <filesystem>
#include <memory>

namespace trilink::warn::testing {

std::string CapSchemaPath() {
  const char* from_environment = std::getenv("TRILINK_CAP_SCHEMA");
  if (from_environment != nullptr && *from_environment != '\0') return from_environment;
  return TRILINK_CAP_SCHEMA;
}

const CapSchema* CapSchemaForTests(std::string* skip_reason) {
  const std::string path = CapSchemaPath();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    *skip_reason =
        "CAP 1.2 schema validation skipped: the OASIS schema is not at '" + path +
        "' (it is not part of the repository). To run these tests, point the build at a copy "
        "of cap12.xsd (https://docs.oasis-open.org/emergency/cap/v1.2/) with "
        "`cmake --preset release -DTRILINK_CAP_SCHEMA=/path/to/cap12.xsd`, or set the "
        "environment variable TRILINK_CAP_SCHEMA when running ctest.";
    return nullptr;
  }
  // One parse per process and path (the override can change between tests
  // only in theory; keyed anyway so a test can never see a stale schema).
  static std::string parsed_path;
  static std::unique_ptr<const CapSchema> schema;
  if (!schema || parsed_path != path) {
    schema = std::make_unique<const CapSchema>(path);
    parsed_path = path;
  }
  return schema.get();
}

}  // namespace trilink::warn::testing
