//===- Passes.h - trm passes ------------------------------------*- C++ -*-===//
#ifndef TRM_PASSES_PASSES_H
#define TRM_PASSES_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::trm {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

} // namespace mlir::trm

#endif // TRM_PASSES_PASSES_H
