// Round-trip of the elementwise ops: custom form, and generic form re-parsed.
// RUN: trm-opt %s | trm-opt | FileCheck %s
// RUN: trm-opt %s --mlir-print-op-generic | trm-opt | FileCheck %s

// CHECK-LABEL: func.func @binary
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>, %[[Y:.*]]: tensor<4x8xf32>)
func.func @binary(%x: tensor<4x8xf32>, %y: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // CHECK: %[[A:.*]] = trm.add %[[X]], %[[Y]] : tensor<4x8xf32>
  %a = trm.add %x, %y : tensor<4x8xf32>
  // CHECK: %[[B:.*]] = trm.sub %[[A]], %[[Y]] : tensor<4x8xf32>
  %b = trm.sub %a, %y : tensor<4x8xf32>
  // CHECK: %[[C:.*]] = trm.mul %[[B]], %[[X]] : tensor<4x8xf32>
  %c = trm.mul %b, %x : tensor<4x8xf32>
  // CHECK: %[[D:.*]] = trm.div %[[C]], %[[Y]] : tensor<4x8xf32>
  %d = trm.div %c, %y : tensor<4x8xf32>
  // CHECK: %[[E:.*]] = trm.max %[[D]], %[[X]] : tensor<4x8xf32>
  %e = trm.max %d, %x : tensor<4x8xf32>
  // CHECK: %[[F:.*]] = trm.min %[[E]], %[[X]] : tensor<4x8xf32>
  %f = trm.min %e, %x : tensor<4x8xf32>
  // CHECK: %[[G:.*]] = trm.atan2 %[[F]], %[[Y]] : tensor<4x8xf32>
  %g = trm.atan2 %f, %y : tensor<4x8xf32>
  // CHECK: return %[[G]]
  return %g : tensor<4x8xf32>
}

// CHECK-LABEL: func.func @integer_binary
func.func @integer_binary(%x: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: trm.add %{{.*}}, %{{.*}} : tensor<4xi32>
  %a = trm.add %x, %x : tensor<4xi32>
  // CHECK: trm.max %{{.*}}, %{{.*}} : tensor<4xi32>
  %b = trm.max %a, %x : tensor<4xi32>
  return %b : tensor<4xi32>
}

// CHECK-LABEL: func.func @unary
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xbf16>)
func.func @unary(%x: tensor<2x3xbf16>) -> tensor<2x3xbf16> {
  // CHECK: %[[A:.*]] = trm.neg %[[X]] : tensor<2x3xbf16>
  %a = trm.neg %x : tensor<2x3xbf16>
  // CHECK: %[[B:.*]] = trm.exp %[[A]] : tensor<2x3xbf16>
  %b = trm.exp %a : tensor<2x3xbf16>
  // CHECK: %[[C:.*]] = trm.log %[[B]] : tensor<2x3xbf16>
  %c = trm.log %b : tensor<2x3xbf16>
  // CHECK: %[[D:.*]] = trm.sqrt %[[C]] : tensor<2x3xbf16>
  %d = trm.sqrt %c : tensor<2x3xbf16>
  // CHECK: %[[E:.*]] = trm.rsqrt %[[D]] : tensor<2x3xbf16>
  %e = trm.rsqrt %d : tensor<2x3xbf16>
  // CHECK: %[[F:.*]] = trm.sigmoid %[[E]] : tensor<2x3xbf16>
  %f = trm.sigmoid %e : tensor<2x3xbf16>
  // CHECK: %[[G:.*]] = trm.silu %[[F]] : tensor<2x3xbf16>
  %g = trm.silu %f : tensor<2x3xbf16>
  // CHECK: %[[H:.*]] = trm.sign %[[G]] : tensor<2x3xbf16>
  %h = trm.sign %g : tensor<2x3xbf16>
  // CHECK: %[[I:.*]] = trm.stop_gradient %[[H]] : tensor<2x3xbf16>
  %i = trm.stop_gradient %h : tensor<2x3xbf16>
  return %i : tensor<2x3xbf16>
}

// CHECK-LABEL: func.func @compare_select_convert
// CHECK-SAME: (%[[X:.*]]: tensor<4xf64>, %[[Y:.*]]: tensor<4xf64>)
func.func @compare_select_convert(%x: tensor<4xf64>, %y: tensor<4xf64>) -> tensor<4xf32> {
  // CHECK: %[[P:.*]] = trm.compare lt, %[[X]], %[[Y]] : tensor<4xf64>
  %p = trm.compare lt, %x, %y : tensor<4xf64>
  // CHECK: %[[Q:.*]] = trm.compare ne, %[[X]], %[[Y]] : tensor<4xf64>
  %q = trm.compare ne, %x, %y : tensor<4xf64>
  // CHECK: %[[S:.*]] = trm.select %[[P]], %[[X]], %[[Y]] : tensor<4xf64>
  %s = trm.select %p, %x, %y : tensor<4xf64>
  // CHECK: %[[C:.*]] = trm.convert %[[S]] : tensor<4xf64> -> tensor<4xf32>
  %c = trm.convert %s : tensor<4xf64> -> tensor<4xf32>
  // CHECK: trm.convert %[[Q]] : tensor<4xi1> -> tensor<4xi32>
  %i = trm.convert %q : tensor<4xi1> -> tensor<4xi32>
  return %c : tensor<4xf32>
}
