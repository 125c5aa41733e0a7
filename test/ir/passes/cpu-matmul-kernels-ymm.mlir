// RUN: trm-opt %s --trm-cpu-matmul-kernels=vector-bits=256 | FileCheck %s --check-prefix=YMM
// RUN: trm-opt %s --trm-cpu-matmul-kernels | FileCheck %s --check-prefix=ZMM
// RUN: not trm-opt %s --trm-cpu-matmul-kernels=vector-bits=384 2>&1 | FileCheck %s --check-prefix=WIDTH
// RUN: not trm-opt %s --trm-cpu-matmul-kernels="vector-bits=256 bf16-dot=true" 2>&1 | FileCheck %s --check-prefix=DOT

// Without AVX-512 (vector-bits=256) LLVM splits each 16-lane vector into a
// ymm pair, so a whole 6-row tile is 6 x 16 columns: its k loop (4 steps
// per iteration, A's strip and B's row addressed by carried offsets)
// carries 6 accumulators (12 ymm), four such tiles per 64-column slice,
// and a column tail has one masked case. With AVX-512 the tile is 6 x 64:
// 24 zmm accumulators, and tails of 1 to 4 vectors.
// YMM-LABEL: func.func private @trm_gemm_f32
// YMM: scf.for {{.*}} step %c16{{.*}} {
// YMM: scf.for {{.*}} step %c4{{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, index, index)
// YMM: scf.index_switch
// YMM-NEXT: case 1 {
// YMM-NOT: case 2 {
// YMM: default {
// ZMM-LABEL: func.func private @trm_gemm_f32
// ZMM: scf.for {{.*}} step %c64{{.*}} {
// ZMM: scf.for {{.*}} step %c4{{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, 
// ZMM-SAME: vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, index, index)
// ZMM: scf.index_switch
// ZMM: case 4 {
func.func @plain(%a: memref<13x5xf32>, %b: memref<5x70xf32>, %c: memref<13x70xf32>) {
  linalg.matmul ins(%a, %b : memref<13x5xf32>, memref<5x70xf32>) outs(%c : memref<13x70xf32>)
  return
}

// WIDTH: error: trm-cpu-matmul-kernels: vector-bits=384 is not a vector register width the kernels know; pass 512 (AVX-512) or 256 (AVX2)
// DOT: error: trm-cpu-matmul-kernels: bf16-dot needs vector-bits=512 (VDPBF16PS is an AVX-512 instruction)
