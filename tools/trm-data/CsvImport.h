//===- CsvImport.h - the public Sudoku CSV layout ---------------*- C++ -*-===//
#ifndef TRM_TOOLS_TRMDATA_CSVIMPORT_H
#define TRM_TOOLS_TRMDATA_CSVIMPORT_H

#include "tools/trm-data/Sudoku.h"

#include <string>
#include <vector>

namespace trm {

struct CsvRow {
  std::string source;
  sudoku::Grid question, answer;
  int64_t rating;
  int line;
};

/// Reads `source,question,answer,rating` rows ('.' = blank) after a header
/// line. Malformed rows add "file:line: problem; hint" to `errors` (the
/// first 20 are kept).
std::vector<CsvRow> readSudokuCsv(const std::string &path,
                                  std::vector<std::string> &errors);

/// Checks that every row's answer is a valid grid that agrees with its
/// givens and is the puzzle's only solution.
void checkCsvRows(const std::string &path, const std::vector<CsvRow> &rows,
                  std::vector<std::string> &errors);

} // namespace trm

#endif // TRM_TOOLS_TRMDATA_CSVIMPORT_H
