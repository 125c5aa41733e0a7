//===- CpuPasses.td - the CPU backend's passes -------------*- tablegen -*-===//
//
// The passes of backends/cpu/ (one per file there, each with a lit test in
// test/ir/passes/), included by Passes.td.
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

def TrmCpuOuterParallel : Pass<"trm-cpu-outer-parallel", "::mlir::ModuleOp"> {
  let summary = "Thread only the outermost dim of large loop nests";
  let description = [{
    The CPU backend's threading stage, after linalg ops became
    `scf.parallel` nests. Each multi-dim `scf.parallel` keeps only its
    outermost dim parallel (the unit OpenMP splits across threads) and runs
    the others as `scf.for` inside, so the innermost loop stays a plain
    counted loop that LLVM vectorises; a collapsed OpenMP loop would compute
    every index by division and stay scalar. Nests with fewer than
    `min-parallel-work` iterations (static trip counts, including the loops
    inside the body, such as a reduction's) become serial loops entirely:
    forking threads would cost more than the work. A nest inside another
    parallel loop (a tiled transpose's tile) runs serially in its thread.
    A straight-line vector body counts as the elements it moves when the
    nest says so (`trm.work_per_iteration`, set by the register-block
    transpose).

    Before:
    ```mlir
    scf.parallel (%i, %j) = (%c0, %c0) to (%c512, %c3072) step (%c1, %c1) {...}
    ```
    After:
    ```mlir
    scf.parallel (%i) = (%c0) to (%c512) step (%c1) {
      scf.for %j = %c0 to %c3072 step %c1 {...}
    }
    ```
  }];
  let options = [
    Option<"minParallelWork", "min-parallel-work", "int64_t",
           /*default=*/"32768",
           "Nests with fewer static iterations run serially">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect"];
}

def TrmCpuProfileCalls : Pass<"trm-cpu-profile-calls", "::mlir::ModuleOp"> {
  let summary = "Let the runtime time every kernel call of the entry points";
  let description = [{
    The CPU backend's profiling hooks, after the kernels are outlined. Every
    call of a kernel (`trm_kernel_<i>`, `trm_gemm_*`) outside the kernels
    becomes a call site with a number: the pass brackets it
    with `trm_profile_enter(site)` and `trm_profile_exit(site)`, which the
    runtime defines (they return at once unless `trm-run step --profile`
    asked for timings), and describes the sites in two public globals the
    runtime reads from the library: `trm_profile_site_names` (the sites'
    names, each ended by a 0 byte: `gemm_f32 6208x256x1536` for a matmul,
    M x K x N, with ` A^T` / ` B^T` for an operand read transposed; else the kernel, its element ops and its largest operand)
    and `trm_profile_site_flops` (a matmul's 2 M K N, 0 for other kernels).
    A step holds a few hundred calls; the hooks cost nothing measurable.

    Before:
    ```mlir
    call @trm_gemm_f32(%a, %b, %c, %false) : (memref<?x?xf32>, ...) -> ()
    ```
    After:
    ```mlir
    %site = arith.constant 0 : i64
    call @trm_profile_enter(%site) : (i64) -> ()
    call @trm_gemm_f32(%a, %b, %c, %false) : (memref<?x?xf32>, ...) -> ()
    call @trm_profile_exit(%site) : (i64) -> ()
    memref.global constant @trm_profile_site_names : memref<23xi8> = dense<[...]>
    ```
  }];
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

def TrmCpuGuidedSchedule : Pass<"trm-cpu-guided-schedule", "::mlir::ModuleOp"> {
  let summary = "Give the worksharing loops OpenMP's guided schedule";
  let description = [{
    The CPU backend's load-balancing stage, after `scf.parallel` became
    `omp.wsloop`. Every worksharing loop without a schedule or reductions
    gets `schedule(guided)`: threads take shrinking runs of iterations as
    they finish, instead of one fixed share each, the shortest run 1/32 of
    the loop (at least one iteration). Cores do not run at one speed (a
    shared host's other tenants, turbo): with the static split the faster
    thread waited at every loop's end for the slower one (D=256 B=64 f32
    step, 2 threads, Ice Lake VM: 9.5 % of all samples were threads
    spinning in libomp, three quarters of them while the other thread ran a
    GEMM; 2.7 % with guided runs). The shortest run is not one iteration:
    Debian's libomp formats a debug string on every dispatch, and one-
    iteration runs at each loop's end cost 2 % of the step. Each iteration's
    work and order stay the same: results do not change. Loops with
    reductions keep their schedule: their partial sums would combine in an
    order that depends on which thread took which run.

    Before:
    ```mlir
    omp.wsloop {
      omp.loop_nest (%s) : index = (%c0) to (%n) step (%c1) {...}
    }
    ```
    After:
    ```mlir
    %runs = arith.ceildivsi %n, %c32 : index   // trip count / 32
    %shortest = arith.maxsi %c1, %runs : index
    omp.wsloop schedule(guided = %shortest : index) {
    ```
  }];
  let dependentDialects = ["::mlir::omp::OpenMPDialect"];
}

def TrmCpuInlineAllocaScopes
    : Pass<"trm-cpu-inline-alloca-scopes", "::mlir::ModuleOp"> {
  let summary = "Inline the alloca scopes that allocate nothing themselves";
  let description = [{
    The CPU backend runs this after the canonicalizer that follows
    `scf.parallel` -> OpenMP, before `scf` becomes blocks: a
    `memref.alloca_scope` left then cannot be lowered once its body has
    several blocks. The conversion wraps every parallel body in a scope, and
    the canonicalizer hoists static allocas out of such scopes and inlines
    the scopes left empty of allocations, but it counts any op without
    memory effects, a `func.call` among them, as a possible stack
    allocation: a parallel body that calls a function (the FMA GEMM kernel's
    per-strip epilogue, GemmStripEpilogue.h) kept its scope. A call's frame
    is gone when it returns, so this pass inlines every scope in which no op
    (outside nested scopes) allocates on the stack: `memref.alloca`, or any
    op with an allocation effect on the automatic allocation scope. Scopes
    that do allocate keep their meaning and stay.

    Before:
    ```mlir
    memref.alloca_scope {
      func.call @apply(%buffer) : (memref<6x1024xf32>) -> ()
    }
    ```
    After:
    ```mlir
    func.call @apply(%buffer) : (memref<6x1024xf32>) -> ()
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

def TrmCpuExpandExp : Pass<"trm-cpu-expand-exp", "::mlir::ModuleOp"> {
  let summary = "f32 exp as arithmetic: range reduction, polynomial, scaling";
  let description = [{
    The CPU backend's math stage, before math -> LLVM. Every f32
    `math.exp` (scalar in loops LLVM vectorizes, or a GEMM epilogue's
    vector<16xf32>) becomes ~20 arithmetic ops: exp(x) = 2^n exp(r) with
    n = round(x / ln 2), r = x - n ln 2 (ln 2 in two parts),
    exp(r) by its Taylor polynomial to degree 7 (within ~1 ulp), and 2^n as
    two exponent-field powers of two (subnormal results stay right; x past
    the float range gives 0 or infinity, NaN gives NaN). It replaces calls
    of libmvec's 16-lane expf, around which every zmm register is spilled
    (all are caller-saved): in SwiGLU's GEMM epilogue, called per 16
    outputs, and in SwiGLU's backward.

    Before:
    ```mlir
    %y = math.exp %x : vector<16xf32>
    ```
    After:
    ```mlir
    %c = arith.minimumf (arith.maximumf %x, -104), 88.8
    %n = math.roundeven (%c * log2(e))
    %r = math.fma -%n, ln2_lo, (math.fma -%n, ln2_hi, %c)
    %p = math.fma ... (Horner, 1/7! ... 1)
    %y = %p * bitcast((n >> 1 + 127) << 23) * bitcast((n - n >> 1 + 127) << 23)
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect"];
}

def TrmCpuBf16AsI16
    : Pass<"trm-cpu-bf16-as-i16", "::mlir::ModuleOp"> {
  let summary = "bf16 loads and stores (masked or not) as i16 ones";
  let description = [{
    The CPU backend's last stage, on the LLVM dialect. x86 without
    AVX512-BF16 has no bf16 vector type: LLVM splits a masked store of a
    bf16 vector into one branch per lane, each converting its lane to f32
    and back through the `__truncsfbf2` library call, which neither the
    kernels library nor the JIT links (a bf16 kernel then fails to load);
    a plain store of a bf16 vector (or one the loop vectorizer made of
    scalar bf16 stores) became 16 lane extractions and 16-bit stores (the
    bf16 step's SwiGLU backward ran 3x slower than with i16 lanes). Moving
    the same bits as i16 (a bitcast either side, none where the value was
    just cast from i16) is exact and gives one `vmovdqu16` (under a mask)
    on every AVX-512BW target. Scalars move as i16 too, so that vectorized
    loops do.

    Before:
    ```mlir
    llvm.intr.masked.store %v, %p, %m {alignment = 2 : i32}
        : vector<16xbf16>, vector<16xi1> into !llvm.ptr
    llvm.store %s, %q {alignment = 2 : i64} : bf16, !llvm.ptr
    ```
    After:
    ```mlir
    %bits = llvm.bitcast %v : vector<16xbf16> to vector<16xi16>
    llvm.intr.masked.store %bits, %p, %m {alignment = 2 : i32}
        : vector<16xi16>, vector<16xi1> into !llvm.ptr
    %word = llvm.bitcast %s : bf16 to i16
    llvm.store %word, %q {alignment = 2 : i64} : i16, !llvm.ptr
    ```
  }];
}

def TrmCpuTileTransposes : Pass<"trm-cpu-tile-transposes", "::mlir::ModuleOp"> {
  let summary = "Tile transposes that move the innermost dim into 32x32 blocks";
  let description = [{
    The CPU backend's transpose stage, on bufferized linalg (after outlining,
    before loops). A `linalg.transpose` whose permutation moves the input's
    innermost dim elsewhere reads one element per cache line in its inner
    loop: a 512 x 8192 bf16 transpose pulls each line from L2 32 times.
    Tiling the two dims involved by 32 keeps each block's source and
    destination lines in L1 while the block is copied; the tile loops are an
    `scf.parallel`, threaded like any other nest. A transpose of 32-bit
    elements that swaps the two innermost dims (MLP-T's token mixing, f32
    [0, 2, 1]) goes further: 16x16 blocks are transposed in registers (16 row
    loads, four rounds of two-vector `vector.shuffle`s, 16 row stores; edge
    blocks masked), where the tiled copy moved one element per instruction
    or gathered (D=256 B=64 bf16 step: 4.7 % -> 1.5 % of samples).

    Before:
    ```mlir
    linalg.transpose ins(%a : memref<8192x512xbf16>)
        outs(%b : memref<512x8192xbf16>) permutation = [1, 0]
    ```
    After:
    ```mlir
    scf.parallel (%i, %j) = (%c0, %c0) to (%c512, %c8192) step (%c32, %c32) {
      %in = memref.subview %a[%j, %i] [32, 32] [1, 1] : ...
      %out = memref.subview %b[%i, %j] [32, 32] [1, 1] : ...
      linalg.transpose ins(%in : ...) outs(%out : ...) permutation = [1, 0]
    }
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::vector::VectorDialect"];
}

#endif // TRM_CPU_PASSES_TD
