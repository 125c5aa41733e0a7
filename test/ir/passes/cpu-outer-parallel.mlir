// RUN: trm-opt %s --trm-cpu-outer-parallel | FileCheck %s
// RUN: trm-opt %s --trm-cpu-outer-parallel=min-parallel-work=10 | FileCheck %s --check-prefix=LOW

// A large nest keeps its outer dim parallel; the inner dim becomes a
// counted loop with the body unchanged.
// CHECK-LABEL: func.func @large
// CHECK: scf.parallel (%[[I:.*]]) = (%c0) to (%c512) step (%c1) {
// CHECK-NEXT: scf.for %[[J:.*]] = %c0 to %c3072 step %c1 {
// CHECK-NEXT: memref.load %arg0[%[[I]], %[[J]]]
// CHECK-NEXT: arith.addf
// CHECK-NEXT: memref.store {{.*}}, %arg1[%[[I]], %[[J]]]
func.func @large(%a: memref<512x3072xf32>, %b: memref<512x3072xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c512 = arith.constant 512 : index
  %c3072 = arith.constant 3072 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c512, %c3072) step (%c1, %c1) {
    %x = memref.load %a[%i, %j] : memref<512x3072xf32>
    %y = arith.addf %x, %x : f32
    memref.store %y, %b[%i, %j] : memref<512x3072xf32>
  }
  return
}

// A small nest is not worth forking threads for: all loops serial.
// CHECK-LABEL: func.func @small
// CHECK-NOT: scf.parallel
// CHECK: scf.for
// CHECK: scf.for
// LOW-LABEL: func.func @small
// LOW: scf.parallel ({{.*}}) = (%c0) to (%c4)
// LOW: scf.for
func.func @small(%a: memref<4x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %z = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c8) step (%c1, %c1) {
    memref.store %z, %a[%i, %j] : memref<4x8xf32>
  }
  return
}

// A reduction's loop inside each parallel iteration counts as work: 6208
// rows of 256-long sums (RMSNorm's) are worth threads, though 6208 rows of
// straight-line code would not be.
// CHECK-LABEL: func.func @row_sums
// CHECK: scf.parallel ({{.*}}) = (%c0) to (%c6208)
// CHECK: scf.for {{.*}} = %c0 to %c256
func.func @row_sums(%a: memref<6208x256xf32>, %b: memref<6208xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %c6208 = arith.constant 6208 : index
  %z = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%c6208) step (%c1) {
    %sum = scf.for %k = %c0 to %c256 step %c1 iter_args(%acc = %z) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<6208x256xf32>
      %s = arith.addf %acc, %x : f32
      scf.yield %s : f32
    }
    memref.store %sum, %b[%i] : memref<6208xf32>
  }
  return
}

// CHECK-LABEL: func.func @row_copies
// CHECK-NOT: scf.parallel
func.func @row_copies(%a: memref<6208xf32>, %b: memref<6208xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c6208 = arith.constant 6208 : index
  scf.parallel (%i) = (%c0) to (%c6208) step (%c1) {
    %x = memref.load %a[%i] : memref<6208xf32>
    memref.store %x, %b[%i] : memref<6208xf32>
  }
  return
}

// A nest inside a parallel loop (a tiled transpose's tile) runs serially
// within its thread; its iterations count toward the outer loop's work.
// CHECK-LABEL: func.func @tiles
// CHECK: scf.parallel ({{.*}}) = (%c0) to (%c512) step (%c32)
// CHECK: scf.for {{.*}} = %c0 to %c8192 step %c32
// CHECK-NOT: scf.parallel
// CHECK: scf.for {{.*}} = %c0 to %c32 step %c1
// CHECK: scf.for {{.*}} = %c0 to %c32 step %c1
func.func @tiles(%a: memref<8192x512xf32>, %b: memref<512x8192xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %c512 = arith.constant 512 : index
  %c8192 = arith.constant 8192 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c512, %c8192) step (%c32, %c32) {
    scf.parallel (%x, %y) = (%c0, %c0) to (%c32, %c32) step (%c1, %c1) {
      %r = arith.addi %j, %y : index
      %c = arith.addi %i, %x : index
      %v = memref.load %a[%r, %c] : memref<8192x512xf32>
      memref.store %v, %b[%c, %r] : memref<512x8192xf32>
    }
  }
  return
}

// Dynamic bounds (the GEMM's row blocks) stay parallel.
// CHECK-LABEL: func.func @dynamic
// CHECK: scf.parallel
func.func @dynamic(%a: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    memref.store %z, %a[%i] : memref<?xf32>
  }
  return
}

// A nest of 64 x 7 x 17 iterations whose straight-line body moves 256
// elements (a register-block transpose says so with its work hint) is
// threaded over its outermost dim; without the hint it would count as
// 7616 iterations of work, under the threshold.
// CHECK-LABEL: func.func @work_hint
// CHECK: scf.parallel ({{.*}}) = (%c0) to (%c64)
// CHECK: scf.for
// CHECK: scf.for
func.func @work_hint(%a: memref<64x112x272xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c7 = arith.constant 7 : index
  %c17 = arith.constant 17 : index
  %c64 = arith.constant 64 : index
  %z = arith.constant dense<0.0> : vector<16xf32>
  scf.parallel (%b, %i, %j) = (%c0, %c0, %c0) to (%c64, %c7, %c17) step (%c1, %c1, %c1) {
    vector.store %z, %a[%b, %i, %j] : memref<64x112x272xf32>, vector<16xf32>
  } {trm.work_per_iteration = 256 : i64}
  return
}
