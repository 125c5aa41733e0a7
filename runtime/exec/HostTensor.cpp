//===- HostTensor.cpp - a tensor in host memory, as kernels see it --------===//
#include "runtime/exec/HostTensor.h"

#include <cstring>

namespace trm {
namespace {
int64_t elementCount(const std::vector<int64_t> &dims) {
  int64_t count = 1;
  for (int64_t d : dims)
    count *= d;
  return count;
}
} // namespace

size_t HostTensor::width(const std::string &dtype) {
  if (dtype == "f64")
    return 8;
  if (dtype == "f32" || dtype == "i32")
    return 4;
  if (dtype == "bf16")
    return 2;
  return dtype == "i1" ? 1 : 0;
}

HostTensor::HostTensor(std::string dtype, std::vector<int64_t> shape)
    : type(std::move(dtype)), dims(std::move(shape)),
      elements(elementCount(dims)), bytes(elements * width(type)) {
  auto address = reinterpret_cast<int64_t>(bytes.data());
  words = {address, address, 0};
  words.insert(words.end(), dims.begin(), dims.end());
  std::vector<int64_t> strides(dims.size());
  int64_t stride = 1;
  for (int64_t i = static_cast<int64_t>(dims.size()) - 1; i >= 0; --i) {
    strides[i] = stride;
    stride *= dims[i];
  }
  words.insert(words.end(), strides.begin(), strides.end());
}

void HostTensor::set(int64_t i, double value) {
  uint8_t *p = bytes.data() + i * width(type);
  if (type == "f32") {
    float f = static_cast<float>(value);
    std::memcpy(p, &f, 4);
  } else if (type == "f64") {
    std::memcpy(p, &value, 8);
  } else if (type == "i32") {
    int32_t k = static_cast<int32_t>(value);
    std::memcpy(p, &k, 4);
  } else if (type == "bf16") {
    float f = static_cast<float>(value);
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    bits += 0x7FFF + ((bits >> 16) & 1); // round to nearest even
    uint16_t half = static_cast<uint16_t>(bits >> 16);
    std::memcpy(p, &half, 2);
  } else {
    *p = value != 0;
  }
}

namespace {
/// Any element whose exponent bits are all ones is NaN or infinite.
template <typename Bits>
bool anyExponentAllOnes(const HostMemory &bytes, Bits exponent) {
  for (size_t at = 0; at + sizeof(Bits) <= bytes.size(); at += sizeof(Bits)) {
    Bits bits;
    std::memcpy(&bits, bytes.data() + at, sizeof(Bits));
    if ((bits & exponent) == exponent)
      return true;
  }
  return false;
}
} // namespace

bool HostTensor::hasNonFinite() const {
  if (type == "f32")
    return anyExponentAllOnes<uint32_t>(bytes, 0x7f800000u);
  if (type == "bf16")
    return anyExponentAllOnes<uint16_t>(bytes, 0x7f80u);
  if (type == "f64")
    return anyExponentAllOnes<uint64_t>(bytes, 0x7ff0000000000000ull);
  return false;
}

double HostTensor::get(int64_t i) const {
  const uint8_t *p = bytes.data() + i * width(type);
  if (type == "f32") {
    float f;
    std::memcpy(&f, p, 4);
    return f;
  }
  if (type == "f64") {
    double d;
    std::memcpy(&d, p, 8);
    return d;
  }
  if (type == "i32") {
    int32_t k;
    std::memcpy(&k, p, 4);
    return k;
  }
  if (type == "bf16") {
    uint16_t half;
    std::memcpy(&half, p, 2);
    uint32_t bits = static_cast<uint32_t>(half) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }
  return *p;
}

void HostTensor::assign(const std::vector<double> &values) {
  for (int64_t i = 0; i < elements; ++i)
    set(i, values[i]);
}

} // namespace trm
