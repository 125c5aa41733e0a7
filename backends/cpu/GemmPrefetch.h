//===- GemmPrefetch.h - B rows fetched before they are read -----*- C++ -*-===//
//
// With few rows of A the GEMM kernel's VDPBF16PS tiles share a panel copy
// among few strips, and a weight gradient's deep B streams from memory: the
// copy would wait on DRAM. Instead, while one cache tile is computed, its
// register tiles fetch the next one's B rows into L2, each a run of rows of
// its columns before its k loop. (The copies of GemmDirectPairs.h read whole
// lines of consecutive rows, which the hardware prefetchers follow.)
//
// Tiles over a strip of A's rows (many rows: A streams from memory, each
// strip's rows once per depth block), in place or packed right before,
// fetch the next strip's rows likewise, a line of each per line they read:
// the hardware prefetchers would learn 6 new streams at every strip, each
// only a depth block long.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_CPU_GEMMPREFETCH_H
#define TRM_BACKENDS_CPU_GEMMPREFETCH_H

#include "backends/cpu/GemmPacking.h"

namespace trm::cpu {

/// The B rows [k0, k1) x columns [n0, n1) of one cache tile.
struct BRegion {
  mlir::Value k0, k1, n0, n1;
};

class NextTilePrefetch : public KernelBuilder, public GemmBlocking {
public:
  /// Prefetches `next` of B (`rhs`), its rows split into `shares` runs.
  NextTilePrefetch(mlir::OpBuilder &b, mlir::Location loc, mlir::Value rhs,
                   BRegion next, mlir::Value shares);

  /// Run `share` of the rows, at the `cols` columns from `panelCol` (those
  /// of the register tile emitting it). The work items' tiles thus fetch
  /// each line once, and a thread's run of items a run of rows: the ones
  /// it copies next (the copy splits rows alike) or reads first.
  void emit(mlir::Value share, mlir::Value panelCol, int64_t cols);

private:
  mlir::Value rhs;
  BRegion next;
  int64_t lineElements; // B elements per cache line
  mlir::Value rowsPerShare;
};

class NextStripPrefetch : public KernelBuilder, public GemmBlocking {
public:
  /// Prefetches A (`lhs`) from row `firstRow` (the next strip's; rows past
  /// the last are clamped to it), when `wanted` (an i1; null: always).
  NextStripPrefetch(mlir::OpBuilder &b, mlir::Location loc, mlir::Value lhs,
                    mlir::Value firstRow, mlir::Value wanted);

  /// In a tile's k loop, whose iteration `step` reads A's 4 bytes at column
  /// `k` of each row: every kStepsPerLine-th step, the line at `k` of each
  /// of the next strip's rows.
  void emit(mlir::Value step, mlir::Value k);

private:
  static constexpr int64_t kStepsPerLine = 16; // 64-byte lines, 4 bytes/step
  mlir::Value lhs, wanted;
  llvm::SmallVector<mlir::Value> rows;
};

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMPREFETCH_H
