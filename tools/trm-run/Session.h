//===- Session.h - a loaded artifact ready to run ---------------*- C++ -*-===//
#ifndef TRM_TOOLS_TRMRUN_SESSION_H
#define TRM_TOOLS_TRMRUN_SESSION_H

#include "frontend/config/Config.h"
#include "runtime/artifact/Artifact.h"
#include "runtime/exec/NominalPeak.h"

#include "runtime/exec/HostTensor.h"
#include "runtime/exec/Kernels.h"
#include <algorithm>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace trm {

/// One entry point with its argument and result buffers.
class Program {
public:
  Program(const artifact::EntryPoint &entry, Kernels::Entry call);

  HostTensor &input(const std::string &name);
  const HostTensor &output(const std::string &name) const;
  bool hasInput(const std::string &name) const {
    return inputIndex.count(name);
  }
  const artifact::EntryPoint &entry() const { return spec; }
  std::vector<HostTensor> &inputs() { return ins; }

  /// Calls the kernel; returns its wall time in seconds.
  double run();
  /// Results that update an argument become that argument (the buffers are
  /// swapped, so the next run reads the new state).
  void donate();
  /// The first result holding a NaN or inf, in entry order; "" if none.
  std::string firstNonFiniteResult() const;

private:
  const artifact::EntryPoint &spec;
  Kernels::Entry call;
  std::vector<HostTensor> ins, outs;
  std::map<std::string, int> inputIndex, outputIndex;
};

/// A verified artifact, its config and its kernels.
class Session {
public:
  static std::unique_ptr<Session> open(const std::string &dir,
                                       std::string &error);
  const Config &config() const { return *cfg; }
  /// The resolved config the artifact was compiled from (its manifest).
  const std::string &configYaml() const {
    return artifact.manifest.config_yaml();
  }
  const artifact::Manifest &manifest() const { return artifact.manifest; }
  Program &program(const std::string &name) { return *programs.at(name); }
  /// Whether the kernels were compiled for a CPU with `feature` (as LLVM
  /// spells it: kBf16DotFeature, kZmmFeature).
  bool kernelsUse(const char *feature) const {
    const auto &features = artifact.manifest.cpu_features();
    return std::find(features.begin(), features.end(), feature) !=
           features.end();
  }
  const Kernels &kernelsLibrary() const { return kernels; }
  /// Rows each call processes (one shard's share of the global batch).
  int64_t rows() const {
    return cfg->training.global_batch_size / cfg->parallelism.num_shards;
  }

private:
  LoadedArtifact artifact;
  std::unique_ptr<Config> cfg;
  Kernels kernels;
  std::map<std::string, std::unique_ptr<Program>> programs;
};

class StateInit;

/// Fills the arguments of `program` from `init`: all of them, or only those
/// whose names start with one of `prefixes`. False and `error` for an
/// unknown name.
bool initialise(Program &program, StateInit &init, std::string &error,
                const std::vector<std::string> &prefixes = {});
/// The scheduled LRs of step `step` (from 1) into schedule/*.
void setLearningRates(Program &train, const Config &config, int64_t step);

} // namespace trm

#endif // TRM_TOOLS_TRMRUN_SESSION_H
