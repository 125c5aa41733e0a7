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

#include "bench/GemmShape.h"
#include "runtime/exec/HostTensor.h"
#include "runtime/exec/Kernels.h"

#include <memory>
#include <string>

namespace trm::bench {

/// Compiles the trm module `moduleText` for this CPU as `trmc compile
/// --target=cpu` does, into a kernels.so in a scratch directory (removed
/// once loaded; copied to `keepAs` first unless that is empty), loads it
/// into `kernels` and returns its entry point for func `name`; null and
/// `error` on failure. `vectorBits` (non-zero) overrides the host's vector
/// registers: 256 gives the AVX2 tiles on any host (and no VDPBF16PS or
/// AMX); without `amx`, bf16 products do not use the host's AMX tiles.
Kernels::Entry compileForHost(const std::string &moduleText,
                              const std::string &name, Kernels &kernels,
                              std::string &error,
                              const std::string &keepAs = "",
                              int64_t vectorBits = 0, bool amx = true);

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
