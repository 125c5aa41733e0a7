//===- SiblingFusion.h - one pass for siblings over one input ---*- C++ -*-===//
//
// Part of trm-fuse: two elementwise generics over the same iteration space
// that read a common input and do not depend on each other become one
// generic with both results, so the common input is read once (and common
// subexpressions of their bodies, like a sigmoid both compute, once).
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_CPU_SIBLINGFUSION_H
#define TRM_BACKENDS_CPU_SIBLINGFUSION_H

namespace mlir {
class Operation;
} // namespace mlir

namespace trm::cpu {

/// Merges sibling elementwise linalg.generics under `root` (see above); the
/// merged op stands where the later of the two stood, so it requires every
/// user of the earlier one to come after the later one.
void fuseSiblingGenerics(mlir::Operation *root);

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_SIBLINGFUSION_H
