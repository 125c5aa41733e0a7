// RUN: trm-opt %s | trm-opt | FileCheck %s
// RUN: trm-opt %s --mlir-print-op-generic | trm-opt | FileCheck %s

// CHECK-LABEL: func.func @matmul
func.func @matmul(%a: tensor<388x512xf32>, %w: tensor<512x1536xf32>) -> tensor<388x1536xf32> {
  // CHECK: trm.dot_general %{{.*}}, %{{.*}}, batch_dims = [] x [], contracting_dims = [1] x [0], accumulate = f32 : (tensor<388x512xf32>, tensor<512x1536xf32>) -> tensor<388x1536xf32>
  %0 = trm.dot_general %a, %w, batch_dims = [] x [], contracting_dims = [1] x [0], accumulate = f32 : (tensor<388x512xf32>, tensor<512x1536xf32>) -> tensor<388x1536xf32>
  return %0 : tensor<388x1536xf32>
}

// CHECK-LABEL: func.func @batched_mixed_precision
func.func @batched_mixed_precision(%a: tensor<8x97x512xbf16>, %b: tensor<8x512x64xbf16>) -> tensor<8x97x64xf32> {
  // CHECK: batch_dims = [0] x [0], contracting_dims = [2] x [1], accumulate = f32 : (tensor<8x97x512xbf16>, tensor<8x512x64xbf16>) -> tensor<8x97x64xf32>
  %0 = trm.dot_general %a, %b, batch_dims = [0] x [0], contracting_dims = [2] x [1], accumulate = f32 : (tensor<8x97x512xbf16>, tensor<8x512x64xbf16>) -> tensor<8x97x64xf32>
  return %0 : tensor<8x97x64xf32>
}

// The weight gradient contracts the batch rows: x^T dy.
// CHECK-LABEL: func.func @weight_gradient
func.func @weight_gradient(%x: tensor<388x512xf32>, %dy: tensor<388x1536xf32>) -> tensor<512x1536xf64> {
  // CHECK: contracting_dims = [0] x [0], accumulate = f64 : (tensor<388x512xf32>, tensor<388x1536xf32>) -> tensor<512x1536xf64>
  %0 = trm.dot_general %x, %dy, batch_dims = [] x [], contracting_dims = [0] x [0], accumulate = f64 : (tensor<388x512xf32>, tensor<388x1536xf32>) -> tensor<512x1536xf64>
  return %0 : tensor<512x1536xf64>
}
