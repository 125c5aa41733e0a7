//===- SiblingFusion.cpp - one pass for siblings over one input -----------===//
#include "backends/cpu/SiblingFusion.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/CSE.h"

using namespace mlir;

namespace trm::cpu {
namespace {

/// An all-parallel generic on tensors over a static iteration space.
bool isStaticElementwise(linalg::GenericOp op) {
  return op.getNumLoops() == op.getNumParallelLoops() &&
         op.hasPureTensorSemantics() && !op.hasDynamicShape();
}

/// The ops between `earlier` and `later` (in their block) that use a result
/// of `earlier`, directly or not, in block order: they must move after the
/// merged op, which stands where `later` stood. Fails when `later` itself
/// depends on one of them or one is not pure (then it cannot move).
FailureOr<SmallVector<Operation *>> dependentsBetween(linalg::GenericOp earlier,
                                                      linalg::GenericOp later) {
  llvm::SmallPtrSet<Operation *, 8> dependent = {earlier};
  // Whether `op` or an op in its regions (values a body captures) reads a
  // result of a dependent op.
  auto usesDependent = [&](Operation *op) {
    return op
        ->walk([&](Operation *nested) {
          for (Value operand : nested->getOperands())
            if (Operation *def = operand.getDefiningOp();
                def && dependent.contains(def))
              return WalkResult::interrupt();
          return WalkResult::advance();
        })
        .wasInterrupted();
  };
  SmallVector<Operation *> between;
  for (Operation *op = earlier->getNextNode(); op != later.getOperation();
       op = op->getNextNode()) {
    if (!usesDependent(op))
      continue;
    if (!isPure(op))
      return failure();
    dependent.insert(op);
    between.push_back(op);
  }
  if (usesDependent(later))
    return failure();
  return between;
}

/// A generic that `later` can absorb, and the ops that must move after the
/// merged op (see dependentsBetween).
struct Sibling {
  linalg::GenericOp earlier;
  SmallVector<Operation *> dependents;
};

/// The closest generic before `later` in its block that reads one of its
/// inputs and can be merged into it: the same iteration space and no value
/// flowing from it to `later`.
std::optional<Sibling> closestSibling(linalg::GenericOp later) {
  std::optional<Sibling> closest;
  for (Value input : later.getDpsInputs())
    for (Operation *user : input.getUsers()) {
      auto sibling = dyn_cast<linalg::GenericOp>(user);
      if (!sibling || sibling == later ||
          sibling->getBlock() != later->getBlock() ||
          !sibling->isBeforeInBlock(later) ||
          (closest && sibling->isBeforeInBlock(closest->earlier)) ||
          !isStaticElementwise(sibling) ||
          sibling.getStaticLoopRanges() != later.getStaticLoopRanges())
        continue;
      if (auto dependents = dependentsBetween(sibling, later);
          succeeded(dependents))
        closest = Sibling{sibling, std::move(*dependents)};
    }
  return closest;
}

/// The generic computing both ops' results at `later`'s place: inputs read
/// by both (same value, same map) are read once; `earlier`'s results come
/// first.
linalg::GenericOp merge(RewriterBase &rewriter, linalg::GenericOp earlier,
                        linalg::GenericOp later) {
  SmallVector<Value> inputs, inits;
  SmallVector<AffineMap> inputMaps, initMaps;
  SmallVector<Type> resultTypes;
  // For each op, the merged input that each of its inputs became.
  SmallVector<SmallVector<unsigned>> inputOf(2);
  linalg::GenericOp ops[] = {earlier, later};
  for (auto [which, op] : llvm::enumerate(ops)) {
    for (OpOperand *input : op.getDpsInputOperands()) {
      AffineMap map = op.getMatchingIndexingMap(input);
      unsigned at = 0;
      while (at < inputs.size() &&
             (inputs[at] != input->get() || inputMaps[at] != map))
        ++at;
      if (at == inputs.size()) {
        inputs.push_back(input->get());
        inputMaps.push_back(map);
      }
      inputOf[which].push_back(at);
    }
    for (OpOperand &init : op.getDpsInitsMutable()) {
      inits.push_back(init.get());
      initMaps.push_back(op.getMatchingIndexingMap(&init));
      resultTypes.push_back(init.get().getType());
    }
  }
  SmallVector<AffineMap> maps(inputMaps);
  maps.append(initMaps);
  Location loc = later.getLoc();
  rewriter.setInsertionPoint(later);
  auto merged = rewriter.create<linalg::GenericOp>(
      loc, resultTypes, inputs, inits, maps, later.getIteratorTypesArray());
  Block *body = rewriter.createBlock(&merged.getRegion());
  for (Value operand : llvm::concat<Value>(inputs, inits))
    body->addArgument(getElementTypeOrSelf(operand.getType()), loc);
  SmallVector<Value> yielded;
  unsigned initArg = inputs.size();
  for (auto [which, op] : llvm::enumerate(ops)) {
    Block &old = op.getRegion().front();
    IRMapping map;
    for (auto [arg, at] : llvm::enumerate(inputOf[which]))
      map.map(old.getArgument(arg), body->getArgument(at));
    for (unsigned init = 0; init < op.getNumDpsInits(); ++init)
      map.map(old.getArgument(op.getNumDpsInputs() + init),
              body->getArgument(initArg++));
    for (Operation &inner : old.without_terminator())
      rewriter.clone(inner, map);
    for (Value value : cast<linalg::YieldOp>(old.getTerminator()).getValues())
      yielded.push_back(map.lookupOrDefault(value));
  }
  rewriter.create<linalg::YieldOp>(loc, yielded);
  unsigned earlierResults = earlier->getNumResults();
  rewriter.replaceOp(earlier, merged->getResults().take_front(earlierResults));
  rewriter.replaceOp(later, merged->getResults().drop_front(earlierResults));
  return merged;
}

} // namespace

void fuseSiblingGenerics(Operation *root) {
  SmallVector<linalg::GenericOp> generics;
  root->walk([&](linalg::GenericOp op) { generics.push_back(op); });
  IRRewriter rewriter(root->getContext());
  DominanceInfo dominance;
  // In block order: a merged op stands where its later part stood, so the
  // ops still to come can merge into it in turn; the earlier part it
  // erased was visited already.
  for (linalg::GenericOp later : generics) {
    if (!isStaticElementwise(later))
      continue;
    std::optional<Sibling> sibling = closestSibling(later);
    if (!sibling)
      continue;
    linalg::GenericOp merged = merge(rewriter, sibling->earlier, later);
    Operation *last = merged;
    for (Operation *op : sibling->dependents) {
      op->moveAfter(last);
      last = op;
    }
  }
  // The bodies' common subexpressions: a merged op's two halves, or the
  // copies of one producer that fused into the same user.
  root->walk([&](linalg::GenericOp op) {
    eliminateCommonSubExpressions(rewriter, dominance, op);
  });
}

} // namespace trm::cpu
