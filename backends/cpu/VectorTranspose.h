//===- VectorTranspose.h - transposes of 16x16 register blocks --*- C++ -*-===//
//
// A transpose that swaps the two innermost dims of 32-bit elements, as
// loops over 16x16 blocks: 16 row loads, the block transposed in registers
// by 64 two-vector shuffles, 16 row stores. The 32x32-tiled scalar copy it
// replaces moved one element per instruction (or gathered).
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_CPU_VECTORTRANSPOSE_H
#define TRM_BACKENDS_CPU_VECTORTRANSPOSE_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace trm::cpu {

/// v[i][j] <- v[j][i] for 16 vectors of 16 32-bit lanes, by 64 two-vector
/// shuffles.
void transposeSixteenBySixteen(mlir::OpBuilder &b, mlir::Location loc,
                               llvm::SmallVectorImpl<mlir::Value> &v);

/// Whether emitVectorTranspose applies to `op`: buffers with unit innermost
/// strides, 32-bit elements, the permutation [0, ..., n-3, n-1, n-2].
bool isVectorTransposable(mlir::linalg::TransposeOp op);

/// Replaces `op` by an scf.parallel over its batch dims and 16x16 blocks
/// (threads split the outermost dim); edge blocks are masked.
void emitVectorTranspose(mlir::OpBuilder &b, mlir::linalg::TransposeOp op);

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_VECTORTRANSPOSE_H
