//===- GemmPrefetch.cpp - B rows fetched before they are read -------------===//
#include "backends/cpu/GemmPrefetch.h"

using namespace mlir;

namespace trm::cpu {
namespace {
constexpr int64_t kLineBytes = 64;
} // namespace

NextTilePrefetch::NextTilePrefetch(OpBuilder &b, Location loc, Value rhs,
                                   BRegion next, Value strips)
    : KernelBuilder(b, loc), rhs(rhs), next(next) {
  Value width = sub(next.n1, next.n0);
  parts =
      b.create<arith::CeilDivSIOp>(loc, width, index(kTileVectors * kLanes));
  tiles = b.create<arith::MulIOp>(loc, strips, parts);
  Type element = cast<MemRefType>(rhs.getType()).getElementType();
  lineElements = kLineBytes * 8 / element.getIntOrFloatBitWidth();
  rowLines = b.create<arith::CeilDivSIOp>(loc, width, index(lineElements));
}

void NextTilePrefetch::emit(Value strip, Value panelCol) {
  Value part =
      b.create<arith::DivUIOp>(loc, panelCol, index(kTileVectors * kLanes));
  Value tile = b.create<arith::AddIOp>(
      loc, b.create<arith::MulIOp>(loc, strip, parts), part);
  // Whole rows per tile: the lines of a row are then one address apart,
  // with no division or clamp per line (the last tiles may have none).
  Value rows = sub(next.k1, next.k0);
  Value share = b.create<arith::CeilDivSIOp>(loc, rows, tiles);
  Value first = min(b.create<arith::MulIOp>(loc, tile, share), rows);
  Value last = min(add(first, share), rows);
  loop(add(next.k0, first), add(next.k0, last), index(1), [&](Value k) {
    loop(index(0), rowLines, index(1), [&](Value slot) {
      Value col = add(next.n0, mul(slot, lineElements));
      b.create<memref::PrefetchOp>(loc, rhs, ValueRange{k, col},
                                   /*isWrite=*/false, /*localityHint=*/2,
                                   /*isDataCache=*/true);
    });
  });
}

} // namespace trm::cpu
