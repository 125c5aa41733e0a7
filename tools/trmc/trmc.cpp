//===- trmc.cpp - the trmc compiler driver --------------------------------===//
//
//   trmc check CONFIG [dotted.key=value ...]
//   trmc compile CONFIG [dotted.key=value ...] [--emit=PHASE] [-o FILE]
//
//===----------------------------------------------------------------------===//
#include "frontend/config/ConfigLoader.h"
#include "tools/Subcommands.h"
#include "tools/trmc/CheckCommand.h"
#include "tools/trmc/CompileCommand.h"

#include <cstring>
#include <iostream>
#include <string>
#include <vector>

namespace {

constexpr const char *kUsage = R"(trmc: compiler for Tiny Recursive Models

usage:
  trmc check CONFIG [dotted.key=value ...]
      Validate CONFIG (YAML, with base:/defaults: inheritance and overrides)
      and print the resolved values and what follows from them.
  trmc compile CONFIG [dotted.key=value ...] [--emit=PHASE] [-o FILE]
               [--dump-phases-to=DIR] [MLIR pass-manager flags]
      Trace the TRM of CONFIG into the trm dialect, run the compile phases
      up to PHASE (trm, bf16, grad, sharded, unrolled) and print
      the IR.
      `trmc compile --help` lists every flag.

examples:
  trmc check configs/models/trm-sudoku-baseline.yaml
  trmc check configs/models/trm-sudoku-baseline.yaml model.hidden_size=256
  trmc compile configs/models/trm-sudoku-tiny.yaml --emit=unrolled
  trmc compile configs/models/trm-sudoku-tiny.yaml --mlir-print-debuginfo
)";

int runCheck(const std::vector<std::string> &args) {
  if (args.empty()) {
    std::cerr << "trmc check: missing CONFIG\n\n" << kUsage;
    return 2;
  }
  std::vector<std::string> overrides(args.begin() + 1, args.end());
  trm::LoadResult result = trm::loadConfig(args[0], overrides);
  for (const std::string &error : result.errors)
    std::cerr << error << "\n";
  if (!result.config)
    return 1;
  trm::printCheckReport(*result.config, std::cout);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  return trm::dispatch(
      argc, argv, kUsage,
      {{"check", [](const auto &args, int, char **) { return runCheck(args); }},
       {"compile",
        [](const auto &, int n, char **v) { return trm::runCompile(n, v); }}},
      /*helpAnywhere=*/false); // `trmc compile --help` lists its own options
}
