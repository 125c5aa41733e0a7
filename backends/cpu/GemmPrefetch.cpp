//===- GemmPrefetch.cpp - B rows fetched before they are read -------------===//
#include "backends/cpu/GemmPrefetch.h"

using namespace mlir;

namespace trm::cpu {
namespace {
constexpr int64_t kLineBytes = 64;
} // namespace

NextTilePrefetch::NextTilePrefetch(OpBuilder &b, Location loc, Value rhs,
                                   BRegion next, Value shares, Value n0)
    : KernelBuilder(b, loc), rhs(rhs), next(next), n0(n0) {
  Type element = cast<MemRefType>(rhs.getType()).getElementType();
  lineElements = kLineBytes * 8 / element.getIntOrFloatBitWidth();
  rowsPerShare =
      b.create<arith::CeilDivSIOp>(loc, sub(next.k1, next.k0), shares);
}

NextTilePrefetch::Share NextTilePrefetch::shareOf(Value share, Value col,
                                                  int64_t cols) {
  // Whole rows of the tile's columns: a row's lines are then one address
  // apart, with no division or clamp per line.
  Value rows = sub(next.k1, next.k0);
  Value first = min(b.create<arith::MulIOp>(loc, share, rowsPerShare), rows);
  Value last = min(add(first, rowsPerShare), rows);
  Value from = add(next.n0, sub(col, n0));
  Value width = b.create<arith::MaxSIOp>(
      loc, min(sub(next.n1, from), index(cols)), index(0));
  Value lines = b.create<arith::CeilDivSIOp>(loc, width, index(lineElements));
  return {add(next.k0, first), add(next.k0, last), from, lines};
}

void NextTilePrefetch::emit(const Share &share) {
  loop(share.first, share.last, index(1), [&](Value k) { fetchRow(share, k); });
}

void NextTilePrefetch::emitRow(const Share &share, Value step) {
  Value row = add(share.first,
                  b.create<arith::DivUIOp>(loc, step, index(kStepsPerRow)));
  Value due = b.create<arith::AndIOp>(
      loc,
      b.create<arith::CmpIOp>(
          loc, arith::CmpIPredicate::eq,
          b.create<arith::RemUIOp>(loc, step, index(kStepsPerRow)), index(0)),
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, row, share.last));
  auto fetch = b.create<scf::IfOp>(loc, due);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(fetch.thenBlock());
  fetchRow(share, row);
}

void NextTilePrefetch::fetchRow(const Share &share, Value k) {
  loop(index(0), share.lines, index(1), [&](Value line) {
    Value col = add(share.from, mul(line, lineElements));
    b.create<memref::PrefetchOp>(loc, rhs, ValueRange{k, col},
                                 /*isWrite=*/false, /*localityHint=*/2,
                                 /*isDataCache=*/true);
  });
}

NextStripPrefetch::NextStripPrefetch(OpBuilder &b, Location loc, Value lhs,
                                     Value firstRow, Value wanted)
    : KernelBuilder(b, loc), lhs(lhs), wanted(wanted) {
  Value lastRow = add(dim(lhs, 0), -1);
  for (int64_t r = 0; r < kTileRows; ++r)
    rows.push_back(min(add(firstRow, r), lastRow));
}

void NextStripPrefetch::emit(Value step, Value k) {
  Value due = b.create<arith::CmpIOp>(
      loc, arith::CmpIPredicate::eq,
      b.create<arith::RemUIOp>(loc, step, index(kStepsPerLine)), index(0));
  if (wanted)
    due = b.create<arith::AndIOp>(loc, due, wanted);
  auto fetch = b.create<scf::IfOp>(loc, due);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(fetch.thenBlock());
  for (Value row : rows)
    b.create<memref::PrefetchOp>(loc, lhs, ValueRange{row, k},
                                 /*isWrite=*/false, /*localityHint=*/2,
                                 /*isDataCache=*/true);
}

} // namespace trm::cpu
