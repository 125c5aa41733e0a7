//===- Tensor.h - host tensors of the reference backend ---------*- C++ -*-===//
//
// Every element is held as a double and rounded to its dtype after each op:
// for +, -, *, /, sqrt this gives exactly the IEEE f32 result (double has
// more than 2p+2 bits), and bf16 is emulated by round-to-nearest-even.
// Sums and products of contractions accumulate in double.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_REFERENCE_TENSOR_H
#define TRM_BACKENDS_REFERENCE_TENSOR_H

#include <cstdint>
#include <string>
#include <vector>

namespace trm::reference {

enum class DType { F32, BF16, F64, I32, I1 };

std::string dtypeName(DType dtype);
bool isFloat(DType dtype);

/// How floats are rounded: to their own dtype (the real numerics), or kept
/// in f64 everywhere (for finite-difference gradient checks).
enum class Precision { Native, F64 };

/// Rounds `x` as a value of `dtype` (bf16: round to nearest, ties to even).
double roundTo(DType dtype, double x, Precision precision = Precision::Native);

struct Tensor {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  std::vector<double> data;

  Tensor() = default;
  Tensor(DType dtype, std::vector<int64_t> shape, double fill = 0);

  int64_t size() const { return static_cast<int64_t>(data.size()); }
  int64_t rank() const { return static_cast<int64_t>(shape.size()); }
  /// Row-major strides.
  std::vector<int64_t> strides() const;
  std::string typeString() const; // "tensor<4x8xf32>"
};

int64_t numElements(const std::vector<int64_t> &shape);

} // namespace trm::reference

#endif // TRM_BACKENDS_REFERENCE_TENSOR_H
