// Splitting a line of a simple comma-separated file (no quoting): the
// fields, with surrounding spaces, tabs and a trailing carriage return
// removed. Shared by the places table and `trilink track`'s CSV reader.
#pragma once

#include <string_view>
#include <vector>

namespace trilink {

inline std::vector<std::string_view> SplitCsvFields(std::string_view line) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    std::string_view field =
        line.substr(start, comma == std::string_view::npos ? comma : comma - start);
    while (!field.empty() && blank(field.front())) field.remove_prefix(1);
    while (!field.empty() && blank(field.back())) field.remove_suffix(1);
    fields.push_back(field);
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

}  // namespace trilink
