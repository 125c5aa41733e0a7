// RUN: trm-opt %s --trm-cpu-elide-copies | FileCheck %s

#id = affine_map<(d0, d1) -> (d0, d1)>

// SwiGLU's backward after bufferization: one generic writes the gate
// gradient into its slice of the concatenation and the up gradient into a
// temporary then copied into the other slice. It writes that slice instead.
// CHECK-LABEL: func.func @two_halves
// CHECK-NOT: memref.alloc
// CHECK: %[[GATE:.*]] = memref.subview %arg2[0, 0] [4, 8] [1, 1]
// CHECK: %[[UP:.*]] = memref.subview %arg2[0, 8] [4, 8] [1, 1]
// CHECK: linalg.generic {{.*}} outs(%[[UP]], %[[GATE]] :
// CHECK-NOT: linalg.copy
// CHECK-NOT: memref.dealloc
// CHECK: return
func.func @two_halves(%a: memref<4x8xf32>, %b: memref<4x8xf32>, %r: memref<4x16xf32>) {
  %t = memref.alloc() : memref<4x8xf32>
  %gate = memref.subview %r[0, 0] [4, 8] [1, 1] : memref<4x16xf32> to memref<4x8xf32, strided<[16, 1]>>
  linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : memref<4x8xf32>, memref<4x8xf32>)
      outs(%t, %gate : memref<4x8xf32>, memref<4x8xf32, strided<[16, 1]>>) {
  ^bb0(%x: f32, %y: f32, %o0: f32, %o1: f32):
    %s = arith.addf %x, %y : f32
    %p = arith.mulf %x, %y : f32
    linalg.yield %s, %p : f32, f32
  }
  %up = memref.subview %r[0, 8] [4, 8] [1, 1] : memref<4x16xf32> to memref<4x8xf32, strided<[16, 1], offset: 8>>
  linalg.copy ins(%t : memref<4x8xf32>) outs(%up : memref<4x8xf32, strided<[16, 1], offset: 8>>)
  memref.dealloc %t : memref<4x8xf32>
  return
}

// The copy stays when the producer reads its temporary's old contents, when
// something with memory effects runs between producer and copy, when the
// producer reads the target's buffer, and when the target's slices overlap.
// CHECK-LABEL: func.func @kept
// CHECK-COUNT-4: linalg.copy
// CHECK: return
func.func @kept(%a: memref<4x8xf32>, %r: memref<4x16xf32>, %f: memref<4x8xf32>, %c0: f32) {
  %t0 = memref.alloc() : memref<4x8xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<4x8xf32>) outs(%t0 : memref<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %x, %o : f32
    linalg.yield %s : f32
  }
  %s0 = memref.subview %r[0, 0] [4, 8] [1, 1] : memref<4x16xf32> to memref<4x8xf32, strided<[16, 1]>>
  linalg.copy ins(%t0 : memref<4x8xf32>) outs(%s0 : memref<4x8xf32, strided<[16, 1]>>)
  memref.dealloc %t0 : memref<4x8xf32>

  %t1 = memref.alloc() : memref<4x8xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<4x8xf32>) outs(%t1 : memref<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  linalg.fill ins(%c0 : f32) outs(%f : memref<4x8xf32>)
  %s1 = memref.subview %r[0, 8] [4, 8] [1, 1] : memref<4x16xf32> to memref<4x8xf32, strided<[16, 1], offset: 8>>
  linalg.copy ins(%t1 : memref<4x8xf32>) outs(%s1 : memref<4x8xf32, strided<[16, 1], offset: 8>>)
  memref.dealloc %t1 : memref<4x8xf32>

  %t2 = memref.alloc() : memref<4x8xf32>
  %in = memref.subview %r[0, 8] [4, 8] [1, 1] : memref<4x16xf32> to memref<4x8xf32, strided<[16, 1], offset: 8>>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%in : memref<4x8xf32, strided<[16, 1], offset: 8>>) outs(%t2 : memref<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  %s2 = memref.subview %r[0, 0] [4, 8] [1, 1] : memref<4x16xf32> to memref<4x8xf32, strided<[16, 1]>>
  linalg.copy ins(%t2 : memref<4x8xf32>) outs(%s2 : memref<4x8xf32, strided<[16, 1]>>)
  memref.dealloc %t2 : memref<4x8xf32>

  %t3 = memref.alloc() : memref<4x8xf32>
  %g3 = memref.subview %r[0, 4] [4, 8] [1, 1] : memref<4x16xf32> to memref<4x8xf32, strided<[16, 1], offset: 4>>
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<4x8xf32>) outs(%t3, %g3 : memref<4x8xf32>, memref<4x8xf32, strided<[16, 1], offset: 4>>) {
  ^bb0(%x: f32, %o0: f32, %o1: f32):
    linalg.yield %x, %x : f32, f32
  }
  %s3 = memref.subview %r[0, 8] [4, 8] [1, 1] : memref<4x16xf32> to memref<4x8xf32, strided<[16, 1], offset: 8>>
  linalg.copy ins(%t3 : memref<4x8xf32>) outs(%s3 : memref<4x8xf32, strided<[16, 1], offset: 8>>)
  memref.dealloc %t3 : memref<4x8xf32>
  return
}
