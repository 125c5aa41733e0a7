//===- Maze.cpp - mazes with long shortest paths --------------------------===//
#include "tools/trm-data/Maze.h"

#include <algorithm>
#include <deque>

namespace trm::maze {
namespace {

struct SmallNeighbours {
  int cells[4];
  int count = 0;
  const int *begin() const { return cells; }
  const int *end() const { return cells + count; }
};

const int kDr[] = {-1, 1, 0, 0}, kDc[] = {0, 0, -1, 1};

/// The in-bounds 4-neighbours of `cell`.
SmallNeighbours neighbours(int cell, int size) {
  SmallNeighbours out;
  int r = cell / size, c = cell % size;
  for (int k = 0; k < 4; ++k) {
    int nr = r + kDr[k], nc = c + kDc[k];
    if (nr >= 0 && nc >= 0 && nr < size && nc < size)
      out.cells[out.count++] = nr * size + nc;
  }
  return out;
}

/// BFS distances from `from` over non-wall cells (-1 = unreachable).
std::vector<int> distances(const Grid &grid, int size, int from) {
  std::vector<int> dist(grid.size(), -1);
  std::deque<int> queue = {from};
  dist[from] = 0;
  while (!queue.empty()) {
    int cell = queue.front();
    queue.pop_front();
    for (int next : neighbours(cell, size))
      if (grid[next] != '#' && dist[next] < 0) {
        dist[next] = dist[cell] + 1;
        queue.push_back(next);
      }
  }
  return dist;
}

/// Carves a perfect maze: open cells at even coordinates, joined through
/// the odd cells between them.
Grid carve(Random &rng, int size) {
  Grid grid(size * size, '#');
  int cells = (size + 1) / 2;
  std::vector<int> stack = {static_cast<int>(rng.uniform(cells * cells))};
  std::vector<bool> seen(cells * cells, false);
  seen[stack.back()] = true;
  grid[(stack.back() / cells) * 2 * size + (stack.back() % cells) * 2] = ' ';
  while (!stack.empty()) {
    int cell = stack.back(), r = cell / cells, c = cell % cells;
    int options[4], count = 0;
    for (int k = 0; k < 4; ++k) {
      int nr = r + kDr[k], nc = c + kDc[k];
      if (nr >= 0 && nc >= 0 && nr < cells && nc < cells &&
          !seen[nr * cells + nc])
        options[count++] = k;
    }
    if (count == 0) {
      stack.pop_back();
      continue;
    }
    int k = options[rng.uniform(count)];
    int nr = r + kDr[k], nc = c + kDc[k];
    seen[nr * cells + nc] = true;
    grid[(2 * r + kDr[k]) * size + 2 * c + kDc[k]] = ' ';
    grid[2 * nr * size + 2 * nc] = ' ';
    stack.push_back(nr * cells + nc);
  }
  return grid;
}

} // namespace

std::optional<Maze> generate(Random &rng, int size, int minPath, int attempts) {
  for (int attempt = 0; attempt < attempts; ++attempt) {
    Grid grid = carve(rng, size);
    std::vector<int> open;
    for (int i = 0; i < size * size; ++i)
      if (grid[i] == ' ')
        open.push_back(i);
    int start = open[rng.uniform(open.size())];
    std::vector<int> dist = distances(grid, size, start);
    std::vector<int> far;
    for (int cell : open)
      if (dist[cell] > minPath)
        far.push_back(cell);
    if (far.empty())
      continue;
    int goal = far[rng.uniform(far.size())];
    Maze maze{grid, grid, dist[goal]};
    maze.question[start] = maze.answer[start] = 'S';
    maze.question[goal] = maze.answer[goal] = 'G';
    // Walk back from G along decreasing distance: the unique path.
    for (int cell = goal; dist[cell] > 1;) {
      for (int next : neighbours(cell, size))
        if (dist[next] == dist[cell] - 1) {
          cell = next;
          break;
        }
      maze.answer[cell] = 'o';
    }
    return maze;
  }
  return std::nullopt;
}

int shortestPath(const Grid &grid, int size) {
  size_t start = grid.find('S'), goal = grid.find('G');
  if (start == Grid::npos || goal == Grid::npos)
    return -1;
  return distances(grid, size, static_cast<int>(start))[goal];
}

std::string checkSolution(const Grid &question, const Grid &answer, int size) {
  if (question.size() != answer.size())
    return "question and answer differ in size";
  auto count = [](const Grid &g, char ch) {
    return std::count(g.begin(), g.end(), ch);
  };
  if (count(question, 'S') != 1 || count(question, 'G') != 1)
    return "needs exactly one S and one G";
  for (size_t i = 0; i < question.size(); ++i) {
    bool path = answer[i] == 'o';
    if (question[i] == 'o' || (path && question[i] != ' ') ||
        (!path && answer[i] != question[i]))
      return "answer differs from question off the path at cell " +
             std::to_string(i);
  }
  int length = shortestPath(question, size);
  if (length < 0)
    return "G is unreachable from S";
  // The marked cells must be exactly a path of that length.
  Grid onlyPath = answer;
  for (char &ch : onlyPath)
    if (ch == ' ')
      ch = '#';
  if (shortestPath(onlyPath, size) != length ||
      count(answer, 'o') != length - 1)
    return "the marked path is not a shortest S-G path (" +
           std::to_string(count(answer, 'o')) +
           " cells marked, shortest "
           "path has " +
           std::to_string(length - 1) + ")";
  return "";
}

Grid dihedral(const Grid &grid, int size, int k) {
  Grid out(grid.size(), '#');
  for (int r = 0; r < size; ++r)
    for (int c = 0; c < size; ++c) {
      int rr = r, cc = k & 4 ? size - 1 - c : c;   // mirror first
      for (int turn = 0; turn < (k & 3); ++turn) { // then quarter turns
        int t = rr;
        rr = cc;
        cc = size - 1 - t;
      }
      out[rr * size + cc] = grid[r * size + c];
    }
  return out;
}

} // namespace trm::maze
