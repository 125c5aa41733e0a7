// RUN: trm-opt %s | trm-opt | FileCheck %s
// RUN: trm-opt %s --mlir-print-op-generic | trm-opt | FileCheck %s

// CHECK-LABEL: func.func @shape_ops
// CHECK-SAME: (%[[H:.*]]: tensor<4x97x512xf32>, %[[B:.*]]: tensor<512xf32>, %[[P:.*]]: tensor<4x16x512xf32>, %[[T:.*]]: tensor<4x81x512xf32>)
func.func @shape_ops(%h: tensor<4x97x512xf32>, %bias: tensor<512xf32>,
                     %prefix: tensor<4x16x512xf32>, %tokens: tensor<4x81x512xf32>) {
  // CHECK: trm.reshape %[[H]] : tensor<4x97x512xf32> -> tensor<388x512xf32>
  %r = trm.reshape %h : tensor<4x97x512xf32> -> tensor<388x512xf32>
  // CHECK: trm.transpose %[[H]], permutation = [0, 2, 1] : tensor<4x97x512xf32> -> tensor<4x512x97xf32>
  %t = trm.transpose %h, permutation = [0, 2, 1] : tensor<4x97x512xf32> -> tensor<4x512x97xf32>
  // CHECK: trm.broadcast_in_dim %[[B]], dims = [2] : tensor<512xf32> -> tensor<4x97x512xf32>
  %b = trm.broadcast_in_dim %bias, dims = [2] : tensor<512xf32> -> tensor<4x97x512xf32>
  // CHECK: trm.concat %[[P]], %[[T]] dim = 1 : (tensor<4x16x512xf32>, tensor<4x81x512xf32>) -> tensor<4x97x512xf32>
  %c = trm.concat %prefix, %tokens dim = 1 : (tensor<4x16x512xf32>, tensor<4x81x512xf32>) -> tensor<4x97x512xf32>
  // CHECK: trm.slice %[[H]], start = [0, 16, 0], limit = [4, 97, 512], strides = [1, 1, 1] : tensor<4x97x512xf32> -> tensor<4x81x512xf32>
  %s = trm.slice %h, start = [0, 16, 0], limit = [4, 97, 512], strides = [1, 1, 1] : tensor<4x97x512xf32> -> tensor<4x81x512xf32>
  // CHECK: trm.slice %[[H]], start = [0, 0, 0], limit = [4, 97, 512], strides = [1, 2, 3] : tensor<4x97x512xf32> -> tensor<4x49x171xf32>
  %s2 = trm.slice %h, start = [0, 0, 0], limit = [4, 97, 512], strides = [1, 2, 3] : tensor<4x97x512xf32> -> tensor<4x49x171xf32>
  return
}

// CHECK-LABEL: func.func @pad
func.func @pad(%x: tensor<4x81xi32>, %zero: tensor<i32>) -> tensor<4x97xi32> {
  // CHECK: trm.pad %{{.*}}, %{{.*}}, low = [0, 16], high = [0, 0] : (tensor<4x81xi32>, tensor<i32>) -> tensor<4x97xi32>
  %p = trm.pad %x, %zero, low = [0, 16], high = [0, 0] : (tensor<4x81xi32>, tensor<i32>) -> tensor<4x97xi32>
  return %p : tensor<4x97xi32>
}

// CHECK-LABEL: func.func @broadcast_stretch
func.func @broadcast_stretch(%x: tensor<4x1xf32>) -> tensor<4x8xf32> {
  // CHECK: trm.broadcast_in_dim %{{.*}}, dims = [0, 1] : tensor<4x1xf32> -> tensor<4x8xf32>
  %b = trm.broadcast_in_dim %x, dims = [0, 1] : tensor<4x1xf32> -> tensor<4x8xf32>
  return %b : tensor<4x8xf32>
}
