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

}  // namespace trilink
