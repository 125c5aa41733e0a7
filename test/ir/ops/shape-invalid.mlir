// RUN: trm-opt %s --split-input-file --verify-diagnostics

func.func @reshape_count(%x: tensor<4x8xf32>) -> tensor<30xf32> {
  // expected-error @+1 {{'trm.reshape' op cannot reshape 32 elements ('tensor<4x8xf32>') into 30 ('tensor<30xf32>')}}
  %0 = trm.reshape %x : tensor<4x8xf32> -> tensor<30xf32>
  return %0 : tensor<30xf32>
}

// -----

func.func @transpose_not_permutation(%x: tensor<4x8xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{'trm.transpose' op permutation [1, 1] lists dimension 1 twice}}
  %0 = trm.transpose %x, permutation = [1, 1] : tensor<4x8xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

func.func @transpose_shape(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'trm.transpose' op result type 'tensor<4x8xf32>' should have shape [8, 4] (result dimension i = operand dimension permutation[i])}}
  %0 = trm.transpose %x, permutation = [1, 0] : tensor<4x8xf32> -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @broadcast_sizes(%x: tensor<3xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'trm.broadcast_in_dim' op operand dimension 0 of size 3 maps to result dimension 1 of size 8; sizes must match or the operand's be 1}}
  %0 = trm.broadcast_in_dim %x, dims = [1] : tensor<3xf32> -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @broadcast_order(%x: tensor<8x4xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'trm.broadcast_in_dim' op dims [1, 0] must be strictly increasing (use trm.transpose to reorder)}}
  %0 = trm.broadcast_in_dim %x, dims = [1, 0] : tensor<8x4xf32> -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @concat_sum(%a: tensor<4x16xf32>, %b: tensor<4x81xf32>) -> tensor<4x96xf32> {
  // expected-error @+1 {{'trm.concat' op result dimension 1 is 96 but the inputs add up to 97}}
  %0 = trm.concat %a, %b dim = 1 : (tensor<4x16xf32>, tensor<4x81xf32>) -> tensor<4x96xf32>
  return %0 : tensor<4x96xf32>
}

// -----

func.func @concat_other_dim(%a: tensor<4x16xf32>, %b: tensor<2x81xf32>) -> tensor<4x97xf32> {
  // expected-error @+1 {{'trm.concat' op input #1 'tensor<2x81xf32>' differs from the result 'tensor<4x97xf32>' in dimension 0, which is not the concat dim 1}}
  %0 = trm.concat %a, %b dim = 1 : (tensor<4x16xf32>, tensor<2x81xf32>) -> tensor<4x97xf32>
  return %0 : tensor<4x97xf32>
}

// -----

func.func @slice_bounds(%x: tensor<4x8xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'trm.slice' op dimension 1 needs 0 <= start (6) <= limit (10) <= size (8)}}
  %0 = trm.slice %x, start = [0, 6], limit = [4, 10], strides = [1, 1] : tensor<4x8xf32> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @slice_stride(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'trm.slice' op stride of dimension 1 must be >= 1, got 0}}
  %0 = trm.slice %x, start = [0, 0], limit = [4, 8], strides = [1, 0] : tensor<4x8xf32> -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @pad_negative(%x: tensor<4x8xf32>, %v: tensor<f32>) -> tensor<4x7xf32> {
  // expected-error @+1 {{'trm.pad' op padding of dimension 1 must be non-negative (use trm.slice to cut), got low -1, high 0}}
  %0 = trm.pad %x, %v, low = [0, -1], high = [0, 0] : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x7xf32>
  return %0 : tensor<4x7xf32>
}

// -----

func.func @pad_value(%x: tensor<4x8xf32>, %v: tensor<1xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'trm.pad' op padding value must be a rank-0 tensor of 'f32', got 'tensor<1xf32>'}}
  %0 = trm.pad %x, %v, low = [0, 0], high = [0, 0] : (tensor<4x8xf32>, tensor<1xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
