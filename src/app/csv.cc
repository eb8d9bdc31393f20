#include "csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "trilink/core/csv.h"
#include "trilink/core/error.h"
#include "trilink/core/input_file.h"
#include "trilink/core/text.h"

namespace trilink::app {
namespace {

std::string Join(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

int CsvTable::Column(const std::string& name) const {
  const auto it = std::find(columns.begin(), columns.end(), name);
  return it == columns.end() ? -1 : static_cast<int>(it - columns.begin());
}

std::string CsvTable::Where(size_t row, int column) const {
  return fmt::format("{}:{}:{}", file, lines[row],
                     positions[row * columns.size() + static_cast<size_t>(column)]);
}

std::string CsvTable::BadValue(size_t row, int column, std::string_view expected) const {
  return fmt::format("{}: column '{}': got {}; expected {}", Where(row, column),
                     columns[static_cast<size_t>(column)], at(row, column), expected);
}

CsvTable ReadNumericCsv(const std::string& path, const std::vector<std::string>& allowed) {
  const std::string text = ReadInputFile(path, "CSV file");
  return ParseNumericCsv(text, path, allowed);
}

CsvTable ParseNumericCsv(std::string_view text, const std::string& file,
                         const std::vector<std::string>& allowed) {
  const std::string_view body = StripByteOrderMark(text);
  // Columns are counted in the file as written, the mark included.
  const int first_line_shift = static_cast<int>(text.size() - body.size());
  CsvTable table;
  table.file = file;
  int number = 0;
  bool header = false;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view view = body.substr(start, end - start);
    const size_t line_start = start;
    start = end + 1;
    ++number;
    if (view.find_first_not_of(" \t\r") == std::string_view::npos || view.front() == '#') continue;
    const std::vector<std::string_view> fields = SplitCsvFields(view);
    // 1-based character column of a field of this line.
    auto position = [&](std::string_view field) {
      return static_cast<int>(field.data() - body.data() - line_start) + 1 +
             (number == 1 ? first_line_shift : 0);
    };
    if (!header) {
      for (std::string_view field : fields) {
        const std::string name(field);
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
          throw InputError(
              fmt::format("{}:{}:{}: header: unknown column '{}'; expected columns from: {}", file,
                          number, position(field), Printable(field, 40), Join(allowed)));
        }
        if (table.Column(name) >= 0)
          throw InputError(fmt::format("{}:{}:{}: header: column '{}' appears twice", file, number,
                                       position(field), name));
        table.columns.push_back(name);
      }
      header = true;
      continue;
    }
    if (fields.size() != table.columns.size()) {
      // Point at the first field too many, or just past the line's end.
      const int column = fields.size() > table.columns.size()
                             ? position(fields[table.columns.size()])
                             : static_cast<int>(view.find_last_not_of(" \t\r") + 2);
      throw InputError(fmt::format("{}:{}:{}: {} fields; expected {} ({})", file, number, column,
                                   fields.size(), table.columns.size(), Join(table.columns)));
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      const std::string_view field = fields[i];
      double value = 0.0;
      const auto [stop, error] = std::from_chars(field.data(), field.data() + field.size(), value);
      if (field.empty() || error != std::errc() || stop != field.data() + field.size() ||
          !std::isfinite(value)) {
        const bool too_large = error == std::errc::result_out_of_range;
        throw InputError(fmt::format("{}:{}:{}: column '{}': got '{}'; expected a number{}", file,
                                     number, position(field), table.columns[i],
                                     Printable(field, 40),
                                     too_large ? " within the range of a double (±1.8e308)" : ""));
      }
      table.values.push_back(value);
      table.positions.push_back(position(field));
    }
    table.lines.push_back(number);
  }
  if (!header) throw InputError(fmt::format("{}: empty file; expected a header line", file));
  return table;
}

}  // namespace trilink::app
