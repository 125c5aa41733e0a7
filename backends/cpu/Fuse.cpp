//===- Fuse.cpp - the trm-fuse pass ---------------------------------------===//
#include "passes/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
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

struct FusePass : public mlir::trm::impl::TrmFuseBase<FusePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<GeneralizeReduce>(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns, producerHasOneUser);
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
