//===- Autodiff.cpp - the trm-autodiff pass -------------------------------===//
#include "ir/TrmOps.h"
#include "passes/Passes.h"
#include "passes/RepeatUnrolling.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMAUTODIFF
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;
using namespace mlir::trm;

namespace {

bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

/// Checks the declaration against its primal; returns the wrt indices.
FailureOr<SmallVector<int64_t>> checkDeclaration(func::FuncOp grad,
                                                 func::FuncOp primal) {
  auto wrtAttr = grad->getAttrOfType<DenseI64ArrayAttr>("trm.wrt");
  if (!wrtAttr)
    return grad.emitError("trm-autodiff: missing trm.wrt = array<i64: ...> "
                          "(the arguments to differentiate)");
  FunctionType type = primal.getFunctionType();
  SmallVector<Type> results(type.getResults());
  SmallVector<int64_t> wrt(wrtAttr.asArrayRef());
  for (int64_t i : wrt) {
    if (i < 0 || i >= static_cast<int64_t>(type.getNumInputs()))
      return grad.emitError()
             << "trm-autodiff: trm.wrt index " << i
             << " is not an argument of @" << primal.getSymName();
    if (!isFloatTensor(type.getInput(i)))
      return grad.emitError()
             << "trm-autodiff: argument " << i << " of @" << primal.getSymName()
             << " is not a float tensor";
    results.push_back(type.getInput(i));
  }
  auto expected =
      FunctionType::get(grad.getContext(), type.getInputs(), results);
  if (grad.getFunctionType() != expected)
    return grad.emitError()
           << "trm-autodiff: @" << grad.getSymName() << " must have type "
           << expected << " (the inputs of @" << primal.getSymName()
           << ", its results, then one gradient per trm.wrt "
              "entry)";
  auto loss = type.getNumResults()
                  ? dyn_cast<RankedTensorType>(type.getResult(0))
                  : RankedTensorType();
  if (!loss || loss.getRank() != 0 || !isFloatTensor(loss))
    return grad.emitError()
           << "trm-autodiff: the first result of @" << primal.getSymName()
           << " is differentiated and must be a scalar "
              "float tensor";
  return wrt;
}

/// Inlines calls and unrolls differentiable repeats until the top-level
/// block is straight-line code (no_grad repeats stay whole).
LogicalResult flatten(Block &block, ModuleOp module) {
  while (true) {
    Operation *next = nullptr;
    for (Operation &op : block)
      if (isa<func::CallOp>(op) ||
          (isa<RepeatOp>(op) && !cast<RepeatOp>(op).getNoGrad())) {
        next = &op;
        break;
      }
    if (!next)
      return success();
    if (auto repeat = dyn_cast<RepeatOp>(next)) {
      unrollRepeat(repeat);
      continue;
    }
    auto call = cast<func::CallOp>(next);
    auto callee = module.lookupSymbol<func::FuncOp>(call.getCallee());
    if (!callee || callee.isExternal())
      return call.emitError() << "trm-autodiff: cannot differentiate through "
                                 "@"
                              << call.getCallee() << ", which has no body";
    OpBuilder builder(call);
    IRMapping mapping;
    Block &body = callee.getBody().front();
    mapping.map(body.getArguments(), call.getOperands());
    for (Operation &op : body.without_terminator())
      builder.clone(op, mapping);
    for (auto [result, value] :
         llvm::zip(call.getResults(), body.getTerminator()->getOperands()))
      result.replaceAllUsesWith(mapping.lookupOrDefault(value));
    call.erase();
  }
}

/// Appends the reverse sweep to `block`; returns the adjoints of its
/// arguments (null where none arrived).
FailureOr<SmallVector<Value>> reverseSweep(Block &block, Value loss,
                                           Location loc) {
  DenseMap<Value, Value> adjoint;
  SmallVector<Operation *> forward;
  for (Operation &op : block)
    forward.push_back(&op);
  OpBuilder builder = OpBuilder::atBlockEnd(&block);
  auto lossType = cast<RankedTensorType>(loss.getType());
  adjoint[loss] = builder.create<ConstantOp>(
      loc, DenseElementsAttr::get(
               lossType, builder.getFloatAttr(lossType.getElementType(), 1)));

  for (Operation *op : llvm::reverse(forward)) {
    SmallVector<Value> resultAdjoints;
    bool any = false;
    for (Value result : op->getResults()) {
      resultAdjoints.push_back(adjoint.lookup(result));
      any |= static_cast<bool>(resultAdjoints.back());
    }
    if (!any || isa<RepeatOp>(op)) // no_grad repeats are constants
      continue;
    auto rule = dyn_cast<DifferentiableOpInterface>(op);
    if (!rule)
      return op->emitError()
             << "trm-autodiff: no gradient rule for '" << op->getName()
             << "'; differentiate before lowering it (e.g. "
                "run trm-shard-data-parallel after "
                "trm-autodiff)";
    SmallVector<Value> operandAdjoints;
    if (failed(rule.gradient(builder, resultAdjoints, operandAdjoints)))
      return failure();
    for (auto [operand, d] : llvm::zip(op->getOperands(), operandAdjoints)) {
      if (!d || !isFloatTensor(operand.getType()))
        continue;
      Value &slot = adjoint[operand];
      slot =
          slot ? builder.create<AddOp>(op->getLoc(), slot, d).getResult() : d;
    }
  }
  SmallVector<Value> argumentAdjoints;
  for (BlockArgument arg : block.getArguments())
    argumentAdjoints.push_back(adjoint.lookup(arg));
  return argumentAdjoints;
}

LogicalResult differentiate(ModuleOp module, func::FuncOp grad) {
  auto primalRef = grad->getAttrOfType<FlatSymbolRefAttr>("trm.gradient_of");
  auto primal = module.lookupSymbol<func::FuncOp>(primalRef);
  if (!primal || primal.isExternal())
    return grad.emitError()
           << "trm-autodiff: trm.gradient_of names " << primalRef
           << ", which is not a function with a "
              "body in this module";
  FailureOr<SmallVector<int64_t>> wrt = checkDeclaration(grad, primal);
  if (failed(wrt))
    return failure();

  Block *block = grad.addEntryBlock();
  IRMapping mapping;
  mapping.map(primal.getArguments(), block->getArguments());
  OpBuilder builder = OpBuilder::atBlockEnd(block);
  for (Operation &op : primal.getBody().front())
    builder.clone(op, mapping);
  // The cloned return keeps the results up to date while calls are inlined.
  if (failed(flatten(*block, module)))
    return failure();
  Operation *primalReturn = block->getTerminator();
  SmallVector<Value> results(primalReturn->getOperands());
  primalReturn->erase();
  FailureOr<SmallVector<Value>> adjoints =
      reverseSweep(*block, results.front(), grad.getLoc());
  if (failed(adjoints))
    return failure();
  builder.setInsertionPointToEnd(block);
  for (int64_t i : *wrt) {
    Value d = (*adjoints)[i];
    if (!d) { // the loss does not depend on this argument
      auto type = cast<RankedTensorType>(block->getArgument(i).getType());
      d = builder.create<ConstantOp>(
          grad.getLoc(),
          DenseElementsAttr::get(
              type, builder.getFloatAttr(type.getElementType(), 0)));
    }
    results.push_back(d);
  }
  builder.create<func::ReturnOp>(primal.getLoc(), results);
  return success();
}

struct AutodiffPass : public trm::impl::TrmAutodiffBase<AutodiffPass> {
  void runOnOperation() override {
    SmallVector<func::FuncOp> targets;
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func.isExternal() && func->hasAttr("trm.gradient_of"))
        targets.push_back(func);
    for (func::FuncOp grad : targets)
      if (failed(differentiate(getOperation(), grad)))
        return signalPassFailure();
  }
};

} // namespace
