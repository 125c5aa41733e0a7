// RUN: trm-opt %s --trm-cpu-plan-memory | FileCheck %s

// Each public function gets the most bytes its static buffers hold at
// once: here two of 256 bytes, then one, then two again.
// CHECK-LABEL: func.func @sequential
// CHECK-SAME: attributes {trm.temporary_bytes = 512 : i64}
func.func @sequential(%x: memref<64xf32>) {
  %a = memref.alloc() : memref<64xf32>
  %b = memref.alloc() : memref<64xf32>
  memref.dealloc %a : memref<64xf32>
  %c = memref.alloc() : memref<64xf32>
  memref.dealloc %b : memref<64xf32>
  memref.dealloc %c : memref<64xf32>
  return
}

// A buffer freed through a view of it is free (1024, then 1000: an i1
// takes a byte).
// CHECK-LABEL: func.func @views
// CHECK-SAME: attributes {trm.temporary_bytes = 1024 : i64}
func.func @views() {
  %a = memref.alloc() : memref<16x16xf32>
  %v = memref.collapse_shape %a [[0, 1]] : memref<16x16xf32> into memref<256xf32>
  memref.dealloc %v : memref<256xf32>
  %m = memref.alloc() : memref<1000xi1>
  memref.dealloc %m : memref<1000xi1>
  return
}

// A call holds its callee's peak on top of what is live (512 + 256); a
// private function gets no attribute of its own.
// CHECK-LABEL: func.func private @scratch() {
func.func private @scratch() {
  %a = memref.alloc() : memref<64xf32>
  memref.dealloc %a : memref<64xf32>
  return
}
// CHECK-LABEL: func.func @calls
// CHECK-SAME: attributes {trm.temporary_bytes = 768 : i64}
func.func @calls() {
  %a = memref.alloc() : memref<128xf32>
  call @scratch() : () -> ()
  memref.dealloc %a : memref<128xf32>
  return
}

// A free under a condition (the ownership-based deallocation's) frees
// nothing; a buffer of dynamic size is not counted.
// CHECK-LABEL: func.func @conditional_and_dynamic
// CHECK-SAME: attributes {trm.temporary_bytes = 512 : i64}
func.func @conditional_and_dynamic(%owned: i1, %n: index) {
  %a = memref.alloc() : memref<64xf32>
  scf.if %owned {
    memref.dealloc %a : memref<64xf32>
  }
  %b = memref.alloc() : memref<64xf32>
  %d = memref.alloc(%n) : memref<?xf32>
  memref.dealloc %d : memref<?xf32>
  memref.dealloc %b : memref<64xf32>
  return
}

// A loop body counts once, whatever its trip count.
// CHECK-LABEL: func.func @loop
// CHECK-SAME: attributes {trm.temporary_bytes = 256 : i64}
func.func @loop(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %a = memref.alloc() : memref<64xf32>
    memref.dealloc %a : memref<64xf32>
  }
  return
}
