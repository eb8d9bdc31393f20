#include "trilink/warn/cap_schema.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <filesystem>
#include <string>

#include "trilink/core/error.h"

namespace trilink::warn {
namespace {

// libxml2 reports through a printf-style callback; collect its messages.
// Structured errors carry the line, which the generic callback does not.
void CollectError(void* context, const xmlError* error) {
  auto* errors = static_cast<std::vector<std::string>*>(context);
  std::string message = error->message != nullptr ? error->message : "unknown libxml2 error";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  errors->push_back("line " + std::to_string(error->line) + ": " + message);
}

// libxml2 2.9 declares the callback with a non-const xmlError*, 2.12 with a
// const one; a generic lambda converts to either function pointer type.
constexpr auto kCollect = [](void* context, auto error) { CollectError(context, error); };

}  // namespace

std::string SchemaCheck::Summary() const {
  if (valid) return "valid";
  std::string text;
  for (const std::string& error : errors) text += error + "\n";
  return text.empty() ? "invalid (no message)" : text;
}

struct CapSchema::Impl {
  xmlSchemaPtr schema = nullptr;
  ~Impl() {
    if (schema != nullptr) xmlSchemaFree(schema);
  }
};

CapSchema::CapSchema(const std::string& xsd_path) : impl_(std::make_unique<Impl>()) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(xsd_path, ec)) {
    throw InputError("CAP 1.2 schema '" + xsd_path +
                     "': no such file; expected the OASIS cap12.xsd (for the tests, set the "
                     "CMake cache variable TRILINK_CAP_SCHEMA to its path)");
  }
  std::vector<std::string> errors;
  xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt(xsd_path.c_str());
  xmlSchemaSetParserStructuredErrors(parser, kCollect, &errors);
  impl_->schema = xmlSchemaParse(parser);
  xmlSchemaFreeParserCtxt(parser);
  if (impl_->schema == nullptr) {
    std::string message = "CAP 1.2 schema '" + xsd_path + "': not a usable XML schema";
    if (!errors.empty()) message += ": " + errors.front();
    throw InputError(message);
  }
}

CapSchema::~CapSchema() = default;

SchemaCheck CapSchema::Validate(std::string_view xml) const {
  SchemaCheck check;
  xmlParserCtxtPtr parser = xmlNewParserCtxt();
  TRILINK_CHECK(parser != nullptr) << "libxml2: out of memory";
  xmlSetStructuredErrorFunc(&check.errors, kCollect);
  // XML_PARSE_NONET: never fetch anything; no entity substitution (XXE).
  xmlDocPtr doc = xmlCtxtReadMemory(parser, xml.data(), static_cast<int>(xml.size()), "cap.xml",
                                    "UTF-8", XML_PARSE_NONET);
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  xmlFreeParserCtxt(parser);
  if (doc == nullptr) {
    if (check.errors.empty()) check.errors.push_back("not well-formed XML");
    return check;
  }
  xmlSchemaValidCtxtPtr validator = xmlSchemaNewValidCtxt(impl_->schema);
  xmlSchemaSetValidStructuredErrors(validator, kCollect, &check.errors);
  const int result = xmlSchemaValidateDoc(validator, doc);
  xmlSchemaFreeValidCtxt(validator);
  xmlFreeDoc(doc);
  check.valid = result == 0;
  if (!check.valid && check.errors.empty()) {
    check.errors.push_back("libxml2 schema validation failed with code " + std::to_string(result));
  }
  return check;
}

}  // namespace trilink::warn
