//===- ShapeKernels.cpp - data movement of the reference backend ----------===//
#include "backends/reference/Kernels.h"

#include <algorithm>

namespace trm::reference::kernels {

Tensor map(const Tensor &a, DType out, Precision precision,
           llvm::function_ref<double(double)> f) {
  Tensor r(out, a.shape);
  for (int64_t i = 0; i < a.size(); ++i)
    r.data[i] = roundTo(out, f(a.data[i]), precision);
  return r;
}

Tensor zip(const Tensor &a, const Tensor &b, DType out, Precision precision,
           llvm::function_ref<double(double, double)> f) {
  Tensor r(out, a.shape);
  for (int64_t i = 0; i < a.size(); ++i)
    r.data[i] = roundTo(out, f(a.data[i], b.data[i]), precision);
  return r;
}

Tensor reshape(const Tensor &a, ArrayRef<int64_t> shape) {
  Tensor r = a;
  r.shape.assign(shape.begin(), shape.end());
  return r;
}

/// Calls f(outIndex, multiIndex) for every element of `shape`, row-major.
template <typename F> static void forEachIndex(ArrayRef<int64_t> shape, F f) {
  std::vector<int64_t> index(shape.size(), 0);
  int64_t total = numElements(std::vector<int64_t>(shape));
  for (int64_t flat = 0; flat < total; ++flat) {
    f(flat, index);
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
}

Tensor transpose(const Tensor &a, ArrayRef<int64_t> permutation) {
  std::vector<int64_t> shape;
  for (int64_t p : permutation)
    shape.push_back(a.shape[p]);
  Tensor r(a.dtype, shape);
  std::vector<int64_t> strides = a.strides();
  forEachIndex(shape, [&](int64_t flat, const std::vector<int64_t> &idx) {
    int64_t source = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      source += idx[d] * strides[permutation[d]];
    r.data[flat] = a.data[source];
  });
  return r;
}

Tensor broadcastInDim(const Tensor &a, ArrayRef<int64_t> shape,
                      ArrayRef<int64_t> dims) {
  Tensor r(a.dtype, std::vector<int64_t>(shape));
  std::vector<int64_t> strides = a.strides();
  forEachIndex(shape, [&](int64_t flat, const std::vector<int64_t> &idx) {
    int64_t source = 0;
    for (size_t i = 0; i < dims.size(); ++i)
      if (a.shape[i] != 1)
        source += idx[dims[i]] * strides[i];
    r.data[flat] = a.data[source];
  });
  return r;
}

Tensor concat(ArrayRef<const Tensor *> inputs, int64_t dim) {
  std::vector<int64_t> shape = inputs.front()->shape;
  shape[dim] = 0;
  for (const Tensor *t : inputs)
    shape[dim] += t->shape[dim];
  Tensor r(inputs.front()->dtype, shape);
  // Copy blocks: outer = product of dims before `dim`.
  int64_t outer = 1;
  for (int64_t d = 0; d < dim; ++d)
    outer *= shape[d];
  int64_t offset = 0, rowOut = r.size() / outer;
  for (const Tensor *t : inputs) {
    int64_t row = t->size() / outer;
    for (int64_t o = 0; o < outer; ++o)
      std::copy_n(t->data.begin() + o * row, row,
                  r.data.begin() + o * rowOut + offset);
    offset += row;
  }
  return r;
}

Tensor slice(const Tensor &a, ArrayRef<int64_t> start, ArrayRef<int64_t> limit,
             ArrayRef<int64_t> strides) {
  std::vector<int64_t> shape;
  for (size_t d = 0; d < start.size(); ++d)
    shape.push_back((limit[d] - start[d] + strides[d] - 1) / strides[d]);
  Tensor r(a.dtype, shape);
  std::vector<int64_t> sourceStrides = a.strides();
  forEachIndex(shape, [&](int64_t flat, const std::vector<int64_t> &idx) {
    int64_t source = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      source += (start[d] + idx[d] * strides[d]) * sourceStrides[d];
    r.data[flat] = a.data[source];
  });
  return r;
}

Tensor pad(const Tensor &a, double value, ArrayRef<int64_t> low,
           ArrayRef<int64_t> high) {
  std::vector<int64_t> shape = a.shape;
  for (size_t d = 0; d < shape.size(); ++d)
    shape[d] += low[d] + high[d];
  Tensor r(a.dtype, shape, value);
  std::vector<int64_t> strides = r.strides();
  forEachIndex(a.shape, [&](int64_t flat, const std::vector<int64_t> &idx) {
    int64_t target = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      target += (idx[d] + low[d]) * strides[d];
    r.data[target] = a.data[flat];
  });
  return r;
}

Tensor gather(const Tensor &table, const Tensor &indices) {
  std::vector<int64_t> shape = indices.shape;
  shape.insert(shape.end(), table.shape.begin() + 1, table.shape.end());
  Tensor r(table.dtype, shape);
  int64_t row = table.size() / table.shape[0];
  for (int64_t i = 0; i < indices.size(); ++i) {
    int64_t index = std::clamp<int64_t>(static_cast<int64_t>(indices.data[i]),
                                        0, table.shape[0] - 1);
    std::copy_n(table.data.begin() + index * row, row,
                r.data.begin() + i * row);
  }
  return r;
}

Tensor scatterAdd(const Tensor &base, const Tensor &indices,
                  const Tensor &updates, Precision precision) {
  Tensor r = base;
  int64_t row = base.size() / base.shape[0];
  for (int64_t i = 0; i < indices.size(); ++i) {
    int64_t index = static_cast<int64_t>(indices.data[i]);
    if (index < 0 || index >= base.shape[0])
      continue;
    for (int64_t k = 0; k < row; ++k)
      r.data[index * row + k] += updates.data[i * row + k];
  }
  for (double &x : r.data)
    x = roundTo(r.dtype, x, precision);
  return r;
}

} // namespace trm::reference::kernels
