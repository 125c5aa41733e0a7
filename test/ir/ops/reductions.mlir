// RUN: trm-opt %s | trm-opt | FileCheck %s
// RUN: trm-opt %s --mlir-print-op-generic | trm-opt | FileCheck %s

// CHECK-LABEL: func.func @reductions
// CHECK-SAME: (%[[X:.*]]: tensor<4x81x11xf32>)
func.func @reductions(%x: tensor<4x81x11xf32>) -> (tensor<4xf32>, tensor<4x81xf32>, tensor<4x81xi32>) {
  // CHECK: trm.reduce_sum %[[X]], dims = [1, 2] : tensor<4x81x11xf32> -> tensor<4xf32>
  %s = trm.reduce_sum %x, dims = [1, 2] : tensor<4x81x11xf32> -> tensor<4xf32>
  // CHECK: trm.reduce_max %[[X]], dims = [2] : tensor<4x81x11xf32> -> tensor<4x81xf32>
  %m = trm.reduce_max %x, dims = [2] : tensor<4x81x11xf32> -> tensor<4x81xf32>
  // CHECK: trm.argmax %[[X]], dim = 2 : tensor<4x81x11xf32> -> tensor<4x81xi32>
  %a = trm.argmax %x, dim = 2 : tensor<4x81x11xf32> -> tensor<4x81xi32>
  return %s, %m, %a : tensor<4xf32>, tensor<4x81xf32>, tensor<4x81xi32>
}

// CHECK-LABEL: func.func @to_scalar
func.func @to_scalar(%x: tensor<4xi32>) -> tensor<i32> {
  // CHECK: trm.reduce_sum %{{.*}}, dims = [0] : tensor<4xi32> -> tensor<i32>
  %s = trm.reduce_sum %x, dims = [0] : tensor<4xi32> -> tensor<i32>
  return %s : tensor<i32>
}
