// RUN: trm-opt %s --split-input-file --verify-diagnostics

func.func @f16() -> tensor<2xf16> {
  // expected-error @+1 {{'trm.constant' op result #0 must be ranked tensor of 32-bit float or bfloat16 type or 64-bit float or 32-bit signless integer or 1-bit signless integer values, but got 'tensor<2xf16>'}}
  %0 = trm.constant dense<1.0> : tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

func.func @type_mismatch() -> tensor<4xf32> {
  // expected-error @+1 {{'trm.constant' op failed to verify that all of {value, result} have same type}}
  %0 = "trm.constant"() {value = dense<1.0> : tensor<2xf32>} : () -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
