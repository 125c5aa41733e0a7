//===- GemmPrefetch.h - B rows fetched before they are read -----*- C++ -*-===//
//
// With few rows of A the GEMM kernel's VDPBF16PS tiles read B's rows in
// place (GemmDirectPairs.h) or share a panel copy among few strips, and a
// weight gradient's deep B streams from memory: the first strip to read a
// cache tile's rows, or the copy, would wait on DRAM. Instead, while one
// cache tile is computed, its register tiles fetch the next one's B rows
// into L2, each a contiguous share of its rows before its k loop.
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
  /// Prefetches `next` of B (`rhs`), its lines shared by the register
  /// tiles of `strips` strips x its 64-column parts.
  NextTilePrefetch(mlir::OpBuilder &b, mlir::Location loc, mlir::Value rhs,
                   BRegion next, mlir::Value strips);

  /// The share of the tile at `strip` and column `panelCol` of its cache
  /// tile: with i its index among the tiles, the i-th run of rows. A
  /// thread's run of tiles then fetches a run of rows, the ones it copies
  /// next (the copy splits rows alike) or reads first.
  void emit(mlir::Value strip, mlir::Value panelCol);

private:
  mlir::Value rhs;
  BRegion next;
  mlir::Value parts, tiles; // 64-column parts of a strip; tiles in all
  int64_t lineElements;     // B elements per cache line
  mlir::Value rowLines;     // lines per row of the region
};

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMPREFETCH_H
