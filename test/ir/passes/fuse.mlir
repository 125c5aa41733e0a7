// RUN: trm-opt %s --trm-fuse | FileCheck %s

#id = affine_map<(d0, d1) -> (d0, d1)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>

// SwiGLU: silu(gate) * up is one loop nest; the splat fill folds in as a
// scalar.
// CHECK-LABEL: func.func @swiglu
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: linalg.generic
// CHECK-SAME: ins(%arg0, %arg1 : tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: arith.addf %{{.*}}, %[[ONE]]
// CHECK: arith.divf
// CHECK: arith.mulf
// CHECK: arith.mulf
// CHECK-NOT: linalg.generic
// CHECK-NOT: linalg.fill
func.func @swiglu(%gate: tensor<4x8xf32>, %up: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %c1 = arith.constant 1.0 : f32
  %ones = linalg.fill ins(%c1 : f32) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %sig = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%gate, %ones : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%g: f32, %one: f32, %o: f32):
    %n = arith.negf %g : f32
    %x = math.exp %n : f32
    %d = arith.addf %x, %one : f32
    %r = arith.divf %one, %d : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %silu = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%gate, %sig : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%g: f32, %s: f32, %o: f32):
    %m = arith.mulf %g, %s : f32
    linalg.yield %m : f32
  } -> tensor<4x8xf32>
  %y = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%silu, %up : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%s: f32, %u: f32, %o: f32):
    %m = arith.mulf %s, %u : f32
    linalg.yield %m : f32
  } -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// A producer with two users that cannot share a pass (an elementwise op and
// a reduction) is not recomputed in each: three nests stay.
// CHECK-LABEL: func.func @shared_producer
// CHECK: math.exp
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK: arith.mulf
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction"]
// CHECK-NOT: math.exp
func.func @shared_producer(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4xf32>) {
  %e = tensor.empty() : tensor<4x8xf32>
  %ex = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = math.exp %a : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ex : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.mulf %a, %a : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<4xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %sum = linalg.reduce ins(%ex : tensor<4x8xf32>) outs(%acc : tensor<4xf32>) dimensions = [1]
    (%in: f32, %a: f32) {
      %s = arith.addf %in, %a : f32
      linalg.yield %s : f32
    }
  return %sq, %sum : tensor<4x8xf32>, tensor<4xf32>
}

// Two users of one producer that can share a pass: they merge into one
// generic with both results, the producer then has one user and fuses into
// it, so exp is computed once and nothing is written but the results.
// CHECK-LABEL: func.func @siblings_share_producer
// CHECK: %[[BOTH:.*]]:2 = linalg.generic
// CHECK-SAME: ins(%arg0 : tensor<4x8xf32>)
// CHECK: math.exp
// CHECK-NOT: math.exp
// CHECK: arith.mulf
// CHECK: arith.negf
// CHECK: linalg.yield
// CHECK-NOT: linalg.generic
// CHECK: return %[[BOTH]]#0, %[[BOTH]]#1
func.func @siblings_share_producer(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %e = tensor.empty() : tensor<4x8xf32>
  %ex = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = math.exp %a : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ex : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.mulf %a, %a : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %ng = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ex : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.negf %a : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  return %sq, %ng : tensor<4x8xf32>, tensor<4x8xf32>
}

// A cheap producer (a gradient rounded to bf16 and back) read by two
// elementwise consumers is recomputed in each instead of being written out
// and read back twice; the two consumers then read the same input and
// merge: one nest, the rounding once.
// CHECK-LABEL: func.func @cheap_shared_producer
// CHECK: linalg.generic
// CHECK-SAME: ins(%arg0 : tensor<4x8xf32>)
// CHECK: arith.truncf
// CHECK: arith.extf
// CHECK-NOT: arith.truncf
// CHECK: arith.mulf
// CHECK: arith.negf
// CHECK-NOT: linalg.generic
func.func @cheap_shared_producer(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %e = tensor.empty() : tensor<4x8xf32>
  %rounded = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %t = arith.truncf %a : f32 to bf16
    %r = arith.extf %t : bf16 to f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%rounded : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.mulf %a, %a : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %ng = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%rounded : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.negf %a : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  return %sq, %ng : tensor<4x8xf32>, tensor<4x8xf32>
}

// SwiGLU with its gradient: silu(gate) feeds the forward's silu * up and
// the backward's up gradient, and the backward also reads the gate for
// silu's gradient. silu is recomputed from the gate instead of kept: the
// forward is one pass over gate and up, and the backward's two gradients
// (dH comes from H through the down projection's matmul) are one pass over
// dH, up and gate with one exp.
// CHECK-LABEL: func.func @swiglu_with_gradient
// CHECK: %[[H:.*]] = linalg.generic
// CHECK-SAME: ins(%arg0, %arg1 : tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK: math.exp
// CHECK: arith.truncf
// CHECK: %[[DH:.*]] = linalg.matmul ins(%[[H]], %arg2
// CHECK: %[[GRADS:.*]]:2 = linalg.generic
// CHECK-SAME: ins(%[[DH]], %arg1, %arg0 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK: math.exp
// CHECK-NOT: math.exp
// CHECK: linalg.yield
// CHECK-NOT: linalg.generic
// CHECK: return %[[GRADS]]#0, %[[GRADS]]#1
func.func @swiglu_with_gradient(%gate: tensor<4x8xf32>, %up: tensor<4x8xf32>, %down: tensor<8x8xbf16>) -> (tensor<4x8xbf16>, tensor<4x8xbf16>) {
  %e = tensor.empty() : tensor<4x8xf32>
  %eb = tensor.empty() : tensor<4x8xbf16>
  %one = arith.constant 1.0 : f32
  %zero = arith.constant 0.0 : f32
  %silu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%gate : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%g: f32, %o: f32):
    %n = arith.negf %g : f32
    %x = math.exp %n : f32
    %d = arith.addf %x, %one : f32
    %s = arith.divf %one, %d : f32
    %r = arith.mulf %g, %s : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %h = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%silu, %up : tensor<4x8xf32>, tensor<4x8xf32>) outs(%eb : tensor<4x8xbf16>) {
  ^bb0(%s: f32, %u: f32, %o: bf16):
    %m = arith.mulf %s, %u : f32
    %t = arith.truncf %m : f32 to bf16
    linalg.yield %t : bf16
  } -> tensor<4x8xbf16>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %dh = linalg.matmul ins(%h, %down : tensor<4x8xbf16>, tensor<8x8xbf16>) outs(%acc : tensor<4x8xf32>) -> tensor<4x8xf32>
  %dgate = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%dh, %up, %gate : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%eb : tensor<4x8xbf16>) {
  ^bb0(%d: f32, %u: f32, %g: f32, %o: bf16):
    %n = arith.negf %g : f32
    %x = math.exp %n : f32
    %p = arith.addf %x, %one : f32
    %s = arith.divf %one, %p : f32
    %c = arith.subf %one, %s : f32
    %sc = arith.mulf %s, %c : f32
    %gsc = arith.mulf %g, %sc : f32
    %ds = arith.addf %s, %gsc : f32
    %du = arith.mulf %d, %u : f32
    %r = arith.mulf %du, %ds : f32
    %t = arith.truncf %r : f32 to bf16
    linalg.yield %t : bf16
  } -> tensor<4x8xbf16>
  %dup = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%dh, %silu : tensor<4x8xf32>, tensor<4x8xf32>) outs(%eb : tensor<4x8xbf16>) {
  ^bb0(%d: f32, %s: f32, %o: bf16):
    %r = arith.mulf %d, %s : f32
    %t = arith.truncf %r : f32 to bf16
    linalg.yield %t : bf16
  } -> tensor<4x8xbf16>
  return %dgate, %dup : tensor<4x8xbf16>, tensor<4x8xbf16>
}

// Siblings merge across an op that uses the earlier one's result (here an
// insertion into a concatenation), which moves after the merged op; a
// generic that reads another's result does not merge with it.
// CHECK-LABEL: func.func @siblings_around_users
// CHECK: %[[BOTH:.*]]:2 = linalg.generic
// CHECK-SAME: ins(%arg0 : tensor<4x8xf32>)
// CHECK: %[[LEFT:.*]] = tensor.insert_slice %[[BOTH]]#0
// CHECK: tensor.insert_slice %[[BOTH]]#1 into %[[LEFT]]
// CHECK: linalg.generic
// CHECK-SAME: ins(%arg0, %[[BOTH]]#0 : tensor<4x8xf32>, tensor<4x8xf32>)
func.func @siblings_around_users(%x: tensor<4x8xf32>) -> (tensor<4x16xf32>, tensor<4x8xf32>) {
  %e = tensor.empty() : tensor<4x8xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.mulf %a, %a : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %cat = tensor.empty() : tensor<4x16xf32>
  %left = tensor.insert_slice %sq into %cat[0, 0] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<4x16xf32>
  %ng = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.negf %a : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %both = tensor.insert_slice %ng into %left[0, 8] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<4x16xf32>
  %dep = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %sq : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %s: f32, %o: f32):
    %r = arith.subf %a, %s : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  return %both, %dep : tensor<4x16xf32>, tensor<4x8xf32>
}

// A sum of squares (RMSNorm's): the reduce becomes a generic and the square
// fuses into it, so x*x is never written out.
// CHECK-LABEL: func.func @sum_of_squares
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction"]
// CHECK-SAME: ins(%arg0 : tensor<4x8xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-NOT: linalg.generic
// CHECK-NOT: linalg.reduce
func.func @sum_of_squares(%x: tensor<4x8xf32>) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.mulf %a, %a : f32
    linalg.yield %m : f32
  } -> tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<4xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %sum = linalg.reduce ins(%sq : tensor<4x8xf32>) outs(%acc : tensor<4xf32>) dimensions = [1]
    (%in: f32, %a: f32) {
      %s = arith.addf %in, %a : f32
      linalg.yield %s : f32
    }
  return %sum : tensor<4xf32>
}

// A matmul epilogue: the residual add becomes the matmul's accumulator (the
// product was reshaped; the residual has no other user), so the kernel adds
// onto the residual instead of a separate pass reading both.
// CHECK-LABEL: func.func @residual_epilogue
// CHECK: %[[R:.*]] = linalg.generic
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[R]] {{\[\[}}0, 1], [2]]
// CHECK: %[[M:.*]] = linalg.matmul ins(%arg1, %arg2 : {{.*}}) outs(%[[C]] : tensor<8x16xf32>)
// CHECK: %[[E:.*]] = tensor.expand_shape %[[M]]
// CHECK: return %[[E]]
func.func @residual_epilogue(%h: tensor<2x4x16xf32>, %a: tensor<8x32xf32>, %w: tensor<32x16xf32>) -> tensor<2x4x16xf32> {
  %e = tensor.empty() : tensor<2x4x16xf32>
  %r = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%h : tensor<2x4x16xf32>) outs(%e : tensor<2x4x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %d = arith.mulf %x, %x : f32
    linalg.yield %d : f32
  } -> tensor<2x4x16xf32>
  %zero = arith.constant 0.0 : f32
  %pe = tensor.empty() : tensor<8x16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%pe : tensor<8x16xf32>) -> tensor<8x16xf32>
  %p = linalg.matmul ins(%a, %w : tensor<8x32xf32>, tensor<32x16xf32>) outs(%init : tensor<8x16xf32>) -> tensor<8x16xf32>
  %pr = tensor.expand_shape %p [[0, 1], [2]] output_shape [2, 4, 16] : tensor<8x16xf32> into tensor<2x4x16xf32>
  %y = linalg.generic {indexing_maps = [#id3, #id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%r, %pr : tensor<2x4x16xf32>, tensor<2x4x16xf32>) outs(%e : tensor<2x4x16xf32>) {
  ^bb0(%x: f32, %q: f32, %o: f32):
    %s = arith.addf %x, %q : f32
    linalg.yield %s : f32
  } -> tensor<2x4x16xf32>
  return %y : tensor<2x4x16xf32>
}

// A residual that is also read later (or a function argument) would be
// copied to accumulate onto: the add stays.
// CHECK-LABEL: func.func @residual_still_needed
// CHECK: linalg.matmul ins(%arg1, %arg2 : {{.*}}) outs(%{{.*}} : tensor<8x16xf32>)
// CHECK: linalg.generic
// CHECK: arith.addf
func.func @residual_still_needed(%h: tensor<8x16xf32>, %a: tensor<8x32xf32>, %w: tensor<32x16xf32>) -> tensor<8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %pe = tensor.empty() : tensor<8x16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%pe : tensor<8x16xf32>) -> tensor<8x16xf32>
  %p = linalg.matmul ins(%a, %w : tensor<8x32xf32>, tensor<32x16xf32>) outs(%init : tensor<8x16xf32>) -> tensor<8x16xf32>
  %y = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%h, %p : tensor<8x16xf32>, tensor<8x16xf32>) outs(%pe : tensor<8x16xf32>) {
  ^bb0(%x: f32, %q: f32, %o: f32):
    %s = arith.addf %x, %q : f32
    linalg.yield %s : f32
  } -> tensor<8x16xf32>
  return %y : tensor<8x16xf32>
}

// A cast of a concatenation is split over the slices, and each slice's cast
// fuses into its producer: the f32 concatenation is never written.
// CHECK-LABEL: func.func @cast_of_concat
// CHECK: %[[ROOT:.*]] = tensor.empty() : tensor<4x16xbf16>
// CHECK: %[[GATE:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<4x8xf32>)
// CHECK: arith.mulf
// CHECK: arith.truncf
// CHECK: %[[HALF:.*]] = tensor.insert_slice %[[GATE]] into %[[ROOT]][0, 0] [4, 8] [1, 1]
// CHECK: %[[UP:.*]] = linalg.generic {{.*}} ins(%arg1 : tensor<4x8xf32>)
// CHECK: arith.addf
// CHECK: arith.truncf
// CHECK: tensor.insert_slice %[[UP]] into %[[HALF]][0, 8] [4, 8] [1, 1]
// CHECK-NOT: linalg.generic
func.func @cast_of_concat(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x16xbf16> {
  %e = tensor.empty() : tensor<4x8xf32>
  %gate = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.mulf %x, %x : f32
    linalg.yield %y : f32
  } -> tensor<4x8xf32>
  %up = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%b : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.addf %x, %x : f32
    linalg.yield %y : f32
  } -> tensor<4x8xf32>
  %r = tensor.empty() : tensor<4x16xf32>
  %0 = tensor.insert_slice %gate into %r[0, 0] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<4x16xf32>
  %1 = tensor.insert_slice %up into %0[0, 8] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<4x16xf32>
  %eb = tensor.empty() : tensor<4x16xbf16>
  %cast = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%1 : tensor<4x16xf32>) outs(%eb : tensor<4x16xbf16>) {
  ^bb0(%x: f32, %o: bf16):
    %y = arith.truncf %x : f32 to bf16
    linalg.yield %y : bf16
  } -> tensor<4x16xbf16>
  return %cast : tensor<4x16xbf16>
}

// A matmul product's bf16 rounding, its only reader, stays apart from its
// consumer: the GEMM kernel applies it as it stores the product and writes
// bf16, where the fused consumer would read the f32 product instead.
// CHECK-LABEL: func.func @rounding_stays_with_matmul
// CHECK: %[[P:.*]] = linalg.matmul
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[P]] : tensor<4x8xf32>)
// CHECK: arith.truncf
// CHECK: linalg.generic {{.*}} ins(%[[R]] : tensor<4x8xbf16>)
func.func @rounding_stays_with_matmul(%a: tensor<4x16xbf16>, %w: tensor<16x8xbf16>) -> tensor<4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %eb = tensor.empty() : tensor<4x8xbf16>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %p = linalg.matmul ins(%a, %w : tensor<4x16xbf16>, tensor<16x8xbf16>) outs(%acc : tensor<4x8xf32>) -> tensor<4x8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%p : tensor<4x8xf32>) outs(%eb : tensor<4x8xbf16>) {
  ^bb0(%x: f32, %o: bf16):
    %t = arith.truncf %x : f32 to bf16
    linalg.yield %t : bf16
  } -> tensor<4x8xbf16>
  %y = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%r : tensor<4x8xbf16>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: bf16, %o: f32):
    %w2 = arith.extf %x : bf16 to f32
    %s = arith.mulf %w2, %w2 : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}
