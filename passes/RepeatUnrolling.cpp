//===- RepeatUnrolling.cpp - expanding trm.repeat -------------------------===//
#include "passes/RepeatUnrolling.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
using namespace mlir::trm;

namespace {

/// Copies the body of `repeat` `times` times at the builder's insertion point,
/// threading the carried values from `inputs`; returns the final values.
SmallVector<Value> cloneBody(OpBuilder &builder, RepeatOp repeat,
                             ValueRange inputs, int64_t times) {
  SmallVector<Value> values(inputs);
  Block &body = repeat.getBodyBlock();
  for (int64_t i = 0; i < times; ++i) {
    IRMapping mapping;
    mapping.map(body.getArguments(), values);
    for (Operation &op : body.without_terminator())
      builder.clone(op, mapping);
    values.clear();
    for (Value next : repeat.getYield().getValues())
      values.push_back(mapping.lookupOrDefault(next));
  }
  return values;
}

/// Values leaving copies of a no_grad body must still carry no gradient.
SmallVector<Value> keepNoGrad(OpBuilder &builder, RepeatOp repeat,
                              SmallVector<Value> values) {
  if (!repeat.getNoGrad())
    return values;
  for (Value &value : values)
    value = builder.create<StopGradientOp>(repeat.getLoc(), value);
  return values;
}

} // namespace

void mlir::trm::unrollRepeat(RepeatOp repeat, int64_t factor) {
  OpBuilder builder(repeat);
  int64_t count = repeat.getCountAttr().getInt();
  SmallVector<Value> values(repeat.getInits());
  if (factor > 0 && factor < count) {
    auto outer = builder.create<RepeatOp>(
        repeat.getLoc(), repeat.getResultTypes(), count / factor,
        repeat.getNoGrad(), repeat.getInits());
    Block *block = builder.createBlock(&outer.getBody());
    for (Value init : repeat.getInits())
      block->addArgument(init.getType(), init.getLoc());
    SmallVector<Value> next =
        cloneBody(builder, repeat, block->getArguments(), factor);
    builder.create<YieldOp>(repeat.getLoc(), next);
    builder.setInsertionPoint(repeat);
    values.assign(outer.getResults().begin(), outer.getResults().end());
    count %= factor;
  }
  SmallVector<Value> results = cloneBody(builder, repeat, values, count);
  if (count > 0)
    results = keepNoGrad(builder, repeat, std::move(results));
  repeat.replaceAllUsesWith(results);
  repeat.erase();
}
