// RUN: trm-opt %s --trm-cpu-bf16-as-i16 | FileCheck %s

// A masked bf16 load moves i16 lanes (its pass-through too), bitcast back.
// CHECK-LABEL: llvm.func @load
// CHECK: %[[PT:.*]] = llvm.bitcast %arg2 : vector<16xbf16> to vector<16xi16>
// CHECK: %[[L:.*]] = llvm.intr.masked.load %arg0, %arg1, %[[PT]] {alignment = 2 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xi16>) -> vector<16xi16>
// CHECK: %[[V:.*]] = llvm.bitcast %[[L]] : vector<16xi16> to vector<16xbf16>
// CHECK: llvm.return %[[V]]
llvm.func @load(%p: !llvm.ptr, %m: vector<16xi1>, %pt: vector<16xbf16>) -> vector<16xbf16> {
  %v = llvm.intr.masked.load %p, %m, %pt {alignment = 2 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xbf16>) -> vector<16xbf16>
  llvm.return %v : vector<16xbf16>
}

// Without a pass-through, none is made up.
// CHECK-LABEL: llvm.func @load_no_pass_through
// CHECK: llvm.intr.masked.load %arg0, %arg1 {alignment = 2 : i32} : (!llvm.ptr, vector<8xi1>) -> vector<8xi16>
llvm.func @load_no_pass_through(%p: !llvm.ptr, %m: vector<8xi1>) -> vector<8xbf16> {
  %v = llvm.intr.masked.load %p, %m {alignment = 2 : i32} : (!llvm.ptr, vector<8xi1>) -> vector<8xbf16>
  llvm.return %v : vector<8xbf16>
}

// A masked bf16 store stores the same bits as i16 lanes.
// CHECK-LABEL: llvm.func @store
// CHECK: %[[B:.*]] = llvm.bitcast %arg0 : vector<16xbf16> to vector<16xi16>
// CHECK: llvm.intr.masked.store %[[B]], %arg1, %arg2 {alignment = 2 : i32} : vector<16xi16>, vector<16xi1> into !llvm.ptr
// CHECK-NOT: bf16
llvm.func @store(%v: vector<16xbf16>, %p: !llvm.ptr, %m: vector<16xi1>) {
  llvm.intr.masked.store %v, %p, %m {alignment = 2 : i32} : vector<16xbf16>, vector<16xi1> into !llvm.ptr
  llvm.return
}

// Plain loads and stores of bf16 vectors and scalars move i16 too: LLVM
// scalarized a <16 x bfloat> store (also one its loop vectorizer made of
// scalar bf16 stores) into 16 conversions.
// CHECK-LABEL: llvm.func @plain
// CHECK: %[[V:.*]] = llvm.load %arg0 {alignment = 2 : i64} : !llvm.ptr -> vector<16xi16>
// CHECK: %[[S:.*]] = llvm.load %arg1 {alignment = 2 : i64} : !llvm.ptr -> i16
// CHECK: llvm.store %[[V]], %arg0 {alignment = 2 : i64, nontemporal} : vector<16xi16>, !llvm.ptr
// CHECK: llvm.store %[[S]], %arg1 {alignment = 2 : i64} : i16, !llvm.ptr
// CHECK-NOT: bf16
llvm.func @plain(%p: !llvm.ptr, %q: !llvm.ptr) {
  %v = llvm.load %p {alignment = 2 : i64} : !llvm.ptr -> vector<16xbf16>
  %s = llvm.load %q {alignment = 2 : i64} : !llvm.ptr -> bf16
  llvm.store %v, %p {alignment = 2 : i64, nontemporal} : vector<16xbf16>, !llvm.ptr
  llvm.store %s, %q {alignment = 2 : i64} : bf16, !llvm.ptr
  llvm.return
}

// Other element types are left alone.
// CHECK-LABEL: llvm.func @f32_untouched
// CHECK-NOT: llvm.bitcast
// CHECK: llvm.intr.masked.store %arg0, %arg1, %arg2 {alignment = 4 : i32} : vector<16xf32>, vector<16xi1> into !llvm.ptr
// CHECK: llvm.store %arg0, %arg1 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
llvm.func @f32_untouched(%v: vector<16xf32>, %p: !llvm.ptr, %m: vector<16xi1>) {
  llvm.intr.masked.store %v, %p, %m {alignment = 4 : i32} : vector<16xf32>, vector<16xi1> into !llvm.ptr
  llvm.store %v, %p {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
  llvm.return
}
