//===- Composites.cpp - layers built from trm primitives ------------------===//
#include "frontend/trace/Composites.h"

#include <cmath>

namespace trm {

Value rmsNorm(Tracer &t, Value h, double eps) {
  Tracer::Scope scope(t, "rms_norm");
  mlir::Type f32 = t.builder().getF32Type();
  Value x = t.convert(h, f32);
  auto shape = Tracer::shape(x);
  int64_t last = static_cast<int64_t>(shape.size()) - 1;
  Value meanSquare = t.scale(t.reduceSum(t.mul(x, x), {last}),
                             1.0 / static_cast<double>(shape[last]));
  Value inv =
      t.rsqrt(t.add(meanSquare, t.splat(eps, Tracer::shape(meanSquare), f32)));
  Value normed = t.mul(x, t.broadcastReduced(inv, shape, {last}));
  return t.convert(normed, Tracer::elementType(h));
}

Value swiglu(Tracer &t, Value x, Value gateUp, Value down) {
  Value both;
  {
    Tracer::Scope scope(t, "gate_up");
    both = t.convert(t.matmul(x, gateUp), Tracer::elementType(x));
  }
  auto shape = Tracer::shape(both);
  int64_t last = static_cast<int64_t>(shape.size()) - 1;
  int64_t inner = shape[last] / 2;
  Value gate = t.sliceDim(both, last, 0, inner);
  Value up = t.sliceDim(both, last, inner, 2 * inner);
  Value hidden = t.mul(t.silu(gate), up);
  Tracer::Scope scope(t, "down");
  return t.convert(t.matmul(hidden, down), Tracer::elementType(x));
}

Value softmax(Tracer &t, Value x) {
  auto shape = Tracer::shape(x);
  int64_t last = static_cast<int64_t>(shape.size()) - 1;
  Value shifted =
      t.sub(x, t.broadcastReduced(t.reduceMax(x, {last}), shape, {last}));
  Value e = t.exp(shifted);
  return t.div(e, t.broadcastReduced(t.reduceSum(e, {last}), shape, {last}));
}

Value rope(Tracer &t, Value x, Value cos, Value sin) {
  Tracer::Scope scope(t, "rope");
  auto shape = Tracer::shape(x); // [B, L, H, hd]
  int64_t half = shape[3] / 2;
  Value x1 = t.sliceDim(x, 3, 0, half);
  Value x2 = t.sliceDim(x, 3, half, 2 * half);
  Value rotated = t.concat({t.neg(x2), x1}, 3);
  mlir::Type element = Tracer::elementType(x);
  Value c = t.broadcast(t.convert(cos, element), shape, {1, 3});
  Value s = t.broadcast(t.convert(sin, element), shape, {1, 3});
  return t.add(t.mul(x, c), t.mul(rotated, s));
}

std::pair<Value, Value> ropeTables(Tracer &t, int64_t length, int64_t headDim,
                                   double theta) {
  std::vector<float> cos(length * headDim), sin(length * headDim);
  int64_t half = headDim / 2;
  for (int64_t p = 0; p < length; ++p)
    for (int64_t i = 0; i < half; ++i) {
      double frequency = std::pow(theta, -2.0 * static_cast<double>(i) /
                                             static_cast<double>(headDim));
      double angle = static_cast<double>(p) * frequency;
      for (int64_t copy : {i, i + half}) {
        cos[p * headDim + copy] = static_cast<float>(std::cos(angle));
        sin[p * headDim + copy] = static_cast<float>(std::sin(angle));
      }
    }
  return {t.dense(cos, {length, headDim}), t.dense(sin, {length, headDim})};
}

Value logStablemax(Tracer &t, Value logits) {
  Tracer::Scope scope(t, "stablemax");
  auto shape = Tracer::shape(logits);
  mlir::Type f32 = Tracer::elementType(logits);
  int64_t last = static_cast<int64_t>(shape.size()) - 1;
  Value zero = t.splat(0, shape, f32), one = t.splat(1, shape, f32);
  // Both branches stay finite (x <= 0 in the reciprocal), so the gradient
  // through the select never meets 0 * inf.
  Value positive = t.add(t.max(logits, zero), one);
  Value negative = t.div(
      one, t.add(t.sub(one, t.min(logits, zero)), t.splat(1e-30, shape, f32)));
  Value s = t.select(t.compare(mlir::trm::CompareDirection::ge, logits, zero),
                     positive, negative);
  Value total = t.broadcastReduced(t.reduceSum(s, {last}), shape, {last});
  return t.sub(t.log(s), t.log(total));
}

Value bceWithLogits(Tracer &t, Value logits, Value targets) {
  auto shape = Tracer::shape(logits);
  mlir::Type f32 = Tracer::elementType(logits);
  Value softplus =
      t.log(t.add(t.splat(1, shape, f32), t.exp(t.neg(t.abs(logits)))));
  return t.add(
      t.sub(t.max(logits, t.splat(0, shape, f32)), t.mul(logits, targets)),
      softplus);
}

Value takeLast(Tracer &t, Value x, Value index) {
  auto shape = Tracer::shape(x);
  int64_t last = static_cast<int64_t>(shape.size()) - 1;
  llvm::SmallVector<int64_t> leading;
  for (int64_t d = 0; d < last; ++d)
    leading.push_back(d);
  Value classes = t.broadcast(t.iota(shape[last]), shape, {last});
  Value hit = t.compare(mlir::trm::CompareDirection::eq,
                        t.broadcast(index, shape, leading), classes);
  Value picked = t.select(hit, x, t.splat(0, shape, Tracer::elementType(x)));
  return t.reduceSum(picked, {last});
}

} // namespace trm
