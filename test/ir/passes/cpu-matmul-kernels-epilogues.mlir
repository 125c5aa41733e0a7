// RUN: trm-opt %s --trm-cpu-matmul-kernels=bf16-dot=true | FileCheck %s
// RUN: trm-opt %s --trm-cpu-matmul-kernels | FileCheck %s --check-prefix=FMA

// GEMM epilogues: a matmul whose product only feeds one elementwise op of it
// (unary) or of its two column halves (gated: SwiGLU) becomes one call of a
// kernel applying the op to its register tiles; the product buffer, its fill
// and views go. In the FMA kernel (f32 operands, or bf16 without
// avx512_bf16) the tiles store into a stack buffer for their strip of rows,
// and a separate function `<kernel>_strip` applies f to it.
// FMA-LABEL: func.func @swiglu
// FMA: call @trm_gemm_bf16_glu0(
// FMA-LABEL: func.func @rounding
// FMA: call @trm_gemm_bf16_map0(
// FMA-NOT: linalg.generic
// FMA-LABEL: func.func @kept_product
// FMA: call @trm_gemm_bf16_glu4(
// FMA-LABEL: func.func private @trm_gemm_bf16_glu0(
// FMA: %[[BUF:.*]] = memref.alloca() {alignment = 64 : i64} : memref<6x1024xf32>
// FMA: vector.store %{{.*}}, %[[BUF]][%{{.*}}, %{{.*}}] : memref<6x1024xf32>, vector<16xf32>
// FMA: call @trm_gemm_bf16_glu0_strip(%[[BUF]],
// FMA-LABEL: func.func private @trm_gemm_bf16_glu0_strip(
// FMA: math.exp {{.*}} : vector<16xf32>
// FMA: arith.truncf {{.*}} : vector<16xf32> to vector<16xbf16>
// FMA: vector.store {{.*}} : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
// FMA-LABEL: func.func private @trm_gemm_bf16_map0_strip(
// FMA: vector.maskedload
// FMA: arith.truncf {{.*}} : vector<16xf32> to vector<16xbf16>
// FMA: vector.maskedstore
// FMA-LABEL: func.func private @trm_gemm_bf16_glu4_strip(
// FMA: vector.store %{{.*}}, %arg1[
// FMA: vector.store %{{.*}}, %arg2[
// FMA: vector.store %{{.*}}, %arg2[

#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>

// The product seen as [3, 4, 128] (as the token MLP's is); H is allocated
// after the matmul and moves up to it.
// CHECK-LABEL: func.func @swiglu
// CHECK-NOT: linalg.fill
// CHECK: %[[H:.*]] = memref.alloc() : memref<3x4x64xbf16>
// CHECK: %[[H2:.*]] = memref.collapse_shape %[[H]] {{\[\[}}0, 1], [2]] : memref<3x4x64xbf16> into memref<12x64xbf16>
// CHECK: %[[OUT:.*]] = memref.cast %[[H2]] : memref<12x64xbf16> to memref<?x?xbf16, strided<[?, 1], offset: ?>>
// CHECK: call @trm_gemm_bf16_dot_glu0(%{{.*}}, %{{.*}}, %[[OUT]])
// CHECK-NOT: linalg.matmul
// CHECK-NOT: linalg.generic
// CHECK-NOT: memref<12x128xf32>
// CHECK: return %[[H]]
func.func @swiglu(%a: memref<12x8xbf16>, %b: memref<8x128xbf16>) -> memref<3x4x64xbf16> {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %p = memref.alloc() : memref<12x128xf32>
  linalg.fill ins(%zero : f32) outs(%p : memref<12x128xf32>)
  linalg.matmul ins(%a, %b : memref<12x8xbf16>, memref<8x128xbf16>) outs(%p : memref<12x128xf32>)
  %e = memref.expand_shape %p [[0, 1], [2]] output_shape [3, 4, 128] : memref<12x128xf32> into memref<3x4x128xf32>
  %gate = memref.subview %e[0, 0, 0] [3, 4, 64] [1, 1, 1] : memref<3x4x128xf32> to memref<3x4x64xf32, strided<[512, 128, 1]>>
  %up = memref.subview %e[0, 0, 64] [3, 4, 64] [1, 1, 1] : memref<3x4x128xf32> to memref<3x4x64xf32, strided<[512, 128, 1], offset: 64>>
  %h = memref.alloc() : memref<3x4x64xbf16>
  linalg.generic {indexing_maps = [#id3, #id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%gate, %up : memref<3x4x64xf32, strided<[512, 128, 1]>>, memref<3x4x64xf32, strided<[512, 128, 1], offset: 64>>)
      outs(%h : memref<3x4x64xbf16>) {
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
  return %h : memref<3x4x64xbf16>
}

// The same f with the halves passed the other way round is another kernel;
// the same f again (here with a transposed A) reuses the first.
// CHECK-LABEL: func.func @reuse_and_swap
// CHECK: memref.transpose
// CHECK: call @trm_gemm_bf16_dot_glu1(
// CHECK: call @trm_gemm_bf16_dot_glu2(
func.func @reuse_and_swap(%a: memref<8x12xbf16>, %b: memref<8x128xbf16>, %h: memref<12x64xf32>, %h2: memref<12x64xf32>) {
  %zero = arith.constant 0.0 : f32
  %p = memref.alloc() : memref<12x128xf32>
  linalg.fill ins(%zero : f32) outs(%p : memref<12x128xf32>)
  linalg.matmul_transpose_a ins(%a, %b : memref<8x12xbf16>, memref<8x128xbf16>) outs(%p : memref<12x128xf32>)
  %l = memref.subview %p[0, 0] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1]>>
  %r = memref.subview %p[0, 64] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1], offset: 64>>
  linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%l, %r : memref<12x64xf32, strided<[128, 1]>>, memref<12x64xf32, strided<[128, 1], offset: 64>>)
      outs(%h : memref<12x64xf32>) {
  ^bb0(%x: f32, %y: f32, %out: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.subf %m, %y : f32
    linalg.yield %s : f32
  }
  memref.dealloc %p : memref<12x128xf32>
  %q = memref.alloc() : memref<12x128xf32>
  linalg.fill ins(%zero : f32) outs(%q : memref<12x128xf32>)
  linalg.matmul_transpose_a ins(%a, %b : memref<8x12xbf16>, memref<8x128xbf16>) outs(%q : memref<12x128xf32>)
  %l2 = memref.subview %q[0, 0] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1]>>
  %r2 = memref.subview %q[0, 64] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1], offset: 64>>
  linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%r2, %l2 : memref<12x64xf32, strided<[128, 1], offset: 64>>, memref<12x64xf32, strided<[128, 1]>>)
      outs(%h2 : memref<12x64xf32>) {
  ^bb0(%x: f32, %y: f32, %out: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.subf %m, %y : f32
    linalg.yield %s : f32
  }
  memref.dealloc %q : memref<12x128xf32>
  return
}

// Left alone: the product has another reader; K is deeper than one block
// (513); N is not a multiple of 64; the op reads its output.
// CHECK-LABEL: func.func @not_fused
// CHECK-COUNT-4: call @trm_gemm_bf16_dot(
// CHECK-NOT: _glu
func.func @not_fused(%a: memref<12x8xbf16>, %b: memref<8x128xbf16>, %a2: memref<12x513xbf16>, %b2: memref<513x128xbf16>,
                     %b3: memref<8x96xbf16>, %h: memref<12x64xf32>, %h3: memref<12x48xf32>, %sum: memref<12x128xf32>) {
  %zero = arith.constant 0.0 : f32
  %p = memref.alloc() : memref<12x128xf32>
  linalg.fill ins(%zero : f32) outs(%p : memref<12x128xf32>)
  linalg.matmul ins(%a, %b : memref<12x8xbf16>, memref<8x128xbf16>) outs(%p : memref<12x128xf32>)
  %l = memref.subview %p[0, 0] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1]>>
  %r = memref.subview %p[0, 64] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1], offset: 64>>
  linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%l, %r : memref<12x64xf32, strided<[128, 1]>>, memref<12x64xf32, strided<[128, 1], offset: 64>>)
      outs(%h : memref<12x64xf32>) {
  ^bb0(%x: f32, %y: f32, %out: f32):
    %m = arith.mulf %x, %y : f32
    linalg.yield %m : f32
  }
  memref.copy %p, %sum : memref<12x128xf32> to memref<12x128xf32>
  memref.dealloc %p : memref<12x128xf32>

  %q = memref.alloc() : memref<12x128xf32>
  linalg.fill ins(%zero : f32) outs(%q : memref<12x128xf32>)
  linalg.matmul ins(%a2, %b2 : memref<12x513xbf16>, memref<513x128xbf16>) outs(%q : memref<12x128xf32>)
  %lq = memref.subview %q[0, 0] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1]>>
  %rq = memref.subview %q[0, 64] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1], offset: 64>>
  linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%lq, %rq : memref<12x64xf32, strided<[128, 1]>>, memref<12x64xf32, strided<[128, 1], offset: 64>>)
      outs(%h : memref<12x64xf32>) {
  ^bb0(%x: f32, %y: f32, %out: f32):
    %m = arith.mulf %x, %y : f32
    linalg.yield %m : f32
  }
  memref.dealloc %q : memref<12x128xf32>

  %s = memref.alloc() : memref<12x96xf32>
  linalg.fill ins(%zero : f32) outs(%s : memref<12x96xf32>)
  linalg.matmul ins(%a, %b3 : memref<12x8xbf16>, memref<8x96xbf16>) outs(%s : memref<12x96xf32>)
  %ls = memref.subview %s[0, 0] [12, 48] [1, 1] : memref<12x96xf32> to memref<12x48xf32, strided<[96, 1]>>
  %rs = memref.subview %s[0, 48] [12, 48] [1, 1] : memref<12x96xf32> to memref<12x48xf32, strided<[96, 1], offset: 48>>
  linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%ls, %rs : memref<12x48xf32, strided<[96, 1]>>, memref<12x48xf32, strided<[96, 1], offset: 48>>)
      outs(%h3 : memref<12x48xf32>) {
  ^bb0(%x: f32, %y: f32, %out: f32):
    %m = arith.mulf %x, %y : f32
    linalg.yield %m : f32
  }
  memref.dealloc %s : memref<12x96xf32>

  %t = memref.alloc() : memref<12x128xf32>
  linalg.fill ins(%zero : f32) outs(%t : memref<12x128xf32>)
  linalg.matmul ins(%a, %b : memref<12x8xbf16>, memref<8x128xbf16>) outs(%t : memref<12x128xf32>)
  %lt = memref.subview %t[0, 0] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1]>>
  %rt = memref.subview %t[0, 64] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1], offset: 64>>
  linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%lt, %rt : memref<12x64xf32, strided<[128, 1]>>, memref<12x64xf32, strided<[128, 1], offset: 64>>)
      outs(%h : memref<12x64xf32>) {
  ^bb0(%x: f32, %y: f32, %out: f32):
    %m = arith.mulf %x, %y : f32
    %acc = arith.addf %m, %out : f32
    linalg.yield %acc : f32
  }
  memref.dealloc %t : memref<12x128xf32>
  return
}

// A unary epilogue (a gradient's bf16 rounding), any column count (70: a
// masked last vector), through a 3-D view.
// CHECK-LABEL: func.func @rounding
// CHECK-NOT: linalg.fill
// CHECK: call @trm_gemm_bf16_dot_map0(%{{.*}}, %{{.*}}, %{{.*}}) : (memref<?x?xbf16, strided<[?, ?], offset: ?>>, memref<?x?xbf16, strided<[?, 1], offset: ?>>, memref<?x?xbf16, strided<[?, 1], offset: ?>>)
// CHECK-NOT: linalg.matmul
// CHECK-NOT: linalg.generic
func.func @rounding(%a: memref<12x8xbf16>, %b: memref<8x70xbf16>, %h: memref<3x4x70xbf16>) {
  %zero = arith.constant 0.0 : f32
  %p = memref.alloc() : memref<12x70xf32>
  linalg.fill ins(%zero : f32) outs(%p : memref<12x70xf32>)
  linalg.matmul ins(%a, %b : memref<12x8xbf16>, memref<8x70xbf16>) outs(%p : memref<12x70xf32>)
  %e = memref.expand_shape %p [[0, 1], [2]] output_shape [3, 4, 70] : memref<12x70xf32> into memref<3x4x70xf32>
  linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%e : memref<3x4x70xf32>) outs(%h : memref<3x4x70xbf16>) {
  ^bb0(%x: f32, %out: bf16):
    %t = arith.truncf %x : f32 to bf16
    linalg.yield %t : bf16
  }
  memref.dealloc %p : memref<12x70xf32>
  return
}

// An f32 H: the product's own type.
// CHECK-LABEL: func.func @bf16_swiglu
// CHECK: call @trm_gemm_bf16_dot_glu3(
func.func @bf16_swiglu(%a: memref<12x8xbf16>, %b: memref<8x128xbf16>, %h: memref<12x64xf32>) {
  %zero = arith.constant 0.0 : f32
  %p = memref.alloc() : memref<12x128xf32>
  linalg.fill ins(%zero : f32) outs(%p : memref<12x128xf32>)
  linalg.matmul ins(%a, %b : memref<12x8xbf16>, memref<8x128xbf16>) outs(%p : memref<12x128xf32>)
  %l = memref.subview %p[0, 0] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1]>>
  %r = memref.subview %p[0, 64] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1], offset: 64>>
  linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%l, %r : memref<12x64xf32, strided<[128, 1]>>, memref<12x64xf32, strided<[128, 1], offset: 64>>)
      outs(%h : memref<12x64xf32>) {
  ^bb0(%x: f32, %y: f32, %out: f32):
    %m = arith.mulf %x, %y : f32
    linalg.yield %m : f32
  }
  memref.dealloc %p : memref<12x128xf32>
  return
}

// The product is read again later (the backward of a SwiGLU with
// gradients): the kernel applies the op and also stores P, which stays with
// its later reader and dealloc; its zero fill goes. A later op that writes
// P instead keeps the plain call.
// CHECK-LABEL: func.func @kept_product
// CHECK-NOT: linalg.fill
// CHECK: %[[P:.*]] = memref.alloc() : memref<12x128xf32>
// CHECK-NOT: linalg.fill
// CHECK: %[[KEPT:.*]] = memref.cast %[[P]] : memref<12x128xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
// CHECK: call @trm_gemm_bf16_dot_glu4(%{{.*}}, %{{.*}}, %{{.*}}, %[[KEPT]]) : (memref<?x?xbf16, strided<[?, ?], offset: ?>>, memref<?x?xbf16, strided<[?, 1], offset: ?>>, memref<?x?xf32, strided<[?, 1], offset: ?>>, memref<?x?xf32, strided<[?, 1], offset: ?>>)
// CHECK-NOT: linalg.matmul
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[P]], %arg3 : memref<12x128xf32>, memref<12x128xf32>)
// CHECK: memref.dealloc %[[P]]
// CHECK: call @trm_gemm_bf16_dot(
// CHECK: linalg.generic
// CHECK: linalg.generic
func.func @kept_product(%a: memref<12x8xbf16>, %b: memref<8x128xbf16>, %h: memref<12x64xf32>, %dp: memref<12x128xf32>, %g: memref<12x128xf32>) {
  %zero = arith.constant 0.0 : f32
  %p = memref.alloc() : memref<12x128xf32>
  linalg.fill ins(%zero : f32) outs(%p : memref<12x128xf32>)
  linalg.matmul ins(%a, %b : memref<12x8xbf16>, memref<8x128xbf16>) outs(%p : memref<12x128xf32>)
  %l = memref.subview %p[0, 0] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1]>>
  %r = memref.subview %p[0, 64] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1], offset: 64>>
  linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%l, %r : memref<12x64xf32, strided<[128, 1]>>, memref<12x64xf32, strided<[128, 1], offset: 64>>)
      outs(%h : memref<12x64xf32>) {
  ^bb0(%x: f32, %y: f32, %out: f32):
    %m = arith.mulf %x, %y : f32
    linalg.yield %m : f32
  }
  linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%p, %dp : memref<12x128xf32>, memref<12x128xf32>) outs(%g : memref<12x128xf32>) {
  ^bb0(%x: f32, %d: f32, %out: f32):
    %m = arith.mulf %x, %d : f32
    linalg.yield %m : f32
  }
  memref.dealloc %p : memref<12x128xf32>

  %q = memref.alloc() : memref<12x128xf32>
  linalg.fill ins(%zero : f32) outs(%q : memref<12x128xf32>)
  linalg.matmul ins(%a, %b : memref<12x8xbf16>, memref<8x128xbf16>) outs(%q : memref<12x128xf32>)
  %lq = memref.subview %q[0, 0] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1]>>
  %rq = memref.subview %q[0, 64] [12, 64] [1, 1] : memref<12x128xf32> to memref<12x64xf32, strided<[128, 1], offset: 64>>
  linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%lq, %rq : memref<12x64xf32, strided<[128, 1]>>, memref<12x64xf32, strided<[128, 1], offset: 64>>)
      outs(%h : memref<12x64xf32>) {
  ^bb0(%x: f32, %y: f32, %out: f32):
    %m = arith.mulf %x, %y : f32
    linalg.yield %m : f32
  }
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%dp : memref<12x128xf32>) outs(%q : memref<12x128xf32>) {
  ^bb0(%d: f32, %out: f32):
    %m = arith.addf %d, %out : f32
    linalg.yield %m : f32
  }
  memref.copy %q, %g : memref<12x128xf32> to memref<12x128xf32>
  memref.dealloc %q : memref<12x128xf32>
  return
}

// The kernels apply f (exp included) to 16-lane vectors.
// CHECK-LABEL: func.func private @trm_gemm_bf16_dot_glu0
// CHECK-SAME: trm.epilogue = "trm_gemm_bf16_dot: gated: arith.negf(%0 )
// CHECK: llvm.x86.avx512bf16.dpbf16ps.512
// CHECK: math.exp {{.*}} : vector<16xf32>
// CHECK: arith.truncf {{.*}} : vector<16xf32> to vector<16xbf16>
// CHECK: vector.store {{.*}} : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
// CHECK-LABEL: func.func private @trm_gemm_bf16_dot_map0
// CHECK-SAME: trm.epilogue = "trm_gemm_bf16_dot: unary: arith.truncf(%0 )
// CHECK: arith.truncf {{.*}} : vector<16xf32> to vector<16xbf16>
// CHECK: vector.maskedstore {{.*}} : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16>
// CHECK-LABEL: func.func private @trm_gemm_bf16_dot_glu4
// CHECK-SAME: trm.epilogue = "trm_gemm_bf16_dot: gated: P kept; arith.mulf(%0 %1 )
// A large P is stored past the caches (GemmStreaming.h), else plainly.
// CHECK: llvm.store {{.*}} {alignment = 64 : i64, nontemporal} : vector<16xf32>, !llvm.ptr
// CHECK: } else {
// CHECK: vector.store {{.*}} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
// CHECK: vector.store {{.*}} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
