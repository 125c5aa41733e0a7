//===- Commands.h - the subcommands of trm-run ------------------*- C++ -*-===//
#ifndef TRM_TOOLS_TRMRUN_COMMANDS_H
#define TRM_TOOLS_TRMRUN_COMMANDS_H

#include "tools/Args.h"

#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

namespace trm {

/// After reading `args`' options: whether they are well formed with exactly
/// one positional word (the ARTIFACT); if not, prints each problem and
/// `usage` for trm-run COMMAND.
inline bool commandArgsOk(const char *command, Args &args, const char *usage) {
  if (args.positional.size() != 1)
    args.errors.push_back(
        args.positional.empty()
            ? "missing ARTIFACT (a directory from `trmc compile CONFIG "
              "--target=cpu -o DIR`)"
            : "one ARTIFACT expected, got '" + args.positional[1] + "' too");
  for (const std::string &error : args.errors)
    std::cerr << "trm-run " << command << ": " << error << "\n";
  if (!args.errors.empty())
    std::cerr << "usage: trm-run " << command << " " << usage << "\n";
  return args.errors.empty();
}

/// Seeds and counts: any non-negative int64.
constexpr int64_t kMostCount = INT64_MAX;

int runStep(const std::vector<std::string> &args);
int runTrain(const std::vector<std::string> &args);
int runEval(const std::vector<std::string> &args);

} // namespace trm

#endif // TRM_TOOLS_TRMRUN_COMMANDS_H
