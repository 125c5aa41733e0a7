//===- Fuse.cpp - the trm-fuse pass ---------------------------------------===//
#include "backends/cpu/LoweringUtils.h"
#include "backends/cpu/SiblingFusion.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMFUSE
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

/// Whether the generic `op` costs less to recompute than its result costs
/// to write and read back: a short chain of casts and adds/multiplies (the
/// bf16 rounding `extf(truncf(g))` of a gradient read by two consumers).
bool isCheapToRecompute(linalg::GenericOp op) {
  constexpr int64_t kMaxOps = 3;
  Block &body = op.getRegion().front();
  if (op.getNumReductionLoops() != 0 ||
      static_cast<int64_t>(body.getOperations().size()) > kMaxOps + 1)
    return false;
  return llvm::all_of(body.without_terminator(), [](Operation &inner) {
    return isa<arith::TruncFOp, arith::ExtFOp, arith::AddFOp, arith::SubFOp,
               arith::MulFOp, arith::NegFOp>(inner);
  });
}

bool isMatmul(Operation *op) {
  return isa_and_nonnull<linalg::MatmulOp, linalg::MatmulTransposeAOp,
                         linalg::BatchMatmulOp,
                         linalg::BatchMatmulTransposeAOp>(op);
}

/// Whether `op` narrows a matmul product that only it reads (a gradient's
/// bf16 rounding): the GEMM kernel applies it as it stores the product
/// (trm-cpu-matmul-kernels) and writes the narrow values, where a consumer
/// that fused it would read the wide ones.
bool isNarrowingMatmulEpilogue(Operation *op) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || generic.getNumDpsInputs() != 1 ||
      generic->getNumResults() != 1)
    return false;
  Value product = generic.getDpsInputs()[0];
  while (auto expand = product.getDefiningOp<tensor::ExpandShapeOp>()) {
    if (!product.hasOneUse())
      return false;
    product = expand.getSrc();
  }
  auto wide = cast<ShapedType>(product.getType());
  auto narrow = cast<ShapedType>(generic->getResult(0).getType());
  return product.hasOneUse() && isMatmul(product.getDefiningOp()) &&
         narrow.getElementTypeBitWidth() < wide.getElementTypeBitWidth();
}

/// Fuse a producer only into its single consumer: with more users it would
/// be recomputed per consumer (cheap ones get a copy per user first); and
/// not a matmul's narrowing epilogue.
bool producerHasOneUser(OpOperand *fused) {
  Operation *producer = fused->get().getDefiningOp();
  return producer && producer->hasOneUse() &&
         !isNarrowingMatmulEpilogue(producer);
}

/// Whether every user of `op` reads all of `op`'s result through a map that
/// elementwise fusion can fold, so that a copy of `op` fuses into each.
bool allUsersCanFuse(linalg::GenericOp op) {
  return llvm::all_of(op->getUses(), [](OpOperand &use) {
    return linalg::areElementwiseOpsFusable(&use);
  });
}

/// Whether the one-input elementwise `op` reads a value that stays live
/// across its users anyway (read directly by an op after its first user)
/// and is no wider than its result: each user can then recompute `op` from
/// that value, reading as many bytes as it read of the result. SwiGLU's
/// silu(gate) is the case: the backward reads the gate for silu's gradient,
/// so silu(gate) need not be kept from the forward, whose silu * up then
/// becomes one pass, and the backward's up gradient joins the gate
/// gradient's pass (see SiblingFusion.h), which computes silu's sigmoid
/// anyway.
bool readsInputKeptAcrossUsers(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 1 || op.getNumReductionLoops() != 0)
    return false;
  Value input = op.getDpsInputs()[0];
  auto inputType = dyn_cast<RankedTensorType>(input.getType());
  auto resultType = dyn_cast<RankedTensorType>(op.getResult(0).getType());
  if (!inputType || !resultType ||
      inputType.getElementTypeBitWidth() > resultType.getElementTypeBitWidth())
    return false;
  Block *block = op->getBlock();
  Operation *firstUser = nullptr;
  for (Operation *user : op->getUsers()) {
    Operation *inBlock = block->findAncestorOpInBlock(*user);
    if (!inBlock)
      return false;
    if (!firstUser || inBlock->isBeforeInBlock(firstUser))
      firstUser = inBlock;
  }
  return llvm::any_of(input.getUsers(), [&](Operation *user) {
    Operation *inBlock = block->findAncestorOpInBlock(*user);
    return user != op && inBlock && firstUser->isBeforeInBlock(inBlock);
  });
}

/// Gives each user of a producer its own copy when every user can fuse it
/// and recomputing it costs no memory traffic (isCheapToRecompute,
/// readsInputKeptAcrossUsers): each copy then fuses into its user, and the
/// value is never written out and read back. (Linalg's fusion of a producer
/// with several users would instead make the fused op also yield the
/// producer's value.)
void copySharedProducers(Operation *root) {
  SmallVector<linalg::GenericOp> shared;
  root->walk([&](linalg::GenericOp op) {
    if (op->getNumResults() == 1 && !op->hasOneUse() && !op->use_empty() &&
        allUsersCanFuse(op) &&
        (isCheapToRecompute(op) || readsInputKeptAcrossUsers(op)))
      shared.push_back(op);
  });
  for (linalg::GenericOp op : shared) {
    SmallVector<OpOperand *> uses;
    for (OpOperand &use : op->getUses())
      uses.push_back(&use);
    OpBuilder b(op);
    for (OpOperand *use : llvm::drop_begin(uses))
      use->set(b.clone(*op)->getResult(0));
  }
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
      if (!matmul || !isMatmul(matmul) || !raw.hasOneUse() ||
          (expand && !product.hasOneUse()) ||
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

/// `f(concat(x1, x2, ...))` for an elementwise f of one operand (a cast to
/// bf16 of SwiGLU's gate and up gradients) becomes `concat(f(x1), f(x2),
/// ...)`: each f then fuses into the producer of its slice, which writes the
/// bf16 values directly instead of an f32 concatenation that is read again.
/// The concatenation is the lowering's chain of insertions into an empty
/// tensor, each read only by the next.
struct SplitOverConcat : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getNumDpsInputs() != 1 || op.getNumDpsInits() != 1 ||
        op.getNumReductionLoops() != 0 ||
        !llvm::all_of(op.getIndexingMapsArray(),
                      [](AffineMap m) { return m.isIdentity(); }) ||
        op.payloadUsesValueFromOperand(op.getDpsInitOperand(0)))
      return failure();
    SmallVector<tensor::InsertSliceOp> chain;
    Value link = op.getDpsInputs()[0];
    while (auto insert = link.getDefiningOp<tensor::InsertSliceOp>()) {
      auto source = dyn_cast<RankedTensorType>(insert.getSource().getType());
      if (!link.hasOneUse() || !source || !source.hasStaticShape() ||
          source.getRank() != insert.getType().getRank())
        return failure();
      chain.push_back(insert);
      link = insert.getDest();
    }
    if (chain.empty() || !link.getDefiningOp<tensor::EmptyOp>())
      return failure();
    auto resultType = cast<RankedTensorType>(op.getResult(0).getType());
    Type element = resultType.getElementType();
    Location loc = op.getLoc();
    Value concat = ::trm::cpu::emptyTensor(rewriter, loc, resultType);
    for (tensor::InsertSliceOp insert : llvm::reverse(chain)) {
      auto sliceType =
          RankedTensorType::get(insert.getSourceType().getShape(), element);
      IRMapping operands;
      operands.map(op.getDpsInputs()[0], insert.getSource());
      operands.map(op.getDpsInits()[0],
                   ::trm::cpu::emptyTensor(rewriter, loc, sliceType));
      Operation *slice = rewriter.clone(*op, operands);
      slice->getResult(0).setType(sliceType);
      concat = rewriter.create<tensor::InsertSliceOp>(
          loc, slice->getResult(0), concat, insert.getMixedOffsets(),
          insert.getMixedSizes(), insert.getMixedStrides());
    }
    rewriter.replaceOp(op, concat);
    return success();
  }
};

struct FusePass : public mlir::trm::impl::TrmFuseBase<FusePass> {
  void runOnOperation() override {
    // Epilogues first: elementwise fusion would otherwise merge the adds
    // into their neighbours.
    RewritePatternSet epilogues(&getContext());
    epilogues.add<FuseMatmulEpilogue, SplitOverConcat>(&getContext());
    RewritePatternSet patterns(&getContext());
    patterns.add<GeneralizeReduce>(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns, producerHasOneUser);
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(epilogues))))
      return signalPassFailure();
    copySharedProducers(getOperation());
    FrozenRewritePatternSet fusion(std::move(patterns));
    if (failed(applyPatternsAndFoldGreedily(getOperation(), fusion)))
      return signalPassFailure();
    // Merged siblings may leave their common producer with one user, which
    // then fuses into them.
    ::trm::cpu::fuseSiblingGenerics(getOperation());
    if (failed(applyPatternsAndFoldGreedily(getOperation(), fusion)))
      return signalPassFailure();
  }
};

} // namespace
