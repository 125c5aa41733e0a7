//===- GemmPacking.h - operand copies of the GEMM kernel --------*- C++ -*-===//
//
// The copies the register-tiled kernel reads instead of its operands: B's
// cache panels (plain, or k pairs interleaved for VDPBF16PS) and a
// transposed A's 6-row strips in k-major order.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_CPU_GEMMPACKING_H
#define TRM_BACKENDS_CPU_GEMMPACKING_H

#include "backends/cpu/GemmEmitter.h"
#include "backends/cpu/KernelBuilder.h"

namespace trm::cpu {

/// The kernel's blocking (shared/notes schedule). The same on AVX2 hosts:
/// on Zen 3 (512 KiB of L2, which the 512 KiB panel fills) a 256 KiB panel
/// of 128 columns and 16-column slices (each 6x16 tile's B one contiguous
/// run) measured no better on 1 or 2 threads (interleaved rounds,
/// 2026-11-24); 256-k blocks would cost the epilogues and the streamed
/// stores their single pass over k.
struct GemmBlocking {
  static constexpr int64_t kTileRows = 6;     // register tile: 6 rows x
  static constexpr int64_t kTileVectors = 4;  //   4 vectors = 64 columns
  static constexpr int64_t kBlockCols = 256;  // cache panel of B: 256 columns
  static constexpr int64_t kBlockDepth = 512; //   x 512 k
  static constexpr int64_t kSliceCols = kTileVectors * 16; // a tile's columns
};

class GemmPacker : public KernelBuilder, public GemmBlocking {
public:
  /// Copies from A (`lhs`) and B (`rhs`) of one kernel invocation, with
  /// shuffles for the target's `registers`.
  GemmPacker(mlir::OpBuilder &b, mlir::Location loc, mlir::Value lhs,
             mlir::Value rhs, VectorRegisters registers)
      : KernelBuilder(b, loc), lhs(lhs), rhs(rhs), registers(registers) {}

  /// The FMA kernel's cache panel B[k0:k1, n0:n1] (f32: bf16 widened) as
  /// (slice, k - k0, j): column n0 + 64 slice + j, each slice the columns
  /// of one register tile, copied into `packed` as one contiguous run over
  /// k that the tile reads from first to last. (Rows a panel-width apart
  /// left the hardware prefetchers a 1 KiB stride, 4 KiB per unrolled load,
  /// and the rows' stride had to be read at run time; now it is 64.)
  /// `threaded`: the threads split the rows (a shared panel); else the
  /// calling thread copies them all (its own panel).
  mlir::Value panel(mlir::Value packed, mlir::Value k0, mlir::Value k1,
                    mlir::Value n0, mlir::Value n1, bool threaded = true);

  /// The FMA kernel's gated panel (see GemmEpilogue.h): as `panel`, but
  /// slice s holds columns [g0 + 32 s, g0 + 32 s + 32) of B's left half,
  /// then the same columns of its right half (from `half` on), so that a
  /// register tile's 4 vectors are 2 of gate and 2 of up. g1 - g0 is a
  /// multiple of 32 (gated GEMMs have whole tiles).
  mlir::Value gatedSlicedPanel(mlir::Value packed, mlir::Value k0,
                               mlir::Value k1, mlir::Value g0, mlir::Value g1,
                               mlir::Value half);

  /// Slice `s` of such a panel: the (k - k0, j) matrix of one register
  /// tile's columns.
  mlir::Value panelSlice(mlir::Value panel, mlir::Value s);

  /// The panel with k pairs interleaved (VDPBF16PS's layout): row p holds
  /// B's rows k0 + 2p and k0 + 2p + 1 column by column, with zeros past an
  /// odd k1.
  mlir::Value pairPanel(mlir::Value packed, mlir::Value k0, mlir::Value k1,
                        mlir::Value n0, mlir::Value n1);

  /// A gated pair panel (see GemmEpilogue.h): columns [g0, g0 + h) of B's
  /// left half, then the same columns of its right half (from `half` on),
  /// where h = (g1 - g0), k pairs interleaved.
  mlir::Value gatedPanel(mlir::Value packed, mlir::Value k0, mlir::Value k1,
                         mlir::Value g0, mlir::Value g1, mlir::Value half);

  /// Whether A is a transposed view (unit-stride rows, strided k), as an i1.
  mlir::Value lhsIsTransposed();

  /// A transposed A as the depth x rows matrix it is in memory; emitted
  /// once, before the loops that pack from it.
  mlir::Value lhsKMajor();

  /// strips[s + i, d, r] = A[m0 + 6 i + r, k0 + d] (as f32) for the
  /// `count` strips of rows from m0 (up to m), read from `kMajor`: per k
  /// and strip one 8-element copy of the strip's contiguous row elements
  /// (the next k's overwriting its last 2; the last k's masked).
  void packLhsStrips(mlir::Value kMajor, mlir::Value strips, mlir::Value s,
                     mlir::Value m0, mlir::Value m, mlir::Value count,
                     mlir::Value k0, mlir::Value k1);

  /// strips[s, d, r] = A[m0 + r, k0 + d], widened to f32, for the rows
  /// [m0, m1) of strip s, read from `rows` (A not transposed, unit-stride
  /// rows): 16 k of the 6 rows at a time, put in k-major order in
  /// registers (kMajorSixRows) and stored as 6 whole vectors (with ymm
  /// pairs, 8 k at a time: packLhsRowStripByEights). (Scattering each row
  /// 6 apart took a quarter of f32 6208x768x256's time.)
  void packLhsRowStrip(mlir::Value rows, mlir::Value strips, mlir::Value s,
                       mlir::Value m0, mlir::Value m1, mlir::Value k0,
                       mlir::Value k1);

  /// Elements per strip in the buffer of pair-packed strips (256 pairs x
  /// 6 rows x 2, plus a cache line against cache-set conflicts, which also
  /// takes the last pair's 16-element store).
  static constexpr int64_t kPairStripStride =
      kBlockDepth * kTileRows + 2 * kLanes;

  /// Pair mode: strips[s * kPairStripStride + 12 p + 2 r + h] =
  /// A[m0 + r, k0 + 2p + h] for the rows [m0, m1) of strip s, zero past an
  /// odd k1: per pair, the strip's part of two k-major rows, interleaved.
  void packLhsPairStrip(mlir::Value kMajor, mlir::Value strips, mlir::Value s,
                        mlir::Value m0, mlir::Value m1, mlir::Value k0,
                        mlir::Value k1);

  /// The FMA kernel's strips (s, d, r) as one flat buffer: strip s's
  /// (r, d) at element (512 s + d) 6 + r.
  mlir::Value flatStrips(mlir::Value strips);

  /// A (not transposed) as a view with unit-stride rows, the layout whose
  /// k pairs the VDPBF16PS kernel reads as 32-bit words.
  mlir::Value lhsWithUnitRows();

  /// Strip s of `strips` as A's (row, k) view: element (r, d) at 6 d + r.
  mlir::Value lhsStripView(mlir::Value strips, mlir::Value s);

private:
  /// `packed` as `slices` slices of `depth` rows of kSliceCols columns.
  mlir::Value slicedView(mlir::Value packed, mlir::Value slices,
                         mlir::Value depth);

  /// Columns [from, from + count) of B, placed from column `at` of a panel.
  struct ColumnRun {
    mlir::Value from, count, at;
  };

  /// Copies B[k0:k1, n0:n0 + cols] into the sliced panel `sliced` (f32:
  /// bf16 widened), rows split across threads when `threaded`.
  void copyPanel(mlir::Value sliced, mlir::Value k0, mlir::Value k1,
                 mlir::Value n0, mlir::Value cols, bool threaded);

  /// Pair-mode packing: packed[p, 2 (at + j) + h] = B[k0 + 2p + h, from + j]
  /// per run, with a zero row past an odd k1.
  void packPairs(mlir::Value packed, mlir::Value k0, mlir::Value k1,
                 llvm::ArrayRef<ColumnRun> runs);

  /// `packed` as a pair panel of `cols` columns (two elements each, k
  /// pairs interleaved) whose rows are `cols` rounded up to a vector apart:
  /// a narrow B (97 or 128 columns) then fills its rows' cache lines instead
  /// of a part of each kBlockCols-wide row, which left the loads of
  /// successive k strided.
  mlir::Value tightPanel(mlir::Value packed, mlir::Value k0, mlir::Value k1,
                         mlir::Value cols);

  /// A as a (rows, k) view (or, `kMajor`, the (k, rows) matrix a transposed
  /// A is) with unit inner stride, for the caller to know it has one.
  mlir::Value unitStrideLhs(bool kMajor);

  /// Emits `copy` with a reader of 8 elements from m0 of a k-major row:
  /// whole loads while they stay in the row (those past m1 are rows no tile
  /// reads), else loads masked to the `rows` rows.
  void withStripRowReader(
      mlir::Value kMajor, mlir::Value m0, mlir::Value rows,
      llvm::function_ref<void(llvm::function_ref<mlir::Value(mlir::Value)>)>
          copy);

  /// Rows [m0, m1) of A's unit-stride `rows` (6 of them, a short strip's
  /// last repeated) at k from `kk`, as `lanes`-lane f32 vectors (bf16
  /// widened), masked to `active` unless that is null.
  llvm::SmallVector<mlir::Value> stripRowVectors(mlir::Value rows,
                                                 mlir::Value m0, mlir::Value m1,
                                                 mlir::Value kk, int64_t lanes,
                                                 mlir::Value active);

  /// The 6 x 16 block `rows` in k-major order: 6 vectors holding element
  /// (r, k) at 6 k + r, by 18 two-vector shuffles.
  llvm::SmallVector<mlir::Value>
  kMajorSixRows(llvm::ArrayRef<mlir::Value> rows);

  /// packLhsRowStrip for ymm pairs, whose 16-lane two-source shuffles
  /// become dozens of ymm ones and spills: 8 k of the 6 rows at a time,
  /// stored as 6 whole vectors (kMajorSixRowsByEights).
  void packLhsRowStripByEights(mlir::Value rows, mlir::Value strips,
                               mlir::Value s, mlir::Value m0, mlir::Value m1,
                               mlir::Value k0, mlir::Value k1);

  /// The 6 x 8 block `rows` (8-lane vectors) in k-major order: 6 vectors
  /// holding element (r, k) at 6 k + r, by 14 in-lane shuffles (each
  /// 128-bit half its own 4 k) and 6 picks of 128-bit halves. (One vector
  /// per k, stored 6 apart, took 9 overlapping stores per block, a third
  /// of them split across cache lines.)
  llvm::SmallVector<mlir::Value>
  kMajorSixRowsByEights(llvm::ArrayRef<mlir::Value> rows);

  mlir::Value lhs, rhs;
  VectorRegisters registers;
};

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMPACKING_H
