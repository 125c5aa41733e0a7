//===- LowerStructured.cpp - contractions, reductions, data movement ------===//
#include "backends/cpu/LoweringUtils.h"
#include "backends/cpu/Patterns.h"
#include "ir/TrmOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <limits>

using namespace mlir;
using namespace mlir::trm;

namespace trm::cpu {
namespace {

RankedTensorType tensorOf(Value v) {
  return cast<RankedTensorType>(v.getType());
}

SmallVector<OpFoldResult> indexAttrs(OpBuilder &b, ArrayRef<int64_t> values) {
  SmallVector<OpFoldResult> out;
  for (int64_t v : values)
    out.push_back(b.getIndexAttr(v));
  return out;
}

double lowest(Type t) {
  return isa<FloatType>(t)
             ? -std::numeric_limits<double>::infinity()
             : static_cast<double>(std::numeric_limits<int32_t>::min());
}

template <typename Op, bool IsSum>
struct LowerReduce : public OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    Type element = type.getElementType();
    bool isFloat = isa<FloatType>(element);
    Value init =
        filledTensor(rewriter, op.getLoc(), type, IsSum ? 0 : lowest(element));
    auto reduce = rewriter.create<linalg::ReduceOp>(
        op.getLoc(), ValueRange{adaptor.getOperand()}, ValueRange{init},
        op.getDims(), [&](OpBuilder &b, Location l, ValueRange x) {
          Value r;
          // A float sum may be reassociated: LLVM then vectorizes it (16
          // partial sums per row, in a fixed order: still deterministic);
          // strictly in order it ran one scalar add per 4 cycles (RMSNorm's
          // sums of squares, 2.1 % of the D=256 step).
          if (IsSum)
            r = isFloat ? b.create<arith::AddFOp>(l, x[0], x[1],
                                                  arith::FastMathFlags::reassoc)
                              .getResult()
                        : b.create<arith::AddIOp>(l, x[0], x[1]).getResult();
          else
            r = isFloat ? b.create<arith::MaximumFOp>(l, x[0], x[1]).getResult()
                        : b.create<arith::MaxSIOp>(l, x[0], x[1]).getResult();
          b.create<linalg::YieldOp>(l, r);
        });
    rewriter.replaceOp(op, reduce.getResult(0));
    return success();
  }
};

/// A generic carrying (max so far, its index); strict > keeps the first.
struct LowerArgmax : public OpConversionPattern<ArgmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ArgmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType in = op.getOperand().getType();
    int64_t dim = op.getDimAttr().getInt();
    Type element = in.getElementType();
    auto valueType = op.getType().clone(element);
    Value maxInit = filledTensor(rewriter, loc, valueType, lowest(element));
    Value indexInit = filledTensor(rewriter, loc, op.getType(), 0);
    SmallVector<AffineExpr> reduced;
    for (int64_t d = 0; d < in.getRank(); ++d)
      if (d != dim)
        reduced.push_back(rewriter.getAffineDimExpr(d));
    AffineMap identity = rewriter.getMultiDimIdentityMap(in.getRank());
    AffineMap out = AffineMap::get(in.getRank(), 0, reduced, op.getContext());
    SmallVector<utils::IteratorType> iterators(in.getRank(),
                                               utils::IteratorType::parallel);
    iterators[dim] = utils::IteratorType::reduction;
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{valueType, op.getType()}, adaptor.getOperand(),
        ValueRange{maxInit, indexInit}, ArrayRef<AffineMap>{identity, out, out},
        iterators, [&](OpBuilder &b, Location l, ValueRange x) {
          Value index = b.create<arith::IndexCastOp>(
              l, b.getI32Type(), b.create<linalg::IndexOp>(l, dim));
          Value greater = isa<FloatType>(element)
                              ? b.create<arith::CmpFOp>(
                                     l, arith::CmpFPredicate::OGT, x[0], x[1])
                                    .getResult()
                              : b.create<arith::CmpIOp>(
                                     l, arith::CmpIPredicate::sgt, x[0], x[1])
                                    .getResult();
          b.create<linalg::YieldOp>(
              l,
              ValueRange{b.create<arith::SelectOp>(l, greater, x[0], x[1]),
                         b.create<arith::SelectOp>(l, greater, index, x[2])});
        });
    rewriter.replaceOp(op, generic.getResult(1));
    return success();
  }
};

Value reshapeTo(OpBuilder &b, Location loc, Value source,
                RankedTensorType type) {
  if (source.getType() == type)
    return source;
  SmallVector<int64_t> shape(type.getShape());
  auto shapeType = RankedTensorType::get({type.getRank()}, b.getI64Type());
  Value shapeValue = b.create<arith::ConstantOp>(
      loc, DenseIntElementsAttr::get(shapeType, shape));
  return b.create<tensor::ReshapeOp>(loc, type, source, shapeValue);
}

struct LowerReshape : public OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reshapeTo(rewriter, op.getLoc(),
                                     adaptor.getOperand(), op.getType()));
    return success();
  }
};

struct LowerTranspose : public OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto t = rewriter.create<linalg::TransposeOp>(
        op.getLoc(), adaptor.getOperand(),
        emptyTensor(rewriter, op.getLoc(), op.getType()), op.getPermutation());
    rewriter.replaceOp(op, t.getResult()[0]);
    return success();
  }
};

struct LowerBroadcast : public OpConversionPattern<BroadcastInDimOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BroadcastInDimOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType in = op.getOperand().getType(), out = op.getType();
    SmallVector<AffineExpr> exprs;
    for (auto [i, d] : llvm::enumerate(op.getDims()))
      exprs.push_back(in.getDimSize(i) == 1 && out.getDimSize(d) != 1
                          ? rewriter.getAffineConstantExpr(0)
                          : rewriter.getAffineDimExpr(d));
    SmallVector<AffineMap> maps = {
        AffineMap::get(out.getRank(), 0, exprs, op.getContext()),
        rewriter.getMultiDimIdentityMap(out.getRank())};
    SmallVector<utils::IteratorType> iterators(out.getRank(),
                                               utils::IteratorType::parallel);
    auto generic = rewriter.create<linalg::GenericOp>(
        op.getLoc(), out, adaptor.getOperand(),
        emptyTensor(rewriter, op.getLoc(), out), maps, iterators,
        [](OpBuilder &b, Location l, ValueRange x) {
          b.create<linalg::YieldOp>(l, x[0]);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct LowerConcat : public OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value result = emptyTensor(rewriter, op.getLoc(), op.getType());
    int64_t dim = op.getDimAttr().getInt(), offset = 0;
    for (Value input : adaptor.getInputs()) {
      RankedTensorType type = tensorOf(input);
      SmallVector<int64_t> offsets(type.getRank(), 0),
          strides(type.getRank(), 1);
      offsets[dim] = offset;
      result = rewriter.create<tensor::InsertSliceOp>(
          op.getLoc(), input, result, indexAttrs(rewriter, offsets),
          indexAttrs(rewriter, type.getShape()), indexAttrs(rewriter, strides));
      offset += type.getDimSize(dim);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct LowerSlice : public OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, op.getType(), adaptor.getOperand(),
        indexAttrs(rewriter, op.getStart()),
        indexAttrs(rewriter, op.getType().getShape()),
        indexAttrs(rewriter, op.getStrides()));
    return success();
  }
};

struct LowerPad : public OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value value =
        rewriter.create<tensor::ExtractOp>(op.getLoc(), adaptor.getValue());
    rewriter.replaceOpWithNewOp<tensor::PadOp>(
        op, op.getType(), adaptor.getOperand(),
        indexAttrs(rewriter, op.getLow()), indexAttrs(rewriter, op.getHigh()),
        value);
    return success();
  }
};

/// Each result element reads its table row through the (clamped) index.
struct LowerGather : public OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType out = op.getType();
    int64_t k = op.getIndices().getType().getRank();
    int64_t rows = op.getTable().getType().getDimSize(0);
    SmallVector<AffineExpr> indexExprs;
    for (int64_t d = 0; d < k; ++d)
      indexExprs.push_back(rewriter.getAffineDimExpr(d));
    SmallVector<AffineMap> maps = {
        AffineMap::get(out.getRank(), 0, indexExprs, op.getContext()),
        rewriter.getMultiDimIdentityMap(out.getRank())};
    SmallVector<utils::IteratorType> iterators(out.getRank(),
                                               utils::IteratorType::parallel);
    Value table = adaptor.getTable();
    auto generic = rewriter.create<linalg::GenericOp>(
        op.getLoc(), out, adaptor.getIndices(),
        emptyTensor(rewriter, op.getLoc(), out), maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange x) {
          Value row = b.create<arith::IndexCastOp>(l, b.getIndexType(), x[0]);
          row = b.create<arith::MaxSIOp>(
              l, row, b.create<arith::ConstantIndexOp>(l, 0));
          row = b.create<arith::MinSIOp>(
              l, row, b.create<arith::ConstantIndexOp>(l, rows - 1));
          SmallVector<Value> coords = {row};
          for (int64_t d = k; d < out.getRank(); ++d)
            coords.push_back(b.create<linalg::IndexOp>(l, d));
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<tensor::ExtractOp>(l, table, coords)});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// A loop over the index positions adding each update row into its row of
/// the accumulator (out-of-range rows are skipped).
struct LowerScatterAdd : public OpConversionPattern<ScatterAddOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ScatterAddOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType base = op.getBase().getType();
    Type element = base.getElementType();
    int64_t rows = base.getDimSize(0), width = base.getNumElements() / rows;
    int64_t n = op.getIndices().getType().getNumElements();
    Value acc = reshapeTo(rewriter, loc, adaptor.getBase(),
                          RankedTensorType::get({rows, width}, element));
    Value updates = reshapeTo(rewriter, loc, adaptor.getUpdates(),
                              RankedTensorType::get({n, width}, element));
    Value indices =
        reshapeTo(rewriter, loc, adaptor.getIndices(),
                  RankedTensorType::get({n}, rewriter.getI32Type()));
    auto rowType = RankedTensorType::get({1, width}, element);
    Value zero = rewriter.create<arith::ConstantIndexOp>(loc, 0);
    auto loop = rewriter.create<scf::ForOp>(
        loc, zero, rewriter.create<arith::ConstantIndexOp>(loc, n),
        rewriter.create<arith::ConstantIndexOp>(loc, 1), acc,
        [&](OpBuilder &b, Location l, Value i, ValueRange iter) {
          Value row = b.create<arith::IndexCastOp>(
              l, b.getIndexType(), b.create<tensor::ExtractOp>(l, indices, i));
          Value inRange = b.create<arith::AndIOp>(
              l,
              b.create<arith::CmpIOp>(l, arith::CmpIPredicate::sge, row, zero),
              b.create<arith::CmpIOp>(
                  l, arith::CmpIPredicate::slt, row,
                  b.create<arith::ConstantIndexOp>(l, rows)));
          auto ifOp = b.create<scf::IfOp>(
              l, inRange,
              [&](OpBuilder &tb, Location tl) {
                SmallVector<OpFoldResult> sizes = {tb.getIndexAttr(1),
                                                   tb.getIndexAttr(width)};
                SmallVector<OpFoldResult> ones = {tb.getIndexAttr(1),
                                                  tb.getIndexAttr(1)};
                Value update = tb.create<tensor::ExtractSliceOp>(
                    tl, rowType, updates,
                    SmallVector<OpFoldResult>{i, tb.getIndexAttr(0)}, sizes,
                    ones);
                Value current = tb.create<tensor::ExtractSliceOp>(
                    tl, rowType, iter[0],
                    SmallVector<OpFoldResult>{row, tb.getIndexAttr(0)}, sizes,
                    ones);
                Value sum = elementwise(
                    tb, tl, rowType, ValueRange{current, update},
                    [&](OpBuilder &eb, Location el, ValueRange x) -> Value {
                      if (isa<FloatType>(element))
                        return eb.create<arith::AddFOp>(el, x[0], x[1]);
                      return eb.create<arith::AddIOp>(el, x[0], x[1]);
                    });
                Value updated = tb.create<tensor::InsertSliceOp>(
                    tl, sum, iter[0],
                    SmallVector<OpFoldResult>{row, tb.getIndexAttr(0)}, sizes,
                    ones);
                tb.create<scf::YieldOp>(tl, updated);
              },
              [&](OpBuilder &eb, Location el) {
                eb.create<scf::YieldOp>(el, iter[0]);
              });
          b.create<scf::YieldOp>(l, ifOp.getResults());
        });
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, loop.getResult(0), base));
    return success();
  }
};

/// Over one shard an all_reduce is the identity. Over more, the kernels
/// call the runtime's `trm_all_reduce_sum_f32(memref<?xf32>)` (an MPI
/// allreduce, in place) on a private flat copy of the operand.
struct LowerAllReduce : public OpConversionPattern<AllReduceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AllReduceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getShards() == 1) {
      rewriter.replaceOp(op, adaptor.getOperand());
      return success();
    }
    RankedTensorType type = op.getType();
    Type f32 = rewriter.getF32Type();
    if (op.getKind() != ReductionKind::sum || type.getElementType() != f32)
      return op.emitOpError()
             << "across " << op.getShards()
             << " shards: the CPU runtime sums f32 tensors only (gradients "
                "are f32); got another kind or element type";
    Location loc = op.getLoc();
    auto flatType = RankedTensorType::get({type.getNumElements()}, f32);
    Value flat = reshapeTo(rewriter, loc, adaptor.getOperand(), flatType);
    Value copy = rewriter
                     .create<linalg::CopyOp>(
                         loc, flat, emptyTensor(rewriter, loc, flatType))
                     .getResult(0);
    auto bufferType = MemRefType::get(flatType.getShape(), f32);
    Value buffer =
        rewriter.create<bufferization::ToMemrefOp>(loc, bufferType, copy);
    Value dynamic = rewriter.create<memref::CastOp>(
        loc, MemRefType::get({ShapedType::kDynamic}, f32), buffer);
    rewriter.create<func::CallOp>(loc, runtimeAllReduce(rewriter, op),
                                  ValueRange{dynamic});
    Value summed = rewriter.create<bufferization::ToTensorOp>(
        loc, buffer, /*restrict=*/true, /*writable=*/true);
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, summed, type));
    return success();
  }

  static func::FuncOp runtimeAllReduce(OpBuilder &b, Operation *op) {
    auto module = op->getParentOfType<ModuleOp>();
    constexpr const char *kName = "trm_all_reduce_sum_f32";
    if (auto existing = module.lookupSymbol<func::FuncOp>(kName))
      return existing;
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    auto type = b.getFunctionType(
        {MemRefType::get({ShapedType::kDynamic}, b.getF32Type())}, {});
    auto callee = b.create<func::FuncOp>(module.getLoc(), kName, type);
    callee.setPrivate();
    return callee;
  }
};

} // namespace

void populateStructuredLowering(RewritePatternSet &patterns) {
  patterns.add<LowerReduce<ReduceSumOp, true>, LowerReduce<ReduceMaxOp, false>,
               LowerArgmax, LowerReshape, LowerTranspose, LowerBroadcast,
               LowerConcat, LowerSlice, LowerPad, LowerGather, LowerScatterAdd,
               LowerAllReduce>(patterns.getContext());
}

} // namespace trm::cpu
