//===- GemmPrefetch.h - B rows fetched before they are read -----*- C++ -*-===//
//
// With few rows of A the GEMM kernel's tiles share a panel copy among few
// strips, and a weight gradient's deep B streams from memory: the copy
// would wait on DRAM (f32 97x16384x1024t: a fifth of the kernel's time).
// Instead, while one cache tile is computed, its register tiles fetch the
// next one's B rows into L2, each a run of rows of its columns: VDPBF16PS
// tiles before their k loop, FMA tiles a row per 16 k within it. (The
// copies of GemmDirectPairs.h read whole lines of consecutive rows, which
// the hardware prefetchers follow.)
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
  /// Prefetches `next` of B (`rhs`), its rows split into `shares` runs,
  /// from the tiles of the cache tile whose columns start at `n0`.
  NextTilePrefetch(mlir::OpBuilder &b, mlir::Location loc, mlir::Value rhs,
                   BRegion next, mlir::Value shares, mlir::Value n0);

  /// What one register tile fetches: rows [first, last) of `next`, `lines`
  /// lines of each from column `from`.
  struct Share {
    mlir::Value first, last, from, lines;
  };

  /// Run `share` of the rows, at the `cols` columns as far into `next` as
  /// `col` is into the current cache tile (those of the register tile at
  /// `col`). The work items' tiles thus fetch each line once, and a
  /// thread's run of items a run of rows: the ones it copies next (the
  /// copy splits rows alike) or reads first.
  Share shareOf(mlir::Value share, mlir::Value col, int64_t cols);

  /// All of `share` at once, before the tile's k loop (VDPBF16PS).
  void emit(const Share &share);

  /// In the tile's k loop (FMA), at step `step`: every kStepsPerRow-th,
  /// the next of the share's rows, so that the requests to memory are
  /// spread over the tile's FMAs instead of queueing up before them. (A
  /// 512-deep tile thus fetches up to 32 rows: a share of 97 rows' 17
  /// strips has 31.)
  void emitRow(const Share &share, mlir::Value step);

private:
  static constexpr int64_t kStepsPerRow = 16;
  /// The lines of row `k` of `share`.
  void fetchRow(const Share &share, mlir::Value k);

  mlir::Value rhs;
  BRegion next;
  mlir::Value n0;       // the current cache tile's first column
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
