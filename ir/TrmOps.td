//===- TrmOps.td - ops of the trm dialect ------------------*- tablegen -*-===//
//
// Ops share their shape through the classes below (one per op family), so a
// new elementwise op is one line plus its description.
//
//===----------------------------------------------------------------------===//

#ifndef TRM_OPS_TD
#define TRM_OPS_TD

include "ir/TrmDialect.td"
include "ir/TrmInterfaces.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class Trm_Op<string mnemonic, list<Trait> traits = []>
    : Op<Trm_Dialect, mnemonic, traits>;

// Ops with a gradient rule (ir/TrmGradients*.cpp).
def Trm_Differentiable
    : DeclareOpInterfaceMethods<Trm_DifferentiableOpInterface>;

// Ops whose C++ verifier is one shared helper: `verifier` names the helper in
// ir/TrmVerifiers.cpp, called with the op.
class Trm_OpWithSharedVerifier<string mnemonic, string verifier,
                               list<Trait> traits = []>
    : Trm_Op<mnemonic, traits> {
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::mlir::LogicalResult $cppClass::verify() {
      return }] # verifier # [{(*this);
    }
  }];
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

class Trm_UnaryElementwiseOp<string mnemonic, Type tensorType,
                             string semantics>
    : Trm_Op<mnemonic, [Pure, Trm_SameTypesNoBroadcast, Elementwise,
                        Trm_Differentiable]> {
  let summary = semantics;
  let description = "Elementwise: `result[i] = " # semantics # "`.\n\n" #
    "Constraints: the operand and the result have the same tensor type.\n\n" #
    "Example:\n```mlir\n%y = trm." # mnemonic # " %x : tensor<4x8xf32>\n```";
  let arguments = (ins tensorType:$operand);
  let results = (outs tensorType:$result);
  let assemblyFormat = [{
    $operand attr-dict `:` custom<SameTypes>(type($operand), type($result))
  }];
  let builders = [OpBuilder<(ins "::mlir::Value":$operand), [{
    build($_builder, $_state, operand.getType(), operand);
  }]>];
}

class Trm_BinaryElementwiseOp<string mnemonic, Type tensorType,
                              string semantics>
    : Trm_Op<mnemonic, [Pure, Trm_SameTypesNoBroadcast, Elementwise,
                        Trm_Differentiable]> {
  let summary = semantics;
  let description = "Elementwise: `result[i] = " # semantics # "`.\n\n" #
    "Constraints: both operands and the result have the same tensor type; " #
    "there is no implicit broadcasting (use `trm.broadcast_in_dim`).\n\n" #
    "Example:\n```mlir\n%z = trm." # mnemonic #
    " %x, %y : tensor<4x8xf32>\n```";
  let arguments = (ins tensorType:$lhs, tensorType:$rhs);
  let results = (outs tensorType:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:`
    custom<SameTypes>(type($lhs), type($rhs), type($result))
  }];
  let builders = [OpBuilder<(ins "::mlir::Value":$lhs, "::mlir::Value":$rhs), [{
    build($_builder, $_state, lhs.getType(), lhs, rhs);
  }]>];
}

def Trm_AddOp : Trm_BinaryElementwiseOp<"add", Trm_NumericTensor, "lhs + rhs"> {
  // add(pad(a), pad(b)) of zero pads that tile one dim -> concat(a, b): the
  // gradient of two slices (e.g. SwiGLU's gate/up split) without zero-filled
  // full-size buffers and an add.
  let hasCanonicalizer = 1;
}
def Trm_SubOp : Trm_BinaryElementwiseOp<"sub", Trm_NumericTensor, "lhs - rhs">;
def Trm_MulOp : Trm_BinaryElementwiseOp<"mul", Trm_NumericTensor, "lhs * rhs"> {
  let hasFolder = 1;
}
def Trm_DivOp : Trm_BinaryElementwiseOp<"div", Trm_FloatTensor, "lhs / rhs">;
def Trm_MaxOp : Trm_BinaryElementwiseOp<"max", Trm_NumericTensor,
    "max(lhs, rhs) (NaN if either is NaN)">;
def Trm_MinOp : Trm_BinaryElementwiseOp<"min", Trm_NumericTensor,
    "min(lhs, rhs) (NaN if either is NaN)">;
def Trm_Atan2Op : Trm_BinaryElementwiseOp<"atan2", Trm_FloatTensor,
    "atan2(lhs, rhs), the angle of the point (rhs, lhs) in [-pi, pi]">;

def Trm_NegOp : Trm_UnaryElementwiseOp<"neg", Trm_NumericTensor, "-operand">;
def Trm_ExpOp : Trm_UnaryElementwiseOp<"exp", Trm_FloatTensor, "exp(operand)">;
def Trm_LogOp : Trm_UnaryElementwiseOp<"log", Trm_FloatTensor,
    "log(operand), natural logarithm">;
def Trm_SqrtOp : Trm_UnaryElementwiseOp<"sqrt", Trm_FloatTensor,
    "sqrt(operand)">;
def Trm_RsqrtOp : Trm_UnaryElementwiseOp<"rsqrt", Trm_FloatTensor,
    "1 / sqrt(operand)">;
def Trm_SigmoidOp : Trm_UnaryElementwiseOp<"sigmoid", Trm_FloatTensor,
    "1 / (1 + exp(-operand))">;
def Trm_SiluOp : Trm_UnaryElementwiseOp<"silu", Trm_FloatTensor,
    "operand * sigmoid(operand)">;
def Trm_SignOp : Trm_UnaryElementwiseOp<"sign", Trm_NumericTensor,
    "-1, 0 or +1 by the sign of operand (NaN stays NaN)">;
def Trm_StopGradientOp : Trm_UnaryElementwiseOp<"stop_gradient", Trm_Tensor,
    "operand; trm-autodiff propagates no gradient through it">;

def Trm_CompareOp : Trm_Op<"compare", [Pure, Trm_SameShapes, Elementwise,
    Trm_Differentiable]> {
  let summary = "elementwise comparison producing i1";
  let description = [{
    Elementwise `result[i] = lhs[i] <direction> rhs[i]` with direction one of
    eq, ne, lt, le, gt, ge. Float comparisons are ordered (false when either
    side is NaN) except `ne`, which is true for NaN.

    Constraints: lhs and rhs have the same type; the result is i1 of the same
    shape.

    Example:
    ```mlir
    %p = trm.compare ge, %x, %y : tensor<4x8xf32>
    ```
  }];
  let arguments = (ins Trm_CompareDirection:$direction,
                       Trm_NumericTensor:$lhs, Trm_NumericTensor:$rhs);
  let results = (outs Trm_PredTensor:$result);
  let assemblyFormat = [{
    $direction `,` $lhs `,` $rhs attr-dict `:`
    custom<CompareTypes>(type($lhs), type($rhs), type($result))
  }];
  let hasVerifier = 1;
}

def Trm_SelectOp : Trm_Op<"select", [Pure, Trm_SameShapes, Elementwise,
    Trm_Differentiable]> {
  let summary = "elementwise choice between two tensors";
  let description = [{
    Elementwise `result[i] = pred[i] ? on_true[i] : on_false[i]`.

    Constraints: on_true, on_false and the result have the same type; pred is
    i1 of the same shape.

    Example:
    ```mlir
    %z = trm.select %p, %x, %y : tensor<4x8xf32>
    ```
  }];
  let arguments = (ins Trm_PredTensor:$pred, Trm_Tensor:$on_true,
                       Trm_Tensor:$on_false);
  let results = (outs Trm_Tensor:$result);
  let assemblyFormat = [{
    $pred `,` $on_true `,` $on_false attr-dict `:`
    custom<SelectTypes>(type($pred), type($on_true), type($on_false),
                        type($result))
  }];
  let hasVerifier = 1;
}

def Trm_ConvertOp : Trm_Op<"convert", [Pure, Trm_SameShapes, Elementwise,
    Trm_Differentiable]> {
  let summary = "elementwise element-type conversion";
  let description = [{
    Converts every element to the result's element type. Float narrowing
    (f32 -> bf16) rounds to nearest, ties to even; float -> i32 truncates
    toward zero; i1 -> number gives 0 or 1; number -> i1 is `x != 0`.

    Constraints: operand and result have the same shape.

    Example:
    ```mlir
    %y = trm.convert %x : tensor<4x8xf32> -> tensor<4x8xbf16>
    ```
  }];
  let arguments = (ins Trm_Tensor:$operand);
  let results = (outs Trm_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `->` type($result)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Contraction
//===----------------------------------------------------------------------===//

def Trm_DotGeneralOp : Trm_Op<"dot_general", [Pure, Trm_Differentiable]> {
  let summary = "batched matrix product with explicit dimension numbers";
  let description = [{
    Generalised matrix multiply, as XLA's DotGeneral. `batch_dims = [a] x [b]`
    pairs batch dimensions of lhs and rhs; `contracting_dims = [c] x [d]` pairs
    the dimensions summed over. The result's dimensions are the batch
    dimensions (in the order listed), then the remaining lhs dimensions, then
    the remaining rhs dimensions, each in operand order. Products are summed in
    `accumulate` precision and rounded once to the result element type.

    Constraints: lhs and rhs have the same float element type; paired
    dimensions have equal sizes; a dimension appears at most once; the
    accumulation type is a float at least as wide as the operands; the result
    element type is the operand type or the accumulation type (bf16 x bf16 ->
    f32 is mixed precision).

    Example:
    ```mlir
    %c = trm.dot_general %a, %b, batch_dims = [0] x [0],
           contracting_dims = [2] x [1], accumulate = f32
           : (tensor<8x97x512xbf16>, tensor<8x512x64xbf16>) -> tensor<8x97x64xf32>
    ```
  }];
  let arguments = (ins Trm_FloatTensor:$lhs, Trm_FloatTensor:$rhs,
                       DenseI64ArrayAttr:$lhs_batch_dims,
                       DenseI64ArrayAttr:$rhs_batch_dims,
                       DenseI64ArrayAttr:$lhs_contracting_dims,
                       DenseI64ArrayAttr:$rhs_contracting_dims,
                       TypeAttrOf<AnyFloat>:$accumulate);
  let results = (outs Trm_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs `,` `batch_dims` `=` $lhs_batch_dims `x` $rhs_batch_dims `,`
    `contracting_dims` `=` $lhs_contracting_dims `x` $rhs_contracting_dims `,`
    `accumulate` `=` $accumulate attr-dict `:`
    `(` type($lhs) `,` type($rhs) `)` `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Trm_ReduceOp<string mnemonic, string semantics>
    : Trm_OpWithSharedVerifier<mnemonic, "verifyReduction",
                               [Pure, Trm_Differentiable]> {
  let summary = semantics # " over the listed dimensions";
  let description = "Reduces `operand` by " # semantics # " over `dims`; " #
    "those dimensions are removed from the result (re-expand with " #
    "`trm.broadcast_in_dim`).\n\n" #
    "Constraints: dims are distinct, sorted and inside the operand's rank; " #
    "the result has the operand's element type and its remaining " #
    "dimensions.\n\nExample:\n```mlir\n%s = trm." # mnemonic #
    " %x, dims = [1] : tensor<4x8xf32> -> tensor<4xf32>\n```";
  let arguments = (ins Trm_NumericTensor:$operand, DenseI64ArrayAttr:$dims);
  let results = (outs Trm_NumericTensor:$result);
  let assemblyFormat = [{
    $operand `,` `dims` `=` $dims attr-dict `:` type($operand) `->` type($result)
  }];
}

def Trm_ReduceSumOp : Trm_ReduceOp<"reduce_sum", "the sum">;
def Trm_ReduceMaxOp : Trm_ReduceOp<"reduce_max", "the maximum">;

def Trm_ArgmaxOp : Trm_Op<"argmax", [Pure, Trm_Differentiable]> {
  let summary = "index of the largest element along one dimension";
  let description = [{
    `result[..] = argmax_k operand[.., k, ..]` along `dim`; ties pick the
    smallest index. The dimension is removed from the result.

    Constraints: dim is inside the operand's rank; the result is i32 with the
    operand's other dimensions.

    Example:
    ```mlir
    %i = trm.argmax %logits, dim = 2 : tensor<4x81x11xf32> -> tensor<4x81xi32>
    ```
  }];
  let arguments = (ins Trm_NumericTensor:$operand, I64Attr:$dim);
  let results = (outs Trm_IndexTensor:$result);
  let assemblyFormat = [{
    $operand `,` `dim` `=` $dim attr-dict `:` type($operand) `->` type($result)
  }];
  let hasVerifier = 1;
}

include "ir/TrmShapeOps.td"

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Trm_ConstantOp : Trm_Op<"constant",
    [ConstantLike, Pure, AllTypesMatch<["value", "result"]>,
     Trm_Differentiable]> {
  let summary = "a tensor literal";
  let description = [{
    Produces the tensor held in `value`.

    Constraints: value is a dense (or splat) elements attribute of a type the
    dialect accepts.

    Example:
    ```mlir
    %c = trm.constant dense<1.0> : tensor<4x8xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Trm_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let builders = [OpBuilder<(ins "::mlir::ElementsAttr":$value), [{
    build($_builder, $_state, value.getType(), value);
  }]>];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Collectives (data parallel across `shards` devices or ranks)
//===----------------------------------------------------------------------===//

def Trm_AllReduceOp : Trm_OpWithSharedVerifier<"all_reduce",
    "verifyCollective", [Trm_SameTypesNoBroadcast]> {
  let summary = "combine a tensor across all shards";
  let description = [{
    Every shard receives the elementwise sum (or max, min) of the operand over
    all `shards` participants.

    Constraints: shards >= 1; operand and result have the same type.

    Example:
    ```mlir
    %g = trm.all_reduce sum(%grad) shards = 64 : tensor<512x1536xf32>
    ```
  }];
  let arguments = (ins Trm_ReductionKind:$kind, Trm_NumericTensor:$operand,
                       I64Attr:$shards);
  let results = (outs Trm_NumericTensor:$result);
  let assemblyFormat = [{
    $kind `(` $operand `)` `shards` `=` $shards attr-dict `:`
    custom<SameTypes>(type($operand), type($result))
  }];
}

def Trm_AllGatherOp : Trm_OpWithSharedVerifier<"all_gather",
    "verifyCollective"> {
  let summary = "concatenate every shard's tensor along one dimension";
  let description = [{
    Every shard receives the concatenation along `dim` of the operands of
    shards 0..shards-1.

    Constraints: shards >= 1; result dim size = shards * operand dim size;
    other dimensions and the element type unchanged.

    Example:
    ```mlir
    %x = trm.all_gather %part, dim = 0, shards = 8
           : tensor<2x81xi32> -> tensor<16x81xi32>
    ```
  }];
  let arguments = (ins Trm_Tensor:$operand, I64Attr:$dim, I64Attr:$shards);
  let results = (outs Trm_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` `dim` `=` $dim `,` `shards` `=` $shards attr-dict `:`
    type($operand) `->` type($result)
  }];
}

def Trm_ReduceScatterOp : Trm_OpWithSharedVerifier<"reduce_scatter",
    "verifyCollective"> {
  let summary = "combine across shards, each shard keeps one slice";
  let description = [{
    The operands of all shards are combined elementwise; shard r keeps slice r
    of `shards` equal slices along `dim`.

    Constraints: shards >= 1; operand dim size = shards * result dim size;
    other dimensions and the element type unchanged.

    Example:
    ```mlir
    %s = trm.reduce_scatter sum(%grad), dim = 0, shards = 8
           : tensor<512x64xf32> -> tensor<64x64xf32>
    ```
  }];
  let arguments = (ins Trm_ReductionKind:$kind, Trm_NumericTensor:$operand,
                       I64Attr:$dim, I64Attr:$shards);
  let results = (outs Trm_NumericTensor:$result);
  let assemblyFormat = [{
    $kind `(` $operand `)` `,` `dim` `=` $dim `,` `shards` `=` $shards
    attr-dict `:` type($operand) `->` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// Recursion
//===----------------------------------------------------------------------===//

def Trm_RepeatOp : Trm_Op<"repeat", [RecursiveMemoryEffects, SingleBlock]> {
  let summary = "apply a region `count` times to loop-carried values";
  let description = [{
    The TRM recursion: the body maps the carried values to their next values
    and runs `count` times; the results are the values after the last
    iteration (the initial values when count is 0). The body may use values
    defined above it (e.g. the input injection). With `no_grad`, trm-autodiff
    treats the whole op as a constant: no gradient reaches its inputs. This
    keeps the IR small; `trm-unroll-recursion` expands it.

    Constraints: count >= 0; the body's block arguments, the yielded values,
    the initial values and the results have pairwise equal types.

    Example:
    ```mlir
    %zh2, %zl2 = trm.repeat 2 no_grad (%zh = %zh0, %zl = %zl0)
        : tensor<4x97x512xf32>, tensor<4x97x512xf32> {
      %a = trm.add %zh, %x : tensor<4x97x512xf32>
      %nl = func.call @net(%zl, %a) : (tensor<4x97x512xf32>, tensor<4x97x512xf32>) -> tensor<4x97x512xf32>
      %nh = func.call @net(%zh, %nl) : (tensor<4x97x512xf32>, tensor<4x97x512xf32>) -> tensor<4x97x512xf32>
      trm.yield %nh, %nl : tensor<4x97x512xf32>, tensor<4x97x512xf32>
    }
    ```
  }];
  let arguments = (ins I64Attr:$count, UnitAttr:$no_grad,
                       Variadic<Trm_Tensor>:$inits);
  let results = (outs Variadic<Trm_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
    YieldOp getYield();
  }];
}

def Trm_YieldOp : Trm_Op<"yield", [Pure, Terminator, ReturnLike,
    HasParent<"RepeatOp">]> {
  let summary = "next values of a trm.repeat body";
  let description = [{
    Ends a `trm.repeat` body with the carried values for the next iteration.

    Example:
    ```mlir
    trm.yield %zh, %zl : tensor<4x97x512xf32>, tensor<4x97x512xf32>
    ```
  }];
  let arguments = (ins Variadic<Trm_Tensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

#endif // TRM_OPS_TD
