//===- GemmStripEpilogue.h - the FMA kernel's epilogues ---------*- C++ -*-===//
//
// The FMA kernel's 6 x 64 register tile holds 30 of the 32 zmm registers
// across k; applying an epilogue in the tile (SwiGLU's constants and
// temporaries, then also exp calls that clobbered every vector register)
// made LLVM spill inside the k loop (f32 16384x97x1024 with SwiGLU 15 ms,
// the GEMM alone 9.4 ms). So its tiles store their sums into a buffer for
// the strip of up to 6 rows they belong to, on the thread's stack (in L1),
// and once the strip's tiles are done one call of a separate, never
// inlined function applies f to the buffer: H (and P when kept) are
// written, and P never goes to memory and back.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_CPU_GEMMSTRIPEPILOGUE_H
#define TRM_BACKENDS_CPU_GEMMSTRIPEPILOGUE_H

#include "backends/cpu/GemmPacking.h"
#include "backends/cpu/GemmStreaming.h"

#include <optional>

namespace trm::cpu {

struct GemmEpilogue;

class StripEpilogue : public KernelBuilder, public GemmBlocking {
public:
  /// The strip buffer: 6 rows of up to a panel's 1024 columns of P, in
  /// the panel's order (gated: per 64 columns, 32 of gate then 32 of up).
  static mlir::MemRefType bufferType(mlir::MLIRContext *ctx);

  /// For the kernel whose body `b` is at (in its entry block), writing
  /// H = `h` and, when not null, `product` (P), from buffers of `buffer`
  /// type (bufferType, or the AMX kernel's 32-row blocks: GemmAmx.h).
  StripEpilogue(mlir::OpBuilder &b, mlir::Location loc,
                const GemmEpilogue &epilogue, mlir::Value h,
                mlir::Value product, mlir::MemRefType buffer);

  /// Applies f to rows [0, m1 - m0) x columns [0, c1 - c0) of `buffer`,
  /// which hold P's rows [m0, m1) at the panel columns [c0, c1):
  /// H[m0 + r, c0 + j] = f(P) (unary), or (gated, c1 - c0 a multiple of
  /// 64) H[m0 + r, c0 / 2 + j] = f(gate, up).
  void emitCall(mlir::Value buffer, mlir::Value m0, mlir::Value m1,
                mlir::Value c0, mlir::Value c1);

private:
  /// The function emitCall calls, created on first use.
  mlir::func::FuncOp getOrCreateApply();

  /// The body of that function over its arguments.
  void emitApply(mlir::ValueRange args);

  /// What the body reads and writes: the buffer, H, P (null unless kept;
  /// then stored non-temporally when `streamed`), the panel columns
  /// [c0, c0 + cols) the buffer holds.
  struct Strip {
    mlir::Value buffer, h, product, c0, cols;
    std::optional<StreamingStores> streaming;
    bool streamed = false;
  };

  /// The buffer's rows [0, rows), P's and H's from row m0.
  void emitRows(Strip &strip, mlir::Value m0, mlir::Value rows);

  /// Buffer row r into H's row `row`: f of each element (unary), or of
  /// each gate and up pair (gated).
  void emitUnaryRow(Strip &strip, mlir::Value r, mlir::Value row);
  void emitGatedRow(Strip &strip, mlir::Value r, mlir::Value row);

  /// P[row, col..col + 15] = value (masked to `active` when not null).
  void storeProduct(Strip &strip, mlir::Value value, mlir::Value row,
                    mlir::Value col, mlir::Value active);

  const GemmEpilogue &epilogue;
  mlir::Value h, product;
  mlir::MemRefType buffer;
  mlir::func::FuncOp kernel;
};

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMSTRIPEPILOGUE_H
