// RUN: trm-opt %s --trm-cpu-elide-copies | FileCheck %s

#id = affine_map<(d0, d1) -> (d0, d1)>

// A two-result generic writes one half of %r in place and the other into a
// temporary that is then copied into the other half: it writes that half
// directly, and the temporary and the copy go.
// CHECK-LABEL: func.func @second_half
// CHECK-NOT: memref.alloc() : memref<4x8xf32>
// CHECK: %[[R:.*]] = memref.alloc() : memref<4x16xf32>
// CHECK: %[[L:.*]] = memref.subview %[[R]][0, 0] [4, 8] [1, 1]
// CHECK: %[[H:.*]] = memref.subview %[[R]][0, 8] [4, 8] [1, 1]
// CHECK: linalg.generic
// CHECK-SAME: outs(%[[L]], %[[H]] :
// CHECK-NOT: memref.subview
// CHECK-NOT: linalg.copy
// CHECK: return %[[R]]
func.func @second_half(%x: memref<4x8xf32>) -> memref<4x16xf32> {
  %r = memref.alloc() : memref<4x16xf32>
  %t = memref.alloc() : memref<4x8xf32>
  %l = memref.subview %r[0, 0] [4, 8] [1, 1] : memref<4x16xf32> to memref<4x8xf32, strided<[16, 1]>>
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<4x8xf32>) outs(%l, %t : memref<4x8xf32, strided<[16, 1]>>, memref<4x8xf32>) {
  ^bb0(%a: f32, %o: f32, %o2: f32):
    %m = arith.mulf %a, %a : f32
    %n = arith.negf %a : f32
    linalg.yield %m, %n : f32, f32
  }
  %h = memref.subview %r[0, 8] [4, 8] [1, 1] : memref<4x16xf32> to memref<4x8xf32, strided<[16, 1], offset: 8>>
  linalg.copy ins(%t : memref<4x8xf32>) outs(%h : memref<4x8xf32, strided<[16, 1], offset: 8>>)
  memref.dealloc %t : memref<4x8xf32>
  return %r : memref<4x16xf32>
}

// Kept: the target's buffer is read whole between the write and the copy
// (it would see the new values early); the source is read after the copy;
// the target is a function argument (it may alias the source's readers).
// CHECK-LABEL: func.func @kept
// CHECK-COUNT-5: copy
func.func @kept(%x: memref<4x8xf32>, %s: memref<4x16xf32>, %y: memref<4x8xf32>) {
  %r = memref.alloc() : memref<4x16xf32>
  %t = memref.alloc() : memref<4x8xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<4x8xf32>) outs(%t : memref<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  }
  linalg.copy ins(%r : memref<4x16xf32>) outs(%s : memref<4x16xf32>)
  %h = memref.subview %r[0, 8] [4, 8] [1, 1] : memref<4x16xf32> to memref<4x8xf32, strided<[16, 1], offset: 8>>
  linalg.copy ins(%t : memref<4x8xf32>) outs(%h : memref<4x8xf32, strided<[16, 1], offset: 8>>)

  %u = memref.alloc() : memref<4x8xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<4x8xf32>) outs(%u : memref<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  }
  %h2 = memref.subview %r[0, 8] [4, 8] [1, 1] : memref<4x16xf32> to memref<4x8xf32, strided<[16, 1], offset: 8>>
  memref.copy %u, %h2 : memref<4x8xf32> to memref<4x8xf32, strided<[16, 1], offset: 8>>
  linalg.copy ins(%u : memref<4x8xf32>) outs(%y : memref<4x8xf32>)

  %v = memref.alloc() : memref<4x8xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<4x8xf32>) outs(%v : memref<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  }
  %h3 = memref.subview %s[0, 8] [4, 8] [1, 1] : memref<4x16xf32> to memref<4x8xf32, strided<[16, 1], offset: 8>>
  memref.copy %v, %h3 : memref<4x8xf32> to memref<4x8xf32, strided<[16, 1], offset: 8>>
  return
}
