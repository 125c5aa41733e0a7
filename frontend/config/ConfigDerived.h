//===- ConfigDerived.h - quantities that follow from a config ---*- C++ -*-===//
//
// Formulas of TRM_SPEC.md: parameter count, steps, FLOPs, memory.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_FRONTEND_CONFIG_CONFIGDERIVED_H
#define TRM_FRONTEND_CONFIG_CONFIGDERIVED_H

#include "frontend/config/Config.h"

namespace trm {

/// P: prefix slots before the tokens.
int64_t puzzleEmbLen(const ModelConfig &m);
/// L = P + seq_len: positions the network sees.
int64_t fullSeqLen(const ModelConfig &m);
/// I(h) = round_up_256(round(expansion * h * 2 / 3)).
int64_t swigluInner(int64_t width, double expansion);
/// Trainable parameters (puzzle table, H_init, L_init excluded).
int64_t trainableParameters(const ModelConfig &m);
/// Network applications per supervision step: T * (n + 1).
int64_t networkCallsPerStep(const ModelConfig &m);
/// Blocks between input and output of one step: T (n + 1) L_layers.
int64_t effectiveDepth(const ModelConfig &m);

/// floor(epochs * groups * mean_puzzle_examples / global_batch_size).
int64_t totalSteps(const Config &c);
/// Full batches in one evaluation interval (the partial tail is dropped).
int64_t stepsPerEvaluation(const Config &c);
/// Steps actually run: evaluations * stepsPerEvaluation.
int64_t stepsRun(const Config &c);
int64_t evaluations(const Config &c);

/// Matmul FLOPs (2 per multiply-add) for one example.
double forwardFlopsPerExample(const ModelConfig &m);
/// Forward of all T(n+1) calls plus backward (2x) of the last n+1.
double trainFlopsPerExample(const ModelConfig &m);

/// Bytes of fp32 master weights, optimiser state, EMA and puzzle table.
struct StateBytes {
  int64_t parameters, optimizer, ema, puzzleTable;
  int64_t total() const { return parameters + optimizer + ema + puzzleTable; }
};
StateBytes stateBytes(const Config &c);

} // namespace trm

#endif // TRM_FRONTEND_CONFIG_CONFIGDERIVED_H
