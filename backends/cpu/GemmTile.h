//===- GemmTile.h - the GEMM kernel's register tile -------------*- C++ -*-===//
//
// The innermost part of the GEMM kernel (GemmEmitter.cpp has the loops
// around it): a register tile of up to 6 rows x 4 vectors of accumulators
// (6 x 1 where the vectors are ymm pairs, without AVX-512; 12 x 2, 6 x 2 or
// 1 x 2 over B's unpacked rows) over one cache tile's
// k range, fed per k by broadcasts of A and rows of B (FMA), or per k pair
// by 32-bit broadcasts and interleaved pairs (VDPBF16PS), then stored, or
// passed through an epilogue.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_CPU_GEMMTILE_H
#define TRM_BACKENDS_CPU_GEMMTILE_H

#include "backends/cpu/GemmDirectPairs.h"
#include "backends/cpu/GemmPacking.h"
#include "backends/cpu/GemmPrefetch.h"
#include "backends/cpu/GemmStreaming.h"

#include <optional>

namespace trm::cpu {

struct GemmEpilogue;

/// A cache tile: the packed B[k0:k1, n0:n1] and where it came from, and
/// where A's rows are read: A itself, or a packed copy whose (0, 0) is A's
/// (lhsRow0, lhsK0).
struct Tile {
  mlir::Value panel, n0, k0, k1;
  mlir::Value lhs, lhsRow0, lhsK0;
  /// `lhs` is one packed 6-row strip (FMA): a 6-row tile starts at its
  /// first row, so its rows are constant offsets from one address. The
  /// strip starts at element `stripStart` of the flat buffer of strips.
  bool lhsIsStrip = false;
  mlir::Value stripStart;
  /// Pair mode, transposed A: A's k pairs of this strip, packed from
  /// element `pairsBase` of this flat buffer (see packLhsPairStrip).
  mlir::Value lhsPairs, pairsBase;
  /// With a gated epilogue: where the panel's right-half columns start.
  mlir::Value rightHalf;
  /// What fetches the next tile's B meanwhile (null: nothing), and which
  /// of its shares of rows this tile fetches, for the tile's columns.
  NextTilePrefetch *prefetch = nullptr;
  mlir::Value prefetchShare;
  /// The first row of the strip whose rows its 6-row tiles fetch
  /// meanwhile from `lhsAhead` (NextStripPrefetch; null: none), when
  /// `lhsAheadWanted` (null: always).
  mlir::Value lhsAhead, lhsAheadRow, lhsAheadWanted;
  /// How many of the panel's last columns are dot products
  /// (GemmColumnDots.h); null: none.
  mlir::Value dotColumns;
  /// VDPBF16PS operands unpacked from B's rows for the tile's 32 columns
  /// (DirectPairs::unpackInto; null: from the panel). The accumulators
  /// then hold the columns in the unpacked order.
  mlir::Value unpacked;
  /// FMA kernel with a gated epilogue: the strip buffer its tiles store
  /// their sums in (GemmStripEpilogue.h), whose (0, 0) is C's (bufferRow0,
  /// bufferCol0).
  mlir::Value buffer, bufferRow0, bufferCol0;
};

class RegisterTile : public KernelBuilder, public GemmBlocking {
public:
  /// A, B, C of the kernel; `aRows` A as a unit-stride view in pair mode
  /// (when not transposed); `wholeVectors` the vectors of a whole 6-row
  /// tile (4, or 1 in ymm pairs); `streamLargeC` whether a large C may be
  /// stored non-temporally (GemmStreaming.h); the rest as GemmEmitter
  /// takes them.
  RegisterTile(mlir::OpBuilder &b, mlir::Location loc, mlir::Value a,
               mlir::Value bm, mlir::Value c, mlir::Value product,
               mlir::Value overwrite, mlir::Value aRows, bool pairs,
               const GemmEpilogue *epilogue, int64_t wholeVectors,
               bool streamLargeC);

  /// The register tile at (`row`, `col`): `rows` x `vectors` accumulators,
  /// live across k; `lanes` (null: all) columns of its last vector are
  /// real.
  void emit(const Tile &tile, mlir::Value row, int64_t rows, mlir::Value col,
            int64_t vectors, mlir::Value lanes);

private:
  /// Sets of accumulators for a single row (see the definition).
  static constexpr int64_t kPhases = 4;
  /// k steps per iteration of a 6-row FMA tile's loop (see emit).
  static constexpr int64_t kUnrolledSteps = 4;
  llvm::SmallVector<mlir::Value>
  accumulatePhased(const Tile &tile, llvm::ArrayRef<mlir::Value> rowIndex,
                   llvm::ArrayRef<mlir::Value> panelCol,
                   llvm::ArrayRef<mlir::Value> initial, mlir::Value pairs);

  /// A kept P: the tile's sums where P has them. The panel's column j is
  /// P's column n0 + j; in a gated panel (see GemmPacking.h) P's n0 / 2 + j
  /// in the left half, N / 2 + n0 / 2 + j - rightHalf in the right one.
  void storeProduct(const Tile &tile, mlir::ValueRange result,
                    llvm::ArrayRef<mlir::Value> rowIndex,
                    llvm::ArrayRef<mlir::Value> panelCol, mlir::Value active);

  /// The accumulators' start: zero in the first k block of an overwriting
  /// call (no fill pass over C, no cache misses on its rows), else C (and
  /// the next tile's C fetched).
  llvm::SmallVector<mlir::Value>
  initialAccumulators(const Tile &tile, llvm::ArrayRef<mlir::Value> rowIndex,
                      llvm::ArrayRef<mlir::Value> colIndex, mlir::Value active);

  /// Fetches the C rows of the tile to the right (the next one of the
  /// strip) while this one computes: a tile that adds to C (a later depth
  /// block) otherwise waits on them before its k loop, and a panel of C
  /// (1552 x 256 floats) no longer fits in L2 by the next depth block.
  void prefetchNextTileOfC(llvm::ArrayRef<mlir::Value> rowIndex,
                           llvm::ArrayRef<mlir::Value> colIndex);

  /// The gated epilogue on a finished tile: H[row, col / 2 + 16 v] =
  /// f(left vector v, right vector v) for v < 2.
  void storeGated(mlir::ValueRange result, llvm::ArrayRef<mlir::Value> rowIndex,
                  mlir::Value col);

  /// The k steps [0, `steps`) of a whole 6 x 4 tile over a packed strip,
  /// kUnrolledSteps per iteration, addressed by carried offsets; each
  /// iteration emits `fetchAt(k)`, its fetches for later tiles.
  llvm::SmallVector<mlir::Value>
  stripSteps(const Tile &tile, mlir::Value steps,
             llvm::ArrayRef<mlir::Value> panelCol, mlir::ValueRange initial,
             llvm::function_ref<void(mlir::Value)> fetchAt);

  /// acc[r][v] += lhsAt(r) * bRow[v] for each row r of the accumulators.
  void multiplyAdd(llvm::ArrayRef<mlir::Value> bRow,
                   llvm::MutableArrayRef<mlir::Value> acc,
                   llvm::function_ref<mlir::Value(int64_t)> lhsAt);

  /// `matrix` as a flat run of elements from its first, and the stride of
  /// its first dim.
  std::pair<mlir::Value, mlir::Value> flatten(mlir::Value matrix);

  /// One k step, k = k0 + `panelRow`: acc[r][v] += A[r, k] * B[k, v-th 16
  /// columns].
  void accumulate(const Tile &tile, mlir::Value panelRow,
                  llvm::ArrayRef<mlir::Value> rowIndex,
                  llvm::ArrayRef<mlir::Value> panelCol, mlir::Value active,
                  llvm::MutableArrayRef<mlir::Value> acc);

  /// One pair step p: acc[r][v] += A[r, k..k+1] . B[k..k+1, v-th columns]
  /// with k = k0 + 2p, by VDPBF16PS on the interleaved panel row p. A's
  /// pair is one 32-bit load, except for the `odd` last k of a block.
  void accumulatePairs(const Tile &tile, mlir::Value p,
                       llvm::ArrayRef<mlir::Value> rowIndex,
                       llvm::ArrayRef<mlir::Value> panelCol,
                       mlir::Value activePairs, bool odd,
                       llvm::MutableArrayRef<mlir::Value> acc);

  /// Row p of the interleaved panel at each of `panelCol`'s columns, the
  /// last vector masked to `activePairs` (when not null).
  llvm::SmallVector<mlir::Value>
  panelPairs(const Tile &tile, mlir::Value p,
             llvm::ArrayRef<mlir::Value> panelCol, mlir::Value activePairs);

  /// Row p of the tile's unpacked B operands (Tile::unpacked).
  llvm::SmallVector<mlir::Value> unpackedPairs(const Tile &tile, mlir::Value p,
                                               int64_t vectors);

  /// (A[row, k], A[row, k+1]) repeated in all 16 lane pairs for row
  /// `rowIndex[r]`, k = k0 + 2p: one 32-bit broadcast load, from A's row
  /// or from the packed strip.
  mlir::Value pairSplat(const Tile &tile, llvm::ArrayRef<mlir::Value> rowIndex,
                        int64_t r, mlir::Value p, mlir::Value k);

  /// (A[row, k], 0) repeated: the last k of a block with odd depth.
  mlir::Value oddSplat(mlir::Value row, mlir::Value k);

  mlir::Value splatWord(mlir::Value word);

  /// 16 lanes of `matrix` at (i, j..j+15), widened to f32.
  mlir::Value load(mlir::Value matrix, mlir::Value i, mlir::Value j,
                   mlir::Value active);

  bool gated() const;

  /// target[row r, col v] = result[r][v] for the tile's rows and vectors,
  /// the last masked to `active` (when not null); whole vectors
  /// non-temporal through `streams` (for `target`) when not null.
  void storeTile(mlir::Value target, llvm::ArrayRef<mlir::Value> result,
                 llvm::ArrayRef<mlir::Value> rowIndex,
                 llvm::ArrayRef<mlir::Value> colIndex, mlir::Value active,
                 StreamingStores *streams);

  /// storeTile, streamed when `streams` exists and is enabled at run time.
  void storeTileMaybeStreamed(mlir::Value target,
                              llvm::ArrayRef<mlir::Value> result,
                              llvm::ArrayRef<mlir::Value> rowIndex,
                              llvm::ArrayRef<mlir::Value> colIndex,
                              mlir::Value active,
                              std::optional<StreamingStores> &streams);

  mlir::Value a, bMatrix, c, product, overwrite;
  mlir::Value aRows;
  bool pairs;
  const GemmEpilogue *epilogue;
  int64_t wholeVectors;
  DirectPairs rowPairs;
  std::optional<StreamingStores> streaming;        // no epilogue, f32 C
  std::optional<StreamingStores> productStreaming; // a kept P
  mlir::VectorType vector, mask;
};

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMTILE_H
