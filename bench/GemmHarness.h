//===- GemmHarness.h - one trm.dot_general, compiled as an artifact is ---===//
//
// Shared by bench/gemm (speed) and the GEMM kernel tests (correctness): a
// module holding one dot_general goes through the CPU pipeline and
// emitSharedLibrary exactly as `trmc compile --target=cpu` does, and runs
// from the .so through the runtime's Kernels loader.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BENCH_GEMMHARNESS_H
#define TRM_BENCH_GEMMHARNESS_H

#include "runtime/exec/HostTensor.h"
#include "runtime/exec/Kernels.h"

#include <memory>
#include <string>

namespace trm::bench {

/// C[batch][m][n] = sum_k A[batch][m][k] * B[batch][k][n] (batch 0: no batch
/// dim); `transposeA` stores A as [k][m]; dtype "f32" or "bf16". With `glu`
/// (no batch) the result is SwiGLU's H[m][n/2] = silu(C[:, :n/2]) *
/// C[:, n/2:], the GEMM's GLU epilogue; with `keepProduct` too, a second
/// result C * C reads C after it, so the epilogue kernel also stores C.
struct GemmCase {
  int64_t batch = 0, m = 1, k = 1, n = 1;
  bool transposeA = false, glu = false, keepProduct = false;
  std::string dtype = "f32";

  /// Whether the module also returns C * C (keepProduct applies to GLU).
  bool squaresProduct() const { return glu && keepProduct; }
  double flops() const {
    return 2.0 * static_cast<double>(batch ? batch : 1) * m * k * n;
  }
  std::string describe() const;
};

/// Compiles the trm module `moduleText` for this CPU as `trmc compile
/// --target=cpu` does, into a kernels.so in a scratch directory (removed
/// once loaded; copied to `keepAs` first unless that is empty), loads it
/// into `kernels` and returns its entry point for func `name`; null and
/// `error` on failure.
Kernels::Entry compileForHost(const std::string &moduleText,
                              const std::string &name, Kernels &kernels,
                              std::string &error,
                              const std::string &keepAs = "");

class CompiledGemm {
public:
  /// Compiles `gemm` for this CPU (compileForHost, keeping the library as
  /// `keepAs` unless empty); null and `error` on failure.
  static std::unique_ptr<CompiledGemm> compile(const GemmCase &gemm,
                                               std::string &error,
                                               const std::string &keepAs = "");

  /// Seeded operands in [-1, 1) and a zeroed result.
  HostTensor &lhs() { return a; }
  HostTensor &rhs() { return b; }
  HostTensor &result() { return c; }
  HostTensor &squaredProduct() { return squared; }
  void run();
  /// max |C - C_exact| / max |C_exact| against a double-precision product
  /// of the (already rounded) operands (with keepProduct, the worse of that
  /// and C * C's).
  double relativeError() const;

private:
  CompiledGemm(const GemmCase &gemm);
  GemmCase gemm;
  HostTensor a, b, c, squared;
  Kernels kernels;
  Kernels::Entry entry = nullptr;
};

} // namespace trm::bench

#endif // TRM_BENCH_GEMMHARNESS_H
