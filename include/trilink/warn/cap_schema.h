// Validation of CAP 1.2 documents against the OASIS XML schema with libxml2
// (xmlSchemaValidateDoc). The schema is not part of trilink (OASIS copyright);
// it is read from a path, e.g. ../shared/data/cap/cap12.xsd beside the
// repository (the CMake cache variable TRILINK_CAP_SCHEMA in the tests).
//
// Usage:
//   CapSchema schema("/path/to/cap12.xsd");       // throws InputError
//   SchemaCheck check = schema.Validate(WriteCap(alert));
//   if (!check.valid) print(check.errors);
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace trilink::warn {

// How a validation ended: valid, or the parser's and validator's messages
// ("line N: <message>").
struct SchemaCheck {
  bool valid = false;
  std::vector<std::string> errors;
  std::string Summary() const;  // the errors on one line each, or "valid"
};

class CapSchema {
 public:
  // xsd_path: the OASIS CAP 1.2 schema (cap12.xsd). Throws InputError naming
  // the path when the file is missing or is not a usable XML schema.
  explicit CapSchema(const std::string& xsd_path);
  ~CapSchema();
  CapSchema(const CapSchema&) = delete;
  CapSchema& operator=(const CapSchema&) = delete;

  // Parses `xml` (no network access, no external entities) and validates it.
  // Not thread-safe: use one CapSchema per thread.
  SchemaCheck Validate(std::string_view xml) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trilink::warn
