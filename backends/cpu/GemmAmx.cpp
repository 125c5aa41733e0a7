//===- GemmAmx.cpp - the bf16 GEMM kernel on AMX tiles --------------------===//
#include "backends/cpu/GemmAmx.h"
#include "backends/cpu/GemmAmxImpl.h"
#include "backends/cpu/GemmEpilogue.h"
#include "runtime/exec/AmxTiles.h"

#include "mlir/Dialect/AMX/AMXDialect.h"

using namespace mlir;

namespace trm::cpu {
namespace amx_gemm {

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

LhsTiles AmxGemmEmitter::lhsTilesAt(Value row, Value k0, Value inPlace) {
  Value direct = b.create<arith::AndIOp>(
      loc, inPlace, cmp(arith::CmpIPredicate::ule, add(row, kBlock), m));
  auto pick = [&](Value inA, Value packed) {
    return b.create<arith::SelectOp>(loc, direct, inA, packed).getResult();
  };
  // Row blocks start kPackedBlockRows rows apart in the packed copy: at 16
  // x the block's first row.
  return {pick(lhsInPlace, lhsPacked),
          pick(row, mul(row, kPackedBlockRows / kBlock)), pick(k0, index(0)),
          pick(index(0), index(kBlock)), pick(index(kStepDepth), index(0))};
}

void AmxGemmEmitter::emitSteps(int64_t steps, bool fresh, const LhsTiles &lhs,
                               Value rhsPacked, Value panelCol, Value target,
                               Value r0, Value c0) {
  Value tiles[4];
  auto at = [&](int64_t t) {
    return SmallVector<Value, 2>{add(r0, (t / 2) * kTileRows),
                                 add(c0, (t % 2) * kTileRows)};
  };
  for (int64_t t = 0; t < 4; ++t)
    tiles[t] = fresh ? b.create<amx::TileZeroOp>(loc, resultTile).getResult()
                     : b.create<amx::TileLoadOp>(loc, resultTile, target, at(t))
                           .getResult();
  // Column blocks start kPackedBlockRows rows apart in B's panel.
  Value rhsRow = mul(panelCol, kPackedBlockRows / kBlock);
  for (int64_t s = 0; s < steps; ++s) {
    Value lhsTile[2], rhsTile[2];
    Value lhsRow = add(lhs.row0, mul(lhs.stepRow, s));
    Value lhsCol = add(lhs.col0, mul(lhs.stepCol, s));
    for (int64_t h = 0; h < 2; ++h) {
      lhsTile[h] = b.create<amx::TileLoadOp>(
          loc, operandTile, lhs.source,
          ValueRange{add(lhsRow, h * kTileRows), lhsCol});
      rhsTile[h] = b.create<amx::TileLoadOp>(
          loc, operandTile, rhsPacked,
          ValueRange{add(rhsRow, s * kBlock + h * kTileRows), index(0)});
    }
    for (int64_t t = 0; t < 4; ++t)
      tiles[t] = b.create<amx::TileMulFOp>(loc, resultTile, lhsTile[t / 2],
                                           rhsTile[t % 2], tiles[t]);
  }
  for (int64_t t = 0; t < 4; ++t)
    b.create<amx::TileStoreOp>(loc, target, at(t), tiles[t]);
}

void AmxGemmEmitter::emitBlock(const LhsTiles &lhs, Value rhsPacked, Value row,
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
  emitTiles(lhs, rhsPacked, panelCol, steps, fresh, target, r0, c0);
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

void AmxGemmEmitter::emitEpilogueBlocks(const LhsTiles &lhs, Value rhsPacked,
                                        Value row, Value col, Value panelCol,
                                        Value steps, Value buffer) {
  Value target = b.create<memref::CastOp>(loc, rowsView, buffer);
  int64_t blocks = epilogue->gated ? 2 : 1;
  for (int64_t i = 0; i < blocks; ++i)
    emitTiles(lhs, rhsPacked, add(panelCol, i * kBlock), steps, trueValue(),
              target, index(0), index(i * kBlock));
  strip->emitCall(buffer, row, min(add(row, kBlock), m), col,
                  min(add(col, blocks * kBlock), n));
}

void AmxGemmEmitter::emitTiles(const LhsTiles &lhs, Value rhsPacked,
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
      emitSteps(variant, start, lhs, rhsPacked, panelCol, target, r0, c0);
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
  Value lhsBuffer = b.create<memref::AllocOp>(
      loc, packedType, ValueRange{mul(rowBlocks, kPackedBlockRows)},
      b.getI64IntegerAttr(64));
  lhsPacked = b.create<memref::CastOp>(loc, bf16RowsView, lhsBuffer);
  auto lhsMeta = b.create<memref::ExtractStridedMetadataOp>(loc, a);
  lhsRowMajor =
      cmp(arith::CmpIPredicate::eq, lhsMeta.getStrides()[1], index(1));
  // (Views of A for either layout, read only when A has it.)
  GemmPacker views(b, loc, a, bMatrix, VectorRegisters::Zmm);
  lhsRows = views.lhsWithUnitRows();
  lhsKMajor = views.lhsKMajor();
  lhsInPlace = tileView(lhsRows, m, lhsMeta.getStrides()[0]);
  Value narrow = cmp(arith::CmpIPredicate::ule, n, index(kInPlaceLhsMaxCols));
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
    Value wholeSteps =
        cmp(arith::CmpIPredicate::eq,
            b.create<arith::RemUIOp>(loc, depth, index(kStepDepth)), index(0));
    Value inPlace = b.create<arith::AndIOp>(
        loc, b.create<arith::AndIOp>(loc, lhsRowMajor, narrow), wholeSteps);
    packLhs(lhsBuffer, k0, depth, inPlace, steps);
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
              LhsTiles lhs = lhsTilesAt(row, k0, inPlace);
              loop(index(0), cols, index(width), [&](Value panelCol) {
                emitEpilogueBlocks(lhs, rhsPacked, row, add(n0, panelCol),
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
            LhsTiles lhs = lhsTilesAt(row, k0, inPlace);
            loop(index(0), cols, index(kBlock), [&](Value panelCol) {
              emitBlock(lhs, rhsPacked, row, add(n0, panelCol), panelCol, steps,
                        fresh, scratchView);
            });
          });
        });
      });
    });
  });
  b.create<memref::DeallocOp>(loc, lhsBuffer);
}

} // namespace amx_gemm

namespace {
/// Defines, in the module of the kernel being emitted at `b`, the symbol
/// whose presence in a kernels library tells the runtime to ask Linux for
/// the AMX tile state (runtime/exec/AmxTiles.h).
void markUsesAmxTiles(OpBuilder &b) {
  auto module =
      b.getInsertionBlock()->getParentOp()->getParentOfType<ModuleOp>();
  if (module.lookupSymbol(::trm::kAmxTilesSymbol))
    return;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  b.create<LLVM::GlobalOp>(module.getLoc(), b.getI8Type(), /*isConstant=*/true,
                           LLVM::Linkage::External, ::trm::kAmxTilesSymbol,
                           b.getI8IntegerAttr(1));
}
} // namespace

void emitAmxGemmLoops(OpBuilder &b, Location loc, Value a, Value bm, Value c,
                      Value product, Value overwrite,
                      const GemmEpilogue *epilogue) {
  markUsesAmxTiles(b);
  amx_gemm::AmxGemmEmitter(b, loc, a, bm, c, product, overwrite, epilogue)
      .emit();
}

} // namespace trm::cpu