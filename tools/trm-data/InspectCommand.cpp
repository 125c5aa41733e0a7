//===- InspectCommand.cpp - `trm-data inspect` ----------------------------===//
#include "tools/Args.h"
#include "tools/trm-data/Commands.h"
#include "tools/trm-data/DatasetKind.h"

#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>

namespace trm {
namespace {

/// Counts in power-of-ten buckets: 0, 1-9, 10-99, ...
void printHistogram(const std::vector<int32_t> &values, const char *what) {
  if (values.empty())
    return;
  std::vector<int64_t> buckets;
  for (int32_t v : values) {
    size_t b = v <= 0 ? 0 : static_cast<size_t>(std::log10(v)) + 1;
    if (buckets.size() <= b)
      buckets.resize(b + 1);
    ++buckets[b];
  }
  int64_t most = *std::max_element(buckets.begin(), buckets.end());
  std::cout << "  " << what << " histogram:\n";
  for (size_t b = 0; b < buckets.size(); ++b) {
    std::string range =
        b == 0
            ? "0"
            : std::to_string(static_cast<int64_t>(std::pow(10, b - 1))) + "-" +
                  std::to_string(static_cast<int64_t>(std::pow(10, b)) - 1);
    std::cout << "    " << std::setw(11) << range << " " << std::setw(8)
              << buckets[b] << " "
              << std::string(most ? 40 * buckets[b] / most : 0, '#') << "\n";
  }
}

void drawSudoku(const sudoku::Grid &q, const sudoku::Grid &a) {
  for (int r = 0; r < 9; ++r) {
    if (r % 3 == 0)
      std::cout
          << "    +-------+-------+-------+   +-------+-------+-------+\n";
    for (const sudoku::Grid *g : {&q, &a}) {
      std::cout << (g == &q ? "    " : "   ");
      for (int c = 0; c < 9; ++c) {
        if (c % 3 == 0)
          std::cout << "| ";
        uint8_t v = (*g)[r * 9 + c];
        std::cout << (v == 0   ? '.'
                      : v <= 9 ? static_cast<char>('0' + v)
                               : '?')
                  << ' ';
      }
      std::cout << "|";
    }
    std::cout << "\n";
  }
  std::cout << "    +-------+-------+-------+   +-------+-------+-------+\n";
}

} // namespace

int runInspect(const std::vector<std::string> &argv) {
  Args args(argv, {{"show", true}});
  int64_t show = args.integer("show", 2, 0, 1000);
  if (args.positional.size() != 1)
    args.errors.push_back("expects one dataset directory");
  if (!args.errors.empty())
    return reportErrors("inspect", args.errors);
  std::vector<std::string> errors = forEachSplit(
      args.positional[0],
      [&](const std::string &name, const std::string &, const SplitData &data,
          const DatasetMetadata &meta) {
        DatasetKind kind = kindOf(meta);
        int64_t examples =
            static_cast<int64_t>(data.inputs.size()) / meta.seq_len;
        std::cout << name << ": " << examples << " examples, "
                  << data.numPuzzles() << " puzzles, " << data.numGroups()
                  << " groups (" << std::fixed << std::setprecision(2)
                  << static_cast<double>(data.numPuzzles()) /
                         std::max<int64_t>(1, data.numGroups())
                  << " per group); seq_len " << meta.seq_len << ", vocab "
                  << meta.vocab_size << "\n";
        printHistogram(data.ratings, kind == DatasetKind::Maze
                                         ? "shortest-path length"
                                         : "rating (solver backtracks)");
        for (int64_t i = 0; i < std::min(show, examples); ++i) {
          std::cout << "  example " << i << " (puzzle | solution):\n";
          if (kind == DatasetKind::Sudoku) {
            drawSudoku(sudokuGrid(data.inputs, i), sudokuGrid(data.labels, i));
          } else if (kind == DatasetKind::Maze) {
            int64_t side = std::lround(std::sqrt(meta.seq_len));
            maze::Grid q = mazeGrid(data.inputs, i, meta.seq_len),
                       a = mazeGrid(data.labels, i, meta.seq_len);
            for (int64_t r = 0; r < side; ++r)
              std::cout << "    " << q.substr(r * side, side) << "   "
                        << a.substr(r * side, side) << "\n";
          }
        }
      });
  return errors.empty() ? 0 : reportErrors("inspect", errors);
}

} // namespace trm
