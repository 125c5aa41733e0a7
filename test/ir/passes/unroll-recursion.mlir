// RUN: trm-opt %s --trm-unroll-recursion --split-input-file | FileCheck %s --check-prefix=FULL
// RUN: trm-opt %s --trm-unroll-recursion=factor=2 --split-input-file | FileCheck %s --check-prefix=BY2
// RUN: not trm-opt %s --trm-unroll-recursion=factor=-1 --split-input-file 2>&1 | FileCheck %s --check-prefix=BAD

// BAD: trm-unroll-recursion: factor must be >= 0 (0 = unroll fully), got -1

// FULL-LABEL: func.func @chain
// FULL-SAME: (%[[X:.*]]: tensor<4xf32>)
// FULL-NOT: trm.repeat
// FULL: %[[A:.*]] = trm.exp %[[X]]
// FULL-NEXT: %[[B:.*]] = trm.exp %[[A]]
// FULL-NEXT: %[[C:.*]] = trm.exp %[[B]]
// FULL-NEXT: return %[[C]]

// BY2-LABEL: func.func @chain
// BY2-SAME: (%[[X:.*]]: tensor<4xf32>)
// BY2: %[[R:.*]] = trm.repeat 1 (%[[A:.*]] = %[[X]]) : tensor<4xf32> {
// BY2-NEXT: %[[B:.*]] = trm.exp %[[A]]
// BY2-NEXT: %[[C:.*]] = trm.exp %[[B]]
// BY2-NEXT: trm.yield %[[C]]
// BY2-NEXT: }
// BY2-NEXT: %[[D:.*]] = trm.exp %[[R]]
// BY2-NEXT: return %[[D]]
func.func @chain(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = trm.repeat 3 (%a = %x) : tensor<4xf32> {
    %b = trm.exp %a : tensor<4xf32>
    trm.yield %b : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// Two carried values and a value captured from above, as in the TRM cycle.
// FULL-LABEL: func.func @carried_pair
// FULL-SAME: (%[[H:.*]]: tensor<4xf32>, %[[L:.*]]: tensor<4xf32>, %[[X:.*]]: tensor<4xf32>)
// FULL: %[[I1:.*]] = trm.add %[[H]], %[[X]]
// FULL-NEXT: %[[L1:.*]] = trm.mul %[[L]], %[[I1]]
// FULL-NEXT: %[[H1:.*]] = trm.mul %[[H]], %[[L1]]
// FULL-NEXT: %[[I2:.*]] = trm.add %[[H1]], %[[X]]
// FULL-NEXT: %[[L2:.*]] = trm.mul %[[L1]], %[[I2]]
// FULL-NEXT: %[[H2:.*]] = trm.mul %[[H1]], %[[L2]]
// FULL-NEXT: return %[[H2]], %[[L2]]

// A factor >= the count unrolls fully.
// BY2-LABEL: func.func @carried_pair
// BY2-NOT: trm.repeat
// BY2-COUNT-2: trm.add
// BY2-NOT: trm.add
// BY2: return
func.func @carried_pair(%h0: tensor<4xf32>, %l0: tensor<4xf32>, %x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %r:2 = trm.repeat 2 (%h = %h0, %l = %l0) : tensor<4xf32>, tensor<4xf32> {
    %inj = trm.add %h, %x : tensor<4xf32>
    %nl = trm.mul %l, %inj : tensor<4xf32>
    %nh = trm.mul %h, %nl : tensor<4xf32>
    trm.yield %nh, %nl : tensor<4xf32>, tensor<4xf32>
  }
  return %r#0, %r#1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Copies taken out of a no_grad repeat end in stop_gradient; the loop that
// stays keeps its no_grad marker.
// FULL-LABEL: func.func @no_grad
// FULL: %[[E:.*]] = trm.exp
// FULL-NEXT: %[[S:.*]] = trm.stop_gradient %[[E]]
// FULL-NEXT: %[[T:.*]] = trm.stop_gradient %[[S]]
// FULL-NEXT: return %[[T]]

// BY2-LABEL: func.func @no_grad
// BY2: %[[S:.*]] = trm.stop_gradient
// BY2: %[[R:.*]] = trm.repeat 2 no_grad (%{{.*}} = %[[S]])
// BY2-NOT: trm.stop_gradient
// BY2: trm.yield
// BY2-NEXT: }
// BY2-NEXT: %[[T:.*]] = trm.stop_gradient %[[R]]
// BY2-NEXT: return %[[T]]
func.func @no_grad(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = trm.repeat 1 no_grad (%a = %x) : tensor<4xf32> {
    %b = trm.exp %a : tensor<4xf32>
    trm.yield %b : tensor<4xf32>
  }
  %s = trm.repeat 5 no_grad (%a = %r) : tensor<4xf32> {
    trm.yield %a : tensor<4xf32>
  }
  return %s : tensor<4xf32>
}

// -----

// Nested repeats unroll inside out: 2 x 3 copies.
// FULL-LABEL: func.func @nested
// FULL-NOT: trm.repeat
// FULL-COUNT-6: trm.exp
// FULL-NOT: trm.exp
// FULL: return
func.func @nested(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = trm.repeat 2 (%a = %x) : tensor<4xf32> {
    %i = trm.repeat 3 (%b = %a) : tensor<4xf32> {
      %c = trm.exp %b : tensor<4xf32>
      trm.yield %c : tensor<4xf32>
    }
    trm.yield %i : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// A zero-count repeat passes its initial values through.
// FULL-LABEL: func.func @zero
// FULL-SAME: (%[[X:.*]]: tensor<4xf32>)
// FULL-NEXT: return %[[X]]
func.func @zero(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = trm.repeat 0 no_grad (%a = %x) : tensor<4xf32> {
    %b = trm.exp %a : tensor<4xf32>
    trm.yield %b : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}
