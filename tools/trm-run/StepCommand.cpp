//===- StepCommand.cpp - `trm-run step`: time the training step -----------===//
//
// Runs train_step N times on seeded synthetic batches (no dataset needed)
// and prints the losses and the throughput.
//
//===----------------------------------------------------------------------===//
#include "runtime/comm/Ranks.h"
#include "tools/trm-run/Commands.h"

#include "frontend/config/ConfigDerived.h"
#include "runtime/exec/KernelProfile.h"
#include "runtime/exec/KernelRuntime.h"
#include "runtime/exec/NominalPeak.h"
#include "runtime/train/StateInit.h"
#include "tools/trm-run/MemoryCheck.h"
#include "tools/trm-run/Session.h"
#include "tools/trm-run/Threads.h"

#include <cstdio>
#include <iostream>
#include <sys/resource.h>

namespace trm {

/// The kernels' share of the timed steps, site by site (`--profile`).
static bool printKernelProfile(const Kernels &kernels, double seconds,
                               int64_t steps) {
  std::string error;
  std::vector<KernelProfileLine> lines = kernelProfile(kernels, error);
  if (!error.empty()) {
    std::cerr << "trm-run step: --profile: " << error << "\n";
    return false;
  }
  double perStep = seconds / static_cast<double>(steps), inKernels = 0;
  std::printf(
      "kernel profile, per step (steps 2-%lld):\n%10s %6s %6s %8s  %s\n",
      static_cast<long long>(steps + 1), "ms", "%", "calls", "GFLOP/s",
      "kernel");
  for (const KernelProfileLine &line : lines) {
    double ms = line.seconds / static_cast<double>(steps) * 1e3;
    inKernels += ms;
    char rate[16] = "";
    if (line.flops)
      std::snprintf(rate, sizeof rate, "%.1f", line.flops / line.seconds / 1e9);
    std::printf("%10.1f %6.1f %6lld %8s  %s\n", ms, ms / perStep / 10,
                static_cast<long long>(line.calls / steps), rate,
                line.name.c_str());
  }
  std::printf("%10.1f %6.1f %6s %8s  (all kernels; the rest is the entry "
              "point's own work and the runtime)\n",
              inKernels, inKernels / perStep / 10, "", "");
  return true;
}

int runStep(const std::vector<std::string> &argv) {
  Args args(argv, {{"steps", true}, {"seed", true}, {"profile", false}});
  int64_t steps = args.integer("steps", 10, 0, kMostCount);
  uint64_t seed = args.integer("seed", 0, 0, kMostCount);
  bool profile = args.has("profile");
  if (!commandArgsOk("step", args,
                     "ARTIFACT [--steps N] [--seed S] [--profile]"))
    return 2;
  if (profile && steps < 2) {
    std::cerr << "trm-run step: --profile times steps 2 and on (the first "
                 "warms caches and pages); use --steps 2 or more\n";
    return 2;
  }
  std::string error;
  std::unique_ptr<Session> session = Session::open(args.positional[0], error);
  if (!session) {
    std::cerr << "trm-run step: " << error << "\n";
    return 1;
  }
  const Config &config = session->config();
  Program &train = session->program("train_step");
  StateInit init(config, seed);
  init.shareOf(ranks().rank, ranks().size);
  if (!initialise(train, init, error)) {
    std::cerr << "trm-run step: " << error << "\n";
    return 1;
  }
  double rows = static_cast<double>(session->rows()), seconds = 0;
  std::printf("%6s %10s %12s %10s %12s\n", "step", "lm_loss", "q_halt_loss",
              "ms/step", "examples/s");
  for (int64_t step = 1; step <= steps; ++step) {
    if (step > 1)
      initialise(train, init, error, {"batch/", "rng/"});
    setLearningRates(train, config, step);
    if (profile && step == 2) // from the first timed step on
      startKernelProfile();
    double dt = train.run();
    if (step > 1) // the first call warms caches and pages
      seconds += dt;
    train.donate();
    std::printf(
        "%6lld %10.4f %12.4f %10.1f %12.1f\n", static_cast<long long>(step),
        train.output("metrics/lm_loss").get(0) / rows,
        train.output("metrics/q_halt_loss").get(0) / rows, dt * 1e3, rows / dt);
  }
  if (steps > 1) {
    double perStep = seconds / static_cast<double>(steps - 1);
    double flops = trainFlopsPerExample(config.model) * rows;
    bool bf16 = config.model.forward_dtype == "bfloat16";
    Multiplier multiplier =
        multiplierFor(bf16, session->kernelsUse(kBf16DotFeature),
                      hasAmxBf16(session->manifest().cpu_features()));
    FmaRate rate = fmaRate(session->kernelsUse(kZmmFeature),
                           kernelsCpu(session->manifest()));
    int threads = kernelThreads();
    double peak = nominalPeakPerCore(multiplier, rate) * 1e9 * threads;
    std::printf("train_step: %.1f ms/step, %.1f examples/s, %.2f GFLOP/s "
                "(matmul FLOPs; %.1f %% of the %.1f GFLOP/s %s peak of %d "
                "core(s)%s%s)\n",
                perStep * 1e3, rows / perStep, flops / perStep / 1e9,
                100 * flops / perStep / peak, peak / 1e9,
                bf16 && multiplier == Multiplier::Fma
                    ? "fp32 (bf16 widened: no avx512_bf16)"
                    : peakName(multiplier),
                threads, rate.half ? "; half the reference: " : "", rate.why);
  }
  if (profile && steps > 1 &&
      !printKernelProfile(session->kernelsLibrary(), seconds, steps - 1))
    return 1;
  rusage usage = {};
  getrusage(RUSAGE_SELF, &usage); // ru_maxrss is in KiB on Linux
  std::printf("peak memory: %.1f MiB (max resident set of the process)\n",
              static_cast<double>(usage.ru_maxrss) / 1024);
  MemoryNeed need = memoryNeed(session->manifest());
  auto mib = [](uint64_t bytes) {
    return static_cast<double>(bytes) / (1 << 20);
  };
  std::printf("temporaries: %.1f MiB at most (the kernels' buffer pool), "
              "%.1f MiB estimated (the manifest); state, batches and "
              "results: %.1f MiB\n",
              mib(bufferPoolUsage().peakBytes), mib(need.temporaries),
              mib(need.buffers));
  return 0;
}

} // namespace trm
