//===- HloEmitter.h - XLA HLO and StableHLO text from trm -------*- C++ -*-===//
//
// Prints one entry point of a trm module (after the bf16, grad and sharded
// phases) with everything it calls, as XLA HLO text and as StableHLO MLIR
// text (generic op form). Output is deterministic: computations are printed
// before their users, values are numbered in program order.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_HLO_HLOEMITTER_H
#define TRM_BACKENDS_HLO_HLOEMITTER_H

#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace trm::hlo {

/// Text of `entry` and its callees, or failure (diagnostic emitted on the op
/// that cannot be expressed). trm.repeat becomes a while loop; run
/// trm-unroll-recursion first for straight-line code. Collectives become
/// all-reduce over one replica group of all shards (replica style:
/// `replica_count` = the module's trm.num_shards).
mlir::FailureOr<std::string> emitHlo(mlir::ModuleOp module,
                                     llvm::StringRef entry);
mlir::FailureOr<std::string> emitStableHlo(mlir::ModuleOp module,
                                           llvm::StringRef entry);

} // namespace trm::hlo

#endif // TRM_BACKENDS_HLO_HLOEMITTER_H
