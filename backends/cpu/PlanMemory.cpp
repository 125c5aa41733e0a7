//===- PlanMemory.cpp - the trm-cpu-plan-memory pass ----------------------===//
//
// How much temporary memory each entry point holds at its peak, so that
// trm-run can refuse a step the machine cannot hold before allocating it
// (a baseline step with the paper's batch on one process wants ~80 GiB)
// instead of being killed by the kernel's OOM killer minutes in.
//
//===----------------------------------------------------------------------===//
#include "backends/cpu/CpuPipeline.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <algorithm>
#include <optional>

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUPLANMEMORY
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

/// The bytes of a statically shaped memref (an i1 takes a byte), or none.
std::optional<int64_t> staticBytes(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref || !memref.hasStaticShape())
    return std::nullopt;
  return memref.getNumElements() * ((memref.getElementTypeBitWidth() + 7) / 8);
}

/// The buffer a view (cast, subview, reshape: a pure op deriving a memref)
/// was taken of, through any chain of views.
Value bufferOf(Value view) {
  while (Operation *op = view.getDefiningOp()) {
    if (!isPure(op))
      break;
    auto source = llvm::find_if(op->getOperands(), [](Value operand) {
      return isa<BaseMemRefType>(operand.getType());
    });
    if (source == op->operand_end())
      break;
    view = *source;
  }
  return view;
}

class MemoryPlan {
public:
  explicit MemoryPlan(ModuleOp module) : module(module) {}

  /// The most bytes `func` (and what it calls) holds in buffers it
  /// allocates at any point of a call.
  int64_t peakOf(func::FuncOp func) {
    if (auto known = peaks.find(func); known != peaks.end())
      return known->second;
    if (!entered.insert(func).second)
      return 0; // recursion (the lowering has none): counted at its entry
    Walk walk;
    for (Block &block : func.getBody())
      walkBlock(block, walk);
    return peaks[func] = walk.peak;
  }

private:
  struct Walk {
    int64_t live = 0, peak = 0;
    int conditional = 0; // scf.if regions around the current op
    llvm::DenseMap<Value, int64_t> owned;

    void hold(Value buffer, int64_t bytes) {
      owned[buffer] = bytes;
      live += bytes;
      peak = std::max(peak, live);
    }
  };

  void walkBlock(Block &block, Walk &walk) {
    for (Operation &op : block)
      visit(&op, walk);
  }

  void visit(Operation *op, Walk &walk) {
    if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
      if (std::optional<int64_t> bytes = staticBytes(alloc.getType()))
        walk.hold(alloc, *bytes);
      return;
    }
    if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
      auto held = walk.owned.find(bufferOf(dealloc.getMemref()));
      if (walk.conditional == 0 && held != walk.owned.end()) {
        walk.live -= held->second;
        walk.owned.erase(held);
      }
      return;
    }
    if (auto call = dyn_cast<func::CallOp>(op)) {
      auto callee = module.lookupSymbol<func::FuncOp>(call.getCallee());
      if (callee && !callee.isExternal())
        walk.peak = std::max(walk.peak, walk.live + peakOf(callee));
      for (Value result : call.getResults()) // allocated by the callee
        if (std::optional<int64_t> bytes = staticBytes(result.getType()))
          walk.hold(result, *bytes);
      return;
    }
    bool conditional = isa<scf::IfOp>(op);
    walk.conditional += conditional;
    for (Region &region : op->getRegions())
      for (Block &block : region)
        walkBlock(block, walk);
    walk.conditional -= conditional;
  }

  ModuleOp module;
  llvm::DenseMap<Operation *, int64_t> peaks;
  llvm::SmallPtrSet<Operation *, 8> entered;
};

struct PlanMemory : mlir::trm::impl::TrmCpuPlanMemoryBase<PlanMemory> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MemoryPlan plan(module);
    Builder b(module.getContext());
    for (auto func : module.getOps<func::FuncOp>())
      if (func.isPublic() && !func.isExternal())
        func->setAttr(::trm::cpu::kTemporaryBytesAttr,
                      b.getI64IntegerAttr(plan.peakOf(func)));
  }
};

} // namespace
