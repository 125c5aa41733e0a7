//===- Evaluation.h - datasets and the evaluation loop ----------*- C++ -*-===//
#ifndef TRM_TOOLS_TRMRUN_EVALUATION_H
#define TRM_TOOLS_TRMRUN_EVALUATION_H

#include "runtime/data/DatasetFormat.h"
#include "runtime/data/Loader.h"
#include "runtime/train/StateInit.h"
#include "tools/trm-run/Session.h"

#include <functional>
#include <string>

namespace trm {

/// Reads DIR/<split> and checks it against the artifact's model; returns
/// the problems (empty: fine).
std::vector<std::string> readDataset(const std::string &dir,
                                     const std::string &split,
                                     const ModelConfig &model, SplitData &data);

/// The rows' inputs, labels and identifiers into the program's batch/*.
void setBatch(Program &program, const SplitData &data, int64_t seqLen,
              const BatchRows &rows);

struct EvalMetrics {
  double count = 0, accuracy = 0, exact = 0, qHalt = 0, steps = 0;
  /// "exact_accuracy 0.1234  accuracy …" averaged over the counted rows.
  std::string summary() const;
};

/// Every test example for halt_max_steps steps (no early halting).
/// `loadWeights(eval)` fills params/*, puzzle_emb, H_init and L_init.
EvalMetrics evaluate(Session &session, const SplitData &test, StateInit &init,
                     const std::function<void(Program &)> &loadWeights,
                     std::string &error);

} // namespace trm

#endif // TRM_TOOLS_TRMRUN_EVALUATION_H
