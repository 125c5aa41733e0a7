//===- StepCommand.cpp - `trm-run step`: time the training step -----------===//
//
// Runs train_step N times on seeded synthetic batches (no dataset needed)
// and prints the losses and the throughput.
//
//===----------------------------------------------------------------------===//
#include "tools/trm-run/Commands.h"

#include "frontend/config/ConfigDerived.h"
#include "frontend/config/ConfigLoader.h"
#include "runtime/artifact/Artifact.h"
#include "runtime/exec/HostTensor.h"
#include "runtime/exec/Kernels.h"
#include "runtime/train/Schedule.h"
#include "runtime/train/StateInit.h"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace trm {
namespace {

std::vector<HostTensor> allocate(
    const google::protobuf::RepeatedPtrField<artifact::TensorSpec> &specs) {
  std::vector<HostTensor> tensors;
  for (const artifact::TensorSpec &spec : specs)
    tensors.emplace_back(
        spec.dtype(),
        std::vector<int64_t>(spec.shape().begin(), spec.shape().end()));
  return tensors;
}

} // namespace

int runStep(const std::vector<std::string> &args) {
  if (args.empty()) {
    std::cerr << "trm-run step: missing ARTIFACT (a directory from `trmc "
                 "compile CONFIG --target=cpu -o DIR`)\n";
    return 2;
  }
  int64_t steps = 10;
  uint64_t seed = 0;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--steps" && i + 1 < args.size())
      steps = std::stoll(args[++i]);
    else if (args[i] == "--seed" && i + 1 < args.size())
      seed = std::stoull(args[++i]);
    else {
      std::cerr << "trm-run step: unknown argument '" << args[i]
                << "' (use --steps N, --seed S)\n";
      return 2;
    }
  }
  LoadedArtifact artifact;
  if (std::string error = loadArtifact(args[0], artifact); !error.empty()) {
    std::cerr << "trm-run step: " << error << "\n";
    return 1;
  }
  LoadResult loaded =
      loadConfigText(artifact.manifest.config_yaml(), args[0] + "/manifest.pb");
  for (const std::string &e : loaded.errors)
    std::cerr << "trm-run step: " << e << "\n";
  if (!loaded.config)
    return 1;
  const Config &config = *loaded.config;
  Kernels kernels;
  std::string error;
  if (!kernels.open(args[0], error)) {
    std::cerr << "trm-run step: " << error << "\n";
    return 1;
  }
  const artifact::EntryPoint *entry =
      findEntry(artifact.manifest, "train_step");
  Kernels::Entry call = kernels.entry("train_step");
  if (!entry || !call) {
    std::cerr << "trm-run step: " << args[0]
              << " has no train_step; recompile the artifact\n";
    return 1;
  }

  std::vector<HostTensor> inputs = allocate(entry->arguments());
  std::vector<HostTensor> outputs = allocate(entry->results());
  StateInit init(config, seed);
  auto refill = [&](bool everything) {
    for (int i = 0; i < entry->arguments_size(); ++i) {
      const std::string &name = entry->arguments(i).name();
      bool perStep = name.rfind("batch/", 0) == 0 || name.rfind("rng/", 0) == 0;
      if (!everything && !perStep)
        continue;
      std::vector<double> values;
      if (!init.fill(name, inputs[i].size(), values, error))
        return false;
      inputs[i].assign(values);
    }
    return true;
  };
  if (!refill(true)) {
    std::cerr << "trm-run step: " << error << "\n";
    return 1;
  }
  auto index = [&](const auto &specs, const std::string &name) {
    for (int i = 0; i < specs.size(); ++i)
      if (specs[i].name() == name)
        return i;
    return -1;
  };
  int lr = index(entry->arguments(), "schedule/lr");
  int lrPuzzle = index(entry->arguments(), "schedule/puzzle_emb_lr");
  int lmLoss = index(entry->results(), "metrics/lm_loss");
  int haltLoss = index(entry->results(), "metrics/q_halt_loss");
  int64_t rows =
      config.training.global_batch_size / config.parallelism.num_shards;
  int64_t total = totalSteps(config);

  std::printf("%6s %10s %12s %10s %12s\n", "step", "lm_loss", "q_halt_loss",
              "ms/step", "examples/s");
  double seconds = 0;
  for (int64_t step = 1; step <= steps; ++step) {
    if (step > 1)
      refill(false);
    const TrainingConfig &t = config.training;
    inputs[lr].set(
        0, learningRate(t.lr, step, t.lr_warmup_steps, total, t.lr_min_ratio));
    if (lrPuzzle >= 0)
      inputs[lrPuzzle].set(0, learningRate(t.puzzle_emb_lr, step,
                                           t.lr_warmup_steps, total,
                                           t.lr_min_ratio));
    std::vector<void *> descriptors;
    for (HostTensor &h : inputs)
      descriptors.push_back(h.descriptor());
    for (HostTensor &h : outputs)
      descriptors.push_back(h.descriptor());
    auto start = std::chrono::steady_clock::now();
    call(descriptors.data());
    double dt =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    if (step > 1) // the first call warms caches and pages
      seconds += dt;
    // New state becomes the next step's input (double buffering).
    for (int r = 0; r < entry->results_size(); ++r)
      if (entry->donated_from(r) >= 0)
        std::swap(inputs[entry->donated_from(r)], outputs[r]);
    std::printf("%6lld %10.4f %12.4f %10.1f %12.1f\n",
                static_cast<long long>(step),
                outputs[lmLoss].get(0) / static_cast<double>(rows),
                outputs[haltLoss].get(0) / static_cast<double>(rows), dt * 1e3,
                static_cast<double>(rows) / dt);
  }
  if (steps > 1) {
    double perStep = seconds / static_cast<double>(steps - 1);
    double flops =
        trainFlopsPerExample(config.model) * static_cast<double>(rows);
    std::printf("train_step: %.1f ms/step, %.1f examples/s, %.2f GFLOP/s "
                "(matmul FLOPs; %.2f %% of one core's 227 GFLOP/s fp32 peak)\n",
                perStep * 1e3, static_cast<double>(rows) / perStep,
                flops / perStep / 1e9, 100 * flops / perStep / 227e9);
  }
  return 0;
}

} // namespace trm
