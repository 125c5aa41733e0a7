// RUN: trm-opt %s --trm-cpu-concat-in-place | FileCheck %s

#id = affine_map<(d0, d1) -> (d0, d1)>

// The second slice's value is computed first: the insertions are reordered
// to follow the computation, and each producer writes into its slice of the
// concatenation instead of a tensor of its own.
// CHECK-LABEL: func.func @computed_out_of_order
// CHECK: %[[ROOT:.*]] = tensor.empty() : tensor<4x16xf32>
// CHECK: %[[S1:.*]] = tensor.extract_slice %[[ROOT]][0, 8] [4, 8] [1, 1]
// CHECK: %[[UP:.*]] = linalg.generic {{.*}} outs(%[[S1]] : tensor<4x8xf32>)
// CHECK: %[[FIRST:.*]] = tensor.insert_slice %[[UP]] into %[[ROOT]][0, 8] [4, 8] [1, 1]
// CHECK: %[[S0:.*]] = tensor.extract_slice %[[FIRST]][0, 0] [4, 8] [1, 1]
// CHECK: %[[GATE:.*]] = linalg.generic {{.*}} outs(%[[S0]] : tensor<4x8xf32>)
// CHECK: %[[BOTH:.*]] = tensor.insert_slice %[[GATE]] into %[[FIRST]][0, 0] [4, 8] [1, 1]
// CHECK-NOT: tensor.empty
// CHECK: return %[[BOTH]]
func.func @computed_out_of_order(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %e1 = tensor.empty() : tensor<4x8xf32>
  %up = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%b : tensor<4x8xf32>) outs(%e1 : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.mulf %x, %x : f32
    linalg.yield %y : f32
  } -> tensor<4x8xf32>
  %e0 = tensor.empty() : tensor<4x8xf32>
  %gate = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<4x8xf32>) outs(%e0 : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.addf %x, %x : f32
    linalg.yield %y : f32
  } -> tensor<4x8xf32>
  %r = tensor.empty() : tensor<4x16xf32>
  %0 = tensor.insert_slice %gate into %r[0, 0] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<4x16xf32>
  %1 = tensor.insert_slice %up into %0[0, 8] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<4x16xf32>
  return %1 : tensor<4x16xf32>
}

// Overlapping insertions keep their order (the later one wins where they
// overlap) even though the second value is computed first.
// CHECK-LABEL: func.func @overlapping
// CHECK: %[[UP:.*]] = linalg.generic
// CHECK: %[[GATE:.*]] = linalg.generic
// CHECK: %[[X:.*]] = tensor.insert_slice %[[GATE]] into %{{.*}}[0, 0] [4, 8] [1, 1]
// CHECK: tensor.insert_slice %[[UP]] into %[[X]][0, 4] [4, 8] [1, 1]
func.func @overlapping(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %e1 = tensor.empty() : tensor<4x8xf32>
  %up = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%b : tensor<4x8xf32>) outs(%e1 : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.mulf %x, %x : f32
    linalg.yield %y : f32
  } -> tensor<4x8xf32>
  %e0 = tensor.empty() : tensor<4x8xf32>
  %gate = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<4x8xf32>) outs(%e0 : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.addf %x, %x : f32
    linalg.yield %y : f32
  } -> tensor<4x8xf32>
  %r = tensor.empty() : tensor<4x16xf32>
  %0 = tensor.insert_slice %gate into %r[0, 0] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<4x16xf32>
  %1 = tensor.insert_slice %up into %0[0, 4] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<4x16xf32>
  return %1 : tensor<4x16xf32>
}
