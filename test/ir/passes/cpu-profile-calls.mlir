// RUN: trm-opt %s --trm-cpu-profile-calls | FileCheck %s

// Every kernel call outside the kernels, in public and private functions,
// is bracketed by the runtime's hooks with its site number; the sites'
// names (NUL-ended) and matmul FLOPs (2 M K N, else 0) become public tables.
// CHECK-LABEL: func.func @step
// CHECK: %[[S0:.*]] = arith.constant 0 : i64
// CHECK-NEXT: call @trm_profile_enter(%[[S0]]) : (i64) -> ()
// CHECK-NEXT: call @trm_gemm_f32
// CHECK-NEXT: call @trm_profile_exit(%[[S0]]) : (i64) -> ()
// Other calls are not sites.
// CHECK-NOT: trm_profile
// CHECK: call @body
// CHECK-NOT: trm_profile
// CHECK-LABEL: func.func private @body
// CHECK: %[[S1:.*]] = arith.constant 1 : i64
// CHECK-NEXT: call @trm_profile_enter(%[[S1]])
// CHECK-NEXT: call @trm_kernel_0
// CHECK-NEXT: call @trm_profile_exit(%[[S1]])
// CHECK-LABEL: func.func private @trm_kernel_0
// CHECK-NOT: trm_profile_enter
// "gemm_f32 6x4x8\0trm_kernel_0 mulf 4x8xf32\0": 15 + 1 + 24 + 1 bytes.
// CHECK: memref.global "public" constant @trm_profile_site_names : memref<41xi8>
// CHECK-SAME: dense<[103, 101, 109, 109, 95, 102, 51, 50, 32, 54, 120, 52, 120, 56, 0, 116,
// CHECK: memref.global "public" constant @trm_profile_site_flops : memref<2xi64> = dense<[384, 0]>
func.func @step(%a: memref<6x4xf32>, %b: memref<4x8xf32>, %c: memref<6x8xf32>) {
  %false = arith.constant false
  %da = memref.cast %a : memref<6x4xf32> to memref<?x?xf32>
  %db = memref.cast %b : memref<4x8xf32> to memref<?x?xf32>
  %dc = memref.cast %c : memref<6x8xf32> to memref<?x?xf32>
  call @trm_gemm_f32(%da, %db, %dc, %false) : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>, i1) -> ()
  call @body(%b) : (memref<4x8xf32>) -> ()
  return
}
func.func private @body(%b: memref<4x8xf32>) {
  call @trm_kernel_0(%b) : (memref<4x8xf32>) -> ()
  return
}
func.func private @trm_kernel_0(%b: memref<4x8xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%b : memref<4x8xf32>) {
  ^bb0(%out: f32):
    %0 = arith.mulf %out, %out : f32
    linalg.yield %0 : f32
  }
  return
}
func.func private @trm_gemm_f32(memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>, i1)
