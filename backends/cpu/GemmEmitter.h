//===- GemmEmitter.h - the register-tiled GEMM kernel's loops ---*- C++ -*-===//
#ifndef TRM_BACKENDS_CPU_GEMMEMITTER_H
#define TRM_BACKENDS_CPU_GEMMEMITTER_H

#include "mlir/IR/Builders.h"

namespace trm::cpu {

struct GemmEpilogue;

/// The registers the kernels' 16-lane vectors live in: zmm with AVX-512;
/// without it, LLVM splits each into a ymm pair, and a 6-row register tile
/// is then 6 x 16 columns (12 ymm accumulators) where 6 x 64 would need 48
/// of the 16 and spill.
enum class VectorRegisters { Zmm, YmmPairs };

/// Emits, at `b`, the kernel's loops for C = A * B (C += A * B unless the
/// i1 `overwrite`); with `pairs`, bf16 operands go two k at a time through
/// VDPBF16PS. With an `epilogue`, C is its H = f(A * B) (gated: half of B's
/// columns), `product` the kept P = A * B or null, and `overwrite` unused
/// (see GemmEpilogue.h). `registers` shapes the register tiles.
void emitGemmLoops(mlir::OpBuilder &b, mlir::Location loc, mlir::Value a,
                   mlir::Value bMatrix, mlir::Value c, mlir::Value product,
                   mlir::Value overwrite, bool pairs,
                   const GemmEpilogue *epilogue, VectorRegisters registers);

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMEMITTER_H
