//===- GemmKernel.h - the register-tiled GEMM kernel ------------*- C++ -*-===//
#ifndef TRM_BACKENDS_CPU_GEMMKERNEL_H
#define TRM_BACKENDS_CPU_GEMMKERNEL_H

#include "backends/cpu/GemmEmitter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace trm::cpu {

struct GemmEpilogue;

/// What the target CPU gives the kernels.
struct GemmTarget {
  bool bf16Dot = false; // avx512_bf16: bf16 operands by VDPBF16PS
  bool amx = false;     // amx-bf16: bf16 operands on AMX tiles (GemmAmx.h)
  VectorRegisters registers = VectorRegisters::Zmm;
};

/// The kernel's operand types for `element` (f32 or bf16) operands:
/// A memref<?x?xT, strided<[?, ?]>>, B memref<?x?xT, strided<[?, 1]>>,
/// C memref<?x?xf32, strided<[?, 1]>>. The VDPBF16PS kernel takes an A with
/// unit-stride rows or a transposed one (unit-stride columns) only.
mlir::MemRefType gemmLhsType(mlir::Type element);
mlir::MemRefType gemmRhsType(mlir::Type element);
mlir::MemRefType gemmResultType(mlir::MLIRContext *ctx);

/// Whether `element` operands get the VDPBF16PS (pair) kernel.
bool usesPairKernel(mlir::Type element, bool bf16Dot);

/// Whether `element` operands get the AMX kernel (`@trm_gemm_bf16_amx`,
/// which takes no epilogue).
bool usesAmxKernel(mlir::Type element, const GemmTarget &target);

/// `@trm_gemm_<element>(A, B, C, overwrite)`: C = A * B when `overwrite`
/// (an i1), else C += A * B; emitted into `module` on first use (private,
/// never inlined). With the target's `bf16Dot`, bf16 operands are
/// multiplied two k at a time by VDPBF16PS (the target must have
/// avx512_bf16); without it they are widened to f32 and use the FMA kernel.
/// With the target's `amx`, bf16 operands use the AMX kernel instead.
mlir::func::FuncOp getOrCreateGemmKernel(mlir::ModuleOp module,
                                         mlir::Type element,
                                         const GemmTarget &target);

/// `@trm_gemm_<element>[_dot]_map<i>(A, B, H)`: H = f(P), or, gated,
/// `..._glu<i>`: H = f(P[:, :N/2], P[:, N/2:]), for P = A * B with
/// `element` operands multiplied as getOrCreateGemmKernel's, and the
/// epilogue's elementwise f, H of the epilogue output's element type; P is
/// not stored unless the epilogue keeps it: then the kernel takes P (f32)
/// after H. One kernel per distinct f (and keeping or not). Needs K <= 512
/// (one depth block), and gated, N a multiple of 64 (whole tiles);
/// findGemmEpilogue checks both. The FMA kernel applies f per strip of
/// rows (GemmStripEpilogue.h).
mlir::func::FuncOp getOrCreateEpilogueGemmKernel(mlir::ModuleOp module,
                                                 const GemmEpilogue &epilogue,
                                                 mlir::Type element,
                                                 const GemmTarget &target);

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMKERNEL_H
