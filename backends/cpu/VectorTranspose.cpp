//===- VectorTranspose.cpp - transposes of 16x16 register blocks ----------===//
#include "backends/cpu/VectorTranspose.h"
#include "backends/cpu/KernelBuilder.h"
#include "backends/cpu/LoweringUtils.h"

using namespace mlir;

namespace trm::cpu {
namespace {

class BlockTransposer : public KernelBuilder {
public:
  BlockTransposer(OpBuilder &b, Location loc, Value in, Value out)
      : KernelBuilder(b, loc), in(in), out(out),
        rank(cast<MemRefType>(in.getType()).getRank()),
        row(VectorType::get({kLanes},
                            cast<MemRefType>(in.getType()).getElementType())),
        mask(VectorType::get({kLanes}, b.getI1Type())) {}

  void emit() {
    Value p = dim(in, rank - 2), q = dim(in, rank - 1);
    SmallVector<Value> lower(rank, index(0)), upper, steps(rank, index(1));
    for (int64_t d = 0; d + 2 < rank; ++d)
      upper.push_back(dim(in, d));
    for (Value size : {p, q})
      upper.push_back(b.create<arith::CeilDivSIOp>(loc, size, index(kLanes)));
    auto blocks = b.create<scf::ParallelOp>(
        loc, lower, upper, steps, [&](OpBuilder &, Location, ValueRange ivs) {
          SmallVector<Value> batch(ivs.drop_back(2));
          Value p0 = mul(ivs[rank - 2], kLanes),
                q0 = mul(ivs[rank - 1], kLanes);
          Value rows = min(sub(p, p0), index(kLanes));
          Value cols = min(sub(q, q0), index(kLanes));
          Value full = b.create<arith::AndIOp>(
              loc,
              b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, rows,
                                      index(kLanes)),
              b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, cols,
                                      index(kLanes)));
          auto choice = b.create<scf::IfOp>(loc, full, /*withElse=*/true);
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToStart(choice.thenBlock());
          block(batch, p0, q0, nullptr, nullptr, p);
          b.setInsertionPointToStart(choice.elseBlock());
          block(batch, p0, q0, rows, cols, p);
        });
    blocks->setAttr(kWorkPerIterationAttr,
                    b.getI64IntegerAttr(kLanes * kLanes));
  }

private:
  /// out[.., q0 + c, p0 + r] = in[.., p0 + r, q0 + c] for the block's
  /// `rows` x `cols` (null: 16 x 16) elements.
  void block(ArrayRef<Value> batch, Value p0, Value q0, Value rows, Value cols,
             Value p) {
    auto at = [&](Value i, Value j) {
      SmallVector<Value> index(batch);
      index.append({i, j});
      return index;
    };
    Value zero = b.create<arith::ConstantOp>(loc, row, b.getZeroAttr(row));
    Value colMask, rowMask, lastRow;
    if (rows) {
      colMask = b.create<vector::CreateMaskOp>(loc, mask, cols);
      rowMask = b.create<vector::CreateMaskOp>(loc, mask, rows);
      lastRow = sub(p, index(1));
    }
    SmallVector<Value> v;
    for (int64_t r = 0; r < kLanes; ++r) {
      Value i = add(p0, r);
      if (rows) // rows past the edge repeat the last; their lanes go unstored
        v.push_back(b.create<vector::MaskedLoadOp>(
            loc, row, in, at(min(i, lastRow), q0), colMask, zero));
      else
        v.push_back(b.create<vector::LoadOp>(loc, row, in, at(i, q0)));
    }
    transposeSixteenBySixteen(b, loc, v);
    for (int64_t c = 0; c < kLanes; ++c) {
      Value j = add(q0, c);
      if (!rows) {
        b.create<vector::StoreOp>(loc, v[c], out, at(j, p0));
        continue;
      }
      auto inside = b.create<scf::IfOp>(
          loc, b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, index(c),
                                       cols));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(inside.thenBlock());
      b.create<vector::MaskedStoreOp>(loc, out, at(j, p0), rowMask, v[c]);
    }
  }

  Value in, out;
  int64_t rank;
  VectorType row, mask;
};

} // namespace

void transposeSixteenBySixteen(OpBuilder &b, Location loc,
                               SmallVectorImpl<Value> &v) {
  constexpr int64_t lanes = KernelBuilder::kLanes;
  // Four rounds that swap the off-diagonal k x k blocks of every 2k x 2k
  // block, k = 8, 4, 2, 1.
  for (int64_t k = lanes / 2; k >= 1; k /= 2) {
    SmallVector<int64_t> low, high;
    for (int64_t l = 0; l < lanes; ++l) {
      bool first = (l & k) == 0;
      low.push_back(first ? l : lanes + l - k);
      high.push_back(first ? l + k : lanes + l);
    }
    for (int64_t i = 0; i < lanes; ++i) {
      if (i & k)
        continue;
      Value a = v[i], c = v[i + k];
      v[i] = b.create<vector::ShuffleOp>(loc, a, c, low);
      v[i + k] = b.create<vector::ShuffleOp>(loc, a, c, high);
    }
  }
}

bool isVectorTransposable(linalg::TransposeOp op) {
  ArrayRef<int64_t> permutation = op.getPermutation();
  int64_t rank = static_cast<int64_t>(permutation.size());
  if (!op.hasPureBufferSemantics() || rank < 2)
    return false;
  for (int64_t d = 0; d + 2 < rank; ++d)
    if (permutation[d] != d)
      return false;
  Type element = cast<MemRefType>(op.getInput().getType()).getElementType();
  return permutation[rank - 2] == rank - 1 &&
         permutation[rank - 1] == rank - 2 && element.isIntOrFloat() &&
         element.getIntOrFloatBitWidth() == 32 &&
         hasUnitInnerStride(cast<MemRefType>(op.getInput().getType())) &&
         hasUnitInnerStride(cast<MemRefType>(op.getInit().getType()));
}

void emitVectorTranspose(OpBuilder &b, linalg::TransposeOp op) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(op);
  BlockTransposer(b, op.getLoc(), op.getInput(), op.getInit()).emit();
}

} // namespace trm::cpu
