//===- GemmAmxPacking.cpp - the AMX kernel's operand copies ---------------===//
#include "backends/cpu/GemmAmxImpl.h"
#include "backends/cpu/VectorTranspose.h"

using namespace mlir;

namespace trm::cpu::amx_gemm {

Value AmxGemmEmitter::tileView(Value matrix, Value rows, Value rowStride) {
  auto meta = b.create<memref::ExtractStridedMetadataOp>(loc, matrix);
  Type element = cast<MemRefType>(matrix.getType()).getElementType();
  return b.create<memref::ReinterpretCastOp>(
      loc, element.isBF16() ? bf16RowsView : rowsView, meta.getBaseBuffer(),
      meta.getOffset(), ValueRange{rows, rowStride},
      ValueRange{rowStride, index(1)});
}

void AmxGemmEmitter::packLhs(Value packed, Value k0, Value depth, Value inPlace,
                             Value steps) {
  Value blocks = ceilDiv(m, kBlock);
  auto byLayout = b.create<scf::IfOp>(loc, lhsRowMajor, /*withElse=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(byLayout.thenBlock());
  parallelLoop(blocks, [&](Value block) {
    Value whole =
        cmp(arith::CmpIPredicate::ule, add(mul(block, kBlock), kBlock), m);
    ifThen(negate(b.create<arith::AndIOp>(loc, inPlace, whole)),
           [&] { packLhsRows(packed, block, k0, depth, steps); });
  });
  b.setInsertionPointToStart(byLayout.elseBlock());
  parallelLoop(blocks, [&](Value block) {
    packLhsTransposed(packed, block, k0, depth, steps);
  });
}

void AmxGemmEmitter::packLhsRows(Value packed, Value block, Value k0,
                                 Value depth, Value steps) {
  auto lanes = VectorType::get({kStepDepth}, b.getBF16Type());
  auto maskType = VectorType::get({kStepDepth}, b.getI1Type());
  Value zero = b.create<arith::ConstantOp>(loc, lanes, b.getZeroAttr(lanes));
  Value row0 = mul(block, kBlock);
  loop(index(0), index(kBlock), index(1), [&](Value r) {
    Value row = add(row0, r);
    Value inA = cmp(arith::CmpIPredicate::ult, row, m);
    // Rows past M: zeros (a mask of none), read from row 0.
    Value from = b.create<arith::SelectOp>(loc, inA, row, index(0));
    loop(index(0), mul(steps, kStepDepth), index(kStepDepth), [&](Value d) {
      Value count =
          b.create<arith::SelectOp>(loc, inA, sub(depth, d), index(0));
      Value mask = b.create<vector::CreateMaskOp>(
          loc, maskType, clampedLanes(count, kStepDepth));
      Value v = b.create<vector::MaskedLoadOp>(
          loc, lanes, lhsRows, ValueRange{from, add(k0, d)}, mask, zero);
      Value at = add(mul(block, kPackedBlockRows), add(d, r));
      b.create<vector::StoreOp>(loc, v, packed, ValueRange{at, index(0)});
    });
  });
}

void AmxGemmEmitter::packLhsTransposed(Value packed, Value block, Value k0,
                                       Value depth, Value steps) {
  auto lanes = VectorType::get({kBlock}, b.getBF16Type());
  auto maskType = VectorType::get({kBlock}, b.getI1Type());
  auto words = VectorType::get({kBlock}, b.getI32Type());
  auto tileRow = VectorType::get({kStepDepth}, b.getBF16Type());
  Value zero = b.create<arith::ConstantOp>(loc, lanes, b.getZeroAttr(lanes));
  Value row0 = mul(block, kBlock);
  Value rows = clampedLanes(sub(m, row0), kBlock);
  SmallVector<int64_t> interleave, lowHalf, highHalf;
  for (int64_t i = 0; i < kBlock; ++i)
    interleave.append({i, i + kBlock});
  for (int64_t i = 0; i < kLanes; ++i) {
    lowHalf.push_back(i);
    highHalf.push_back(i + kLanes);
  }
  // A's k-major row k0 + d, its rows past M (and all of it past depth)
  // zero; read from row k0 when past depth.
  auto kRow = [&](Value d) {
    Value inDepth = cmp(arith::CmpIPredicate::ult, d, depth);
    Value count = b.create<arith::SelectOp>(loc, inDepth, rows, index(0));
    Value mask = b.create<vector::CreateMaskOp>(loc, maskType, count);
    Value from = b.create<arith::SelectOp>(loc, inDepth, add(k0, d), k0);
    return b.create<vector::MaskedLoadOp>(loc, lanes, lhsKMajor,
                                          ValueRange{from, row0}, mask, zero);
  };
  loop(index(0), steps, index(1), [&](Value step) {
    Value d0 = mul(step, kStepDepth);
    SmallVector<Value> low, high; // rows 0-15 and 16-31, per k pair
    for (int64_t pair = 0; pair < kStepDepth / 2; ++pair) {
      Value d = add(d0, 2 * pair);
      Value both = b.create<vector::ShuffleOp>(loc, kRow(d), kRow(add(d, 1)),
                                               interleave);
      Value asWords = b.create<vector::BitCastOp>(loc, words, both);
      low.push_back(
          b.create<vector::ShuffleOp>(loc, asWords, asWords, lowHalf));
      high.push_back(
          b.create<vector::ShuffleOp>(loc, asWords, asWords, highHalf));
    }
    transposeSixteenBySixteen(b, loc, low);
    transposeSixteenBySixteen(b, loc, high);
    Value stepRow = add(mul(block, kPackedBlockRows), mul(step, kBlock));
    for (int64_t r = 0; r < kBlock; ++r) {
      Value row = r < kLanes ? low[r] : high[r - kLanes];
      b.create<vector::StoreOp>(loc,
                                b.create<vector::BitCastOp>(loc, tileRow, row),
                                packed, ValueRange{add(stepRow, r), index(0)});
    }
  });
}

void AmxGemmEmitter::packRhsPanel(Value packed, Value k0, Value depth,
                                  Value steps, Value n0, Value cols) {
  auto half = VectorType::get({kLanes}, b.getBF16Type());
  auto maskType = VectorType::get({kLanes}, b.getI1Type());
  Value zero = b.create<arith::ConstantOp>(loc, half, b.getZeroAttr(half));
  SmallVector<int64_t> interleave;
  for (int64_t i = 0; i < kLanes; ++i)
    interleave.append({i, i + kLanes});
  Value width = mul(ceilDiv(cols, kBlock), kBlock);
  // B's row d of the panel, 16 columns from j: zeros past depth (masked
  // off, read from row k0) and past the panel's columns.
  auto rowLanes = [&](Value d, Value j) {
    Value inDepth = cmp(arith::CmpIPredicate::ult, d, depth);
    Value count =
        b.create<arith::SelectOp>(loc, inDepth, sub(cols, j), index(0));
    Value mask = b.create<vector::CreateMaskOp>(loc, maskType,
                                                clampedLanes(count, kLanes));
    Value row = b.create<arith::SelectOp>(loc, inDepth, add(k0, d), k0);
    return b.create<vector::MaskedLoadOp>(
        loc, half, bMatrix, ValueRange{row, rhsColumn(add(n0, j))}, mask, zero);
  };
  // The 16 columns from j of B's rows k0 + low and k0 + low + 1,
  // interleaved, into their place: tile j / 16 of the panel's, 16 rows
  // further per tile, plus the other steps' 480 rows per column block.
  auto storePairs = [&](Value stepRow, Value j, Value low, Value high) {
    Value pairs = b.create<vector::ShuffleOp>(loc, low, high, interleave);
    Value tile = b.create<arith::DivUIOp>(loc, j, index(kLanes));
    Value colBlock = b.create<arith::DivUIOp>(loc, j, index(kBlock));
    Value at = add(stepRow, add(mul(tile, kTileRows),
                                mul(colBlock, kPackedBlockRows - kBlock)));
    b.create<vector::StoreOp>(loc, pairs, packed, ValueRange{at, index(0)});
  };
  loop(index(0), mul(steps, kStepDepth / 2), index(1), [&](Value p) {
    Value low = mul(p, 2);
    // Row q of step s's tiles: 32 s + q (p = 16 s + q).
    Value step = b.create<arith::DivUIOp>(loc, p, index(kTileRows));
    Value stepRow = add(mul(step, kBlock),
                        b.create<arith::RemUIOp>(loc, p, index(kTileRows)));
    auto masked = [&](Value from) {
      loop(from, width, index(kLanes), [&](Value j) {
        storePairs(stepRow, j, rowLanes(low, j), rowLanes(add(low, 1), j));
      });
    };
    // Both rows within depth (decided once per pair): whole vectors as
    // plain loads, the masked ones only past the last whole 16 columns.
    // (Masks computed per 16 columns took 44 % of 97x16384x1024t's
    // samples before runs of row blocks packed B once.)
    auto both = b.create<scf::IfOp>(
        loc, cmp(arith::CmpIPredicate::ult, add(low, 1), depth), true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(both.thenBlock());
    Value wholeCols = roundDown(index(0), cols, kLanes);
    Value lowRow = add(k0, low), highRow = add(lowRow, 1);
    loop(index(0), wholeCols, index(kLanes), [&](Value j) {
      Value col = rhsColumn(add(n0, j));
      storePairs(
          stepRow, j,
          b.create<vector::LoadOp>(loc, half, bMatrix, ValueRange{lowRow, col}),
          b.create<vector::LoadOp>(loc, half, bMatrix,
                                   ValueRange{highRow, col}));
    });
    masked(wholeCols);
    b.setInsertionPointToStart(both.elseBlock());
    masked(index(0));
  });
}

} // namespace trm::cpu::amx_gemm
