//===- ElideCopies.cpp - the trm-cpu-elide-copies pass --------------------===//
#include "backends/cpu/LoweringUtils.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Dominance.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUELIDECOPIES
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

/// The buffer `value` views (itself if none), through views of any kind.
Value viewRoot(Value value) {
  while (auto view = value.getDefiningOp<ViewLikeOpInterface>())
    value = view.getViewSource();
  return value;
}

/// A copy of a fresh buffer into a subview of another one.
struct Candidate {
  Operation *copy;
  memref::AllocOp source;
  memref::SubViewOp destination;
  Operation *firstUse = nullptr; // of the source, in the copy's block
  SmallVector<Operation *> deallocs;
};

Value copySource(Operation *op) {
  if (auto copy = dyn_cast<linalg::CopyOp>(op))
    return copy.getInputs()[0];
  return cast<memref::CopyOp>(op).getSource();
}

Value copyTarget(Operation *op) {
  if (auto copy = dyn_cast<linalg::CopyOp>(op))
    return copy.getOutputs()[0];
  return cast<memref::CopyOp>(op).getTarget();
}

/// Whether the ops in [from, to) of one block touch the buffer under
/// `destination` only through subviews of it that are disjoint from
/// `destination` (SwiGLU's gate gradient written into the other half).
bool destinationUntouched(Operation *from, Operation *to,
                          memref::SubViewOp destination) {
  Value root = destination.getSource();
  for (Operation *op = from; op != to; op = op->getNextNode()) {
    WalkResult touched = op->walk([&](Operation *inner) {
      if (isa<ViewLikeOpInterface>(inner))
        return WalkResult::advance(); // a view is no access
      for (Value operand : inner->getOperands()) {
        if (viewRoot(operand) != viewRoot(root))
          continue;
        auto slice = operand.getDefiningOp<memref::SubViewOp>();
        if (!slice || slice.getSource() != root ||
            !::trm::cpu::disjointSlices(slice, destination))
          return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (touched.wasInterrupted())
      return false;
  }
  return true;
}

/// `copy` as a candidate: its source is a fresh buffer in its block that
/// only linalg ops before the copy write or read (and deallocs free), its
/// target a subview of a fresh buffer whose operands are available where
/// the source is first used, and the target's buffer is not otherwise
/// touched in between.
std::optional<Candidate> candidateOf(Operation *copy, DominanceInfo &dom) {
  Candidate c{copy, copySource(copy).getDefiningOp<memref::AllocOp>(),
              copyTarget(copy).getDefiningOp<memref::SubViewOp>()};
  // The target's buffer fresh too: nothing else can alias it.
  if (!c.source || !c.destination || c.source->getBlock() != copy->getBlock() ||
      !viewRoot(c.destination.getSource()).getDefiningOp<memref::AllocOp>())
    return std::nullopt;
  Block *block = copy->getBlock();
  for (Operation *user : c.source->getUsers()) {
    if (user == copy)
      continue;
    Operation *inBlock = block->findAncestorOpInBlock(*user);
    if (isa<memref::DeallocOp>(user) && inBlock &&
        copy->isBeforeInBlock(inBlock)) {
      c.deallocs.push_back(user);
      continue;
    }
    if (!isa<linalg::LinalgOp>(user) || !inBlock ||
        !inBlock->isBeforeInBlock(copy))
      return std::nullopt;
    if (!c.firstUse || inBlock->isBeforeInBlock(c.firstUse))
      c.firstUse = inBlock;
  }
  if (!c.firstUse ||
      !llvm::all_of(
          c.destination->getOperands(),
          [&](Value v) { return dom.properlyDominates(v, c.firstUse); }) ||
      !destinationUntouched(c.firstUse, copy, c.destination))
    return std::nullopt;
  return c;
}

/// The source's users use a copy of the target subview, made before the
/// first of them; the copy, the source and its deallocs go.
void elide(Candidate &c) {
  OpBuilder b(c.firstUse);
  Operation *target = b.clone(*c.destination);
  c.source.getResult().replaceUsesWithIf(
      target->getResult(0), [&](OpOperand &use) {
        return use.getOwner() != c.copy &&
               !isa<memref::DeallocOp>(use.getOwner());
      });
  c.copy->erase();
  for (Operation *dealloc : c.deallocs)
    dealloc->erase();
  c.source->erase();
  if (c.destination->use_empty())
    c.destination->erase();
}

struct ElideCopies : mlir::trm::impl::TrmCpuElideCopiesBase<ElideCopies> {
  void runOnOperation() override {
    SmallVector<Operation *> copies;
    getOperation().walk([&](Operation *op) {
      if (isa<linalg::CopyOp, memref::CopyOp>(op))
        copies.push_back(op);
    });
    DominanceInfo dominance(getOperation());
    for (Operation *copy : copies)
      if (auto candidate = candidateOf(copy, dominance))
        elide(*candidate);
  }
};

} // namespace
