//===- TrmGradientBuilder.h - building blocks of gradient rules -*- C++ -*-===//
#ifndef TRM_IR_TRMGRADIENTBUILDER_H
#define TRM_IR_TRMGRADIENTBUILDER_H

#include "ir/TrmOps.h"

#include "mlir/IR/Builders.h"

namespace mlir::trm {

/// Emits the small expressions gradient rules are made of, at one location.
struct GradientBuilder {
  OpBuilder &b;
  Location loc;

  static RankedTensorType typeOf(Value v) {
    return cast<RankedTensorType>(v.getType());
  }
  Value splatLike(Value like, double value);
  Value zerosLike(Value like) { return splatLike(like, 0); }
  Value add(Value x, Value y) { return b.create<AddOp>(loc, x, y); }
  Value sub(Value x, Value y) { return b.create<SubOp>(loc, x, y); }
  Value mul(Value x, Value y) { return b.create<MulOp>(loc, x, y); }
  Value div(Value x, Value y) { return b.create<DivOp>(loc, x, y); }
  Value neg(Value x) { return b.create<NegOp>(loc, x); }
  Value sigmoid(Value x) { return b.create<SigmoidOp>(loc, x); }
  Value compare(CompareDirection direction, Value x, Value y);
  /// pred ? x : 0 (or 0 : x with `inverted`).
  Value maskWhere(Value pred, Value x, bool inverted = false);
  Value convert(Value x, Type element);
  Value reshape(Value x, ArrayRef<int64_t> shape);
  Value transpose(Value x, ArrayRef<int64_t> permutation);
  Value reduceSum(Value x, ArrayRef<int64_t> dims);
  /// Broadcasts `x` (the result of reducing `dims` away) back to `shape`.
  Value broadcastReduced(Value x, ArrayRef<int64_t> shape,
                         ArrayRef<int64_t> dims);
};

} // namespace mlir::trm

#endif // TRM_IR_TRMGRADIENTBUILDER_H
