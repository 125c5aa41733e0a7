//===- Sudoku.h - exact solver, rating, generator, augmentation -*- C++ -*-===//
#ifndef TRM_TOOLS_TRMDATA_SUDOKU_H
#define TRM_TOOLS_TRMDATA_SUDOKU_H

#include "runtime/data/Random.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace trm::sudoku {

/// 81 cells, row-major; 0 = blank, 1..9 = digits.
using Grid = std::array<uint8_t, 81>;

struct SolveResult {
  int solutions = 0;       // found, up to the limit asked for
  uint64_t backtracks = 0; // guesses undone before the first solution
  Grid solution{};         // the first solution found
};

/// Exact depth-first solver: always fills the cell with the fewest
/// candidates (lowest index on ties), digits ascending, no other inference.
/// Stops after `limit` solutions. `backtracks` counts the guesses it had to
/// take back on the way to the first solution: the puzzle's rating.
SolveResult solve(const Grid &puzzle, int limit);

/// True if `grid` is a complete, valid solution.
bool isValidSolution(const Grid &grid);
/// True if every given of `puzzle` agrees with `solution`.
bool givensMatch(const Grid &puzzle, const Grid &solution);
/// Givens without a conflict in any row, column or box.
bool givensConsistent(const Grid &puzzle);

struct Puzzle {
  Grid question;
  Grid answer;
  uint64_t rating;
};

/// A random complete grid, then cells removed in random order while the
/// solution stays unique (a minimal puzzle). Returns the first such puzzle
/// with rating >= minRating within `attempts` tries.
std::optional<Puzzle> generate(Random &rng, uint64_t minRating, int attempts);

/// One random validity-preserving transform (TRM_SPEC.md sec. 6): digit
/// relabelling, transpose with p = 0.5, bands and rows within bands
/// shuffled, stacks and columns within stacks shuffled.
struct Transform {
  std::array<uint8_t, 10> digit; // digit[0] = 0
  bool transpose;
  std::array<uint8_t, 81> source; // new cell i takes old cell source[i]
  static Transform random(Random &rng);
  Grid apply(const Grid &grid) const;
};

/// '.' or '0' = blank, '1'..'9' = digit; nullopt on other characters.
std::optional<Grid> parseGrid(const std::string &text);
std::string formatGrid(const Grid &grid); // 81 chars, '.' for blank

} // namespace trm::sudoku

#endif // TRM_TOOLS_TRMDATA_SUDOKU_H
