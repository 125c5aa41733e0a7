//===- InlineAllocaScopes.cpp - the trm-cpu-inline-alloca-scopes pass -----===//
#include "passes/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUINLINEALLOCASCOPES
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

/// Whether `op` allocates in its enclosing automatic allocation scope.
bool allocatesOnStack(Operation *op) {
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  if (!effects)
    return false; // a call's frame, say, is freed when it returns
  SmallVector<MemoryEffects::EffectInstance> instances;
  effects.getEffects(instances);
  return llvm::any_of(instances, [](const MemoryEffects::EffectInstance &e) {
    return isa<MemoryEffects::Allocate>(e.getEffect()) &&
           isa<SideEffects::AutomaticAllocationScopeResource>(e.getResource());
  });
}

/// Whether an op in `scope`'s body, outside nested scopes, allocates on
/// the stack.
bool scopeAllocates(memref::AllocaScopeOp scope) {
  return scope
      ->walk<WalkOrder::PreOrder>([&](Operation *op) {
        if (op == scope.getOperation())
          return WalkResult::advance();
        if (op->hasTrait<OpTrait::AutomaticAllocationScope>())
          return WalkResult::skip();
        return allocatesOnStack(op) ? WalkResult::interrupt()
                                    : WalkResult::advance();
      })
      .wasInterrupted();
}

/// `scope`'s body in its place; its results are what the body returns.
void inlineScope(memref::AllocaScopeOp scope) {
  Block &body = scope.getBodyRegion().front();
  auto terminator = cast<memref::AllocaScopeReturnOp>(body.getTerminator());
  scope->replaceAllUsesWith(terminator.getResults());
  scope->getBlock()->getOperations().splice(Block::iterator(scope),
                                            body.getOperations(), body.begin(),
                                            Block::iterator(terminator));
  scope.erase();
}

struct InlineAllocaScopesPass
    : public mlir::trm::impl::TrmCpuInlineAllocaScopesBase<
          InlineAllocaScopesPass> {
  void runOnOperation() override {
    SmallVector<memref::AllocaScopeOp> inlined;
    getOperation().walk([&](memref::AllocaScopeOp scope) {
      if (scope.getBodyRegion().hasOneBlock() && !scopeAllocates(scope))
        inlined.push_back(scope);
    });
    // (Post-order: inner scopes first; an outer one still holds them.)
    for (memref::AllocaScopeOp scope : inlined)
      inlineScope(scope);
  }
};

} // namespace
