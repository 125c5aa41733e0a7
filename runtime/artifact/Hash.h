//===- Hash.h - content hashes of artifacts, checkpoints, data --*- C++ -*-===//
#ifndef TRM_RUNTIME_ARTIFACT_HASH_H
#define TRM_RUNTIME_ARTIFACT_HASH_H

#include <cstdint>
#include <cstdio>
#include <string>
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

/// `hash` as 16 hex digits: how JSON headers and metadata store one.
inline std::string hex64(uint64_t hash) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx",
                static_cast<unsigned long long>(hash));
  return text;
}

} // namespace trm

#endif // TRM_RUNTIME_ARTIFACT_HASH_H
