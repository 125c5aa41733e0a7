// RUN: trm-opt %s --trm-cpu-inline-alloca-scopes | FileCheck %s

// A scope whose body only calls (the canonicalizer keeps it: a call might
// allocate, it assumes) is inlined, with its results; one that allocates on
// the stack stays, and so does the allocation; an outer scope whose only
// allocation is in a nested scope is inlined, the nested one kept.
func.func private @apply(memref<6x1024xf32>) -> ()
func.func private @value() -> index

// CHECK-LABEL: func.func @calls
// CHECK-NOT: memref.alloca_scope
// CHECK: %[[V:.*]] = call @value() : () -> index
// CHECK-NEXT: call @apply(%arg0)
// CHECK-NEXT: return %[[V]]
func.func @calls(%buffer: memref<6x1024xf32>) -> index {
  %v = memref.alloca_scope -> index {
    %r = func.call @value() : () -> index
    func.call @apply(%buffer) : (memref<6x1024xf32>) -> ()
    memref.alloca_scope.return %r : index
  }
  return %v : index
}

// CHECK-LABEL: func.func @allocates
// CHECK: scf.for
// CHECK-NEXT: memref.alloca_scope {
// CHECK-NEXT: %[[B:.*]] = memref.alloca() : memref<6x1024xf32>
// CHECK-NEXT: call @apply(%[[B]])
func.func @allocates(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    memref.alloca_scope {
      %b = memref.alloca() : memref<6x1024xf32>
      func.call @apply(%b) : (memref<6x1024xf32>) -> ()
    }
  }
  return
}

// CHECK-LABEL: func.func @nested
// CHECK-NEXT: call @value()
// CHECK-NEXT: memref.alloca_scope {
// CHECK-NEXT: memref.alloca()
// CHECK: }
// CHECK-NEXT: return
func.func @nested() {
  memref.alloca_scope {
    %r = func.call @value() : () -> index
    memref.alloca_scope {
      %b = memref.alloca() : memref<6x1024xf32>
      func.call @apply(%b) : (memref<6x1024xf32>) -> ()
    }
  }
  return
}
