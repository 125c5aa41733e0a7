//===- TrmDims.cpp - dim lists of reductions and contractions -------------===//
#include "ir/TrmDims.h"

#include "llvm/ADT/STLExtras.h"

namespace mlir::trm {

SmallVector<int64_t> dimsExcept(int64_t rank, ArrayRef<int64_t> excluded,
                                ArrayRef<int64_t> alsoExcluded) {
  SmallVector<int64_t> kept;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(excluded, d) &&
        !llvm::is_contained(alsoExcluded, d))
      kept.push_back(d);
  return kept;
}

SmallVector<int64_t> sizesAt(ArrayRef<int64_t> shape, ArrayRef<int64_t> dims) {
  SmallVector<int64_t> sizes;
  for (int64_t d : dims)
    sizes.push_back(shape[d]);
  return sizes;
}

SmallVector<int64_t>
dotGeneralShape(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs,
                ArrayRef<int64_t> lhsBatch, ArrayRef<int64_t> rhsBatch,
                ArrayRef<int64_t> lhsContract, ArrayRef<int64_t> rhsContract) {
  int64_t lhsRank = lhs.size(), rhsRank = rhs.size();
  SmallVector<int64_t> shape = sizesAt(lhs, lhsBatch);
  llvm::append_range(shape,
                     sizesAt(lhs, dimsExcept(lhsRank, lhsBatch, lhsContract)));
  llvm::append_range(shape,
                     sizesAt(rhs, dimsExcept(rhsRank, rhsBatch, rhsContract)));
  return shape;
}

} // namespace mlir::trm
