// RUN: trm-opt %s --trm-autodiff --split-input-file --verify-diagnostics | FileCheck %s

// The body is the primal's, with the call inlined and the differentiable
// repeat unrolled; the no_grad repeat stays whole and gets no adjoint.
// CHECK-LABEL: func.func private @f_grad
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
// CHECK: %[[NG:.*]] = trm.repeat 2 no_grad
// CHECK-NOT: call
// CHECK-COUNT-2: trm.sigmoid
// CHECK: %[[LOSS:.*]] = trm.reduce_sum
// CHECK: %[[ONE:.*]] = trm.constant dense<1.000000e+00> : tensor<f32>
// CHECK: trm.broadcast_in_dim %[[ONE]]
// CHECK-NOT: trm.repeat
// CHECK: return %[[LOSS]], %{{.*}} : tensor<f32>, tensor<3xf32>
func.func private @g(%h: tensor<3xf32>) -> tensor<3xf32> {
  %t = trm.sigmoid %h : tensor<3xf32>
  return %t : tensor<3xf32>
}
func.func @f(%x: tensor<3xf32>) -> tensor<f32> {
  %c = trm.repeat 2 no_grad (%h = %x) : tensor<3xf32> {
    %e = trm.exp %h : tensor<3xf32>
    trm.yield %e : tensor<3xf32>
  }
  %r = trm.repeat 2 (%h = %x) : tensor<3xf32> {
    %n = func.call @g(%h) : (tensor<3xf32>) -> tensor<3xf32>
    trm.yield %n : tensor<3xf32>
  }
  %y = trm.mul %r, %c : tensor<3xf32>
  %s = trm.reduce_sum %y, dims = [0] : tensor<3xf32> -> tensor<f32>
  return %s : tensor<f32>
}
func.func private @f_grad(tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
  attributes {trm.gradient_of = @f, trm.wrt = array<i64: 0>}

// -----

// An argument the loss ignores gets a zero gradient; auxiliary results pass
// through and send no gradient back.
// CHECK-LABEL: func.func private @h_grad
// CHECK: %[[Z:.*]] = trm.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK: return %{{.*}}, %{{.*}}, %{{.*}}, %[[Z]] : tensor<f32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
func.func @h(%x: tensor<2xf32>, %unused: tensor<2xf32>) -> (tensor<f32>, tensor<2xf32>) {
  %s = trm.reduce_sum %x, dims = [0] : tensor<2xf32> -> tensor<f32>
  %aux = trm.exp %x : tensor<2xf32>
  return %s, %aux : tensor<f32>, tensor<2xf32>
}
func.func private @h_grad(tensor<2xf32>, tensor<2xf32>) -> (tensor<f32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
  attributes {trm.gradient_of = @h, trm.wrt = array<i64: 0, 1>}

// -----

func.func @k(%x: tensor<2xf32>) -> tensor<f32> {
  %s = trm.reduce_sum %x, dims = [0] : tensor<2xf32> -> tensor<f32>
  return %s : tensor<f32>
}
// expected-error @+1 {{trm-autodiff: @k_grad must have type '(tensor<2xf32>) -> (tensor<f32>, tensor<2xf32>)' (the inputs of @k, its results, then one gradient per trm.wrt entry)}}
func.func private @k_grad(tensor<2xf32>) -> tensor<f32>
  attributes {trm.gradient_of = @k, trm.wrt = array<i64: 0>}

// -----

func.func @v(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
// expected-error @+1 {{trm-autodiff: the first result of @v is differentiated and must be a scalar float tensor}}
func.func private @v_grad(tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>)
  attributes {trm.gradient_of = @v, trm.wrt = array<i64: 0>}

// -----

func.func @c(%x: tensor<2xf32>) -> tensor<f32> {
  // expected-error @+1 {{trm-autodiff: no gradient rule for 'trm.all_reduce'; differentiate before lowering it (e.g. run trm-shard-data-parallel after trm-autodiff)}}
  %r = trm.all_reduce sum(%x) shards = 2 : tensor<2xf32>
  %s = trm.reduce_sum %r, dims = [0] : tensor<2xf32> -> tensor<f32>
  return %s : tensor<f32>
}
func.func private @c_grad(tensor<2xf32>) -> (tensor<f32>, tensor<2xf32>)
  attributes {trm.gradient_of = @c, trm.wrt = array<i64: 0>}

// -----

// expected-error @+1 {{trm-autodiff: trm.gradient_of names @missing, which is not a function with a body in this module}}
func.func private @m_grad(tensor<2xf32>) -> (tensor<f32>, tensor<2xf32>)
  attributes {trm.gradient_of = @missing, trm.wrt = array<i64: 0>}
