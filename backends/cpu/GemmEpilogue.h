//===- GemmEpilogue.h - GEMMs that apply an elementwise op ------*- C++ -*-===//
//
// When an elementwise op is the only reader of a GEMM's product P and the
// product is one depth block deep, the GEMM kernel applies the op to its
// register tiles instead (the FMA kernel per strip of rows,
// GemmStripEpilogue.h), and only H = f(P) is written; P never reaches
// memory, and H is not read back for f. Two kinds:
// * unary: f reads P itself (the bf16 rounding of a gradient GEMM's
//   result): H has P's shape, often in bf16;
// * gated: f reads P's two column halves (SwiGLU's silu(x Wg) * (x Wu)
//   from P = x [Wg | Wu]): a tile holds columns [c, c + 32) of both halves
//   (B's panels are packed so) and H has half the columns. A bf16 H is a
//   quarter of P's bytes.
// When later ops also read P (the backward of a SwiGLU with gradients reads
// gate and up), the kernel stores P as well as H: the op's pass over P goes,
// P stays.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_CPU_GEMMEPILOGUE_H
#define TRM_BACKENDS_CPU_GEMMEPILOGUE_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <optional>
#include <string>

namespace trm::cpu {

/// The elementwise op that a GEMM's product feeds, and what fusing it
/// removes.
struct GemmEpilogue {
  mlir::linalg::GenericOp op;
  bool gated = false;
  unsigned leftInput = 0; // gated: the input reading P's columns [0, N/2)
  mlir::Value out;        // the op's output buffer: H
  /// P's buffer when other ops read it too: the kernel then stores P.
  mlir::Value keptProduct;
  /// What is dead once the kernel applies the op: P's zero fill and, unless
  /// P is kept, P's buffer, views and deallocs; users come before what they
  /// use, the order they can be erased in.
  llvm::SmallVector<mlir::Operation *> productOps;
  /// H's allocation when it comes after the matmul: moved up to it, since
  /// the kernel writes H where the matmul was.
  mlir::Operation *hoist = nullptr;
};

/// The epilogue of a bufferized matmul, if it has one the kernel can
/// apply: the matmul (not batched) writes a fresh, zero-filled [M, N]
/// buffer and K <= 512; an all-parallel, identity-indexed linalg.generic
/// in the same block reads exactly P (unary) or P's two halves (gated, N a
/// multiple of 64), through views of any rank, and any other accesses of
/// P are linalg ops after the matmul that only read it (P is then kept);
/// the generic's body is elementwise arith/math on them and scalar
/// constants; its output (contiguous rows of N or N/2) is available at the
/// matmul and untouched between the two.
std::optional<GemmEpilogue> findGemmEpilogue(mlir::linalg::LinalgOp matmul);

/// f on vectors: the op's scalar body applied lane by lane to `left` and,
/// when gated, `right` (f32 vectors), in the output's element type.
mlir::Value emitEpilogueBody(mlir::OpBuilder &b, mlir::Location loc,
                             const GemmEpilogue &epilogue, mlir::Value left,
                             mlir::Value right);

/// A text equal for epilogues computing the same f into the same type.
std::string epilogueKey(const GemmEpilogue &epilogue);

/// The matrices the kernel writes, built at `b`'s insertion point: H as
/// [M, N] or [M, N/2] (a collapsed view), then P when it is kept.
llvm::SmallVector<mlir::Value, 2>
epilogueResultMatrices(mlir::OpBuilder &b, mlir::Location loc,
                       const GemmEpilogue &epilogue);

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMEPILOGUE_H
