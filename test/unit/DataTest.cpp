//===- DataTest.cpp - trm-data: solver, transforms, mazes, .npy -----------===//
#include "runtime/data/DatasetFormat.h"
#include "runtime/data/Npy.h"
#include "tools/trm-data/Maze.h"
#include "tools/trm-data/Sudoku.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

using namespace trm;
namespace fs = std::filesystem;

namespace {

// A well-known puzzle with a unique solution.
const char *kPuzzle = "53..7....6..195....98....6.8...6...34..8.3..17...2...6."
                      "6....28....419..5....8..79";
const char *kSolution = "534678912672195348198342567859761423426853791713924856"
                        "961537284287419635345286179";

TEST(Sudoku, SolvesAUniquePuzzle) {
  sudoku::Grid puzzle = *sudoku::parseGrid(kPuzzle);
  sudoku::SolveResult r = sudoku::solve(puzzle, 2);
  EXPECT_EQ(r.solutions, 1);
  EXPECT_EQ(sudoku::formatGrid(r.solution), kSolution);
  EXPECT_TRUE(sudoku::isValidSolution(r.solution));
}

TEST(Sudoku, DetectsSeveralAndNoSolutions) {
  sudoku::Grid puzzle = *sudoku::parseGrid(kPuzzle);
  puzzle[0] = puzzle[1] = puzzle[4] = 0; // fewer givens: no longer unique
  puzzle[9] = puzzle[12] = puzzle[13] = 0;
  EXPECT_EQ(sudoku::solve(puzzle, 2).solutions, 2);
  sudoku::Grid empty{};
  EXPECT_EQ(sudoku::solve(empty, 2).solutions, 2);
  sudoku::Grid clash = *sudoku::parseGrid(kPuzzle);
  clash[2] = 5; // a second 5 in row 0
  EXPECT_EQ(sudoku::solve(clash, 2).solutions, 0);
  EXPECT_FALSE(sudoku::givensConsistent(clash));
}

TEST(Sudoku, GeneratedPuzzlesAreUniqueAndRated) {
  Random rng(42);
  for (int i = 0; i < 5; ++i) {
    auto p = sudoku::generate(rng, 0, 1);
    ASSERT_TRUE(p);
    sudoku::SolveResult r = sudoku::solve(p->question, 2);
    EXPECT_EQ(r.solutions, 1);
    EXPECT_EQ(r.solution, p->answer);
    EXPECT_EQ(sudoku::solve(p->question, 1).backtracks, p->rating);
  }
}

TEST(Sudoku, TransformedSolutionSolvesTransformedPuzzle) {
  sudoku::Grid puzzle = *sudoku::parseGrid(kPuzzle);
  sudoku::Grid solution = *sudoku::parseGrid(kSolution);
  Random rng(3);
  bool sawTranspose = false, sawPlain = false;
  for (int i = 0; i < 50; ++i) {
    sudoku::Transform t = sudoku::Transform::random(rng);
    (t.transpose ? sawTranspose : sawPlain) = true;
    sudoku::Grid q = t.apply(puzzle), a = t.apply(solution);
    EXPECT_TRUE(sudoku::isValidSolution(a));
    EXPECT_TRUE(sudoku::givensMatch(q, a));
    sudoku::SolveResult r = sudoku::solve(q, 2);
    EXPECT_EQ(r.solutions, 1);
    EXPECT_EQ(r.solution, a);
    EXPECT_EQ(std::count(q.begin(), q.end(), 0),
              std::count(puzzle.begin(), puzzle.end(), 0));
  }
  EXPECT_TRUE(sawTranspose && sawPlain);
}

TEST(Maze, GeneratedPathsAreLongShortestAndUnique) {
  Random rng(5);
  auto m = maze::generate(rng, 30, 110, 100);
  ASSERT_TRUE(m);
  EXPECT_GT(m->pathLength, 110);
  EXPECT_EQ(maze::shortestPath(m->question, 30), m->pathLength);
  EXPECT_EQ(maze::checkSolution(m->question, m->answer, 30), "");
  for (int k = 0; k < 8; ++k) // every symmetry keeps the solution valid
    EXPECT_EQ(maze::checkSolution(maze::dihedral(m->question, 30, k),
                                  maze::dihedral(m->answer, 30, k), 30),
              "")
        << "transform " << k;
  maze::Grid turned = m->question;
  for (int i = 0; i < 4; ++i)
    turned = maze::dihedral(turned, 30, 1);
  EXPECT_EQ(turned, m->question); // four quarter turns = identity
  EXPECT_NE(maze::dihedral(m->question, 30, 4), m->question);
  maze::Grid wrong = m->answer;
  wrong[wrong.find('o')] = ' ';
  EXPECT_NE(maze::checkSolution(m->question, wrong, 30), "");
}

TEST(Npy, RoundTripsAndRejectsTruncation) {
  fs::path file = fs::temp_directory_path() / "trm-npy-test.npy";
  ASSERT_EQ(writeNpy(file.string(), makeI32({2, 3}, {1, 2, 3, 4, 5, -6})), "");
  std::string error;
  NpyArray a = readNpy(file.string(), error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(a.i32()[5], -6);
  fs::resize_file(file, fs::file_size(file) - 4);
  readNpy(file.string(), error);
  EXPECT_NE(error.find("truncated or corrupt"), std::string::npos) << error;
  fs::remove(file);
}

TEST(DatasetFormat, ReadSplitReportsInconsistentMetadata) {
  fs::path dir = fs::temp_directory_path() / "trm-split-test";
  fs::remove_all(dir);
  SplitData data;
  data.inputs = data.labels = std::vector<uint8_t>(2 * 4, 1);
  data.puzzleIdentifiers = {0, 0};
  data.puzzleIndices = {0, 1, 2};
  data.groupIndices = {0, 2};
  DatasetMetadata meta;
  meta.seq_len = 4;
  meta.vocab_size = 3;
  meta.total_groups = 1;
  ASSERT_EQ(writeSplit(dir.string(), data, meta), "");
  SplitData back;
  DatasetMetadata backMeta;
  EXPECT_TRUE(readSplit(dir.string(), back, backMeta).empty());
  meta.total_groups = 5;
  ASSERT_EQ(writeSplit(dir.string(), data, meta), "");
  std::vector<std::string> errors = readSplit(dir.string(), back, backMeta);
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].find("total_groups 5, group_indices has 1"),
            std::string::npos)
      << errors[0];
  fs::remove_all(dir);
}

} // namespace
