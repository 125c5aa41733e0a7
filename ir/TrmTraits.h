//===- TrmTraits.h - native op traits of the trm dialect --------*- C++ -*-===//
#ifndef TRM_IR_TRMTRAITS_H
#define TRM_IR_TRMTRAITS_H

#include "mlir/IR/OpDefinition.h"

namespace mlir::trm {
namespace detail {
LogicalResult verifySameTypesNoBroadcast(Operation *op);
LogicalResult verifySameShapes(Operation *op);
} // namespace detail

namespace OpTrait {
/// All operands and results share one tensor type. Unlike MLIR's
/// SameOperandsAndResultType, the message names the offending types and says
/// how to make them agree (trm has no implicit broadcasting or promotion).
template <typename ConcreteType>
class SameTypesNoBroadcast
    : public mlir::OpTrait::TraitBase<ConcreteType, SameTypesNoBroadcast> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return detail::verifySameTypesNoBroadcast(op);
  }
};

/// All operands and results share one shape; element types may differ.
template <typename ConcreteType>
class SameShapes : public mlir::OpTrait::TraitBase<ConcreteType, SameShapes> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return detail::verifySameShapes(op);
  }
};
} // namespace OpTrait
} // namespace mlir::trm

#endif // TRM_IR_TRMTRAITS_H
