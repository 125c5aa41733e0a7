//===- Npy.h - NumPy .npy files (uint8 and int32) ---------------*- C++ -*-===//
#ifndef TRM_RUNTIME_DATA_NPY_H
#define TRM_RUNTIME_DATA_NPY_H

#include <cstdint>
#include <string>
#include <vector>

namespace trm {

/// A C-order array of uint8 ('|u1'), little-endian int32 ('<i4'), float32
/// ('<f4') or float64 ('<f8').
struct NpyArray {
  std::string descr; // "|u1" or "<i4"
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;

  int64_t numElements() const;
  const uint8_t *u8() const { return bytes.data(); }
  const int32_t *i32() const {
    return reinterpret_cast<const int32_t *>(bytes.data());
  }
  const float *f32() const {
    return reinterpret_cast<const float *>(bytes.data());
  }
  const double *f64() const {
    return reinterpret_cast<const double *>(bytes.data());
  }
};

NpyArray makeU8(std::vector<int64_t> shape, const std::vector<uint8_t> &data);
NpyArray makeI32(std::vector<int64_t> shape, const std::vector<int32_t> &data);
NpyArray makeF32(std::vector<int64_t> shape, const std::vector<float> &data);
NpyArray makeF64(std::vector<int64_t> shape, const std::vector<double> &data);

/// Writes `array` to `path` (version 1.0 header, 64-byte aligned). Returns an
/// error message, empty on success.
std::string writeNpy(const std::string &path, const NpyArray &array);

/// Reads `path`; on failure `error` says what is wrong with the file.
NpyArray readNpy(const std::string &path, std::string &error);

} // namespace trm

#endif // TRM_RUNTIME_DATA_NPY_H
