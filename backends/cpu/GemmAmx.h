//===- GemmAmx.h - the bf16 GEMM kernel on AMX tiles ------------*- C++ -*-===//
//
// On CPUs with AMX (amx-tile, amx-bf16: Intel Xeon since Sapphire Rapids)
// bf16 products go through TDPBF16PS, which multiplies a 16 x 32 tile of A
// by a 32 x 16 tile of B in one instruction: measured 3.83 TFLOP/s on one
// core of this Xeon, 15.6x its fp32 FMAs and 31x its VDPBF16PS (which
// issues at half the FMA rate here, unlike on Zen).
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_CPU_GEMMAMX_H
#define TRM_BACKENDS_CPU_GEMMAMX_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace trm::cpu {

struct GemmEpilogue;

/// Emits at `b` C = A * B (C += A * B unless the i1 `overwrite`) for bf16
/// A and B and f32 C, of the kernel types GemmKernel.h gives: per 512-deep
/// block, A's rows packed once (zero-padded to 32 x 32 steps; with a narrow
/// B, whole blocks read in place), then the
/// threads take (256-column panel, run of 32-row blocks) items, each
/// packing its panel of B in TDPBF16PS's pair-interleaved layout on its
/// stack and computing 32 x 32 blocks of C as 2 x 2 tiles, the block's k
/// steps unrolled (LLVM 19 cannot carry tiles through a loop's phis).
/// With an `epilogue` (K <= 512; GemmEpilogue.h), C is its result H and
/// `overwrite` is null: each block's P (gated: a gate block and its up
/// block) goes to a buffer on the stack that the strip epilogue
/// (GemmStripEpilogue.h) applies f to, storing P too when `product`. The
/// module gets the symbol on which the runtime asks Linux for the AMX tile
/// state (runtime/exec/AmxTiles.h).
void emitAmxGemmLoops(mlir::OpBuilder &b, mlir::Location loc, mlir::Value a,
                      mlir::Value bm, mlir::Value c, mlir::Value product,
                      mlir::Value overwrite, const GemmEpilogue *epilogue);

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMAMX_H
