//===- CpuPipeline.h - trm -> LLVM dialect for the CPU backend --*- C++ -*-===//
#ifndef TRM_BACKENDS_CPU_CPUPIPELINE_H
#define TRM_BACKENDS_CPU_CPUPIPELINE_H

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"

namespace trm::cpu {

/// Dialects and interface models the CPU lowering needs (bufferization
/// models, LLVM translation).
void registerCpuBackendDialects(mlir::DialectRegistry &registry);

/// After the compile phases (grad, sharded): trm -> linalg -> one-shot
/// bufferization (function boundaries, identity layouts) -> loops -> LLVM
/// dialect. Public functions get C interfaces (_mlir_ciface_<name>).
void buildCpuLoweringPipeline(mlir::OpPassManager &pm);

/// Registers `trm-cpu-lowering` for trm-opt.
void registerCpuLoweringPipeline();

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_CPUPIPELINE_H
