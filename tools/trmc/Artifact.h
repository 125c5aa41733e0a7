//===- Artifact.h - writing a compiled artifact directory -------*- C++ -*-===//
#ifndef TRM_TOOLS_TRMC_ARTIFACT_H
#define TRM_TOOLS_TRMC_ARTIFACT_H

#include "backends/cpu/SharedLibrary.h"
#include "frontend/config/Config.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace trm {

/// Writes DIR (staged, then renamed: a failure leaves nothing behind):
///   program.trm.mlir            the module after the sharded phase
///   <entry>.hlo, <entry>.stablehlo.mlir   for target "hlo"
///   kernels.so                  for target "cpu": trm_entry_<entry>(void**)
///   manifest.pb, manifest.textproto      entry points, tensors, config,
///                                        files with hashes, targets
/// The CPU lowering takes the pass manager's command-line options
/// (--mlir-print-ir-after-all, ...) and, like each later step, is timed in
/// `timing`. Returns an error message, empty on success.
std::string writeArtifact(mlir::ModuleOp module, const Config &config,
                          const std::vector<std::string> &targets,
                          const std::string &dir, bool replace,
                          const cpu::TargetCpu &targetCpu,
                          mlir::TimingScope &timing);

} // namespace trm

#endif // TRM_TOOLS_TRMC_ARTIFACT_H
