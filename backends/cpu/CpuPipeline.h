//===- CpuPipeline.h - trm -> LLVM dialect for the CPU backend --*- C++ -*-===//
#ifndef TRM_BACKENDS_CPU_CPUPIPELINE_H
#define TRM_BACKENDS_CPU_CPUPIPELINE_H

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace trm::cpu {

/// Dialects and interface models the CPU lowering needs (bufferization
/// models, LLVM translation).
void registerCpuBackendDialects(mlir::DialectRegistry &registry);

/// What the lowering may assume about the target CPU.
struct CpuLoweringOptions {
  bool bf16Dot = false;     // avx512_bf16: bf16 matmuls by VDPBF16PS
  bool amx = false;         // amx-bf16: bf16 matmuls on AMX tiles
  int64_t vectorBits = 512; // 256 without avx512f (GEMM tiles for ymm)
};

/// The options a CPU with these LLVM features ("+avx512bf16", ...) allows.
CpuLoweringOptions loweringOptionsFor(const std::vector<std::string> &features);

/// After the compile phases (grad, sharded): trm -> linalg -> fusion ->
/// one-shot bufferization (function boundaries, identity layouts) -> GEMM
/// kernels, outlined loop kernels -> OpenMP -> LLVM dialect. Public
/// functions get C interfaces (_mlir_ciface_<name>).
void buildCpuLoweringPipeline(mlir::OpPassManager &pm,
                              const CpuLoweringOptions &options = {});

/// Registers `trm-cpu-lowering` for trm-opt (for this host's CPU).
void registerCpuLoweringPipeline();

/// The i64 attribute the lowering leaves on each public function: the most
/// bytes of temporary buffers it holds at once (trm-cpu-plan-memory).
inline constexpr llvm::StringLiteral kTemporaryBytesAttr =
    "trm.temporary_bytes";

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_CPUPIPELINE_H
