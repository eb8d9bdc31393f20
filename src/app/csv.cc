#include "csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <string_view>

#include "trilink/core/csv.h"
#include "trilink/core/error.h"

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

CsvTable ReadNumericCsv(const std::string& path, const std::vector<std::string>& allowed) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("{}: cannot open the file", path));
  CsvTable table;
  table.file = path;
  std::string line;
  int number = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++number;
    const std::string_view view(line);
    if (view.find_first_not_of(" \t\r") == std::string_view::npos || view.front() == '#') continue;
    const std::vector<std::string_view> fields = SplitCsvFields(view);
    if (!header) {
      for (std::string_view field : fields) {
        const std::string name(field);
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
          throw InputError(
              fmt::format("{}:{}: header: unknown column '{}'; expected columns from: {}", path,
                          number, name, Join(allowed)));
        }
        if (table.Column(name) >= 0)
          throw InputError(
              fmt::format("{}:{}: header: column '{}' appears twice", path, number, name));
        table.columns.push_back(name);
      }
      header = true;
      continue;
    }
    if (fields.size() != table.columns.size()) {
      throw InputError(fmt::format("{}:{}: {} fields; expected {} ({})", path, number,
                                   fields.size(), table.columns.size(), Join(table.columns)));
    }
    std::vector<double> row(fields.size());
    for (size_t i = 0; i < fields.size(); ++i) {
      const std::string_view field = fields[i];
      double value = 0.0;
      const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
      if (field.empty() || error != std::errc() || end != field.data() + field.size() ||
          !std::isfinite(value)) {
        throw InputError(fmt::format("{}:{}: column '{}': got '{}'; expected a number", path,
                                     number, table.columns[i], field));
      }
      row[i] = value;
    }
    table.rows.push_back(std::move(row));
    table.lines.push_back(number);
  }
  if (!header) throw InputError(fmt::format("{}: empty file; expected a header line", path));
  return table;
}

}  // namespace trilink::app
