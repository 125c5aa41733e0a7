//===- ReductionFacts.cpp - what both HLO texts say of a reduction --------===//
#include "backends/hlo/ReductionFacts.h"

#include "ir/TrmDims.h"
#include "ir/TrmOps.h"

#include <cstdint>
#include <limits>

namespace trm::hlo {

double reductionStart(mlir::Operation *reduction) {
  if (mlir::isa<mlir::trm::ReduceSumOp>(reduction))
    return 0;
  auto type = mlir::cast<mlir::ShapedType>(reduction->getOperand(0).getType());
  if (type.getElementType().isInteger(32))
    return static_cast<double>(std::numeric_limits<int32_t>::min());
  return -std::numeric_limits<double>::infinity();
}

llvm::SmallVector<int64_t> keptDims(mlir::RankedTensorType type, int64_t dim) {
  return mlir::trm::dimsExcept(type.getRank(), {dim});
}

} // namespace trm::hlo
