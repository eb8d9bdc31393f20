// Reading TOML input files with messages that point at the mistake:
// "FILE:LINE:COLUMN: FIELD: what is wrong; expected WHAT", where the
// position is that of the offending value (or key, for unknown keys), or of
// the enclosing table header when a required key is missing. Used by the
// scenario format (scenario.h) and the node configuration (`trilink node`).
#pragma once

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "trilink/core/error.h"
#include "trilink/core/spelling.h"
#include "trilink/core/text.h"

namespace trilink::scenario {

// "a, b, c".
std::string Join(std::span<const std::string_view> words);
// Shortest text that reads back as `value` ("0.6", not "0.59999999999999998").
std::string FormatNumber(double value);
// A float as TOML would show it: always distinguishable from an integer, so
// that "got 3.0; expected an integer" makes sense.
std::string FormatFloat(double value);
// A string as TOML would write it, escaped, and cut short: a message quotes
// a value, it does not repeat a megabyte of it.
std::string Quote(std::string_view text);
// What a value is, for "got ..." in messages: numbers as written, other
// scalars with their type, containers by type only.
std::string Describe(const toml::node& node);

// Reads one TOML document and reports errors against one file name.
class TomlReader {
 public:
  explicit TomlReader(const std::string& file) : file_(file) {}

  [[noreturn]] void Fail(const toml::source_region& at, std::string_view field,
                         std::string_view problem, std::string_view expected) const {
    std::ostringstream message;
    // toml++ numbers lines and columns from 1; 0 means "unknown", so point at
    // the start of the file rather than print a position that does not exist.
    const auto line = at.begin.line == 0 ? 1u : at.begin.line;
    const auto column = at.begin.column == 0 ? 1u : at.begin.column;
    // The field can hold a key the user wrote: quoted printable.
    message << file_ << ':' << line << ':' << column << ": " << Printable(field, 120) << ": "
            << problem;
    if (!expected.empty()) message << "; expected " << expected;
    throw InputError(message.str());
  }
  [[noreturn]] void Fail(const toml::node& at, std::string_view field, std::string_view problem,
                         std::string_view expected) const {
    Fail(at.source(), field, problem, expected);
  }
  [[noreturn]] void FailValue(const toml::node& at, std::string_view field,
                              std::string_view expected) const {
    Fail(at, field, "got " + Describe(at), expected);
  }

  // Rejects the key of `table` that is not in `allowed` and comes first in
  // the file. `prefix` is the table's field name ("" for the root).
  void RejectUnknown(const toml::table& table, std::string_view prefix,
                     std::span<const std::string_view> allowed) const {
    const toml::key* first_key = nullptr;
    const toml::node* first_node = nullptr;
    for (auto&& [key, node] : table) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
      if (first_key == nullptr || Before(Where(key, node), Where(*first_key, *first_node))) {
        first_key = &key;
        first_node = &node;
      }
    }
    if (first_key == nullptr) return;
    std::string problem = first_node->is_table() ? "unknown table" : "unknown key";
    const std::string_view nearest = NearestName(first_key->str(), allowed);
    if (!nearest.empty()) problem += " (did you mean " + std::string(nearest) + "?)";
    const std::string field =
        prefix.empty() ? std::string(first_key->str()) : Field(prefix, first_key->str());
    Fail(Where(*first_key, *first_node), field, problem, "one of " + Join(allowed));
  }

  static std::string Field(std::string_view prefix, std::string_view key) {
    std::string field(prefix);
    field += '.';
    field += key;
    return field;
  }

  // A required key: missing ones are reported at the table's header.
  const toml::node& Require(const toml::table& table, std::string_view prefix, std::string_view key,
                            std::string_view expected) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) Fail(table, Field(prefix, key), "missing", expected);
    return *node;
  }

  // A number (integer or float), finite and satisfying `valid`.
  template <typename Predicate>
  double Number(const toml::node& node, std::string_view field, std::string_view expected,
                Predicate valid) const {
    double value = 0.0;
    if (const auto* integer = node.as_integer()) {
      value = static_cast<double>(integer->get());
    } else if (const auto* floating = node.as_floating_point()) {
      value = floating->get();
    } else {
      FailValue(node, field, expected);
    }
    if (!std::isfinite(value) || !valid(value)) FailValue(node, field, expected);
    return value;
  }

  // An integer in [min, max]; a float, even a whole one, is not an integer.
  int64_t Integer(const toml::node& node, std::string_view field, std::string_view expected,
                  int64_t min, int64_t max) const {
    const auto* integer = node.as_integer();
    if (integer == nullptr || integer->get() < min || integer->get() > max) {
      FailValue(node, field, expected);
    }
    return integer->get();
  }

  // A non-empty string of printable text (no control characters: it is
  // printed and written into documents).
  std::string NonEmptyString(const toml::node& node, std::string_view field) const {
    const auto* text = node.as_string();
    if (text == nullptr || text->get().empty()) FailValue(node, field, "a non-empty string");
    if (const std::string problem = TextProblem(text->get()); !problem.empty())
      Fail(node, field, "has " + problem, "printable text");
    return text->get();
  }

  // A name that becomes part of file names and message identifiers: 1 to 64
  // letters, digits, '-', '_' or '.', not starting with '.'.
  std::string Identifier(const toml::node& node, std::string_view field) const {
    constexpr std::string_view kExpected =
        "1 to 64 letters, digits, '-', '_' or '.', not starting with '.' (it names files)";
    const auto* text = node.as_string();
    if (text == nullptr) FailValue(node, field, kExpected);
    const std::string& value = text->get();
    const bool valid = !value.empty() && value.size() <= 64 && value.front() != '.' &&
                       std::all_of(value.begin(), value.end(), [](char c) {
                         return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                       });
    if (!valid) FailValue(node, field, kExpected);
    return value;
  }

 private:
  // Where to point for a key: tables at their header, values at the key.
  static toml::source_region Where(const toml::key& key, const toml::node& node) {
    return node.is_table() ? node.source() : key.source();
  }
  static bool Before(const toml::source_region& a, const toml::source_region& b) {
    return std::pair(a.begin.line, a.begin.column) < std::pair(b.begin.line, b.begin.column);
  }

  const std::string& file_;
};

}  // namespace trilink::scenario
