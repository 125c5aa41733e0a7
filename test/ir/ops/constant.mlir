// RUN: trm-opt %s | trm-opt | FileCheck %s
// RUN: trm-opt %s --mlir-print-op-generic | trm-opt | FileCheck %s

// CHECK-LABEL: func.func @constants
func.func @constants() -> (tensor<4x8xf32>, tensor<3xi32>, tensor<2xbf16>, tensor<i1>) {
  // CHECK: trm.constant dense<1.000000e+00> : tensor<4x8xf32>
  %a = trm.constant dense<1.0> : tensor<4x8xf32>
  // CHECK: trm.constant dense<[1, 2, 3]> : tensor<3xi32>
  %b = trm.constant dense<[1, 2, 3]> : tensor<3xi32>
  // CHECK: trm.constant dense<[-5.000000e+00, 5.000000e-01]> : tensor<2xbf16>
  %c = trm.constant dense<[-5.0, 0.5]> : tensor<2xbf16>
  // CHECK: trm.constant dense<true> : tensor<i1>
  %d = trm.constant dense<true> : tensor<i1>
  return %a, %b, %c, %d : tensor<4x8xf32>, tensor<3xi32>, tensor<2xbf16>, tensor<i1>
}
