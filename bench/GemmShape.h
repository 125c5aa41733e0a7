//===- GemmShape.h - a benchmark GEMM's shape, as written on a command line
//===//
//
// Shared by trm-bench-gemm (our kernels) and trm-bench-blas (OpenBLAS at the
// same shapes), so that both read and print shapes alike.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BENCH_GEMMSHAPE_H
#define TRM_BENCH_GEMMSHAPE_H

#include <cstdint>
#include <string>
#include <vector>

namespace trm::bench {

/// C[batch][m][n] = sum_k A[batch][m][k] * B[batch][k][n] (batch 0: no batch
/// dim); `transposeA` stores A as [k][m]; dtype "f32" or "bf16". With `glu`
/// (no batch) the result is SwiGLU's H[m][n/2] = silu(C[:, :n/2]) *
/// C[:, n/2:], the GEMM's GLU epilogue; with `keepProduct` too, a second
/// result C * C reads C after it, so the epilogue kernel also stores C.
/// With `roundsToBf16` (no GLU) the result is C rounded to bf16, as a
/// gradient's product is: the GEMM's unary epilogue.
struct GemmCase {
  int64_t batch = 0, m = 1, k = 1, n = 1;
  bool transposeA = false, glu = false, keepProduct = false,
       roundsToBf16 = false;
  std::string dtype = "f32";
  /// The kernels' vector registers (CpuLoweringOptions::vectorBits): 512 or
  /// 256 (ymm tiles, no VDPBF16PS); 0: the host's.
  int64_t vectorBits = 0;
  /// Whether bf16 products may use the host's AMX tiles (if it has them;
  /// never in ymm tiles); false: VDPBF16PS or the FMA kernel.
  bool amx = true;

  /// Whether the module also returns C * C (keepProduct applies to GLU).
  bool squaresProduct() const { return glu && keepProduct; }
  double flops() const {
    return 2.0 * static_cast<double>(batch ? batch : 1) * m * k * n;
  }
  std::string describe() const;
};

/// Reads MxKxN (a trailing t: A stored [K,M]; a trailing g: the GLU
/// epilogue, gp: with keepProduct; a trailing r: C rounded to bf16; a leading
/// Bx: a batch dim) into `gemm`'s dims and flags; false if `text` is not such a
/// shape.
bool parseGemmShape(std::string text, GemmCase &gemm);

/// The GEMMs of a D=512 B=16 and a D=256 B=64 baseline step (MLP-T,
/// 97 tokens): channel and token MLPs forward, and their weight gradients.
std::vector<std::string> defaultGemmShapes();

/// What a command says of a shape it cannot read.
constexpr const char *kShapeExamples =
    "1552x512x3072, 512x1552x3072t, 6208x256x1536g or 4x97x64x97";

} // namespace trm::bench

#endif // TRM_BENCH_GEMMSHAPE_H
