//===- trm-data.cpp - dataset builder for TRM -----------------------------===//
#include "tools/Subcommands.h"
#include "tools/trm-data/Commands.h"

namespace {

constexpr const char *kUsage =
    R"(trm-data: build Sudoku and Maze datasets in the reference format

usage:
  trm-data sudoku --out DIR --train N --test M [--num-aug K] [--seed S]
                  [--min-rating R] [--max-tries T] [--threads T] [--force]
      Generate puzzles with exactly one solution (proved by an exact solver),
      rated by the backtracks that solver needs; keep those rated >= R
      (each puzzle gets up to --max-tries candidates, default 20000).
      Train gets 1 + K examples per puzzle (digit relabelling, transpose,
      band/row and stack/column shuffles); test is never augmented.
  trm-data sudoku --out DIR --from-csv TRAIN.csv --test-csv TEST.csv
                  [--train N] [--test M] [--num-aug K] [--min-rating R]
      Import the public layout (source,question,answer,rating; '.' = blank),
      optionally subsampling N/M rows (seeded); every used row is checked.
  trm-data maze --out DIR --train N --test M [--num-aug K<=7] [--size 30]
                [--min-path 110] [--seed S] [--threads T] [--force]
      Perfect mazes whose shortest start-goal path is longer than --min-path
      moves (BFS); labels mark the path; augmentation = dihedral transforms.
  trm-data inspect DIR [--show K]
      Counts, rating histogram and K drawn examples per split.
  trm-data verify DIR [--sample N] [--seed S]
      Check every example, metadata against the arrays, uniqueness on a
      sample of N per split, and that test repeats no training example.

Output is written to a temporary directory and renamed into place, so a
failed run leaves nothing behind; an existing DIR is an error unless --force.

examples:
  trm-data sudoku --out data/sudoku-small --train 1000 --test 200 --num-aug 8
  trm-data sudoku --out data/sudoku-hard --train 100 --test 20 --min-rating 50
  trm-data maze --out data/maze-small --train 100 --test 20
  trm-data verify data/sudoku-small
)";

} // namespace

int main(int argc, char **argv) {
  return trm::dispatch(argc, argv, kUsage,
                       {{"sudoku", trm::plain(trm::runSudoku)},
                        {"maze", trm::plain(trm::runMaze)},
                        {"inspect", trm::plain(trm::runInspect)},
                        {"verify", trm::plain(trm::runVerify)}});
}
