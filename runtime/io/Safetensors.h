//===- Safetensors.h - checkpoints in the safetensors format ----*- C++ -*-===//
//
// 8-byte little-endian header length, a JSON header {name: {dtype, shape,
// data_offsets}, "__metadata__": {string: string}}, then the raw bytes; the
// format PyTorch, JAX and numpy users read with the `safetensors` package.
// The metadata of every file written here also holds a checksum, which
// reading verifies (files from elsewhere have none).
//
//===----------------------------------------------------------------------===//
#ifndef TRM_RUNTIME_IO_SAFETENSORS_H
#define TRM_RUNTIME_IO_SAFETENSORS_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace trm {

struct StoredTensor {
  std::string dtype; // trmc's names: f32, bf16, f64, i32, i1
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;
};

using TensorMap = std::map<std::string, StoredTensor>;

/// The metadata key of the checksum every file written here carries:
/// FNV-1a 64 of the other metadata (sorted keys and values) and of every
/// byte after the header, as 16 hex digits. Reading verifies it when the
/// file has one (safetensors itself has none: a flipped bit in a weight or
/// in a step count would otherwise go unnoticed).
inline constexpr const char *kSafetensorsChecksumKey = "trm.fnv1a64";

/// Writes `path` through `path.tmp` + rename: an interrupted write never
/// replaces or damages an existing file. Returns an error, empty on success.
std::string
writeSafetensors(const std::string &path, const TensorMap &tensors,
                 const std::map<std::string, std::string> &metadata);

/// Reads `path`, checking every entry of the header against the bytes;
/// the error names the file and what is wrong.
std::string readSafetensors(const std::string &path, TensorMap &tensors,
                            std::map<std::string, std::string> &metadata);

} // namespace trm

#endif // TRM_RUNTIME_IO_SAFETENSORS_H
