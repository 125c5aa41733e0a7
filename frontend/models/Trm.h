//===- Trm.h - the Tiny Recursive Model, traced -----------------*- C++ -*-===//
#ifndef TRM_FRONTEND_MODELS_TRM_H
#define TRM_FRONTEND_MODELS_TRM_H

#include "frontend/config/Config.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace trm {

/// Traces the TRM of `config` into a module of the trm dialect:
///   @net          the shared network f(h, inj) = blocks(h + inj)
///   @forward_step one supervision step: embedding, T x n recursion (the
///                 first T-1 cycles in a no_grad trm.repeat), lm and q heads,
///                 new carry behind stop_gradient.
/// Arguments and results carry `trm.name` attributes (the parameter table's
/// names, carry/zH, batch/inputs, ...).
mlir::OwningOpRef<mlir::ModuleOp> traceTrm(mlir::MLIRContext &context,
                                           const Config &config);

} // namespace trm

#endif // TRM_FRONTEND_MODELS_TRM_H
