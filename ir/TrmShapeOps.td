//===- TrmShapeOps.td - data movement ops of trm -----------*- tablegen -*-===//
//
// Included by TrmOps.td; verifiers in TrmShapeOps.cpp, gradient rules in
// TrmGradientsShape.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef TRM_SHAPE_OPS_TD
#define TRM_SHAPE_OPS_TD

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

def Trm_ReshapeOp : Trm_Op<"reshape", [Pure, Trm_Differentiable]> {
  let summary = "same elements, new shape (row-major order)";
  let description = [{
    Reinterprets the operand's elements, in row-major order, with the result's
    shape.

    Constraints: same element type and element count.

    Example:
    ```mlir
    %y = trm.reshape %x : tensor<4x97x512xf32> -> tensor<388x512xf32>
    ```
  }];
  let arguments = (ins Trm_Tensor:$operand);
  let results = (outs Trm_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Trm_TransposeOp : Trm_Op<"transpose", [Pure, Trm_Differentiable]> {
  let summary = "permute dimensions";
  let description = [{
    `result.shape[i] = operand.shape[permutation[i]]`, elements moved along.

    Constraints: permutation is a permutation of 0..rank-1; same element type.

    Example:
    ```mlir
    %u = trm.transpose %h, permutation = [0, 2, 1]
           : tensor<4x97x512xf32> -> tensor<4x512x97xf32>
    ```
  }];
  let arguments = (ins Trm_Tensor:$operand, DenseI64ArrayAttr:$permutation);
  let results = (outs Trm_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` `permutation` `=` $permutation attr-dict `:`
    type($operand) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Trm_BroadcastInDimOp : Trm_Op<"broadcast_in_dim", [Pure, Trm_Differentiable]> {
  let summary = "broadcast to a larger shape";
  let description = [{
    Operand dimension i becomes result dimension `dims[i]`; the other result
    dimensions repeat the operand. An operand dimension of size 1 may stretch.

    Constraints: one entry in dims per operand dimension, strictly increasing,
    inside the result's rank; each operand dimension is 1 or equals its result
    dimension; same element type.

    Example:
    ```mlir
    %b = trm.broadcast_in_dim %bias, dims = [2]
           : tensor<512xf32> -> tensor<4x97x512xf32>
    ```
  }];
  let arguments = (ins Trm_Tensor:$operand, DenseI64ArrayAttr:$dims);
  let results = (outs Trm_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` `dims` `=` $dims attr-dict `:` type($operand) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Trm_ConcatOp : Trm_Op<"concat", [Pure, Trm_Differentiable]> {
  let summary = "join tensors along one dimension";
  let description = [{
    Concatenates the inputs, in order, along `dim`.

    Constraints: at least one input; all inputs have the result's element type
    and rank and agree on every dimension but `dim`, whose result size is the
    sum of theirs.

    Example:
    ```mlir
    %x = trm.concat %prefix, %tokens dim = 1
           : (tensor<4x16x512xf32>, tensor<4x81x512xf32>) -> tensor<4x97x512xf32>
    ```
  }];
  let arguments = (ins Variadic<Trm_Tensor>:$inputs, I64Attr:$dim);
  let results = (outs Trm_Tensor:$result);
  let assemblyFormat = [{
    $inputs `dim` `=` $dim attr-dict `:` functional-type($inputs, $result)
  }];
  let hasVerifier = 1;
}

def Trm_SliceOp : Trm_Op<"slice", [Pure, Trm_Differentiable]> {
  let summary = "strided static slice";
  let description = [{
    `result[i] = operand[start + i * strides]` per dimension, for start <= index
    < limit.

    Constraints: one start, limit and stride per dimension; 0 <= start <=
    limit <= size; stride >= 1; result size = ceil((limit - start) / stride).

    Example:
    ```mlir
    %t = trm.slice %zh, start = [0, 16, 0], limit = [4, 97, 512],
           strides = [1, 1, 1] : tensor<4x97x512xf32> -> tensor<4x81x512xf32>
    ```
  }];
  let arguments = (ins Trm_Tensor:$operand, DenseI64ArrayAttr:$start,
                       DenseI64ArrayAttr:$limit, DenseI64ArrayAttr:$strides);
  let results = (outs Trm_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` `start` `=` $start `,` `limit` `=` $limit `,`
    `strides` `=` $strides attr-dict `:` type($operand) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Trm_PadOp : Trm_Op<"pad", [Pure, Trm_Differentiable]> {
  let summary = "pad with a scalar value at both ends of each dimension";
  let description = [{
    Adds `low[i]` copies of `value` before and `high[i]` after dimension i.

    Constraints: value is a rank-0 tensor of the operand's element type; low
    and high have one non-negative entry per dimension; result size = low +
    size + high.

    Example:
    ```mlir
    %p = trm.pad %x, %zero, low = [0, 16], high = [0, 0]
           : (tensor<4x81xf32>, tensor<f32>) -> tensor<4x97xf32>
    ```
  }];
  let arguments = (ins Trm_Tensor:$operand, Trm_Tensor:$value,
                       DenseI64ArrayAttr:$low, DenseI64ArrayAttr:$high);
  let results = (outs Trm_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` $value `,` `low` `=` $low `,` `high` `=` $high attr-dict `:`
    `(` type($operand) `,` type($value) `)` `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Gather / scatter
//===----------------------------------------------------------------------===//

def Trm_GatherOp : Trm_Op<"gather", [Pure, Trm_Differentiable]> {
  let summary = "look up rows of a table (embedding lookup)";
  let description = [{
    `result[i.., d..] = table[clamp(indices[i..], 0, rows - 1), d..]`: every
    index selects a row (dimension 0) of the table. Out-of-range indices are
    clamped, as in XLA.

    Constraints: indices are i32; result shape = indices shape ++ table shape
    without dimension 0; result element type = table element type.

    Example:
    ```mlir
    %e = trm.gather %table[%tokens]
           : (tensor<11x512xf32>, tensor<4x81xi32>) -> tensor<4x81x512xf32>
    ```
  }];
  let arguments = (ins Trm_Tensor:$table, Trm_IndexTensor:$indices);
  let results = (outs Trm_Tensor:$result);
  let assemblyFormat = [{
    $table `[` $indices `]` attr-dict `:`
    `(` type($table) `,` type($indices) `)` `->` type($result)
  }];
  let hasVerifier = 1;
}

def Trm_ScatterAddOp : Trm_Op<"scatter_add", [Pure, Trm_Differentiable]> {
  let summary = "add rows into a table at indexed positions (gather's gradient)";
  let description = [{
    `result = base`, then for every index position i..:
    `result[indices[i..], d..] += updates[i.., d..]`. Repeated indices
    accumulate; out-of-range indices are dropped.

    Constraints: indices are i32; updates shape = indices shape ++ base shape
    without dimension 0; updates and base share the element type; result type
    = base type.

    Example:
    ```mlir
    %g = trm.scatter_add %dx into %zeros[%tokens]
           : (tensor<11x512xf32>, tensor<4x81xi32>, tensor<4x81x512xf32>)
           -> tensor<11x512xf32>
    ```
  }];
  let arguments = (ins Trm_NumericTensor:$base, Trm_IndexTensor:$indices,
                       Trm_NumericTensor:$updates);
  let results = (outs Trm_NumericTensor:$result);
  let assemblyFormat = [{
    $updates `into` $base `[` $indices `]` attr-dict `:`
    `(` type($base) `,` type($indices) `,` type($updates) `)` `->` type($result)
  }];
  let hasVerifier = 1;
}

#endif // TRM_SHAPE_OPS_TD
