//===- GemmPrefetch.cpp - B rows fetched before they are read -------------===//
#include "backends/cpu/GemmPrefetch.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;

namespace trm::cpu {
namespace {
constexpr int64_t kLineBytes = 64;
} // namespace

NextTilePrefetch::NextTilePrefetch(OpBuilder &b, Location loc, Value rhs,
                                   BRegion next, Value strips)
    : KernelBuilder(b, loc), rhs(rhs), next(next) {
  parts = b.create<arith::CeilDivSIOp>(loc, sub(next.n1, next.n0),
                                       index(kTileVectors * kLanes));
  tiles = b.create<arith::MulIOp>(loc, strips, parts);
  Type element = cast<MemRefType>(rhs.getType()).getElementType();
  lineElements = kLineBytes * 8 / element.getIntOrFloatBitWidth();
  // A cache tile's rows are at most kBlockCols elements: a line's row and
  // slot are then a shift and a mask.
  rowLines = kBlockCols / lineElements;
}

void NextTilePrefetch::emit(Value strip, Value panelCol) {
  Value part =
      b.create<arith::DivUIOp>(loc, panelCol, index(kTileVectors * kLanes));
  Value tile = b.create<arith::AddIOp>(
      loc, b.create<arith::MulIOp>(loc, strip, parts), part);
  Value lines = mul(sub(next.k1, next.k0), rowLines);
  Value share = b.create<arith::CeilDivSIOp>(loc, lines, tiles);
  Value from = b.create<arith::MulIOp>(loc, tile, share);
  loop(index(0), share, index(1),
       [&](Value step) { fetchLine(add(from, step)); });
}

void NextTilePrefetch::fetchLine(Value line) {
  Value row =
      b.create<arith::ShRUIOp>(loc, line, index(llvm::Log2_64(rowLines)));
  Value slot = b.create<arith::AndIOp>(loc, line, index(rowLines - 1));
  Value lastRow = add(sub(next.k1, next.k0), -1);
  Value lastCol = add(next.n1, -1);
  Value at = add(next.k0, min(row, lastRow));
  Value col = min(add(next.n0, mul(slot, lineElements)), lastCol);
  b.create<memref::PrefetchOp>(loc, rhs, ValueRange{at, col},
                               /*isWrite=*/false, /*localityHint=*/2,
                               /*isDataCache=*/true);
}

} // namespace trm::cpu
