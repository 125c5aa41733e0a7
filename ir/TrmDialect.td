//===- TrmDialect.td - the trm dialect ---------------------*- tablegen -*-===//
//
// The graph-level dialect of trmc: value-semantic ops on ranked tensors that
// are enough to express the TRM forward and backward pass and its optimisers.
//
//===----------------------------------------------------------------------===//

#ifndef TRM_DIALECT_TD
#define TRM_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/EnumAttr.td"

def Trm_Dialect : Dialect {
  let name = "trm";
  let cppNamespace = "::mlir::trm";
  let summary = "Tiny Recursive Model graph dialect";
  let description = [{
    Ops of the traced TRM training and evaluation step: elementwise math,
    dot_general, reductions, shape ops, gather/scatter_add, collectives and
    the `trm.repeat` recursion region. All ops take and return ranked tensors
    of f32, bf16, f64 (reference only), i32 or i1 with value semantics. There
    is no implicit broadcasting: shapes are made to agree with
    `trm.broadcast_in_dim`.
  }];
  let hasConstantMaterializer = 1;
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Trm_Tensor : RankedTensorOf<[F32, BF16, F64, I32, I1]>;
def Trm_FloatTensor : RankedTensorOf<[F32, BF16, F64]>;
def Trm_NumericTensor : RankedTensorOf<[F32, BF16, F64, I32]>;
def Trm_IndexTensor : RankedTensorOf<[I32]>;
def Trm_PredTensor : RankedTensorOf<[I1]>;

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Trm_CompareDirection : I64EnumAttr<"CompareDirection",
    "comparison performed by trm.compare", [
      I64EnumAttrCase<"eq", 0>, I64EnumAttrCase<"ne", 1>,
      I64EnumAttrCase<"lt", 2>, I64EnumAttrCase<"le", 3>,
      I64EnumAttrCase<"gt", 4>, I64EnumAttrCase<"ge", 5>]> {
  let cppNamespace = "::mlir::trm";
}

def Trm_ReductionKind : I64EnumAttr<"ReductionKind",
    "how a collective combines the values of the shards", [
      I64EnumAttrCase<"sum", 0>, I64EnumAttrCase<"max", 1>,
      I64EnumAttrCase<"min", 2>]> {
  let cppNamespace = "::mlir::trm";
}

//===----------------------------------------------------------------------===//
// Native traits (ir/TrmTraits.h)
//===----------------------------------------------------------------------===//

// All operands and results have one tensor type; the message names both
// types and points at trm.broadcast_in_dim / trm.convert.
def Trm_SameTypesNoBroadcast : NativeOpTrait<"SameTypesNoBroadcast"> {
  let cppNamespace = "::mlir::trm::OpTrait";
}

// All operands and results have one shape (element types may differ); placed
// before Elementwise so that its message, naming the shapes, is the one seen.
def Trm_SameShapes : NativeOpTrait<"SameShapes"> {
  let cppNamespace = "::mlir::trm::OpTrait";
}

#endif // TRM_DIALECT_TD
