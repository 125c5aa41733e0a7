//===- Artifact.h - loading and checking a trmc artifact --------*- C++ -*-===//
#ifndef TRM_RUNTIME_ARTIFACT_ARTIFACT_H
#define TRM_RUNTIME_ARTIFACT_ARTIFACT_H

#include "runtime/artifact/manifest.pb.h"

#include <cstdint>
#include <string>

namespace trm {

struct LoadedArtifact {
  std::string dir;
  artifact::Manifest manifest;
};

/// Reads DIR/manifest.pb and checks it against its own hash, every file it
/// lists against its hash, the content hash, the tensors' specs, and (for cpu
/// targets) that this CPU has the features the kernels were compiled for.
/// Returns an error that says what does not match and what to do, empty on
/// success.
std::string loadArtifact(const std::string &dir, LoadedArtifact &out);

/// The manifest format this trmc writes and this trm-run reads.
constexpr uint32_t kManifestFormatVersion = 2;

/// The manifest's content_hash: FNV-1a 64 over every file's path and hash.
uint64_t contentHash(const artifact::Manifest &manifest);

/// FNV-1a 64 of `manifest` serialized with its manifest_hash cleared.
uint64_t manifestHash(const artifact::Manifest &manifest);

/// The manifest's cpu_features entry naming the CPU the kernels were
/// compiled for: this prefix, then LLVM's name ("cpu=znver4").
constexpr const char *kCpuNamePrefix = "cpu=";

/// LLVM's name for the CPU `manifest`'s kernels were compiled for; empty in
/// an artifact without one.
std::string kernelsCpu(const artifact::Manifest &manifest);

/// The entry point called `name`, or null.
const artifact::EntryPoint *findEntry(const artifact::Manifest &manifest,
                                      const std::string &name);

} // namespace trm

#endif // TRM_RUNTIME_ARTIFACT_ARTIFACT_H
