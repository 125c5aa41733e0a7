// RUN: trm-opt %s --canonicalize --split-input-file | FileCheck %s

// Two zero pads that place their operands side by side along one dim, then
// added (the gradient of two slices): a concat, in either operand order.
// CHECK-LABEL: func.func @adjacent_pads
// CHECK-NEXT: %[[C:.*]] = trm.concat %arg0, %arg1 dim = 1
// CHECK-NEXT: return %[[C]]
func.func @adjacent_pads(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>) -> tensor<2x8xf32> {
  %z = trm.constant dense<0.0> : tensor<f32>
  %pa = trm.pad %a, %z, low = [0, 0], high = [0, 5] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x8xf32>
  %pb = trm.pad %b, %z, low = [0, 3], high = [0, 0] : (tensor<2x5xf32>, tensor<f32>) -> tensor<2x8xf32>
  %s = trm.add %pb, %pa : tensor<2x8xf32>
  return %s : tensor<2x8xf32>
}

// -----

// Overlapping pads, a non-zero pad value, or padding on a second dim stay.
// CHECK-LABEL: func.func @not_adjacent
// CHECK-NOT: trm.concat
// CHECK-COUNT-3: trm.add
func.func @not_adjacent(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>, %c: tensor<1x5xf32>)
    -> (tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>) {
  %z = trm.constant dense<0.0> : tensor<f32>
  %one = trm.constant dense<1.0> : tensor<f32>
  %pa = trm.pad %a, %z, low = [0, 0], high = [0, 5] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x8xf32>
  %pb = trm.pad %b, %z, low = [0, 3], high = [0, 0] : (tensor<2x5xf32>, tensor<f32>) -> tensor<2x8xf32>
  %overlap = trm.pad %a, %z, low = [0, 5], high = [0, 0] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x8xf32>
  %s1 = trm.add %pb, %overlap : tensor<2x8xf32>
  %po = trm.pad %b, %one, low = [0, 3], high = [0, 0] : (tensor<2x5xf32>, tensor<f32>) -> tensor<2x8xf32>
  %s2 = trm.add %pa, %po : tensor<2x8xf32>
  %pc = trm.pad %c, %z, low = [1, 3], high = [0, 0] : (tensor<1x5xf32>, tensor<f32>) -> tensor<2x8xf32>
  %s3 = trm.add %pa, %pc : tensor<2x8xf32>
  return %s1, %s2, %s3 : tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>
}
