//===- TrmOps.cpp - elementwise ops, constants and folds ------------------===//
//
// Verifiers of the shape-changing ops live in TrmShapeOps.cpp, trm.repeat in
// TrmRepeatOp.cpp.
//
//===----------------------------------------------------------------------===//
#include "ir/TrmOps.h"

#include "ir/TrmAsmDirectives.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::trm;

#include "ir/TrmEnums.cpp.inc"
#include "ir/TrmInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "ir/TrmOps.cpp.inc"

static ShapedType shapedType(Value value) {
  return cast<ShapedType>(value.getType());
}

LogicalResult mlir::trm::detail::verifySameTypesNoBroadcast(Operation *op) {
  Type expected = op->getNumOperands() ? op->getOperand(0).getType()
                                       : op->getResult(0).getType();
  auto mismatch = [&](Type other, StringRef what, unsigned index) {
    InFlightDiagnostic diag = op->emitOpError()
                              << "requires every operand and the result to "
                                 "have one type; "
                              << what << " #" << index << " is " << other
                              << " but operand #0 is " << expected;
    if (auto a = dyn_cast<ShapedType>(expected))
      if (auto b = dyn_cast<ShapedType>(other)) {
        if (a.getShape() != b.getShape())
          diag << " (no implicit broadcasting: use trm.broadcast_in_dim)";
        else
          diag << " (no implicit promotion: use trm.convert)";
      }
    return diag;
  };
  for (auto [i, operand] : llvm::enumerate(op->getOperandTypes()))
    if (operand != expected)
      return mismatch(operand, "operand", i);
  for (auto [i, result] : llvm::enumerate(op->getResultTypes()))
    if (result != expected)
      return mismatch(result, "result", i);
  return success();
}

LogicalResult mlir::trm::detail::verifySameShapes(Operation *op) {
  ArrayRef<int64_t> expected = shapedType(op->getOperand(0)).getShape();
  auto mismatch = [&](Value value, StringRef what, unsigned index) {
    return op->emitOpError()
           << "works elementwise, so every operand and the result need one "
              "shape; "
           << what << " #" << index << " is " << value.getType()
           << " but operand #0 is " << op->getOperand(0).getType();
  };
  for (auto [i, operand] : llvm::enumerate(op->getOperands()))
    if (shapedType(operand).getShape() != expected)
      return mismatch(operand, "operand", i);
  for (auto [i, result] : llvm::enumerate(op->getResults()))
    if (shapedType(result).getShape() != expected)
      return mismatch(result, "result", i);
  return success();
}

LogicalResult CompareOp::verify() {
  if (getLhs().getType() != getRhs().getType())
    return emitOpError() << "compares tensors of one type, got "
                         << getLhs().getType() << " and " << getRhs().getType();
  return success();
}

LogicalResult SelectOp::verify() {
  if (getOnTrue().getType() != getOnFalse().getType() ||
      getOnTrue().getType() != getResult().getType())
    return emitOpError() << "on_true, on_false and the result must have one "
                            "type, got "
                         << getOnTrue().getType() << ", "
                         << getOnFalse().getType() << " and "
                         << getResult().getType();
  return success();
}

OpFoldResult ConvertOp::fold(FoldAdaptor) {
  if (getOperand().getType() == getResult().getType())
    return getOperand();
  // Widening a float and narrowing it back is exact: bf16 -> f32 -> bf16.
  if (auto inner = getOperand().getDefiningOp<ConvertOp>()) {
    Type original = inner.getOperand().getType();
    Type middle = shapedType(inner.getResult()).getElementType();
    Type source = shapedType(inner.getOperand()).getElementType();
    if (original == getResult().getType() && isa<FloatType>(source) &&
        isa<FloatType>(middle) &&
        middle.getIntOrFloatBitWidth() >= source.getIntOrFloatBitWidth())
      return inner.getOperand();
  }
  return {};
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  // x * 1 == x exactly, for floats and integers alike.
  auto isOne = [](Attribute attr) {
    auto splat = dyn_cast_if_present<SplatElementsAttr>(attr);
    if (!splat)
      return false;
    if (auto f = dyn_cast<FloatAttr>(splat.getSplatValue<Attribute>()))
      return f.getValue().isExactlyValue(1.0);
    if (auto i = dyn_cast<IntegerAttr>(splat.getSplatValue<Attribute>()))
      return i.getValue().isOne();
    return false;
  };
  if (isOne(adaptor.getRhs()))
    return getLhs();
  if (isOne(adaptor.getLhs()))
    return getRhs();
  return {};
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }
