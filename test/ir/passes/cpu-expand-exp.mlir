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

// An exp read only as 1 + exp(x) (a sigmoid's) is clamped at -80 and scaled
// as (p + p) * 2^(n-1): one power of two, bias 126, no halving of n.
// CHECK-LABEL: func.func @added_to_one
// CHECK: %[[LOW:.*]] = arith.constant dense<-8.000000e+01> : vector<8xf32>
// CHECK: arith.maximumf %{{.*}}, %[[LOW]]
// CHECK-NOT: arith.shrsi
// CHECK: %[[TWICE:.*]] = arith.addf %[[P:.*]], %[[P]] : vector<8xf32>
// CHECK: %[[BIAS:.*]] = arith.constant dense<126> : vector<8xi32>
// CHECK: arith.addi %{{.*}}, %[[BIAS]]
// CHECK-NOT: arith.shrsi
// CHECK: arith.mulf %[[TWICE]]
// CHECK: arith.cmpf uno
func.func @added_to_one(%x: vector<8xf32>) -> vector<8xf32> {
  %one = arith.constant dense<1.0> : vector<8xf32>
  %e = math.exp %x : vector<8xf32>
  %d = arith.addf %one, %e : vector<8xf32>
  return %d : vector<8xf32>
}

// Read otherwise too (or added to 2), it keeps the general form.
// CHECK-LABEL: func.func @not_only_added_to_one
// CHECK-COUNT-2: arith.shrsi
func.func @not_only_added_to_one(%x: f32) -> (f32, f32, f32) {
  %one = arith.constant 1.0 : f32
  %two = arith.constant 2.0 : f32
  %e = math.exp %x : f32
  %d = arith.addf %e, %one : f32
  %f = math.exp %x : f32
  %g = arith.addf %f, %two : f32
  return %d, %e, %g : f32, f32, f32
}
