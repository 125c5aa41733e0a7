//===- Tracer.cpp - a small C++ builder API over the trm dialect ----------===//
#include "frontend/trace/Tracer.h"

#include "ir/TrmDims.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mlir::trm;

namespace trm {

Tracer::Scope::Scope(Tracer &tracer, const std::string &name,
                     std::optional<Location> cause)
    : tracer(tracer) {
  tracer.names.push_back(name);
  if (cause)
    tracer.causes.push_back(*cause);
  else if (tracer.causes.empty())
    tracer.causes.push_back(UnknownLoc::get(tracer.context()));
  else
    tracer.causes.push_back(tracer.causes.back());
}

Tracer::Scope::~Scope() {
  tracer.names.pop_back();
  tracer.causes.pop_back();
}

Location Tracer::loc() {
  if (names.empty())
    return UnknownLoc::get(context());
  std::string path;
  for (const std::string &name : names)
    if (!name.empty())
      path += (path.empty() ? "" : "/") + name;
  if (path.empty())
    return causes.back();
  return NameLoc::get(StringAttr::get(context(), path), causes.back());
}

RankedTensorType Tracer::tensorType(ArrayRef<int64_t> shape, Type element) {
  return RankedTensorType::get(shape, element);
}

ArrayRef<int64_t> Tracer::shape(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

Type Tracer::elementType(Value v) {
  return cast<RankedTensorType>(v.getType()).getElementType();
}

Value Tracer::splat(double value, ArrayRef<int64_t> shape, Type element) {
  auto type = tensorType(shape, element);
  Attribute scalar =
      isa<FloatType>(element)
          ? Attribute(b.getFloatAttr(element, value))
          : Attribute(b.getIntegerAttr(element, static_cast<int64_t>(value)));
  return create<ConstantOp>(DenseElementsAttr::get(type, scalar));
}

Value Tracer::dense(ArrayRef<float> values, ArrayRef<int64_t> shape) {
  auto type = tensorType(shape, b.getF32Type());
  return create<ConstantOp>(DenseElementsAttr::get(type, values));
}

Value Tracer::add(Value a, Value c) { return create<AddOp>(a, c); }
Value Tracer::sub(Value a, Value c) { return create<SubOp>(a, c); }
Value Tracer::mul(Value a, Value c) { return create<MulOp>(a, c); }
Value Tracer::div(Value a, Value c) { return create<DivOp>(a, c); }
Value Tracer::max(Value a, Value c) { return create<MaxOp>(a, c); }
Value Tracer::min(Value a, Value c) { return create<MinOp>(a, c); }
Value Tracer::neg(Value a) { return create<NegOp>(a); }
Value Tracer::exp(Value a) { return create<ExpOp>(a); }
Value Tracer::log(Value a) { return create<LogOp>(a); }
Value Tracer::rsqrt(Value a) { return create<RsqrtOp>(a); }
Value Tracer::sqrt(Value a) { return create<SqrtOp>(a); }
Value Tracer::sign(Value a) { return create<SignOp>(a); }
Value Tracer::atan2(Value a, Value c) { return create<Atan2Op>(a, c); }
Value Tracer::silu(Value a) { return create<SiluOp>(a); }
Value Tracer::stopGradient(Value a) { return create<StopGradientOp>(a); }

Value Tracer::compare(mlir::trm::CompareDirection direction, Value a, Value c) {
  auto type = tensorType(shape(a), b.getI1Type());
  return create<CompareOp>(type, direction, a, c);
}

Value Tracer::select(Value pred, Value a, Value c) {
  return create<SelectOp>(a.getType(), pred, a, c);
}

Value Tracer::convert(Value a, Type element) {
  if (elementType(a) == element)
    return a;
  return create<ConvertOp>(tensorType(shape(a), element), a);
}

Value Tracer::scale(Value a, double s) {
  return mul(a, splat(s, shape(a), elementType(a)));
}

Value Tracer::logicalAnd(Value a, Value c) {
  return select(a, c, splat(0, shape(a), b.getI1Type()));
}

Value Tracer::logicalOr(Value a, Value c) {
  return select(a, splat(1, shape(a), b.getI1Type()), c);
}

Value Tracer::logicalNot(Value a) {
  return select(a, splat(0, shape(a), b.getI1Type()),
                splat(1, shape(a), b.getI1Type()));
}

Value Tracer::iota(int64_t n) {
  SmallVector<int32_t> values(n);
  for (int64_t i = 0; i < n; ++i)
    values[i] = static_cast<int32_t>(i);
  auto type = tensorType({n}, b.getI32Type());
  return create<ConstantOp>(DenseElementsAttr::get(type, ArrayRef(values)));
}

Value Tracer::dotGeneral(Value lhs, Value rhs, ArrayRef<int64_t> lhsBatch,
                         ArrayRef<int64_t> rhsBatch,
                         ArrayRef<int64_t> lhsContract,
                         ArrayRef<int64_t> rhsContract) {
  SmallVector<int64_t> out = dotGeneralShape(
      shape(lhs), shape(rhs), lhsBatch, rhsBatch, lhsContract, rhsContract);
  Type element = elementType(lhs);
  // Products of bf16 operands are accumulated in f32 and kept there.
  Type accumulate = element.isF64() ? element : b.getF32Type();
  return create<DotGeneralOp>(
      tensorType(out, accumulate), lhs, rhs, b.getDenseI64ArrayAttr(lhsBatch),
      b.getDenseI64ArrayAttr(rhsBatch), b.getDenseI64ArrayAttr(lhsContract),
      b.getDenseI64ArrayAttr(rhsContract), TypeAttr::get(accumulate));
}

Value Tracer::matmul(Value x, Value w) {
  int64_t last = static_cast<int64_t>(shape(x).size()) - 1;
  return dotGeneral(x, w, {}, {}, {last}, {0});
}

static SmallVector<int64_t> withoutDims(ArrayRef<int64_t> shape,
                                        ArrayRef<int64_t> dims) {
  return sizesAt(shape, dimsExcept(shape.size(), dims));
}

Value Tracer::reduceSum(Value a, ArrayRef<int64_t> dims) {
  auto type = tensorType(withoutDims(shape(a), dims), elementType(a));
  return create<ReduceSumOp>(type, a, b.getDenseI64ArrayAttr(dims));
}

Value Tracer::reduceMax(Value a, ArrayRef<int64_t> dims) {
  auto type = tensorType(withoutDims(shape(a), dims), elementType(a));
  return create<ReduceMaxOp>(type, a, b.getDenseI64ArrayAttr(dims));
}

Value Tracer::argmax(Value a, int64_t dim) {
  auto type = tensorType(withoutDims(shape(a), {dim}), b.getI32Type());
  return create<ArgmaxOp>(type, a, b.getI64IntegerAttr(dim));
}

Value Tracer::reshape(Value a, ArrayRef<int64_t> newShape) {
  if (shape(a) == newShape)
    return a;
  return create<ReshapeOp>(tensorType(newShape, elementType(a)), a);
}

Value Tracer::transpose(Value a, ArrayRef<int64_t> permutation) {
  SmallVector<int64_t> out;
  for (int64_t p : permutation)
    out.push_back(shape(a)[p]);
  return create<TransposeOp>(tensorType(out, elementType(a)), a,
                             b.getDenseI64ArrayAttr(permutation));
}

Value Tracer::broadcast(Value a, ArrayRef<int64_t> newShape,
                        ArrayRef<int64_t> dims) {
  if (shape(a) == newShape)
    return a;
  return create<BroadcastInDimOp>(tensorType(newShape, elementType(a)), a,
                                  b.getDenseI64ArrayAttr(dims));
}

Value Tracer::broadcastReduced(Value a, ArrayRef<int64_t> newShape,
                               ArrayRef<int64_t> reducedDims) {
  return broadcast(a, newShape, dimsExcept(newShape.size(), reducedDims));
}

Value Tracer::concat(ArrayRef<Value> inputs, int64_t dim) {
  SmallVector<int64_t> out(shape(inputs.front()));
  out[dim] = 0;
  for (Value v : inputs)
    out[dim] += shape(v)[dim];
  return create<ConcatOp>(tensorType(out, elementType(inputs.front())), inputs,
                          b.getI64IntegerAttr(dim));
}

Value Tracer::sliceDim(Value a, int64_t dim, int64_t start, int64_t limit) {
  SmallVector<int64_t> starts(shape(a).size(), 0), limits(shape(a)),
      strides(shape(a).size(), 1), out(shape(a));
  starts[dim] = start;
  limits[dim] = limit;
  out[dim] = limit - start;
  return create<SliceOp>(
      tensorType(out, elementType(a)), a, b.getDenseI64ArrayAttr(starts),
      b.getDenseI64ArrayAttr(limits), b.getDenseI64ArrayAttr(strides));
}

Value Tracer::padDim(Value a, int64_t dim, int64_t low, int64_t high,
                     double value) {
  if (low == 0 && high == 0)
    return a;
  SmallVector<int64_t> lows(shape(a).size(), 0), highs(shape(a).size(), 0),
      out(shape(a));
  lows[dim] = low;
  highs[dim] = high;
  out[dim] += low + high;
  Value fill = scalar(value, elementType(a));
  return create<PadOp>(tensorType(out, elementType(a)), a, fill,
                       b.getDenseI64ArrayAttr(lows),
                       b.getDenseI64ArrayAttr(highs));
}

Value Tracer::gather(Value table, Value indices) {
  SmallVector<int64_t> out(shape(indices));
  llvm::append_range(out, shape(table).drop_front());
  return create<GatherOp>(tensorType(out, elementType(table)), table, indices);
}

SmallVector<Value>
Tracer::repeat(int64_t count, bool noGrad, ValueRange inits,
               function_ref<SmallVector<Value>(ValueRange)> body) {
  auto op = b.create<RepeatOp>(loc(), inits.getTypes(), count, noGrad, inits);
  OpBuilder::InsertionGuard guard(b);
  Block *block = b.createBlock(&op.getBody());
  for (Value init : inits)
    block->addArgument(init.getType(), loc());
  SmallVector<Value> next = body(block->getArguments());
  b.create<YieldOp>(loc(), next);
  return SmallVector<Value>(op.getResults());
}

SmallVector<Value> Tracer::call(func::FuncOp callee, ValueRange args) {
  auto op = b.create<func::CallOp>(loc(), callee, args);
  return SmallVector<Value>(op.getResults());
}

} // namespace trm
