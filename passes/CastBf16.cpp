//===- CastBf16.cpp - the trm-cast-bf16 pass ------------------------------===//
#include "ir/TrmOps.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCASTBF16
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;
using namespace mlir::trm;

namespace {

RankedTensorType withElement(Type type, Type element) {
  auto tensor = cast<RankedTensorType>(type);
  return RankedTensorType::get(tensor.getShape(), element);
}

bool isF32Tensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getElementType().isF32();
}

Value convert(OpBuilder &b, Location loc, Value v, Type element) {
  return b.create<ConvertOp>(loc, withElement(v.getType(), element), v);
}

/// bf16 operands, f32 accumulation and result.
void castMatmulOperands(DotGeneralOp dot, Type bf16) {
  if (!isF32Tensor(dot.getLhs().getType()))
    return;
  OpBuilder b(dot);
  dot.getLhsMutable().assign(convert(b, dot.getLoc(), dot.getLhs(), bf16));
  dot.getRhsMutable().assign(convert(b, dot.getLoc(), dot.getRhs(), bf16));
}

/// @net keeps f32 inside; its activation arguments (those typed like its
/// result) and its result become bf16, and every call converts around it.
void narrowNetInterface(func::FuncOp net, ModuleOp module, Type bf16) {
  if (net.getNumResults() != 1 || !isF32Tensor(net.getResultTypes()[0]))
    return;
  Type activation = net.getResultTypes()[0];
  Block &body = net.getBody().front();
  OpBuilder b = OpBuilder::atBlockBegin(&body);
  SmallVector<unsigned> narrowed;
  for (BlockArgument arg : body.getArguments()) {
    if (arg.getType() != activation)
      continue;
    narrowed.push_back(arg.getArgNumber());
    arg.setType(withElement(activation, bf16));
    Value wide = convert(b, net.getLoc(), arg, b.getF32Type());
    arg.replaceAllUsesExcept(wide, wide.getDefiningOp());
  }
  Operation *ret = body.getTerminator();
  b.setInsertionPoint(ret);
  ret->setOperand(0, convert(b, ret->getLoc(), ret->getOperand(0), bf16));
  net.setType(FunctionType::get(net.getContext(), body.getArgumentTypes(),
                                {withElement(activation, bf16)}));

  module.walk([&](func::CallOp call) {
    if (call.getCallee() != net.getSymName())
      return;
    OpBuilder cb(call);
    for (unsigned i : narrowed)
      call->setOperand(i,
                       convert(cb, call.getLoc(), call->getOperand(i), bf16));
    call.getResult(0).setType(withElement(activation, bf16));
    cb.setInsertionPointAfter(call);
    Value wide = convert(cb, call.getLoc(), call.getResult(0), cb.getF32Type());
    call.getResult(0).replaceAllUsesExcept(wide, wide.getDefiningOp());
  });
}

/// The values a trm.repeat carries are stored in bf16 between iterations.
void narrowRepeatCarry(RepeatOp repeat, Type bf16) {
  Block &body = repeat.getBodyBlock();
  OpBuilder b(repeat);
  Location loc = repeat.getLoc();
  for (unsigned i = 0; i < repeat.getNumResults(); ++i) {
    if (!isF32Tensor(repeat.getResult(i).getType()))
      continue;
    repeat->setOperand(i, convert(b, loc, repeat.getInits()[i], bf16));
    BlockArgument arg = body.getArgument(i);
    arg.setType(withElement(arg.getType(), bf16));
    OpBuilder inside = OpBuilder::atBlockBegin(&body);
    Value wide = convert(inside, loc, arg, inside.getF32Type());
    arg.replaceAllUsesExcept(wide, wide.getDefiningOp());
    YieldOp yield = repeat.getYield();
    inside.setInsertionPoint(yield);
    yield->setOperand(i, convert(inside, loc, yield->getOperand(i), bf16));
    Value result = repeat.getResult(i);
    result.setType(withElement(result.getType(), bf16));
    OpBuilder after(repeat->getBlock(), std::next(repeat->getIterator()));
    Value widened = convert(after, loc, result, after.getF32Type());
    result.replaceAllUsesExcept(widened, widened.getDefiningOp());
  }
}

struct CastBf16Pass : public trm::impl::TrmCastBf16Base<CastBf16Pass> {
  using TrmCastBf16Base::TrmCastBf16Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto dtype = module->getAttrOfType<StringAttr>("trm.forward_dtype");
    if (!force && (!dtype || dtype.getValue() != "bfloat16"))
      return;
    Type bf16 = BFloat16Type::get(&getContext());
    module.walk([&](DotGeneralOp dot) { castMatmulOperands(dot, bf16); });
    if (auto net = module.lookupSymbol<func::FuncOp>("net"))
      narrowNetInterface(net, module, bf16);
    module.walk([&](RepeatOp repeat) { narrowRepeatCarry(repeat, bf16); });
  }
};

} // namespace
