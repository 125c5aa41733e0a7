// RUN: trm-opt %s | trm-opt | FileCheck %s
// RUN: trm-opt %s --mlir-print-op-generic | trm-opt | FileCheck %s

// CHECK-LABEL: func.func @embedding
// CHECK-SAME: (%[[T:.*]]: tensor<11x512xf32>, %[[I:.*]]: tensor<4x81xi32>, %[[D:.*]]: tensor<4x81x512xf32>)
func.func @embedding(%table: tensor<11x512xf32>, %tokens: tensor<4x81xi32>,
                     %dx: tensor<4x81x512xf32>) -> (tensor<4x81x512xf32>, tensor<11x512xf32>) {
  // CHECK: %[[E:.*]] = trm.gather %[[T]][%[[I]]] : (tensor<11x512xf32>, tensor<4x81xi32>) -> tensor<4x81x512xf32>
  %e = trm.gather %table[%tokens] : (tensor<11x512xf32>, tensor<4x81xi32>) -> tensor<4x81x512xf32>
  // CHECK: trm.scatter_add %[[D]] into %[[T]][%[[I]]] : (tensor<11x512xf32>, tensor<4x81xi32>, tensor<4x81x512xf32>) -> tensor<11x512xf32>
  %g = trm.scatter_add %dx into %table[%tokens] : (tensor<11x512xf32>, tensor<4x81xi32>, tensor<4x81x512xf32>) -> tensor<11x512xf32>
  return %e, %g : tensor<4x81x512xf32>, tensor<11x512xf32>
}
