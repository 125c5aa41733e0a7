//===- ElideCopies.cpp - the trm-cpu-elide-copies pass --------------------===//
#include "backends/cpu/LoweringUtils.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUELIDECOPIES
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

/// The buffer `view` is a view of, through subviews, casts and reshapes.
Value rootOf(Value view) {
  while (Operation *def = view.getDefiningOp()) {
    if (!isa<memref::SubViewOp, memref::CastOp, memref::ExpandShapeOp,
             memref::CollapseShapeOp>(def))
      break;
    view = def->getOperand(0);
  }
  return view;
}

/// Whether two static boxes of one buffer are apart in some dim.
bool disjoint(memref::SubViewOp a, memref::SubViewOp b) {
  return a.getSource() == b.getSource() && ::trm::cpu::disjointBoxes(a, b);
}

/// A copy of a temporary into a view of another buffer, where the
/// temporary is written whole by one linalg op just before.
struct ElidableCopy {
  linalg::CopyOp copy;
  memref::AllocOp temporary;
  linalg::LinalgOp producer;
  memref::SubViewOp target;
};

/// Whether `copy` is one that the op computing its source could compute
/// in place: the source is a block-local allocation used only as one init
/// of a linalg op `producer` (which writes every element and reads none of
/// it), by the copy, and by its deallocation; the copy's target is a static
/// subview of a buffer that exists before `producer`, which touches that
/// buffer only through inits it writes disjoint from the target; and
/// nothing between `producer` and the copy has memory effects.
std::optional<ElidableCopy> elidable(linalg::CopyOp copy) {
  if (!copy.hasPureBufferSemantics())
    return std::nullopt;
  auto temporary =
      copy.getDpsInputOperand(0)->get().getDefiningOp<memref::AllocOp>();
  auto target =
      copy.getDpsInitOperand(0)->get().getDefiningOp<memref::SubViewOp>();
  if (!temporary || !target || !::trm::cpu::isStaticBox(target) ||
      temporary->getBlock() != copy->getBlock() ||
      target->getBlock() != copy->getBlock())
    return std::nullopt;
  linalg::LinalgOp producer;
  for (OpOperand &use : temporary->getUses()) {
    Operation *user = use.getOwner();
    if (user == copy.getOperation() || isa<memref::DeallocOp>(user))
      continue;
    auto linalgUser = dyn_cast<linalg::LinalgOp>(user);
    if (producer || !linalgUser || !linalgUser.isDpsInit(&use) ||
        linalgUser.payloadUsesValueFromOperand(&use) ||
        !linalgUser.hasPureBufferSemantics() ||
        linalgUser->getBlock() != copy->getBlock())
      return std::nullopt;
    producer = linalgUser;
  }
  if (!producer || !producer->isBeforeInBlock(copy))
    return std::nullopt;
  Value buffer = target.getSource();
  if (Operation *def = buffer.getDefiningOp();
      def &&
      (def->getBlock() != copy->getBlock() || !def->isBeforeInBlock(producer)))
    return std::nullopt;
  for (OpOperand &operand : producer->getOpOperands()) {
    if (rootOf(operand.get()) != rootOf(buffer))
      continue;
    auto other = operand.get().getDefiningOp<memref::SubViewOp>();
    if (!producer.isDpsInit(&operand) ||
        producer.payloadUsesValueFromOperand(&operand) || !other ||
        !disjoint(other, target))
      return std::nullopt;
  }
  for (Operation *op = producer->getNextNode(); op != copy.getOperation();
       op = op->getNextNode())
    if (!isMemoryEffectFree(op))
      return std::nullopt;
  return ElidableCopy{copy, temporary, producer, target};
}

struct ElideCopies : mlir::trm::impl::TrmCpuElideCopiesBase<ElideCopies> {
  void runOnOperation() override {
    SmallVector<ElidableCopy> copies;
    getOperation().walk([&](linalg::CopyOp copy) {
      if (auto found = elidable(copy))
        copies.push_back(*found);
    });
    for (ElidableCopy &found : copies) {
      found.target->moveBefore(found.producer);
      found.temporary.getResult().replaceUsesWithIf(
          found.target.getResult(), [&](OpOperand &use) {
            return use.getOwner() == found.producer.getOperation();
          });
      found.copy->erase();
      for (Operation *user :
           llvm::make_early_inc_range(found.temporary->getUsers()))
        user->erase(); // its deallocation
      found.temporary->erase();
    }
  }
};

} // namespace
