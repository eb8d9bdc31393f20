#include "trilink/core/text.h"

#include <cstdint>
#include <cstdio>

namespace trilink {
namespace {

// Decodes the UTF-8 sequence at text[at]; returns its length (0 when
// invalid) and the code point.
std::size_t Decode(std::string_view text, std::size_t at, uint32_t* code_point) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = 0;
  uint32_t value = 0, minimum = 0;
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
    value = (value << 6) | (byte(at + i) & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  *code_point = value;
  return length;
}

}  // namespace

std::string TextProblem(std::string_view text, bool allow_line_breaks) {
  char buffer[96];
  for (std::size_t at = 0; at < text.size();) {
    uint32_t code_point = 0;
    const std::size_t length = Decode(text, at, &code_point);
    if (length == 0) {
      std::snprintf(buffer, sizeof buffer, "not valid UTF-8 at byte %zu", at + 1);
      return buffer;
    }
    const bool line_break = code_point == '\t' || code_point == '\n' || code_point == '\r';
    const bool control = (code_point < 0x20 && !(allow_line_breaks && line_break)) ||
                         (code_point >= 0x7F && code_point <= 0x9F);
    if (control || code_point == 0xFFFE || code_point == 0xFFFF) {
      std::snprintf(buffer, sizeof buffer, "a %s U+%04X at byte %zu",
                    control ? "control character" : "non-character",
                    static_cast<unsigned>(code_point), at + 1);
      return buffer;
    }
    at += length;
  }
  return {};
}

std::string Printable(std::string_view text, std::size_t max_bytes) {
  std::string out;
  const bool clean = TextProblem(text).empty();
  for (std::size_t i = 0; i < text.size() && i < max_bytes; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c >= 0x20 && c < 0x7F) || (clean && c >= 0x80)) {
      out += static_cast<char>(c);
    } else {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\x%02X", static_cast<unsigned>(c));
      out += escape;
    }
  }
  // Cut at a character boundary, not inside a multi-byte sequence.
  if (text.size() > max_bytes) {
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
    out += "...";
  }
  return out;
}

}  // namespace trilink
