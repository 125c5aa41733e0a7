//===- Patterns.h - trm -> linalg/tensor/arith/math patterns ----*- C++ -*-===//
#ifndef TRM_BACKENDS_CPU_PATTERNS_H
#define TRM_BACKENDS_CPU_PATTERNS_H

#include "mlir/IR/PatternMatch.h"

namespace trm::cpu {

/// Elementwise math, compare, select, convert, constants, stop_gradient.
void populateElementwiseLowering(mlir::RewritePatternSet &patterns);
/// dot_general as (batch_)matmul named ops, or a generic for vector dots.
void populateDotGeneralLowering(mlir::RewritePatternSet &patterns);
/// Reductions, argmax, shape ops, gather/scatter, collectives.
void populateStructuredLowering(mlir::RewritePatternSet &patterns);

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_PATTERNS_H
