//===- GemmColumnDots.cpp - a GEMM's last few columns as dot products -----===//
#include "backends/cpu/GemmColumnDots.h"

using namespace mlir;

namespace trm::cpu {
ColumnDots::ColumnDots(OpBuilder &b, Location loc, Value aRows, Value strips,
                       Value bMatrix, Value c, Value overwrite, bool pairs)
    : KernelBuilder(b, loc), aRows(aRows), strips(strips), bMatrix(bMatrix),
      c(c), overwrite(overwrite), pairs(pairs) {
  element = pairs ? b.getBF16Type() : b.getF32Type();
  buffer = b.create<memref::AllocOp>(
      loc, MemRefType::get({kMaxColumns, kBlockDepth}, element));
}

bool ColumnDots::readsRowsInPlace() const {
  return aRows &&
         (pairs || cast<MemRefType>(aRows.getType()).getElementType().isF32());
}

Value ColumnDots::multiplyAdd(Value acc, Value x, Value column) {
  if (pairs)
    return dotPairs(acc, x, column);
  return b.create<vector::FMAOp>(loc, x, column, acc);
}

Value ColumnDots::columns(Value tailCols) {
  Value rest = b.create<arith::RemUIOp>(loc, tailCols, index(kLanes));
  Value few = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ule, rest,
                                      index(kMaxColumns));
  return b.create<arith::SelectOp>(loc, few, rest, index(0));
}

void ColumnDots::pack(Value k0, Value k1, Value n1, Value count) {
  Value first = sub(n1, count);
  loop(index(0), count, index(1), [&](Value i) {
    Value col = add(first, i);
    loop(k0, k1, index(1), [&](Value k) {
      Value x = b.create<memref::LoadOp>(loc, bMatrix, ValueRange{k, col});
      b.create<memref::StoreOp>(loc, pairs ? x : widen(x), buffer,
                                ValueRange{i, sub(k, k0)});
    });
  });
}

void ColumnDots::emit(Value row, int64_t rows, Value k0, Value k1, Value n1,
                      Value count) {
  auto sums = VectorType::get({kLanes}, b.getF32Type());
  // k per step: 32 (VDPBF16PS pairs) or 16 (f32 FMA).
  int64_t stepK = pairs ? 2 * kLanes : kLanes;
  auto stepType = VectorType::get({stepK}, element);
  Value zero = b.create<arith::ConstantOp>(loc, sums, b.getZeroAttr(sums));
  Value depth = sub(k1, k0);
  Value whole = roundDown(index(0), depth, stepK);
  Value first = sub(n1, count);
  loop(index(0), count, index(1), [&](Value i) {
    // The rows' dot products side by side: one column load feeds them all.
    SmallVector<Value> init(rows, zero);
    auto body = b.create<scf::ForOp>(
        loc, index(0), whole, index(stepK), init,
        [&](OpBuilder &, Location, Value kk, ValueRange acc) {
          Value column = b.create<vector::LoadOp>(loc, stepType, buffer,
                                                  ValueRange{i, kk});
          SmallVector<Value> next;
          for (int64_t r = 0; r < rows; ++r) {
            Value x = b.create<vector::LoadOp>(
                loc, stepType, aRows, ValueRange{add(row, r), add(k0, kk)});
            next.push_back(multiplyAdd(acc[r], x, column));
          }
          b.create<scf::YieldOp>(loc, next);
        });
    // The last (depth mod stepK) k, masked (none: an empty mask).
    Value mask = b.create<vector::CreateMaskOp>(
        loc, VectorType::get({stepK}, b.getI1Type()), sub(depth, whole));
    Value padding =
        b.create<arith::ConstantOp>(loc, stepType, b.getZeroAttr(stepType));
    Value column = b.create<vector::MaskedLoadOp>(
        loc, stepType, buffer, ValueRange{i, whole}, mask, padding);
    Value col = add(first, i);
    for (int64_t r = 0; r < rows; ++r) {
      Value at = add(row, r);
      Value x = b.create<vector::MaskedLoadOp>(
          loc, stepType, aRows, ValueRange{at, add(k0, whole)}, mask, padding);
      Value sum = b.create<vector::ReductionOp>(
          loc, vector::CombiningKind::ADD,
          multiplyAdd(body.getResult(r), x, column));
      accumulateInto(at, col, sum, k0);
    }
  });
}

void ColumnDots::emitFromStrip(Value stripStart, Value lane0, Value row,
                               int64_t rows, Value k0, Value k1, Value n1,
                               Value count) {
  // Per k, the strip's 6 rows (k-major, 6 apart) as 8 lanes: every k but
  // the block's last reads 2 elements of the next k, which the lanes past
  // the strip's rows ignore; the last k reads 6, within the strip.
  constexpr int64_t kSums = 4, kEight = 8;
  auto eight = VectorType::get({kEight}, b.getF32Type());
  auto six = VectorType::get({kTileRows}, b.getF32Type());
  Value zero = b.create<arith::ConstantOp>(loc, eight, b.getZeroAttr(eight));
  Value last = add(sub(k1, k0), -1);
  Value whole = roundDown(index(0), last, kSums);
  Value first = sub(n1, count);
  auto multiplyAddAt = [&](Value acc, Value i, Value d, VectorType type) {
    Value x = b.create<vector::LoadOp>(
        loc, type, strips, ValueRange{add(stripStart, mul(d, kTileRows))});
    if (type != eight)
      x = b.create<vector::InsertStridedSliceOp>(
          loc, x, zero, ArrayRef<int64_t>{0}, ArrayRef<int64_t>{1});
    Value y = b.create<memref::LoadOp>(loc, buffer, ValueRange{i, d});
    Value ys = b.create<vector::BroadcastOp>(loc, eight, y);
    return b.create<vector::FMAOp>(loc, x, ys, acc).getResult();
  };
  loop(index(0), count, index(1), [&](Value i) {
    SmallVector<Value> init(kSums, zero);
    auto groups = b.create<scf::ForOp>(
        loc, index(0), whole, index(kSums), init,
        [&](OpBuilder &, Location, Value d, ValueRange acc) {
          SmallVector<Value> next;
          for (int64_t u = 0; u < kSums; ++u)
            next.push_back(multiplyAddAt(acc[u], i, add(d, u), eight));
          b.create<scf::YieldOp>(loc, next);
        });
    auto rest = b.create<scf::ForOp>(
        loc, whole, last, index(1), ValueRange{groups.getResult(0)},
        [&](OpBuilder &, Location, Value d, ValueRange acc) {
          b.create<scf::YieldOp>(loc, multiplyAddAt(acc[0], i, d, eight));
        });
    Value sums = multiplyAddAt(rest.getResult(0), i, last, six);
    for (int64_t u = 1; u < kSums; ++u)
      sums = b.create<arith::AddFOp>(loc, sums, groups.getResult(u));
    Value col = add(first, i);
    for (int64_t r = 0; r < rows; ++r) {
      Value lane =
          b.create<arith::IndexCastOp>(loc, b.getI32Type(), add(lane0, r));
      accumulateInto(add(row, r), col,
                     b.create<vector::ExtractElementOp>(loc, sums, lane), k0);
    }
  });
}

void ColumnDots::accumulateInto(Value at, Value col, Value sum, Value k0) {
  Value fresh = b.create<arith::AndIOp>(
      loc, overwrite,
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, k0, index(0)));
  Value start = b.create<memref::LoadOp>(loc, c, ValueRange{at, col});
  start = b.create<arith::SelectOp>(
      loc, fresh,
      b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(0)).getResult(),
      start);
  b.create<memref::StoreOp>(loc, b.create<arith::AddFOp>(loc, start, sum), c,
                            ValueRange{at, col});
}

void ColumnDots::release() { b.create<memref::DeallocOp>(loc, buffer); }

} // namespace trm::cpu
