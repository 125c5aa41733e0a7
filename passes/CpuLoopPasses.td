//===- CpuLoopPasses.td - the CPU backend's loop passes ----*- tablegen -*-===//
//
// The passes of backends/cpu/ (one per file there, each with a lit test in
// test/ir/passes/) after the kernels are outlined: transposes, threads,
// OpenMP schedules, profiling calls and the LLVM-level rewrites (exp,
// bf16 as i16). Included by Passes.td after CpuPasses.td.
//
//===----------------------------------------------------------------------===//

#ifndef TRM_CPU_LOOP_PASSES_TD
#define TRM_CPU_LOOP_PASSES_TD

include "mlir/Pass/PassBase.td"

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

#endif // TRM_CPU_LOOP_PASSES_TD
