// RUN: trm-opt %s --trm-shard-data-parallel=shards=8 --verify-diagnostics

// expected-error @+1 {{trm-shard-data-parallel: the program was traced for 2 shard(s); trace it again with parallelism.num_shards=8}}
module attributes {trm.global_batch_size = 16 : i64, trm.num_shards = 2 : i64} {
}
