//===- Maze.h - mazes with long shortest paths ------------------*- C++ -*-===//
#ifndef TRM_TOOLS_TRMDATA_MAZE_H
#define TRM_TOOLS_TRMDATA_MAZE_H

#include "runtime/data/Random.h"

#include <optional>
#include <string>
#include <vector>

namespace trm::maze {

/// Cell characters of TRM_SPEC.md sec. 1, in token order 1..5.
constexpr char kCharset[] = "# SGo";

/// size x size characters, row-major.
using Grid = std::string;

struct Maze {
  Grid question;  // walls, open cells, S and G
  Grid answer;    // the same with the shortest S-G path marked 'o'
  int pathLength; // moves from S to G
};

/// A perfect maze (one path between any two open cells, carved by a
/// randomised depth-first search), with S and G placed so that the shortest
/// path takes more than `minPath` moves. Nullopt when `attempts` mazes had
/// no such pair.
std::optional<Maze> generate(Random &rng, int size, int minPath, int attempts);

/// BFS distance from S to G over non-wall cells, or -1.
int shortestPath(const Grid &grid, int size);

/// Checks that `answer` marks exactly one shortest S-G path of `question`;
/// returns the problem, empty if none.
std::string checkSolution(const Grid &question, const Grid &answer, int size);

/// The 8 symmetries of the square: k = 0..7 (k & 3 quarter turns, k & 4
/// mirror). Transform 0 is the identity.
Grid dihedral(const Grid &grid, int size, int k);

} // namespace trm::maze

#endif // TRM_TOOLS_TRMDATA_MAZE_H
