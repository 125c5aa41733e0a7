//===- GemmAmxImpl.h - the AMX kernel emitter's class -----------*- C++ -*-===//
//
// The emitter behind emitAmxGemmLoops (GemmAmx.h), shared by its files:
// GemmAmx.cpp (the blocking, the tiles, the epilogues) and
// GemmAmxPacking.cpp (A's and B's copies in TDPBF16PS's layouts).
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_CPU_GEMMAMXIMPL_H
#define TRM_BACKENDS_CPU_GEMMAMXIMPL_H

#include "backends/cpu/GemmStreaming.h"
#include "backends/cpu/GemmStripEpilogue.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

#include <optional>

namespace trm::cpu {
namespace amx_gemm {

constexpr int64_t kTileRows = 16;  // a tile: 16 rows of 64 bytes
constexpr int64_t kBlock = 32;     // a block of C: 2 x 2 tiles
constexpr int64_t kStepDepth = 32; // the k of one TDPBF16PS
constexpr int64_t kMaxSteps = 16;  // steps per depth block
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
/// The widest B whose A's whole row blocks are read in place, not packed
/// (see LhsTiles).
constexpr int64_t kInPlaceLhsMaxCols = 512;
/// The deepest product whose large C is streamed (see emitBlock).
constexpr int64_t kMaxStreamedDepth = 128;

/// The k steps a block's code is unrolled for: a depth block's steps are
/// rounded up to one of these (zeros padding the rest), so that a 97-deep
/// product pays for 128, not 512.
constexpr int64_t kStepVariants[] = {1, 2, 4, 8, kMaxSteps};

/// Where a row block's A tiles are read: tile (s, h) of its k steps at
/// source[row0 + 16 h + s stepRow, col0 + s stepCol]. From the packed copy
/// (stepRow 32, stepCol 0), or, when B has at most kInPlaceLhsMaxCols
/// columns (A's block then serves at most 16 blocks of C), from A itself
/// (stepRow 0, stepCol 32) if its rows are unit-stride, the block whole and
/// the depth block whole steps: rows 2 K bytes apart load slower than
/// packed tiles (1431 vs 1830 GFLOP/s in L1), but no copy reads and writes
/// all of A (2 threads, % of the host's AMX rate, 3 interleaved rounds:
/// 16384x1024x97 11.8 -> 20.1, 16384x512x97 11.1 -> 16.6, 6208x768x256
/// 20.9 -> 27.0, 1552x1536x512 21.5 -> 23.4; but 1552x512x3072 28.0 ->
/// 25.2, whose copy serves 96 blocks).
struct LhsTiles {
  mlir::Value source, row0, col0, stepRow, stepCol;
};

class AmxGemmEmitter : public KernelBuilder {
public:
  AmxGemmEmitter(mlir::OpBuilder &b, mlir::Location loc, mlir::Value a,
                 mlir::Value bm, mlir::Value c, mlir::Value product,
                 mlir::Value overwrite, const GemmEpilogue *epilogue)
      : KernelBuilder(b, loc), a(a), bMatrix(bm), c(c), product(product),
        overwrite(overwrite), epilogue(epilogue) {
    mlir::MLIRContext *ctx = b.getContext();
    mlir::Type bf16 = mlir::BFloat16Type::get(ctx),
               f32 = mlir::Float32Type::get(ctx);
    operandTile = mlir::VectorType::get({kTileRows, 2 * kTileRows}, bf16);
    resultTile = mlir::VectorType::get({kTileRows, kTileRows}, f32);
    int64_t dyn = mlir::ShapedType::kDynamic;
    auto unitRows = mlir::StridedLayoutAttr::get(ctx, dyn, {dyn, 1});
    rowsView = mlir::MemRefType::get({dyn, dyn}, f32, unitRows);
    bf16RowsView = mlir::MemRefType::get({dyn, dyn}, bf16, unitRows);
    epilogueBuffer = mlir::MemRefType::get({kBlock, 2 * kBlock}, f32);
  }

  void emit();

private:
  /// `matrix` (unit-stride rows) as a view of `rows` rows whose last size
  /// is its row stride: the AMX lowering takes a tile's row stride from
  /// the last size, not the stride.
  mlir::Value tileView(mlir::Value matrix, mlir::Value rows,
                       mlir::Value rowStride);

  /// packed[512 b + 32 s + r, d] = A[32 b + r, k0 + 32 s + d] (step s's
  /// two tiles of row block b, one after the other) for 32 s + d < depth,
  /// zero up to the block's `steps` k steps and on the rows past M; threads
  /// split the row blocks. Not the whole blocks read in place (`inPlace`).
  void packLhs(mlir::Value packed, mlir::Value k0, mlir::Value depth,
               mlir::Value inPlace, mlir::Value steps);

  /// Row block `block` of packLhs from A's unit-stride rows.
  void packLhsRows(mlir::Value packed, mlir::Value block, mlir::Value k0,
                   mlir::Value depth, mlir::Value steps);

  /// Row block `block` of packLhs from a transposed A, 32 k at a time: per
  /// k pair, A's two k-major rows (32 of its rows each) interleaved into 32
  /// (row, pair) words, the 16 pairs' words transposed by halves of 16 rows
  /// (VectorTranspose.h) into the step's tile rows. (Scattering element by
  /// element took 60 % of bf16 768x6208x256t's samples.)
  void packLhsTransposed(mlir::Value packed, mlir::Value block, mlir::Value k0,
                         mlir::Value depth, mlir::Value steps);

  /// TDPBF16PS's layout of B's panel, k pairs interleaved, tile after tile:
  /// packed[512 c + 32 s + 16 t + q, 2 j + h] = B[k0 + 32 s + 2 q + h,
  /// n0 + 32 c + 16 t + j] (tile t of step s of column block c), zero past
  /// `depth` and `cols` up to the block's steps and whole column blocks.
  void packRhsPanel(mlir::Value packed, mlir::Value k0, mlir::Value depth,
                    mlir::Value steps, mlir::Value n0, mlir::Value cols);

  /// B's column for the panels' column `col`: itself, or, gated, per 64
  /// columns 32 of B's left half (gate) then the same 32 of its right half
  /// (up), as StripEpilogue reads them.
  mlir::Value rhsColumn(mlir::Value col);

  /// The 32 x 32 block of C at (`row`, `col`), from packed A's row `row`
  /// and the panel's column `panelCol`: on C itself when whole, else
  /// through `scratch` (32 x 32), copied in and out masked.
  void emitBlock(const LhsTiles &lhs, mlir::Value rhsPacked, mlir::Value row,
                 mlir::Value col, mlir::Value panelCol, mlir::Value steps,
                 mlir::Value fresh, mlir::Value scratch);

  /// With an epilogue: the blocks of P at (`row`, the panel's `panelCol`)
  /// whose f one call of the strip epilogue applies (gated: the gate block
  /// and its up block), into `buffer` (epilogueBuffer), then f.
  void emitEpilogueBlocks(const LhsTiles &lhs, mlir::Value rhsPacked,
                          mlir::Value row, mlir::Value col,
                          mlir::Value panelCol, mlir::Value steps,
                          mlir::Value buffer);

  /// The block's tiles over the `steps` k steps (a runtime choice among
  /// kStepVariants) at target[(r0, c0) + ...], started at zero when
  /// `fresh`, else from target.
  void emitTiles(const LhsTiles &lhs, mlir::Value rhsPacked,
                 mlir::Value panelCol, mlir::Value steps, mlir::Value fresh,
                 mlir::Value target, mlir::Value r0, mlir::Value c0);

  /// The block's tiles over `steps` k steps at target[(r0, c0) + ...]:
  /// started at zero when `fresh`, else loaded; then stored.
  void emitSteps(int64_t steps, bool fresh, const LhsTiles &lhs,
                 mlir::Value rhsPacked, mlir::Value panelCol,
                 mlir::Value target, mlir::Value r0, mlir::Value c0);

  /// Row block `row`'s LhsTiles in the depth block from `k0`, whose A
  /// blocks are read in place when `inPlace` (i1) and the block is whole.
  LhsTiles lhsTilesAt(mlir::Value row, mlir::Value k0, mlir::Value inPlace);

  /// Copies the rows x cols corner of a 32 x 32 block between C at (row,
  /// col) and `scratch`: into scratch when `in`, else back.
  void copyCorner(mlir::Value scratch, mlir::Value row, mlir::Value col,
                  bool in);

  mlir::Value cmp(mlir::arith::CmpIPredicate p, mlir::Value x, mlir::Value y) {
    return b.create<mlir::arith::CmpIOp>(loc, p, x, y);
  }
  mlir::Value ceilDiv(mlir::Value x, int64_t d) {
    return b.create<mlir::arith::CeilDivUIOp>(loc, x, index(d));
  }
  mlir::Value clampedLanes(mlir::Value count, int64_t lanes) {
    return b.create<mlir::arith::MaxSIOp>(loc, index(0),
                                          min(count, index(lanes)));
  }
  void ifThen(mlir::Value condition, llvm::function_ref<void()> body) {
    auto op = b.create<mlir::scf::IfOp>(loc, condition);
    mlir::OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(op.thenBlock());
    body();
  }

  mlir::Value a, bMatrix, c, product, overwrite;
  const GemmEpilogue *epilogue;
  std::optional<StripEpilogue> strip;       // with an epilogue
  std::optional<StreamingStores> streaming; // without
  mlir::Value streamsShallow; // C streamed: enabled, K <= kMaxStreamedDepth
  mlir::MemRefType epilogueBuffer; // a block's (gated: two blocks') P
  mlir::Value m, n, k;
  mlir::Value cView;       // C for tile loads and stores (tileView)
  mlir::Value lhsRows;     // A with unit-stride rows (when row-major)
  mlir::Value lhsKMajor;   // the k x rows matrix a transposed A is
  mlir::Value lhsPacked;   // packLhs's copy, as a tile source
  mlir::Value lhsInPlace;  // A's rows as a tile source (when row-major)
  mlir::Value lhsRowMajor; // i1: A has unit-stride rows
  mlir::VectorType operandTile, resultTile;
  mlir::MemRefType rowsView, bf16RowsView;
};

} // namespace amx_gemm
} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMAMXIMPL_H
