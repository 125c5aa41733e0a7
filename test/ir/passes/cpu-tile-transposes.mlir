// RUN: trm-opt %s --trm-cpu-tile-transposes | FileCheck %s

// A transpose that moves the innermost dim: 32x32 blocks in parallel, each
// a small transpose of subviews.
// CHECK-LABEL: func.func @matrix
// CHECK: scf.parallel (%[[I:.*]], %[[J:.*]]) = (%c0{{.*}}, %c0{{.*}}) to (%c512, %c8192) step (%c32{{.*}}, %c32{{.*}})
// CHECK: %[[IN:.*]] = memref.subview %arg0[%[[J]], %[[I]]] [32, 32] [1, 1]
// CHECK: %[[OUT:.*]] = memref.subview %arg1[%[[I]], %[[J]]] [32, 32] [1, 1]
// CHECK: linalg.transpose ins(%[[IN]] : {{.*}}) outs(%[[OUT]] : {{.*}}) permutation = [1, 0]
func.func @matrix(%a: memref<8192x512xbf16>, %b: memref<512x8192xbf16>) {
  linalg.transpose ins(%a : memref<8192x512xbf16>) outs(%b : memref<512x8192xbf16>) permutation = [1, 0]
  return
}

// A batched [0, 2, 1] transpose of 32-bit elements: 16x16 blocks in
// registers (16 row loads, 4 rounds of 8 shuffle pairs, 16 row stores), in
// parallel over the batch and the blocks; a full block takes the unmasked
// path, an edge one (97 = 6 x 16 + 1) masked loads of clamped rows and
// masked stores of the columns that exist.
// CHECK-LABEL: func.func @batched
// CHECK: scf.parallel (%[[B:.*]], %[[P:.*]], %[[Q:.*]]) = (%c0{{.*}}) to (%{{.*}}, %{{.*}}, %{{.*}}) step (%c1{{.*}})
// CHECK: scf.if
// CHECK-COUNT-16: vector.load %arg0[%[[B]], %{{.*}}, %{{.*}}] : memref<16x97x512xf32>, vector<16xf32>
// CHECK-COUNT-64: vector.shuffle
// CHECK-COUNT-16: vector.store %{{.*}}, %arg1[%[[B]], %{{.*}}, %{{.*}}] : memref<16x512x97xf32>, vector<16xf32>
// CHECK: } else {
// CHECK-COUNT-16: vector.maskedload
// CHECK-COUNT-64: vector.shuffle
// CHECK: vector.maskedstore
// CHECK: } {trm.work_per_iteration = 256 : i64}
// CHECK-NOT: linalg.transpose
func.func @batched(%a: memref<16x97x512xf32>, %b: memref<16x512x97xf32>) {
  linalg.transpose ins(%a : memref<16x97x512xf32>) outs(%b : memref<16x512x97xf32>) permutation = [0, 2, 1]
  return
}

// A [0, 2, 1] transpose of bf16 (16-bit) elements keeps 32x32 tiles of
// linalg.transpose, the batch one at a time, outermost (the dim the threads
// split); edge tiles are smaller (97 = 3 x 32 + 1).
// CHECK-LABEL: func.func @batched_bf16
// CHECK: scf.parallel (%[[B:.*]], %{{.*}}, %[[J:.*]]) = (%c0{{.*}}, %c0{{.*}}, %c0{{.*}}) to (%c16, %c512, %c97) step (%c1{{.*}}, %c32{{.*}}, %c32{{.*}})
// CHECK: affine.min
// CHECK: memref.subview %arg0[%[[B]], %[[J]], {{.*}}] [1, {{.*}}, 32] [1, 1, 1]
// CHECK: linalg.transpose {{.*}} permutation = [0, 2, 1]
func.func @batched_bf16(%a: memref<16x97x512xbf16>, %b: memref<16x512x97xbf16>) {
  linalg.transpose ins(%a : memref<16x97x512xbf16>) outs(%b : memref<16x512x97xbf16>) permutation = [0, 2, 1]
  return
}

// A transpose that keeps the innermost dim in place is left alone.
// CHECK-LABEL: func.func @rows_kept
// CHECK-NOT: scf.parallel
// CHECK: linalg.transpose
func.func @rows_kept(%a: memref<4x8x16xf32>, %b: memref<8x4x16xf32>) {
  linalg.transpose ins(%a : memref<4x8x16xf32>) outs(%b : memref<8x4x16xf32>) permutation = [1, 0, 2]
  return
}
