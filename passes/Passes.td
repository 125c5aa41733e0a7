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

#endif // TRM_PASSES_TD
