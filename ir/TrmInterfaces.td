//===- TrmInterfaces.td - op interfaces of the trm dialect -*- tablegen -*-===//
#ifndef TRM_INTERFACES_TD
#define TRM_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Trm_DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::mlir::trm";
  let description = [{
    The reverse-mode gradient rule of an op, used by trm-autodiff. Given the
    adjoint of every result (null where a result gets no gradient), the rule
    builds the adjoint of every operand (null: no gradient flows there, e.g.
    indices, predicates, or ops like trm.sign whose derivative is zero
    almost everywhere). Ops without this interface cannot be differentiated.
  }];
  let methods = [
    InterfaceMethod<
      "Builds operand adjoints from result adjoints at the builder's point.",
      "::mlir::LogicalResult", "gradient",
      (ins "::mlir::OpBuilder &":$builder,
           "::mlir::ArrayRef<::mlir::Value>":$resultAdjoints,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandAdjoints)>,
  ];
}

#endif // TRM_INTERFACES_TD
