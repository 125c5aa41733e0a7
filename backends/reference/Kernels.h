//===- Kernels.h - reference implementations of trm ops ---------*- C++ -*-===//
//
// Straightforward loops (Eigen for the matrix products): slow and obviously
// right. Shapes were checked by the op verifiers before these run.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_REFERENCE_KERNELS_H
#define TRM_BACKENDS_REFERENCE_KERNELS_H

#include "backends/reference/Tensor.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace trm::reference::kernels {

using llvm::ArrayRef;

/// out[i] = round(f(a[i])).
Tensor map(const Tensor &a, DType out, Precision precision,
           llvm::function_ref<double(double)> f);
/// out[i] = round(f(a[i], b[i])).
Tensor zip(const Tensor &a, const Tensor &b, DType out, Precision precision,
           llvm::function_ref<double(double, double)> f);

// Shapes (values are moved, never rounded).
Tensor reshape(const Tensor &a, ArrayRef<int64_t> shape);
Tensor transpose(const Tensor &a, ArrayRef<int64_t> permutation);
Tensor broadcastInDim(const Tensor &a, ArrayRef<int64_t> shape,
                      ArrayRef<int64_t> dims);
Tensor concat(ArrayRef<const Tensor *> inputs, int64_t dim);
Tensor slice(const Tensor &a, ArrayRef<int64_t> start, ArrayRef<int64_t> limit,
             ArrayRef<int64_t> strides);
Tensor pad(const Tensor &a, double value, ArrayRef<int64_t> low,
           ArrayRef<int64_t> high);
/// Rows of `table` (dimension 0) at clamped `indices`.
Tensor gather(const Tensor &table, const Tensor &indices);
/// `base` plus `updates` added into the rows at `indices` (out of range
/// dropped), rounded once per row element.
Tensor scatterAdd(const Tensor &base, const Tensor &indices,
                  const Tensor &updates, Precision precision);

// Reductions and contraction (accumulated in double, rounded once).
enum class ReduceKind { Sum, Max };
Tensor reduce(const Tensor &a, ArrayRef<int64_t> dims, ReduceKind kind,
              Precision precision);
Tensor argmax(const Tensor &a, int64_t dim);
Tensor dotGeneral(const Tensor &lhs, const Tensor &rhs,
                  ArrayRef<int64_t> lhsBatch, ArrayRef<int64_t> rhsBatch,
                  ArrayRef<int64_t> lhsContract, ArrayRef<int64_t> rhsContract,
                  DType out, Precision precision);

} // namespace trm::reference::kernels

#endif // TRM_BACKENDS_REFERENCE_KERNELS_H
