// RUN: trm-opt %s --trm-cpu-matmul-kernels | FileCheck %s
// RUN: trm-opt %s --trm-cpu-matmul-kernels=bf16-dot=true | FileCheck %s --check-prefix=DOT
// RUN: trm-opt %s --trm-cpu-matmul-kernels | FileCheck %s --check-prefix=OWN
// RUN: trm-opt %s --trm-cpu-matmul-kernels=vector-bits=256 | FileCheck %s --check-prefix=YMM

// A plain matmul passes its operands as dynamic strided views.
// CHECK-LABEL: func.func @plain
// CHECK: %[[A:.*]] = memref.cast %arg0 : memref<13x5xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[B:.*]] = memref.cast %arg1 : memref<5x70xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
// CHECK: %[[C:.*]] = memref.cast %arg2 : memref<13x70xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
// CHECK: call @trm_gemm_f32(%[[A]], %[[B]], %[[C]], %false)
// CHECK-NOT: linalg.matmul
func.func @plain(%a: memref<13x5xf32>, %b: memref<5x70xf32>, %c: memref<13x70xf32>) {
  linalg.matmul ins(%a, %b : memref<13x5xf32>, memref<5x70xf32>) outs(%c : memref<13x70xf32>)
  return
}

// A contracting-first lhs is read through a transposed view, not copied.
// CHECK-LABEL: func.func @transposed_lhs
// CHECK: %[[T:.*]] = memref.transpose %arg0 (d0, d1) -> (d1, d0) : memref<5x13xf32> to memref<13x5xf32, strided<[1, 13]>>
// CHECK: memref.cast %[[T]]
// CHECK: call @trm_gemm_f32
func.func @transposed_lhs(%a: memref<5x13xf32>, %b: memref<5x70xf32>, %c: memref<13x70xf32>) {
  linalg.matmul_transpose_a ins(%a, %b : memref<5x13xf32>, memref<5x70xf32>) outs(%c : memref<13x70xf32>)
  return
}

// Few result columns and many more rows: C^T = B^T A into a fresh buffer,
// then transposed into C. Overwritten (the zero fill goes), or starting from
// C^T; batched, per matrix.
// CHECK-LABEL: func.func @narrow_result
// CHECK-NOT: linalg.fill
// CHECK: %[[CT:.*]] = memref.alloc() : memref<97x512xf32>
// CHECK: %[[TRUE:.*]] = arith.constant true
// CHECK: %[[BT:.*]] = memref.transpose %arg1 (d0, d1) -> (d1, d0) : memref<600x97xf32> to memref<97x600xf32, strided<[1, 97]>>
// CHECK: %[[L:.*]] = memref.cast %[[BT]]
// CHECK: %[[R:.*]] = memref.cast %arg0 : memref<600x512xf32> to
// CHECK: %[[O:.*]] = memref.cast %[[CT]] : memref<97x512xf32> to
// CHECK: call @trm_gemm_f32(%[[L]], %[[R]], %[[O]], %[[TRUE]])
// CHECK: linalg.transpose ins(%[[CT]] : memref<97x512xf32>) outs(%arg2 : memref<512x97xf32>) permutation = [1, 0]
// CHECK: memref.dealloc %[[CT]]
// CHECK-LABEL: func.func @narrow_result_accumulated
// CHECK: %[[CT:.*]] = memref.alloc() : memref<3x33x140xf32>
// CHECK: linalg.transpose ins(%arg2 : memref<3x140x33xf32>) outs(%[[CT]] : memref<3x33x140xf32>) permutation = [0, 2, 1]
// CHECK: scf.for
// CHECK: call @trm_gemm_f32({{.*}}, %false)
// CHECK: linalg.transpose ins(%[[CT]] : memref<3x33x140xf32>) outs(%arg2 : memref<3x140x33xf32>) permutation = [0, 2, 1]
// A result as wide as it is tall keeps its layout.
// CHECK-LABEL: func.func @square_result
// CHECK-NOT: linalg.transpose
func.func @narrow_result(%a: memref<600x512xf32>, %b: memref<600x97xf32>, %c: memref<512x97xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<512x97xf32>)
  linalg.matmul_transpose_a ins(%a, %b : memref<600x512xf32>, memref<600x97xf32>) outs(%c : memref<512x97xf32>)
  return
}
func.func @narrow_result_accumulated(%a: memref<3x9x140xf32>, %b: memref<3x9x33xf32>, %c: memref<3x140x33xf32>) {
  linalg.batch_matmul_transpose_a ins(%a, %b : memref<3x9x140xf32>, memref<3x9x33xf32>) outs(%c : memref<3x140x33xf32>)
  return
}
func.func @square_result(%a: memref<9x100xf32>, %b: memref<9x100xf32>, %c: memref<100x100xf32>) {
  linalg.matmul_transpose_a ins(%a, %b : memref<9x100xf32>, memref<9x100xf32>) outs(%c : memref<100x100xf32>)
  return
}

// A batch is a loop over 2-D views; bf16 operands get their own kernel.
// CHECK-LABEL: func.func @batched_bf16
// CHECK: scf.for %[[I:.*]] = %c0 to %c4 step %c1
// CHECK: memref.subview %arg0[%[[I]], 0, 0] [1, 8, 16] [1, 1, 1]
// CHECK: call @trm_gemm_bf16
func.func @batched_bf16(%a: memref<4x8x16xbf16>, %b: memref<4x16x32xbf16>, %c: memref<4x8x32xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<4x8x16xbf16>, memref<4x16x32xbf16>) outs(%c : memref<4x8x32xf32>)
  return
}

// A transposed bf16 lhs (a weight gradient) is passed as a transposed view;
// the VDPBF16PS kernel packs it itself (DOT checks below, in output order).
func.func @transposed_bf16(%a: memref<40x24xbf16>, %b: memref<40x32xbf16>, %c: memref<24x32xf32>) {
  linalg.matmul_transpose_a ins(%a, %b : memref<40x24xbf16>, memref<40x32xbf16>) outs(%c : memref<24x32xf32>)
  return
}

// Integer matmuls and non-unit-stride rows are left to the generic loops.
// CHECK-LABEL: func.func @unsupported
// CHECK: linalg.matmul ins(%arg0, %arg1 : memref<2x3xi32>, memref<3x4xi32>)
// CHECK: linalg.matmul ins(%arg3, %arg4 : memref<2x3xf32>, memref<3x4xf32, strided<[1, 3]>>)
func.func @unsupported(%a: memref<2x3xi32>, %b: memref<3x4xi32>, %c: memref<2x4xi32>,
                       %d: memref<2x3xf32>, %e: memref<3x4xf32, strided<[1, 3]>>, %f: memref<2x4xf32>) {
  linalg.matmul ins(%a, %b : memref<2x3xi32>, memref<3x4xi32>) outs(%c : memref<2x4xi32>)
  linalg.matmul ins(%d, %e : memref<2x3xf32>, memref<3x4xf32, strided<[1, 3]>>) outs(%f : memref<2x4xf32>)
  return
}

// A fresh result whose only earlier access is a zero fill: the fill goes and
// the kernel overwrites. A fill of a buffer read in between must stay.
// CHECK-LABEL: func.func @fresh_result
// CHECK-NOT: linalg.fill
// CHECK: %[[TRUE:.*]] = arith.constant true
// CHECK: call @trm_gemm_f32({{.*}}, %[[TRUE]])
// CHECK: linalg.fill
// CHECK: memref.copy
// CHECK: call @trm_gemm_f32({{.*}}, %false
func.func @fresh_result(%a: memref<13x5xf32>, %b: memref<5x70xf32>, %out: memref<13x70xf32>) {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<13x70xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<13x70xf32>)
  linalg.matmul ins(%a, %b : memref<13x5xf32>, memref<5x70xf32>) outs(%c : memref<13x70xf32>)
  %d = memref.alloc() : memref<13x70xf32>
  linalg.fill ins(%zero : f32) outs(%d : memref<13x70xf32>)
  memref.copy %d, %out : memref<13x70xf32> to memref<13x70xf32>
  linalg.matmul ins(%a, %b : memref<13x5xf32>, memref<5x70xf32>) outs(%d : memref<13x70xf32>)
  return
}

// An out-parameter result (the function's hoisted result buffer): the zero
// fill right before the matmul goes too; one with a write in between stays.
// CHECK-LABEL: func.func @out_parameter_result
// CHECK-NOT: linalg.fill
// CHECK: call @trm_gemm_f32({{.*}}, %true
// CHECK: linalg.fill
// CHECK: memref.copy
// CHECK: call @trm_gemm_f32({{.*}}, %false
func.func @out_parameter_result(%a: memref<13x5xf32>, %b: memref<5x70xf32>, %c: memref<13x70xf32>, %d: memref<13x70xf32>, %e: memref<13x70xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<13x70xf32>)
  linalg.matmul ins(%a, %b : memref<13x5xf32>, memref<5x70xf32>) outs(%c : memref<13x70xf32>)
  linalg.fill ins(%zero : f32) outs(%d : memref<13x70xf32>)
  memref.copy %e, %c : memref<13x70xf32> to memref<13x70xf32>
  linalg.matmul ins(%a, %b : memref<13x5xf32>, memref<5x70xf32>) outs(%d : memref<13x70xf32>)
  return
}

// The kernel: one loop over cache tiles, depth-major when M <= 256 (A's
// slice stays in L2) or A is transposed and M <= 2048 (its strips packed
// once per depth block) else panel-major; a B panel of 512 k x 256 columns
// (512 columns when k <= 256, 1024 when k <= 128) packed once per
// cache tile (whole vectors, then a masked one) in 64-column slices, each
// a contiguous run over k that one register tile reads, and shared by
// 6-row strips in parallel; A copied per
// strip into k-major rows of 6 when transposed (whole 8-element loads while
// in the row; whole 8-element stores, each k's last 2 overwritten by the
// next k's, the last k's masked) or when its strips serve 4 tiles or more (16 k of the 6 rows at a
// time, put in k-major order by 18 shuffles, stored as 6 whole vectors),
// else read in place through a unit-stride view; a 6 x 4 vector register
// tile starting from zero or from C, whole tiles 4 k per iteration (96
// FMAs; over a packed strip, B's row and A's k addressed by offsets the
// loop carries), then the rest one k at a time; then the last 1-63 columns as one tile of 1-4
// vectors, the last masked. A call that overwrites a C of 4M elements or
// more in one depth block, its rows on 64-byte lines, stores its whole
// vectors non-temporally. Tiles fetch a line of each of the next strip's
// 6 rows every 16 k (unless the strips were packed up front), and in
// depth-major order a row of their share of the next cache tile's B.
// CHECK-LABEL: func.func private @trm_gemm_f32
// CHECK-SAME: i1) attributes {passthrough = ["noinline"]}
//
// With at most 256 rows and 512 columns or more, the FMA kernel's threads
// copy B into panels of their own instead: one run of columns per thread
// (at most one per 64-column tile), A's strips packed per run, a 512 x 256
// panel on each run's stack. The thread count is asked for first (a loop
// under construction has no module to declare the function in).
// OWN: func.func private @omp_get_max_threads() -> i32
// OWN-LABEL: func.func private @trm_gemm_f32
// OWN: %[[THREADS:.*]] = call @omp_get_max_threads() : () -> i32
// OWN: %[[THREADS_INDEX:.*]] = arith.index_cast %[[THREADS]] : i32 to index
// OWN: arith.cmpi sle, %{{.*}}, %c256
// OWN: arith.cmpi sge, %{{.*}}, %c512
// OWN: %[[OWNS:.*]] = arith.andi
// OWN: %[[TILES:.*]] = arith.ceildivsi %{{.*}}, %c64
// OWN: %[[RUNS:.*]] = arith.minsi %[[TILES]], %[[THREADS_INDEX]]
// OWN: %[[RUN_STRIPS:.*]] = arith.muli %[[RUNS]], %{{.*}}
// OWN: arith.select %[[OWNS]], %[[RUN_STRIPS]]
// OWN: scf.if %[[OWNS]] {
// OWN: scf.parallel (%{{.*}}) = (%c0{{.*}}) to (%[[RUNS]])
// OWN: memref.alloca_scope
// OWN: memref.alloca() {alignment = 64 : i64} : memref<512x256xf32>
// A transposed A's strips are packed 8 k at a time for all of them: each
// strip's 8-element copies of those k, then the next strip's.
// OWN: scf.for %[[CHUNK:.*]] = %{{.*}} to %[[LAST:.*]] step %c8 {
// OWN: %[[END:.*]] = arith.minsi %{{.*}}, %[[LAST]]
// OWN: scf.for %{{.*}} = %c0{{.*}} to %{{.*}} step %c1
// OWN: scf.for %[[K:.*]] = %[[CHUNK]] to %[[END]] step %c1
// OWN: vector.load %{{.*}}[%[[K]], %{{.*}}] : {{.*}}, vector<8xf32>
// OWN: vector.store
// OWN: } else {
// OWN: memref.alloc() : memref<512x256xf32>
// CHECK: %[[K:.*]] = memref.dim %arg0, %{{.*}}
// CHECK: %[[HALF:.*]] = arith.cmpi sle, %[[K]], %c256
// CHECK: %[[WIDE:.*]] = arith.select %[[HALF]], %c512, %c256
// CHECK: %[[QUARTER:.*]] = arith.cmpi sle, %[[K]], %c128
// CHECK: %[[COLS:.*]] = arith.select %[[QUARTER]], %c1024, %[[WIDE]]
// CHECK: arith.ceildivsi %{{.*}}, %[[COLS]]
// CHECK: memref.extract_strided_metadata %arg0
// CHECK: arith.cmpi sge, %{{.*}}, %c256
// CHECK: arith.ori
// An f32 A is packed where its strips serve 4 register tiles or more: 256
// columns of B with 6 x 64 tiles, 64 with AVX2's 6 x 16.
// YMM-LABEL: func.func private @trm_gemm_f32
// YMM: memref.extract_strided_metadata %arg0
// YMM: arith.cmpi sge, %{{.*}}, %c64
// YMM-NEXT: arith.ori
// Plain stores of C with ymm pairs (GemmStreaming.cpp: streamsLargeC).
// YMM-NOT: nontemporal
// CHECK: %[[ROWS:.*]] = memref.reinterpret_cast {{.*}} to memref<?x?xf32, strided<[?, 1], offset: ?>>
// CHECK: memref.alloc(%{{.*}}) : memref<?x512x6xf32>
// CHECK: memref.extract_strided_metadata %arg2
// CHECK: memref.extract_aligned_pointer_as_index %arg2
// CHECK: arith.cmpi sle, %{{.*}}, %c512
// CHECK: arith.cmpi sge, %{{.*}}, %c4194304
// CHECK: arith.remui %{{.*}}, %c64
// CHECK: arith.remui %{{.*}}, %c16
// CHECK: arith.andi %arg3
// CHECK: arith.andi
// CHECK: arith.andi
// CHECK: %[[STREAMS:.*]] = arith.andi
// CHECK: memref.alloc() : memref<512x256xf32>
// CHECK: arith.cmpi sle, %{{.*}}, %c256
// CHECK: arith.cmpi sle, %{{.*}}, %c256
// CHECK: arith.cmpi sle, %{{.*}}, %c2048
// CHECK: scf.for
// CHECK: arith.select
// CHECK: arith.select
// CHECK: %[[SLICED:.*]] = memref.reinterpret_cast {{.*}} to memref<?x?x64xf32, strided<[?, 64, 1]>>
// CHECK: scf.parallel
// CHECK: scf.for {{.*}} step %c16
// CHECK: %[[WHOLE:.*]] = vector.load %arg1{{.*}} vector<16xf32>
// CHECK: arith.divui %{{.*}}, %c64
// CHECK: arith.remui %{{.*}}, %c64
// CHECK: vector.store %[[WHOLE]], %[[SLICED]]
// CHECK: vector.maskedload
// CHECK: vector.maskedstore %[[SLICED]]
// CHECK: scf.parallel
// A strip packed right before its tiles goes to its thread's slot.
// CHECK: %[[THREAD:.*]] = func.call @omp_get_thread_num() : () -> i32
// CHECK: %[[SLOT:.*]] = arith.index_cast %[[THREAD]] : i32 to index
// CHECK: arith.select %{{.*}}, %{{.*}}, %[[SLOT]] : index
// CHECK: scf.if
// CHECK: %[[ROW:.*]] = vector.load {{.*}} vector<8xf32>
// CHECK: vector.store %[[ROW]], %{{.*}} : memref<?xf32>, vector<8xf32>
// CHECK: %[[LAST:.*]] = vector.load {{.*}} vector<8xf32>
// CHECK: vector.maskedstore {{.*}}, %[[LAST]] : memref<?x512x6xf32>
// CHECK: } else {
// CHECK: memref.collapse_shape {{.*}} : memref<?x512x6xf32> into memref<?xf32>
// CHECK: scf.for {{.*}} step %c16
// CHECK-COUNT-6: vector.load %[[ROWS]]{{.*}} vector<16xf32>
// CHECK-COUNT-18: vector.shuffle
// CHECK-COUNT-6: vector.store {{.*}} : memref<?xf32>, vector<16xf32>
// CHECK: memref.transpose {{.*}} to memref<6x512xf32, strided<[1, 6], offset: ?>>
// CHECK: scf.for {{.*}} step %c6
// CHECK: scf.for {{.*}} step %c64
// CHECK: memref.subview %[[SLICED]]{{.*}} to memref<?x64xf32, strided<[64, 1], offset: ?>>
// CHECK: %{{.*}}:24 = scf.if
// A tile adding to C fetches the C rows of the tile to its right meanwhile
// (clamped to C's last column).
// CHECK: } else {
// CHECK-COUNT-24: vector.load %arg2
// CHECK: %[[LAST_COL:.*]] = arith.addi %{{.*}}, %c-1
// CHECK: %[[RIGHT:.*]] = arith.addi %arg{{.*}}, %c64
// CHECK: %[[CLAMPED:.*]] = arith.minsi %[[RIGHT]], %[[LAST_COL]]
// CHECK: memref.prefetch %arg2[%arg{{.*}}, %[[CLAMPED]]], read, locality<2>
// CHECK-COUNT-23: memref.prefetch %arg2
// CHECK-NEXT: scf.yield
// CHECK: %[[PANEL:.*]] = memref.reinterpret_cast {{.*}} to memref<?xf32, strided<[1], offset: ?>>
// CHECK: %[[FLAT:.*]] = memref.reinterpret_cast {{.*}} to memref<?xf32, strided<[1], offset: ?>>
// CHECK: %{{.*}}:26 = scf.for {{.*}} step %c4{{.*}} iter_args({{.*}}, %[[BAT:.*]] = %c0{{.*}}, %[[AAT:.*]] = %c0{{.*}})
// CHECK: arith.remui %{{.*}}, %c16
// CHECK-COUNT-6: memref.prefetch %[[ROWS]]
// CHECK: arith.divui %{{.*}}, %c16
// CHECK: arith.cmpi ult
// CHECK: scf.if
// CHECK: memref.prefetch %arg1
// CHECK-COUNT-4: vector.load %[[PANEL]]
// CHECK: memref.load %[[FLAT]][%[[AAT]]]
// CHECK-COUNT-4: vector.fma
// CHECK: %[[NEXT:.*]] = arith.addi %[[AAT]], %c1
// CHECK: memref.load %[[FLAT]][%[[NEXT]]]
// CHECK-COUNT-92: vector.fma
// CHECK-NOT: vector.fma
// CHECK: scf.yield
// CHECK: %{{.*}}:24 = scf.for {{.*}} step %c1{{.*}} iter_args
// CHECK-COUNT-24: vector.fma
// CHECK: scf.if %[[STREAMS]] {
// CHECK-COUNT-24: llvm.store {{.*}} {alignment = 64 : i64, nontemporal} : vector<16xf32>, !llvm.ptr
// CHECK: } else {
// CHECK-COUNT-24: vector.store {{.*}}, %arg2[
// CHECK: scf.index_switch
// CHECK: case 1 {
// CHECK: case 4 {
// CHECK: vector.create_mask
// CHECK: vector.maskedload
// CHECK: vector.maskedstore
// CHECK: } else {
// CHECK: scf.for {{.*}} step %c6
// CHECK: memref.load %[[ROWS]]
// CHECK: memref.dealloc
// Without bf16-dot, bf16 operands are widened as they are copied: B's
// panel and A's strips hold f32, whichever A's layout and B's width (a
// transposed A's k-major rows 8 at a time, A's own rows 16 k of 6 rows at
// a time, shuffled into k-major order), and the k loop runs the f32
// kernel's FMAs on them.
// CHECK-LABEL: func.func private @trm_gemm_bf16
// CHECK: %[[ROWS:.*]] = memref.reinterpret_cast {{.*}} to memref<?x?xbf16, strided<[?, 1], offset: ?>>
// CHECK: memref.alloc({{.*}}) : memref<?x512x6xf32>
// CHECK: memref.alloc() : memref<512x256xf32>
// CHECK: arith.extf {{.*}} : vector<16xbf16> to vector<16xf32>
// CHECK: vector.store {{.*}} : memref<?x?x64xf32, strided<[?, 64, 1]>>, vector<16xf32>
// CHECK: arith.extf {{.*}} : vector<8xbf16> to vector<8xf32>
// CHECK: vector.maskedstore {{.*}} : memref<?x512x6xf32>, vector<8xi1>, vector<8xf32>
// CHECK: } else {
// CHECK: vector.load %[[ROWS]]{{.*}} : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
// CHECK: arith.extf {{.*}} : vector<16xbf16> to vector<16xf32>
// CHECK-COUNT-18: vector.shuffle
// CHECK: vector.store {{.*}} : memref<?xf32>, vector<16xf32>
// CHECK-NOT: arith.extf {{.*}} : bf16 to f32

// With bf16-dot, bf16 operands get the VDPBF16PS kernel: the panel
// interleaves k pairs, a transposed lhs is packed strip by strip into k
// pairs per row (two k-major rows interleaved, read by whole 8-element
// loads while they stay in the row, else masked; no copy in the caller), A
// pairs are broadcast as 32-bit words (from A's unit-stride rows or the
// packed strip), and an odd last k is peeled. With few rows and whole
// 64-column tiles, no panel is copied (the first branch): a transposed A
// is packed for all depth blocks at once, then each 128-column part takes
// the depth blocks in turn, unpacking B's rows k and k + 1 within 128-bit
// lanes into a copy on the stack (an alloca scope per part), and 12 x 2
// tiles read each 32-column group of it, their accumulators permuted to
// that column order and back.
// Otherwise the tiles (depth-major order only, at run time) fetch the next
// panel's rows before it is copied, tiles reading A in place the next
// strip's rows (as in f32), and 1-2 columns past the last whole
// vector are dot products along k, their B column copied into a 2 x 512
// buffer.
// DOT-LABEL: func.func @batched_bf16
// DOT: call @trm_gemm_bf16_dot
// DOT-LABEL: func.func @transposed_bf16
// DOT-NOT: linalg.transpose
// DOT: memref.transpose %arg0 (d0, d1) -> (d1, d0)
// DOT: call @trm_gemm_bf16_dot
// DOT-LABEL: func.func private @trm_gemm_bf16_dot
// DOT-SAME: memref<?x?xbf16, strided<[?, ?], offset: ?>>
// DOT: %[[STRIPS:.*]] = arith.ceildivsi %{{.*}}, %c6
// DOT: %[[BLOCKS:.*]] = arith.ceildivsi %{{.*}}, %c512
// DOT: %[[ROWS:.*]] = memref.reinterpret_cast {{.*}} to memref<?x?xbf16, strided<[?, 1], offset: ?>>
// DOT: arith.remui %{{.*}}, %c64
// DOT: %[[ALL:.*]] = arith.muli %[[BLOCKS]], %[[STRIPS]]
// DOT: %[[SLOTS:.*]] = arith.maxsi %[[STRIPS]], %{{.*}}
// DOT: arith.select %{{.*}}, %[[ALL]], %[[SLOTS]]
// DOT: memref.alloc
// DOT: scf.parallel
// DOT: %[[IN_ROW:.*]] = arith.cmpi sle, %{{.*}}, %{{.*}} : index
// DOT: scf.if %[[IN_ROW]] {
// DOT: scf.for
// DOT: %[[LOW:.*]] = vector.load %[[ROWS]]{{.*}} vector<8xbf16>
// DOT: %[[HIGH:.*]] = vector.load %[[ROWS]]{{.*}} vector<8xbf16>
// DOT: vector.shuffle %[[LOW]], %[[HIGH]] [0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15] : vector<8xbf16>, vector<8xbf16>
// DOT: vector.store {{.*}} : memref<?xbf16>, vector<16xbf16>
// DOT: } else {
// DOT: vector.maskedload %[[ROWS]]{{.*}} vector<8xbf16>
// DOT: scf.parallel
// DOT-NEXT: memref.alloca_scope
// DOT-NEXT: %[[PART:.*]] = memref.alloca() {alignment = 64 : i64} : memref<4x256x64xbf16>
// DOT: scf.for %{{.*}} = %{{.*}} to %[[BLOCKS]]
// DOT: vector.shuffle {{.*}} [0, 32, 1, 33, 2, 34, 3, 35, 8, 40, {{.*}}] : vector<32xi16>, vector<32xi16>
// DOT: vector.shuffle {{.*}} [4, 36, 5, 37, 6, 38, 7, 39, 12, 44, {{.*}}] : vector<32xi16>, vector<32xi16>
// DOT: vector.store %{{.*}}, %[[PART]]{{.*}} : memref<4x256x64xbf16>, vector<32xbf16>
// DOT: %[[GROUP:.*]] = memref.subview %[[PART]]{{.*}} to memref<256x64xbf16, strided<[64, 1], offset: ?>>
// DOT: vector.shuffle {{.*}} [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27] : vector<16xf32>, vector<16xf32>
// Each 12-row tile fetches its share of the part's next depth block of B.
// DOT: memref.prefetch %arg1[{{.*}}], read, locality<2>, data : memref<?x?xbf16, strided<[?, 1], offset: ?>>
// DOT: scf.for {{.*}} iter_args
// DOT: vector.load %[[GROUP]]{{.*}} vector<32xbf16>
// DOT: vector.load %{{.*}} : memref<?xbf16>, vector<2xbf16>
// DOT: vector.load %[[ROWS]]{{.*}} vector<2xbf16>
// DOT: vector.bitcast {{.*}} : vector<16xi32> to vector<32xbf16>
// DOT: llvm.call_intrinsic "llvm.x86.avx512bf16.dpbf16ps.512"
// A large C overwritten in one depth block is stored past the caches by the
// VDPBF16PS tiles too (GemmStreaming.h).
// DOT: llvm.store {{.*}} {alignment = 64 : i64, nontemporal} : vector<16xf32>, !llvm.ptr
// DOT: scf.if
// DOT: } else {
// DOT: memref.alloc() : memref<256x512xbf16>
// DOT: memref.prefetch
// DOT: arith.remui %{{.*}}, %c16
// DOT-NEXT: arith.constant 0
// DOT-NEXT: arith.cmpi eq
// DOT-NEXT: scf.if
// DOT-COUNT-6: memref.prefetch %[[ROWS]]
// DOT: vector.maskedload %{{.*}} : memref<2x512xbf16>, vector<32xi1>, vector<32xbf16>
// DOT: llvm.call_intrinsic "llvm.x86.avx512bf16.dpbf16ps.512"
// DOT: vector.reduction <add>
