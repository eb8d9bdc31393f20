// A small reader for the numeric CSV files of `trilink track`: a header line
// naming the columns, then rows of numbers. Errors name the file, the line,
// the column and what was expected.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

namespace trilink::app {

struct CsvTable {
  std::string file;
  std::vector<std::string> columns;       // from the header
  std::vector<std::vector<double>> rows;  // one value per column
  std::vector<int> lines;                 // 1-based line of each row
  // Index of `name`, or -1.
  int Column(const std::string& name) const;
};

// Reads `path`. `allowed` lists the columns that may appear (any order);
// others are an error. Blank lines and lines starting with '#' are skipped.
// Throws InputError ("FILE:LINE: column 'x_m': got 'abc'; expected a number").
CsvTable ReadNumericCsv(const std::string& path, const std::vector<std::string>& allowed);

}  // namespace trilink::app
