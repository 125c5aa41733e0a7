// RUN: trm-opt %s --split-input-file --verify-diagnostics

func.func @negative_count(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'trm.repeat' op count must be >= 0, got -1}}
  %r = trm.repeat -1 (%a = %x) : tensor<4xf32> {
    trm.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

func.func @yield_types(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'trm.repeat' op trm.yield operands must have the types of the 1 initial values ('tensor<4xf32>'), got 1 ('tensor<4xbf16>')}}
  %r = trm.repeat 3 (%a = %x) : tensor<4xf32> {
    %b = trm.convert %a : tensor<4xf32> -> tensor<4xbf16>
    trm.yield %b : tensor<4xbf16>
  }
  return %r : tensor<4xf32>
}

// -----

func.func @yield_count(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'trm.repeat' op trm.yield operands must have the types of the 1 initial values ('tensor<4xf32>'), got 2}}
  %r = trm.repeat 3 (%a = %x) : tensor<4xf32> {
    trm.yield %a, %a : tensor<4xf32>, tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

func.func @types_after_colon(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{trm.repeat carries 1 values but 2 types follow the ':'}}
  %r = trm.repeat 3 (%a = %x) : tensor<4xf32>, tensor<4xf32> {
    trm.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

func.func @yield_outside(%x: tensor<4xf32>) {
  // expected-error @+1 {{'trm.yield' op expects parent op 'trm.repeat'}}
  trm.yield %x : tensor<4xf32>
}

// -----

func.func @results(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'trm.repeat' op results must have the types of the 1 initial values ('tensor<4xf32>'), got 1 ('tensor<8xf32>')}}
  %r = "trm.repeat"(%x) <{count = 1 : i64}> ({
  ^bb0(%a: tensor<4xf32>):
    trm.yield %a : tensor<4xf32>
  }) : (tensor<4xf32>) -> tensor<8xf32>
  return %x : tensor<4xf32>
}
