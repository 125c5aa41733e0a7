//===- Commands.h - the subcommands of trm-data -----------------*- C++ -*-===//
#ifndef TRM_TOOLS_TRMDATA_COMMANDS_H
#define TRM_TOOLS_TRMDATA_COMMANDS_H

#include "runtime/data/DatasetFormat.h"

#include <string>
#include <vector>

namespace trm {

int runSudoku(const std::vector<std::string> &argv);
int runMaze(const std::vector<std::string> &argv);
int runInspect(const std::vector<std::string> &argv);
int runVerify(const std::vector<std::string> &argv);

/// Writes train/, test/ and identifiers.json under `dir` (total_groups set
/// per split). Returns an error message, empty on success.
std::string writeDataset(const std::string &dir, const SplitData &train,
                         const SplitData &test, DatasetMetadata meta);

/// Prints `errors` as "trm-data <command>: error: ..." lines; returns 1.
int reportErrors(const std::string &command,
                 const std::vector<std::string> &errors);

/// "train: 200 puzzles in 0.35 s (572.5 puzzles/s on 1 threads)" to stderr.
void reportRate(const std::string &label, int64_t count, const char *what,
                double seconds, int threads);

/// "min / median / max" of ratings, for summaries.
std::string ratingSummary(std::vector<int32_t> ratings);

} // namespace trm

#endif // TRM_TOOLS_TRMDATA_COMMANDS_H
