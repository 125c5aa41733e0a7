// RUN: trm-opt %s --split-input-file --verify-diagnostics

func.func @contracting_sizes(%a: tensor<4x8xf32>, %b: tensor<7x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'trm.dot_general' op paired dimensions must have equal sizes, but lhs dimension 1 is 8 and rhs dimension 0 is 7}}
  %0 = trm.dot_general %a, %b, batch_dims = [] x [], contracting_dims = [1] x [0], accumulate = f32 : (tensor<4x8xf32>, tensor<7x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @result_shape(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'trm.dot_general' op result type 'tensor<3x4xf32>' should have shape [4, 3] (batch dims, then lhs free dims, then rhs free dims)}}
  %0 = trm.dot_general %a, %b, batch_dims = [] x [], contracting_dims = [1] x [0], accumulate = f32 : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @mixed_operands(%a: tensor<4x8xf32>, %b: tensor<8x3xbf16>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'trm.dot_general' op operands must share an element type, got 'tensor<4x8xf32>' and 'tensor<8x3xbf16>' (use trm.convert)}}
  %0 = trm.dot_general %a, %b, batch_dims = [] x [], contracting_dims = [1] x [0], accumulate = f32 : (tensor<4x8xf32>, tensor<8x3xbf16>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @unpaired(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'trm.dot_general' op contracting_dims pair up lhs and rhs dimensions, but [1] x [0, 1] have different lengths}}
  %0 = trm.dot_general %a, %b, batch_dims = [] x [], contracting_dims = [1] x [0, 1], accumulate = f32 : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @out_of_range(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'trm.dot_general' op lhs batch + contracting dims [2] has dimension 2 outside [0, 2)}}
  %0 = trm.dot_general %a, %b, batch_dims = [] x [], contracting_dims = [2] x [0], accumulate = f32 : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @batch_twice(%a: tensor<2x8x8xf32>, %b: tensor<2x8x8xf32>) -> tensor<2x8x8xf32> {
  // expected-error @+1 {{'trm.dot_general' op lhs batch + contracting dims [0, 0] lists dimension 0 twice}}
  %0 = trm.dot_general %a, %b, batch_dims = [0] x [0], contracting_dims = [0] x [1], accumulate = f32 : (tensor<2x8x8xf32>, tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  return %0 : tensor<2x8x8xf32>
}

// -----

func.func @narrow_accumulate(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'trm.dot_general' op accumulate type 'bf16' is narrower than the operands' 'f32'}}
  %0 = trm.dot_general %a, %b, batch_dims = [] x [], contracting_dims = [1] x [0], accumulate = bf16 : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @result_element(%a: tensor<4x8xbf16>, %b: tensor<8x3xbf16>) -> tensor<4x3xf64> {
  // expected-error @+1 {{'trm.dot_general' op result element type 'f64' must be the operand type 'bf16' or the accumulate type 'f32'}}
  %0 = trm.dot_general %a, %b, batch_dims = [] x [], contracting_dims = [1] x [0], accumulate = f32 : (tensor<4x8xbf16>, tensor<8x3xbf16>) -> tensor<4x3xf64>
  return %0 : tensor<4x3xf64>
}
