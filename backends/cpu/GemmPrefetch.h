//===- GemmPrefetch.h - the next cache tile's B, fetched early --*- C++ -*-===//
//
// The GEMM kernel packs each cache tile's B panel right before the tile's
// work; with B streaming from memory (a weight gradient's 16384-deep
// operands) that copy waited on DRAM for 40 % of a step. While one tile is
// computed, its work items fetch the next tile's B rows into L2, one cache
// line per k step of a register tile, so that the next copy reads L2.
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
  /// Prefetches `next` of B (`rhs`); work items [0, items) share its lines.
  NextTilePrefetch(mlir::OpBuilder &b, mlir::Location loc, mlir::Value rhs,
                   BRegion next, mlir::Value items);

  /// Work item `item`'s line at k step `step` of a register tile: line
  /// step * items + item of the region, row by row (the last line again
  /// past the region's end: a cache hit, and no branch in the k loop).
  void emit(mlir::Value item, mlir::Value step);

  /// All of work item `item`'s lines, one after another.
  void emitShare(mlir::Value item);

private:
  mlir::Value rhs, items;
  BRegion next;
  int64_t lineElements; // B elements per cache line
};

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMPREFETCH_H
