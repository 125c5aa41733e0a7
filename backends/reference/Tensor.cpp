//===- Tensor.cpp - host tensors of the reference backend -----------------===//
#include "backends/reference/Tensor.h"

#include <cmath>
#include <cstring>

namespace trm::reference {

std::string dtypeName(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "f32";
  case DType::BF16:
    return "bf16";
  case DType::F64:
    return "f64";
  case DType::I32:
    return "i32";
  case DType::I1:
    return "i1";
  }
  return "?";
}

bool isFloat(DType dtype) {
  return dtype == DType::F32 || dtype == DType::BF16 || dtype == DType::F64;
}

static double roundToBf16(float value) {
  if (std::isnan(value))
    return value;
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  bits += 0x7FFF + ((bits >> 16) & 1); // nearest, ties to even
  bits &= 0xFFFF0000u;
  float rounded;
  std::memcpy(&rounded, &bits, 4);
  return rounded;
}

double roundTo(DType dtype, double x, Precision precision) {
  switch (dtype) {
  case DType::F64:
    return x;
  case DType::F32:
    return precision == Precision::F64 ? x : static_cast<float>(x);
  case DType::BF16:
    return precision == Precision::F64 ? x : roundToBf16(static_cast<float>(x));
  case DType::I32:
    if (std::isnan(x))
      return 0;
    return static_cast<double>(static_cast<int32_t>(
        std::fmax(std::fmin(std::trunc(x), 2147483647.0), -2147483648.0)));
  case DType::I1:
    return x != 0 ? 1 : 0;
  }
  return x;
}

int64_t numElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

Tensor::Tensor(DType dtype, std::vector<int64_t> shape, double fill)
    : dtype(dtype), shape(std::move(shape)),
      data(static_cast<size_t>(numElements(this->shape)), fill) {}

std::vector<int64_t> Tensor::strides() const {
  std::vector<int64_t> s(shape.size(), 1);
  for (int64_t i = rank() - 2; i >= 0; --i)
    s[i] = s[i + 1] * shape[i + 1];
  return s;
}

std::string Tensor::typeString() const {
  std::string text = "tensor<";
  for (int64_t d : shape)
    text += std::to_string(d) + "x";
  return text + dtypeName(dtype) + ">";
}

} // namespace trm::reference
