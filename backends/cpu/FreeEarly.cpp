//===- FreeEarly.cpp - the trm-cpu-free-early pass ------------------------===//
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUFREEEARLY
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

/// Whether `op` only derives new memrefs from its operands (a cast, view or
/// reshape): its memref results then alias them.
bool derivesViews(Operation *op) {
  return isPure(op) &&
         llvm::any_of(op->getResultTypes(), llvm::IsaPred<BaseMemRefType>);
}

/// The last operation of `block` that uses `buffer` (allocated in `block`)
/// or a view of it (an operation nested in a region counts as its ancestor
/// in `block`), or null when the buffer must keep its deallocation: its
/// address is taken, it escapes through a terminator, or an op that is not
/// a view (a call, a loop carrying it) returns memrefs that may be it.
Operation *lastUse(Value buffer, memref::DeallocOp dealloc, Block *block) {
  SmallVector<Value> views = {buffer};
  Operation *last = buffer.getDefiningOp();
  while (!views.empty()) {
    Value view = views.pop_back_val();
    for (Operation *user : view.getUsers()) {
      if (user == dealloc.getOperation())
        continue;
      if (isa<memref::ExtractAlignedPointerAsIndexOp>(user) ||
          user->hasTrait<OpTrait::IsTerminator>())
        return nullptr;
      bool returnsMemRefs =
          llvm::any_of(user->getResultTypes(), llvm::IsaPred<BaseMemRefType>);
      if (returnsMemRefs && !derivesViews(user))
        return nullptr; // a call or a loop whose results may be the buffer
      if (returnsMemRefs)
        for (Value result : user->getResults())
          if (isa<BaseMemRefType>(result.getType()))
            views.push_back(result);
      Operation *inBlock = block->findAncestorOpInBlock(*user);
      if (!inBlock)
        return nullptr; // used outside the block that frees it
      if (last->isBeforeInBlock(inBlock))
        last = inBlock;
    }
  }
  return last;
}

struct FreeEarly : mlir::trm::impl::TrmCpuFreeEarlyBase<FreeEarly> {
  void runOnOperation() override {
    SmallVector<memref::DeallocOp> deallocs;
    getOperation().walk([&](memref::DeallocOp d) { deallocs.push_back(d); });
    for (memref::DeallocOp dealloc : deallocs) {
      Value buffer = dealloc.getMemref();
      Block *block = dealloc->getBlock();
      auto alloc = buffer.getDefiningOp<memref::AllocOp>();
      if (!alloc || alloc->getBlock() != block)
        continue;
      if (Operation *last = lastUse(buffer, dealloc, block))
        if (last->isBeforeInBlock(dealloc))
          dealloc->moveAfter(last);
    }
  }
};

} // namespace
