//===- GemmTile.cpp - the GEMM kernel's register tile ---------------------===//
#include "backends/cpu/GemmTile.h"
#include "backends/cpu/GemmEpilogue.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace trm::cpu {

RegisterTile::RegisterTile(OpBuilder &b, Location loc, Value a, Value bm,
                           Value c, Value product, Value overwrite, Value aRows,
                           bool pairs, const GemmEpilogue *epilogue,
                           int64_t wholeVectors, bool streamLargeC)
    : KernelBuilder(b, loc), a(a), bMatrix(bm), c(c), product(product),
      overwrite(overwrite), aRows(aRows), pairs(pairs), epilogue(epilogue),
      wholeVectors(wholeVectors), rowPairs(b, loc, bm),
      vector(VectorType::get({kLanes}, b.getF32Type())),
      mask(VectorType::get({kLanes}, b.getI1Type())) {
  // (Its addresses count 4 bytes per element of C.)
  if (streamLargeC && !epilogue &&
      cast<MemRefType>(c.getType()).getElementType().isF32())
    streaming.emplace(b, loc, c, overwrite, dim(a, 1));
  // A kept P (always overwritten, K <= 512) is read again by the backward
  // only, long after: a large one goes past the caches too (the VDPBF16PS
  // tiles'; the FMA kernel's P is stored per strip: GemmStripEpilogue.cpp).
  if (streamLargeC && product && pairs)
    productStreaming.emplace(b, loc, product, trueValue(), dim(a, 1));
}

bool RegisterTile::gated() const { return epilogue && epilogue->gated; }

void RegisterTile::emit(const Tile &tile, Value row, int64_t rows, Value col,
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
  // Gated (VDPBF16PS): columns [c, c + 32) of the panel's left half, then
  // its right's. (The FMA kernel's gated slices hold 32 columns of each,
  // and its tiles store into a strip buffer as the slices lie.)
  bool halves = gated() && !tile.buffer;
  if (halves)
    col0 = b.create<arith::DivUIOp>(loc, col0, index(2));
  for (int64_t v = 0; v < vectors; ++v) {
    colIndex.push_back(add(col, v * kLanes));
    int64_t fromHalf = v * kLanes;
    Value base = col0;
    if (halves && 2 * v >= vectors) {
      fromHalf -= vectors / 2 * kLanes;
      base = b.create<arith::AddIOp>(loc, col0, tile.rightHalf);
    }
    panelCol.push_back(add(base, fromHalf));
  }
  accumulators = initialAccumulators(tile, rowIndex, colIndex, active);
  if (tile.unpacked)
    rowPairs.toInterleaved(accumulators);

  // The loop counts the panel's rows (k - k0), or its k pairs (an odd k
  // after them): a packed strip's rows are the same, with no subtraction
  // per step.
  Value kBegin = index(0), kEnd = sub(tile.k1, tile.k0);
  if (pairs)
    kEnd = b.create<arith::DivUIOp>(loc, kEnd, index(2));
  // B's next cache tile: VDPBF16PS tiles fetch their share before the k
  // loop; FMA tiles a row of it per 16 k.
  std::optional<NextTilePrefetch::Share> nextRows;
  if (tile.prefetch) {
    auto share =
        tile.prefetch->shareOf(tile.prefetchShare, col, vectors * kLanes);
    if (pairs)
      tile.prefetch->emit(share);
    else
      nextRows = share;
  }
  if (pairs && tile.unpacked && rows == 1) {
    accumulators =
        accumulatePhased(tile, rowIndex, panelCol, accumulators, kEnd);
    kBegin = roundDown(kBegin, kEnd, kPhases);
  }
  std::optional<NextStripPrefetch> ahead;
  if (tile.lhsAheadRow && rows == kTileRows)
    ahead.emplace(b, loc, tile.lhsAhead, tile.lhsAheadRow, tile.lhsAheadWanted);
  // What k step `kk` fetches for later tiles.
  auto fetchAt = [&](Value kk) {
    if (ahead)
      ahead->emit(kk, add(tile.k0, pairs ? mul(kk, 2) : kk));
    if (nextRows)
      tile.prefetch->emitRow(*nextRows, kk);
  };
  // Steps [from, to), `unroll` per iteration (to - from a multiple).
  auto depthLoop = [&](Value from, Value to, int64_t unroll,
                       ValueRange initial) {
    auto depth = b.create<scf::ForOp>(
        loc, from, to, index(unroll), initial,
        [&](OpBuilder &, Location, Value kk, ValueRange acc) {
          SmallVector<Value> next(acc);
          fetchAt(kk);
          for (int64_t u = 0; u < unroll; ++u) {
            if (pairs)
              accumulatePairs(tile, add(kk, u), rowIndex, panelCol, activePairs,
                              false, next);
            else
              accumulate(tile, add(kk, u), rowIndex, panelCol, active, next);
          }
          b.create<scf::YieldOp>(loc, next);
        });
    return SmallVector<Value>(depth.getResults());
  };
  SmallVector<Value> result(accumulators);
  // A whole 6 x 4 FMA tile takes 4 k per iteration: the loop's own
  // instructions (the counter, the prefetch's test) then come once per 96
  // FMAs instead of per 24, where they took issue slots from them. (Not a
  // masked tile: LLVM hoisted its later k's loads and spilled.)
  if (!pairs && rows == kTileRows && vectors == wholeVectors && !lanes) {
    Value whole = roundDown(kBegin, kEnd, kUnrolledSteps);
    result = tile.lhsIsStrip
                 ? stripSteps(tile, whole, panelCol, result, fetchAt)
                 : depthLoop(kBegin, whole, kUnrolledSteps, result);
    kBegin = whole;
  }
  result = depthLoop(kBegin, kEnd, 1, result);
  if (pairs) {
    Value last = b.create<arith::AddIOp>(loc, tile.k0, mul(kEnd, 2));
    Value odd =
        b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, last, tile.k1);
    auto tail = b.create<scf::IfOp>(loc, ValueRange(result).getTypes(), odd,
                                    true, true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(tail.thenBlock());
    SmallVector<Value> next(result);
    accumulatePairs(tile, kEnd, rowIndex, panelCol, activePairs, true, next);
    b.create<scf::YieldOp>(loc, next);
    b.setInsertionPointToStart(tail.elseBlock());
    b.create<scf::YieldOp>(loc, result);
    result.assign(tail.getResults().begin(), tail.getResults().end());
  }
  if (tile.unpacked)
    rowPairs.toColumns(result);
  if (tile.buffer) {
    SmallVector<Value> bufferRows, bufferCols;
    for (Value row : rowIndex)
      bufferRows.push_back(sub(row, tile.bufferRow0));
    for (Value col : colIndex)
      bufferCols.push_back(sub(col, tile.bufferCol0));
    return storeTile(tile.buffer, result, bufferRows, bufferCols, active,
                     nullptr);
  }
  if (product)
    storeProduct(tile, result, rowIndex, panelCol, active);
  if (gated())
    return storeGated(result, rowIndex, col);
  // Unary epilogue: H[row, col + 16 v] = f(vector v).
  if (epilogue)
    for (Value &value : result)
      value = emitEpilogueBody(b, loc, *epilogue, value, nullptr);
  storeTileMaybeStreamed(c, result, rowIndex, colIndex, active, streaming);
}

void RegisterTile::storeTileMaybeStreamed(
    Value target, ArrayRef<Value> result, ArrayRef<Value> rowIndex,
    ArrayRef<Value> colIndex, Value active,
    std::optional<StreamingStores> &streams) {
  if (!streams)
    return storeTile(target, result, rowIndex, colIndex, active, nullptr);
  auto streamed = b.create<scf::IfOp>(loc, streams->enabled(), true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(streamed.thenBlock());
  storeTile(target, result, rowIndex, colIndex, active, &*streams);
  b.setInsertionPointToStart(streamed.elseBlock());
  storeTile(target, result, rowIndex, colIndex, active, nullptr);
}

void RegisterTile::storeTile(Value target, ArrayRef<Value> result,
                             ArrayRef<Value> rowIndex, ArrayRef<Value> colIndex,
                             Value active, StreamingStores *streams) {
  int64_t vectors = colIndex.size();
  for (auto [r, row] : llvm::enumerate(rowIndex))
    for (int64_t v = 0; v < vectors; ++v) {
      Value value = result[r * vectors + v];
      Value lanes = v + 1 == vectors ? active : Value();
      if (streams && !lanes)
        streams->store(value, row, colIndex[v]);
      else
        storeLanes(value, target, ValueRange{row, colIndex[v]}, lanes);
    }
}

/// One row's accumulators would wait on VDPBF16PS's latency (a 97-row
/// strip's last row took 4 % of the time): kPhases sets of them take the
/// pairs [0, whole phases of `pairs`) in turn, summed pairwise at the end.
SmallVector<Value> RegisterTile::accumulatePhased(const Tile &tile,
                                                  ArrayRef<Value> rowIndex,
                                                  ArrayRef<Value> panelCol,
                                                  ArrayRef<Value> initial,
                                                  Value pairs) {
  size_t count = initial.size();
  SmallVector<Value> sets(initial);
  Value zero = b.create<arith::ConstantOp>(loc, vector, b.getZeroAttr(vector));
  sets.append((kPhases - 1) * count, zero);
  auto phased = b.create<scf::ForOp>(
      loc, index(0), roundDown(index(0), pairs, kPhases), index(kPhases), sets,
      [&](OpBuilder &, Location, Value p, ValueRange acc) {
        SmallVector<Value> next(acc);
        for (int64_t phase = 0; phase < kPhases; ++phase)
          accumulatePairs(
              tile, add(p, phase), rowIndex, panelCol, nullptr, false,
              MutableArrayRef<Value>(next).slice(phase * count, count));
        b.create<scf::YieldOp>(loc, next);
      });
  SmallVector<Value> sums(phased.getResults());
  for (int64_t width = kPhases / 2; width >= 1; width /= 2)
    for (int64_t i = 0; i < width * static_cast<int64_t>(count); ++i)
      sums[i] = b.create<arith::AddFOp>(loc, sums[i], sums[i + width * count]);
  sums.resize(count);
  return sums;
}

/// A kept P: the tile's sums where P has them. The panel's column j is
/// P's column n0 + j; in a gated panel (see GemmPacking.h) P's n0 / 2 + j
/// in the left half, N / 2 + n0 / 2 + j - rightHalf in the right one.
void RegisterTile::storeProduct(const Tile &tile, ValueRange result,
                                ArrayRef<Value> rowIndex,
                                ArrayRef<Value> panelCol, Value active) {
  int64_t vectors = panelCol.size();
  auto half = [&](Value x) {
    return b.create<arith::DivUIOp>(loc, x, index(2)).getResult();
  };
  Value left = gated() ? half(tile.n0) : tile.n0, right;
  if (gated())
    right = sub(add(left, half(dim(product, 1))), tile.rightHalf);
  SmallVector<Value> productCol;
  for (int64_t v = 0; v < vectors; ++v)
    productCol.push_back(
        add(panelCol[v], gated() && 2 * v >= vectors ? right : left));
  storeTileMaybeStreamed(product, SmallVector<Value>(result), rowIndex,
                         productCol, active, productStreaming);
}

/// The accumulators' start: zero in the first k block of an overwriting
/// call (no fill pass over C, no cache misses on its rows), else C.
SmallVector<Value> RegisterTile::initialAccumulators(const Tile &tile,
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
  Value first =
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, tile.k0, index(0));
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
  prefetchNextTileOfC(rowIndex, colIndex);
  b.create<scf::YieldOp>(loc, loaded);
  return SmallVector<Value>(initial.getResults());
}

void RegisterTile::prefetchNextTileOfC(ArrayRef<Value> rowIndex,
                                       ArrayRef<Value> colIndex) {
  Value lastCol = add(dim(c, 1), -1);
  int64_t width = colIndex.size() * kLanes;
  for (Value row : rowIndex)
    for (Value col : colIndex)
      b.create<memref::PrefetchOp>(
          loc, c, ValueRange{row, min(add(col, width), lastCol)},
          /*isWrite=*/false, /*localityHint=*/2,
          /*isDataCache=*/true);
}

/// The gated epilogue on a finished tile: H[row, col / 2 + 16 v] =
/// f(left vector v, right vector v) for v < 2.
void RegisterTile::storeGated(ValueRange result, ArrayRef<Value> rowIndex,
                              Value col) {
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

/// One k step, k = k0 + `panelRow`: acc[r][v] += A[r, k] * B[k, v-th 16
/// columns].
void RegisterTile::accumulate(const Tile &tile, Value panelRow,
                              ArrayRef<Value> rowIndex,
                              ArrayRef<Value> panelCol, Value active,
                              MutableArrayRef<Value> acc) {
  SmallVector<Value> bRow;
  for (auto [v, col] : llvm::enumerate(panelCol))
    bRow.push_back(load(tile.panel, panelRow, col,
                        v + 1 == panelCol.size() ? active : Value()));
  // (k0 - lhsK0 folds to 0 for a packed strip.)
  Value lhsK = add(panelRow, sub(tile.k0, tile.lhsK0));
  multiplyAdd(bRow, acc, [&](int64_t r) {
    Value lhsRow = b.create<arith::SubIOp>(loc, rowIndex[r], tile.lhsRow0);
    return b.create<memref::LoadOp>(loc, tile.lhs, ValueRange{lhsRow, lhsK});
  });
}

/// acc[r][v] += lhsAt(r) * bRow[v] for each row r of the accumulators.
void RegisterTile::multiplyAdd(ArrayRef<Value> bRow, MutableArrayRef<Value> acc,
                               function_ref<Value(int64_t)> lhsAt) {
  int64_t vectors = bRow.size();
  for (int64_t r = 0; r < static_cast<int64_t>(acc.size()) / vectors; ++r) {
    Value splat = b.create<vector::BroadcastOp>(loc, vector, widen(lhsAt(r)));
    for (int64_t v = 0; v < vectors; ++v) {
      Value &slot = acc[r * vectors + v];
      slot = b.create<vector::FMAOp>(loc, splat, bRow[v], slot);
    }
  }
}

/// The k steps [0, `steps`) of a whole 6 x 4 tile over a packed strip,
/// kUnrolledSteps per iteration, its operands addressed by offsets that
/// the loop carries: B's row, and A's k-major 6 rows (element (r, d) of
/// the strip at 6 d + r). Each unrolled step's addresses are then those
/// offsets plus a constant (A) or a loop-invariant (B), where computing
/// each step's row index and multiplying it by the row stride took 6
/// instructions per step.
SmallVector<Value> RegisterTile::stripSteps(const Tile &tile, Value steps,
                                            ArrayRef<Value> panelCol,
                                            ValueRange initial,
                                            function_ref<void(Value)> fetchAt) {
  auto [panel, panelStride] = flatten(tile.panel);
  Value strip = flatten(tile.lhs).first; // k-major: 6 elements per k
  SmallVector<Value> rowApart;
  for (int64_t u = 0; u < kUnrolledSteps; ++u)
    rowApart.push_back(mul(panelStride, u));
  SmallVector<Value> carried(initial);
  carried.append({index(0), index(0)});
  auto loop = b.create<scf::ForOp>(
      loc, index(0), steps, index(kUnrolledSteps), carried,
      [&](OpBuilder &, Location, Value kk, ValueRange state) {
        SmallVector<Value> acc(state.drop_back(2));
        Value bRowAt = state[state.size() - 2], aAt = state.back();
        fetchAt(kk);
        for (int64_t u = 0; u < kUnrolledSteps; ++u) {
          SmallVector<Value> bRow;
          for (Value col : panelCol)
            bRow.push_back(b.create<vector::LoadOp>(
                loc, vector, panel,
                ValueRange{add(add(bRowAt, rowApart[u]), col)}));
          multiplyAdd(bRow, acc, [&](int64_t r) {
            return b.create<memref::LoadOp>(
                loc, strip, ValueRange{add(aAt, u * kTileRows + r)});
          });
        }
        acc.append({add(bRowAt, mul(panelStride, kUnrolledSteps)),
                    add(aAt, kUnrolledSteps * kTileRows)});
        b.create<scf::YieldOp>(loc, acc);
      });
  return SmallVector<Value>(loop.getResults().drop_back(2));
}

/// `matrix` as a flat run of elements from its first, and the stride of
/// its first dim.
std::pair<Value, Value> RegisterTile::flatten(Value matrix) {
  auto type = cast<MemRefType>(matrix.getType());
  auto layout = b.create<memref::ExtractStridedMetadataOp>(loc, matrix);
  auto strides = layout.getStrides();
  auto sizes = layout.getSizes();
  Value extent = add(b.create<arith::MulIOp>(loc, sizes[0], strides[0]),
                     b.create<arith::MulIOp>(loc, sizes[1], strides[1]));
  auto flatType = MemRefType::get(
      {ShapedType::kDynamic}, type.getElementType(),
      StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, {1}));
  Value flat = b.create<memref::ReinterpretCastOp>(
      loc, flatType, layout.getBaseBuffer(), layout.getOffset(),
      ValueRange{extent}, ValueRange{index(1)});
  return {flat, strides[0]};
}

/// One pair step p: acc[r][v] += A[r, k..k+1] . B[k..k+1, v-th columns]
/// with k = k0 + 2p, by VDPBF16PS on the interleaved panel row p. A's
/// pair is one 32-bit load, except for the `odd` last k of a block.
void RegisterTile::accumulatePairs(const Tile &tile, Value p,
                                   ArrayRef<Value> rowIndex,
                                   ArrayRef<Value> panelCol, Value activePairs,
                                   bool odd, MutableArrayRef<Value> acc) {
  int64_t vectors = panelCol.size();
  Value k = b.create<arith::AddIOp>(loc, tile.k0, mul(p, 2));
  SmallVector<Value> bRow = tile.unpacked
                                ? unpackedPairs(tile, p, vectors)
                                : panelPairs(tile, p, panelCol, activePairs);
  for (auto [r, row] : llvm::enumerate(rowIndex)) {
    Value splat = odd ? oddSplat(row, k) : pairSplat(tile, rowIndex, r, p, k);
    for (int64_t v = 0; v < vectors; ++v) {
      Value &slot = acc[r * vectors + v];
      slot = dotPairs(slot, splat, bRow[v]);
    }
  }
}

/// Row p of the interleaved panel at each of `panelCol`'s columns, the
/// last vector masked to `activePairs` (when not null).
SmallVector<Value> RegisterTile::panelPairs(const Tile &tile, Value p,
                                            ArrayRef<Value> panelCol,
                                            Value activePairs) {
  auto pairsType = VectorType::get({2 * kLanes}, b.getBF16Type());
  SmallVector<Value> pairs;
  for (auto [v, col] : llvm::enumerate(panelCol)) {
    SmallVector<Value, 2> at = {p, mul(col, 2)};
    if (activePairs && v + 1 == panelCol.size()) {
      Value zero =
          b.create<arith::ConstantOp>(loc, pairsType, b.getZeroAttr(pairsType));
      pairs.push_back(b.create<vector::MaskedLoadOp>(loc, pairsType, tile.panel,
                                                     at, activePairs, zero));
    } else {
      pairs.push_back(b.create<vector::LoadOp>(loc, pairsType, tile.panel, at));
    }
  }
  return pairs;
}

/// Row p of the tile's unpacked columns: `vectors` (2) operands.
SmallVector<Value> RegisterTile::unpackedPairs(const Tile &tile, Value p,
                                               int64_t vectors) {
  auto pairsType = VectorType::get({2 * kLanes}, b.getBF16Type());
  SmallVector<Value> pairs;
  for (int64_t v = 0; v < vectors; ++v)
    pairs.push_back(b.create<vector::LoadOp>(
        loc, pairsType, tile.unpacked, ValueRange{p, index(v * 2 * kLanes)}));
  return pairs;
}

/// (A[row, k], A[row, k+1]) repeated in all 16 lane pairs, k = k0 + 2p:
/// one 32-bit broadcast load, from A's row or from the packed strip.
Value RegisterTile::pairSplat(const Tile &tile, ArrayRef<Value> rowIndex,
                              int64_t r, Value p, Value k) {
  auto two = VectorType::get({2}, b.getBF16Type());
  Value pair;
  if (tile.lhsPairs) {
    // (the tile's first row + pair p) + r: one address register for all
    // rows, r a constant displacement, as LLVM then sees it. A 12-row
    // tile's rows 6-11 are the next strip's (tiles start at a strip's
    // first row, or have one row).
    Value offset = b.create<arith::SubIOp>(loc, rowIndex[0], tile.lhsRow0);
    Value firstRow = b.create<arith::AddIOp>(
        loc, tile.pairsBase,
        add(mul(b.create<arith::DivUIOp>(loc, offset, index(kTileRows)),
                GemmPacker::kPairStripStride),
            mul(b.create<arith::RemUIOp>(loc, offset, index(kTileRows)), 2)));
    Value at =
        add(b.create<arith::AddIOp>(loc, firstRow, mul(p, 2 * kTileRows)),
            r / kTileRows * GemmPacker::kPairStripStride + 2 * (r % kTileRows));
    pair = b.create<vector::LoadOp>(loc, two, tile.lhsPairs, ValueRange{at});
  } else {
    pair =
        b.create<vector::LoadOp>(loc, two, aRows, ValueRange{rowIndex[r], k});
  }
  Value word = b.create<vector::ExtractOp>(
      loc,
      b.create<vector::BitCastOp>(loc, VectorType::get({1}, b.getI32Type()),
                                  pair),
      ArrayRef<int64_t>{0});
  return splatWord(word);
}

/// (A[row, k], 0) repeated: the last k of a block with odd depth.
Value RegisterTile::oddSplat(Value row, Value k) {
  Value low = b.create<memref::LoadOp>(loc, a, ValueRange{row, k});
  Value bits = b.create<arith::BitcastOp>(loc, b.getI16Type(), low);
  return splatWord(b.create<arith::ExtUIOp>(loc, b.getI32Type(), bits));
}

Value RegisterTile::splatWord(Value word) {
  Value words = b.create<vector::BroadcastOp>(
      loc, VectorType::get({kLanes}, b.getI32Type()), word);
  return b.create<vector::BitCastOp>(
      loc, VectorType::get({2 * kLanes}, b.getBF16Type()), words);
}

/// 16 lanes of `matrix` at (i, j..j+15), widened to f32.
Value RegisterTile::load(Value matrix, Value i, Value j, Value active) {
  Type element = cast<MemRefType>(matrix.getType()).getElementType();
  return widen(loadLanes(VectorType::get({kLanes}, element), matrix,
                         ValueRange{i, j}, active));
}

} // namespace trm::cpu
