//===- OutlineKernels.cpp - the trm-cpu-outline-kernels pass --------------===//
#include "backends/cpu/LoweringUtils.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringMap.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUOUTLINEKERNELS
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

/// The operands of `op` that are static subviews of a buffer of which `op`
/// takes several, one of them an init: the kernel takes these views itself
/// from the buffer passed once. With a pointer per view, LLVM's loop
/// vectorizer checks at run time that they do not overlap over the whole
/// loop nest (hoisting the check out of the inner loop), which interleaved
/// rows (SwiGLU's gate and up gradients in one concatenation) always fail:
/// the loop then ran scalar, 4.5x slower. From one base pointer it knows
/// their distance instead.
SmallVector<memref::SubViewOp> viewsOfSharedBuffers(linalg::LinalgOp op) {
  llvm::MapVector<Value, SmallVector<OpOperand *>> bySource;
  for (OpOperand &operand : op->getOpOperands()) {
    auto view = operand.get().getDefiningOp<memref::SubViewOp>();
    if (view && view->getNumOperands() == 1) // static offsets, sizes, strides
      bySource[view.getSource()].push_back(&operand);
  }
  SmallVector<memref::SubViewOp> views;
  for (auto &[source, operands] : bySource)
    if (operands.size() > 1 && llvm::any_of(operands, [&](OpOperand *use) {
          return op.isDpsInit(use);
        }))
      for (OpOperand *use : operands)
        views.push_back(use->get().getDefiningOp<memref::SubViewOp>());
  return views;
}

/// `op` alone in a detached function (named "kernel") whose arguments are
/// `arguments`; constants its regions capture and `views` of arguments are
/// cloned in.
func::FuncOp isolate(Operation *op, ArrayRef<Value> arguments,
                     ArrayRef<Operation *> constants,
                     ArrayRef<memref::SubViewOp> views) {
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
  for (memref::SubViewOp view : views)
    if (!mapping.contains(view.getResult()))
      b.clone(*view, mapping);
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
      SmallVector<memref::SubViewOp> views = viewsOfSharedBuffers(op);
      SetVector<Value> operands;
      for (Value operand : op->getOperands()) {
        auto view = operand.getDefiningOp<memref::SubViewOp>();
        operands.insert(view && llvm::is_contained(views, view)
                            ? view.getSource()
                            : operand);
      }
      SmallVector<Value> arguments(operands.begin(), operands.end());
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
      func::FuncOp kernel = isolate(op, arguments, constants, views);
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
