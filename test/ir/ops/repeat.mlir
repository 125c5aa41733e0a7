// RUN: trm-opt %s | trm-opt | FileCheck %s
// RUN: trm-opt %s --mlir-print-op-generic | trm-opt | FileCheck %s

func.func private @net(tensor<4x97x64xf32>, tensor<4x97x64xf32>) -> tensor<4x97x64xf32>

// CHECK-LABEL: func.func @recursion
// CHECK-SAME: (%[[ZH:.*]]: tensor<4x97x64xf32>, %[[ZL:.*]]: tensor<4x97x64xf32>, %[[X:.*]]: tensor<4x97x64xf32>)
func.func @recursion(%zh0: tensor<4x97x64xf32>, %zl0: tensor<4x97x64xf32>, %x: tensor<4x97x64xf32>) -> tensor<4x97x64xf32> {
  // CHECK: %[[R:.*]]:2 = trm.repeat 2 no_grad (%[[H:.*]] = %[[ZH]], %[[L:.*]] = %[[ZL]]) : tensor<4x97x64xf32>, tensor<4x97x64xf32> {
  // CHECK-NEXT: %[[A:.*]] = trm.add %[[H]], %[[X]]
  // CHECK-NEXT: %[[NL:.*]] = func.call @net(%[[L]], %[[A]])
  // CHECK-NEXT: %[[NH:.*]] = func.call @net(%[[H]], %[[NL]])
  // CHECK-NEXT: trm.yield %[[NH]], %[[NL]] : tensor<4x97x64xf32>, tensor<4x97x64xf32>
  // CHECK-NEXT: }
  %r:2 = trm.repeat 2 no_grad (%zh = %zh0, %zl = %zl0) : tensor<4x97x64xf32>, tensor<4x97x64xf32> {
    %a = trm.add %zh, %x : tensor<4x97x64xf32>
    %nl = func.call @net(%zl, %a) : (tensor<4x97x64xf32>, tensor<4x97x64xf32>) -> tensor<4x97x64xf32>
    %nh = func.call @net(%zh, %nl) : (tensor<4x97x64xf32>, tensor<4x97x64xf32>) -> tensor<4x97x64xf32>
    trm.yield %nh, %nl : tensor<4x97x64xf32>, tensor<4x97x64xf32>
  }
  // CHECK: trm.repeat 1 (%{{.*}} = %[[R]]#0) : tensor<4x97x64xf32> {
  %s = trm.repeat 1 (%zh = %r#0) : tensor<4x97x64xf32> {
    trm.yield %zh : tensor<4x97x64xf32>
  }
  return %s : tensor<4x97x64xf32>
}

// CHECK-LABEL: func.func @no_carried_values
func.func @no_carried_values() {
  // CHECK: trm.repeat 0 () {
  // CHECK-NEXT: trm.yield
  trm.repeat 0 () {
    trm.yield
  }
  return
}
