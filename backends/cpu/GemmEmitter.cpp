//===- GemmEmitter.cpp - the register-tiled GEMM kernel's loops -----------===//
//
// One shape-generic kernel per operand type, written with scf + vector ops
// so that LLVM sees exactly the loop the shared/notes schedule produced
// (90 % of peak): a 6x64 register tile of 24 zmm accumulators (GemmTile.cpp),
// fed per k by 6 scalar broadcasts of A and 4 row loads of B. Cache tiles of
// 256 columns x 512 k keep the packed B panel in L2 and a 6-row strip of A
// in L1; the strips (with few rows: strips x 64-column parts) are an
// scf.parallel so the OpenMP lowering can split them across threads. A
// transposed A (weight gradients: X^T G) is copied per strip into k-major
// rows of 6 (k pairs of 6 rows for VDPBF16PS), so the broadcasts read one
// contiguous stream instead of a new cache line per k (the copies live in
// GemmPacking.cpp). With at most 128 rows and whole 64-column tiles,
// VDPBF16PS tiles read B's rows without a panel copy (GemmDirectPairs.h),
// fetching the next cache tile's rows meanwhile (GemmPrefetch.h). With an
// epilogue (GemmEpilogue.h) each tile stores f of its values instead of the
// product; a gated one holds 32 columns of both halves of B. The loop order
// over k is fixed: results do not depend on the thread count.
//
//===----------------------------------------------------------------------===//
#include "backends/cpu/GemmEmitter.h"
#include "backends/cpu/GemmEpilogue.h"
#include "backends/cpu/GemmTile.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"

using namespace mlir;

namespace trm::cpu {
namespace {

constexpr int64_t kDepthMajorRows = 256; // A's 512-deep slice <= 512 KiB
// Up to this many rows (22 strips) share a B panel copy too little to repay
// it (trm-bench-gemm, bf16: 97x16384x1024t 58 -> 69 % reading B's rows;
// 256x6208x1536t 80 -> 75 %, so 43 strips still copy).
constexpr int64_t kRowsReadingB = 128;

/// Emits the loops of one kernel invocation.
class GemmEmitter : public KernelBuilder, public GemmBlocking {
public:
  /// `pairs`: bf16 operands multiplied two k at a time by VDPBF16PS.
  /// `epilogue`: C is the epilogue's result, H (see GemmEpilogue.h), and
  /// `product` P when the epilogue keeps it (else null).
  GemmEmitter(OpBuilder &b, Location loc, Value a, Value bm, Value c,
              Value product, Value overwrite, bool pairs,
              const GemmEpilogue *epilogue)
      : KernelBuilder(b, loc), a(a), bMatrix(bm), c(c), product(product),
        overwrite(overwrite), pairs(pairs), epilogue(epilogue),
        packer(b, loc, a, bm) {}

  void emit() {
    Value m = dim(c, 0), n = dim(bMatrix, 1), k = dim(a, 1);
    // Threads share the 6-row strips: OpenMP's static schedule hands each
    // a contiguous run of them (the same order as one thread would take),
    // and no thread has more than one strip more than another.
    Value strips = b.create<arith::CeilDivSIOp>(loc, m, index(kTileRows));
    // The B panel, packed contiguously once and then shared by every row
    // strip: strided rows of a wide B would cost a TLB miss per k.
    Type element = cast<MemRefType>(bMatrix.getType()).getElementType();
    // In pair mode row p holds k rows 2p and 2p+1 interleaved per column,
    // the layout VDPBF16PS multiplies.
    auto packedType =
        pairs ? MemRefType::get({kBlockDepth / 2, 2 * kBlockCols}, element)
              : MemRefType::get({kBlockDepth, kBlockCols}, element);
    Value packed = b.create<memref::AllocOp>(loc, packedType);
    // Cache tiles go column panel by column panel (a panel of C stays in L2
    // across k) unless A is short: then depth block by depth block, so that
    // A's 512-deep slice stays in L2 for every column panel instead of
    // being fetched again from memory per panel. Each C element still sums
    // its k blocks in ascending order: the results are the same.
    Value panels = b.create<arith::CeilDivSIOp>(loc, n, index(kBlockCols));
    Value depths = b.create<arith::CeilDivSIOp>(loc, k, index(kBlockDepth));
    Value depthMajor = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sle,
                                               m, index(kDepthMajorRows));
    // A transposed A (a weight gradient's activations) is copied strip by
    // strip into k-major 6-wide rows (in pair mode: k pairs of 6 rows,
    // VDPBF16PS's layout), once per depth block.
    TransposedLhs transposed;
    transposed.flag = packer.lhsIsTransposed();
    transposed.kMajor = packer.lhsKMajor();
    Value count =
        b.create<arith::SelectOp>(loc, transposed.flag, strips, index(0));
    Type lhsElement = cast<MemRefType>(a.getType()).getElementType();
    transposed.strips =
        pairs ? b.create<memref::AllocOp>(
                    loc, MemRefType::get({ShapedType::kDynamic}, lhsElement),
                    ValueRange{mul(count, GemmPacker::kPairStripStride)})
              : b.create<memref::AllocOp>(
                    loc,
                    MemRefType::get(
                        {ShapedType::kDynamic, kBlockDepth, kTileRows},
                        lhsElement),
                    ValueRange{count});
    // A not transposed has unit-stride rows in pair mode (the caller copies
    // any other layout): its k pairs are read in place, as 32-bit words.
    tiles.emplace(b, loc, a, bMatrix, c, product, overwrite,
                  pairs ? packer.lhsWithUnitRows() : Value(), pairs, epilogue);
    Value steps = b.create<arith::MulIOp>(loc, panels, depths);
    // Few rows share each panel copy, which then waits on memory: with
    // whole 64-column tiles the VDPBF16PS tiles read B's rows instead
    // (always in depth-major order, as kRowsReadingB <= kDepthMajorRows).
    Value readsRows = b.create<arith::ConstantIntOp>(loc, 0, b.getI1Type());
    if (pairs && !gated())
      readsRows = b.create<arith::AndIOp>(
          loc,
          b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sle, m,
                                  index(kRowsReadingB)),
          b.create<arith::CmpIOp>(
              loc, arith::CmpIPredicate::eq,
              b.create<arith::RemUIOp>(loc, n, index(kTileVectors * kLanes)),
              index(0)));
    // The cache tile of one step: its B rows and columns.
    auto region = [&](Value step) {
      auto pick = [&](Value ifDepthMajor, Value otherwise) {
        return b.create<arith::SelectOp>(loc, depthMajor, ifDepthMajor,
                                         otherwise);
      };
      Value panel = pick(b.create<arith::RemUIOp>(loc, step, panels),
                         b.create<arith::DivUIOp>(loc, step, depths));
      Value depth = pick(b.create<arith::DivUIOp>(loc, step, panels),
                         b.create<arith::RemUIOp>(loc, step, depths));
      Value n0 = mul(panel, kBlockCols), k0 = mul(depth, kBlockDepth);
      return BRegion{k0, min(add(k0, kBlockDepth), k), n0,
                     min(add(n0, kBlockCols), n)};
    };
    loop(index(0), steps, index(1), [&](Value step) {
      BRegion here = region(step);
      Value n0 = here.n0, n1 = here.n1;
      Tile tile;
      tile.n0 = n0, tile.k0 = here.k0, tile.k1 = here.k1;
      tile.lhs = a, tile.lhsRow0 = tile.lhsK0 = index(0);
      tile.panel = packPanel(tile, packed, depthMajor, n, n1, readsRows);
      // Depth-major (few rows): the threads split strips x 64-column
      // parts of the panel, so that 17 strips (97 rows) still divide
      // evenly; a transposed A is packed for all strips first, once
      // per depth block. Otherwise each strip is one work item and
      // packs its own rows right before using them.
      Value parts = b.create<arith::SelectOp>(
          loc, depthMajor,
          b.create<arith::CeilDivSIOp>(loc, sub(n1, n0),
                                       index(kTileVectors * kLanes)),
          index(1));
      packAllStrips(tile, transposed, strips, m, depthMajor);
      Value items = b.create<arith::MulIOp>(loc, strips, parts);
      // The strips (x parts) of the cache tile, shared by the threads.
      auto emitItems = [&](Tile work) {
        parallelLoop(items, [&](Value item) {
          Value strip = b.create<arith::DivUIOp>(loc, item, parts);
          Value part = b.create<arith::RemUIOp>(loc, item, parts);
          Value m0 = mul(strip, kTileRows);
          Value m1 = min(add(m0, kTileRows), m);
          Value c0 = b.create<arith::AddIOp>(loc, n0,
                                             mul(part, kTileVectors * kLanes));
          Value c1 = b.create<arith::SelectOp>(
              loc, depthMajor, min(add(c0, kTileVectors * kLanes), n1), n1);
          work.item = item;
          emitStripOfTransposable(work, transposed, strip, m0, m1, c0, c1,
                                  depthMajor);
        });
      };
      if (!pairs || gated())
        return emitItems(tile);
      // Reading B's rows or the panel: two parallel loops, so two outlined
      // functions. One loop choosing per strip made LLVM compile the
      // panel-reading tiles worse (16384x1024x97: 80 -> 71 % of peak).
      auto source = b.create<scf::IfOp>(loc, readsRows, true);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(source.thenBlock());
      // Tiles reading B's rows also fetch the next cache tile's rows (the
      // last step its own again: a cache hit), so that the first strip to
      // read them does not wait on memory.
      NextTilePrefetch prefetch(
          b, loc, bMatrix, region(min(add(step, 1), add(steps, -1))), items);
      Tile fromRows = tile;
      fromRows.readsRows = true;
      fromRows.prefetch = &prefetch;
      emitItems(fromRows);
      b.setInsertionPointToStart(source.elseBlock());
      emitItems(tile);
    });
    b.create<memref::DeallocOp>(loc, packed);
    b.create<memref::DeallocOp>(loc, transposed.strips);
  }

private:
  /// A possibly transposed A: the runtime flag, A as the k-major matrix it
  /// then is, and the buffer of its packed strips.
  struct TransposedLhs {
    Value flag, kMajor, strips;
  };

  /// Depth-major order with a transposed A: packs every strip of the
  /// depth block, threads splitting the strips, when the block's first panel
  /// comes (it then serves all the block's panels).
  void packAllStrips(const Tile &tile, const TransposedLhs &lhs, Value strips,
                     Value m, Value depthMajor) {
    Value firstPanel = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                               tile.n0, index(0));
    auto pack = b.create<scf::IfOp>(
        loc, b.create<arith::AndIOp>(
                 loc, lhs.flag,
                 b.create<arith::AndIOp>(loc, depthMajor, firstPanel)));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(pack.thenBlock());
    parallelLoop(strips, [&](Value strip) {
      Value m0 = mul(strip, kTileRows);
      packStrip(tile, lhs, strip, m0, min(add(m0, kTileRows), m));
    });
  }

  /// Packs strip `strip` (rows [m0, m1)) of a transposed A for the tile's
  /// depth block.
  void packStrip(const Tile &tile, const TransposedLhs &lhs, Value strip,
                 Value m0, Value m1) {
    if (pairs)
      packer.packLhsPairStrip(lhs.kMajor, lhs.strips, strip, m0, m1, tile.k0,
                              tile.k1);
    else
      packer.packLhsStrip(lhs.kMajor, lhs.strips, strip, m0, m1, tile.k0,
                          tile.k1);
  }

  /// Strip `strip` (rows [m0, m1)) x columns [c0, c1) when A may be
  /// transposed: if it is, from its packed copy (packed here unless in
  /// depth-major order, where packAllStrips did it); else from A itself.
  void emitStripOfTransposable(const Tile &tile, const TransposedLhs &lhs,
                               Value strip, Value m0, Value m1, Value c0,
                               Value c1, Value depthMajor) {
    auto choice = b.create<scf::IfOp>(loc, lhs.flag, true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(choice.thenBlock());
    Value notDepthMajor = b.create<arith::XOrIOp>(
        loc, depthMajor, b.create<arith::ConstantIntOp>(loc, 1, b.getI1Type()));
    auto repack = b.create<scf::IfOp>(loc, notDepthMajor);
    {
      OpBuilder::InsertionGuard inner(b);
      b.setInsertionPointToStart(repack.thenBlock());
      packStrip(tile, lhs, strip, m0, m1);
    }
    Tile fromStrip = tile;
    fromStrip.lhsRow0 = m0;
    fromStrip.lhsK0 = tile.k0;
    if (pairs) {
      fromStrip.lhsPairs = lhs.strips;
      fromStrip.pairsBase = mul(strip, GemmPacker::kPairStripStride);
    } else {
      fromStrip.lhs = packer.lhsStripView(lhs.strips, strip);
    }
    emitBlock(fromStrip, m0, m1, c0, c1);
    b.setInsertionPointToStart(choice.elseBlock());
    emitBlock(tile, m0, m1, c0, c1);
  }

  /// Packs the tile's panel of B (columns [n0, n1) of `n`) as the kernel
  /// reads it: plain, pair-interleaved, or gated (each half of the columns
  /// from its half of B).
  Value packPanel(Tile &tile, Value packed, Value depthMajor, Value n, Value n1,
                  Value readsRows) {
    if (!gated())
      return pairs ? packer.pairPanel(packed, tile.k0, tile.k1, tile.n0, n1,
                                      readsRows)
                   : packer.panel(packed, depthMajor, tile.k0, tile.k1, tile.n0,
                                  n1);
    auto half = [&](Value x) {
      return b.create<arith::DivUIOp>(loc, x, index(2)).getResult();
    };
    tile.rightHalf = half(sub(n1, tile.n0));
    return packer.gatedPanel(packed, tile.k0, tile.k1, half(tile.n0), half(n1),
                             half(n));
  }

  /// Rows [m0, m1) x columns [c0, c1) of the panel's columns, accumulating
  /// over k in [k0, k1); `panel` holds B[k0:k1, n0:n1].
  void emitBlock(const Tile &tile, Value m0, Value m1, Value c0, Value c1) {
    Value fullRows = roundDown(m0, m1, kTileRows);
    loop(m0, fullRows, index(kTileRows),
         [&](Value row) { emitRowStrip(tile, row, kTileRows, c0, c1); });
    loop(fullRows, m1, index(1),
         [&](Value row) { emitRowStrip(tile, row, 1, c0, c1); });
  }

  /// `rows` rows from `row` x columns [c0, c1): full 64-column tiles, then
  /// one masked tile.
  void emitRowStrip(const Tile &tile, Value row, int64_t rows, Value c0,
                    Value c1) {
    int64_t tileCols = kTileVectors * kLanes;
    Value fullCols = roundDown(c0, c1, tileCols);
    loop(c0, fullCols, index(tileCols), [&](Value col) {
      tiles->emit(tile, row, rows, col, kTileVectors, nullptr);
    });
    if (gated() || tile.readsRows)
      return; // their columns are whole tiles
    // The last 1-63 columns: one tile of as many vectors as they need, the
    // last one masked. Separate 32- and 16-column tiles would broadcast A
    // twice and leave the FMA pipes waiting on 6 accumulators.
    Value rest = b.create<arith::SubIOp>(loc, c1, fullCols);
    Value vectors = b.create<arith::CeilDivSIOp>(loc, rest, index(kLanes));
    auto tail = b.create<scf::IndexSwitchOp>(
        loc, TypeRange{}, vectors, ArrayRef<int64_t>{1, 2, 3, 4}, kTileVectors);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&tail.getDefaultRegion().emplaceBlock());
    b.create<scf::YieldOp>(loc);
    for (int64_t count = 1; count <= kTileVectors; ++count) {
      b.setInsertionPointToStart(
          &tail.getCaseRegions()[count - 1].emplaceBlock());
      Value lanes =
          b.create<arith::SubIOp>(loc, rest, index((count - 1) * kLanes));
      tiles->emit(tile, row, rows, fullCols, count, lanes);
      b.create<scf::YieldOp>(loc);
    }
  }

  bool gated() const { return epilogue && epilogue->gated; }

  Value a, bMatrix, c, product, overwrite;
  bool pairs;
  const GemmEpilogue *epilogue;
  GemmPacker packer;
  std::optional<RegisterTile> tiles; // once A's views are known
};

} // namespace

void emitGemmLoops(OpBuilder &b, Location loc, Value a, Value bMatrix, Value c,
                   Value product, Value overwrite, bool pairs,
                   const GemmEpilogue *epilogue) {
  GemmEmitter(b, loc, a, bMatrix, c, product, overwrite, pairs, epilogue)
      .emit();
}

} // namespace trm::cpu
