//===- TrmGradients.cpp - gradient rules: math ops ------------------------===//
//
// Reverse-mode rules of elementwise ops, reductions and dot_general. Shape
// ops and gather/scatter are in TrmGradientsShape.cpp.
//
//===----------------------------------------------------------------------===//
#include "ir/TrmDims.h"
#include "ir/TrmGradientBuilder.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mlir::trm;

//===----------------------------------------------------------------------===//
// GradientBuilder
//===----------------------------------------------------------------------===//

Value GradientBuilder::splatLike(Value like, double value) {
  RankedTensorType type = typeOf(like);
  Type element = type.getElementType();
  Attribute scalar =
      isa<FloatType>(element)
          ? Attribute(b.getFloatAttr(element, value))
          : Attribute(b.getIntegerAttr(element, static_cast<int64_t>(value)));
  return b.create<ConstantOp>(loc, DenseElementsAttr::get(type, scalar));
}

Value GradientBuilder::compare(CompareDirection direction, Value x, Value y) {
  auto type = RankedTensorType::get(typeOf(x).getShape(), b.getI1Type());
  return b.create<CompareOp>(loc, type, direction, x, y);
}

Value GradientBuilder::maskWhere(Value pred, Value x, bool inverted) {
  Value zero = zerosLike(x);
  return b.create<SelectOp>(loc, x.getType(), pred, inverted ? zero : x,
                            inverted ? x : zero);
}

Value GradientBuilder::convert(Value x, Type element) {
  if (typeOf(x).getElementType() == element)
    return x;
  return b.create<ConvertOp>(
      loc, RankedTensorType::get(typeOf(x).getShape(), element), x);
}

Value GradientBuilder::reshape(Value x, ArrayRef<int64_t> shape) {
  if (typeOf(x).getShape() == shape)
    return x;
  return b.create<ReshapeOp>(
      loc, RankedTensorType::get(shape, typeOf(x).getElementType()), x);
}

Value GradientBuilder::transpose(Value x, ArrayRef<int64_t> permutation) {
  SmallVector<int64_t> shape;
  for (int64_t p : permutation)
    shape.push_back(typeOf(x).getDimSize(p));
  return b.create<TransposeOp>(
      loc, RankedTensorType::get(shape, typeOf(x).getElementType()), x,
      b.getDenseI64ArrayAttr(permutation));
}

Value GradientBuilder::reduceSum(Value x, ArrayRef<int64_t> dims) {
  if (dims.empty())
    return x;
  SmallVector<int64_t> shape =
      sizesAt(typeOf(x).getShape(), dimsExcept(typeOf(x).getRank(), dims));
  return b.create<ReduceSumOp>(
      loc, RankedTensorType::get(shape, typeOf(x).getElementType()), x,
      b.getDenseI64ArrayAttr(dims));
}

Value GradientBuilder::broadcastReduced(Value x, ArrayRef<int64_t> shape,
                                        ArrayRef<int64_t> dims) {
  return b.create<BroadcastInDimOp>(
      loc, RankedTensorType::get(shape, typeOf(x).getElementType()), x,
      b.getDenseI64ArrayAttr(dimsExcept(shape.size(), dims)));
}

//===----------------------------------------------------------------------===//
// Rules
//===----------------------------------------------------------------------===//

namespace {

/// Runs `body(g, adjoint)`, which fills `out`, when the op's single result
/// has an adjoint; operands it leaves alone get no gradient.
template <typename Body>
LogicalResult rule(Operation *op, OpBuilder &b, ArrayRef<Value> adjoints,
                   SmallVectorImpl<Value> &out, Body body) {
  out.assign(op->getNumOperands(), Value());
  if (!adjoints[0])
    return success();
  GradientBuilder g{b, op->getLoc()};
  body(g, adjoints[0]);
  return success();
}

/// Ops through which no gradient flows.
LogicalResult noGradient(Operation *op, SmallVectorImpl<Value> &out) {
  out.assign(op->getNumOperands(), Value());
  return success();
}

} // namespace

LogicalResult AddOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                              SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out,
              [&](GradientBuilder &g, Value d) { out[0] = out[1] = d; });
}
LogicalResult SubOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                              SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out, [&](GradientBuilder &g, Value d) {
    out[0] = d;
    out[1] = g.neg(d);
  });
}
LogicalResult MulOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                              SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out, [&](GradientBuilder &g, Value d) {
    out[0] = g.mul(d, getRhs());
    out[1] = g.mul(d, getLhs());
  });
}
LogicalResult DivOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                              SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out, [&](GradientBuilder &g, Value d) {
    out[0] = g.div(d, getRhs());
    out[1] = g.neg(g.div(g.mul(d, getResult()), getRhs())); // -d * a / b^2
  });
}
// Ties send the whole gradient to lhs.
LogicalResult MaxOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                              SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out, [&](GradientBuilder &g, Value d) {
    Value lhsWins = g.compare(CompareDirection::ge, getLhs(), getRhs());
    out[0] = g.maskWhere(lhsWins, d);
    out[1] = g.maskWhere(lhsWins, d, /*inverted=*/true);
  });
}
LogicalResult MinOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                              SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out, [&](GradientBuilder &g, Value d) {
    Value lhsWins = g.compare(CompareDirection::le, getLhs(), getRhs());
    out[0] = g.maskWhere(lhsWins, d);
    out[1] = g.maskWhere(lhsWins, d, /*inverted=*/true);
  });
}
LogicalResult Atan2Op::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                                SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out,
              [&](GradientBuilder &g,
                  Value d) { // atan2(y, x): dy = x / r^2, dx = -y / r^2
                Value y = getLhs(), x = getRhs();
                Value scaled = g.div(d, g.add(g.mul(x, x), g.mul(y, y)));
                out[0] = g.mul(scaled, x);
                out[1] = g.neg(g.mul(scaled, y));
              });
}
LogicalResult NegOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                              SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out,
              [&](GradientBuilder &g, Value d) { out[0] = g.neg(d); });
}
LogicalResult ExpOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                              SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out, [&](GradientBuilder &g, Value d) {
    out[0] = g.mul(d, getResult());
  });
}
LogicalResult LogOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                              SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out, [&](GradientBuilder &g, Value d) {
    out[0] = g.div(d, getOperand());
  });
}
LogicalResult SqrtOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                               SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out, [&](GradientBuilder &g, Value d) {
    out[0] = g.div(d, g.mul(g.splatLike(d, 2), getResult()));
  });
}
LogicalResult RsqrtOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                                SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out,
              [&](GradientBuilder &g, Value d) { // d/dx x^-1/2 = -1/2 r^3
                Value r = getResult();
                out[0] = g.mul(g.mul(d, g.splatLike(d, -0.5)),
                               g.mul(r, g.mul(r, r)));
              });
}
LogicalResult SigmoidOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                                  SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out, [&](GradientBuilder &g, Value d) {
    Value s = getResult();
    out[0] = g.mul(d, g.mul(s, g.sub(g.splatLike(s, 1), s)));
  });
}
LogicalResult SiluOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                               SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out,
              [&](GradientBuilder &g, Value d) { // s + x s (1 - s)
                Value x = getOperand(), s = g.sigmoid(x);
                Value slope =
                    g.add(s, g.mul(x, g.mul(s, g.sub(g.splatLike(s, 1), s))));
                out[0] = g.mul(d, slope);
              });
}
LogicalResult SelectOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                                 SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out, [&](GradientBuilder &g, Value d) {
    out[1] = g.maskWhere(getPred(), d);
    out[2] = g.maskWhere(getPred(), d, /*inverted=*/true);
  });
}
LogicalResult ConvertOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                                  SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out, [&](GradientBuilder &g, Value d) {
    Type from = GradientBuilder::typeOf(getOperand()).getElementType();
    if (isa<FloatType>(from))
      out[0] = g.convert(d, from);
  });
}
LogicalResult ReduceSumOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                                    SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out, [&](GradientBuilder &g, Value d) {
    out[0] = g.broadcastReduced(
        d, GradientBuilder::typeOf(getOperand()).getShape(), getDims());
  });
}
// Every maximal element receives the gradient (ties are not split).
LogicalResult ReduceMaxOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                                    SmallVectorImpl<Value> &out) {
  return rule(*this, b, adjoints, out, [&](GradientBuilder &g, Value d) {
    ArrayRef<int64_t> shape = GradientBuilder::typeOf(getOperand()).getShape();
    Value isMax = g.compare(CompareDirection::eq, getOperand(),
                            g.broadcastReduced(getResult(), shape, getDims()));
    out[0] = g.maskWhere(isMax, g.broadcastReduced(d, shape, getDims()));
  });
}

LogicalResult SignOp::gradient(OpBuilder &, ArrayRef<Value>,
                               SmallVectorImpl<Value> &out) {
  return noGradient(*this, out);
}
LogicalResult StopGradientOp::gradient(OpBuilder &, ArrayRef<Value>,
                                       SmallVectorImpl<Value> &out) {
  return noGradient(*this, out);
}
LogicalResult CompareOp::gradient(OpBuilder &, ArrayRef<Value>,
                                  SmallVectorImpl<Value> &out) {
  return noGradient(*this, out);
}
LogicalResult ArgmaxOp::gradient(OpBuilder &, ArrayRef<Value>,
                                 SmallVectorImpl<Value> &out) {
  return noGradient(*this, out);
}
LogicalResult ConstantOp::gradient(OpBuilder &, ArrayRef<Value>,
                                   SmallVectorImpl<Value> &out) {
  return noGradient(*this, out);
}

/// Position of each dim of `dims` among `dims` sorted ascending.
static SmallVector<int64_t> ranks(ArrayRef<int64_t> dims) {
  SmallVector<int64_t> out;
  for (int64_t d : dims)
    out.push_back(llvm::count_if(dims, [d](int64_t e) { return e < d; }));
  return out;
}

// For lhs: dot_general(d, rhs) contracting d's rhs-free dims with rhs's free
// dims gives [batch, lhs free, rhs contracting (ascending)]; a transpose puts
// those back in lhs order. rhs is symmetric with dot_general(lhs, d).
LogicalResult DotGeneralOp::gradient(OpBuilder &b, ArrayRef<Value> adjoints,
                                     SmallVectorImpl<Value> &out) {
  out.assign(2, Value());
  if (!adjoints[0])
    return success();
  GradientBuilder g{b, getLoc()};
  RankedTensorType lhs = g.typeOf(getLhs()), rhs = g.typeOf(getRhs());
  ArrayRef<int64_t> lb = getLhsBatchDims(), rb = getRhsBatchDims();
  ArrayRef<int64_t> lc = getLhsContractingDims(), rc = getRhsContractingDims();
  SmallVector<int64_t> lf = dimsExcept(lhs.getRank(), lb, lc),
                       rf = dimsExcept(rhs.getRank(), rb, rc);
  int64_t nb = lb.size(), nlf = lf.size();
  auto range = [](int64_t start, int64_t count) {
    SmallVector<int64_t> r;
    for (int64_t i = 0; i < count; ++i)
      r.push_back(start + i);
    return r;
  };
  // Contract in the operands' precision, accumulate like the forward op.
  auto contract = [&](Value x, Value y, ArrayRef<int64_t> xb,
                      ArrayRef<int64_t> yb, ArrayRef<int64_t> xc,
                      ArrayRef<int64_t> yc, Type element) {
    SmallVector<int64_t> shape = dotGeneralShape(
        g.typeOf(x).getShape(), g.typeOf(y).getShape(), xb, yb, xc, yc);
    Value r = b.create<DotGeneralOp>(
        getLoc(), RankedTensorType::get(shape, getAccumulate()), x, y,
        b.getDenseI64ArrayAttr(xb), b.getDenseI64ArrayAttr(yb),
        b.getDenseI64ArrayAttr(xc), b.getDenseI64ArrayAttr(yc),
        TypeAttr::get(getAccumulate()));
    return g.convert(r, element);
  };
  // The adjoint in the operands' precision (bf16 in mixed precision).
  Value d = g.convert(adjoints[0], lhs.getElementType());
  {
    Value r = contract(d, getRhs(), range(0, nb), rb,
                       range(nb + nlf, rf.size()), rf, lhs.getElementType());
    SmallVector<int64_t> perm(lhs.getRank());
    SmallVector<int64_t> rcRank = ranks(rc);
    for (int64_t i = 0; i < nb; ++i)
      perm[lb[i]] = i;
    for (int64_t k = 0; k < nlf; ++k)
      perm[lf[k]] = nb + k;
    for (size_t j = 0; j < lc.size(); ++j)
      perm[lc[j]] = nb + nlf + rcRank[j];
    out[0] = g.transpose(r, perm);
  }
  {
    Value r = contract(getLhs(), d, lb, range(0, nb), lf, range(nb, nlf),
                       rhs.getElementType());
    SmallVector<int64_t> perm(rhs.getRank());
    SmallVector<int64_t> lcRank = ranks(lc);
    for (int64_t i = 0; i < nb; ++i)
      perm[rb[i]] = i;
    for (size_t j = 0; j < rc.size(); ++j)
      perm[rc[j]] = nb + lcRank[j];
    for (size_t k = 0; k < rf.size(); ++k)
      perm[rf[k]] = nb + static_cast<int64_t>(lc.size()) + k;
    out[1] = g.transpose(r, perm);
  }
  return success();
}
