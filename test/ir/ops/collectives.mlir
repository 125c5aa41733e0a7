// RUN: trm-opt %s | trm-opt | FileCheck %s
// RUN: trm-opt %s --mlir-print-op-generic | trm-opt | FileCheck %s

// CHECK-LABEL: func.func @collectives
// CHECK-SAME: (%[[G:.*]]: tensor<512x64xf32>, %[[X:.*]]: tensor<2x81xi32>)
func.func @collectives(%g: tensor<512x64xf32>, %x: tensor<2x81xi32>) {
  // CHECK: trm.all_reduce sum(%[[G]]) shards = 64 : tensor<512x64xf32>
  %a = trm.all_reduce sum(%g) shards = 64 : tensor<512x64xf32>
  // CHECK: trm.all_reduce max(%[[G]]) shards = 2 : tensor<512x64xf32>
  %m = trm.all_reduce max(%g) shards = 2 : tensor<512x64xf32>
  // CHECK: trm.all_gather %[[X]], dim = 0, shards = 8 : tensor<2x81xi32> -> tensor<16x81xi32>
  %b = trm.all_gather %x, dim = 0, shards = 8 : tensor<2x81xi32> -> tensor<16x81xi32>
  // CHECK: trm.reduce_scatter sum(%[[G]]), dim = 0, shards = 8 : tensor<512x64xf32> -> tensor<64x64xf32>
  %c = trm.reduce_scatter sum(%g), dim = 0, shards = 8 : tensor<512x64xf32> -> tensor<64x64xf32>
  return
}
