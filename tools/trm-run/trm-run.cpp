//===- trm-run.cpp - runs trmc artifacts (links no MLIR) ------------------===//
#include "tools/trm-run/Commands.h"

#include <cstdio>
#include <iostream>

namespace {

constexpr const char *kUsage = R"(trm-run: run a trmc artifact

usage:
  trm-run step ARTIFACT [--steps N] [--seed S]
      Load and verify ARTIFACT (from `trmc compile CONFIG --target=cpu -o
      DIR`), run train_step N times (default 10) on seeded synthetic
      batches, print the losses and the throughput.

  trm-run train ARTIFACT --data DIR [--out RUNDIR] [--max-steps N] [--seed S]
      Train on DIR (from trm-data) as TRM_SPEC.md sec. 5 samples it, and
      evaluate the test split with the EMA weights after every eval_interval
      epochs; metrics also go to RUNDIR/metrics.jsonl.

Not yet: checkpoints and resume, TensorBoard files, MPI data parallel.
)";

} // namespace

int main(int argc, char **argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress lines appear at once
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  if (command == "step")
    return trm::runStep(args);
  if (command == "train")
    return trm::runTrain(args);
  std::cerr << "trm-run: unknown command '" << command << "'\n\n" << kUsage;
  return 2;
}
