//===- Fuse.cpp - the trm-fuse pass ---------------------------------------===//
#include "backends/cpu/LoweringUtils.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMFUSE
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

/// Fuse a producer only into its single consumer: with more users it would
/// be recomputed per consumer.
bool producerHasOneUser(OpOperand *fused) {
  Operation *producer = fused->get().getDefiningOp();
  return producer && producer->hasOneUse();
}

/// linalg.reduce as the equivalent generic, which elementwise fusion knows:
/// RMSNorm's square then fuses into its sum instead of being written out.
struct GeneralizeReduce : OpRewritePattern<linalg::ReduceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::ReduceOp op,
                                PatternRewriter &rewriter) const override {
    return linalg::generalizeNamedOp(rewriter, op);
  }
};

/// Whether `op` is `out = in0 + in1` over identical shapes.
bool isPlainAdd(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() != 0 ||
      !llvm::all_of(op.getIndexingMapsArray(),
                    [](AffineMap m) { return m.isIdentity(); }))
    return false;
  Block &body = op.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto add = yield.getValues()[0].getDefiningOp<arith::AddFOp>();
  return add && &body.front() == add.getOperation() &&
         llvm::is_contained(add->getOperands(), body.getArgument(0)) &&
         llvm::is_contained(add->getOperands(), body.getArgument(1)) &&
         body.getArgument(0) != body.getArgument(1);
}

/// A matmul epilogue: `r + matmul(a, b)` (the product possibly reshaped)
/// becomes `matmul(a, b)` accumulating onto r, the GEMM kernel's C, when the
/// product starts from zero and r dies at the add (an op's result with no
/// other user, so bufferization updates it in place): the add's pass over
/// r, the product and the result disappears.
struct FuseMatmulEpilogue : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp add,
                                PatternRewriter &rewriter) const override {
    if (!isPlainAdd(add))
      return failure();
    for (int side = 0; side < 2; ++side) {
      Value product = add.getDpsInputs()[side];
      Value residual = add.getDpsInputs()[1 - side];
      auto expand = product.getDefiningOp<tensor::ExpandShapeOp>();
      Value raw = expand ? expand.getSrc() : product;
      auto matmul = raw.getDefiningOp<linalg::LinalgOp>();
      if (!matmul ||
          !isa<linalg::MatmulOp, linalg::MatmulTransposeAOp,
               linalg::BatchMatmulOp, linalg::BatchMatmulTransposeAOp>(
              matmul.getOperation()) ||
          !raw.hasOneUse() || (expand && !product.hasOneUse()) ||
          !::trm::cpu::isZeroFill(matmul.getDpsInits()[0].getDefiningOp()) ||
          !residual.getDefiningOp() || !residual.hasOneUse() ||
          residual.getType() != add.getResult(0).getType())
        continue;
      rewriter.setInsertionPoint(add);
      Value accumulator = residual;
      if (expand)
        accumulator = rewriter.create<tensor::CollapseShapeOp>(
            add.getLoc(), raw.getType(), residual,
            expand.getReassociationIndices());
      Operation *fused = rewriter.clone(*matmul.getOperation());
      cast<linalg::LinalgOp>(fused).getDpsInitsMutable()[0].assign(accumulator);
      Value result = fused->getResult(0);
      if (expand)
        result = rewriter.create<tensor::ExpandShapeOp>(
            add.getLoc(), product.getType(), result,
            expand.getReassociationIndices());
      rewriter.replaceOp(add, result);
      return success();
    }
    return failure();
  }
};

struct FusePass : public mlir::trm::impl::TrmFuseBase<FusePass> {
  void runOnOperation() override {
    // Epilogues first: elementwise fusion would otherwise merge the adds
    // into their neighbours.
    RewritePatternSet epilogues(&getContext());
    epilogues.add<FuseMatmulEpilogue>(&getContext());
    RewritePatternSet patterns(&getContext());
    patterns.add<GeneralizeReduce>(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns, producerHasOneUser);
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(epilogues))) ||
        failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
