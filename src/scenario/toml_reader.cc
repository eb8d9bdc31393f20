#include "trilink/scenario/toml_reader.h"

#include <charconv>
#include <cstdio>

namespace trilink::scenario {

std::string Join(std::span<const std::string_view> words) {
  std::string out;
  for (std::string_view word : words) {
    if (!out.empty()) out += ", ";
    out += word;
  }
  return out;
}

// Shortest text that reads back as `value` ("0.6", not "0.59999999999999998").
std::string FormatNumber(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

// A float as TOML would show it: always distinguishable from an integer, so
// that "got 3.0; expected an integer" makes sense.
std::string FormatFloat(double value) {
  std::string text = FormatNumber(value);
  if (std::isfinite(value) && text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

// A string as TOML would write it, escaped, and cut short: a message quotes
// a value, it does not repeat a megabyte of it.
std::string Quote(std::string_view text) {
  constexpr size_t kMaxShown = 60;
  const bool cut = text.size() > kMaxShown;
  if (cut) text = text.substr(0, kMaxShown);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
      out += escape;
    } else {
      out += c;
    }
  }
  return out + (cut ? "...\"" : "\"");
}

// What a value is, for "got ..." in messages: numbers as written, other
// scalars with their type, containers by type only.
std::string Describe(const toml::node& node) {
  std::ostringstream out;
  const toml::node_view<const toml::node> view(&node);
  switch (node.type()) {
    case toml::node_type::integer:
      out << node.as_integer()->get();
      break;
    case toml::node_type::floating_point:
      out << FormatFloat(node.as_floating_point()->get());
      break;
    case toml::node_type::string:
      out << "a string " << Quote(node.as_string()->get());
      break;
    case toml::node_type::boolean:
      out << "a boolean " << view;
      break;
    case toml::node_type::date:
      out << "a date " << view;
      break;
    case toml::node_type::time:
      out << "a time " << view;
      break;
    case toml::node_type::date_time:
      out << (node.as_date_time()->get().is_local() ? "a local date-time " : "a date-time ")
          << view;
      break;
    case toml::node_type::array:
      out << "an array of " << node.as_array()->size() << " element"
          << (node.as_array()->size() == 1 ? "" : "s");
      break;
    case toml::node_type::table:
      out << "a table";
      break;
    case toml::node_type::none:
      out << "nothing";
      break;
  }
  return out.str();
}

}  // namespace trilink::scenario
