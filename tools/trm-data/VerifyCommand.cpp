//===- VerifyCommand.cpp - `trm-data verify` ------------------------------===//
//
// Every example is checked (valid tokens, labels solve their inputs);
// uniqueness, which costs a full search, on a seeded sample.
//
//===----------------------------------------------------------------------===//
#include "tools/Args.h"
#include "tools/trm-data/Commands.h"
#include "tools/trm-data/DatasetKind.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

namespace trm {
namespace {

constexpr size_t kMaxProblems = 20;

void verifySudoku(const std::string &dir, const SplitData &data, int64_t sample,
                  Random &rng, std::vector<std::string> &problems) {
  int64_t examples = static_cast<int64_t>(data.inputs.size()) / 81;
  auto problem = [&](int64_t i, const std::string &what) {
    if (problems.size() < kMaxProblems)
      problems.push_back(dir + ": example " + std::to_string(i) + ": " + what);
  };
  for (int64_t i = 0; i < examples; ++i) {
    sudoku::Grid q = sudokuGrid(data.inputs, i), a = sudokuGrid(data.labels, i);
    if (!sudoku::isValidSolution(a))
      problem(i, "label is not a valid complete grid");
    else if (!sudoku::givensMatch(q, a) || !sudoku::givensConsistent(q))
      problem(i, "a given differs from the label");
  }
  // Augmented variants keep the number of givens of their group's original.
  for (int64_t g = 0; g < data.numGroups(); ++g) {
    auto givens = [&](int64_t puzzle) {
      sudoku::Grid q = sudokuGrid(data.inputs, data.puzzleIndices[puzzle]);
      return 81 - std::count(q.begin(), q.end(), 0);
    };
    for (int32_t p = data.groupIndices[g] + 1; p < data.groupIndices[g + 1];
         ++p)
      if (givens(p) != givens(data.groupIndices[g]))
        problem(data.puzzleIndices[p], "has a different number of givens "
                                       "from its group's original");
  }
  for (int64_t k = 0; k < std::min(sample, examples); ++k) {
    int64_t i =
        sample >= examples ? k : static_cast<int64_t>(rng.uniform(examples));
    sudoku::SolveResult solved = sudoku::solve(sudokuGrid(data.inputs, i), 2);
    if (solved.solutions != 1)
      problem(i, "has " + std::string(solved.solutions ? "several solutions"
                                                       : "no solution"));
    else if (solved.solution != sudokuGrid(data.labels, i))
      problem(i, "the unique solution differs from the label");
  }
}

void verifyMaze(const std::string &dir, const SplitData &data, int64_t seqLen,
                std::vector<std::string> &problems) {
  int side = static_cast<int>(std::lround(std::sqrt(seqLen)));
  int64_t examples = static_cast<int64_t>(data.inputs.size()) / seqLen;
  for (int64_t i = 0; i < examples && problems.size() < kMaxProblems; ++i) {
    std::string what =
        maze::checkSolution(mazeGrid(data.inputs, i, seqLen),
                            mazeGrid(data.labels, i, seqLen), side);
    if (!what.empty())
      problems.push_back(dir + ": example " + std::to_string(i) + ": " + what);
  }
}

} // namespace

int runVerify(const std::vector<std::string> &argv) {
  Args args(argv, {{"sample", true}, {"seed", true}});
  int64_t sample = args.integer("sample", 200, 0, INT64_MAX);
  Random rng(args.integer("seed", 0, 0, INT64_MAX));
  if (args.positional.size() != 1)
    args.errors.push_back("expects one dataset directory");
  if (!args.errors.empty())
    return reportErrors("verify", args.errors);
  std::vector<std::string> problems;
  std::set<std::vector<uint8_t>> trainInputs;
  int64_t checked = 0;
  bool unchecked = false; // a split without checksums (written elsewhere)
  std::vector<std::string> errors = forEachSplit(
      args.positional[0],
      [&](const std::string &name, const std::string &dir,
          const SplitData &data, const DatasetMetadata &meta) {
        DatasetKind kind = kindOf(meta);
        if (kind == DatasetKind::Sudoku)
          verifySudoku(dir, data, sample, rng, problems);
        else if (kind == DatasetKind::Maze)
          verifyMaze(dir, data, meta.seq_len, problems);
        else
          problems.push_back(
              dir + ": seq_len " + std::to_string(meta.seq_len) + " / vocab " +
              std::to_string(meta.vocab_size) +
              " is neither Sudoku (81/11) nor a square maze (/6)");
        // The test split must not repeat a training example.
        int64_t examples =
            static_cast<int64_t>(data.inputs.size()) / meta.seq_len;
        for (int64_t i = 0; i < examples; ++i) {
          std::vector<uint8_t> row(data.inputs.begin() + i * meta.seq_len,
                                   data.inputs.begin() +
                                       (i + 1) * meta.seq_len);
          if (name == "train")
            trainInputs.insert(std::move(row));
          else if (trainInputs.count(row) && problems.size() < kMaxProblems)
            problems.push_back(dir + ": example " + std::to_string(i) +
                               " also appears in train/");
        }
        checked += examples;
        unchecked = unchecked || meta.checksums.empty();
      });
  if (!errors.empty())
    return reportErrors("verify", errors);
  if (!problems.empty())
    return reportErrors("verify", problems);
  std::cout << "OK: " << checked << " examples verified (uniqueness on a "
            << "sample of up to " << sample << " per split; "
            << (unchecked ? "no checksums in dataset.json: written elsewhere"
                          : "every array matches its checksum")
            << ")\n";
  return 0;
}

} // namespace trm
