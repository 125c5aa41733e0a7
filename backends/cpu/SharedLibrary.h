//===- SharedLibrary.h - LLVM-dialect module -> kernels .so -----*- C++ -*-===//
#ifndef TRM_BACKENDS_CPU_SHAREDLIBRARY_H
#define TRM_BACKENDS_CPU_SHAREDLIBRARY_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/Timing.h"

#include <optional>
#include <string>
#include <vector>

namespace trm::cpu {

struct TargetCpu {
  std::string name;                  // "znver5", or from --target-cpu
  std::vector<std::string> features; // "+avx512f", ... as LLVM spells them
};

/// The host's CPU name and features (what `native` means).
TargetCpu hostCpu();
/// A named LLVM CPU ("znver4") with the features it implies; an unknown
/// name is an error listing how to find valid ones.
std::optional<TargetCpu> namedCpu(const std::string &name, std::string &error);

/// Translates `module` (after the CPU lowering) to LLVM IR, adds for every
/// entry point E a wrapper `void trm_entry_E(void **args)` whose args[i]
/// points at the i-th memref descriptor (inputs, then outputs), compiles it
/// at -O2 for `cpu` and links `path` with clang-19/lld. Each step is timed
/// in `timing` (--mlir-timing). Returns an error message, empty on success.
std::string emitSharedLibrary(mlir::ModuleOp module,
                              const std::vector<std::string> &entries,
                              const TargetCpu &cpu, const std::string &path,
                              mlir::TimingScope &timing);

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_SHAREDLIBRARY_H
