//===- LoweringUtils.h - building blocks of trm -> linalg -------*- C++ -*-===//
#ifndef TRM_BACKENDS_CPU_LOWERINGUTILS_H
#define TRM_BACKENDS_CPU_LOWERINGUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace trm::cpu {

using mlir::Location;
using mlir::OpBuilder;
using mlir::Value;

/// tensor.empty of `type`.
Value emptyTensor(OpBuilder &b, Location loc, mlir::RankedTensorType type);
/// A tensor of `type` filled with `value`.
Value filledTensor(OpBuilder &b, Location loc, mlir::RankedTensorType type,
                   double value);
/// An arith.constant of `type`: a scalar, or a vector splat of one.
Value scalarConstant(OpBuilder &b, Location loc, mlir::Type type, double value);

/// Whether `op` is a linalg.fill with a floating-point zero (tensors or
/// buffers): a matmul starting from it may overwrite instead of accumulate.
bool isZeroFill(mlir::Operation *op);

/// linalg.generic computing `type` elementwise from same-shaped `inputs`;
/// `body(builder, loc, scalars)` returns the result scalar.
Value elementwise(
    OpBuilder &b, Location loc, mlir::RankedTensorType type,
    mlir::ValueRange inputs,
    llvm::function_ref<Value(OpBuilder &, Location, mlir::ValueRange)> body);

/// Whether a slice (tensor.insert_slice, memref.subview, ...) takes a box:
/// static offsets and sizes, unit strides.
bool isStaticBox(mlir::OffsetSizeAndStrideOpInterface slice);

/// Whether two static boxes (isStaticBox) of one tensor or buffer are apart
/// in some dim; false when either is not a static box.
bool disjointBoxes(mlir::OffsetSizeAndStrideOpInterface a,
                   mlir::OffsetSizeAndStrideOpInterface b);

/// Whether `type`'s innermost dim has unit stride (rows load as vectors).
bool hasUnitInnerStride(mlir::MemRefType type);

/// An scf.parallel's hint for trm-cpu-outer-parallel: the elements one
/// iteration moves when its body is straight-line vector code (no loops for
/// the pass to count), e.g. a 16x16 register-block transpose's 256.
inline constexpr llvm::StringLiteral kWorkPerIterationAttr =
    "trm.work_per_iteration";

/// Keeps LLVM from inlining `func` into its callers: kernels shared by many
/// call sites would otherwise multiply code size and compile time.
void markNeverInlined(mlir::Operation *func);

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_LOWERINGUTILS_H
