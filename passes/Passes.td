//===- Passes.td - trm passes ------------------------------*- tablegen -*-===//
//
// One pass per file in passes/, each with a lit test in test/ir/passes/.
//
//===----------------------------------------------------------------------===//

#ifndef TRM_PASSES_TD
#define TRM_PASSES_TD

include "mlir/Pass/PassBase.td"

def TrmUnrollRecursion : Pass<"trm-unroll-recursion"> {
  let summary = "Expand trm.repeat into straight-line code, fully or by a factor";
  let description = [{
    Replaces every `trm.repeat` (innermost first) by copies of its body.
    With `factor=0` (the default) or a factor >= the count, the body is copied
    `count` times in place of the op. With `factor=k < count`, the op keeps
    `count / k` iterations of a body that holds k copies, and the `count % k`
    remaining copies follow it.

    Gradient semantics are kept: results of copies taken out of a `no_grad`
    repeat pass through `trm.stop_gradient`, so trm-autodiff still sends no
    gradient into them.

    Before:
    ```mlir
    %r = trm.repeat 3 (%a = %x) : tensor<4xf32> {
      %b = trm.exp %a : tensor<4xf32>
      trm.yield %b : tensor<4xf32>
    }
    ```
    After (`--trm-unroll-recursion`):
    ```mlir
    %0 = trm.exp %x : tensor<4xf32>
    %1 = trm.exp %0 : tensor<4xf32>
    %r = trm.exp %1 : tensor<4xf32>
    ```
    After (`--trm-unroll-recursion=factor=2`):
    ```mlir
    %0 = trm.repeat 1 (%a = %x) : tensor<4xf32> {
      %1 = trm.exp %a : tensor<4xf32>
      %2 = trm.exp %1 : tensor<4xf32>
      trm.yield %2 : tensor<4xf32>
    }
    %r = trm.exp %0 : tensor<4xf32>
    ```
  }];
  let options = [
    Option<"factor", "factor", "int64_t", /*default=*/"0",
           "Body copies per remaining iteration; 0 unrolls fully">,
  ];
}

def TrmAutodiff : Pass<"trm-autodiff", "::mlir::ModuleOp"> {
  let summary = "Reverse-mode differentiation from per-op gradient rules";
  let description = [{
    Fills in every body-less function that carries
    `trm.gradient_of = @f` and `trm.wrt = array<i64: ...>`. Its signature
    must be f's inputs -> (f's results, then one gradient per listed
    argument). The body is f's body, with calls inlined and every
    `trm.repeat` that is not `no_grad` unrolled, followed by the reverse
    sweep: starting from adjoint 1 for f's first result (a scalar float), each
    op's `DifferentiableOpInterface` rule maps result adjoints to operand
    adjoints, accumulated by trm.add. Gradients stop at `trm.stop_gradient`,
    at `no_grad` repeats (the first T-1 TRM cycles), at integer values and at
    the other results of f (auxiliary outputs). An op without a rule is an
    error naming it.

    Before:
    ```mlir
    func.func @f(%x: tensor<4xf32>) -> tensor<f32> {
      %e = trm.exp %x : tensor<4xf32>
      %s = trm.reduce_sum %e, dims = [0] : tensor<4xf32> -> tensor<f32>
      return %s : tensor<f32>
    }
    func.func private @f_grad(tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
        attributes {trm.gradient_of = @f, trm.wrt = array<i64: 0>}
    ```
    After (`--trm-autodiff --canonicalize`), @f_grad returns the value and
    d/dx = exp(x):
    ```mlir
    func.func private @f_grad(%x: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>) {
      %e = trm.exp %x : tensor<4xf32>
      %s = trm.reduce_sum %e, dims = [0] : tensor<4xf32> -> tensor<f32>
      %one = trm.constant dense<1.0> : tensor<f32>
      %b = trm.broadcast_in_dim %one, dims = [] : tensor<f32> -> tensor<4xf32>
      %d = trm.mul %b, %e : tensor<4xf32>
      return %s, %d : tensor<f32>, tensor<4xf32>
    }
    ```
  }];
}

def TrmCastBf16 : Pass<"trm-cast-bf16", "::mlir::ModuleOp"> {
  let summary = "Apply the bfloat16 forward_dtype policy";
  let description = [{
    Runs when the module says `trm.forward_dtype = "bfloat16"` (the tracer
    sets it from `model.forward_dtype`; `force=true` applies it anyway) and
    before trm-autodiff, so the backward pass follows the same casts:

    * every f32 `trm.dot_general` takes bf16 operands and accumulates into
      f32 (master weights stay f32 and are cast at use);
    * what crosses network applications is stored in bf16: `@net`'s
      activation arguments and result, and the values a `trm.repeat` carries
      (the recursion state zH, zL);
    * everything else stays f32: RMSNorm statistics and all elementwise math
      (inside the network, values are widened back to f32), the q head,
      logits and the loss.

    Before:
    ```mlir
    func.func private @net(%h: tensor<2x4xf32>, %w: tensor<4x4xf32>) -> tensor<2x4xf32> {
      %y = trm.dot_general %h, %w, batch_dims = [] x [],
             contracting_dims = [1] x [0], accumulate = f32
             : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
      return %y : tensor<2x4xf32>
    }
    ```
    After:
    ```mlir
    func.func private @net(%h: tensor<2x4xbf16>, %w: tensor<4x4xf32>) -> tensor<2x4xbf16> {
      %h32 = trm.convert %h : tensor<2x4xbf16> -> tensor<2x4xf32>
      %a = trm.convert %h32 : tensor<2x4xf32> -> tensor<2x4xbf16>
      %b = trm.convert %w : tensor<4x4xf32> -> tensor<4x4xbf16>
      %y = trm.dot_general %a, %b, batch_dims = [] x [],
             contracting_dims = [1] x [0], accumulate = f32
             : (tensor<2x4xbf16>, tensor<4x4xbf16>) -> tensor<2x4xf32>
      %r = trm.convert %y : tensor<2x4xf32> -> tensor<2x4xbf16>
      return %r : tensor<2x4xbf16>
    }
    ```
    (canonicalize then folds the bf16 -> f32 -> bf16 round trip of %h.)
  }];
  let options = [
    Option<"force", "force", "bool", /*default=*/"false",
           "Apply even when the module is not marked bfloat16">,
  ];
}

def TrmShardDataParallel : Pass<"trm-shard-data-parallel", "::mlir::ModuleOp"> {
  let summary = "Bind the program to N data-parallel shards";
  let description = [{
    The tracer emits one shard's program: batch tensors hold
    global_batch_size / N rows (module attributes `trm.global_batch_size`
    and `trm.num_shards`), and every value that must be summed over all
    rows of the global batch — gradients, metrics, the puzzle-embedding rows
    a batch touches — goes through a `trm.all_reduce ... shards = 1` marker.
    This pass binds those markers to `shards` devices (default: the module's
    `trm.num_shards`), keeps parameters and optimiser state replicated, and
    tags the arguments and results of the public entry points with
    `trm.sharding = "batch"` (their rows are split across shards: the batch,
    the carry, the exploration draws) or `"replicated"`. Backends lower the
    collectives: HLO all-reduce over replica groups, MPI allreduce on CPU.

    A plan that cannot work is an error naming the config key: a global
    batch not divisible by the shards, or a program traced for a different
    shard count.

    Before:
    ```mlir
    module attributes {trm.global_batch_size = 8 : i64, trm.num_shards = 4 : i64} {
      func.func @train_step(%g: tensor<3xf32>, %x: tensor<2x3xf32>) -> tensor<3xf32> {
        %s = trm.all_reduce sum(%g) shards = 1 : tensor<3xf32>
        return %s : tensor<3xf32>
      }
    }
    ```
    After:
    ```mlir
    func.func @train_step(%g: tensor<3xf32> {trm.sharding = "replicated"},
                          %x: tensor<2x3xf32> {trm.sharding = "batch"}) -> ... {
      %s = trm.all_reduce sum(%g) shards = 4 : tensor<3xf32>
    ```
  }];
  let options = [
    Option<"shards", "shards", "int64_t", /*default=*/"0",
           "Data-parallel devices (0: the module's trm.num_shards)">,
  ];
}

// The CPU backend's passes (backends/cpu/).
include "CpuPasses.td"
include "CpuLoopPasses.td"

#endif // TRM_PASSES_TD
