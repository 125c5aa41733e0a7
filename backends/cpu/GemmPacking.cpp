//===- GemmPacking.cpp - operand copies of the GEMM kernel ----------------===//
#include "backends/cpu/GemmPacking.h"
#include "backends/cpu/GemmKernel.h"

using namespace mlir;

namespace trm::cpu {

Value GemmPacker::slicedView(Value packed, Value slices, Value depth) {
  int64_t dyn = ShapedType::kDynamic;
  auto slicedType = MemRefType::get(
      {dyn, dyn, kSliceCols}, b.getF32Type(),
      StridedLayoutAttr::get(b.getContext(), 0, {dyn, kSliceCols, 1}));
  return b.create<memref::ReinterpretCastOp>(
      loc, slicedType, packed, index(0),
      ValueRange{slices, depth, index(kSliceCols)},
      ValueRange{mul(depth, kSliceCols), index(kSliceCols), index(1)});
}

Value GemmPacker::panel(Value packed, Value k0, Value k1, Value n0, Value n1,
                        bool threaded) {
  Value cols = sub(n1, n0);
  Value sliced = slicedView(
      packed, b.create<arith::CeilDivSIOp>(loc, cols, index(kSliceCols)),
      sub(k1, k0));
  copyPanel(sliced, k0, k1, n0, cols, threaded);
  return sliced;
}

Value GemmPacker::gatedSlicedPanel(Value packed, Value k0, Value k1, Value g0,
                                   Value g1, Value half) {
  constexpr int64_t halfSlice = kSliceCols / 2;
  Value slices = b.create<arith::DivUIOp>(loc, sub(g1, g0), index(halfSlice));
  Value sliced = slicedView(packed, slices, sub(k1, k0));
  Type element = cast<MemRefType>(rhs.getType()).getElementType();
  auto lanesType = VectorType::get({kLanes}, element);
  Value right = b.create<arith::AddIOp>(loc, half, g0);
  parallelLoop(sub(k1, k0), [&](Value row) {
    Value from = b.create<arith::AddIOp>(loc, k0, row);
    loop(index(0), slices, index(1), [&](Value s) {
      Value offset = mul(s, halfSlice);
      for (int64_t v = 0; v < kSliceCols / kLanes; ++v) {
        Value first = v * kLanes < halfSlice ? g0 : right;
        Value col = add(add(first, offset), v * kLanes % halfSlice);
        Value lanes = b.create<vector::LoadOp>(loc, lanesType, rhs,
                                               ValueRange{from, col});
        b.create<vector::StoreOp>(loc, widen(lanes), sliced,
                                  ValueRange{s, row, index(v * kLanes)});
      }
    });
  });
  return sliced;
}

Value GemmPacker::panelSlice(Value panel, Value s) {
  auto panelType = cast<MemRefType>(panel.getType());
  int64_t sliceShape[] = {ShapedType::kDynamic, kSliceCols};
  SmallVector<OpFoldResult> offsets = {s, b.getIndexAttr(0), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1), dim(panel, 1),
                                     b.getIndexAttr(kSliceCols)};
  SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
  auto sliceType = memref::SubViewOp::inferRankReducedResultType(
      sliceShape, panelType, offsets, sizes, strides);
  return b.create<memref::SubViewOp>(loc, cast<MemRefType>(sliceType), panel,
                                     offsets, sizes, strides);
}

Value GemmPacker::pairPanel(Value packed, Value k0, Value k1, Value n0,
                            Value n1) {
  Value cols = sub(n1, n0);
  Value tight = tightPanel(packed, k0, k1, cols);
  packPairs(tight, k0, k1, {{n0, cols, index(0)}});
  return tight;
}

Value GemmPacker::gatedPanel(Value packed, Value k0, Value k1, Value g0,
                             Value g1, Value half) {
  Value h = sub(g1, g0);
  Value tight = tightPanel(packed, k0, k1, mul(h, 2));
  packPairs(
      tight, k0, k1,
      {{g0, h, index(0)}, {b.create<arith::AddIOp>(loc, half, g0), h, h}});
  return tight;
}

Value GemmPacker::tightPanel(Value packed, Value k0, Value k1, Value cols) {
  Value width = mul(
      mul(b.create<arith::CeilDivSIOp>(loc, cols, index(kLanes)), kLanes), 2);
  Value rows = b.create<arith::CeilDivSIOp>(loc, sub(k1, k0), index(2));
  Type element = cast<MemRefType>(packed.getType()).getElementType();
  return b.create<memref::ReinterpretCastOp>(
      loc, gemmRhsType(element), packed, index(0),
      ValueRange{rows, mul(cols, 2)}, ValueRange{width, index(1)});
}

void GemmPacker::copyPanel(Value sliced, Value k0, Value k1, Value n0,
                           Value cols, bool threaded) {
  Type element = cast<MemRefType>(rhs.getType()).getElementType();
  auto lanesType = VectorType::get({kLanes}, element);
  auto copyRow = [&](Value row) {
    Value from = b.create<arith::AddIOp>(loc, k0, row);
    forColumnVectors(n0, cols, [&](Value j, Value col, Value, Value active) {
      Value lanes = loadLanes(lanesType, rhs, ValueRange{from, col}, active);
      Value slice = b.create<arith::DivUIOp>(loc, j, index(kSliceCols));
      Value inSlice = b.create<arith::RemUIOp>(loc, j, index(kSliceCols));
      storeLanes(widen(lanes), sliced, ValueRange{slice, row, inSlice}, active);
    });
  };
  if (threaded)
    parallelLoop(sub(k1, k0), copyRow);
  else
    loop(index(0), sub(k1, k0), index(1), copyRow);
}

void GemmPacker::packPairs(Value packed, Value k0, Value k1,
                           ArrayRef<ColumnRun> runs) {
  Type bf16 = b.getBF16Type();
  auto half = VectorType::get({kLanes}, bf16);
  auto pairMask = VectorType::get({2 * kLanes}, b.getI1Type());
  Value zero = b.create<arith::ConstantOp>(loc, half, b.getZeroAttr(half));
  SmallVector<int64_t> interleave;
  for (int64_t i = 0; i < kLanes; ++i)
    interleave.append({i, i + kLanes});
  Value pairRows = b.create<arith::CeilDivSIOp>(loc, sub(k1, k0), index(2));
  // One row pair: its two rows (or, past an odd k1, one and zeros)
  // interleaved, 16 columns at a time.
  auto packRowPair = [&](Value p, Value lowRow, Value highRow) {
    for (const ColumnRun &run : runs)
      forColumnVectors(
          run.from, run.count,
          [&](Value j, Value col, Value lanes, Value active) {
            Value low = loadLanes(half, rhs, ValueRange{lowRow, col}, active);
            Value high =
                highRow ? loadLanes(half, rhs, ValueRange{highRow, col}, active)
                        : zero;
            Value both =
                b.create<vector::ShuffleOp>(loc, low, high, interleave);
            Value bothActive;
            if (active)
              bothActive = b.create<vector::CreateMaskOp>(
                  loc, pairMask, ValueRange{mul(lanes, 2)});
            Value at = mul(b.create<arith::AddIOp>(loc, run.at, j), 2);
            storeLanes(both, packed, ValueRange{p, at}, bothActive);
          });
  };
  parallelLoop(pairRows, [&](Value p) {
    Value lowRow = b.create<arith::AddIOp>(loc, k0, mul(p, 2));
    Value highRow = add(lowRow, 1);
    // Decided once per row pair, not per 16 columns.
    auto whole = b.create<scf::IfOp>(
        loc,
        b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, highRow, k1),
        true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(whole.thenBlock());
    packRowPair(p, lowRow, highRow);
    b.setInsertionPointToStart(whole.elseBlock());
    packRowPair(p, lowRow, nullptr);
  });
}

Value GemmPacker::lhsIsTransposed() {
  auto layout = b.create<memref::ExtractStridedMetadataOp>(loc, lhs);
  auto isOne = [&](Value v, arith::CmpIPredicate p) {
    return b.create<arith::CmpIOp>(loc, p, v, index(1));
  };
  return b.create<arith::AndIOp>(
      loc, isOne(layout.getStrides()[0], arith::CmpIPredicate::eq),
      isOne(layout.getStrides()[1], arith::CmpIPredicate::ne));
}

Value GemmPacker::lhsKMajor() { return unitStrideLhs(/*kMajor=*/true); }

Value GemmPacker::unitStrideLhs(bool kMajor) {
  Type element = cast<MemRefType>(lhs.getType()).getElementType();
  auto layout = b.create<memref::ExtractStridedMetadataOp>(loc, lhs);
  auto viewType = MemRefType::get(
      {ShapedType::kDynamic, ShapedType::kDynamic}, element,
      StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic,
                             {ShapedType::kDynamic, 1}));
  int outer = kMajor ? 1 : 0;
  return b.create<memref::ReinterpretCastOp>(
      loc, viewType, layout.getBaseBuffer(), layout.getOffset(),
      ValueRange{layout.getSizes()[outer], layout.getSizes()[1 - outer]},
      ValueRange{layout.getStrides()[outer], index(1)});
}

void GemmPacker::withStripRowReader(
    Value kMajor, Value m0, Value rows,
    function_ref<void(function_ref<Value(Value)>)> copy) {
  Type element = cast<MemRefType>(kMajor.getType()).getElementType();
  auto eight = VectorType::get({8}, element);
  Value zero = b.create<arith::ConstantOp>(loc, eight, b.getZeroAttr(eight));
  Value active = b.create<vector::CreateMaskOp>(
      loc, VectorType::get({8}, b.getI1Type()), ValueRange{rows});
  // Masked loads of rows 194 bytes apart waited longer (512x16384x97t
  // bf16, 1 thread: the packing 12.8 -> 7.7 % of the kernel's samples; 3
  // interleaved rounds: 97x16384x1024t 80.2 -> 82.6 %, 512x1552x3072t
  // 81.6 -> 87.4 %).
  Value inRow = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sle,
                                        add(m0, 8), dim(kMajor, 1));
  auto choice = b.create<scf::IfOp>(loc, inRow, true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(choice.thenBlock());
  copy([&](Value kk) -> Value {
    return b.create<vector::LoadOp>(loc, eight, kMajor, ValueRange{kk, m0});
  });
  b.setInsertionPointToStart(choice.elseBlock());
  copy([&](Value kk) -> Value {
    return b.create<vector::MaskedLoadOp>(loc, eight, kMajor,
                                          ValueRange{kk, m0}, active, zero);
  });
}

// k per pass over the strips in packLhsStrips.
constexpr int64_t kChunkDepth = 8;

void GemmPacker::packLhsStrips(Value kMajor, Value strips, Value s, Value m0,
                               Value m, Value count, Value k0, Value k1) {
  Value flat = flatStrips(strips);
  Value last = add(k1, -1);
  // Strip i of the run: its rows from m0 + 6 i, and how many (<= 6).
  auto stripRows = [&](Value i) {
    Value first = add(m0, mul(i, kTileRows));
    return std::make_pair(first, min(sub(m, first), index(kTileRows)));
  };
  // Whole 8-element stores, each k's last 2 overwritten by the next k's
  // (rows past the strip's: no tile reads them): AVX2's masked store
  // (VMASKMOVPS) is slow on AMD cores (1 thread on Zen 3, % of the host's
  // FMA loop: 768x6208x256t 74 -> 80, 97x16384x512t 72 -> 77). 8 k of all
  // the strips at a time: those 8 rows of A are one contiguous run, read
  // through L1 front to back, and each strip gets 8 k (192 bytes) in a
  // row. One strip at a time over all k read a few elements of each row
  // (388 bytes apart at 97 rows) and waited on L3; all strips per k wrote
  // to as many lines 12 KiB apart, one L1 set. (1 thread on Zen 3, the
  // packing's share of the kernel's samples, bench/gemm_loop_profile.sh:
  // 97x16384x512t 8.5 % a strip at a time, 3.8 % all strips per k, 2-3 %
  // 8 k at a time; 768x6208x256t 11, 15 and 7 %.)
  loop(k0, last, index(kChunkDepth), [&](Value chunk) {
    Value chunkEnd = min(add(chunk, kChunkDepth), last);
    loop(index(0), count, index(1), [&](Value i) {
      auto [first, rows] = stripRows(i);
      Value stripStart = mul(add(s, i), kBlockDepth * kTileRows);
      withStripRowReader(kMajor, first, rows, [&](auto row) {
        loop(chunk, chunkEnd, index(1), [&](Value kk) {
          Value at = mul(sub(kk, k0), kTileRows);
          b.create<vector::StoreOp>(loc, widen(row(kk)), flat,
                                    ValueRange{add(stripStart, at)});
        });
      });
    });
  });
  // The last k stays masked, within its strip.
  Value any = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, k0, k1);
  auto tail = b.create<scf::IfOp>(loc, any);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(tail.thenBlock());
  loop(index(0), count, index(1), [&](Value i) {
    auto [first, rows] = stripRows(i);
    Value active = b.create<vector::CreateMaskOp>(
        loc, VectorType::get({8}, b.getI1Type()), ValueRange{rows});
    withStripRowReader(kMajor, first, rows, [&](auto row) {
      b.create<vector::MaskedStoreOp>(
          loc, strips, ValueRange{add(s, i), sub(last, k0), index(0)}, active,
          widen(row(last)));
    });
  });
}

Value GemmPacker::flatStrips(Value strips) {
  return b.create<memref::CollapseShapeOp>(
      loc, strips, ArrayRef<ReassociationIndices>{{0, 1, 2}});
}

SmallVector<Value> GemmPacker::stripRowVectors(Value rows, Value m0, Value m1,
                                               Value kk, int64_t lanes,
                                               Value active) {
  Type element = cast<MemRefType>(rows.getType()).getElementType();
  auto lanesType = VectorType::get({lanes}, element);
  // A short strip's missing rows repeat its last one: no tile reads them.
  SmallVector<Value> vectors;
  for (int64_t r = 0; r < kTileRows; ++r) {
    Value row = min(add(m0, r), add(m1, -1));
    vectors.push_back(
        widen(loadLanes(lanesType, rows, ValueRange{row, kk}, active)));
  }
  return vectors;
}

void GemmPacker::packLhsRowStrip(Value rows, Value strips, Value s, Value m0,
                                 Value m1, Value k0, Value k1) {
  if (registers == VectorRegisters::YmmPairs)
    return packLhsRowStripByEights(rows, strips, s, m0, m1, k0, k1);
  Value flat = flatStrips(strips);
  Value stripStart = mul(s, kBlockDepth * kTileRows);
  forColumnVectors(
      k0, sub(k1, k0), [&](Value d, Value kk, Value, Value active) {
        SmallVector<Value> block =
            stripRowVectors(rows, m0, m1, kk, kLanes, active);
        // Whole stores: past k1 they write k the tiles do not read, inside
        // the strip (k - k0 < 512 rounds up to a multiple of 16 there).
        Value at = add(stripStart, mul(d, kTileRows));
        for (auto [j, part] : llvm::enumerate(kMajorSixRows(block)))
          b.create<vector::StoreOp>(loc, part, flat,
                                    ValueRange{add(at, j * kLanes)});
      });
}

SmallVector<Value> GemmPacker::kMajorSixRows(ArrayRef<Value> rows) {
  // (r, k) goes to element 6 k + r of the 96. First rows 2g and 2g + 1
  // interleaved, k 0-7 and 8-15 (pairs[g][half]); then output vector j
  // takes its elements from pair groups 0 and 1, then from group 2. Its k
  // are all in one half: vectors 0-2 hold k 0-7, 3-5 k 8-15.
  auto shuffle = [&](Value x, Value y, ArrayRef<int64_t> mask) {
    return b.create<vector::ShuffleOp>(loc, x, y, mask).getResult();
  };
  Value pairs[3][2];
  for (int64_t g = 0; g < 3; ++g)
    for (int64_t half = 0; half < 2; ++half) {
      SmallVector<int64_t> mask;
      for (int64_t i = 0; i < kLanes / 2; ++i)
        mask.append({half * 8 + i, kLanes + half * 8 + i});
      pairs[g][half] = shuffle(rows[2 * g], rows[2 * g + 1], mask);
    }
  SmallVector<Value> parts;
  for (int64_t j = 0; j < kTileRows; ++j) {
    int64_t half = j / 3;
    SmallVector<int64_t> fromFirstTwo, fromLast;
    for (int64_t i = 0; i < kLanes; ++i) {
      int64_t q = j * kLanes + i, k = q / kTileRows, r = q % kTileRows;
      int64_t group = r / 2, lane = 2 * (k % 8) + r % 2;
      fromFirstTwo.push_back(group == 1 ? kLanes + lane : lane);
      fromLast.push_back(group == 2 ? kLanes + lane : i);
    }
    Value firstTwo = shuffle(pairs[0][half], pairs[1][half], fromFirstTwo);
    parts.push_back(shuffle(firstTwo, pairs[2][half], fromLast));
  }
  return parts;
}

void GemmPacker::packLhsRowStripByEights(Value rows, Value strips, Value s,
                                         Value m0, Value m1, Value k0,
                                         Value k1) {
  constexpr int64_t kEight = 8;
  Value flat = flatStrips(strips);
  Value stripStart = mul(s, kBlockDepth * kTileRows);
  // k from k0 + d; `active`: the k left in A's row (null: all 8). Past k1
  // the whole stores write k no tile reads, within the strip (d + 7 < 512).
  auto group = [&](Value d, Value active) {
    SmallVector<Value> parts = kMajorSixRowsByEights(
        stripRowVectors(rows, m0, m1, add(k0, d), kEight, active));
    Value at = add(stripStart, mul(d, kTileRows));
    for (auto [j, part] : llvm::enumerate(parts))
      b.create<vector::StoreOp>(loc, part, flat,
                                ValueRange{add(at, j * kEight)});
  };
  Value depth = sub(k1, k0);
  Value whole = roundDown(index(0), depth, kEight);
  loop(index(0), whole, index(kEight), [&](Value d) { group(d, nullptr); });
  Value rest = sub(depth, whole);
  auto tail = b.create<scf::IfOp>(
      loc,
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sgt, rest, index(0)));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(tail.thenBlock());
  group(whole,
        b.create<vector::CreateMaskOp>(
            loc, VectorType::get({kEight}, b.getI1Type()), ValueRange{rest}));
}

SmallVector<Value> GemmPacker::kMajorSixRowsByEights(ArrayRef<Value> rows) {
  auto shuffle = [&](Value x, Value y, ArrayRef<int64_t> mask) {
    return b.create<vector::ShuffleOp>(loc, x, y, mask).getResult();
  };
  // In-lane patterns (unpcklps/unpckhps, unpcklpd/unpckhpd): each 128-bit
  // half works on its own k, 0-3 in the low half and 4-7 in the high one.
  auto lowSingles = [&](Value x, Value y) {
    return shuffle(x, y, {0, 8, 1, 9, 4, 12, 5, 13});
  };
  auto highSingles = [&](Value x, Value y) {
    return shuffle(x, y, {2, 10, 3, 11, 6, 14, 7, 15});
  };
  auto lowPairs = [&](Value x, Value y) {
    return shuffle(x, y, {0, 1, 8, 9, 4, 5, 12, 13});
  };
  auto highPairs = [&](Value x, Value y) {
    return shuffle(x, y, {2, 3, 10, 11, 6, 7, 14, 15});
  };
  // quad[q]: rows 0-3 of k q (and q + 4); pairs[0] rows 4-5 of k 0 and 1,
  // pairs[1] of k 2 and 3 (and 4 more).
  Value t0 = lowSingles(rows[0], rows[1]), t1 = highSingles(rows[0], rows[1]);
  Value t2 = lowSingles(rows[2], rows[3]), t3 = highSingles(rows[2], rows[3]);
  Value quad[4] = {lowPairs(t0, t2), highPairs(t0, t2), lowPairs(t1, t3),
                   highPairs(t1, t3)};
  Value pairs[2] = {lowSingles(rows[4], rows[5]),
                    highSingles(rows[4], rows[5])};
  // Per half, the 24 elements of its 4 k as 6 runs of 4: k 2p's rows 0-3,
  // then k 2p's rows 4-5 with k 2p + 1's rows 0-1, then k 2p + 1's rows 2-5.
  SmallVector<Value> runs;
  for (int64_t p = 0; p < 2; ++p) {
    runs.push_back(quad[2 * p]);
    runs.push_back(lowPairs(pairs[p], quad[2 * p + 1]));
    runs.push_back(highPairs(quad[2 * p + 1], pairs[p]));
  }
  // Whole vectors: two runs of the low half (k 0-3), then of the high one.
  SmallVector<Value> parts;
  for (int64_t half = 0; half < 2; ++half) {
    int64_t h = 4 * half;
    for (int64_t j = 0; j < 3; ++j)
      parts.push_back(
          shuffle(runs[2 * j], runs[2 * j + 1],
                  {h, h + 1, h + 2, h + 3, h + 8, h + 9, h + 10, h + 11}));
  }
  return parts;
}

void GemmPacker::packLhsPairStrip(Value kMajor, Value strips, Value s, Value m0,
                                  Value m1, Value k0, Value k1) {
  auto eight = VectorType::get({8}, b.getBF16Type());
  Value zero = b.create<arith::ConstantOp>(loc, eight, b.getZeroAttr(eight));
  SmallVector<int64_t> interleave;
  for (int64_t i = 0; i < 8; ++i)
    interleave.append({i, i + 8});
  Value base = mul(s, kPairStripStride);
  Value whole = b.create<arith::DivUIOp>(loc, sub(k1, k0), index(2));
  withStripRowReader(kMajor, m0, sub(m1, m0), [&](auto row) {
    // Pair p: rows k0 + 2p and the next (zero past an odd k1), interleaved.
    auto store = [&](Value p, Value low, Value high) {
      Value both = b.create<vector::ShuffleOp>(loc, low, high, interleave);
      Value at = b.create<arith::AddIOp>(loc, base, mul(p, 2 * kTileRows));
      // A whole 16-element store, not a masked one: pairs go up, so the 4
      // past this pair's 12 are written again by the next one (the last
      // pair's land in the stride's padding), and a short strip's rows
      // past m1 are never read. (trm-bench-gemm bf16, 1 thread:
      // 512x16384x97t 78.4 -> 80.8 %, 97x16384x1024t 80.3 -> 81.4 %.)
      b.create<vector::StoreOp>(loc, both, strips, ValueRange{at});
    };
    loop(index(0), whole, index(1), [&](Value p) {
      Value lowRow = b.create<arith::AddIOp>(loc, k0, mul(p, 2));
      store(p, row(lowRow), row(add(lowRow, 1)));
    });
    Value last = b.create<arith::AddIOp>(loc, k0, mul(whole, 2));
    auto odd = b.create<scf::IfOp>(
        loc, b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, last, k1));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(odd.thenBlock());
    store(whole, row(last), zero);
  });
}

Value GemmPacker::lhsWithUnitRows() { return unitStrideLhs(/*kMajor=*/false); }

Value GemmPacker::lhsStripView(Value strips, Value s) {
  auto stripsType = cast<MemRefType>(strips.getType());
  auto rowsType = memref::SubViewOp::inferRankReducedResultType(
      {kBlockDepth, kTileRows}, stripsType,
      ArrayRef<int64_t>{ShapedType::kDynamic, 0, 0},
      ArrayRef<int64_t>{1, kBlockDepth, kTileRows}, ArrayRef<int64_t>{1, 1, 1});
  Value rows = b.create<memref::SubViewOp>(
      loc, cast<MemRefType>(rowsType), strips,
      ArrayRef<OpFoldResult>{s, b.getIndexAttr(0), b.getIndexAttr(0)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(kBlockDepth),
                             b.getIndexAttr(kTileRows)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1),
                             b.getIndexAttr(1)});
  // Static strides: the tiles' addresses of A need no multiply by a
  // stride read at run time.
  return b.create<memref::TransposeOp>(
      loc, rows,
      AffineMapAttr::get(AffineMap::getPermutationMap(ArrayRef<unsigned>{1, 0},
                                                      b.getContext())));
}

} // namespace trm::cpu
