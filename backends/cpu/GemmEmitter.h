//===- GemmEmitter.h - the register-tiled GEMM kernel's loops ---*- C++ -*-===//
#ifndef TRM_BACKENDS_CPU_GEMMEMITTER_H
#define TRM_BACKENDS_CPU_GEMMEMITTER_H

#include "mlir/IR/Builders.h"

namespace trm::cpu {

struct GemmEpilogue;

/// Emits, at `b`, the kernel's loops for C = A * B (C += A * B unless the
/// i1 `overwrite`); with `pairs`, bf16 operands go two k at a time through
/// VDPBF16PS. With an `epilogue`, C is its H = f(A * B) (gated: half of B's
/// columns), `product` the kept P = A * B or null, and `overwrite` unused
/// (see GemmEpilogue.h).
void emitGemmLoops(mlir::OpBuilder &b, mlir::Location loc, mlir::Value a,
                   mlir::Value bMatrix, mlir::Value c, mlir::Value product,
                   mlir::Value overwrite, bool pairs,
                   const GemmEpilogue *epilogue);

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMEMITTER_H
