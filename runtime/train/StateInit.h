//===- StateInit.h - initial values of entry-point tensors ------*- C++ -*-===//
#ifndef TRM_RUNTIME_TRAIN_STATEINIT_H
#define TRM_RUNTIME_TRAIN_STATEINIT_H

#include "frontend/config/Config.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace trm {

/// Seeded sources of everything a step consumes: the initial state and
/// synthetic batches/draws (for benchmarks and tests without a dataset).
class StateInit {
public:
  StateInit(const Config &config, uint64_t seed, bool perturb = false)
      : config(config), seed(seed), perturb(perturb) {}

  /// Fills `values` (`elements` of them) for the tensor called `name`:
  /// params/ and ema/ from the initialisers (TRM_SPEC.md sec. 2), optimiser
  /// state and counters zero, every slot halted, the carry at H_init/L_init,
  /// random puzzles in batch/, exploration draws in rng/, the config's LRs
  /// in schedule/. `perturb` adds N(0, 0.1) to constant-initialised
  /// parameters so tests exercise the paths they feed. False (and `error`)
  /// for a name it does not know.
  bool fill(const std::string &name, int64_t elements,
            std::vector<double> &values, std::string &error);

  /// How many batches and draw sets were made: checkpointed so that a
  /// resumed run draws exactly what an uninterrupted one would.
  std::pair<uint64_t, uint64_t> counters() const {
    return {batchDraws, rngDraws};
  }
  void restore(std::pair<uint64_t, uint64_t> c) {
    batchDraws = c.first;
    rngDraws = c.second;
  }
  /// Data-parallel runs: batch/ and rng/ tensors hold rank `rank`'s rows of
  /// what a single process would draw for `ranks` times as many rows.
  void shareOf(int rank, int ranks) {
    this->rank = rank;
    this->ranks = ranks;
  }

private:
  std::vector<double> parameter(const std::string &name, bool noise);
  const Config &config;
  uint64_t seed;
  bool perturb;
  uint64_t batchDraws = 0, rngDraws = 0;
  int rank = 0, ranks = 1;
};

} // namespace trm

#endif // TRM_RUNTIME_TRAIN_STATEINIT_H
