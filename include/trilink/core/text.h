// Checks of text that comes from outside and ends up in messages, files
// and CAP documents: names must be valid UTF-8 without control characters,
// so that they can neither break an XML document nor drive a terminal.
//
// Usage:
//   if (std::string problem = TextProblem(name); !problem.empty())
//     throw InputError("scenario.name: " + problem + "; expected printable text");
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace trilink {

// Empty when `text` is valid UTF-8 (no overlong forms, surrogates or code
// points above U+10FFFF) with no control character (U+0000–U+001F, U+007F–
// U+009F) and no non-character U+FFFE/U+FFFF; otherwise what is wrong and
// where ("a control character U+0001 at byte 4"). With allow_line_breaks,
// tab, line feed and carriage return are allowed (text of several lines).
std::string TextProblem(std::string_view text, bool allow_line_breaks = false);

// `text` as it may be quoted in a message: printable ASCII as is, other
// bytes of invalid or control text as \xNN, cut after max_bytes with "...".
std::string Printable(std::string_view text, std::size_t max_bytes = 60);

// A JSON value (nlohmann::json or alike) as a message quotes it: a string
// through Printable, a short flat array or object as written, a nested or
// long one only described ("an array of 3 elements"). Never serialises a
// container whole: that would copy a huge one into the message and recurse
// once per level of nesting (a stack overflow for deeply nested input).
template <typename Json>
std::string JsonForMessage(const Json& value) {
  if (value.is_string()) {
    // Appended rather than "\"" + ...: GCC 12 reports a false -Wrestrict
    // for a literal prepended to a temporary string.
    std::string quoted(1, '"');
    quoted += Printable(value.template get_ref<const std::string&>());
    quoted += '"';
    return quoted;
  }
  if (value.is_structured()) {
    bool flat = value.size() <= 8;
    for (auto it = value.begin(); flat && it != value.end(); ++it) flat = !it->is_structured();
    if (!flat) {
      return std::string(value.is_array() ? "an array" : "an object") + " of " +
             std::to_string(value.size()) + (value.size() == 1 ? " element" : " elements");
    }
  }
  return Printable(value.dump());
}

}  // namespace trilink
