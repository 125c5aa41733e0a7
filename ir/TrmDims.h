//===- TrmDims.h - dim lists of reductions and contractions -----*- C++ -*-===//
//
// The dims a reduction keeps and the result shape of trm.dot_general, which
// the verifiers, the tracer and the gradient rules all derive the same way.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_IR_TRMDIMS_H
#define TRM_IR_TRMDIMS_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir::trm {

/// 0, ..., rank - 1 without the dims in `excluded` and `alsoExcluded`, in
/// order: what a reduction over `excluded` keeps, or an operand's free
/// dims in a contraction (neither batch nor contracting).
SmallVector<int64_t> dimsExcept(int64_t rank, ArrayRef<int64_t> excluded,
                                ArrayRef<int64_t> alsoExcluded = {});

/// The sizes of `shape` at `dims`.
SmallVector<int64_t> sizesAt(ArrayRef<int64_t> shape, ArrayRef<int64_t> dims);

/// trm.dot_general's result shape: the batch dims, then the lhs's free
/// dims, then the rhs's.
SmallVector<int64_t>
dotGeneralShape(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs,
                ArrayRef<int64_t> lhsBatch, ArrayRef<int64_t> rhsBatch,
                ArrayRef<int64_t> lhsContract, ArrayRef<int64_t> rhsContract);

} // namespace mlir::trm

#endif // TRM_IR_TRMDIMS_H
