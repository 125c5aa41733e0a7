//===- HostTensor.h - a tensor in host memory, as kernels see it *- C++ -*-===//
#ifndef TRM_RUNTIME_EXEC_HOSTTENSOR_H
#define TRM_RUNTIME_EXEC_HOSTTENSOR_H

#include "runtime/exec/HostMemory.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace trm {

/// Row-major bytes plus the memref descriptor the compiled kernels take:
/// {allocated, aligned, offset, sizes[rank], strides[rank]} as 64-bit words.
class HostTensor {
public:
  HostTensor(std::string dtype, std::vector<int64_t> shape);
  HostTensor(HostTensor &&) = default;
  HostTensor &operator=(HostTensor &&) = default;

  const std::string &dtype() const { return type; }
  const std::vector<int64_t> &shape() const { return dims; }
  int64_t size() const { return elements; }
  const uint8_t *data() const { return bytes.data(); }
  uint8_t *data() { return bytes.data(); }
  size_t byteSize() const {
    return static_cast<size_t>(elements) * width(type);
  }
  /// Pointer to the descriptor, for the kernels' argument array.
  void *descriptor() { return words.data(); }

  void set(int64_t i, double value);
  double get(int64_t i) const;
  void assign(const std::vector<double> &values);
  /// True when some element is NaN or +-inf (integers never are).
  bool hasNonFinite() const;
  /// Copies the bytes of `other` (same dtype and shape).
  void copyFrom(const HostTensor &other) {
    std::memcpy(bytes.data(), other.bytes.data(), bytes.size());
  }
  /// Bytes per element of `dtype` (f32/i32 4, bf16 2, i1 1, f64 8); 0
  /// for any other, which loadArtifact refuses.
  static size_t width(const std::string &dtype);

private:
  std::string type;
  std::vector<int64_t> dims;
  int64_t elements;
  HostMemory bytes;
  std::vector<int64_t> words;
};

} // namespace trm

#endif // TRM_RUNTIME_EXEC_HOSTTENSOR_H
