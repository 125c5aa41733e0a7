// RUN: trm-opt %s --split-input-file --verify-diagnostics

func.func @gather_shape(%t: tensor<11x512xf32>, %i: tensor<4x81xi32>) -> tensor<4x512xf32> {
  // expected-error @+1 {{'trm.gather' op result type 'tensor<4x512xf32>' should have shape [4, 81, 512] (indices shape ++ table shape without dimension 0)}}
  %0 = trm.gather %t[%i] : (tensor<11x512xf32>, tensor<4x81xi32>) -> tensor<4x512xf32>
  return %0 : tensor<4x512xf32>
}

// -----

func.func @gather_float_indices(%t: tensor<11x512xf32>, %i: tensor<4xf32>) -> tensor<4x512xf32> {
  // expected-error @+1 {{'trm.gather' op operand #1 must be ranked tensor of 32-bit signless integer values}}
  %0 = trm.gather %t[%i] : (tensor<11x512xf32>, tensor<4xf32>) -> tensor<4x512xf32>
  return %0 : tensor<4x512xf32>
}

// -----

func.func @scatter_updates(%t: tensor<11x512xf32>, %i: tensor<4xi32>, %u: tensor<4x256xf32>) -> tensor<11x512xf32> {
  // expected-error @+1 {{'trm.scatter_add' op updates 'tensor<4x256xf32>' should have shape [4, 512] (indices shape ++ base shape without dimension 0)}}
  %0 = trm.scatter_add %u into %t[%i] : (tensor<11x512xf32>, tensor<4xi32>, tensor<4x256xf32>) -> tensor<11x512xf32>
  return %0 : tensor<11x512xf32>
}

// -----

func.func @scatter_scalar_base(%t: tensor<f32>, %i: tensor<4xi32>, %u: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'trm.scatter_add' op table 'tensor<f32>' needs at least one dimension to index}}
  %0 = trm.scatter_add %u into %t[%i] : (tensor<f32>, tensor<4xi32>, tensor<4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
