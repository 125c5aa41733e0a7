// RUN: trm-opt %s --split-input-file --verify-diagnostics

func.func @all_reduce_shards(%g: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'trm.all_reduce' op shards must be >= 1, got 0}}
  %0 = trm.all_reduce sum(%g) shards = 0 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @all_reduce_type(%g: tensor<4xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'trm.all_reduce' op requires every operand and the result to have one type; result #0 is 'tensor<8xf32>'}}
  %0 = "trm.all_reduce"(%g) {kind = 0 : i64, shards = 2 : i64} : (tensor<4xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @all_gather_shape(%x: tensor<2x81xi32>) -> tensor<2x81xi32> {
  // expected-error @+1 {{'trm.all_gather' op result type 'tensor<2x81xi32>' should have shape [16, 81] (dim multiplied by shards)}}
  %0 = trm.all_gather %x, dim = 0, shards = 8 : tensor<2x81xi32> -> tensor<2x81xi32>
  return %0 : tensor<2x81xi32>
}

// -----

func.func @reduce_scatter_split(%g: tensor<10x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'trm.reduce_scatter' op dimension 0 of size 10 does not split into 4 equal shards}}
  %0 = trm.reduce_scatter sum(%g), dim = 0, shards = 4 : tensor<10x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @reduce_scatter_dim(%g: tensor<8x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'trm.reduce_scatter' op dim [2] has dimension 2 outside [0, 2)}}
  %0 = trm.reduce_scatter sum(%g), dim = 2, shards = 4 : tensor<8x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
