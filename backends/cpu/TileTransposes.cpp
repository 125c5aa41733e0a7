//===- TileTransposes.cpp - the trm-cpu-tile-transposes pass --------------===//
#include "backends/cpu/VectorTranspose.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUTILETRANSPOSES
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

constexpr int64_t kTile = 32;

/// Tile sizes for `op`: kTile on the output's two innermost dims when the
/// permutation swaps them (each tile then reads and writes 32 short rows that
/// stay in L1), 1 on the others (a tile is one 32x32 block; the threads split
/// the outermost dim, a batch of 64 rather than 97 / 32 = 4 uneven blocks);
/// empty when the innermost dim stays in place (both sides are already read
/// and written row by row).
SmallVector<int64_t> tileSizes(linalg::TransposeOp op) {
  ArrayRef<int64_t> permutation = op.getPermutation();
  int64_t rank = static_cast<int64_t>(permutation.size());
  if (rank < 2 || permutation.back() == rank - 1)
    return {};
  SmallVector<int64_t> sizes(rank, 1);
  sizes[rank - 1] = kTile;
  // The output dim the input's innermost dim lands in.
  for (int64_t d = 0; d < rank; ++d)
    if (permutation[d] == rank - 1)
      sizes[d] = kTile;
  return sizes;
}

struct TileTransposes
    : mlir::trm::impl::TrmCpuTileTransposesBase<TileTransposes> {
  void runOnOperation() override {
    SmallVector<linalg::TransposeOp> transposes;
    getOperation().walk([&](linalg::TransposeOp op) {
      if (op.hasPureBufferSemantics())
        transposes.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::TransposeOp op : transposes) {
      if (::trm::cpu::isVectorTransposable(op)) {
        ::trm::cpu::emitVectorTranspose(rewriter, op);
        rewriter.eraseOp(op);
        continue;
      }
      SmallVector<int64_t> sizes = tileSizes(op);
      if (sizes.empty())
        continue;
      rewriter.setInsertionPoint(op);
      auto tiled = linalg::tileLinalgOp(
          rewriter, op,
          linalg::LinalgTilingOptions().setTileSizes(sizes).setLoopType(
              linalg::LinalgTilingLoopType::ParallelLoops));
      if (failed(tiled))
        return signalPassFailure();
      rewriter.eraseOp(op);
    }
  }
};

} // namespace
