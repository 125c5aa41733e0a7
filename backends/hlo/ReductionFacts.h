//===- ReductionFacts.h - both HLO texts' reduction facts -------*- C++ -*-===//
//
// The HLO and StableHLO printers spell reductions differently but start
// and shape them alike: these are the facts they share.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_HLO_REDUCTIONFACTS_H
#define TRM_BACKENDS_HLO_REDUCTIONFACTS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

namespace trm::hlo {

/// Where a trm.reduce_sum (0) or trm.reduce_max (the lowest value of the
/// element type: -inf, or INT32_MIN for s32) starts.
double reductionStart(mlir::Operation *reduction);

/// The dims of `type` other than `dim`: what an argmax over `dim` keeps.
llvm::SmallVector<int64_t> keptDims(mlir::RankedTensorType type, int64_t dim);

} // namespace trm::hlo

#endif // TRM_BACKENDS_HLO_REDUCTIONFACTS_H
