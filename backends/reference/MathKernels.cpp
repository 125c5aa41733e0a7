//===- MathKernels.cpp - reductions and dot_general (reference) -----------===//
#include "backends/reference/Kernels.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>

namespace trm::reference::kernels {

/// Moves the listed dims of `a` to the end (keeping the others' order) and
/// returns it with [kept elements, moved elements] as its 2-d view sizes.
static Tensor moveDimsLast(const Tensor &a, ArrayRef<int64_t> dims,
                           int64_t &kept, int64_t &moved) {
  std::vector<int64_t> permutation;
  kept = moved = 1;
  for (int64_t d = 0; d < a.rank(); ++d)
    if (!llvm::is_contained(dims, d)) {
      permutation.push_back(d);
      kept *= a.shape[d];
    }
  for (int64_t d : dims) {
    permutation.push_back(d);
    moved *= a.shape[d];
  }
  return transpose(a, permutation);
}

Tensor reduce(const Tensor &a, ArrayRef<int64_t> dims, ReduceKind kind,
              Precision precision) {
  int64_t kept, moved;
  Tensor t = moveDimsLast(a, dims, kept, moved);
  std::vector<int64_t> shape;
  for (int64_t d = 0; d < a.rank(); ++d)
    if (!llvm::is_contained(dims, d))
      shape.push_back(a.shape[d]);
  Tensor r(a.dtype, shape);
  for (int64_t i = 0; i < kept; ++i) {
    const double *row = t.data.data() + i * moved;
    double acc =
        kind == ReduceKind::Sum ? 0 : -std::numeric_limits<double>::infinity();
    for (int64_t k = 0; k < moved; ++k)
      acc = kind == ReduceKind::Sum ? acc + row[k]
            : std::isnan(row[k]) || std::isnan(acc)
                ? std::numeric_limits<double>::quiet_NaN()
                : std::max(acc, row[k]);
    r.data[i] = roundTo(a.dtype, acc, precision);
  }
  return r;
}

Tensor argmax(const Tensor &a, int64_t dim) {
  int64_t kept, moved;
  Tensor t = moveDimsLast(a, {dim}, kept, moved);
  std::vector<int64_t> shape = a.shape;
  shape.erase(shape.begin() + dim);
  Tensor r(DType::I32, shape);
  for (int64_t i = 0; i < kept; ++i) {
    const double *row = t.data.data() + i * moved;
    r.data[i] = static_cast<double>(std::max_element(row, row + moved) - row);
  }
  return r;
}

Tensor dotGeneral(const Tensor &lhs, const Tensor &rhs,
                  ArrayRef<int64_t> lhsBatch, ArrayRef<int64_t> rhsBatch,
                  ArrayRef<int64_t> lhsContract, ArrayRef<int64_t> rhsContract,
                  DType out, Precision precision) {
  // lhs -> [batch, M, K], rhs -> [batch, K, N], then one GEMM per batch.
  auto arrange = [](const Tensor &t, ArrayRef<int64_t> batch,
                    ArrayRef<int64_t> contract, bool contractLast, int64_t &b,
                    int64_t &free, int64_t &k,
                    std::vector<int64_t> &freeShape) {
    std::vector<int64_t> permutation(batch.begin(), batch.end());
    std::vector<int64_t> freeDims;
    b = free = k = 1;
    for (int64_t d : batch)
      b *= t.shape[d];
    for (int64_t d = 0; d < t.rank(); ++d)
      if (!llvm::is_contained(batch, d) && !llvm::is_contained(contract, d)) {
        freeDims.push_back(d);
        free *= t.shape[d];
        freeShape.push_back(t.shape[d]);
      }
    for (int64_t d : contract)
      k *= t.shape[d];
    if (contractLast) {
      permutation.insert(permutation.end(), freeDims.begin(), freeDims.end());
      permutation.insert(permutation.end(), contract.begin(), contract.end());
    } else {
      permutation.insert(permutation.end(), contract.begin(), contract.end());
      permutation.insert(permutation.end(), freeDims.begin(), freeDims.end());
    }
    return transpose(t, permutation);
  };
  int64_t batch, m, k, n, unused;
  std::vector<int64_t> shape;
  for (int64_t d : lhsBatch)
    shape.push_back(lhs.shape[d]);
  Tensor a = arrange(lhs, lhsBatch, lhsContract, true, batch, m, k, shape);
  Tensor b = arrange(rhs, rhsBatch, rhsContract, false, unused, n, k, shape);
  using Matrix =
      Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Tensor r(out, shape);
  for (int64_t i = 0; i < batch; ++i) {
    Eigen::Map<const Matrix> ma(a.data.data() + i * m * k, m, k);
    Eigen::Map<const Matrix> mb(b.data.data() + i * k * n, k, n);
    Eigen::Map<Matrix> mr(r.data.data() + i * m * n, m, n);
    mr.noalias() = ma * mb;
  }
  for (double &x : r.data)
    x = roundTo(out, x, precision);
  return r;
}

} // namespace trm::reference::kernels
