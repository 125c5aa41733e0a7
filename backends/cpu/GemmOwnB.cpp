//===- GemmOwnB.cpp - GEMM tiles over per-thread copies of B --------------===//
//
// With few rows, a shared panel of B serves too little work to repay the
// threads meeting around it: each thread copies its own columns of B, for
// each depth block in turn (GemmEmitterImpl.h: emitPartsPackingB for the
// FMA kernel, emitPartsUnpackingB for VDPBF16PS).
//
//===----------------------------------------------------------------------===//
#include "backends/cpu/GemmEmitterImpl.h"

using namespace mlir;

namespace trm::cpu {

// Columns of B unpacked per work item, in 32-column groups: 4 lines of each
// row together.
constexpr int64_t kGroupsPerPart = 4;

void GemmEmitter::emitPartsPackingB() {
  auto panelType = MemRefType::get({kBlockDepth, kBlockCols}, b.getF32Type());
  parallelLoop(ownRuns, [&](Value run) {
    withStackBuffer(panelType, [&](Value panel) { emitRun(run, panel); });
  });
}

void GemmEmitter::emitRun(Value run, Value panel) {
  // The run's columns: an equal share of the 64-column tiles.
  int64_t tileCols = kTileVectors * kLanes;
  Value tiles = b.create<arith::CeilDivSIOp>(loc, n, index(tileCols));
  auto columnsBefore = [&](Value r) {
    Value tilesBefore = b.create<arith::DivUIOp>(
        loc, b.create<arith::MulIOp>(loc, tiles, r), ownRuns);
    return min(mul(tilesBefore, tileCols), n);
  };
  Value c0 = columnsBefore(run), c1 = columnsBefore(add(run, 1));
  Value own = b.create<arith::CeilDivSIOp>(loc, sub(c1, c0), index(kBlockCols));
  Value steps = b.create<arith::MulIOp>(loc, depths, own);
  Value ownStrips = b.create<arith::MulIOp>(loc, run, strips);
  // Step s: depth block s / own, the run's part s % own.
  auto region = [&](Value step) {
    Tile tile = depthBlock(b.create<arith::DivUIOp>(loc, step, own));
    Value part = b.create<arith::RemUIOp>(loc, step, own);
    Value n0 = add(c0, mul(part, kBlockCols));
    return BRegion{tile.k0, tile.k1, n0, min(add(n0, kBlockCols), c1)};
  };
  loop(index(0), steps, index(1), [&](Value step) {
    BRegion here = region(step);
    Tile tile = base;
    tile.k0 = here.k0, tile.k1 = here.k1, tile.n0 = here.n0;
    Value firstPart = b.create<arith::CmpIOp>(
        loc, arith::CmpIPredicate::eq, b.create<arith::RemUIOp>(loc, step, own),
        index(0));
    auto pack = b.create<scf::IfOp>(
        loc, b.create<arith::AndIOp>(loc, lhs.packs, firstPart));
    {
      OpBuilder::InsertionGuard inner(b);
      b.setInsertionPointToStart(pack.thenBlock());
      packStrips(tile, ownStrips, index(0), strips);
    }
    tile.panel = packer.panel(panel, here.k0, here.k1, here.n0, here.n1,
                              /*threaded=*/false);
    NextTilePrefetch prefetch(b, loc, bMatrix,
                              region(min(add(step, 1), add(steps, -1))), strips,
                              here.n0);
    tile.prefetch = &prefetch;
    loop(index(0), strips, index(1), [&](Value strip) {
      Tile work = tile;
      work.prefetchShare = strip;
      Value m1 = min(add(mul(strip, kTileRows), kTileRows), m);
      emitRowsOfTransposable(work, strip, add(ownStrips, strip), m1, here.n0,
                             here.n1, trueValue());
    });
  });
}

void GemmEmitter::emitPartsUnpackingB() {
  Value always = trueValue();
  int64_t groupCols = DirectPairs::kPanelWords / 2;
  int64_t partCols = kGroupsPerPart * groupCols;
  Value parts = b.create<arith::CeilDivSIOp>(loc, n, index(partCols));
  auto unpackedType = MemRefType::get(
      {kGroupsPerPart, kBlockDepth / 2, 2 * groupCols}, b.getBF16Type());
  packAllStrips(index(0), depths, always);
  parallelLoop(parts, [&](Value part) {
    withStackBuffer(unpackedType, [&](Value unpacked) {
      Value n0 = mul(part, partCols);
      Value n1 = min(add(n0, partCols), n);
      Value groups =
          b.create<arith::DivUIOp>(loc, sub(n1, n0), index(groupCols));
      Value tileRows =
          b.create<arith::CeilDivSIOp>(loc, m, index(2 * kTileRows));
      loop(index(0), depths, index(1), [&](Value depth) {
        Tile tile = depthBlock(depth);
        rowPairs.unpackInto(unpacked, groups, tile.k0, tile.k1, n0);
        Value firstStrip = b.create<arith::MulIOp>(loc, depth, strips);
        // The part's next depth block of B, fetched by the tiles meanwhile
        // (a share of its rows per 12-row tile, before its k loop).
        NextTilePrefetch prefetch(
            b, loc, bMatrix,
            BRegion{tile.k1, min(add(tile.k1, kBlockDepth), k), n0, n1},
            tileRows, n0);
        loop(index(0), groups, index(1), [&](Value group) {
          Tile work = tile;
          work.prefetch = &prefetch;
          work.n0 = add(n0, mul(group, groupCols));
          work.unpacked = groupOf(unpacked, group);
          emitRowsOfTransposable(work, index(0), firstStrip, m, work.n0,
                                 add(work.n0, groupCols), always);
        });
      });
    });
  });
}

Value GemmEmitter::groupOf(Value unpacked, Value group) {
  auto unpackedType = cast<MemRefType>(unpacked.getType());
  ArrayRef<int64_t> groupShape = unpackedType.getShape().drop_front();
  SmallVector<OpFoldResult> offsets = {group, b.getIndexAttr(0),
                                       b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1),
                                     b.getIndexAttr(groupShape[0]),
                                     b.getIndexAttr(groupShape[1])};
  SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
  auto groupType = memref::SubViewOp::inferRankReducedResultType(
      groupShape, unpackedType, offsets, sizes, strides);
  return b.create<memref::SubViewOp>(loc, cast<MemRefType>(groupType), unpacked,
                                     offsets, sizes, strides);
}

} // namespace trm::cpu
