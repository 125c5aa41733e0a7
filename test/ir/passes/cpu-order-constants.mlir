// RUN: trm-opt %s --trm-cpu-order-constants --allow-unregistered-dialect | FileCheck %s
// RUN: trm-opt %s --trm-cpu-order-constants --trm-cpu-order-constants --allow-unregistered-dialect | FileCheck %s

// Constant globals are sorted by type and value, equal ones merged, renamed
// in that order and put first; uses follow; a mutable global is left alone.
// CHECK: module {
// CHECK-NEXT: memref.global "private" constant @trm_constant_0 : memref<2xi64> = dense<[324, 16]>
// CHECK-NEXT: memref.global "private" constant @trm_constant_1 : memref<2xi64> = dense<[4, 1]>
// CHECK-NEXT: memref.global "private" constant @trm_constant_2 : memref<3xi64> = dense<[4, 1, 16]>
// CHECK-NOT: memref.global "private" constant
// CHECK: memref.global "private" @state : memref<2xi64> = dense<0>
// CHECK-LABEL: func.func @uses
// CHECK-NEXT: memref.get_global @trm_constant_1 : memref<2xi64>
// CHECK-NEXT: memref.get_global @trm_constant_0 : memref<2xi64>
// CHECK-NEXT: memref.get_global @trm_constant_1 : memref<2xi64>
// CHECK-NEXT: memref.get_global @trm_constant_2 : memref<3xi64>
// CHECK-NEXT: memref.get_global @state : memref<2xi64>
memref.global "private" @state : memref<2xi64> = dense<0>
memref.global "private" constant @__constant_3xi64 : memref<3xi64> = dense<[4, 1, 16]>
memref.global "private" constant @__constant_2xi64_0 : memref<2xi64> = dense<[4, 1]>
memref.global "private" constant @__constant_2xi64 : memref<2xi64> = dense<[324, 16]>
memref.global "private" constant @__constant_2xi64_1 : memref<2xi64> = dense<[4, 1]>
func.func @uses() {
  %a = memref.get_global @__constant_2xi64_0 : memref<2xi64>
  %b = memref.get_global @__constant_2xi64 : memref<2xi64>
  %c = memref.get_global @__constant_2xi64_1 : memref<2xi64>
  %d = memref.get_global @__constant_3xi64 : memref<3xi64>
  %e = memref.get_global @state : memref<2xi64>
  "test.use"(%a, %b, %c, %d, %e) : (memref<2xi64>, memref<2xi64>, memref<2xi64>, memref<3xi64>, memref<2xi64>) -> ()
  return
}
