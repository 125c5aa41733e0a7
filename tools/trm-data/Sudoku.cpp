//===- Sudoku.cpp - exact solver, rating, generator, augmentation ---------===//
#include "tools/trm-data/Sudoku.h"

#include <bit>
#include <numeric>

namespace trm::sudoku {
namespace {

constexpr uint16_t kAllDigits = 0x3FE; // bits 1..9

int boxOf(int cell) { return (cell / 27) * 3 + (cell % 9) / 3; }

/// Row, column and box masks of the digits in use.
struct Board {
  Grid cells{};
  uint16_t rows[9] = {}, cols[9] = {}, boxes[9] = {};

  bool place(int cell, int digit) {
    uint16_t bit = static_cast<uint16_t>(1u << digit);
    int r = cell / 9, c = cell % 9, b = boxOf(cell);
    if ((rows[r] | cols[c] | boxes[b]) & bit)
      return false;
    rows[r] |= bit;
    cols[c] |= bit;
    boxes[b] |= bit;
    cells[cell] = static_cast<uint8_t>(digit);
    return true;
  }
  void remove(int cell) {
    uint16_t bit = static_cast<uint16_t>(~(1u << cells[cell]));
    rows[cell / 9] &= bit;
    cols[cell % 9] &= bit;
    boxes[boxOf(cell)] &= bit;
    cells[cell] = 0;
  }
  uint16_t candidates(int cell) const {
    return kAllDigits & ~(rows[cell / 9] | cols[cell % 9] | boxes[boxOf(cell)]);
  }
  /// The blank cell with the fewest candidates, or -1 when full.
  int mostConstrained(uint16_t &mask) const {
    int best = -1, bestCount = 10;
    for (int cell = 0; cell < 81; ++cell) {
      if (cells[cell])
        continue;
      uint16_t m = candidates(cell);
      int count = std::popcount(m);
      if (count < bestCount) {
        best = cell;
        bestCount = count;
        mask = m;
        if (count <= 1)
          break;
      }
    }
    return best;
  }
};

struct Search {
  Board board;
  int limit;
  SolveResult result;
  Random *shuffle = nullptr; // random digit order when generating

  void run() {
    uint16_t mask = 0;
    int cell = board.mostConstrained(mask);
    if (cell < 0) {
      if (result.solutions++ == 0)
        result.solution = board.cells;
      return;
    }
    int digits[9], count = 0;
    for (int d = 1; d <= 9; ++d)
      if (mask & (1u << d))
        digits[count++] = d;
    if (shuffle)
      shuffle->shuffle(digits, digits + count);
    for (int i = 0; i < count && result.solutions < limit; ++i) {
      board.place(cell, digits[i]);
      run();
      board.remove(cell);
      if (result.solutions == 0)
        ++result.backtracks;
    }
  }
};

} // namespace

SolveResult solve(const Grid &puzzle, int limit) {
  Search search{{}, limit, {}};
  for (int cell = 0; cell < 81; ++cell)
    if (puzzle[cell] && !search.board.place(cell, puzzle[cell]))
      return {}; // conflicting givens: no solution
  search.run();
  return search.result;
}

bool givensConsistent(const Grid &puzzle) {
  Board board;
  for (int cell = 0; cell < 81; ++cell)
    if (puzzle[cell] > 9 || (puzzle[cell] && !board.place(cell, puzzle[cell])))
      return false;
  return true;
}

bool isValidSolution(const Grid &grid) {
  for (uint8_t v : grid)
    if (v < 1 || v > 9)
      return false;
  return givensConsistent(grid);
}

bool givensMatch(const Grid &puzzle, const Grid &solution) {
  for (int cell = 0; cell < 81; ++cell)
    if (puzzle[cell] && puzzle[cell] != solution[cell])
      return false;
  return true;
}

std::optional<Puzzle> generate(Random &rng, uint64_t minRating, int attempts) {
  for (int attempt = 0; attempt < attempts; ++attempt) {
    Search fill{{}, 1, {}, &rng};
    fill.run();
    Grid answer = fill.result.solution, question = answer;
    int order[81];
    std::iota(order, order + 81, 0);
    rng.shuffle(order, order + 81);
    for (int cell : order) {
      uint8_t kept = question[cell];
      question[cell] = 0;
      if (solve(question, 2).solutions != 1)
        question[cell] = kept;
    }
    uint64_t rating = solve(question, 1).backtracks;
    if (rating >= minRating)
      return Puzzle{question, answer, rating};
  }
  return std::nullopt;
}

Transform Transform::random(Random &rng) {
  Transform t;
  std::array<uint8_t, 9> digits = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  rng.shuffle(digits.begin(), digits.end());
  t.digit[0] = 0;
  for (int d = 0; d < 9; ++d)
    t.digit[d + 1] = digits[d];
  t.transpose = rng.unit() < 0.5;
  // A line order: the 3 groups of 3 shuffled, then the lines in each.
  auto lineOrder = [&rng]() {
    std::array<int, 3> groups = {0, 1, 2};
    rng.shuffle(groups.begin(), groups.end());
    std::array<int, 9> order;
    for (int g = 0; g < 3; ++g) {
      std::array<int, 3> inner = {0, 1, 2};
      rng.shuffle(inner.begin(), inner.end());
      for (int i = 0; i < 3; ++i)
        order[g * 3 + i] = groups[g] * 3 + inner[i];
    }
    return order;
  };
  std::array<int, 9> rows = lineOrder(), cols = lineOrder();
  for (int i = 0; i < 81; ++i)
    t.source[i] = static_cast<uint8_t>(rows[i / 9] * 9 + cols[i % 9]);
  return t;
}

Grid Transform::apply(const Grid &grid) const {
  Grid oriented = grid;
  if (transpose)
    for (int i = 0; i < 81; ++i)
      oriented[i] = grid[(i % 9) * 9 + i / 9];
  Grid out;
  for (int i = 0; i < 81; ++i)
    out[i] = digit[oriented[source[i]]];
  return out;
}

std::optional<Grid> parseGrid(const std::string &text) {
  if (text.size() != 81)
    return std::nullopt;
  Grid grid;
  for (int i = 0; i < 81; ++i) {
    char ch = text[i];
    if (ch == '.' || ch == '0')
      grid[i] = 0;
    else if (ch >= '1' && ch <= '9')
      grid[i] = static_cast<uint8_t>(ch - '0');
    else
      return std::nullopt;
  }
  return grid;
}

std::string formatGrid(const Grid &grid) {
  std::string text(81, '.');
  for (int i = 0; i < 81; ++i)
    if (grid[i])
      text[i] = static_cast<char>('0' + grid[i]);
  return text;
}

} // namespace trm::sudoku
