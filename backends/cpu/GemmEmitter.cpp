//===- GemmEmitter.cpp - the register-tiled GEMM kernel's loops -----------===//
//
// One shape-generic kernel per operand type, written with scf + vector ops
// so that LLVM sees exactly the loop the shared/notes schedule produced
// (90 % of peak): a 6x64 register tile of 24 zmm accumulators, fed per k by
// 6 scalar broadcasts of A and 4 row loads of B. Cache tiles of 256 columns
// x 512 k keep the packed B panel in L2 and a 6-row strip of A in L1; the
// strips (with few rows: strips x 64-column parts) are an scf.parallel so
// the OpenMP lowering can split them across threads. A transposed A (weight
// gradients: X^T G) is copied per strip into k-major rows of 6 (k pairs of
// 6 rows for VDPBF16PS), so the broadcasts read one contiguous stream
// instead of a new cache line per k (the copies live in GemmPacking.cpp).
// With an epilogue (GemmEpilogue.h) each tile stores f of its values
// instead of the product; a gated one holds 32 columns of both halves of B.
// The loop order over k is fixed: results do not depend on the thread count.
//
//===----------------------------------------------------------------------===//
#include "backends/cpu/GemmEmitter.h"
#include "backends/cpu/GemmEpilogue.h"
#include "backends/cpu/GemmKernel.h"
#include "backends/cpu/GemmPacking.h"
#include "backends/cpu/GemmPrefetch.h"
#include "backends/cpu/LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"

using namespace mlir;

namespace trm::cpu {
namespace {

constexpr int64_t kDepthMajorRows = 256; // A's 512-deep slice <= 512 KiB

/// A cache tile: the packed B[k0:k1, n0:n1] and where it came from, and
/// where A's rows are read: A itself, or a packed copy whose (0, 0) is A's
/// (lhsRow0, lhsK0).
struct Tile {
  Value panel, n0, k0, k1;
  Value lhs, lhsRow0, lhsK0;
  /// Pair mode, transposed A: A's k pairs of this strip, packed from
  /// element `pairsBase` of this flat buffer (see packLhsPairStrip).
  Value lhsPairs, pairsBase;
  /// With a gated epilogue: where the panel's right-half columns start.
  Value rightHalf;
  /// Fetches the next tile's B (null: none) as work item `item`.
  NextTilePrefetch *prefetch = nullptr;
  Value item;
};

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
        packer(b, loc, a, bm),
        vector(VectorType::get({kLanes}, b.getF32Type())),
        mask(VectorType::get({kLanes}, b.getI1Type())) {}

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
    if (pairs)
      aRows = packer.lhsWithUnitRows();
    Value steps = b.create<arith::MulIOp>(loc, panels, depths);
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
      tile.panel = packPanel(tile, packed, depthMajor, n, n1);
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
      // VDPBF16PS's pair panels fetch the next tile's B early (the last
      // step its own again: a cache hit). An f32 panel is twice as large:
      // with the next one's rows it would fill L2.
      std::optional<NextTilePrefetch> prefetch;
      if (pairs && !gated())
        prefetch.emplace(b, loc, bMatrix,
                         region(min(add(step, 1), add(steps, -1))), items);
      parallelLoop(items, [&](Value item) {
        Value strip = b.create<arith::DivUIOp>(loc, item, parts);
        Value part = b.create<arith::RemUIOp>(loc, item, parts);
        Value m0 = mul(strip, kTileRows);
        Value m1 = min(add(m0, kTileRows), m);
        Value c0 =
            b.create<arith::AddIOp>(loc, n0, mul(part, kTileVectors * kLanes));
        Value c1 = b.create<arith::SelectOp>(
            loc, depthMajor, min(add(c0, kTileVectors * kLanes), n1), n1);
        Tile work = tile;
        work.prefetch = prefetch ? &*prefetch : nullptr;
        work.item = item;
        emitStripOfTransposable(work, transposed, strip, m0, m1, c0, c1,
                                depthMajor);
      });
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
  Value packPanel(Tile &tile, Value packed, Value depthMajor, Value n,
                  Value n1) {
    if (!gated())
      return pairs ? packer.pairPanel(packed, tile.k0, tile.k1, tile.n0, n1)
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
      emitTile(tile, row, rows, col, kTileVectors, nullptr);
    });
    if (gated())
      return; // its columns are whole tiles (see GemmEpilogue.h)
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
      emitTile(tile, row, rows, fullCols, count, lanes);
      b.create<scf::YieldOp>(loc);
    }
  }

  /// The register tile: `rows` x `vectors` accumulators, live across k;
  /// `lanes` (null: all) columns of its last vector are real.
  void emitTile(const Tile &tile, Value row, int64_t rows, Value col,
                int64_t vectors, Value lanes) {
    Value active, activePairs;
    if (lanes) {
      active = b.create<vector::CreateMaskOp>(loc, mask, lanes);
      activePairs = b.create<vector::CreateMaskOp>(
          loc, VectorType::get({2 * kLanes}, b.getI1Type()), mul(lanes, 2));
    }
    SmallVector<Value> rowIndex, colIndex, panelCol, accumulators;
    for (int64_t r = 0; r < rows; ++r)
      rowIndex.push_back(add(row, r));
    Value col0 = b.create<arith::SubIOp>(loc, col, tile.n0);
    // Gated: columns [c, c + 32) of the panel's left half, then its right's.
    if (gated())
      col0 = b.create<arith::DivUIOp>(loc, col0, index(2));
    for (int64_t v = 0; v < vectors; ++v) {
      colIndex.push_back(add(col, v * kLanes));
      int64_t fromHalf = v * kLanes;
      Value base = col0;
      if (gated() && 2 * v >= vectors) {
        fromHalf -= vectors / 2 * kLanes;
        base = b.create<arith::AddIOp>(loc, col0, tile.rightHalf);
      }
      panelCol.push_back(add(base, fromHalf));
    }
    accumulators = initialAccumulators(tile, rowIndex, colIndex, active);

    Value kBegin = tile.k0, kEnd = tile.k1;
    if (pairs) { // whole k pairs of the packed panel; an odd k after them
      kBegin = index(0);
      kEnd = b.create<arith::DivUIOp>(
          loc, b.create<arith::SubIOp>(loc, tile.k1, tile.k0), index(2));
    }
    if (tile.prefetch)
      tile.prefetch->emitShare(tile.item);
    auto depth = b.create<scf::ForOp>(
        loc, kBegin, kEnd, index(1), accumulators,
        [&](OpBuilder &, Location, Value kk, ValueRange acc) {
          SmallVector<Value> next(acc);
          if (pairs)
            accumulatePairs(tile, kk, rowIndex, panelCol, activePairs, false,
                            next);
          else
            accumulate(tile, kk, rowIndex, panelCol, active, next);
          b.create<scf::YieldOp>(loc, next);
        });
    ValueRange result = depth.getResults();
    if (pairs) {
      Value last = b.create<arith::AddIOp>(loc, tile.k0, mul(kEnd, 2));
      Value odd = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, last,
                                          tile.k1);
      auto tail = b.create<scf::IfOp>(loc, result.getTypes(), odd, true, true);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(tail.thenBlock());
      SmallVector<Value> next(result);
      accumulatePairs(tile, kEnd, rowIndex, panelCol, activePairs, true, next);
      b.create<scf::YieldOp>(loc, next);
      b.setInsertionPointToStart(tail.elseBlock());
      b.create<scf::YieldOp>(loc, result);
      result = tail.getResults();
    }
    if (product)
      storeProduct(tile, result, rowIndex, panelCol, active);
    if (gated())
      return storeGated(result, rowIndex, col);
    // Unary epilogue: H[row, col + 16 v] = f(vector v).
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t v = 0; v < vectors; ++v) {
        Value value = result[r * vectors + v];
        if (epilogue)
          value = emitEpilogueBody(b, loc, *epilogue, value, nullptr);
        store(c, value, rowIndex[r], colIndex[v],
              v + 1 == vectors ? active : Value());
      }
  }

  /// A kept P: the tile's sums where P has them. The panel's column j is
  /// P's column n0 + j; in a gated panel (see GemmPacking.h) P's n0 / 2 + j
  /// in the left half, N / 2 + n0 / 2 + j - rightHalf in the right one.
  void storeProduct(const Tile &tile, ValueRange result,
                    ArrayRef<Value> rowIndex, ArrayRef<Value> panelCol,
                    Value active) {
    int64_t vectors = panelCol.size();
    auto half = [&](Value x) {
      return b.create<arith::DivUIOp>(loc, x, index(2)).getResult();
    };
    Value left = gated() ? half(tile.n0) : tile.n0, right;
    if (gated())
      right = sub(add(left, half(dim(product, 1))), tile.rightHalf);
    for (auto [r, row] : llvm::enumerate(rowIndex))
      for (int64_t v = 0; v < vectors; ++v) {
        Value base = gated() && 2 * v >= vectors ? right : left;
        store(product, result[r * vectors + v], row, add(panelCol[v], base),
              v + 1 == vectors ? active : Value());
      }
  }

  /// The accumulators' start: zero in the first k block of an overwriting
  /// call (no fill pass over C, no cache misses on its rows), else C.
  SmallVector<Value> initialAccumulators(const Tile &tile,
                                         ArrayRef<Value> rowIndex,
                                         ArrayRef<Value> colIndex,
                                         Value active) {
    SmallVector<Type> types(rowIndex.size() * colIndex.size(), vector);
    auto zeros = [&] {
      Value zero =
          b.create<arith::ConstantOp>(loc, vector, b.getZeroAttr(vector));
      return SmallVector<Value>(types.size(), zero);
    };
    if (epilogue) // one k block, always overwriting
      return zeros();
    Value first = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                          tile.k0, index(0));
    Value fresh = b.create<arith::AndIOp>(loc, first, overwrite);
    auto initial = b.create<scf::IfOp>(loc, types, fresh, true, true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(initial.thenBlock());
    b.create<scf::YieldOp>(loc, zeros());
    b.setInsertionPointToStart(initial.elseBlock());
    SmallVector<Value> loaded;
    for (Value row : rowIndex)
      for (auto [v, col] : llvm::enumerate(colIndex))
        loaded.push_back(
            load(c, row, col, v + 1 == colIndex.size() ? active : Value()));
    b.create<scf::YieldOp>(loc, loaded);
    return SmallVector<Value>(initial.getResults());
  }

  /// The gated epilogue on a finished tile: H[row, col / 2 + 16 v] =
  /// f(left vector v, right vector v) for v < 2.
  void storeGated(ValueRange result, ArrayRef<Value> rowIndex, Value col) {
    Value h0 = b.create<arith::DivUIOp>(loc, col, index(2));
    int64_t half = kTileVectors / 2;
    for (auto [r, row] : llvm::enumerate(rowIndex))
      for (int64_t v = 0; v < half; ++v) {
        Value h =
            emitEpilogueBody(b, loc, *epilogue, result[r * kTileVectors + v],
                             result[r * kTileVectors + half + v]);
        b.create<vector::StoreOp>(loc, h, c,
                                  ValueRange{row, add(h0, v * kLanes)});
      }
  }

  /// One k step: acc[r][v] += A[r, k] * B[k, v-th 16 columns].
  void accumulate(const Tile &tile, Value k, ArrayRef<Value> rowIndex,
                  ArrayRef<Value> panelCol, Value active,
                  MutableArrayRef<Value> acc) {
    int64_t vectors = panelCol.size();
    Value panelRow = b.create<arith::SubIOp>(loc, k, tile.k0);
    SmallVector<Value> bRow;
    for (auto [v, col] : llvm::enumerate(panelCol))
      bRow.push_back(load(tile.panel, panelRow, col,
                          v + 1 == panelCol.size() ? active : Value()));
    Value lhsK = b.create<arith::SubIOp>(loc, k, tile.lhsK0);
    for (auto [r, row] : llvm::enumerate(rowIndex)) {
      Value lhsRow = b.create<arith::SubIOp>(loc, row, tile.lhsRow0);
      Value scalar = widen(
          b.create<memref::LoadOp>(loc, tile.lhs, ValueRange{lhsRow, lhsK}));
      Value splat = b.create<vector::BroadcastOp>(loc, vector, scalar);
      for (int64_t v = 0; v < vectors; ++v) {
        Value &slot = acc[r * vectors + v];
        slot = b.create<vector::FMAOp>(loc, splat, bRow[v], slot);
      }
    }
  }

  /// One pair step p: acc[r][v] += A[r, k..k+1] . B[k..k+1, v-th columns]
  /// with k = k0 + 2p, by VDPBF16PS on the interleaved panel row p. A's
  /// pair is one 32-bit load, except for the `odd` last k of a block.
  void accumulatePairs(const Tile &tile, Value p, ArrayRef<Value> rowIndex,
                       ArrayRef<Value> panelCol, Value activePairs, bool odd,
                       MutableArrayRef<Value> acc) {
    auto pairsType = VectorType::get({2 * kLanes}, b.getBF16Type());
    int64_t vectors = panelCol.size();
    SmallVector<Value> bRow;
    for (auto [v, col] : llvm::enumerate(panelCol)) {
      SmallVector<Value, 2> at = {p, mul(col, 2)};
      if (activePairs && v + 1 == panelCol.size()) {
        Value zero = b.create<arith::ConstantOp>(loc, pairsType,
                                                 b.getZeroAttr(pairsType));
        bRow.push_back(b.create<vector::MaskedLoadOp>(
            loc, pairsType, tile.panel, at, activePairs, zero));
      } else {
        bRow.push_back(
            b.create<vector::LoadOp>(loc, pairsType, tile.panel, at));
      }
    }
    Value k = b.create<arith::AddIOp>(loc, tile.k0, mul(p, 2));
    for (auto [r, row] : llvm::enumerate(rowIndex)) {
      Value splat = odd ? oddSplat(row, k) : pairSplat(tile, row, p, k);
      for (int64_t v = 0; v < vectors; ++v) {
        Value &slot = acc[r * vectors + v];
        slot = b.create<LLVM::CallIntrinsicOp>(
                    loc, vector, "llvm.x86.avx512bf16.dpbf16ps.512",
                    ValueRange{slot, splat, bRow[v]})
                   .getResult(0);
      }
    }
  }

  /// (A[row, k], A[row, k+1]) repeated in all 16 lane pairs, k = k0 + 2p:
  /// one 32-bit broadcast load, from A's row or from the packed strip.
  Value pairSplat(const Tile &tile, Value row, Value p, Value k) {
    auto two = VectorType::get({2}, b.getBF16Type());
    Value pair;
    if (tile.lhsPairs) {
      Value at = b.create<arith::AddIOp>(
          loc, tile.pairsBase,
          b.create<arith::AddIOp>(
              loc, mul(p, 2 * kTileRows),
              mul(b.create<arith::SubIOp>(loc, row, tile.lhsRow0), 2)));
      pair = b.create<vector::LoadOp>(loc, two, tile.lhsPairs, ValueRange{at});
    } else {
      pair = b.create<vector::LoadOp>(loc, two, aRows, ValueRange{row, k});
    }
    Value word = b.create<vector::ExtractOp>(
        loc,
        b.create<vector::BitCastOp>(loc, VectorType::get({1}, b.getI32Type()),
                                    pair),
        ArrayRef<int64_t>{0});
    return splatWord(word);
  }

  /// (A[row, k], 0) repeated: the last k of a block with odd depth.
  Value oddSplat(Value row, Value k) {
    Value low = b.create<memref::LoadOp>(loc, a, ValueRange{row, k});
    Value bits = b.create<arith::BitcastOp>(loc, b.getI16Type(), low);
    return splatWord(b.create<arith::ExtUIOp>(loc, b.getI32Type(), bits));
  }

  Value splatWord(Value word) {
    Value words = b.create<vector::BroadcastOp>(
        loc, VectorType::get({kLanes}, b.getI32Type()), word);
    return b.create<vector::BitCastOp>(
        loc, VectorType::get({2 * kLanes}, b.getBF16Type()), words);
  }

  /// 16 lanes of `matrix` at (i, j..j+15), widened to f32.
  Value load(Value matrix, Value i, Value j, Value active) {
    Type element = cast<MemRefType>(matrix.getType()).getElementType();
    auto type = VectorType::get({kLanes}, element);
    Value lanes;
    if (active) {
      Value zero = b.create<arith::ConstantOp>(loc, type, b.getZeroAttr(type));
      lanes = b.create<vector::MaskedLoadOp>(loc, type, matrix,
                                             ValueRange{i, j}, active, zero);
    } else {
      lanes = b.create<vector::LoadOp>(loc, type, matrix, ValueRange{i, j});
    }
    return widen(lanes);
  }

  void store(Value matrix, Value lanes, Value i, Value j, Value active) {
    if (active)
      b.create<vector::MaskedStoreOp>(loc, matrix, ValueRange{i, j}, active,
                                      lanes);
    else
      b.create<vector::StoreOp>(loc, lanes, matrix, ValueRange{i, j});
  }

  Value widen(Value x) {
    Type f32 = b.getF32Type();
    Type target = f32;
    if (auto v = dyn_cast<VectorType>(x.getType()))
      target = VectorType::get(v.getShape(), f32);
    if (x.getType() == target)
      return x;
    return b.create<arith::ExtFOp>(loc, target, x);
  }

  bool gated() const { return epilogue && epilogue->gated; }

  Value a, bMatrix, c, product, overwrite;
  Value aRows; // pair mode: A as a unit-stride view (when not transposed)
  bool pairs;
  const GemmEpilogue *epilogue;
  GemmPacker packer;
  VectorType vector, mask;
};

} // namespace

void emitGemmLoops(OpBuilder &b, Location loc, Value a, Value bMatrix, Value c,
                   Value product, Value overwrite, bool pairs,
                   const GemmEpilogue *epilogue) {
  GemmEmitter(b, loc, a, bMatrix, c, product, overwrite, pairs, epilogue)
      .emit();
}

} // namespace trm::cpu
