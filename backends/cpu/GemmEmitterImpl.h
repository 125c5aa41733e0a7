//===- GemmEmitterImpl.h - the GEMM kernel emitter's class ------*- C++ -*-===//
//
// The emitter behind emitGemmLoops (GemmEmitter.h), shared by its files:
// GemmEmitter.cpp (the blocking and the shared-panel order) and
// GemmOwnB.cpp (with few rows, per-thread copies of B).
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_CPU_GEMMEMITTERIMPL_H
#define TRM_BACKENDS_CPU_GEMMEMITTERIMPL_H

#include "backends/cpu/GemmColumnDots.h"
#include "backends/cpu/GemmEmitter.h"
#include "backends/cpu/GemmEpilogue.h"
#include "backends/cpu/GemmStripEpilogue.h"
#include "backends/cpu/GemmTile.h"

#include <optional>

namespace trm::cpu {

/// Emits the loops of one kernel invocation.
class GemmEmitter : public KernelBuilder, public GemmBlocking {
public:
  /// `pairs`: bf16 operands multiplied two k at a time by VDPBF16PS.
  /// `epilogue`: C is the epilogue's result, H (see GemmEpilogue.h), and
  /// `product` P when the epilogue keeps it (else null).
  GemmEmitter(mlir::OpBuilder &b, mlir::Location loc, mlir::Value a,
              mlir::Value bm, mlir::Value c, mlir::Value product,
              mlir::Value overwrite, bool pairs, const GemmEpilogue *epilogue,
              VectorRegisters registers)
      : KernelBuilder(b, loc), a(a), bMatrix(bm), c(c), product(product),
        overwrite(overwrite), pairs(pairs), epilogue(epilogue),
        registers(registers), packer(b, loc, a, bm, registers),
        rowPairs(b, loc, bm) {}

  void emit();

private:
  /// The cache tiles in turn, B's panel packed for each, the threads
  /// sharing its strips (x parts).
  void emitPanelSteps();

  /// The FMA tiles over per-thread panels: B's columns dealt out in as many
  /// runs as there are threads (equal shares of 64-column tiles), each run
  /// taking its depth blocks in turn and, in each, its parts of up to 256
  /// columns: packing the block's strips of
  /// A into the run's own copy (at its first part), copying the part's
  /// 512 x 256 block of B into a panel on its thread's stack, then passing
  /// the strips over it, whose tiles fetch the run's next block of B
  /// meanwhile. The threads meet twice, not twice per depth block as over
  /// a shared panel; each run packs A's block of strips itself (rows x 512
  /// elements, against rows x 512 x 256 multiply-adds per part), so that
  /// it stays in the run's L2 instead of all of A's copy streaming from L3
  /// (which made 1 thread lose ~8 points of % host at 97x16384x1024t).
  void emitPartsPackingB();

  /// Run `run` of emitPartsPackingB, its panels copied into `panel`.
  void emitRun(mlir::Value run, mlir::Value panel);

  /// The VDPBF16PS tiles over B's rows unpacked (GemmDirectPairs.h): a
  /// transposed A packed for every depth block first, then one parallel
  /// loop over 128-column parts, each taking the depth blocks in turn:
  /// unpacking its part of the block's rows into a 128 KiB copy on its
  /// thread's stack, then passing all of A's rows over each 32-column group
  /// of it (32 KiB: in L1 meanwhile). The threads meet twice, not twice per
  /// depth block, and while one waits on memory for its copy the other
  /// computes (bf16, 2 threads, 3 interleaved rounds: 97x16384x1024t
  /// 70.7 -> 72.7 %, 256x6208x1536t 82.8 -> 88.7 %). The copy reads
  /// 4 lines of each row in turn, which the hardware prefetchers follow;
  /// fetching the next part's rows meanwhile made 97x16384x1024t lose 6 %
  /// (1 thread, Zen 5), but the tiles fetching the same part's next depth
  /// block into L2 (GemmPrefetch.h) cut the copy's wait on memory (Zen 4,
  /// bf16, % of the host's rate, 3 interleaved rounds, 1 thread:
  /// 97x16384x1024t 69.1 -> 74.2, 97x16384x512t 69.4 -> 75.8,
  /// 256x6208x1536t 82.0 -> 85.0; 2 threads, 4 rounds: 68.0 -> 69.1,
  /// 65.8 -> 70.4, 75.8 -> 77.1).
  void emitPartsUnpackingB();

  /// Group `group` of a part's unpacked copy, as the (pair, word) matrix
  /// its tiles read.
  mlir::Value groupOf(mlir::Value unpacked, mlir::Value group);

  /// The tile of depth block `depth`, reading A where `base` does.
  Tile depthBlock(mlir::Value depth);

  /// How A is read: whether it is transposed and whether its strips are
  /// packed (runtime flags; the latter known true for a bf16 A in the FMA
  /// kernel), A as the k-major matrix it is when transposed, its
  /// unit-stride rows (bf16, not transposed; else null), and the buffer of
  /// its packed strips.
  struct PackedLhs {
    mlir::Value transposed, packs, kMajor, rows, strips;
    bool packsAlways = false;
  };

  /// With A's strips packed, when `due`: packs every strip of the `blocks`
  /// depth blocks from `firstDepth` into packed strips 0, 1, ... (block by
  /// block), threads splitting them; the copies then serve all of a block's
  /// panels (depth-major order) or columns (unpacking B).
  void packAllStrips(mlir::Value firstDepth, mlir::Value blocks,
                     mlir::Value due);

  /// Packs A's strips [first, first + count) for the tile's depth block
  /// into packed strips from `firstPacked` on: a transposed A (FMA kernel)
  /// 8 k at a time over all of them (its rows read front to back), else
  /// strip by strip.
  void packStrips(const Tile &tile, mlir::Value firstPacked, mlir::Value first,
                  mlir::Value count);

  /// Strip `strip` x columns [c0, c1): from A's packed copy when its strips
  /// are packed (packed here unless in depth-major order, where
  /// packAllStrips did it); else from A itself.
  void emitStripOfTransposable(const Tile &tile, mlir::Value strip,
                               mlir::Value c0, mlir::Value c1,
                               mlir::Value depthMajor);

  /// Rows from strip `strip`'s first to `m1` x columns [c0, c1), as
  /// emitStripOfTransposable; packed rows come from packed strip
  /// `packedStrip` on. (Only the unpacked path passes more than one
  /// strip's rows, with the strips of every depth block packed.)
  void emitRowsOfTransposable(const Tile &tile, mlir::Value strip,
                              mlir::Value packedStrip, mlir::Value m1,
                              mlir::Value c0, mlir::Value c1,
                              mlir::Value depthMajor);

  /// Packs the tile's panel of B (columns [n0, n1) of `n`) as the kernel
  /// reads it: plain, pair-interleaved, or gated (each half of the columns
  /// from its half of B).
  mlir::Value packPanel(Tile &tile, mlir::Value packed, mlir::Value n1);

  /// Rows [m0, m1) x columns [c0, c1) of the panel's columns, accumulating
  /// over k in [k0, k1); `panel` holds B[k0:k1, n0:n1].
  void emitBlock(const Tile &tile, mlir::Value m0, mlir::Value m1,
                 mlir::Value c0, mlir::Value c1);

  /// `rows` rows from `row` x columns [c0, c1): full 64-column tiles, then
  /// one masked tile.
  void emitRowStrip(const Tile &tile, mlir::Value row, int64_t rows,
                    mlir::Value c0, mlir::Value c1);

  /// The vectors per row of a register tile of `rows` rows (VectorRegisters).
  int64_t tileVectors(int64_t rows) const;

  /// The cache tile as the register tile at column `col` reads it: in FMA
  /// mode, the panel's slice of its columns (GemmPacker::panel), whose
  /// first column (n0) is `col` or, for a narrow tile, before it.
  Tile columnsFrom(const Tile &tile, mlir::Value col);

  bool gated() const { return epilogue && epilogue->gated; }

  mlir::Value a, bMatrix, c, product, overwrite;
  bool pairs;
  const GemmEpilogue *epilogue;
  VectorRegisters registers;
  GemmPacker packer;
  DirectPairs rowPairs;                       // B's rows unpacked for VDPBF16PS
  std::optional<RegisterTile> tiles;          // once A's views are known
  std::optional<ColumnDots> columnDots;       // no epilogue (f32 C)
  std::optional<StripEpilogue> stripEpilogue; // FMA kernel, gated
  mlir::Value m, n, k;                        // C is m x n, k deep
  mlir::Value strips, panels,
      depths;            // 6-row strips, column panels, 512-k blocks
  mlir::Value panelCols; // a panel's columns (256 in pair mode)
  mlir::Value ownRuns;   // emitPartsPackingB's runs of parts (one per thread)
  mlir::Value threads;   // omp_get_max_threads (asked before any loop)
  mlir::func::FuncOp threadNumber; // omp_get_thread_num, declared up front
  PackedLhs lhs;
  Tile base; // reads A itself
};

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMEMITTERIMPL_H
