//===- Hash.h - content hashes of artifact files ----------------*- C++ -*-===//
#ifndef TRM_RUNTIME_ARTIFACT_HASH_H
#define TRM_RUNTIME_ARTIFACT_HASH_H

#include <cstdint>
#include <string_view>

namespace trm {

/// FNV-1a 64-bit: detects truncated or altered files (not an adversary).
inline uint64_t fnv1a(std::string_view bytes,
                      uint64_t hash = 0xcbf29ce484222325ull) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

} // namespace trm

#endif // TRM_RUNTIME_ARTIFACT_HASH_H
