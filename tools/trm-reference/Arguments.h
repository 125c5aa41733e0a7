//===- Arguments.h - inputs for a traced function, by name ------*- C++ -*-===//
#ifndef TRM_TOOLS_TRMREFERENCE_ARGUMENTS_H
#define TRM_TOOLS_TRMREFERENCE_ARGUMENTS_H

#include "backends/reference/Tensor.h"
#include "frontend/config/Config.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <optional>
#include <string>
#include <vector>

namespace trm {

/// Builds every argument of `func` from its `trm.name`: parameters (and EMA)
/// from their initialisers, zero optimiser state, every slot halted, the
/// carry at H_init/L_init, a random batch of puzzles (tokens 1..vocab-1,
/// labels 2..vocab-1), exploration draws, the config's LRs; all from
/// `seed`. With
/// `perturb`, tensors initialised to constants (q_head, puzzle_emb) get
/// N(0, 0.1) noise so that tests exercise the paths they feed. Returns
/// nullopt and sets `error` for a name it does not know.
std::optional<std::vector<reference::Tensor>>
makeArguments(mlir::func::FuncOp func, const Config &config, uint64_t seed,
              bool perturb, std::string &error);

} // namespace trm

#endif // TRM_TOOLS_TRMREFERENCE_ARGUMENTS_H
