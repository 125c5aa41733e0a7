// RUN: trm-opt %s --trm-cpu-free-early | FileCheck %s

func.func private @k(memref<64xf32>, memref<64xf32>)
func.func private @k2d(memref<8x8xf32>, memref<64xf32>)
func.func private @view(memref<64xf32>) -> memref<64xf32>
func.func private @kd(memref<?xf32>)

// A temporary is freed right after its last use, not at the end of the
// block; one that is never read is freed right after its allocation.
// CHECK-LABEL: func.func @temporaries
// CHECK: %[[T:.*]] = memref.alloc()
// CHECK-NEXT: %[[U:.*]] = memref.alloc()
// CHECK-NEXT: memref.dealloc %[[U]]
// CHECK-NEXT: call @k(%arg0, %[[T]])
// CHECK-NEXT: call @k(%[[T]], %arg1)
// CHECK-NEXT: memref.dealloc %[[T]]
// CHECK-NEXT: call @k(%arg1, %arg2)
// CHECK-NEXT: return
func.func @temporaries(%x: memref<64xf32>, %y: memref<64xf32>, %z: memref<64xf32>) {
  %t = memref.alloc() : memref<64xf32>
  %unused = memref.alloc() : memref<64xf32>
  call @k(%x, %t) : (memref<64xf32>, memref<64xf32>) -> ()
  call @k(%t, %y) : (memref<64xf32>, memref<64xf32>) -> ()
  call @k(%y, %z) : (memref<64xf32>, memref<64xf32>) -> ()
  memref.dealloc %unused : memref<64xf32>
  memref.dealloc %t : memref<64xf32>
  return
}

// Uses through views (a cast, a reshape) and inside loops count.
// CHECK-LABEL: func.func @views_and_loops
// CHECK: scf.for
// CHECK: call @k2d
// CHECK: }
// CHECK-NEXT: call @kd
// CHECK-NEXT: memref.dealloc
// CHECK-NEXT: call @k(%arg1, %arg0)
func.func @views_and_loops(%x: memref<64xf32>, %y: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %t = memref.alloc() : memref<64xf32>
  call @k(%x, %t) : (memref<64xf32>, memref<64xf32>) -> ()
  %cast = memref.cast %t : memref<64xf32> to memref<?xf32>
  %shaped = memref.expand_shape %t [[0, 1]] output_shape [8, 8] : memref<64xf32> into memref<8x8xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    func.call @k2d(%shaped, %y) : (memref<8x8xf32>, memref<64xf32>) -> ()
  }
  call @kd(%cast) : (memref<?xf32>) -> ()
  call @k(%y, %x) : (memref<64xf32>, memref<64xf32>) -> ()
  memref.dealloc %t : memref<64xf32>
  return
}

// A buffer whose address the ownership checks compare, or that a call may
// hand back, keeps its deallocation where it was.
// CHECK-LABEL: func.func @kept
// CHECK: memref.extract_aligned_pointer_as_index
// CHECK: call @k(%arg1, %arg0)
// CHECK-NEXT: memref.dealloc
// CHECK-NEXT: memref.dealloc
// CHECK-NEXT: return
func.func @kept(%x: memref<64xf32>, %y: memref<64xf32>) -> index {
  %t = memref.alloc() : memref<64xf32>
  %address = memref.extract_aligned_pointer_as_index %t : memref<64xf32> -> index
  %u = memref.alloc() : memref<64xf32>
  %v = call @view(%u) : (memref<64xf32>) -> memref<64xf32>
  call @k(%y, %x) : (memref<64xf32>, memref<64xf32>) -> ()
  memref.dealloc %t : memref<64xf32>
  memref.dealloc %u : memref<64xf32>
  return %address : index
}

// A loop that carries the buffer may return it: its deallocation stays.
// CHECK-LABEL: func.func @loop_carried
// CHECK: scf.for
// CHECK: call @k(%[[R:.*]], %arg0)
// CHECK-NEXT: call @k(%arg1, %arg0)
// CHECK-NEXT: memref.dealloc
// CHECK-NEXT: return
func.func @loop_carried(%x: memref<64xf32>, %y: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %w = memref.alloc() : memref<64xf32>
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %w) -> (memref<64xf32>) {
    func.call @k(%x, %acc) : (memref<64xf32>, memref<64xf32>) -> ()
    scf.yield %acc : memref<64xf32>
  }
  call @k(%r, %x) : (memref<64xf32>, memref<64xf32>) -> ()
  call @k(%y, %x) : (memref<64xf32>, memref<64xf32>) -> ()
  memref.dealloc %w : memref<64xf32>
  return
}
