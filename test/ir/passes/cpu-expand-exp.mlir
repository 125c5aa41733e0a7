// RUN: trm-opt %s --trm-cpu-expand-exp | FileCheck %s

// f32 exp, scalar or vector, becomes arithmetic: clamp, n = round(x log2 e),
// r = x - n ln 2 in two parts (2 fmas), a degree-7 polynomial (7 fmas), two
// powers of two built in the exponent field, NaN passed through. Other
// types keep math.exp.
// CHECK-LABEL: func.func @scalar
// CHECK-NOT: math.exp
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: math.roundeven
// CHECK-COUNT-9: math.fma
// CHECK: arith.fptosi
// CHECK: arith.shrsi
// CHECK: arith.shli
// CHECK: arith.bitcast {{.*}} : i32 to f32
// CHECK: arith.cmpf uno
// CHECK: arith.select
func.func @scalar(%x: f32) -> f32 {
  %y = math.exp %x : f32
  return %y : f32
}

// CHECK-LABEL: func.func @vector
// CHECK-NOT: math.exp
// CHECK: math.roundeven {{.*}} : vector<16xf32>
// CHECK: arith.bitcast {{.*}} : vector<16xi32> to vector<16xf32>
func.func @vector(%x: vector<16xf32>) -> vector<16xf32> {
  %y = math.exp %x : vector<16xf32>
  return %y : vector<16xf32>
}

// CHECK-LABEL: func.func @other_types
// CHECK: math.exp {{.*}} : f64
// CHECK: math.exp {{.*}} : bf16
func.func @other_types(%x: f64, %h: bf16) -> (f64, bf16) {
  %y = math.exp %x : f64
  %g = math.exp %h : bf16
  return %y, %g : f64, bf16
}
