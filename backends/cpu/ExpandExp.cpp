//===- ExpandExp.cpp - the trm-cpu-expand-exp pass ------------------------===//
//
// exp(x) = 2^n * exp(r), n = round(x / ln 2), r = x - n ln 2 (|r| <= ln2 / 2,
// ln 2 split in two so that n ln 2 is exact to 2^-32), exp(r) by its Taylor
// polynomial to r^7 / 7! (truncation below 2^-27, so the result is within
// ~1 ulp), 2^n applied as two powers of two of half n each (both normal:
// results down to the subnormal range stay right).
//
// An exp whose only use is 1 + exp(x) (a sigmoid's, SwiGLU's) needs no
// result below 2^-25, which 1 + e rounds away: x is clamped at -80 instead,
// and 2^n is applied as (p + p) * 2^(n-1), one normal power of two for every
// n from -115 to 128. Each is an exact scaling of p, so 1 + exp(x) is
// bit-identical to the general form's, with 4 fewer vector ops of ~33 in
// the SwiGLU epilogue.
//
//===----------------------------------------------------------------------===//
#include "backends/cpu/LoweringUtils.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUEXPANDEXP
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

constexpr float kLog2E = 1.44269504088896341f;
constexpr float kLn2High = 0.693145751953125f; // 16 significant bits
constexpr float kLn2Low = 1.42860682030941723e-6f;
// Below -104 exp rounds to 0 (the least subnormal is 2^-149 = e^-103.3);
// above 88.8 to infinity (the largest float is e^88.72).
constexpr float kLowest = -104.0f, kHighest = 88.8f;
// With only 1 + exp(x) read: e^-80 < 2^-115, far below 1's half ulp.
constexpr float kLowestBelowOne = -80.0f;

/// exp(x) for an f32 (or vector of f32) `x`, as the header describes;
/// `addedToOne`: its only use is 1 + exp(x).
Value expandExp(OpBuilder &b, Location loc, Value x, bool addedToOne) {
  Type type = x.getType();
  Type intType = b.getI32Type();
  if (auto shaped = dyn_cast<ShapedType>(type))
    intType = shaped.clone(intType);
  auto constant = [&](double v) {
    return ::trm::cpu::scalarConstant(b, loc, type, v);
  };
  auto intConstant = [&](int32_t v) {
    return ::trm::cpu::scalarConstant(b, loc, intType, v);
  };
  auto fma = [&](Value p, Value q, Value r) -> Value {
    return b.create<math::FmaOp>(loc, p, q, r);
  };
  Value clamped = b.create<arith::MinimumFOp>(
      loc,
      b.create<arith::MaximumFOp>(
          loc, x, constant(addedToOne ? kLowestBelowOne : kLowest)),
      constant(kHighest));
  Value n = b.create<math::RoundEvenOp>(
      loc, b.create<arith::MulFOp>(loc, clamped, constant(kLog2E)));
  Value negN = b.create<arith::NegFOp>(loc, n);
  Value r =
      fma(negN, constant(kLn2Low), fma(negN, constant(kLn2High), clamped));
  // Horner: 1/7!, then 1/6!, ..., 1/2, 1, 1.
  Value p = constant(1.0 / 5040);
  for (double coefficient :
       {1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 1.0 / 2, 1.0, 1.0})
    p = fma(p, r, constant(coefficient));
  Value whole = b.create<arith::FPToSIOp>(loc, intType, n);
  // 2^(e - 127) for a biased exponent e in [1, 254].
  auto powerOfTwo = [&](Value exponent, int32_t bias) -> Value {
    Value biased = b.create<arith::AddIOp>(loc, exponent, intConstant(bias));
    return b.create<arith::BitcastOp>(
        loc, type, b.create<arith::ShLIOp>(loc, biased, intConstant(23)));
  };
  Value result;
  if (addedToOne) {
    Value twiceP = b.create<arith::AddFOp>(loc, p, p);
    result = b.create<arith::MulFOp>(loc, twiceP, powerOfTwo(whole, 126));
  } else {
    Value half = b.create<arith::ShRSIOp>(loc, whole, intConstant(1));
    Value rest = b.create<arith::SubIOp>(loc, whole, half);
    result = b.create<arith::MulFOp>(
        loc, b.create<arith::MulFOp>(loc, p, powerOfTwo(half, 127)),
        powerOfTwo(rest, 127));
  }
  // NaN in, NaN out (the clamp keeps it, but n's conversion is undefined).
  Value isNan = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, x, x);
  return b.create<arith::SelectOp>(loc, isNan, x, result);
}

/// Whether `op`'s only use is an addf of it and the constant 1.
bool onlyAddedToOne(math::ExpOp op) {
  if (!op->hasOneUse())
    return false;
  auto add = dyn_cast<arith::AddFOp>(*op->user_begin());
  if (!add)
    return false;
  Value other = add.getLhs() == op.getResult() ? add.getRhs() : add.getLhs();
  // (A scalar 1 or a splat of it.)
  return matchPattern(other, m_OneFloat());
}

struct ExpandExp : mlir::trm::impl::TrmCpuExpandExpBase<ExpandExp> {
  void runOnOperation() override {
    SmallVector<math::ExpOp> exps;
    getOperation().walk([&](math::ExpOp op) {
      if (getElementTypeOrSelf(op.getType()).isF32())
        exps.push_back(op);
    });
    for (math::ExpOp op : exps) {
      OpBuilder b(op);
      op.replaceAllUsesWith(
          expandExp(b, op.getLoc(), op.getOperand(), onlyAddedToOne(op)));
      op.erase();
    }
  }
};

} // namespace
