// RUN: trm-opt %s --trm-cpu-matmul-kernels=amx=true | FileCheck %s
// RUN: trm-opt %s --trm-cpu-matmul-kernels=bf16-dot=true | FileCheck %s --check-prefix=DOT

// With AMX (amx-tile, amx-bf16), bf16 products call @trm_gemm_bf16_amx;
// f32 ones keep the FMA kernel. The module defines the symbol that makes
// the runtime ask Linux for the tile state.
// CHECK: llvm.mlir.global external constant @trm_needs_amx_tiles(1 : i8)
// DOT-NOT: trm_needs_amx_tiles
// CHECK-LABEL: func.func @bf16_product
// CHECK: call @trm_gemm_bf16_amx({{.*}}, %true)
// DOT: call @trm_gemm_bf16_dot(
func.func @bf16_product(%a: memref<40x70xbf16>, %b: memref<70x50xbf16>, %c: memref<40x50xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<40x50xf32>)
  linalg.matmul ins(%a, %b : memref<40x70xbf16>, memref<70x50xbf16>) outs(%c : memref<40x50xf32>)
  return
}

// CHECK-LABEL: func.func @f32_product
// CHECK: call @trm_gemm_f32(
func.func @f32_product(%a: memref<40x70xf32>, %b: memref<70x50xf32>, %c: memref<40x50xf32>) {
  linalg.matmul ins(%a, %b : memref<40x70xf32>, memref<70x50xf32>) outs(%c : memref<40x50xf32>)
  return
}

// An epilogue: the AMX kernel's blocks of P (a gate block and its up
// block) go to a 32 x 64 buffer on the stack, which the strip epilogue
// applies SwiGLU to; P never reaches memory.
// CHECK-LABEL: func.func @swiglu
// CHECK: call @trm_gemm_bf16_amx_glu0(
// CHECK-NOT: linalg.generic
// CHECK: return
// DOT: call @trm_gemm_bf16_dot_glu0(
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @swiglu(%a: memref<12x8xbf16>, %b: memref<8x128xbf16>) -> memref<12x64xbf16> {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %p = memref.alloc() : memref<12x128xf32>
  linalg.fill ins(%zero : f32) outs(%p : memref<12x128xf32>)
  linalg.matmul ins(%a, %b : memref<12x8xbf16>, memref<8x128xbf16>) outs(%p : memref<12x128xf32>)
  %gate = memref.subview %p[0, 0] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1]>>
  %up = memref.subview %p[0, 64] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1], offset: 64>>
  %h = memref.alloc() : memref<12x64xbf16>
  linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%gate, %up : memref<12x64xf32, strided<[128, 1]>>, memref<12x64xf32, strided<[128, 1], offset: 64>>)
      outs(%h : memref<12x64xbf16>) {
  ^bb0(%g: f32, %u: f32, %out: bf16):
    %n = arith.negf %g : f32
    %x = math.exp %n : f32
    %d = arith.addf %x, %one : f32
    %s = arith.divf %one, %d : f32
    %gs = arith.mulf %g, %s : f32
    %r = arith.mulf %gs, %u : f32
    %t = arith.truncf %r : f32 to bf16
    linalg.yield %t : bf16
  }
  memref.dealloc %p : memref<12x128xf32>
  return %h : memref<12x64xbf16>
}

// The kernel: A packed per 512-deep block, then (panel, run of row blocks)
// items in parallel, each packing its panel of B pair-interleaved (two
// rows' 16 columns shuffled into 32 elements) and computing 32 x 32 blocks
// of C as 2 x 2 tiles. The block's code is unrolled for 1, 2, 4, 8 or 16
// k steps, each from zero tiles (C overwritten, first depth block) or C's.
// CHECK-LABEL: func.func private @trm_gemm_bf16_amx(
// CHECK: memref.alloc({{.*}}) {alignment = 64 : i64} : memref<?x32xbf16>
// CHECK: scf.for
// CHECK: scf.parallel
// CHECK: vector.maskedload {{.*}} vector<32xi1>, vector<32xbf16>
// CHECK: scf.parallel
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<4096x32xbf16>
// CHECK: vector.shuffle {{.*}} : vector<16xbf16>, vector<16xbf16>
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<32x32xf32>
// CHECK: scf.index_switch
// CHECK: case 1 {
// CHECK: amx.tile_zero : vector<16x16xf32>
// CHECK-COUNT-4: amx.tile_mulf {{.*}} : vector<16x32xbf16>, vector<16x32xbf16>, vector<16x16xf32>
// CHECK-NOT: amx.tile_mulf
// CHECK-COUNT-4: amx.tile_store
// CHECK: amx.tile_load {{.*}} into vector<16x16xf32>
// CHECK: case 2 {
// CHECK: default {
// CHECK-COUNT-64: amx.tile_mulf
// CHECK: memref.dealloc
// CHECK-LABEL: func.func private @trm_gemm_bf16_amx_glu0(
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<32x64xf32>
// CHECK: amx.tile_mulf
// CHECK: call @trm_gemm_bf16_amx_glu0_strip({{.*}}) : (memref<32x64xf32>,
// CHECK-LABEL: func.func private @trm_gemm_bf16_amx_glu0_strip(
// CHECK: math.exp
