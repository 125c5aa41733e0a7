//===- GemmEmitter.h - the register-tiled GEMM kernel's loops ---*- C++ -*-===//
#ifndef TRM_BACKENDS_CPU_GEMMEMITTER_H
#define TRM_BACKENDS_CPU_GEMMEMITTER_H

#include "mlir/IR/Builders.h"

namespace trm::cpu {

struct GemmEpilogue;

/// Emits, at `b`, the kernel's loops for C = A * B (C += A * B unless the
/// i1 `overwrite`); with `pairs`, bf16 operands go two k at a time through
/// VDPBF16PS. With `glu`, C is the epilogue's H (half of B's columns) and
/// `overwrite` is unused (see GemmEpilogue.h).
void emitGemmLoops(mlir::OpBuilder &b, mlir::Location loc, mlir::Value a,
                   mlir::Value bMatrix, mlir::Value c, mlir::Value overwrite,
                   bool pairs, const GemmEpilogue *glu);

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMEMITTER_H
