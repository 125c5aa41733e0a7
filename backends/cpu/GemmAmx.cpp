//===- GemmAmx.cpp - the bf16 GEMM kernel on AMX tiles --------------------===//
#include "backends/cpu/GemmAmx.h"
#include "backends/cpu/GemmEpilogue.h"
#include "backends/cpu/GemmStreaming.h"
#include "backends/cpu/GemmStripEpilogue.h"
#include "backends/cpu/VectorTranspose.h"
#include "runtime/exec/AmxTiles.h"

#include "mlir/Dialect/AMX/AMXDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;

namespace trm::cpu {
namespace {

constexpr int64_t kTileRows = 16;  // a tile: 16 rows of 64 bytes
constexpr int64_t kBlock = 32;     // a block of C: 2 x 2 tiles
constexpr int64_t kStepDepth = 32; // the k of one TDPBF16PS
constexpr int64_t kMaxSteps = 16;  // steps per depth block:
constexpr int64_t kBlockDepth = kMaxSteps * kStepDepth; // 512 k
constexpr int64_t kPanelCols = 256;                     // B's columns per panel
/// Rows of a packed operand per block of 32 rows (A) or columns (B): its
/// tiles one after the other, each 16 rows of 64 bytes, step by step. A
/// tile's rows a whole row of A's or B's block apart (1 KiB) measured 1431
/// GFLOP/s on one core in L1; contiguous ones 1830 (2026-12-08).
constexpr int64_t kPackedBlockRows = kMaxSteps * kBlock;
/// Items (panel, run of row blocks) per thread and depth block: enough
/// for the threads to end together when the panels are few; but no run
/// shorter than kMinRunBlocks row blocks while there are panels for every
/// thread, since each run packs its panel of B (with 97 rows, runs of 2
/// blocks spent 44 % of 97x16384x1024t's samples packing B).
constexpr int64_t kItemsPerThread = 4;
constexpr int64_t kMinRunBlocks = 8;
/// The deepest product whose large C is streamed (see emitBlock).
constexpr int64_t kMaxStreamedDepth = 128;

/// The k steps a block's code is unrolled for: a depth block's steps are
/// rounded up to one of these (zeros padding the rest), so that a 97-deep
/// product pays for 128, not 512.
constexpr int64_t kStepVariants[] = {1, 2, 4, 8, kMaxSteps};

class AmxGemmEmitter : public KernelBuilder {
public:
  AmxGemmEmitter(OpBuilder &b, Location loc, Value a, Value bm, Value c,
                 Value product, Value overwrite, const GemmEpilogue *epilogue)
      : KernelBuilder(b, loc), a(a), bMatrix(bm), c(c), product(product),
        overwrite(overwrite), epilogue(epilogue) {
    MLIRContext *ctx = b.getContext();
    Type bf16 = BFloat16Type::get(ctx), f32 = Float32Type::get(ctx);
    operandTile = VectorType::get({kTileRows, 2 * kTileRows}, bf16);
    resultTile = VectorType::get({kTileRows, kTileRows}, f32);
    int64_t dyn = ShapedType::kDynamic;
    auto unitRows = StridedLayoutAttr::get(ctx, dyn, {dyn, 1});
    rowsView = MemRefType::get({dyn, dyn}, f32, unitRows);
    bf16RowsView = MemRefType::get({dyn, dyn}, bf16, unitRows);
    epilogueBuffer = MemRefType::get({kBlock, 2 * kBlock}, f32);
  }

  void emit();

private:
  /// `matrix` (unit-stride rows) as a view of `rows` rows whose last size
  /// is its row stride: the AMX lowering takes a tile's row stride from
  /// the last size, not the stride.
  Value tileView(Value matrix, Value rows, Value rowStride);

  /// A view of A with unit-stride rows: A itself when `kMajor` is false,
  /// else the k x rows matrix a transposed A is.
  Value unitStrideLhs(bool kMajor);

  /// packed[512 b + 32 s + r, d] = A[32 b + r, k0 + 32 s + d] (step s's
  /// two tiles of row block b, one after the other) for 32 s + d < depth,
  /// zero up to the block's `steps` k steps and on the rows past M; threads
  /// split the row blocks.
  void packLhs(Value packed, Value k0, Value depth, Value steps);

  /// Row block `block` of packLhs from A's unit-stride rows.
  void packLhsRows(Value packed, Value block, Value k0, Value depth,
                   Value steps);

  /// Row block `block` of packLhs from a transposed A, 32 k at a time: per
  /// k pair, A's two k-major rows (32 of its rows each) interleaved into 32
  /// (row, pair) words, the 16 pairs' words transposed by halves of 16 rows
  /// (VectorTranspose.h) into the step's tile rows. (Scattering element by
  /// element took 60 % of bf16 768x6208x256t's samples.)
  void packLhsTransposed(Value packed, Value block, Value k0, Value depth,
                         Value steps);

  /// TDPBF16PS's layout of B's panel, k pairs interleaved, tile after tile:
  /// packed[512 c + 32 s + 16 t + q, 2 j + h] = B[k0 + 32 s + 2 q + h,
  /// n0 + 32 c + 16 t + j] (tile t of step s of column block c), zero past
  /// `depth` and `cols` up to the block's steps and whole column blocks.
  void packRhsPanel(Value packed, Value k0, Value depth, Value steps, Value n0,
                    Value cols);

  /// B's column for the panels' column `col`: itself, or, gated, per 64
  /// columns 32 of B's left half (gate) then the same 32 of its right half
  /// (up), as StripEpilogue reads them.
  Value rhsColumn(Value col);

  /// The 32 x 32 block of C at (`row`, `col`), from packed A's row `row`
  /// and the panel's column `panelCol`: on C itself when whole, else
  /// through `scratch` (32 x 32), copied in and out masked.
  void emitBlock(Value lhsPacked, Value rhsPacked, Value row, Value col,
                 Value panelCol, Value steps, Value fresh, Value scratch);

  /// With an epilogue: the blocks of P at (`row`, the panel's `panelCol`)
  /// whose f one call of the strip epilogue applies (gated: the gate block
  /// and its up block), into `buffer` (epilogueBuffer), then f.
  void emitEpilogueBlocks(Value lhsPacked, Value rhsPacked, Value row,
                          Value col, Value panelCol, Value steps, Value buffer);

  /// The block's tiles over the `steps` k steps (a runtime choice among
  /// kStepVariants) at target[(r0, c0) + ...], started at zero when
  /// `fresh`, else from target.
  void emitTiles(Value lhsPacked, Value rhsPacked, Value row, Value panelCol,
                 Value steps, Value fresh, Value target, Value r0, Value c0);

  /// The block's tiles over `steps` k steps at target[(r0, c0) + ...]:
  /// started at zero when `fresh`, else loaded; then stored.
  void emitSteps(int64_t steps, bool fresh, Value lhsPacked, Value rhsPacked,
                 Value row, Value panelCol, Value target, Value r0, Value c0);

  /// Copies the rows x cols corner of a 32 x 32 block between C at (row,
  /// col) and `scratch`: into scratch when `in`, else back.
  void copyCorner(Value scratch, Value row, Value col, bool in);

  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return b.create<arith::CmpIOp>(loc, p, x, y);
  }
  Value ceilDiv(Value x, int64_t d) {
    return b.create<arith::CeilDivUIOp>(loc, x, index(d));
  }
  Value clampedLanes(Value count, int64_t lanes) {
    return b.create<arith::MaxSIOp>(loc, index(0), min(count, index(lanes)));
  }
  void ifThen(Value condition, llvm::function_ref<void()> body) {
    auto op = b.create<scf::IfOp>(loc, condition);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(op.thenBlock());
    body();
  }

  Value a, bMatrix, c, product, overwrite;
  const GemmEpilogue *epilogue;
  std::optional<StripEpilogue> strip;       // with an epilogue
  std::optional<StreamingStores> streaming; // without
  Value streamsShallow;      // C streamed: enabled, K <= kMaxStreamedDepth
  MemRefType epilogueBuffer; // a block's (gated: two blocks') P
  Value m, n, k;
  Value cView; // C for tile loads and stores (tileView)
  VectorType operandTile, resultTile;
  MemRefType rowsView, bf16RowsView;
};

Value AmxGemmEmitter::tileView(Value matrix, Value rows, Value rowStride) {
  auto meta = b.create<memref::ExtractStridedMetadataOp>(loc, matrix);
  Type element = cast<MemRefType>(matrix.getType()).getElementType();
  return b.create<memref::ReinterpretCastOp>(
      loc, element.isBF16() ? bf16RowsView : rowsView, meta.getBaseBuffer(),
      meta.getOffset(), ValueRange{rows, rowStride},
      ValueRange{rowStride, index(1)});
}

Value AmxGemmEmitter::unitStrideLhs(bool kMajor) {
  auto meta = b.create<memref::ExtractStridedMetadataOp>(loc, a);
  Value rows = meta.getSizes()[kMajor ? 1 : 0];
  Value cols = meta.getSizes()[kMajor ? 0 : 1];
  Value stride = meta.getStrides()[kMajor ? 1 : 0];
  return b.create<memref::ReinterpretCastOp>(
      loc, bf16RowsView, meta.getBaseBuffer(), meta.getOffset(),
      ValueRange{rows, cols}, ValueRange{stride, index(1)});
}

void AmxGemmEmitter::packLhs(Value packed, Value k0, Value depth, Value steps) {
  Value innerStride =
      b.create<memref::ExtractStridedMetadataOp>(loc, a).getStrides()[1];
  Value rowMajor = cmp(arith::CmpIPredicate::eq, innerStride, index(1));
  Value blocks = ceilDiv(m, kBlock);
  auto byLayout = b.create<scf::IfOp>(loc, rowMajor, /*withElse=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(byLayout.thenBlock());
  parallelLoop(blocks, [&](Value block) {
    packLhsRows(packed, block, k0, depth, steps);
  });
  b.setInsertionPointToStart(byLayout.elseBlock());
  parallelLoop(blocks, [&](Value block) {
    packLhsTransposed(packed, block, k0, depth, steps);
  });
}

void AmxGemmEmitter::packLhsRows(Value packed, Value block, Value k0,
                                 Value depth, Value steps) {
  Value rows = unitStrideLhs(/*kMajor=*/false);
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
          loc, lanes, rows, ValueRange{from, add(k0, d)}, mask, zero);
      Value at = add(mul(block, kPackedBlockRows), add(d, r));
      b.create<vector::StoreOp>(loc, v, packed, ValueRange{at, index(0)});
    });
  });
}

void AmxGemmEmitter::packLhsTransposed(Value packed, Value block, Value k0,
                                       Value depth, Value steps) {
  Value kMajor = unitStrideLhs(/*kMajor=*/true);
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
    return b.create<vector::MaskedLoadOp>(loc, lanes, kMajor,
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
  loop(index(0), mul(steps, kStepDepth / 2), index(1), [&](Value p) {
    Value low = mul(p, 2);
    // Row q of step s's tiles: 32 s + q (p = 16 s + q).
    Value step = b.create<arith::DivUIOp>(loc, p, index(kTileRows));
    Value stepRow = add(mul(step, kBlock),
                        b.create<arith::RemUIOp>(loc, p, index(kTileRows)));
    loop(index(0), width, index(kLanes), [&](Value j) {
      Value pairs = b.create<vector::ShuffleOp>(
          loc, rowLanes(low, j), rowLanes(add(low, 1), j), interleave);
      // Columns j.. are tile j / 16 of the panel's: 16 rows further per
      // tile, plus the other steps' 480 rows per column block (j / 32).
      Value tile = b.create<arith::DivUIOp>(loc, j, index(kLanes));
      Value colBlock = b.create<arith::DivUIOp>(loc, j, index(kBlock));
      Value at = add(stepRow, add(mul(tile, kTileRows),
                                  mul(colBlock, kPackedBlockRows - kBlock)));
      b.create<vector::StoreOp>(loc, pairs, packed, ValueRange{at, index(0)});
    });
  });
}

void AmxGemmEmitter::copyCorner(Value scratch, Value row, Value col, bool in) {
  auto lanes = VectorType::get({kLanes}, b.getF32Type());
  auto maskType = VectorType::get({kLanes}, b.getI1Type());
  Value rows = min(sub(m, row), index(kBlock));
  loop(index(0), rows, index(1), [&](Value r) {
    for (int64_t h = 0; h < kBlock / kLanes; ++h) {
      Value j = index(h * kLanes);
      Value mask = b.create<vector::CreateMaskOp>(
          loc, maskType,
          clampedLanes(sub(sub(n, col), index(h * kLanes)), kLanes));
      Value inC[] = {add(row, r), add(col, j)}, inScratch[] = {r, j};
      if (in) {
        Value zero =
            b.create<arith::ConstantOp>(loc, lanes, b.getZeroAttr(lanes));
        Value v =
            b.create<vector::MaskedLoadOp>(loc, lanes, c, inC, mask, zero);
        b.create<vector::StoreOp>(loc, v, scratch, inScratch);
      } else {
        Value v = b.create<vector::LoadOp>(loc, lanes, scratch, inScratch);
        b.create<vector::MaskedStoreOp>(loc, c, inC, mask, v);
      }
    }
  });
}

void AmxGemmEmitter::emitSteps(int64_t steps, bool fresh, Value lhsPacked,
                               Value rhsPacked, Value row, Value panelCol,
                               Value target, Value r0, Value c0) {
  Value tiles[4];
  auto at = [&](int64_t t) {
    return SmallVector<Value, 2>{add(r0, (t / 2) * kTileRows),
                                 add(c0, (t % 2) * kTileRows)};
  };
  for (int64_t t = 0; t < 4; ++t)
    tiles[t] = fresh ? b.create<amx::TileZeroOp>(loc, resultTile).getResult()
                     : b.create<amx::TileLoadOp>(loc, resultTile, target, at(t))
                           .getResult();
  // Row and column blocks start kPackedBlockRows rows apart in the packed
  // copies: at 16 x the block's first row or column.
  Value lhsRow = mul(row, kPackedBlockRows / kBlock);
  Value rhsRow = mul(panelCol, kPackedBlockRows / kBlock);
  for (int64_t s = 0; s < steps; ++s) {
    Value lhs[2], rhs[2];
    for (int64_t h = 0; h < 2; ++h) {
      int64_t tileRow = s * kBlock + h * kTileRows;
      lhs[h] =
          b.create<amx::TileLoadOp>(loc, operandTile, lhsPacked,
                                    ValueRange{add(lhsRow, tileRow), index(0)});
      rhs[h] =
          b.create<amx::TileLoadOp>(loc, operandTile, rhsPacked,
                                    ValueRange{add(rhsRow, tileRow), index(0)});
    }
    for (int64_t t = 0; t < 4; ++t)
      tiles[t] = b.create<amx::TileMulFOp>(loc, resultTile, lhs[t / 2],
                                           rhs[t % 2], tiles[t]);
  }
  for (int64_t t = 0; t < 4; ++t)
    b.create<amx::TileStoreOp>(loc, target, at(t), tiles[t]);
}

void AmxGemmEmitter::emitBlock(Value lhsPacked, Value rhsPacked, Value row,
                               Value col, Value panelCol, Value steps,
                               Value fresh, Value scratch) {
  Value whole = b.create<arith::AndIOp>(
      loc, cmp(arith::CmpIPredicate::ule, add(row, kBlock), m),
      cmp(arith::CmpIPredicate::ule, add(col, kBlock), n));
  Value partial = negate(whole);
  ifThen(b.create<arith::AndIOp>(loc, partial, negate(fresh)),
         [&] { copyCorner(scratch, row, col, /*in=*/true); });
  // A streamed C (GemmStreaming.h: overwritten in one depth block, large)
  // of a shallow product gets whole blocks through the scratch too, then
  // non-temporal stores: tile stores would read each of C's lines from
  // memory first. Deeper blocks compute long enough to hide that, and the
  // copy cost more than it saved (1 thread, % of the host's AMX rate, 3
  // interleaved rounds: 8192x97x1024 14.6 -> 17.1, but 6208x256x1536
  // 32.7 -> 28.8 and 1552x512x3072 29.2 -> 25.2).
  Value streamed = b.create<arith::AndIOp>(loc, whole, streamsShallow);
  Value direct = b.create<arith::AndIOp>(loc, whole, negate(streamed));
  Value target = b.create<arith::SelectOp>(loc, direct, cView, scratch);
  Value r0 = b.create<arith::SelectOp>(loc, direct, row, index(0));
  Value c0 = b.create<arith::SelectOp>(loc, direct, col, index(0));
  emitTiles(lhsPacked, rhsPacked, row, panelCol, steps, fresh, target, r0, c0);
  ifThen(partial, [&] { copyCorner(scratch, row, col, /*in=*/false); });
  ifThen(streamed, [&] {
    auto lanes = VectorType::get({kLanes}, b.getF32Type());
    for (int64_t r = 0; r < kBlock; ++r)
      for (int64_t j = 0; j < kBlock; j += kLanes) {
        Value v = b.create<vector::LoadOp>(loc, lanes, scratch,
                                           ValueRange{index(r), index(j)});
        streaming->store(v, add(row, r), add(col, j));
      }
  });
}

Value AmxGemmEmitter::rhsColumn(Value col) {
  if (!epilogue || !epilogue->gated)
    return col;
  Value group = b.create<arith::DivUIOp>(loc, col, index(2 * kBlock));
  Value inGroup = b.create<arith::RemUIOp>(loc, col, index(2 * kBlock));
  Value up = cmp(arith::CmpIPredicate::uge, inGroup, index(kBlock));
  Value half = b.create<arith::DivUIOp>(loc, n, index(2));
  Value first = b.create<arith::SelectOp>(loc, up, half, index(0));
  Value inBlock = b.create<arith::RemUIOp>(loc, inGroup, index(kBlock));
  return add(first, add(mul(group, kBlock), inBlock));
}

void AmxGemmEmitter::emitEpilogueBlocks(Value lhsPacked, Value rhsPacked,
                                        Value row, Value col, Value panelCol,
                                        Value steps, Value buffer) {
  Value target = b.create<memref::CastOp>(loc, rowsView, buffer);
  int64_t blocks = epilogue->gated ? 2 : 1;
  for (int64_t i = 0; i < blocks; ++i)
    emitTiles(lhsPacked, rhsPacked, row, add(panelCol, i * kBlock), steps,
              trueValue(), target, index(0), index(i * kBlock));
  strip->emitCall(buffer, row, min(add(row, kBlock), m), col,
                  min(add(col, blocks * kBlock), n));
}

void AmxGemmEmitter::emitTiles(Value lhsPacked, Value rhsPacked, Value row,
                               Value panelCol, Value steps, Value fresh,
                               Value target, Value r0, Value c0) {
  SmallVector<int64_t> cases(std::begin(kStepVariants),
                             std::end(kStepVariants) - 1);
  auto byDepth = b.create<scf::IndexSwitchOp>(loc, TypeRange{}, steps, cases,
                                              cases.size());
  auto fill = [&](Region &region, int64_t variant) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&region.emplaceBlock());
    auto byStart = b.create<scf::IfOp>(loc, fresh, /*withElse=*/true);
    for (bool start : {true, false}) {
      b.setInsertionPointToStart(start ? byStart.thenBlock()
                                       : byStart.elseBlock());
      emitSteps(variant, start, lhsPacked, rhsPacked, row, panelCol, target, r0,
                c0);
    }
    b.setInsertionPointToEnd(&region.front());
    b.create<scf::YieldOp>(loc);
  };
  for (auto [i, variant] : llvm::enumerate(cases))
    fill(byDepth.getCaseRegions()[i], variant);
  fill(byDepth.getDefaultRegion(), kMaxSteps);
}

void AmxGemmEmitter::emit() {
  m = dim(a, 0);
  k = dim(a, 1);
  n = dim(bMatrix, 1);
  Value threads = maxThreads();
  if (epilogue) {
    // C is H (P goes through a block buffer); the product is one depth
    // block, always overwritten.
    strip.emplace(b, loc, *epilogue, c, product, epilogueBuffer);
    overwrite = trueValue();
  } else {
    Value cStride =
        b.create<memref::ExtractStridedMetadataOp>(loc, c).getStrides()[0];
    cView = tileView(c, m, cStride);
    streaming.emplace(b, loc, c, overwrite, k);
    streamsShallow = b.create<arith::AndIOp>(
        loc, streaming->enabled(),
        cmp(arith::CmpIPredicate::ule, k, index(kMaxStreamedDepth)));
  }
  Value rowBlocks = ceilDiv(m, kBlock);
  auto packedType =
      MemRefType::get({ShapedType::kDynamic, kStepDepth}, b.getBF16Type());
  Value lhsPacked = b.create<memref::AllocOp>(
      loc, packedType, ValueRange{mul(rowBlocks, kPackedBlockRows)},
      b.getI64IntegerAttr(64));
  Value panels = ceilDiv(n, kPanelCols);
  // Runs of row blocks per panel: enough items for every thread, runs of
  // kMinRunBlocks or more unless the panels are fewer than the threads.
  Value wanted =
      b.create<arith::CeilDivUIOp>(loc, mul(threads, kItemsPerThread), panels);
  Value longRuns = b.create<arith::MaxSIOp>(
      loc, b.create<arith::DivUIOp>(loc, rowBlocks, index(kMinRunBlocks)),
      b.create<arith::CeilDivUIOp>(loc, threads, panels));
  Value runs = b.create<arith::MaxSIOp>(loc, index(1),
                                        min(rowBlocks, min(wanted, longRuns)));
  Value runBlocks = b.create<arith::CeilDivUIOp>(loc, rowBlocks, runs);
  runs = b.create<arith::CeilDivUIOp>(loc, rowBlocks, runBlocks);
  // At least one depth block: with K = 0 it makes C (or P) zero.
  Value depthBlocks =
      b.create<arith::MaxSIOp>(loc, index(1), ceilDiv(k, kBlockDepth));
  loop(index(0), depthBlocks, index(1), [&](Value d) {
    Value k0 = mul(d, kBlockDepth);
    Value depth = min(sub(k, k0), index(kBlockDepth));
    Value stepsNeeded = ceilDiv(depth, kStepDepth);
    Value steps = index(kMaxSteps);
    for (int64_t variant : llvm::reverse(ArrayRef(kStepVariants).drop_back()))
      steps = b.create<arith::SelectOp>(
          loc, cmp(arith::CmpIPredicate::ule, stepsNeeded, index(variant)),
          index(variant), steps);
    Value fresh = b.create<arith::AndIOp>(
        loc, overwrite, cmp(arith::CmpIPredicate::eq, d, index(0)));
    packLhs(lhsPacked, k0, depth, steps);
    parallelLoop(b.create<arith::MulIOp>(loc, panels, runs), [&](Value item) {
      Value panel = b.create<arith::DivUIOp>(loc, item, runs);
      Value run = b.create<arith::RemUIOp>(loc, item, runs);
      Value n0 = mul(panel, kPanelCols);
      Value cols = min(sub(n, n0), index(kPanelCols));
      auto panelType =
          MemRefType::get({kPanelCols / kBlock * kPackedBlockRows, kStepDepth},
                          b.getBF16Type());
      withStackBuffer(panelType, [&](Value rhsPacked) {
        packRhsPanel(rhsPacked, k0, depth, steps, n0, cols);
        Value first = b.create<arith::MulIOp>(loc, run, runBlocks);
        Value last = min(add(first, runBlocks), rowBlocks);
        if (epilogue) {
          withStackBuffer(epilogueBuffer, [&](Value buffer) {
            int64_t width = epilogue->gated ? 2 * kBlock : kBlock;
            loop(first, last, index(1), [&](Value block) {
              Value row = mul(block, kBlock);
              loop(index(0), cols, index(width), [&](Value panelCol) {
                emitEpilogueBlocks(lhsPacked, rhsPacked, row, add(n0, panelCol),
                                   panelCol, steps, buffer);
              });
            });
          });
          return;
        }
        auto scratchType = MemRefType::get({kBlock, kBlock}, b.getF32Type());
        withStackBuffer(scratchType, [&](Value scratch) {
          Value scratchView = b.create<memref::CastOp>(loc, rowsView, scratch);
          loop(first, last, index(1), [&](Value block) {
            Value row = mul(block, kBlock);
            loop(index(0), cols, index(kBlock), [&](Value panelCol) {
              emitBlock(lhsPacked, rhsPacked, row, add(n0, panelCol), panelCol,
                        steps, fresh, scratchView);
            });
          });
        });
      });
    });
  });
  b.create<memref::DeallocOp>(loc, lhsPacked);
}

} // namespace

void emitAmxGemmLoops(OpBuilder &b, Location loc, Value a, Value bm, Value c,
                      Value product, Value overwrite,
                      const GemmEpilogue *epilogue) {
  AmxGemmEmitter(b, loc, a, bm, c, product, overwrite, epilogue).emit();
}

void markUsesAmxTiles(ModuleOp module) {
  if (module.lookupSymbol(::trm::kAmxTilesSymbol))
    return;
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  b.create<LLVM::GlobalOp>(module.getLoc(), b.getI8Type(), /*isConstant=*/true,
                           LLVM::Linkage::External, ::trm::kAmxTilesSymbol,
                           b.getI8IntegerAttr(1));
}

} // namespace trm::cpu
