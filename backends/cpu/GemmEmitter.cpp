//===- GemmEmitter.cpp - the register-tiled GEMM kernel's loops -----------===//
//
// One shape-generic kernel per operand type, written with scf + vector ops
// so that LLVM sees exactly the loop the shared/notes schedule produced
// (90 % of peak): a 6x64 register tile of 24 zmm accumulators (GemmTile.cpp),
// fed per k by 6 scalar broadcasts of A and 4 row loads of B; without
// AVX-512, four 6x16 tiles of 12 ymm accumulators per 64 columns instead
// (VectorRegisters: 6x64 would spill there). Cache tiles of
// 256 columns x 512 k (FMA kernel, shallower B: up to 1024 columns) keep the
// packed B panel in L2 (for the FMA kernel in 64-column slices, each
// register tile's B one sequential run) and a 6-row
// strip of A in L1; the strips (with few rows: strips x 64-column parts) are an
// scf.parallel so the OpenMP lowering can split them across threads, and
// tiles reading A in place fetch the next strip's rows meanwhile
// (GemmPrefetch.h: 16384x1024x97 bf16, 1 thread, 75 -> 84 %). A
// transposed A (weight gradients: X^T G) is copied per strip into k-major
// rows of 6 (k pairs of 6 rows for VDPBF16PS), so the broadcasts read one
// contiguous stream instead of a new cache line per k (the copies live in
// GemmPacking.cpp); so is any bf16 A for the FMA kernel (no avx512_bf16),
// widened to f32 like its B panel, so that its k loop is the f32 one, and
// an f32 A whose strips serve 4 or more column tiles. With
// at most 256 rows and whole 64-column tiles,
// VDPBF16PS tiles of 12 rows x 32 columns read B from a per-thread copy of
// 128 columns unpacked from its rows (GemmDirectPairs.h) instead of a
// shared panel, each thread's columns over all depth blocks. With an epilogue
// (GemmEpilogue.h) each tile stores f of its values instead of the product
// (the FMA kernel's tiles via a strip buffer: GemmStripEpilogue.h); a gated
// one holds 32 columns of both halves of B. The loop order over k is
// fixed: results do not depend on the thread count.
//
//===----------------------------------------------------------------------===//
#include "backends/cpu/GemmEmitter.h"
#include "backends/cpu/GemmEmitterImpl.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"

using namespace mlir;

namespace trm::cpu {

// Depth-major order up to 256 rows (A's 512-deep f32 slice: 512 KiB); a
// packed A, packed once per depth block in that order, up to a 512 KiB
// slice of any type (512 bf16 rows; trm-bench-gemm 512x1552x3072t bf16:
// 87 -> 96 %; not transposed, 512x1552x3072 lost 5 %); the FMA kernel's
// transposed A up to a 4 MiB slice: packing its strips again for every
// panel, each from 512 k-major rows 4 M bytes apart, took 20 % of f32
// 512x1552x3072t's time (1 thread, % of the host's FMA rate: 1024 rows
// 52 -> 67, 512 rows 64 -> 68; the packed strips then stream from L3).
constexpr int64_t kDepthMajorRows = 256;
constexpr int64_t kDepthMajorSliceBytes = 512 * 1024;
constexpr int64_t kTransposedSliceBytes = 4 * 1024 * 1024;
// Up to this many rows (22 double strips) share a B panel copy too little
// to repay it: each thread unpacks its own columns of B instead
// (trm-bench-gemm, bf16, 1 thread: 97x16384x1024t 72 -> 82 %,
// 256x6208x1536t 84 -> 94 % against 12 x 2 tiles reading B's rows in place,
// which had beaten the panel copy; 1024 rows were inconclusive).
constexpr int64_t kRowsUnpackingB = 256;
// Up to this many rows (and with at least this many 256-column parts of
// B for the threads to share) the FMA kernel's threads copy their own
// panels of B (emitPartsPackingB).
constexpr int64_t kRowsPackingOwnB = 256;
constexpr int64_t kOwnPartsAtLeast = 2;
// An f32 A is packed where its strips serve this many register tiles.
constexpr int64_t kPackedTilesAtLeast = 4;

void GemmEmitter::emit() {
  m = dim(c, 0), n = dim(bMatrix, 1), k = dim(a, 1);
  if (epilogue && !pairs)
    stripEpilogue.emplace(b, loc, *epilogue, c, product,
                          StripEpilogue::bufferType(b.getContext()));
  // Threads share the 6-row strips, taking runs of them as they finish
  // (trm-cpu-guided-schedule); each strip's work and order stay the
  // same whichever thread takes it.
  strips = b.create<arith::CeilDivSIOp>(loc, m, index(kTileRows));
  threads = maxThreads();
  threadNumber = ompQuery("omp_get_thread_num");
  // The FMA kernel's panel buffer holds 512 k x 256 columns: a shallower
  // B fills it with more columns (up to 1024 for k <= 128, 512 for
  // k <= 256), so that A's rows, packed or read in place, are fetched
  // once per 1024 or 512 columns of C instead of per 256 (16384x97x1024
  // read all of A from memory 4 times, 6208x256x1536 6 times).
  panelCols = index(kBlockCols);
  if (!pairs)
    for (int64_t widen : {2, 4})
      panelCols = b.create<arith::SelectOp>(
          loc,
          b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sle, k,
                                  index(kBlockDepth / widen)),
          index(kBlockCols * widen), panelCols);
  panels = b.create<arith::CeilDivSIOp>(loc, n, panelCols);
  depths = b.create<arith::CeilDivSIOp>(loc, k, index(kBlockDepth));
  // A transposed A (a weight gradient's activations) is copied strip by
  // strip into k-major 6-wide rows (in pair mode: k pairs of 6 rows,
  // VDPBF16PS's layout), once per depth block; so is a bf16 A for the FMA
  // kernel, widened to f32 as it is copied, whichever its layout: widening
  // each element where the k loop read it took 4 more instructions per
  // broadcast (bf16 without avx512_bf16, 1 thread, 3 interleaved rounds'
  // median GFLOP/s: 1552x512x3072 66 -> 84, 6208x256x1536 71 -> 79, on
  // a host whose speed varied by 20 % between rounds).
  // An f32 A is packed too where its strips serve 4 or more register
  // tiles (256 columns of 6 x 64 tiles, 64 of AVX2's 6 x 16): the packed
  // k loop addresses A's 6 rows from one register. With fewer, the copy
  // did not repay itself (512-bit tiles, 8192x512x97, 1 thread: 61 -> 43 %
  // of the host's FMA rate). AVX2 had kept 256 columns too, 16 of its
  // tiles; read in place, A's 6 rows a row apart (4 KiB at k = 1024), N = 97
  // went slower (Zen 3, medians of interleaved rounds, % of the host's FMA
  // rate, 1 thread: 16384x1024x97 58 -> 68, 8192x512x97 62 -> 78; 2
  // threads: 16384x1024x97 54 -> 72, 8192x2048x97 58 -> 64).
  Type lhsElement = cast<MemRefType>(a.getType()).getElementType();
  lhs.transposed = packer.lhsIsTransposed();
  lhs.packsAlways = !pairs && lhsElement.isBF16();
  if (lhs.packsAlways)
    lhs.packs = trueValue();
  else if (pairs)
    lhs.packs = lhs.transposed;
  else
    lhs.packs = b.create<arith::OrIOp>(
        loc, lhs.transposed,
        b.create<arith::CmpIOp>(
            loc, arith::CmpIPredicate::sge, n,
            index(kPackedTilesAtLeast * tileVectors(kTileRows) * kLanes)));
  lhs.kMajor = packer.lhsKMajor();
  // A not transposed has unit-stride rows (the caller copies any other
  // layout): VDPBF16PS reads its k pairs in place, as 32-bit words, and
  // the FMA kernel's broadcasts need no multiply per k.
  lhs.rows = packer.lhsWithUnitRows();
  // Few rows: each thread copies B's columns of its own parts, for each
  // depth block in turn, and its tiles read that copy instead of a shared
  // panel (VDPBF16PS: unpacked from B's rows, whole 64-column tiles only,
  // emitPartsUnpackingB; FMA: panels, emitPartsPackingB).
  Value ownsB;
  auto fewRows = [&](int64_t rows) {
    return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sle, m,
                                   index(rows));
  };
  if (pairs && !gated())
    ownsB = b.create<arith::AndIOp>(
        loc, fewRows(kRowsUnpackingB),
        b.create<arith::CmpIOp>(
            loc, arith::CmpIPredicate::eq,
            b.create<arith::RemUIOp>(loc, n, index(kTileVectors * kLanes)),
            index(0)));
  else if (!pairs && !epilogue) // (an epilogue goes per strip)
    ownsB = b.create<arith::AndIOp>(
        loc, fewRows(kRowsPackingOwnB),
        b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge, n,
                                index(kOwnPartsAtLeast * kBlockCols)));
  // Strips of one depth block, or of all of them when unpacking B.
  // Strips of one depth block; with B copied per thread, of all depth
  // blocks (VDPBF16PS) or of one per run of parts (FMA: emitPartsPackingB).
  Value ownedStrips;
  if (ownsB && pairs)
    ownedStrips = b.create<arith::MulIOp>(loc, depths, strips);
  if (ownsB && !pairs) {
    ownRuns =
        min(b.create<arith::CeilDivSIOp>(loc, n, index(kTileVectors * kLanes)),
            threads);
    ownedStrips = b.create<arith::MulIOp>(loc, ownRuns, strips);
  }
  // (At least a slot per thread: strips packed right before their tiles
  // go to their thread's, emitStripOfTransposable.)
  Value shared = b.create<arith::MaxSIOp>(loc, strips, threads);
  Value count = b.create<arith::SelectOp>(
      loc, lhs.packs,
      ownsB ? b.create<arith::SelectOp>(loc, ownsB, ownedStrips, shared)
            : shared,
      index(0));
  lhs.strips =
      pairs
          ? b.create<memref::AllocOp>(
                loc, MemRefType::get({ShapedType::kDynamic}, lhsElement),
                ValueRange{mul(count, GemmPacker::kPairStripStride)})
          : b.create<memref::AllocOp>(
                loc,
                MemRefType::get({ShapedType::kDynamic, kBlockDepth, kTileRows},
                                b.getF32Type()),
                ValueRange{count});
  Value aRows = pairs ? lhs.rows : Value();
  tiles.emplace(b, loc, a, bMatrix, c, product, overwrite, aRows, pairs,
                epilogue, tileVectors(kTileRows), streamsLargeC(registers));
  // Dot products for the last 1-2 columns: of A's rows read in place (bf16
  // pairs or f32) or of its packed strips (the FMA kernel's, f32 or bf16
  // widened). f32 16384x512x97 then takes 64 + 32 columns per strip and
  // one dot column, not 64 + 48; bf16 16384x512x97 on AVX2, 6 x 16 tiles
  // and one dot column, not 7 tiles.
  if (!epilogue && cast<MemRefType>(c.getType()).getElementType().isF32())
    columnDots.emplace(b, loc, lhs.rows,
                       pairs ? Value() : packer.flatStrips(lhs.strips), bMatrix,
                       c, overwrite, pairs);
  // (A is read in place only when not transposed.)
  base.lhs = lhs.rows, base.lhsRow0 = base.lhsK0 = index(0);
  if (!ownsB) {
    emitPanelSteps();
  } else {
    // Few rows share each panel copy, which then waits on memory.
    auto source = b.create<scf::IfOp>(loc, ownsB, true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(source.thenBlock());
    if (pairs)
      emitPartsUnpackingB();
    else
      emitPartsPackingB();
    b.setInsertionPointToStart(source.elseBlock());
    emitPanelSteps();
  }
  if (columnDots)
    columnDots->release();
  b.create<memref::DeallocOp>(loc, lhs.strips);
}

void GemmEmitter::emitPanelSteps() {
  // The B panel, packed contiguously once and then shared by every row
  // strip: strided rows of a wide B would cost a TLB miss per k.
  Type element = cast<MemRefType>(bMatrix.getType()).getElementType();
  // In pair mode row p holds k rows 2p and 2p+1 interleaved per column,
  // the layout VDPBF16PS multiplies. The FMA kernel's panel (and A's
  // strips) hold f32: bf16 widened once in the copy, not
  // per use in the k loop, where the conversions took the FMA ports
  // (bf16 without avx512_bf16, 1 thread, GFLOP/s: 1552x512x3072 78 -> 96,
  // 512x1552x3072t 82 -> 127).
  auto packedType =
      pairs ? MemRefType::get({kBlockDepth / 2, 2 * kBlockCols}, element)
            : MemRefType::get({kBlockDepth, kBlockCols}, b.getF32Type());
  Value packed = b.create<memref::AllocOp>(loc, packedType);
  // Cache tiles go column panel by column panel (a panel of C stays in L2
  // across k) unless A is short: then depth block by depth block, so that
  // A's 512-deep slice stays in L2 for every column panel instead of
  // being fetched again from memory per panel. Each C element still sums
  // its k blocks in ascending order: the results are the same.
  int64_t lhsBytes =
      cast<MemRefType>(lhs.strips.getType()).getElementTypeBitWidth() / 8;
  Value depthMajor = b.create<arith::OrIOp>(
      loc,
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sle, m,
                              index(kDepthMajorRows)),
      b.create<arith::AndIOp>(
          loc, lhs.packs,
          b.create<arith::CmpIOp>(
              loc, arith::CmpIPredicate::sle, m,
              index(kDepthMajorSliceBytes / (kBlockDepth * lhsBytes)))));
  if (!pairs)
    depthMajor = b.create<arith::OrIOp>(
        loc, depthMajor,
        b.create<arith::AndIOp>(
            loc, lhs.transposed,
            b.create<arith::CmpIOp>(
                loc, arith::CmpIPredicate::sle, m,
                index(kTransposedSliceBytes / (kBlockDepth * lhsBytes)))));
  Value steps = b.create<arith::MulIOp>(loc, panels, depths);
  // The cache tile of a step: B[k0:k1, n0:n1).
  auto region = [&](Value step) {
    auto pick = [&](Value ifDepthMajor, Value otherwise) {
      return b.create<arith::SelectOp>(loc, depthMajor, ifDepthMajor,
                                       otherwise);
    };
    Value panel = pick(b.create<arith::RemUIOp>(loc, step, panels),
                       b.create<arith::DivUIOp>(loc, step, depths));
    Value depth = pick(b.create<arith::DivUIOp>(loc, step, panels),
                       b.create<arith::RemUIOp>(loc, step, depths));
    Tile tile = depthBlock(depth);
    Value n0 = b.create<arith::MulIOp>(loc, panel, panelCols);
    return BRegion{tile.k0, tile.k1, n0, min(add(n0, panelCols), n)};
  };
  loop(index(0), steps, index(1), [&](Value step) {
    BRegion here = region(step);
    Tile tile = base;
    tile.k0 = here.k0, tile.k1 = here.k1, tile.n0 = here.n0;
    Value n0 = tile.n0, n1 = here.n1;
    tile.panel = packPanel(tile, packed, n1);
    if (columnDots) {
      Value tail = b.create<arith::RemUIOp>(loc, sub(n1, n0),
                                            index(kTileVectors * kLanes));
      tile.dotColumns = columnDots->columns(tail);
      columnDots->pack(tile.k0, tile.k1, n1, tile.dotColumns);
    }
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
    Value firstPanel =
        b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, n0, index(0));
    packAllStrips(b.create<arith::DivUIOp>(loc, tile.k0, index(kBlockDepth)),
                  index(1),
                  b.create<arith::AndIOp>(loc, depthMajor, firstPanel));
    Value items = b.create<arith::MulIOp>(loc, strips, parts);
    // Tiles in depth-major order (few strips share the copy) also fetch
    // the next step's B rows, so that its copy does not wait on memory;
    // the copy's threads split the rows as the fetches do. (With many
    // rows, fetching made 16384x512x97 lose 10 %: none.)
    std::optional<BRegion> next;
    if (!gated()) {
      next = region(min(add(step, 1), add(steps, -1)));
      next->k1 = b.create<arith::SelectOp>(loc, depthMajor, next->k1, next->k0);
    }
    parallelLoop(items, [&](Value item) {
      std::optional<NextTilePrefetch> prefetch;
      Tile work = tile;
      if (next) {
        prefetch.emplace(b, loc, bMatrix, *next, strips, n0);
        work.prefetch = &*prefetch;
      }
      Value strip = b.create<arith::DivUIOp>(loc, item, parts);
      Value part = b.create<arith::RemUIOp>(loc, item, parts);
      Value c0 =
          b.create<arith::AddIOp>(loc, n0, mul(part, kTileVectors * kLanes));
      Value c1 = b.create<arith::SelectOp>(
          loc, depthMajor, min(add(c0, kTileVectors * kLanes), n1), n1);
      work.prefetchShare = strip;
      emitStripOfTransposable(work, strip, c0, c1, depthMajor);
    });
  });
  b.create<memref::DeallocOp>(loc, packed);
}

Tile GemmEmitter::depthBlock(Value depth) {
  Tile tile = base;
  tile.k0 = mul(depth, kBlockDepth);
  tile.k1 = min(add(tile.k0, kBlockDepth), k);
  return tile;
}

void GemmEmitter::packAllStrips(Value firstDepth, Value blocks, Value due) {
  auto pack =
      b.create<scf::IfOp>(loc, b.create<arith::AndIOp>(loc, lhs.packs, due));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(pack.thenBlock());
  // Each thread's share of a block's strips in 2 runs (against a slow
  // thread): a run packs its strips together (packStrips).
  Value perRun = b.create<arith::CeilDivSIOp>(
      loc, strips, b.create<arith::MulIOp>(loc, threads, index(2)));
  Value runs = b.create<arith::CeilDivSIOp>(loc, strips, perRun);
  parallelLoop(b.create<arith::MulIOp>(loc, blocks, runs), [&](Value item) {
    Value block = b.create<arith::DivUIOp>(loc, item, runs);
    Value first = b.create<arith::MulIOp>(
        loc, b.create<arith::RemUIOp>(loc, item, runs), perRun);
    packStrips(depthBlock(add(firstDepth, block)),
               add(b.create<arith::MulIOp>(loc, block, strips), first), first,
               min(sub(strips, first), perRun));
  });
}

void GemmEmitter::packStrips(const Tile &tile, Value firstPacked, Value first,
                             Value count) {
  // Strip by strip: `pack` of packed strip s from rows [m0, m1).
  auto eachStrip = [&](function_ref<void(Value, Value, Value)> pack) {
    loop(index(0), count, index(1), [&](Value i) {
      Value m0 = mul(add(first, i), kTileRows);
      pack(add(firstPacked, i), m0, min(add(m0, kTileRows), m));
    });
  };
  if (pairs)
    return eachStrip([&](Value s, Value m0, Value m1) {
      packer.packLhsPairStrip(lhs.kMajor, lhs.strips, s, m0, m1, tile.k0,
                              tile.k1);
    });
  auto layout = b.create<scf::IfOp>(loc, lhs.transposed, !!lhs.rows);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(layout.thenBlock());
  packer.packLhsStrips(lhs.kMajor, lhs.strips, firstPacked,
                       mul(first, kTileRows), m, count, tile.k0, tile.k1);
  if (!lhs.rows)
    return;
  b.setInsertionPointToStart(layout.elseBlock()); // A not transposed
  eachStrip([&](Value s, Value m0, Value m1) {
    packer.packLhsRowStrip(lhs.rows, lhs.strips, s, m0, m1, tile.k0, tile.k1);
  });
}

void GemmEmitter::emitStripOfTransposable(const Tile &tile, Value strip,
                                          Value c0, Value c1,
                                          Value depthMajor) {
  Value m0 = mul(strip, kTileRows);
  Value m1 = min(add(m0, kTileRows), m);
  // A strip packed right before its tiles (not depth-major) goes to its
  // thread's slot, which stays in cache, not to a slot of its own: a fresh
  // 12 KiB per strip made the packing's stores wait on memory (bf16
  // 16384x512x97: 32 MiB of strips, 11 % of the kernel's samples).
  Value packedStrip = b.create<arith::SelectOp>(loc, depthMajor, strip,
                                                callIndex(threadNumber));
  if (!stripEpilogue)
    return emitRowsOfTransposable(tile, strip, packedStrip, m1, c0, c1,
                                  depthMajor);
  withStackBuffer(StripEpilogue::bufferType(b.getContext()), [&](Value buf) {
    Tile buffered = tile;
    buffered.buffer = buf, buffered.bufferRow0 = m0, buffered.bufferCol0 = c0;
    emitRowsOfTransposable(buffered, strip, packedStrip, m1, c0, c1,
                           depthMajor);
    stripEpilogue->emitCall(buf, m0, m1, c0, c1);
  });
}

void GemmEmitter::emitRowsOfTransposable(const Tile &tile, Value strip,
                                         Value packedStrip, Value m1, Value c0,
                                         Value c1, Value depthMajor) {
  Value m0 = mul(strip, kTileRows);
  OpBuilder::InsertionGuard guard(b);
  scf::IfOp choice;
  if (!lhs.packsAlways) {
    choice = b.create<scf::IfOp>(loc, lhs.packs, true);
    b.setInsertionPointToStart(choice.thenBlock());
  }
  Value notDepthMajor = negate(depthMajor);
  auto repack = b.create<scf::IfOp>(loc, notDepthMajor);
  {
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(repack.thenBlock());
    packStrips(tile, packedStrip, strip, index(1));
  }
  Tile fromStrip = tile;
  fromStrip.lhsRow0 = m0;
  fromStrip.lhsK0 = tile.k0;
  if (pairs) {
    fromStrip.lhsPairs = lhs.strips;
    fromStrip.pairsBase = mul(packedStrip, GemmPacker::kPairStripStride);
  } else {
    fromStrip.lhs = packer.lhsStripView(lhs.strips, packedStrip);
    fromStrip.lhsIsStrip = true;
    fromStrip.stripStart = mul(packedStrip, kBlockDepth * kTileRows);
    // The next strip's rows, to be packed after these tiles, are fetched
    // meanwhile unless packed already (or transposed: a strip's k-major
    // rows are short runs the hardware prefetchers follow).
    fromStrip.lhsAhead = lhs.rows;
    fromStrip.lhsAheadRow = m1;
    fromStrip.lhsAheadWanted =
        b.create<arith::AndIOp>(loc, notDepthMajor, negate(lhs.transposed));
  }
  emitBlock(fromStrip, m0, m1, c0, c1);
  if (!choice)
    return;
  b.setInsertionPointToStart(choice.elseBlock());
  Tile inPlace = tile;
  if (!tile.unpacked) {
    inPlace.lhsAhead = lhs.rows;
    inPlace.lhsAheadRow = m1;
  }
  emitBlock(inPlace, m0, m1, c0, c1);
}

Value GemmEmitter::packPanel(Tile &tile, Value packed, Value n1) {
  if (!gated())
    return pairs ? packer.pairPanel(packed, tile.k0, tile.k1, tile.n0, n1)
                 : packer.panel(packed, tile.k0, tile.k1, tile.n0, n1);
  auto half = [&](Value x) {
    return b.create<arith::DivUIOp>(loc, x, index(2)).getResult();
  };
  if (!pairs) // each slice's own halves (columnsFrom)
    return packer.gatedSlicedPanel(packed, tile.k0, tile.k1, half(tile.n0),
                                   half(n1), half(n));
  tile.rightHalf = half(sub(n1, tile.n0));
  return packer.gatedPanel(packed, tile.k0, tile.k1, half(tile.n0), half(n1),
                           half(n));
}

void GemmEmitter::emitBlock(const Tile &tile, Value m0, Value m1, Value c0,
                            Value c1) {
  Value from = m0;
  if (tile.unpacked) {
    from = roundDown(m0, m1, 2 * kTileRows);
    loop(m0, from, index(2 * kTileRows),
         [&](Value row) { emitRowStrip(tile, row, 2 * kTileRows, c0, c1); });
  }
  Value fullRows = roundDown(from, m1, kTileRows);
  loop(from, fullRows, index(kTileRows),
       [&](Value row) { emitRowStrip(tile, row, kTileRows, c0, c1); });
  loop(fullRows, m1, index(1),
       [&](Value row) { emitRowStrip(tile, row, 1, c0, c1); });
}

void GemmEmitter::emitRowStrip(const Tile &tile, Value row, int64_t rows,
                               Value c0, Value c1) {
  if (tile.unpacked) { // 32 columns: 12 x 2 tiles, then 6 x 2 and 1 x 2
    Tile shared = tile;
    if (tile.prefetch) // a share of B's next block per 12-row tile
      shared.prefetchShare =
          b.create<arith::DivUIOp>(loc, row, index(2 * kTileRows));
    tiles->emit(shared, row, rows, c0, kTileVectors / 2, nullptr);
    return;
  }
  int64_t vectors = tileVectors(rows);
  int64_t tileCols = vectors * kLanes;
  Value fullCols = roundDown(c0, c1, tileCols);
  loop(c0, fullCols, index(tileCols), [&](Value col) {
    Tile columns = columnsFrom(tile, col);
    // Narrow tiles: the first of each slice fetches the next strip's rows
    // for all four.
    if (vectors < kTileVectors && tile.lhsAheadRow) {
      Value first = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, col,
                                            columns.n0);
      columns.lhsAheadWanted =
          tile.lhsAheadWanted
              ? b.create<arith::AndIOp>(loc, first, tile.lhsAheadWanted)
              : first;
    }
    tiles->emit(columns, row, rows, col, vectors, nullptr);
  });
  if (gated())
    return; // its columns are whole tiles
  // The last columns: one tile of as many vectors as they need, the last
  // one masked. Separate 32- and 16-column tiles would broadcast A twice
  // and leave the FMA pipes waiting on 6 accumulators (zmm). With A's rows
  // in place, 1-2 columns past the last whole vector are dot products
  // instead (GemmColumnDots.h), and so are they with A's strips packed.
  Value rest = b.create<arith::SubIOp>(loc, c1, fullCols);
  Value dots;
  if (tile.dotColumns && !tile.lhsPairs &&
      (tile.lhsIsStrip || columnDots->readsRowsInPlace())) {
    dots = min(tile.dotColumns, rest);
    rest = sub(rest, dots);
  }
  Value count = b.create<arith::CeilDivSIOp>(loc, rest, index(kLanes));
  SmallVector<int64_t, 4> counts;
  for (int64_t v = 1; v <= vectors; ++v)
    counts.push_back(v);
  auto tail = b.create<scf::IndexSwitchOp>(loc, TypeRange{}, count, counts,
                                           counts.size());
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&tail.getDefaultRegion().emplaceBlock());
  b.create<scf::YieldOp>(loc);
  for (int64_t v : counts) {
    b.setInsertionPointToStart(&tail.getCaseRegions()[v - 1].emplaceBlock());
    Value lanes = b.create<arith::SubIOp>(loc, rest, index((v - 1) * kLanes));
    tiles->emit(columnsFrom(tile, fullCols), row, rows, fullCols, v, lanes);
    b.create<scf::YieldOp>(loc);
  }
  if (dots) {
    b.setInsertionPointAfter(tail);
    if (tile.lhsIsStrip)
      columnDots->emitFromStrip(tile.stripStart, sub(row, tile.lhsRow0), row,
                                rows, tile.k0, tile.k1, c1, dots);
    else
      columnDots->emit(row, rows, tile.k0, tile.k1, c1, dots);
  }
}

int64_t GemmEmitter::tileVectors(int64_t rows) const {
  return registers == VectorRegisters::YmmPairs && rows > 1 ? 1 : kTileVectors;
}

Tile GemmEmitter::columnsFrom(const Tile &tile, Value col) {
  if (pairs)
    return tile;
  Tile columns = tile;
  Value slice =
      b.create<arith::DivUIOp>(loc, sub(col, tile.n0), index(kSliceCols));
  columns.panel = packer.panelSlice(tile.panel, slice);
  columns.n0 = add(tile.n0, mul(slice, kSliceCols));
  if (gated()) // a gated slice: 32 columns of gate, then 32 of up
    columns.rightHalf = index(kSliceCols / 2);
  return columns;
}

void emitGemmLoops(OpBuilder &b, Location loc, Value a, Value bMatrix, Value c,
                   Value product, Value overwrite, bool pairs,
                   const GemmEpilogue *epilogue, VectorRegisters registers) {
  GemmEmitter(b, loc, a, bMatrix, c, product, overwrite, pairs, epilogue,
              registers)
      .emit();
}

} // namespace trm::cpu
