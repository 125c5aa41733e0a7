//===- trm-opt.cpp - the mlir-opt style driver of trmc --------------------===//
//
// Registers the trm dialect, the upstream dialects trmc uses, every trm pass
// and the generic MLIR transforms (canonicalize, cse, ...). Only what is used
// is registered: the InitAll* headers cost half the build.
//
//===----------------------------------------------------------------------===//
#include "backends/cpu/CpuPipeline.h"
#include "ir/TrmDialect.h"
#include "passes/Passes.h"
#include "passes/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<mlir::trm::TrmDialect, mlir::func::FuncDialect>();
  trm::cpu::registerCpuBackendDialects(registry);
  trm::cpu::registerCpuLoweringPipeline();
  mlir::registerTransformsPasses();
  mlir::trm::registerTrmPasses();
  mlir::trm::registerTrmPipelines();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "trm-opt: the trmc pass driver\n", registry));
}
