// A small reader for the numeric CSV files of `trilink track`: a header line
// naming the columns, then rows of numbers. Errors name the file, the line,
// the column (in bytes, from 1, as editors count ASCII) and what was
// expected.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace trilink::app {

struct CsvTable {
  std::string file;
  std::vector<std::string> columns;  // from the header
  // The numbers, row by row: row r, column c at values[r * columns.size() + c]
  // (one array: a vector per row would cost several times the file).
  std::vector<double> values;
  std::vector<int> lines;  // 1-based line of each row
  // 1-based byte position in its line of each field, indexed as values.
  std::vector<int> positions;

  size_t row_count() const { return lines.size(); }
  double at(size_t row, int column) const {
    return values[row * columns.size() + static_cast<size_t>(column)];
  }

  // Index of `name`, or -1.
  int Column(const std::string& name) const;
  // "FILE:LINE:COL" of row r's field in column c, for messages.
  std::string Where(size_t row, int column) const;
  // "FILE:LINE:COL: column 'NAME': got VALUE; expected EXPECTED".
  std::string BadValue(size_t row, int column, std::string_view expected) const;
};

// Reads `path`. `allowed` lists the columns that may appear (any order);
// others are an error. Blank lines and lines starting with '#' are skipped; a
// UTF-8 byte-order mark and CRLF line ends are accepted. Throws InputError
// ("FILE:LINE:COL: column 'x_m': got 'abc'; expected a number").
CsvTable ReadNumericCsv(const std::string& path, const std::vector<std::string>& allowed);
// As ReadNumericCsv, from the file's text; `file` names it in messages.
CsvTable ParseNumericCsv(std::string_view text, const std::string& file,
                         const std::vector<std::string>& allowed);

}  // namespace trilink::app
