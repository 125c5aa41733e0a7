//===- Artifact.h - loading and checking a trmc artifact --------*- C++ -*-===//
#ifndef TRM_RUNTIME_ARTIFACT_ARTIFACT_H
#define TRM_RUNTIME_ARTIFACT_ARTIFACT_H

#include "runtime/artifact/manifest.pb.h"

#include <string>

namespace trm {

struct LoadedArtifact {
  std::string dir;
  artifact::Manifest manifest;
};

/// Reads DIR/manifest.pb and checks every file it lists against its hash,
/// the content hash, and (for cpu targets) that this CPU has the features
/// the kernels were compiled for. Returns an error that says what does not
/// match and what to do, empty on success.
std::string loadArtifact(const std::string &dir, LoadedArtifact &out);

/// The entry point called `name`, or null.
const artifact::EntryPoint *findEntry(const artifact::Manifest &manifest,
                                      const std::string &name);

} // namespace trm

#endif // TRM_RUNTIME_ARTIFACT_ARTIFACT_H
