// RUN: trm-opt %s --trm-cast-bf16 --split-input-file | FileCheck %s
// RUN: trm-opt %s --trm-cast-bf16 --canonicalize --split-input-file | FileCheck %s --check-prefix=FOLDED

module attributes {trm.forward_dtype = "bfloat16"} {
  // CHECK-LABEL: func.func private @net
  // CHECK-SAME: (%[[H:.*]]: tensor<2x4xbf16>, %[[W:.*]]: tensor<4x4xf32>) -> tensor<2x4xbf16>
  // CHECK: %[[H32:.*]] = trm.convert %[[H]] : tensor<2x4xbf16> -> tensor<2x4xf32>
  // CHECK: %[[A:.*]] = trm.convert %[[H32]] : tensor<2x4xf32> -> tensor<2x4xbf16>
  // CHECK: %[[B:.*]] = trm.convert %[[W]] : tensor<4x4xf32> -> tensor<4x4xbf16>
  // CHECK: %[[Y:.*]] = trm.dot_general %[[A]], %[[B]], {{.*}} accumulate = f32 : (tensor<2x4xbf16>, tensor<4x4xbf16>) -> tensor<2x4xf32>
  // Norm statistics and elementwise math stay f32.
  // CHECK: trm.rsqrt {{.*}} : tensor<2xf32>
  // CHECK: %[[R:.*]] = trm.convert %{{.*}} : tensor<2x4xf32> -> tensor<2x4xbf16>
  // CHECK: return %[[R]] : tensor<2x4xbf16>
  // FOLDED-LABEL: func.func private @net
  // FOLDED-NOT: trm.convert %arg0 : tensor<2x4xbf16> -> tensor<2x4xf32>
  // FOLDED: trm.dot_general %arg0,
  func.func private @net(%h: tensor<2x4xf32>, %w: tensor<4x4xf32>) -> tensor<2x4xf32> {
    %y = trm.dot_general %h, %w, batch_dims = [] x [], contracting_dims = [1] x [0], accumulate = f32 : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
    %sq = trm.mul %y, %y : tensor<2x4xf32>
    %s = trm.reduce_sum %sq, dims = [1] : tensor<2x4xf32> -> tensor<2xf32>
    %r = trm.rsqrt %s : tensor<2xf32>
    %b = trm.broadcast_in_dim %r, dims = [0] : tensor<2xf32> -> tensor<2x4xf32>
    %n = trm.mul %y, %b : tensor<2x4xf32>
    return %n : tensor<2x4xf32>
  }

  // The recursion state is carried in bf16; calls convert around @net.
  // CHECK-LABEL: func.func @step
  // CHECK: %[[INIT:.*]] = trm.convert %{{.*}} : tensor<2x4xf32> -> tensor<2x4xbf16>
  // CHECK: %[[OUT:.*]] = trm.repeat 3 no_grad (%[[Z:.*]] = %[[INIT]]) : tensor<2x4xbf16> {
  // CHECK: %[[Z32:.*]] = trm.convert %[[Z]] : tensor<2x4xbf16> -> tensor<2x4xf32>
  // CHECK: %[[ARG:.*]] = trm.convert %[[Z32]] : tensor<2x4xf32> -> tensor<2x4xbf16>
  // CHECK: %[[C:.*]] = func.call @net(%[[ARG]], %{{.*}}) : (tensor<2x4xbf16>, tensor<4x4xf32>) -> tensor<2x4xbf16>
  // CHECK: trm.yield %{{.*}} : tensor<2x4xbf16>
  // CHECK: trm.convert %[[OUT]] : tensor<2x4xbf16> -> tensor<2x4xf32>
  func.func @step(%z0: tensor<2x4xf32>, %w: tensor<4x4xf32>) -> tensor<2x4xf32> {
    %r = trm.repeat 3 no_grad (%z = %z0) : tensor<2x4xf32> {
      %n = func.call @net(%z, %w) : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
      trm.yield %n : tensor<2x4xf32>
    }
    return %r : tensor<2x4xf32>
  }
}

// -----

// Without the bfloat16 marker the pass changes nothing.
// CHECK-LABEL: func.func @untouched
// CHECK-NOT: bf16
func.func @untouched(%a: tensor<2x4xf32>, %w: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %y = trm.dot_general %a, %w, batch_dims = [] x [], contracting_dims = [1] x [0], accumulate = f32 : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
