//===- GemmTable.h - the table the GEMM benchmarks print -------*- C++ -*-===//
//
// trm-bench-gemm and trm-bench-blas time their GEMMs alike and print the same
// columns: median ms of --reps runs, GFLOP/s, % of the nominal peak (median
// and best), what the host's register-only loop delivered around them
// ("host", HostPeak.h: best of 3 runs before and 3 after, the faster of the
// two; "~" where they differ by over 10 %), the median against it ("% host")
// and the best against it ("best/h"), and the relative error against a
// double-precision product.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BENCH_GEMMTABLE_H
#define TRM_BENCH_GEMMTABLE_H

#include "bench/GemmShape.h"
#include "runtime/exec/NominalPeak.h"

#include <functional>

namespace trm::bench {

class GemmTable {
public:
  /// `peak`: the nominal GFLOP/s of `threads` threads; `multiplier`: whose
  /// host loop to measure (HostPeak.h).
  GemmTable(int threads, Multiplier multiplier, double peak, int reps)
      : threads(threads), multiplier(multiplier), peak(peak), reps(reps) {}

  void printHeader() const;
  /// Measures the host, times `reps` calls of `run` (already warmed up),
  /// measures the host again and prints `gemm`'s row.
  void measure(const GemmCase &gemm, const std::function<void()> &run,
               double relativeError) const;

private:
  double hostNow() const;

  int threads;
  Multiplier multiplier;
  double peak;
  int reps;
};

} // namespace trm::bench

#endif // TRM_BENCH_GEMMTABLE_H
