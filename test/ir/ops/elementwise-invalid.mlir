// One verifier test per elementwise op.
// RUN: trm-opt %s --split-input-file --verify-diagnostics

func.func @add_shapes(%x: tensor<4xf32>, %y: tensor<1xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'trm.add' op requires every operand and the result to have one type; operand #1 is 'tensor<1xf32>' but operand #0 is 'tensor<4xf32>' (no implicit broadcasting: use trm.broadcast_in_dim)}}
  %0 = "trm.add"(%x, %y) : (tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @sub_dtypes(%x: tensor<4xf32>, %y: tensor<4xbf16>) -> tensor<4xf32> {
  // expected-error @+1 {{'trm.sub' op requires every operand and the result to have one type; operand #1 is 'tensor<4xbf16>' but operand #0 is 'tensor<4xf32>' (no implicit promotion: use trm.convert)}}
  %0 = "trm.sub"(%x, %y) : (tensor<4xf32>, tensor<4xbf16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @mul_result(%x: tensor<4xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'trm.mul' op requires every operand and the result to have one type; result #0 is 'tensor<2x2xf32>'}}
  %0 = "trm.mul"(%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @div_integers(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'trm.div' op operand #0 must be ranked tensor of 32-bit float or bfloat16 type or 64-bit float values}}
  %0 = trm.div %x, %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @max_pred(%x: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'trm.max' op operand #0 must be ranked tensor of 32-bit float or bfloat16 type or 64-bit float or 32-bit signless integer values}}
  %0 = trm.max %x, %x : tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @min_unranked(%x: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'trm.min' op operand #0 must be ranked tensor}}
  %0 = trm.min %x, %x : tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @atan2_types(%x: tensor<4xf32>, %y: tensor<4xf64>) -> tensor<4xf32> {
  // expected-error @+1 {{'trm.atan2' op requires every operand and the result to have one type}}
  %0 = "trm.atan2"(%x, %y) : (tensor<4xf32>, tensor<4xf64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @neg_result(%x: tensor<4xf32>) -> tensor<4xbf16> {
  // expected-error @+1 {{'trm.neg' op requires every operand and the result to have one type; result #0 is 'tensor<4xbf16>' but operand #0 is 'tensor<4xf32>' (no implicit promotion: use trm.convert)}}
  %0 = "trm.neg"(%x) : (tensor<4xf32>) -> tensor<4xbf16>
  return %0 : tensor<4xbf16>
}

// -----

func.func @exp_integer(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'trm.exp' op operand #0 must be ranked tensor of 32-bit float or bfloat16 type or 64-bit float values}}
  %0 = trm.exp %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @log_integer(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'trm.log' op operand #0 must be ranked tensor of 32-bit float}}
  %0 = trm.log %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @sqrt_shape(%x: tensor<4xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'trm.sqrt' op requires every operand and the result to have one type; result #0 is 'tensor<8xf32>' but operand #0 is 'tensor<4xf32>' (no implicit broadcasting: use trm.broadcast_in_dim)}}
  %0 = "trm.sqrt"(%x) : (tensor<4xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @rsqrt_integer(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'trm.rsqrt' op operand #0 must be ranked tensor of 32-bit float}}
  %0 = trm.rsqrt %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @sigmoid_integer(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'trm.sigmoid' op operand #0 must be ranked tensor of 32-bit float}}
  %0 = trm.sigmoid %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @silu_integer(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'trm.silu' op operand #0 must be ranked tensor of 32-bit float}}
  %0 = trm.silu %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @sign_pred(%x: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'trm.sign' op operand #0 must be ranked tensor of 32-bit float or bfloat16 type or 64-bit float or 32-bit signless integer values}}
  %0 = trm.sign %x : tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @stop_gradient_f16(%x: tensor<4xf16>) -> tensor<4xf16> {
  // expected-error @+1 {{'trm.stop_gradient' op operand #0 must be ranked tensor of 32-bit float or bfloat16 type or 64-bit float or 32-bit signless integer or 1-bit signless integer values}}
  %0 = trm.stop_gradient %x : tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @compare_types(%x: tensor<4xf32>, %y: tensor<4xf64>) -> tensor<4xi1> {
  // expected-error @+1 {{'trm.compare' op compares tensors of one type, got 'tensor<4xf32>' and 'tensor<4xf64>'}}
  %0 = "trm.compare"(%x, %y) {direction = 2 : i64} : (tensor<4xf32>, tensor<4xf64>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @compare_result(%x: tensor<4xf32>) -> tensor<2xi1> {
  // expected-error @+1 {{'trm.compare' op works elementwise, so every operand and the result need one shape; result #0 is 'tensor<2xi1>' but operand #0 is 'tensor<4xf32>'}}
  %0 = "trm.compare"(%x, %x) {direction = 2 : i64} : (tensor<4xf32>, tensor<4xf32>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @compare_direction(%x: tensor<4xf32>) -> tensor<4xi1> {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'direction' [eq, ne, lt, le, gt, ge]}}
  %0 = trm.compare less, %x, %x : tensor<4xf32>
  return %0 : tensor<4xi1>
}

// -----

func.func @select_values(%p: tensor<4xi1>, %x: tensor<4xf32>, %y: tensor<4xi32>) -> tensor<4xf32> {
  // expected-error @+1 {{'trm.select' op on_true, on_false and the result must have one type, got 'tensor<4xf32>', 'tensor<4xi32>' and 'tensor<4xf32>'}}
  %0 = "trm.select"(%p, %x, %y) : (tensor<4xi1>, tensor<4xf32>, tensor<4xi32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @select_pred_shape(%p: tensor<2xi1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'trm.select' op works elementwise, so every operand and the result need one shape; operand #1 is 'tensor<4xf32>' but operand #0 is 'tensor<2xi1>'}}
  %0 = "trm.select"(%p, %x, %x) : (tensor<2xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @convert_shape(%x: tensor<4xf32>) -> tensor<2x2xbf16> {
  // expected-error @+1 {{'trm.convert' op works elementwise, so every operand and the result need one shape; result #0 is 'tensor<2x2xbf16>' but operand #0 is 'tensor<4xf32>'}}
  %0 = trm.convert %x : tensor<4xf32> -> tensor<2x2xbf16>
  return %0 : tensor<2x2xbf16>
}
