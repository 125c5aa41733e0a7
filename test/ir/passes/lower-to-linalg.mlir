// RUN: trm-opt %s --trm-lower-to-linalg --split-input-file | FileCheck %s
// RUN: trm-opt %s --trm-cpu-lowering --split-input-file | FileCheck %s --check-prefix=LLVM

// CHECK-LABEL: func.func @step
// CHECK: scf.for {{.*}} iter_args
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "parallel"]
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: math.exp
// CHECK: linalg.reduce
// CHECK-NOT: trm.
// LLVM: llvm.func @_mlir_ciface_step
func.func @step(%x: tensor<2x3xf32>, %w: tensor<3x3xf32>) -> tensor<2xf32> {
  %r = trm.repeat 2 (%h = %x) : tensor<2x3xf32> {
    %y = trm.dot_general %h, %w, batch_dims = [] x [], contracting_dims = [1] x [0], accumulate = f32 : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x3xf32>
    %e = trm.exp %y : tensor<2x3xf32>
    trm.yield %e : tensor<2x3xf32>
  }
  %s = trm.reduce_sum %r, dims = [1] : tensor<2x3xf32> -> tensor<2xf32>
  return %s : tensor<2xf32>
}

// -----

// Gather reads the table through clamped indices; scatter_add loops over
// index positions.
// CHECK-LABEL: func.func @embed
// CHECK: linalg.generic
// CHECK: arith.index_cast
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract
// CHECK: scf.for
// CHECK: scf.if
// CHECK: tensor.insert_slice
func.func @embed(%t: tensor<5x4xf32>, %i: tensor<3xi32>, %u: tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<5x4xf32>) {
  %g = trm.gather %t[%i] : (tensor<5x4xf32>, tensor<3xi32>) -> tensor<3x4xf32>
  %s = trm.scatter_add %u into %t[%i] : (tensor<5x4xf32>, tensor<3xi32>, tensor<3x4xf32>) -> tensor<5x4xf32>
  return %g, %s : tensor<3x4xf32>, tensor<5x4xf32>
}
