//===- MazeCommand.cpp - `trm-data maze` ----------------------------------===//
#include "runtime/io/StagedOutput.h"
#include "tools/Args.h"
#include "tools/trm-data/Commands.h"
#include "tools/trm-data/Maze.h"
#include "tools/trm-data/Progress.h"
#include "tools/trm-data/SplitBuilder.h"

#include <cstring>
#include <iostream>
#include <numeric>
#include <thread>

namespace trm {
namespace {

enum Stream : uint64_t { kTrainMazes = 11, kTestMazes, kAugment };
constexpr int kAttemptsPerMaze = 1000;

std::vector<uint8_t> tokens(const maze::Grid &grid) {
  std::vector<uint8_t> out(grid.size());
  for (size_t i = 0; i < grid.size(); ++i)
    out[i] = static_cast<uint8_t>(std::strchr(maze::kCharset, grid[i]) -
                                  maze::kCharset + 1);
  return out;
}

struct Options {
  int size, minPath, threads;
  int64_t numAug;
  uint64_t seed;
};

bool buildSplit(int64_t n, Stream stream, const Options &o, int64_t numAug,
                const char *label, SplitData &out, std::string &error) {
  std::vector<std::optional<maze::Maze>> mazes(n);
  Progress progress(label, n);
  parallelFor(n, o.threads, [&](int64_t i) {
    Random rng(o.seed, stream, static_cast<uint64_t>(i));
    mazes[i] = maze::generate(rng, o.size, o.minPath, kAttemptsPerMaze);
    progress.advance();
  });
  reportRate(label, n, "mazes", progress.finish(), o.threads);
  SplitBuilder split;
  for (int64_t i = 0; i < n; ++i) {
    if (!mazes[i]) {
      error = "no " + std::to_string(o.size) + "x" + std::to_string(o.size) +
              " maze with a shortest path over " + std::to_string(o.minPath) +
              " moves in " + std::to_string(kAttemptsPerMaze) +
              " tries; lower --min-path or raise --size";
      return false;
    }
    // The 7 non-identity symmetries in a random order; the first numAug.
    std::vector<int> symmetries(7);
    std::iota(symmetries.begin(), symmetries.end(), 1);
    Random rng(o.seed, kAugment, static_cast<uint64_t>(i));
    rng.shuffle(symmetries.begin(), symmetries.end());
    symmetries.insert(symmetries.begin(), 0);
    for (int64_t k = 0; k <= numAug; ++k) {
      int s = symmetries[k];
      split.addPuzzle(tokens(maze::dihedral(mazes[i]->question, o.size, s)),
                      tokens(maze::dihedral(mazes[i]->answer, o.size, s)),
                      mazes[i]->pathLength);
    }
    split.endGroup();
  }
  out = split.result();
  return true;
}

} // namespace

int runMaze(const std::vector<std::string> &argv) {
  Args args(argv, {{"out", true},
                   {"train", true},
                   {"test", true},
                   {"num-aug", true},
                   {"seed", true},
                   {"size", true},
                   {"min-path", true},
                   {"threads", true},
                   {"force", false}});
  std::string out = args.requiredText("out");
  int64_t train = args.required("train", 1, INT32_MAX);
  int64_t test = args.required("test", 1, INT32_MAX);
  Options o;
  o.numAug = args.integer("num-aug", 7, 0, 7);
  o.seed = args.integer("seed", 0, 0, INT64_MAX);
  o.size = static_cast<int>(args.integer("size", 30, 5, 255));
  o.minPath = static_cast<int>(args.integer("min-path", 110, 1, 1 << 20));
  o.threads = static_cast<int>(args.integer(
      "threads", std::max(1u, std::thread::hardware_concurrency()), 1, 256));
  if (!args.positional.empty())
    args.errors.push_back("unexpected argument '" + args.positional[0] + "'");
  if (!args.errors.empty())
    return reportErrors("maze", args.errors);

  std::string error;
  StagedOutput staged(out, args.has("force"), error);
  if (!error.empty())
    return reportErrors("maze", {error});
  SplitData trainSplit, testSplit;
  if (!buildSplit(train, kTrainMazes, o, o.numAug, "train", trainSplit,
                  error) ||
      !buildSplit(test, kTestMazes, o, 0, "test", testSplit, error))
    return reportErrors("maze", {error});
  DatasetMetadata meta;
  meta.seq_len = o.size * o.size;
  meta.vocab_size = 6;
  if (std::string e = writeDataset(staged.dir(), trainSplit, testSplit, meta);
      !e.empty() || !(e = staged.commit()).empty())
    return reportErrors("maze", {e});
  std::cout << "wrote " << out << ": train " << train << " groups x "
            << 1 + o.numAug << " = " << trainSplit.numPuzzles()
            << " examples, test " << test
            << " examples; path length min/median/max: train "
            << ratingSummary(trainSplit.ratings) << ", test "
            << ratingSummary(testSplit.ratings) << "\n";
  return 0;
}

} // namespace trm
