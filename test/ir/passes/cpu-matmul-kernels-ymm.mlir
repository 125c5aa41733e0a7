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

// A's own rows are packed into k-major strips 8 k at a time with ymm
// pairs (16-lane two-source shuffles became dozens of ymm ones and spills
// there): 6 rows of 8 (bf16 widened), 20 8-lane shuffles (14 within
// 128-bit halves, 6 picks of halves), 6 whole stores 8 elements apart;
// with AVX-512, 16 k of 6 rows by 16-lane shuffles. Either way the last
// 1-2 columns past the last whole vector are dot products of the packed
// strip: per k, its 6 rows as 8 lanes times the column's element, the
// last k's 6 inserted into 8, then each row's lane added into C.
// RUN: trm-opt %s --trm-cpu-matmul-kernels=vector-bits=256 | FileCheck %s --check-prefix=YPACK
// RUN: trm-opt %s --trm-cpu-matmul-kernels=vector-bits=256 | FileCheck %s --check-prefix=NO16
// RUN: trm-opt %s --trm-cpu-matmul-kernels | FileCheck %s --check-prefix=ZPACK
// YPACK-LABEL: func.func private @trm_gemm_bf16
// YPACK: vector.load {{.*}} : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<8xbf16>
// YPACK: arith.extf {{.*}} : vector<8xbf16> to vector<8xf32>
// YPACK-COUNT-20: vector.shuffle {{.*}} : vector<8xf32>, vector<8xf32>
// YPACK-COUNT-6: vector.store {{.*}} : memref<?xf32>, vector<8xf32>
// YPACK-NOT: vector.store {{.*}} vector<6xf32>
// YPACK: vector.broadcast {{.*}} : f32 to vector<8xf32>
// YPACK: vector.fma {{.*}} : vector<8xf32>
// YPACK: vector.load {{.*}} : memref<?xf32>, vector<6xf32>
// YPACK: vector.insert_strided_slice {{.*}} : vector<6xf32> into vector<8xf32>
// YPACK: vector.extractelement {{.*}} : vector<8xf32>
// NO16-NOT: vector.shuffle {{.*}} : vector<16xf32>, vector<16xf32>
// ZPACK-LABEL: func.func private @trm_gemm_bf16
// ZPACK: vector.load {{.*}} : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
// ZPACK-COUNT-18: vector.shuffle {{.*}} : vector<16xf32>, vector<16xf32>
// ZPACK: vector.fma {{.*}} : vector<8xf32>
// ZPACK: vector.extractelement {{.*}} : vector<8xf32>
func.func @widened(%a: memref<13x5xbf16>, %b: memref<5x70xbf16>, %c: memref<13x70xf32>) {
  linalg.matmul ins(%a, %b : memref<13x5xbf16>, memref<5x70xbf16>) outs(%c : memref<13x70xf32>)
  return
}
