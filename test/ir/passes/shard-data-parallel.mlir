// RUN: trm-opt %s --trm-shard-data-parallel --split-input-file --verify-diagnostics | FileCheck %s

// CHECK-LABEL: func.func @train_step
// CHECK-SAME: tensor<3xf32> {trm.name = "params/w", trm.sharding = "replicated"}
// CHECK-SAME: tensor<2x3xf32> {trm.name = "batch/inputs", trm.sharding = "batch"}
// CHECK-SAME: -> (tensor<3xf32> {trm.name = "params/w", trm.sharding = "replicated"})
// CHECK: trm.all_reduce sum(%{{.*}}) shards = 4 : tensor<3xf32>
// A collective already bound to other shards is left alone.
// CHECK: trm.all_reduce max(%{{.*}}) shards = 2 : tensor<3xf32>
module attributes {trm.global_batch_size = 8 : i64, trm.num_shards = 4 : i64} {
  func.func @train_step(%w: tensor<3xf32> {trm.name = "params/w"},
                        %x: tensor<2x3xf32> {trm.name = "batch/inputs"})
      -> (tensor<3xf32> {trm.name = "params/w"}) {
    %s = trm.reduce_sum %x, dims = [0] : tensor<2x3xf32> -> tensor<3xf32>
    %g = trm.all_reduce sum(%s) shards = 1 : tensor<3xf32>
    %m = trm.all_reduce max(%g) shards = 2 : tensor<3xf32>
    %u = trm.sub %w, %m : tensor<3xf32>
    return %u : tensor<3xf32>
  }
}

// -----

// expected-error @+1 {{trm-shard-data-parallel: training.global_batch_size 6 does not split into 4 shards (parallelism.num_shards); pick a divisor}}
module attributes {trm.global_batch_size = 6 : i64, trm.num_shards = 4 : i64} {
}

// -----

// expected-error @+1 {{trm-shard-data-parallel: the module lacks trm.num_shards / trm.global_batch_size; it was not traced by trmc}}
module {
}
