//===- TrmCanonicalize.cpp - canonicalization patterns of trm ops --------===//
#include "ir/TrmOps.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::trm;

namespace {

bool isZeroConstant(Value v) {
  auto constant = v.getDefiningOp<ConstantOp>();
  auto splat =
      constant ? dyn_cast<SplatElementsAttr>(constant.getValue()) : nullptr;
  if (!splat)
    return false;
  if (auto f = dyn_cast<FloatAttr>(splat.getSplatValue<Attribute>()))
    return f.getValue().isZero();
  if (auto i = dyn_cast<IntegerAttr>(splat.getSplatValue<Attribute>()))
    return i.getValue().isZero();
  return false;
}

/// add(pad(a, 0), pad(b, 0)) where the pads place a and b side by side
/// along one dim and pad nothing else -> concat(a, b) along that dim.
struct AddOfAdjacentPads : public OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    auto first = add.getLhs().getDefiningOp<PadOp>();
    auto second = add.getRhs().getDefiningOp<PadOp>();
    if (!first || !second || !isZeroConstant(first.getValue()) ||
        !isZeroConstant(second.getValue()))
      return failure();
    // Order the two so that `first` comes first along the dim.
    for (int attempt = 0; attempt < 2; ++attempt, std::swap(first, second)) {
      std::optional<int64_t> dim = adjacentDim(first, second);
      if (!dim)
        continue;
      rewriter.replaceOpWithNewOp<ConcatOp>(
          add, add.getType(),
          ValueRange{first.getOperand(), second.getOperand()},
          rewriter.getI64IntegerAttr(*dim));
      return success();
    }
    return failure();
  }

  /// The dim along which `first` fills [0, n) and `second` fills [n, end),
  /// with no padding on any other dim.
  static std::optional<int64_t> adjacentDim(PadOp first, PadOp second) {
    ArrayRef<int64_t> lowA = first.getLow(), highA = first.getHigh(),
                      lowB = second.getLow(), highB = second.getHigh();
    auto sizeA = first.getOperand().getType().getShape();
    auto sizeB = second.getOperand().getType().getShape();
    std::optional<int64_t> dim;
    for (size_t d = 0; d < lowA.size(); ++d) {
      bool untouched =
          lowA[d] == 0 && highA[d] == 0 && lowB[d] == 0 && highB[d] == 0;
      if (untouched)
        continue;
      bool sideBySide = lowA[d] == 0 && highA[d] == sizeB[d] &&
                        lowB[d] == sizeA[d] && highB[d] == 0;
      if (!sideBySide || dim)
        return std::nullopt;
      dim = static_cast<int64_t>(d);
    }
    return dim;
  }
};

} // namespace

void AddOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<AddOfAdjacentPads>(context);
}
