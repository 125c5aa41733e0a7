//===- LowerDotGeneral.cpp - trm.dot_general -> linalg matmuls ------------===//
//
// A dot_general becomes a (batch_)matmul on collapsed operands whenever its
// dims group into [batch, rows, contracting] x [batch, contracting, cols]:
// the named op is what the matmul-kernels pass turns into calls of the
// register-tiled GEMM kernel. The rhs is transposed to have contiguous
// columns when needed; an lhs stored contracting-first keeps its layout
// (matmul_transpose_a) because the kernel reads it a scalar at a time.
// Products with an empty group (a vector dot) stay one linalg.generic.
//
//===----------------------------------------------------------------------===//
#include "backends/cpu/LoweringUtils.h"
#include "backends/cpu/Patterns.h"
#include "ir/TrmOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::trm;

namespace trm::cpu {
namespace {

/// One operand's dims split by role.
struct OperandDims {
  SmallVector<int64_t> batch, free, contract;
};

OperandDims splitDims(RankedTensorType type, ArrayRef<int64_t> batch,
                      ArrayRef<int64_t> contract) {
  OperandDims dims{
      SmallVector<int64_t>(batch), {}, SmallVector<int64_t>(contract)};
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (!llvm::is_contained(batch, d) && !llvm::is_contained(contract, d))
      dims.free.push_back(d);
  return dims;
}

/// (lhs dims, rhs dims) of `op`.
std::pair<OperandDims, OperandDims> operandDims(DotGeneralOp op) {
  return {splitDims(op.getLhs().getType(), op.getLhsBatchDims(),
                    op.getLhsContractingDims()),
          splitDims(op.getRhs().getType(), op.getRhsBatchDims(),
                    op.getRhsContractingDims())};
}

SmallVector<int64_t> concat(ArrayRef<int64_t> a, ArrayRef<int64_t> b,
                            ArrayRef<int64_t> c) {
  SmallVector<int64_t> out(a);
  out.append(b.begin(), b.end());
  out.append(c.begin(), c.end());
  return out;
}

bool isIdentity(ArrayRef<int64_t> permutation) {
  for (auto [i, d] : llvm::enumerate(permutation))
    if (static_cast<int64_t>(i) != d)
      return false;
  return true;
}

Value widen(OpBuilder &b, Location loc, Value x, Type to) {
  if (x.getType() == to)
    return x;
  return b.create<arith::ExtFOp>(loc, to, x);
}

Value narrowTo(OpBuilder &b, Location loc, Value product,
               RankedTensorType type) {
  if (cast<RankedTensorType>(product.getType()) == type)
    return product;
  return elementwise(b, loc, type, product,
                     [&](OpBuilder &nb, Location l, ValueRange x) -> Value {
                       return nb.create<arith::TruncFOp>(
                           l, type.getElementType(), x[0]);
                     });
}

/// Permutes `value` to `permutation` (a copy) unless it is the identity.
Value permuted(OpBuilder &b, Location loc, Value value,
               ArrayRef<int64_t> permutation) {
  if (isIdentity(permutation))
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  for (int64_t d : permutation)
    shape.push_back(type.getDimSize(d));
  Value init =
      emptyTensor(b, loc, RankedTensorType::get(shape, type.getElementType()));
  return b.create<linalg::TransposeOp>(loc, value, init, permutation)
      .getResult()[0];
}

/// Reassociation grouping consecutive dims into groups of the given sizes
/// (a size-0 group is dropped).
SmallVector<ReassociationIndices> groups(ArrayRef<size_t> sizes) {
  SmallVector<ReassociationIndices> out;
  int64_t next = 0;
  for (size_t size : sizes) {
    if (size == 0)
      continue;
    ReassociationIndices group;
    for (size_t i = 0; i < size; ++i)
      group.push_back(next++);
    out.push_back(group);
  }
  return out;
}

Value collapsed(OpBuilder &b, Location loc, Value value,
                ArrayRef<size_t> sizes) {
  SmallVector<ReassociationIndices> reassociation = groups(sizes);
  if (static_cast<int64_t>(reassociation.size()) ==
      cast<RankedTensorType>(value.getType()).getRank())
    return value;
  return b.create<tensor::CollapseShapeOp>(loc, value, reassociation);
}

/// dot_general as linalg.(batch_)matmul(_transpose_a); null when a dim
/// group is empty.
Value lowerAsMatmul(ConversionPatternRewriter &rewriter, DotGeneralOp op,
                    Value lhs, Value rhs) {
  Location loc = op.getLoc();
  auto [l, r] = operandDims(op);
  if (l.free.empty() || l.contract.empty() || r.free.empty())
    return nullptr;
  bool transposeA = isIdentity(concat(l.batch, l.contract, l.free)) &&
                    !isIdentity(concat(l.batch, l.free, l.contract));
  if (!transposeA)
    lhs = permuted(rewriter, loc, lhs, concat(l.batch, l.free, l.contract));
  rhs = permuted(rewriter, loc, rhs, concat(r.batch, r.contract, r.free));
  size_t nb = l.batch.size();
  lhs = collapsed(
      rewriter, loc, lhs,
      transposeA ? SmallVector<size_t>{nb, l.contract.size(), l.free.size()}
                 : SmallVector<size_t>{nb, l.free.size(), l.contract.size()});
  rhs = collapsed(rewriter, loc, rhs, {nb, r.contract.size(), r.free.size()});

  RankedTensorType result = op.getType();
  auto dimsProduct = [&](size_t from, size_t count) {
    int64_t n = 1;
    for (size_t i = from; i < from + count; ++i)
      n *= result.getDimSize(i);
    return n;
  };
  SmallVector<int64_t> shape;
  if (nb)
    shape.push_back(dimsProduct(0, nb));
  shape.push_back(dimsProduct(nb, l.free.size()));
  shape.push_back(dimsProduct(nb + l.free.size(), r.free.size()));
  auto productType = RankedTensorType::get(shape, op.getAccumulate());
  Value init = filledTensor(rewriter, loc, productType, 0);
  SmallVector<Value, 2> ins = {lhs, rhs};
  Value product;
  if (nb && transposeA)
    product = rewriter
                  .create<linalg::BatchMatmulTransposeAOp>(
                      loc, TypeRange{productType}, ins, init)
                  ->getResult(0);
  else if (nb)
    product = rewriter
                  .create<linalg::BatchMatmulOp>(loc, TypeRange{productType},
                                                 ins, init)
                  ->getResult(0);
  else if (transposeA)
    product = rewriter
                  .create<linalg::MatmulTransposeAOp>(
                      loc, TypeRange{productType}, ins, init)
                  ->getResult(0);
  else
    product =
        rewriter
            .create<linalg::MatmulOp>(loc, TypeRange{productType}, ins, init)
            ->getResult(0);

  auto expandedType =
      RankedTensorType::get(result.getShape(), op.getAccumulate());
  if (productType != expandedType)
    product = rewriter.create<tensor::ExpandShapeOp>(
        loc, expandedType, product, groups({nb, l.free.size(), r.free.size()}));
  return narrowTo(rewriter, loc, product, result);
}

/// dot_general as one linalg.generic: parallel over batch and free dims,
/// reduction over the contracting dims, accumulated in `accumulate`.
Value lowerAsGeneric(ConversionPatternRewriter &rewriter, DotGeneralOp op,
                     Value lhs, Value rhs) {
  Location loc = op.getLoc();
  auto [l, r] = operandDims(op);
  int64_t nb = l.batch.size(), nlf = l.free.size(), nc = l.contract.size();
  int64_t loops = nb + nlf + nc + r.free.size();
  int64_t contractBase = nb + nlf, rhsFreeBase = nb + nlf + nc;
  MLIRContext *ctx = op.getContext();
  auto operandMap = [&](RankedTensorType t, const OperandDims &dims,
                        int64_t freeBase) {
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < t.getRank(); ++d) {
      int64_t loop;
      if (auto it = llvm::find(dims.batch, d); it != dims.batch.end())
        loop = it - dims.batch.begin();
      else if (auto it = llvm::find(dims.free, d); it != dims.free.end())
        loop = freeBase + (it - dims.free.begin());
      else
        loop = contractBase +
               (llvm::find(dims.contract, d) - dims.contract.begin());
      exprs.push_back(getAffineDimExpr(loop, ctx));
    }
    return AffineMap::get(loops, 0, exprs, ctx);
  };
  SmallVector<AffineExpr> outExprs;
  for (int64_t d = 0; d < loops; ++d)
    if (d < contractBase || d >= rhsFreeBase)
      outExprs.push_back(getAffineDimExpr(d, ctx));
  SmallVector<AffineMap> maps = {
      operandMap(op.getLhs().getType(), l, nb),
      operandMap(op.getRhs().getType(), r, rhsFreeBase),
      AffineMap::get(loops, 0, outExprs, ctx)};
  SmallVector<utils::IteratorType> iterators(loops,
                                             utils::IteratorType::parallel);
  for (int64_t d = contractBase; d < rhsFreeBase; ++d)
    iterators[d] = utils::IteratorType::reduction;

  Type acc = op.getAccumulate();
  auto accType = RankedTensorType::get(op.getType().getShape(), acc);
  Value product =
      rewriter
          .create<linalg::GenericOp>(
              loc, accType, ValueRange{lhs, rhs},
              filledTensor(rewriter, loc, accType, 0), maps, iterators,
              [&](OpBuilder &b, Location nl, ValueRange x) {
                Value m = b.create<arith::MulFOp>(nl, widen(b, nl, x[0], acc),
                                                  widen(b, nl, x[1], acc));
                b.create<linalg::YieldOp>(
                    nl, ValueRange{b.create<arith::AddFOp>(nl, x[2], m)});
              })
          .getResult(0);
  return narrowTo(rewriter, loc, product, op.getType());
}

struct LowerDotGeneral : public OpConversionPattern<DotGeneralOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DotGeneralOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value result =
        lowerAsMatmul(rewriter, op, adaptor.getLhs(), adaptor.getRhs());
    if (!result)
      result = lowerAsGeneric(rewriter, op, adaptor.getLhs(), adaptor.getRhs());
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateDotGeneralLowering(RewritePatternSet &patterns) {
  patterns.add<LowerDotGeneral>(patterns.getContext());
}

} // namespace trm::cpu
