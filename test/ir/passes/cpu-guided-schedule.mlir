// RUN: trm-opt %s --trm-cpu-guided-schedule | FileCheck %s

// A worksharing loop gets the guided schedule, its shortest run 1/32 of the
// trip count (here (n - 0 + 1) / 1: inclusive bounds) and at least 1; one
// with a schedule keeps it.
// CHECK-LABEL: func.func @loops
// CHECK-SAME: (%[[N:.*]]: index,
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK: omp.parallel {
// CHECK: %[[SPAN:.*]] = arith.subi %[[N]], %[[C0]] : index
// CHECK: %[[WITH_LAST:.*]] = arith.addi %[[SPAN]], %[[C1]] : index
// CHECK: %[[TRIPS:.*]] = arith.ceildivsi %[[WITH_LAST]], %[[C1]] : index
// CHECK: %[[COUNT:.*]] = arith.muli %{{.*}}, %[[TRIPS]] : index
// CHECK: %[[C32:.*]] = arith.constant 32 : index
// CHECK: %[[RUNS:.*]] = arith.ceildivsi %[[COUNT]], %[[C32]] : index
// CHECK: %[[SHORTEST:.*]] = arith.maxsi %{{.*}}, %[[RUNS]] : index
// CHECK: omp.wsloop schedule(guided = %[[SHORTEST]] : index) {
// CHECK: omp.wsloop schedule(static) {
func.func @loops(%n: index, %buffer: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%n) inclusive step (%c1) {
        memref.store %zero, %buffer[%i] : memref<?xf32>
        omp.yield
      }
      omp.terminator
    }
    omp.wsloop schedule(static) {
      omp.loop_nest (%i) : index = (%c0) to (%n) inclusive step (%c1) {
        memref.store %zero, %buffer[%i] : memref<?xf32>
        omp.yield
      }
      omp.terminator
    }
    omp.terminator
  }
  return
}

// A collapsed nest runs the product of its dims' trip counts, each
// ceil((upper - lower) / step).
// CHECK-LABEL: func.func @nest
// CHECK: %[[ROWS:.*]] = arith.ceildivsi %{{.*}}, %{{.*}} : index
// CHECK: %[[FIRST:.*]] = arith.muli %{{.*}}, %[[ROWS]] : index
// CHECK: %[[COLS:.*]] = arith.ceildivsi %{{.*}}, %{{.*}} : index
// CHECK: %[[BOTH:.*]] = arith.muli %[[FIRST]], %[[COLS]] : index
// CHECK: arith.ceildivsi %[[BOTH]], %{{.*}} : index
// CHECK: omp.wsloop schedule(guided = %{{.*}} : index) {
func.func @nest(%n: index, %m: index, %buffer: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0.0 : f32
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i, %j) : index = (%c0, %c0) to (%n, %m) step (%c1, %c2) {
        memref.store %zero, %buffer[%i, %j] : memref<?x?xf32>
        omp.yield
      }
      omp.terminator
    }
    omp.terminator
  }
  return
}

// A reduction keeps the static split: its partial sums combine in a fixed
// order.
omp.declare_reduction @add_f32 : f32 init {
^bb0(%arg: f32):
  %zero = arith.constant 0.0 : f32
  omp.yield (%zero : f32)
} combiner {
^bb0(%a: f32, %b: f32):
  %sum = arith.addf %a, %b : f32
  omp.yield (%sum : f32)
}

// CHECK-LABEL: func.func @reduction
// CHECK: omp.wsloop reduction(
// CHECK-NOT: schedule
func.func @reduction(%n: index, %buffer: memref<?xf32>, %total: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %sum = llvm.mlir.constant(1 : i64) : i64
  %acc = llvm.alloca %sum x f32 : (i64) -> !llvm.ptr
  omp.parallel {
    omp.wsloop reduction(@add_f32 %acc -> %partial : !llvm.ptr) {
      omp.loop_nest (%i) : index = (%c0) to (%n) inclusive step (%c1) {
        %x = memref.load %buffer[%i] : memref<?xf32>
        %old = llvm.load %partial : !llvm.ptr -> f32
        %new = arith.addf %old, %x : f32
        llvm.store %new, %partial : f32, !llvm.ptr
        omp.yield
      }
      omp.terminator
    }
    omp.terminator
  }
  return
}
