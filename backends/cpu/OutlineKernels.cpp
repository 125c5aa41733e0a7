//===- OutlineKernels.cpp - the trm-cpu-outline-kernels pass --------------===//
#include "backends/cpu/LoweringUtils.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/StringMap.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUOUTLINEKERNELS
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

/// `op` alone in a detached function (named "kernel") whose arguments are
/// `arguments`; constants its regions capture are cloned in.
func::FuncOp isolate(Operation *op, ArrayRef<Value> arguments,
                     ArrayRef<Operation *> constants) {
  MLIRContext *ctx = op->getContext();
  SmallVector<Type> types;
  for (Value v : arguments)
    types.push_back(v.getType());
  auto kernel = func::FuncOp::create(op->getLoc(), "kernel",
                                     FunctionType::get(ctx, types, {}));
  Block *entry = kernel.addEntryBlock();
  OpBuilder b = OpBuilder::atBlockEnd(entry);
  IRMapping mapping;
  mapping.map(arguments, entry->getArguments());
  for (Operation *constant : constants)
    b.clone(*constant, mapping);
  b.clone(*op, mapping);
  b.create<func::ReturnOp>(op->getLoc());
  return kernel;
}

std::string structuralKey(func::FuncOp kernel) {
  std::string key;
  llvm::raw_string_ostream os(key);
  kernel.print(os, OpPrintingFlags().useLocalScope());
  return key;
}

struct OutlineKernelsPass
    : public mlir::trm::impl::TrmCpuOutlineKernelsBase<OutlineKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<linalg::LinalgOp> ops;
    module.walk([&](linalg::LinalgOp op) {
      if (op.hasPureBufferSemantics())
        ops.push_back(op);
    });
    llvm::StringMap<func::FuncOp> kernels;
    for (linalg::LinalgOp op : ops) {
      SmallVector<Value> arguments(op->getOperands());
      SmallVector<Operation *> constants;
      SetVector<Value> captured;
      getUsedValuesDefinedAbove(op->getRegions(), captured);
      for (Value v : captured) {
        if (Operation *def = v.getDefiningOp();
            def && def->hasTrait<OpTrait::ConstantLike>())
          constants.push_back(def);
        else
          arguments.push_back(v);
      }
      func::FuncOp kernel = isolate(op, arguments, constants);
      auto [slot, inserted] = kernels.try_emplace(structuralKey(kernel));
      if (inserted) {
        kernel.setName(("trm_kernel_" + llvm::Twine(kernels.size() - 1)).str());
        kernel.setPrivate();
        ::trm::cpu::markNeverInlined(kernel);
        module.getBody()->push_back(kernel);
        slot->second = kernel;
      } else {
        kernel.erase();
      }
      OpBuilder b(op);
      b.create<func::CallOp>(op->getLoc(), slot->second, arguments);
      op->erase();
    }
  }
};

} // namespace
