//===- ConcatInPlace.cpp - the trm-cpu-concat-in-place pass ---------------===//
#include "backends/cpu/LoweringUtils.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUCONCATINPLACE
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

/// Where `value` is computed in `block`: the op holding its definition, or
/// null for a value from outside the block.
Operation *definitionIn(Block *block, Value value) {
  Operation *def = value.getDefiningOp();
  return def ? block->findAncestorOpInBlock(*def) : nullptr;
}

bool before(Operation *a, Operation *b) {
  return !a ? b != nullptr : b && a->isBeforeInBlock(b);
}

/// The chain of insertions into an empty tensor that starts at `first`
/// (each feeding only the next) when their slices are pairwise disjoint,
/// so that they can be done in any order; else empty.
SmallVector<tensor::InsertSliceOp> disjointChain(tensor::InsertSliceOp first) {
  SmallVector<tensor::InsertSliceOp> chain = {first};
  while (chain.back()->hasOneUse()) {
    auto next = dyn_cast<tensor::InsertSliceOp>(*chain.back()->user_begin());
    if (!next || next.getDest() != chain.back().getResult() ||
        next->getBlock() != first->getBlock())
      break;
    chain.push_back(next);
  }
  for (size_t i = 0; i < chain.size(); ++i)
    for (size_t j = i + 1; j < chain.size(); ++j)
      if (!::trm::cpu::disjointBoxes(chain[i], chain[j]))
        return {};
  return chain;
}

/// Reorders `chain` (rooted at `root`) to insert its sources in the order
/// they are computed, and moves each insertion up to just after its
/// operands: every source is then computed after its destination exists.
void insertAsComputed(tensor::EmptyOp root,
                      SmallVector<tensor::InsertSliceOp> chain) {
  Block *block = root->getBlock();
  SmallVector<OpOperand *> users;
  for (OpOperand &use : chain.back()->getUses())
    users.push_back(&use);
  // Ties (inputs from outside the block, one value inserted twice) keep
  // their chain order, so the result does not depend on the sort.
  SmallVector<std::pair<tensor::InsertSliceOp, size_t>> order;
  for (auto [position, insert] : llvm::enumerate(chain))
    order.emplace_back(insert, position);
  llvm::sort(order, [&](auto a, auto b) {
    Operation *defA = definitionIn(block, a.first.getSource());
    Operation *defB = definitionIn(block, b.first.getSource());
    if (defA != defB)
      return before(defA, defB);
    return a.second < b.second;
  });
  for (auto [position, entry] : llvm::enumerate(order))
    chain[position] = entry.first;
  // The concatenation's storage just before its first input's producer
  // (inputs from outside the block sort first): late enough not to lengthen
  // its life (it is allocated there), early enough for every producer to
  // compute into it.
  for (tensor::InsertSliceOp insert : chain)
    if (Operation *def = definitionIn(block, insert.getSource())) {
      root->moveBefore(def);
      break;
    }
  Operation *after = root;
  Value dest = root.getResult();
  for (tensor::InsertSliceOp insert : chain) {
    insert.getDestMutable().assign(dest);
    for (Value operand : insert->getOperands())
      if (Operation *def = definitionIn(block, operand); before(after, def))
        after = def;
    insert->moveAfter(after);
    after = insert;
    dest = insert.getResult();
  }
  for (OpOperand *use : users)
    use->set(dest);
}

struct ConcatInPlace : mlir::trm::impl::TrmCpuConcatInPlaceBase<ConcatInPlace> {
  void runOnOperation() override {
    SmallVector<std::pair<tensor::EmptyOp, tensor::InsertSliceOp>> roots;
    getOperation().walk([&](tensor::InsertSliceOp insert) {
      auto root = insert.getDest().getDefiningOp<tensor::EmptyOp>();
      if (root && root->getNumOperands() == 0 && root->hasOneUse() &&
          root->getBlock() == insert->getBlock())
        roots.emplace_back(root, insert);
    });
    for (auto [root, first] : roots)
      if (auto chain = disjointChain(first); !chain.empty())
        insertAsComputed(root, chain);
    // Each inserted value whose producer starts from an empty tensor now
    // finds its destination defined before it, and is computed there.
    IRRewriter rewriter(&getContext());
    if (failed(bufferization::eliminateEmptyTensors(rewriter, getOperation())))
      signalPassFailure();
  }
};

} // namespace
