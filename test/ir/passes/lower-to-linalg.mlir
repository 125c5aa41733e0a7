// RUN: trm-opt %s --trm-lower-to-linalg --split-input-file | FileCheck %s
// RUN: trm-opt %s --trm-cpu-lowering --split-input-file | FileCheck %s --check-prefix=LLVM

// CHECK-LABEL: func.func @step
// CHECK: scf.for {{.*}} iter_args
// CHECK: linalg.fill
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3x3xf32>)
// CHECK: math.exp
// A float sum may be reassociated (vectorized by LLVM).
// CHECK: linalg.reduce
// CHECK-NEXT: (%[[IN:.*]]: f32, %[[INIT:.*]]: f32)
// CHECK-NEXT: arith.addf %[[IN]], %[[INIT]] fastmath<reassoc> : f32
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

// dot_general picks the matmul form its operand layouts allow: the rhs is
// transposed to contiguous columns, a contracting-first lhs is read in
// place, leading batch dims make a batch_matmul over collapsed operands,
// bf16 operands accumulate in f32, and a vector dot stays a generic.
// CHECK-LABEL: func.func @contractions
// CHECK: linalg.transpose ins(%{{.*}} : tensor<4x3xf32>) {{.*}} permutation = [1, 0]
// CHECK: linalg.matmul ins({{.*}} : tensor<2x3xf32>, tensor<3x4xf32>)
// CHECK: linalg.matmul_transpose_a ins({{.*}} : tensor<3x2xf32>, tensor<3x4xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2], [3]] : tensor<5x2x7x3xbf16> into tensor<5x14x3xbf16>
// CHECK: linalg.batch_matmul ins({{.*}} : tensor<5x14x3xbf16>, tensor<5x3x4xbf16>) outs({{.*}} : tensor<5x14x4xf32>)
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3]]{{.*}} into tensor<5x2x7x4xf32>
// CHECK: arith.truncf {{.*}} f32 to bf16
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction"]
func.func @contractions(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>, %c: tensor<3x2xf32>, %d: tensor<3x4xf32>,
                        %x: tensor<5x2x7x3xbf16>, %w: tensor<5x3x4xbf16>, %v: tensor<3xf32>)
    -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x7x4xbf16>, tensor<f32>) {
  %abt = trm.dot_general %a, %b, batch_dims = [] x [], contracting_dims = [1] x [1], accumulate = f32 : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  %ctd = trm.dot_general %c, %d, batch_dims = [] x [], contracting_dims = [0] x [0], accumulate = f32 : (tensor<3x2xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %xw = trm.dot_general %x, %w, batch_dims = [0] x [0], contracting_dims = [3] x [1], accumulate = f32 : (tensor<5x2x7x3xbf16>, tensor<5x3x4xbf16>) -> tensor<5x2x7x4xbf16>
  %vv = trm.dot_general %v, %v, batch_dims = [] x [], contracting_dims = [0] x [0], accumulate = f32 : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  return %abt, %ctd, %xw, %vv : tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x7x4xbf16>, tensor<f32>
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
