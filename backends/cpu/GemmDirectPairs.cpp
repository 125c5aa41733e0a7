//===- GemmDirectPairs.cpp - VDPBF16PS operands read from B's rows --------===//
#include "backends/cpu/GemmDirectPairs.h"

using namespace mlir;

namespace trm::cpu {
namespace {

constexpr int64_t kLaneWords = 8; // bf16 per 128-bit lane

/// A shuffle mask of `size` elements: element i is `pick(i)` of the two
/// operands' concatenation.
SmallVector<int64_t> maskOf(int64_t size,
                            llvm::function_ref<int64_t(int64_t)> pick) {
  SmallVector<int64_t> mask;
  for (int64_t i = 0; i < size; ++i)
    mask.push_back(pick(i));
  return mask;
}

} // namespace

SmallVector<Value> DirectPairs::load(Value k, Value col, int64_t vectors,
                                     bool pair) {
  int64_t words = 2 * kLanes; // bf16 per zmm
  auto rowType = VectorType::get({words}, b.getBF16Type());
  auto wordType = VectorType::get({words}, b.getI16Type());
  // vpunpck{l,h}wd: per lane L, words 8L + [0, 4) (or [4, 8)) of both
  // rows, alternating.
  auto unpack = [&](int64_t half) {
    return maskOf(words, [&](int64_t i) {
      int64_t lane = i / kLaneWords, inLane = i % kLaneWords;
      int64_t word = lane * kLaneWords + half * kLaneWords / 2 + inLane / 2;
      return word + (inLane % 2) * words;
    });
  };
  SmallVector<Value> operands;
  for (int64_t w = 0; w < vectors / 2; ++w) {
    Value at = add(col, w * words);
    auto rowWords = [&](Value row) {
      return b.create<vector::BitCastOp>(
          loc, wordType,
          b.create<vector::LoadOp>(loc, rowType, rhs, ValueRange{row, at}));
    };
    Value low = rowWords(k);
    Value high = pair ? Value(rowWords(add(k, 1)))
                      : Value(b.create<arith::ConstantOp>(
                            loc, wordType, b.getZeroAttr(wordType)));
    for (int64_t half = 0; half < 2; ++half)
      operands.push_back(b.create<vector::BitCastOp>(
          loc, rowType,
          b.create<vector::ShuffleOp>(loc, low, high, unpack(half))));
  }
  return operands;
}

void DirectPairs::unpackInto(Value unpacked, Value groups, Value k0, Value k1,
                             Value col) {
  // Row by row, all groups' lines of each row: DRAM serves a row's
  // neighbouring lines together faster than single lines 2 KiB apart.
  auto copyRow = [&](Value p, Value k, bool pair) {
    loop(index(0), groups, index(1), [&](Value group) {
      SmallVector<Value> operands =
          load(k, add(col, mul(group, kPanelWords / 2)), 2, pair);
      for (auto [half, operand] : llvm::enumerate(operands))
        b.create<vector::StoreOp>(
            loc, operand, unpacked,
            ValueRange{group, p,
                       index(static_cast<int64_t>(half) * 2 * kLanes)});
    });
  };
  Value pairs = b.create<arith::DivUIOp>(
      loc, b.create<arith::SubIOp>(loc, k1, k0), index(2));
  loop(index(0), pairs, index(1),
       [&](Value p) { copyRow(p, add(k0, mul(p, 2)), true); });
  Value last = add(k0, mul(pairs, 2));
  auto odd = b.create<scf::IfOp>(
      loc, b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, last, k1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(odd.thenBlock());
  copyRow(pairs, last, false);
}

void DirectPairs::toInterleaved(MutableArrayRef<Value> acc) {
  // From C vectors c0 (columns 0-15) and c1 (16-31): the low result holds
  // columns 0-3, 8-11, 16-19, 24-27, the high one the other fours.
  auto pick = [](int64_t half) {
    return [half](int64_t i) { return (i / 4) * 8 + half * 4 + i % 4; };
  };
  permute(acc, maskOf(kLanes, pick(0)), maskOf(kLanes, pick(1)));
}

void DirectPairs::toColumns(MutableArrayRef<Value> acc) {
  // The inverse: columns 0-15 are fours from the low and high vectors in
  // turn (0-3 low, 4-7 high, 8-11 low, ...), columns 16-31 likewise.
  auto pick = [](int64_t half) {
    return [half](int64_t i) {
      int64_t four = half * 4 + i / 4; // which four of the 32 columns
      return (four % 2) * kLanes + (four / 2) * 4 + i % 4;
    };
  };
  permute(acc, maskOf(kLanes, pick(0)), maskOf(kLanes, pick(1)));
}

void DirectPairs::permute(MutableArrayRef<Value> acc, ArrayRef<int64_t> low,
                          ArrayRef<int64_t> high) {
  for (size_t at = 0; at + 1 < acc.size(); at += 2) {
    Value first = acc[at], second = acc[at + 1];
    acc[at] = b.create<vector::ShuffleOp>(loc, first, second, low);
    acc[at + 1] = b.create<vector::ShuffleOp>(loc, first, second, high);
  }
}

} // namespace trm::cpu
