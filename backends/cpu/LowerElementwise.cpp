//===- LowerElementwise.cpp - elementwise trm ops -> linalg.generic -------===//
//
// Every elementwise op becomes one linalg.generic whose body is the op's
// scalar form; the table below is all that differs between ops.
//
//===----------------------------------------------------------------------===//
#include "backends/cpu/LoweringUtils.h"
#include "backends/cpu/Patterns.h"
#include "ir/TrmOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::trm;

namespace trm::cpu {
namespace {

using Scalar = Value (*)(OpBuilder &, Location, ValueRange, Type);

bool isFloat(Type t) { return isa<FloatType>(t); }

template <typename FloatOp, typename IntOp>
Value either(OpBuilder &b, Location loc, ValueRange x, Type t) {
  if (isFloat(t))
    return b.create<FloatOp>(loc, x[0], x[1]);
  return b.create<IntOp>(loc, x[0], x[1]);
}

template <typename MathOp>
Value unaryMath(OpBuilder &b, Location loc, ValueRange x, Type) {
  return b.create<MathOp>(loc, x[0]);
}

Value sigmoid(OpBuilder &b, Location loc, Value x, Type t) {
  Value one = scalarConstant(b, loc, t, 1);
  Value e = b.create<math::ExpOp>(loc, b.create<arith::NegFOp>(loc, x));
  return b.create<arith::DivFOp>(loc, one,
                                 b.create<arith::AddFOp>(loc, one, e));
}

Value negate(OpBuilder &b, Location loc, ValueRange x, Type t) {
  if (isFloat(t))
    return b.create<arith::NegFOp>(loc, x[0]);
  return b.create<arith::SubIOp>(loc, scalarConstant(b, loc, t, 0), x[0]);
}

Value sign(OpBuilder &b, Location loc, ValueRange x, Type t) {
  Value zero = scalarConstant(b, loc, t, 0);
  Value positive, negative;
  if (isFloat(t)) {
    positive =
        b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x[0], zero);
    negative =
        b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, x[0], zero);
  } else {
    positive =
        b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sgt, x[0], zero);
    negative =
        b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, x[0], zero);
  }
  // 0, -0 and NaN are returned as they are.
  Value rest = b.create<arith::SelectOp>(
      loc, negative, scalarConstant(b, loc, t, -1), isFloat(t) ? x[0] : zero);
  return b.create<arith::SelectOp>(loc, positive, scalarConstant(b, loc, t, 1),
                                   rest);
}

/// Lowers Op elementwise through `scalar`.
template <typename Op> struct Elementwise : public OpConversionPattern<Op> {
  Elementwise(MLIRContext *context, Scalar scalar)
      : OpConversionPattern<Op>(context), scalar(scalar) {}

  LogicalResult
  matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op->getResult(0).getType());
    Type element =
        cast<RankedTensorType>(op->getOperand(0).getType()).getElementType();
    Value result =
        elementwise(rewriter, op.getLoc(), type, adaptor.getOperands(),
                    [&](OpBuilder &b, Location loc, ValueRange x) {
                      return scalar(b, loc, x, element);
                    });
    rewriter.replaceOp(op, result);
    return success();
  }
  Scalar scalar;
};

arith::CmpFPredicate floatPredicate(CompareDirection d) {
  switch (d) {
  case CompareDirection::eq:
    return arith::CmpFPredicate::OEQ;
  case CompareDirection::ne:
    return arith::CmpFPredicate::UNE;
  case CompareDirection::lt:
    return arith::CmpFPredicate::OLT;
  case CompareDirection::le:
    return arith::CmpFPredicate::OLE;
  case CompareDirection::gt:
    return arith::CmpFPredicate::OGT;
  case CompareDirection::ge:
    return arith::CmpFPredicate::OGE;
  }
  return arith::CmpFPredicate::OEQ;
}

arith::CmpIPredicate intPredicate(CompareDirection d) {
  switch (d) {
  case CompareDirection::eq:
    return arith::CmpIPredicate::eq;
  case CompareDirection::ne:
    return arith::CmpIPredicate::ne;
  case CompareDirection::lt:
    return arith::CmpIPredicate::slt;
  case CompareDirection::le:
    return arith::CmpIPredicate::sle;
  case CompareDirection::gt:
    return arith::CmpIPredicate::sgt;
  case CompareDirection::ge:
    return arith::CmpIPredicate::sge;
  }
  return arith::CmpIPredicate::eq;
}

struct LowerCompare : public OpConversionPattern<CompareOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CompareOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type element = op.getLhs().getType().getElementType();
    CompareDirection d = op.getDirection();
    rewriter.replaceOp(
        op,
        elementwise(rewriter, op.getLoc(), op.getType(), adaptor.getOperands(),
                    [&](OpBuilder &b, Location loc, ValueRange x) -> Value {
                      if (isFloat(element))
                        return b.create<arith::CmpFOp>(loc, floatPredicate(d),
                                                       x[0], x[1]);
                      return b.create<arith::CmpIOp>(loc, intPredicate(d), x[0],
                                                     x[1]);
                    }));
    return success();
  }
};

/// One element from `from` to `to` with trm.convert's semantics.
Value convertScalar(OpBuilder &b, Location loc, Value x, Type from, Type to) {
  if (from == to)
    return x;
  if (isFloat(from) && isFloat(to))
    return from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth()
               ? b.create<arith::ExtFOp>(loc, to, x).getResult()
               : b.create<arith::TruncFOp>(loc, to, x).getResult();
  if (to.isInteger(1))
    return isFloat(from)
               ? b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNE, x,
                                         scalarConstant(b, loc, from, 0))
                     .getResult()
               : b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, x,
                                         scalarConstant(b, loc, from, 0))
                     .getResult();
  if (isFloat(from))
    return b.create<arith::FPToSIOp>(loc, to, x);
  if (isFloat(to))
    return from.isInteger(1)
               ? b.create<arith::UIToFPOp>(loc, to, x).getResult()
               : b.create<arith::SIToFPOp>(loc, to, x).getResult();
  return b.create<arith::ExtUIOp>(loc, to, x); // i1 -> i32
}

struct LowerConvert : public OpConversionPattern<ConvertOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConvertOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type from = op.getOperand().getType().getElementType();
    Type to = op.getType().getElementType();
    rewriter.replaceOp(
        op,
        elementwise(rewriter, op.getLoc(), op.getType(), adaptor.getOperands(),
                    [&](OpBuilder &b, Location loc, ValueRange x) {
                      return convertScalar(b, loc, x[0], from, to);
                    }));
    return success();
  }
};

struct LowerSelect : public OpConversionPattern<SelectOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SelectOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op,
        elementwise(rewriter, op.getLoc(), op.getType(), adaptor.getOperands(),
                    [](OpBuilder &b, Location loc, ValueRange x) -> Value {
                      return b.create<arith::SelectOp>(loc, x[0], x[1], x[2]);
                    }));
    return success();
  }
};

struct LowerConstant : public OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // A splat is a fill: as a dense constant it would be stored element by
    // element in the kernels library (150 MB for one baseline activation).
    auto splat = dyn_cast<SplatElementsAttr>(op.getValue());
    if (splat && op.getType().getNumElements() > 1) {
      Value scalar = rewriter.create<arith::ConstantOp>(
          op.getLoc(), splat.getSplatValue<TypedAttr>());
      rewriter.replaceOpWithNewOp<linalg::FillOp>(
          op, scalar, emptyTensor(rewriter, op.getLoc(), op.getType()));
      return success();
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, cast<TypedAttr>(op.getValue()));
    return success();
  }
};

struct LowerStopGradient : public OpConversionPattern<StopGradientOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(StopGradientOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getOperand());
    return success();
  }
};

} // namespace

void populateElementwiseLowering(RewritePatternSet &patterns) {
  MLIRContext *c = patterns.getContext();
  patterns.add<Elementwise<AddOp>>(c, either<arith::AddFOp, arith::AddIOp>);
  patterns.add<Elementwise<SubOp>>(c, either<arith::SubFOp, arith::SubIOp>);
  patterns.add<Elementwise<MulOp>>(c, either<arith::MulFOp, arith::MulIOp>);
  patterns.add<Elementwise<DivOp>>(c, either<arith::DivFOp, arith::DivSIOp>);
  patterns.add<Elementwise<MaxOp>>(c,
                                   either<arith::MaximumFOp, arith::MaxSIOp>);
  patterns.add<Elementwise<MinOp>>(c,
                                   either<arith::MinimumFOp, arith::MinSIOp>);
  patterns.add<Elementwise<Atan2Op>>(
      c, +[](OpBuilder &b, Location loc, ValueRange x, Type) -> Value {
        return b.create<math::Atan2Op>(loc, x[0], x[1]);
      });
  patterns.add<Elementwise<NegOp>>(c, negate);
  patterns.add<Elementwise<ExpOp>>(c, unaryMath<math::ExpOp>);
  patterns.add<Elementwise<LogOp>>(c, unaryMath<math::LogOp>);
  patterns.add<Elementwise<SqrtOp>>(c, unaryMath<math::SqrtOp>);
  patterns.add<Elementwise<RsqrtOp>>( // math.rsqrt has no LLVM lowering
      c, +[](OpBuilder &b, Location loc, ValueRange x, Type t) -> Value {
        return b.create<arith::DivFOp>(loc, scalarConstant(b, loc, t, 1),
                                       b.create<math::SqrtOp>(loc, x[0]));
      });
  patterns.add<Elementwise<SignOp>>(c, sign);
  patterns.add<Elementwise<SigmoidOp>>(
      c, +[](OpBuilder &b, Location loc, ValueRange x, Type t) {
        return sigmoid(b, loc, x[0], t);
      });
  patterns.add<Elementwise<SiluOp>>(
      c, +[](OpBuilder &b, Location loc, ValueRange x, Type t) -> Value {
        return b.create<arith::MulFOp>(loc, x[0], sigmoid(b, loc, x[0], t));
      });
  patterns.add<LowerCompare, LowerConvert, LowerSelect, LowerConstant,
               LowerStopGradient>(c);
}

} // namespace trm::cpu
