//===- CpuPasses.td - the CPU backend's passes -------------*- tablegen -*-===//
//
// The passes of backends/cpu/ (one per file there, each with a lit test in
// test/ir/passes/) on tensors and buffers: trm -> linalg, fusion,
// bufferization's helpers, the GEMM kernels, outlining and memory;
// CpuLoopPasses.td has those on the loops, threads and LLVM-level code
// after them. Included by Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef TRM_CPU_PASSES_TD
#define TRM_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def TrmLowerToLinalg : Pass<"trm-lower-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower the trm dialect to linalg, tensor, arith, math and scf";
  let description = [{
    The first stage of the CPU backend (backends/cpu). `trm.repeat` becomes
    an `scf.for` carrying the same values; elementwise ops become
    `linalg.generic` with the op's scalar form; `trm.dot_general` a
    `linalg.(batch_)matmul(_transpose_a)` on collapsed operands accumulated
    in its accumulate type (the rhs transposed to contiguous columns when
    needed; a vector dot stays one `linalg.generic`); reductions
    `linalg.reduce`; argmax a generic carrying (max, index); shape ops the
    tensor dialect; gather a generic that reads the table; scatter_add an
    `scf.for` over index positions. Collectives over one shard vanish; an
    all_reduce over more calls the runtime's `trm_all_reduce_sum_f32` (MPI)
    on a private flat copy.

    Before:
    ```mlir
    %y = trm.exp %x : tensor<4xf32>
    ```
    After:
    ```mlir
    %e = tensor.empty() : tensor<4xf32>
    %y = linalg.generic {indexing_maps = [#id, #id],
                         iterator_types = ["parallel"]}
        ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %0 = math.exp %in : f32
      linalg.yield %0 : f32
    } -> tensor<4xf32>
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect"];
}

def TrmCpuConcatInPlace : Pass<"trm-cpu-concat-in-place", "::mlir::ModuleOp"> {
  let summary = "Compute each concatenated value straight into its slice";
  let description = [{
    The CPU backend's last tensor-level stage, just before one-shot
    bufferization. A `trm.concat` lowers to a chain of `tensor.insert_slice`
    into a `tensor.empty`, placed after all its inputs; bufferized as is,
    every input gets a buffer of its own that is then copied into the result
    (SwiGLU's backward writes its gate and up gradients, 2 x 6 MB per layer
    at D=256 B=64, twice). This pass creates the result's storage just before
    its first input's producer (not earlier: it is allocated there), orders
    the insertions as their inputs are computed (the slices being disjoint),
    moves each up to just after its operands, and
    then runs upstream empty-tensor elimination: an input whose producer
    starts from an empty tensor is then computed in its slice of the result.

    Before:
    ```mlir
    %g = linalg.generic ... outs(%e0 : tensor<4x8xf32>)
    %u = linalg.generic ... outs(%e1 : tensor<4x8xf32>)
    %r = tensor.empty() : tensor<4x16xf32>
    %0 = tensor.insert_slice %g into %r[0, 0] [4, 8] [1, 1]
    %1 = tensor.insert_slice %u into %0[0, 8] [4, 8] [1, 1]
    ```
    After:
    ```mlir
    %r = tensor.empty() : tensor<4x16xf32>
    %s0 = tensor.extract_slice %r[0, 0] [4, 8] [1, 1]
    %g = linalg.generic ... outs(%s0 : tensor<4x8xf32>)
    %0 = tensor.insert_slice %g into %r[0, 0] [4, 8] [1, 1]
    %s1 = tensor.extract_slice %0[0, 8] [4, 8] [1, 1]
    %u = linalg.generic ... outs(%s1 : tensor<4x8xf32>)
    %1 = tensor.insert_slice %u into %0[0, 8] [4, 8] [1, 1]
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect",
                           "::mlir::bufferization::BufferizationDialect"];
}

def TrmCpuMatmulKernels : Pass<"trm-cpu-matmul-kernels", "::mlir::ModuleOp"> {
  let summary = "Run bufferized matmuls on the register-tiled GEMM kernel";
  let description = [{
    The CPU backend's matmul stage, after bufferization. Every
    `linalg.(batch_)matmul(_transpose_a)` on memrefs with f32 results, f32 or
    bf16 operands and unit-stride rhs/result rows becomes a call of one
    shape-generic kernel per operand type, emitted once into the module:
    `@trm_gemm_f32` / `@trm_gemm_bf16` (C += A * B on strided 2-D views).
    When the result is a fresh buffer whose only earlier access is a zero
    fill, the fill is dropped and the kernel overwrites (C = A * B).
    A transposed lhs is passed as a transposed view (no copy); a batch
    becomes an `scf.for` over 2-D views.

    The kernel walks 256-column x 512-deep cache tiles and splits each
    tile's 6-row strips (x 64-column parts when A is short) across threads
    (an `scf.parallel`), computing 6x64 register tiles (24 vector<16xf32>
    accumulators fed by 6 broadcasts and 4 row loads per k, the schedule in
    shared/notes). Row and column remainders use 1-row tiles and masked
    16-lane tiles, so any shape runs the same code. With `vector-bits=256`
    (no AVX-512: LLVM splits each 16-lane vector into a ymm pair) a 6-row
    tile is 6x16 (12 ymm accumulators); each 64-column slice of the panel
    then takes four of them. With `bf16-dot`, bf16
    operands use `@trm_gemm_bf16_dot`: the panel is packed with k pairs
    interleaved and each step multiplies two k by VDPBF16PS
    (`llvm.x86.avx512bf16.dpbf16ps.512`), twice the FMA rate on Zen. With
    `amx` (amx-tile, amx-bf16: Intel Xeon since Sapphire Rapids), bf16
    operands use `@trm_gemm_bf16_amx` instead: 32x32 blocks of C as 2x2
    `amx.tile_mulf` tiles (TDPBF16PS, 16x the fp32 FMA rate) over A and B
    packed tile after tile (GemmAmx.h), epilogues through a block buffer; the
    module then defines `trm_needs_amx_tiles`, on which the runtime asks
    Linux for the tile state.

    Epilogues (K <= 512): when an elementwise generic reads a fresh product
    P whole (unary, e.g. a gradient's bf16 rounding) or its two column
    halves (gated: SwiGLU), the call goes to a kernel that applies it and
    writes its result H, `@trm_gemm_<type>_map<i>` / `_glu<i>`, one per
    distinct body; the generic goes, and P with it unless later linalg ops
    read P too: then the kernel also stores P (the backward of a SwiGLU with
    gradients reads gate and up), and only the generic's pass over P goes.
    The VDPBF16PS kernel applies f to its register tiles; the FMA kernel's
    tiles store into a stack buffer per strip of rows that `@..._strip`
    then applies f to (f in the k loop's registers made LLVM spill there).

    Before:
    ```mlir
    linalg.matmul ins(%a, %b : memref<96x32xf32>, memref<32x64xf32>)
                  outs(%c : memref<96x64xf32>)
    ```
    After:
    ```mlir
    %0 = memref.cast %a : memref<96x32xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
    ...
    call @trm_gemm_f32(%0, %1, %2) : (...) -> ()
    ```
  }];
  let options = [
    Option<"bf16Dot", "bf16-dot", "bool", /*default=*/"false",
           "Multiply bf16 operands with VDPBF16PS (needs avx512_bf16); "
           "otherwise they are widened to f32 for the FMA kernel">,
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"512",
           "The target's vector registers: 512 (AVX-512: 6x64 register "
           "tiles) or 256 (AVX2: 16-lane vectors are ymm pairs, 6-row tiles "
           "are 6x16)">,
    Option<"amx", "amx", "bool", /*default=*/"false",
           "Multiply bf16 operands on AMX tiles (TDPBF16PS; needs amx-tile "
           "and amx-bf16) in `@trm_gemm_bf16_amx`; their epilogues are then "
           "not fused (a separate pass over P)">
  ];
  let dependentDialects = ["::mlir::amx::AMXDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect"];
}

def TrmCpuOutlineKernels : Pass<"trm-cpu-outline-kernels", "::mlir::ModuleOp"> {
  let summary = "Outline bufferized linalg ops into shared kernel functions";
  let description = [{
    The CPU backend's code-size stage, after bufferization. Each linalg op on
    memrefs moves into a private, never-inlined function taking its operands
    (and any non-constant value its body captures) and is replaced by a call.
    Structurally identical kernels — the same op on the same types, which the
    unrolled recursion produces dozens of times — share one function, so
    LLVM compiles each distinct loop nest once and the entry points are
    sequences of calls. Kernels are numbered in program order, so the output
    is deterministic. A value used as several operands is one argument; an
    op writing through one of several static views of a buffer gets the
    buffer and takes those views inside the kernel, so that LLVM sees one
    base pointer and their constant distance (as separate pointers, the
    vectorizer's overlap check, hoisted out of the row loop, failed whenever
    the views' rows interleave, and the loop ran scalar).

    Before:
    ```mlir
    linalg.generic {...} ins(%a : memref<4xf32>) outs(%b : memref<4xf32>) {...}
    linalg.generic {...} ins(%b : memref<4xf32>) outs(%c : memref<4xf32>) {...}
    ```
    After (the two ops were identical):
    ```mlir
    call @trm_kernel_0(%a, %b) : (memref<4xf32>, memref<4xf32>) -> ()
    call @trm_kernel_0(%b, %c) : (memref<4xf32>, memref<4xf32>) -> ()
    func.func private @trm_kernel_0(%arg0: memref<4xf32>, %arg1: memref<4xf32>)
        attributes {passthrough = ["noinline"]} { linalg.generic ... }
    ```
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def TrmFuse : Pass<"trm-fuse", "::mlir::ModuleOp"> {
  let summary = "Fuse elementwise linalg chains into single loop nests";
  let description = [{
    The CPU backend's fusion stage, on linalg-on-tensors (after
    trm-lower-to-linalg, before bufferization). An elementwise
    `linalg.generic` whose result feeds another generic is merged into that
    consumer when it has no other user, so RMSNorm's scale-and-multiply,
    SwiGLU's silu-times-up, residual adds and the optimiser's per-parameter
    update chains each become one loop nest that reads its inputs once and
    writes one result, instead of a buffer per op. Fills (splat constants)
    fold into their consumers as scalars. Producers with several users stay
    unfused: recomputing them (exp, sqrt, ...) would cost more than the
    memory traffic saved; except, when all users can take it, a cheap one
    (up to 3 casts, adds or multiplies, like a bf16 gradient's rounding
    `extf(truncf(g))`), or one whose single input is read again after its
    first user anyway and is no wider than its result (SwiGLU's silu(gate):
    the backward reads the gate for silu's gradient): it is recomputed in
    each user and never written out or kept. `linalg.reduce` ops become
    generics first, so a reduction's elementwise producer (RMSNorm's
    square) fuses into it. Then siblings: two elementwise generics over the
    same iteration space that read a common input and do not depend on each
    other become one generic with both results (where the later stood; ops
    using the earlier's results move after it), and common subexpressions
    of its body are computed once: SwiGLU's gate and up gradients are one
    pass over dH, gate and up with one exp. Producers left with one user by
    that fuse into the merged op. A matmul product's narrowing (a bf16
    rounding that is the product's only reader) never fuses into its
    consumer: trm-cpu-matmul-kernels applies it as the GEMM stores the
    product, so the consumer reads bf16 rather than the f32 product.
    Before that, matmul epilogues: `r + matmul(a, b)` (a residual add, a
    gradient accumulation) becomes a matmul accumulating onto r when r has
    no other user, so the GEMM kernel adds onto it in place.

    Before:
    ```mlir
    %s = linalg.generic ... ins(%x) { math.exp }      // one use
    %y = linalg.generic ... ins(%s, %w) { arith.mulf }
    ```
    After:
    ```mlir
    %y = linalg.generic ... ins(%x, %w) { math.exp; arith.mulf }
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def TrmCpuOrderConstants : Pass<"trm-cpu-order-constants", "::mlir::ModuleOp"> {
  let summary = "Name and order the bufferized constants by their contents";
  let description = [{
    The CPU backend's determinism stage, right after One-Shot Bufferize.
    Bufferization turns each constant tensor into a private `memref.global`
    named `__constant_<shape>[_N]` in the order it meets them, and MLIR 19's
    module bufferization visits functions in an order that depends on
    pointer values (a DenseMap keyed by FuncOp). The same config then gave
    kernels libraries whose constants had other names and places from run
    to run. This pass sorts the constant globals by type and value, merges
    equal ones, renames them `trm_constant_<i>` in that order, points every
    `memref.get_global` at the new names and puts the globals first in the
    module, so that the lowered module depends only on the program.

    Before (either order):
    ```mlir
    memref.global "private" constant @__constant_2xi64_0 : memref<2xi64> = dense<[4, 1]>
    memref.global "private" constant @__constant_2xi64 : memref<2xi64> = dense<[324, 16]>
    ```
    After:
    ```mlir
    memref.global "private" constant @trm_constant_0 : memref<2xi64> = dense<[324, 16]>
    memref.global "private" constant @trm_constant_1 : memref<2xi64> = dense<[4, 1]>
    ```
  }];
}

def TrmCpuFreeEarly : Pass<"trm-cpu-free-early", "::mlir::ModuleOp"> {
  let summary = "Free each local buffer right after its last use";
  let description = [{
    The CPU backend's memory stage, after the buffer-deallocation pipeline.
    That pipeline frees a block's buffers at the end of the block; in the
    unrolled training step the end of the block is the end of the backward
    pass, so every forward temporary stays allocated until then (8 GiB at
    D=256, B=64). Here each unconditional `memref.dealloc` of a buffer
    allocated in the same block moves to just after the last operation that
    uses the buffer or any view of it (casts, subviews, reshapes: any pure
    op deriving a memref from it), so the allocator hands the memory, still
    in cache, to the next temporary. Buffers whose address is taken for the
    runtime ownership checks (`memref.extract_aligned_pointer_as_index`),
    that a region yields or returns, or that a call could hand back, keep
    their deallocation where it was.

    Before:
    ```mlir
    %t = memref.alloc() : memref<64xf32>
    call @k0(%x, %t) : (memref<64xf32>, memref<64xf32>) -> ()
    call @k1(%t, %y) : (memref<64xf32>, memref<64xf32>) -> ()
    call @k2(%y, %z) : (memref<64xf32>, memref<64xf32>) -> ()
    memref.dealloc %t : memref<64xf32>
    ```
    After:
    ```mlir
    call @k1(%t, %y) : (memref<64xf32>, memref<64xf32>) -> ()
    memref.dealloc %t : memref<64xf32>
    call @k2(%y, %z) : (memref<64xf32>, memref<64xf32>) -> ()
    ```
  }];
}

def TrmCpuPlanMemory : Pass<"trm-cpu-plan-memory", "::mlir::ModuleOp"> {
  let summary = "Record the most temporary memory each entry point holds";
  let description = [{
    The CPU backend's memory estimate, right after trm-cpu-free-early. For
    each public function the pass walks the body in program order, counting
    the bytes of every statically shaped `memref.alloc` until its
    `memref.dealloc` (through casts and views), a call as its callee's own
    peak on top of what is live, and records the highest sum as the
    function's `trm.temporary_bytes` (i64) attribute, which trmc writes into
    the manifest so that trm-run can refuse, before it allocates anything,
    a step the machine's memory cannot hold. It is an upper bound of a
    kind: a loop body counts once, a buffer a loop carries into the next
    iteration counts until its unconditional free, a free inside an
    `scf.if` (the ownership-based deallocation's) frees nothing, and both
    branches of an `scf.if` count. Buffers of dynamic size (the GEMM
    kernels' per-thread scratch, a few MiB) and stack buffers are not
    counted.

    ```mlir
    func.func @step(%x: memref<64xf32>) {   // trm.temporary_bytes = 512
      %a = memref.alloc() : memref<64xf32>  // 256 live
      %b = memref.alloc() : memref<64xf32>  // 512 live
      memref.dealloc %a : memref<64xf32>    // 256 live
      memref.dealloc %b : memref<64xf32>
      return
    }
    ```
  }];
}

def TrmCpuElideCopies : Pass<"trm-cpu-elide-copies", "::mlir::ModuleOp"> {
  let summary = "Compute into a copy's target instead of a temporary";
  let description = [{
    The CPU backend's first stage on buffers, right after bufferization.
    One-shot bufferization cannot write both results of a fused two-result
    generic into their slices of a concatenation (SwiGLU's backward: its
    gate and up gradients, the inputs of one `trm.concat`):
    trm-cpu-concat-in-place gives one its slice, and the other, inserted
    into the first insertion's result (defined after the generic), gets a
    temporary copied into its slice afterwards (2 x 6 MB per layer at D=256
    B=64, 1.4 % of the step). Here a `linalg.copy` of a temporary into a
    static subview goes when the temporary is a block-local allocation that
    one linalg op writes whole (an init its payload does not read) and
    nothing else uses but the copy and its deallocation, the subview's
    buffer exists before that op, the op touches that buffer only through
    inits it writes disjoint from the subview, and nothing between the op
    and the copy has memory effects: the op writes the subview instead.

    Before:
    ```mlir
    %t = memref.alloc() : memref<4x8xf32>
    %s0 = memref.subview %r[0, 0] [4, 8] [1, 1] : ...
    linalg.generic ... outs(%t, %s0 : ...)
    %s1 = memref.subview %r[0, 8] [4, 8] [1, 1] : ...
    linalg.copy ins(%t : memref<4x8xf32>) outs(%s1 : ...)
    memref.dealloc %t : memref<4x8xf32>
    ```
    After:
    ```mlir
    %s0 = memref.subview %r[0, 0] [4, 8] [1, 1] : ...
    %s1 = memref.subview %r[0, 8] [4, 8] [1, 1] : ...
    linalg.generic ... outs(%s1, %s0 : ...)
    ```
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

#endif // TRM_CPU_PASSES_TD
