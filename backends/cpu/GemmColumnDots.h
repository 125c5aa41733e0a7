//===- GemmColumnDots.h - a GEMM's last columns as dot products -*- C++ -*-===//
//
// A register tile is 16 columns wide per vector: with N = 97 (a token MLP's
// positions) the last tile computes 16 columns for one, and the kernel
// reaches at most 97 / 112 of peak. Instead, up to kMaxColumns columns past
// the last whole vector are dot products along k, the column copied
// contiguously per cache tile: with A's rows read in place (unit-stride
// along k), VDPBF16PS of 32 k of A's row with 32 k of the column (bf16),
// or FMAs of 16 (f32), 16 partial sums reduced once per row; from a packed
// strip (FMA kernel: f32, or bf16 widened), one 6-row vector of A per k
// times the column's element, in 4 partial sums over k. Each sum still
// takes the k blocks in ascending order.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_CPU_GEMMCOLUMNDOTS_H
#define TRM_BACKENDS_CPU_GEMMCOLUMNDOTS_H

#include "backends/cpu/GemmPacking.h"

namespace trm::cpu {

class ColumnDots : public KernelBuilder, public GemmBlocking {
public:
  static constexpr int64_t kMaxColumns = 2;

  /// C (f32) += A * B, A's k read from `aRows` (unit-stride rows: pairs
  /// when `pairs`, else f32) or from `strips` (FMA kernel: the packed
  /// strips, flat: GemmPacker::flatStrips), C starting from zero in the first k
  /// block when `overwrite`.
  ColumnDots(mlir::OpBuilder &b, mlir::Location loc, mlir::Value aRows,
             mlir::Value strips, mlir::Value bMatrix, mlir::Value c,
             mlir::Value overwrite, bool pairs);

  /// How many of the columns past the last whole 64-column tile of the
  /// panel ending at `n1` (`tailCols` of them) are dot products: their
  /// count past the last whole vector when at most kMaxColumns, else 0.
  mlir::Value columns(mlir::Value tailCols);

  /// Copies B[k0:k1, n1 - count + i] for i < `count` into the columns'
  /// buffer (serially, before the threads read it).
  void pack(mlir::Value k0, mlir::Value k1, mlir::Value n1, mlir::Value count);

  /// Whether `emit` may read A's rows in place: pairs or f32 (a bf16 A for
  /// the FMA kernel is packed).
  bool readsRowsInPlace() const;

  /// Rows [row, row + rows) x the `count` columns ending at n1, k in
  /// [k0, k1), A's rows read in place.
  void emit(mlir::Value row, int64_t rows, mlir::Value k0, mlir::Value k1,
            mlir::Value n1, mlir::Value count);

  /// As `emit`, A's rows from the packed strip starting at element
  /// `stripStart` of the strips, whose lane `lane0` is `row`.
  void emitFromStrip(mlir::Value stripStart, mlir::Value lane0, mlir::Value row,
                     int64_t rows, mlir::Value k0, mlir::Value k1,
                     mlir::Value n1, mlir::Value count);

  void release();

private:
  /// acc + x * column, 16 f32 sums (x and column: 32 bf16 or 16 f32).
  mlir::Value multiplyAdd(mlir::Value acc, mlir::Value x, mlir::Value column);

  /// C[at, col] = sum, or C[at, col] + sum past the first k block or
  /// without `overwrite`.
  void accumulateInto(mlir::Value at, mlir::Value col, mlir::Value sum,
                      mlir::Value k0);

  mlir::Value aRows, strips, bMatrix, c, overwrite;
  /// bf16 operands: k pairs multiplied by VDPBF16PS.
  bool pairs;

  mlir::Type element; // the buffer's: bf16 (pairs) or f32
  mlir::Value buffer; // kMaxColumns x kBlockDepth elements
};

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMCOLUMNDOTS_H
