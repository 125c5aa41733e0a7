//===- CsvImport.cpp - the public Sudoku CSV layout -----------------------===//
#include "tools/trm-data/CsvImport.h"

#include <charconv>
#include <fstream>
#include <sstream>

namespace trm {

static constexpr size_t kMaxErrors = 20;

std::vector<CsvRow> readSudokuCsv(const std::string &path,
                                  std::vector<std::string> &errors) {
  std::vector<CsvRow> rows;
  std::ifstream in(path);
  if (!in) {
    errors.push_back(path + ": cannot open the CSV file; check the path");
    return rows;
  }
  std::string line;
  int number = 0;
  auto fail = [&](const std::string &what) {
    if (errors.size() < kMaxErrors)
      errors.push_back(path + ":" + std::to_string(number) + ": " + what);
  };
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (number == 1) {
      if (line != "source,question,answer,rating")
        fail("expected the header 'source,question,answer,rating', got '" +
             line + "'");
      continue;
    }
    if (line.empty())
      continue;
    std::vector<std::string> fields;
    std::stringstream split(line);
    for (std::string field; std::getline(split, field, ',');)
      fields.push_back(field);
    if (fields.size() != 4) {
      fail("has " + std::to_string(fields.size()) +
           " fields, expected 4 (source,question,answer,rating)");
      continue;
    }
    CsvRow row{fields[0], {}, {}, 0, number};
    auto question = sudoku::parseGrid(fields[1]);
    auto answer = sudoku::parseGrid(fields[2]);
    const std::string &rating = fields[3];
    auto [ptr, ec] = std::from_chars(rating.data(),
                                     rating.data() + rating.size(), row.rating);
    if (!question)
      fail("question has " + std::to_string(fields[1].size()) +
           " characters or a character other than '.', '0'-'9'; expected 81 "
           "cells, '.' = blank");
    else if (!answer || fields[2].find_first_of(".0") != std::string::npos)
      fail("answer must be 81 digits 1-9, got '" + fields[2] + "'");
    else if (ec != std::errc() || ptr != rating.data() + rating.size() ||
             row.rating < 0)
      fail("rating must be a non-negative integer, got '" + rating + "'");
    else {
      row.question = *question;
      row.answer = *answer;
      rows.push_back(row);
    }
  }
  if (number == 0)
    errors.push_back(path + ": empty file; expected the header "
                            "'source,question,answer,rating' and rows");
  return rows;
}

void checkCsvRows(const std::string &path, const std::vector<CsvRow> &rows,
                  std::vector<std::string> &errors) {
  for (const CsvRow &row : rows) {
    if (errors.size() >= kMaxErrors)
      return;
    std::string where = path + ":" + std::to_string(row.line) + ": ";
    if (!sudoku::isValidSolution(row.answer)) {
      errors.push_back(where + "answer breaks a row, column or box rule");
      continue;
    }
    if (!sudoku::givensMatch(row.question, row.answer)) {
      errors.push_back(where + "a given of the question differs from the "
                               "answer; are the columns swapped?");
      continue;
    }
    sudoku::SolveResult solved = sudoku::solve(row.question, 2);
    if (solved.solutions == 0)
      errors.push_back(where + "the question has no solution");
    else if (solved.solutions > 1)
      errors.push_back(where + "the question has more than one solution; "
                               "TRM needs puzzles with a unique answer");
  }
}

} // namespace trm
