//===- DatasetKind.h - which puzzle a dataset holds -------------*- C++ -*-===//
#ifndef TRM_TOOLS_TRMDATA_DATASETKIND_H
#define TRM_TOOLS_TRMDATA_DATASETKIND_H

#include "runtime/data/DatasetFormat.h"
#include "tools/trm-data/Maze.h"
#include "tools/trm-data/Sudoku.h"

#include <cmath>
#include <optional>

namespace trm {

enum class DatasetKind { Sudoku, Maze, Unknown };

inline DatasetKind kindOf(const DatasetMetadata &meta) {
  if (meta.seq_len == 81 && meta.vocab_size == 11)
    return DatasetKind::Sudoku;
  int64_t side = static_cast<int64_t>(std::lround(std::sqrt(meta.seq_len)));
  if (meta.vocab_size == 6 && side * side == meta.seq_len)
    return DatasetKind::Maze;
  return DatasetKind::Unknown;
}

/// Example `i` of a Sudoku split as a grid (token t -> digit t - 1).
inline sudoku::Grid sudokuGrid(const std::vector<uint8_t> &tokens, int64_t i) {
  sudoku::Grid grid;
  for (int c = 0; c < 81; ++c) {
    uint8_t t = tokens[i * 81 + c];
    grid[c] = static_cast<uint8_t>(t >= 1 ? t - 1 : 0xff); // 0xff: PAD
  }
  return grid;
}

/// Example `i` of a maze split as characters ('?' for a bad token).
inline maze::Grid mazeGrid(const std::vector<uint8_t> &tokens, int64_t i,
                           int64_t seqLen) {
  maze::Grid grid(seqLen, '?');
  for (int64_t c = 0; c < seqLen; ++c) {
    uint8_t t = tokens[i * seqLen + c];
    if (t >= 1 && t <= 5)
      grid[c] = maze::kCharset[t - 1];
  }
  return grid;
}

/// Reads <dir>/train and <dir>/test and calls visit(name, splitDir, data,
/// meta) for each; returns the read errors of the first bad split.
template <typename Visit>
std::vector<std::string> forEachSplit(const std::string &dir, Visit visit) {
  for (const char *name : {"train", "test"}) {
    std::string splitDir = dir + "/" + name;
    SplitData data;
    DatasetMetadata meta;
    std::vector<std::string> errors = readSplit(splitDir, data, meta);
    if (!errors.empty())
      return errors;
    visit(std::string(name), splitDir, data, meta);
  }
  return {};
}

} // namespace trm

#endif // TRM_TOOLS_TRMDATA_DATASETKIND_H
