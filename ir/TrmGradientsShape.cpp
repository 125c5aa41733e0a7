//===- TrmGradientsShape.cpp - gradient rules: data movement --------------===//
#include "ir/TrmGradientBuilder.h"

using namespace mlir;
using namespace mlir::trm;

/// Prepares `out` and returns a builder, or nullopt when the single result
/// has no adjoint (then no operand gets one either).
static std::optional<GradientBuilder> start(Operation *op, OpBuilder &b,
                                            ArrayRef<Value> adjoints,
                                            SmallVectorImpl<Value> &out) {
  out.assign(op->getNumOperands(), Value());
  if (!adjoints[0])
    return std::nullopt;
  return GradientBuilder{b, op->getLoc()};
}

LogicalResult ReshapeOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                                  SmallVectorImpl<Value> &out) {
  if (auto g = start(*this, b, adjoints, out))
    out[0] = g->reshape(adjoints[0], getOperand().getType().getShape());
  return success();
}

LogicalResult TransposeOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                                    SmallVectorImpl<Value> &out) {
  if (auto g = start(*this, b, adjoints, out)) {
    SmallVector<int64_t> inverse(getPermutation().size());
    for (auto [i, p] : llvm::enumerate(getPermutation()))
      inverse[p] = static_cast<int64_t>(i);
    out[0] = g->transpose(adjoints[0], inverse);
  }
  return success();
}

// Sum over the dims the operand was repeated along: new dims and stretched
// size-1 dims; then restore the operand's shape.
LogicalResult BroadcastInDimOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                                         SmallVectorImpl<Value> &out) {
  auto g = start(*this, b, adjoints, out);
  if (!g)
    return success();
  RankedTensorType in = getOperand().getType(), res = getType();
  SmallVector<int64_t> summed;
  for (int64_t d = 0; d < res.getRank(); ++d) {
    auto it = llvm::find(getDims(), d);
    if (it == getDims().end() ||
        in.getDimSize(it - getDims().begin()) != res.getDimSize(d))
      summed.push_back(d);
  }
  out[0] = g->reshape(g->reduceSum(adjoints[0], summed), in.getShape());
  return success();
}

static Value sliceDim(OpBuilder &b, Location loc, Value x, int64_t dim,
                      int64_t start, int64_t limit) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> starts(type.getRank(), 0), limits(type.getShape()),
      strides(type.getRank(), 1), shape(type.getShape());
  starts[dim] = start;
  limits[dim] = limit;
  shape[dim] = limit - start;
  return b.create<SliceOp>(
      loc, RankedTensorType::get(shape, type.getElementType()), x,
      b.getDenseI64ArrayAttr(starts), b.getDenseI64ArrayAttr(limits),
      b.getDenseI64ArrayAttr(strides));
}

LogicalResult ConcatOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                                 SmallVectorImpl<Value> &out) {
  if (!start(*this, b, adjoints, out))
    return success();
  int64_t dim = getDimAttr().getInt(), offset = 0;
  for (auto [i, input] : llvm::enumerate(getInputs())) {
    int64_t size = cast<RankedTensorType>(input.getType()).getDimSize(dim);
    out[i] = sliceDim(b, getLoc(), adjoints[0], dim, offset, offset + size);
    offset += size;
  }
  return success();
}

LogicalResult SliceOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                                SmallVectorImpl<Value> &out) {
  auto g = start(*this, b, adjoints, out);
  if (!g)
    return success();
  if (llvm::any_of(getStrides(), [](int64_t s) { return s != 1; }))
    return emitOpError() << "trm-autodiff: the gradient of a strided slice "
                            "is not supported (it needs interior padding)";
  RankedTensorType in = getOperand().getType();
  SmallVector<int64_t> high;
  for (int64_t d = 0; d < in.getRank(); ++d)
    high.push_back(in.getDimSize(d) - getLimit()[d]);
  Value zero = b.create<ConstantOp>(
      getLoc(),
      DenseElementsAttr::get(RankedTensorType::get({}, in.getElementType()),
                             b.getFloatAttr(in.getElementType(), 0.0)));
  out[0] = b.create<PadOp>(getLoc(), in, adjoints[0], zero, getStartAttr(),
                           b.getDenseI64ArrayAttr(high));
  return success();
}

// The operand gets the interior; the padding value every padded position.
LogicalResult PadOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                              SmallVectorImpl<Value> &out) {
  auto g = start(*this, b, adjoints, out);
  if (!g)
    return success();
  RankedTensorType in = getOperand().getType();
  SmallVector<int64_t> limit, strides(in.getRank(), 1), all;
  for (int64_t d = 0; d < in.getRank(); ++d) {
    limit.push_back(getLow()[d] + in.getDimSize(d));
    all.push_back(d);
  }
  Value interior = b.create<SliceOp>(getLoc(), in, adjoints[0], getLowAttr(),
                                     b.getDenseI64ArrayAttr(limit),
                                     b.getDenseI64ArrayAttr(strides));
  out[0] = interior;
  out[1] = g->sub(g->reduceSum(adjoints[0], all), g->reduceSum(interior, all));
  return success();
}

LogicalResult GatherOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                                 SmallVectorImpl<Value> &out) {
  auto g = start(*this, b, adjoints, out);
  if (!g)
    return success();
  Value zeros = g->zerosLike(getTable());
  out[0] = b.create<ScatterAddOp>(getLoc(), getTable().getType(), zeros,
                                  getIndices(), adjoints[0]);
  return success();
}

LogicalResult ScatterAddOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                                     SmallVectorImpl<Value> &out) {
  if (!start(*this, b, adjoints, out))
    return success();
  out[0] = adjoints[0];
  out[2] = b.create<GatherOp>(getLoc(), getUpdates().getType(), adjoints[0],
                              getIndices());
  return success();
}
