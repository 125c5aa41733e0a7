// RUN: trm-opt %s --trm-cpu-outline-kernels | FileCheck %s

#id = affine_map<(d0) -> (d0)>

// Identical ops on identical types share one kernel; a different type gets
// its own. Constants the body captures are cloned into the kernel; other
// captured values become extra arguments.
// CHECK-LABEL: func.func @step
// CHECK: call @trm_kernel_0(%arg0, %arg1) : (memref<4xf32>, memref<4xf32>) -> ()
// CHECK: call @trm_kernel_0(%arg1, %arg2) : (memref<4xf32>, memref<4xf32>) -> ()
// CHECK: call @trm_kernel_1(%arg3, %arg4) : (memref<8xf32>, memref<8xf32>) -> ()
// CHECK: call @trm_kernel_2(%arg0, %arg2, %arg5) : (memref<4xf32>, memref<4xf32>, f32) -> ()
// CHECK: call @trm_kernel_3(%arg5, %arg1) : (f32, memref<4xf32>) -> ()
// CHECK-NOT: linalg.
// CHECK: func.func private @trm_kernel_0(%arg0: memref<4xf32>, %arg1: memref<4xf32>) attributes {passthrough = ["noinline"]}
// CHECK-NEXT: arith.constant 2.000000e+00 : f32
// CHECK-NEXT: linalg.generic
// CHECK: func.func private @trm_kernel_1(%arg0: memref<8xf32>, %arg1: memref<8xf32>)
// CHECK: func.func private @trm_kernel_2(%arg0: memref<4xf32>, %arg1: memref<4xf32>, %arg2: f32)
// CHECK: arith.mulf %in, %arg2
// CHECK: func.func private @trm_kernel_3(%arg0: f32, %arg1: memref<4xf32>)
// CHECK-NEXT: linalg.fill
// CHECK-NOT: func.func private
func.func @step(%a: memref<4xf32>, %b: memref<4xf32>, %c: memref<4xf32>,
                %d: memref<8xf32>, %e: memref<8xf32>, %s: f32) {
  %two = arith.constant 2.0 : f32
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%a : memref<4xf32>) outs(%b : memref<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.mulf %in, %two : f32
    linalg.yield %0 : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%b : memref<4xf32>) outs(%c : memref<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.mulf %in, %two : f32
    linalg.yield %0 : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%d : memref<8xf32>) outs(%e : memref<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.mulf %in, %two : f32
    linalg.yield %0 : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%a : memref<4xf32>) outs(%c : memref<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.mulf %in, %s : f32
    linalg.yield %0 : f32
  }
  linalg.fill ins(%s : f32) outs(%b : memref<4xf32>)
  return
}
