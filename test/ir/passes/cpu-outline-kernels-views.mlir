// RUN: trm-opt %s --trm-cpu-outline-kernels | FileCheck %s

// Two outputs in views of one buffer (SwiGLU's gradients in their halves of
// a concatenation): the kernel takes the buffer once and the views itself,
// so that LLVM sees one base pointer. Views of a buffer only read stay
// arguments, and an operand passed twice is one argument.
// CHECK-LABEL: func.func @views_of_one_buffer
// CHECK: %[[IN0:.*]] = memref.subview %arg0[0, 0] [4, 4] [1, 1]
// CHECK: call @trm_kernel_0(%[[IN0]], %arg1) : (memref<4x4xf32, strided<[8, 1]>>, memref<4x8xf32>) -> ()
// CHECK: call @trm_kernel_1(%arg0) : (memref<4x8xf32>) -> ()
// CHECK: func.func private @trm_kernel_0(%arg0: memref<4x4xf32, strided<[8, 1]>>, %arg1: memref<4x8xf32>)
// CHECK-NEXT: %[[UP:.*]] = memref.subview %arg1[0, 4] [4, 4] [1, 1]
// CHECK-NEXT: %[[GATE:.*]] = memref.subview %arg1[0, 0] [4, 4] [1, 1]
// CHECK-NEXT: linalg.generic {{.*}} ins(%arg0 : {{.*}}) outs(%[[UP]], %[[GATE]] :
// CHECK: func.func private @trm_kernel_1(%arg0: memref<4x8xf32>)
// CHECK-NEXT: linalg.generic {{.*}} ins(%arg0 : memref<4x8xf32>) outs(%arg0 : memref<4x8xf32>)
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @views_of_one_buffer(%in: memref<4x8xf32>, %out: memref<4x8xf32>) {
  %in0 = memref.subview %in[0, 0] [4, 4] [1, 1] : memref<4x8xf32> to memref<4x4xf32, strided<[8, 1]>>
  %up = memref.subview %out[0, 4] [4, 4] [1, 1] : memref<4x8xf32> to memref<4x4xf32, strided<[8, 1], offset: 4>>
  %gate = memref.subview %out[0, 0] [4, 4] [1, 1] : memref<4x8xf32> to memref<4x4xf32, strided<[8, 1]>>
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%in0 : memref<4x4xf32, strided<[8, 1]>>)
      outs(%up, %gate : memref<4x4xf32, strided<[8, 1], offset: 4>>, memref<4x4xf32, strided<[8, 1]>>) {
  ^bb0(%x: f32, %o0: f32, %o1: f32):
    %y = arith.mulf %x, %x : f32
    linalg.yield %x, %y : f32, f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%in : memref<4x8xf32>) outs(%in : memref<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.mulf %x, %x : f32
    linalg.yield %y : f32
  }
  return
}
