//===- SudokuCommand.cpp - `trm-data sudoku` ------------------------------===//
//
// Generates (or imports) base puzzles, augments the training split, and
// writes the reference format through a staged directory.
//
//===----------------------------------------------------------------------===//
#include "runtime/io/StagedOutput.h"
#include "tools/Args.h"
#include "tools/trm-data/Commands.h"
#include "tools/trm-data/CsvImport.h"
#include "tools/trm-data/Progress.h"
#include "tools/trm-data/SplitBuilder.h"
#include "tools/trm-data/Sudoku.h"

#include <algorithm>
#include <iostream>
#include <thread>

namespace trm {
namespace {

using sudoku::Grid;
using sudoku::Puzzle;

// Random streams: one per purpose, so e.g. changing --num-aug does not
// change which base puzzles are generated.
enum Stream : uint64_t { kTrainPuzzles = 1, kTestPuzzles, kAugment, kSample };

std::vector<uint8_t> tokens(const Grid &grid) {
  std::vector<uint8_t> out(81);
  for (int i = 0; i < 81; ++i)
    out[i] = static_cast<uint8_t>(grid[i] + 1); // blank 1, digits 2..10
  return out;
}

/// Generates `n` puzzles of rating >= minRating on `threads` threads.
bool generatePuzzles(int64_t n, Stream stream, uint64_t seed,
                     uint64_t minRating, int maxTries, int threads,
                     const char *label, std::vector<Puzzle> &out,
                     std::string &error) {
  std::vector<std::optional<Puzzle>> found(n);
  Progress progress(label, n);
  parallelFor(n, threads, [&](int64_t i) {
    Random rng(seed, stream, static_cast<uint64_t>(i));
    found[i] = sudoku::generate(rng, minRating, maxTries);
    progress.advance();
  });
  double seconds = progress.finish();
  for (int64_t i = 0; i < n; ++i) {
    if (!found[i]) {
      error = "no puzzle of rating >= " + std::to_string(minRating) +
              " within " + std::to_string(maxTries) + " tries (puzzle #" +
              std::to_string(i) +
              "); lower --min-rating or raise --max-tries (trm-data inspect "
              "shows the rating distribution)";
      return false;
    }
    out.push_back(*found[i]);
  }
  reportRate(label, n, "puzzles", seconds, threads);
  return true;
}

/// Reads, filters by rating and subsamples a CSV; `count` 0 keeps all.
bool importPuzzles(const std::string &path, int64_t count, uint64_t minRating,
                   uint64_t seed, Stream stream, std::vector<Puzzle> &out,
                   std::vector<std::string> &errors) {
  std::vector<CsvRow> rows = readSudokuCsv(path, errors);
  if (!errors.empty())
    return false;
  std::erase_if(rows, [&](const CsvRow &r) {
    return static_cast<uint64_t>(r.rating) < minRating;
  });
  if (count > static_cast<int64_t>(rows.size())) {
    errors.push_back(path + " has " + std::to_string(rows.size()) +
                     " rows with rating >= " + std::to_string(minRating) +
                     ", fewer than the " + std::to_string(count) +
                     " asked for");
    return false;
  }
  if (count > 0) {
    Random rng(seed, kSample, stream);
    rng.shuffle(rows.begin(), rows.end());
    rows.resize(count);
    std::sort(rows.begin(), rows.end(),
              [](const CsvRow &a, const CsvRow &b) { return a.line < b.line; });
  }
  checkCsvRows(path, rows, errors);
  for (const CsvRow &row : rows)
    out.push_back(
        {row.question, row.answer, static_cast<uint64_t>(row.rating)});
  return errors.empty();
}

SplitData buildSplit(const std::vector<Puzzle> &puzzles, int64_t numAug,
                     uint64_t seed) {
  SplitBuilder split;
  for (size_t i = 0; i < puzzles.size(); ++i) {
    const Puzzle &p = puzzles[i];
    int32_t rating =
        static_cast<int32_t>(std::min<uint64_t>(p.rating, INT32_MAX));
    split.addPuzzle(tokens(p.question), tokens(p.answer), rating);
    Random rng(seed, kAugment, i);
    for (int64_t k = 0; k < numAug; ++k) {
      sudoku::Transform t = sudoku::Transform::random(rng);
      split.addPuzzle(tokens(t.apply(p.question)), tokens(t.apply(p.answer)),
                      rating);
    }
    split.endGroup();
  }
  return split.result();
}

} // namespace

int runSudoku(const std::vector<std::string> &argv) {
  Args args(argv, {{"out", true},
                   {"train", true},
                   {"test", true},
                   {"num-aug", true},
                   {"seed", true},
                   {"min-rating", true},
                   {"from-csv", true},
                   {"test-csv", true},
                   {"threads", true},
                   {"max-tries", true},
                   {"force", false}});
  std::string out = args.requiredText("out");
  int64_t numAug = args.integer("num-aug", 0, 0, 100000);
  int maxTries =
      static_cast<int>(args.integer("max-tries", 20000, 1, INT32_MAX));
  uint64_t seed = args.integer("seed", 0, 0, INT64_MAX);
  uint64_t minRating = args.integer("min-rating", 0, 0, INT64_MAX);
  int threads = static_cast<int>(args.integer(
      "threads", std::max(1u, std::thread::hardware_concurrency()), 1, 256));
  bool fromCsv = args.has("from-csv");
  if (fromCsv && !args.has("test-csv"))
    args.errors.push_back("--from-csv needs --test-csv for the test split");
  if (!fromCsv && args.has("test-csv"))
    args.errors.push_back("--test-csv goes with --from-csv");
  int64_t train = fromCsv ? args.integer("train", 0, 1, INT32_MAX)
                          : args.required("train", 1, INT32_MAX);
  int64_t test = fromCsv ? args.integer("test", 0, 1, INT32_MAX)
                         : args.required("test", 1, INT32_MAX);
  if (!args.positional.empty())
    args.errors.push_back("unexpected argument '" + args.positional[0] + "'");
  if (!args.errors.empty())
    return reportErrors("sudoku", args.errors);

  std::string error;
  StagedOutput staged(out, args.has("force"), error);
  if (!error.empty())
    return reportErrors("sudoku", {error});

  std::vector<Puzzle> trainPuzzles, testPuzzles;
  std::vector<std::string> errors;
  if (fromCsv) {
    if (!importPuzzles(args.text("from-csv"), train, minRating, seed,
                       kTrainPuzzles, trainPuzzles, errors) ||
        !importPuzzles(args.text("test-csv"), test, minRating, seed,
                       kTestPuzzles, testPuzzles, errors))
      return reportErrors("sudoku", errors);
  } else if (!generatePuzzles(train, kTrainPuzzles, seed, minRating, maxTries,
                              threads, "train", trainPuzzles, error) ||
             !generatePuzzles(test, kTestPuzzles, seed, minRating, maxTries,
                              threads, "test", testPuzzles, error)) {
    return reportErrors("sudoku", {error});
  }

  DatasetMetadata meta;
  meta.seq_len = 81;
  meta.vocab_size = 11;
  SplitData trainSplit = buildSplit(trainPuzzles, numAug, seed);
  SplitData testSplit = buildSplit(testPuzzles, 0, seed);
  if (std::string e = writeDataset(staged.dir(), trainSplit, testSplit, meta);
      !e.empty() || !(e = staged.commit()).empty())
    return reportErrors("sudoku", {e});
  std::cout << "wrote " << out << ": train " << trainPuzzles.size()
            << " groups x " << 1 + numAug << " = " << trainSplit.numPuzzles()
            << " examples, test " << testPuzzles.size()
            << " examples; rating min/median/max: train "
            << ratingSummary(trainSplit.ratings) << ", test "
            << ratingSummary(testSplit.ratings) << "\n";
  return 0;
}

} // namespace trm
