//===- GluEpilogue.h - GEMMs that apply a gated elementwise op --*- C++ -*-===//
//
// SwiGLU computes silu(x Wg) * (x Wu) from one product P = x [Wg | Wu]: an
// elementwise op reading P's two column halves. When that op is P's only
// reader and the product is one depth block deep, the GEMM kernel applies
// it to its register tiles instead: a tile holds columns [c, c + 32) of
// both halves (B's panels are packed so), and only H = f(left, right) is
// written, half the columns and often bf16. P, four times the bytes of a
// bf16 H, never reaches memory, and H is not read back for f.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_CPU_GLUEPILOGUE_H
#define TRM_BACKENDS_CPU_GLUEPILOGUE_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <optional>
#include <string>

namespace trm::cpu {

/// The elementwise op that a GEMM's product feeds, and what fusing it
/// removes.
struct GluEpilogue {
  mlir::linalg::GenericOp op;
  unsigned leftInput = 0; // the op's input reading P's columns [0, N/2)
  mlir::Value out;        // the op's output buffer: H
  /// P's buffer and its other users (views, its zero fill, deallocs), dead
  /// once the kernel applies the op.
  llvm::SmallVector<mlir::Operation *> productOps;
  /// H's allocation when it comes after the matmul: moved up to it, since
  /// the kernel writes H where the matmul was.
  mlir::Operation *hoist = nullptr;
};

/// The GLU epilogue of a bufferized matmul, if it has one the kernel can
/// apply: the matmul (not batched) writes a fresh, zero-filled [M, N]
/// buffer, K <= 512 and N % 64 == 0; one all-parallel, identity-indexed
/// linalg.generic in the same block reads exactly P's two halves (through
/// views of any rank) and nothing else reads P; its body is elementwise
/// arith/math on them and scalar constants; its output (rows of N/2,
/// contiguous) is available at the matmul and untouched between the two.
std::optional<GluEpilogue> findGluEpilogue(mlir::linalg::LinalgOp matmul);

/// f on vectors: the op's scalar body applied lane by lane to `left` and
/// `right` (f32 vectors), in the output's element type.
mlir::Value emitGluBody(mlir::OpBuilder &b, mlir::Location loc,
                        const GluEpilogue &glu, mlir::Value left,
                        mlir::Value right);

/// A text equal for epilogues computing the same f into the same type.
std::string gluKey(const GluEpilogue &glu);

/// H as the [M, N/2] matrix the kernel writes (a collapsed view), built
/// at `b`'s insertion point.
mlir::Value gluResultMatrix(mlir::OpBuilder &b, mlir::Location loc,
                            const GluEpilogue &glu);

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GLUEPILOGUE_H
