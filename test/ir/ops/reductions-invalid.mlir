// RUN: trm-opt %s --split-input-file --verify-diagnostics

func.func @sum_shape(%x: tensor<4x8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'trm.reduce_sum' op result type 'tensor<8xf32>' should have shape [4] (the reduced dimensions removed)}}
  %0 = trm.reduce_sum %x, dims = [1] : tensor<4x8xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @sum_unsorted(%x: tensor<4x8xf32>) -> tensor<f32> {
  // expected-error @+1 {{'trm.reduce_sum' op dims [1, 0] must be sorted ascending}}
  %0 = trm.reduce_sum %x, dims = [1, 0] : tensor<4x8xf32> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @max_range(%x: tensor<4x8xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'trm.reduce_max' op dims [2] has dimension 2 outside [0, 2)}}
  %0 = trm.reduce_max %x, dims = [2] : tensor<4x8xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @max_dtype(%x: tensor<4x8xf32>) -> tensor<4xbf16> {
  // expected-error @+1 {{'trm.reduce_max' op keeps the element type, but operand 'tensor<4x8xf32>' and result 'tensor<4xbf16>' differ (use trm.convert)}}
  %0 = trm.reduce_max %x, dims = [1] : tensor<4x8xf32> -> tensor<4xbf16>
  return %0 : tensor<4xbf16>
}

// -----

func.func @argmax_shape(%x: tensor<4x8xf32>) -> tensor<8xi32> {
  // expected-error @+1 {{'trm.argmax' op result type 'tensor<8xi32>' should have shape [4] (dimension dim removed)}}
  %0 = trm.argmax %x, dim = 1 : tensor<4x8xf32> -> tensor<8xi32>
  return %0 : tensor<8xi32>
}

// -----

func.func @argmax_result_type(%x: tensor<4x8xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'trm.argmax' op result #0 must be ranked tensor of 32-bit signless integer values}}
  %0 = trm.argmax %x, dim = 1 : tensor<4x8xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
