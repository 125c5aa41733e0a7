//===- Pipelines.h - the named phases of trmc compile -----------*- C++ -*-===//
#ifndef TRM_PASSES_PIPELINES_H
#define TRM_PASSES_PIPELINES_H

#include "mlir/Pass/PassManager.h"

#include <functional>
#include <string>
#include <vector>

namespace mlir::trm {

/// One step of compilation; `--emit=<name>` stops after it.
struct Phase {
  std::string name;
  std::string description;
  std::function<void(OpPassManager &)> addPasses;
};

/// The phases in order, starting with "trm" (the traced module, verified).
const std::vector<Phase> &compilePhases();

/// Adds the passes of every phase up to and including `last`; false (and
/// nothing added) if there is no such phase.
bool addPhasesUpTo(OpPassManager &pm, llvm::StringRef last);

/// Registers every phase prefix as a trm-opt pipeline `trm-phase-<name>`.
void registerTrmPipelines();

} // namespace mlir::trm

#endif // TRM_PASSES_PIPELINES_H
