//===- blas.cpp - OpenBLAS's sgemm at the shapes trm-bench-gemm times -----===//
//
// The yardstick for the CPU backend's GEMMs: the same shapes, threads and
// table as trm-bench-gemm (GemmTable.h), computed by cblas_sgemm. Built when
// CMake finds OpenBLAS (Debian: apt-get install libopenblas-dev), which picks
// its kernels for the CPU at run time; the first line names them.
//
//   build/bin/trm-bench-blas 6208x256x1536 256x6208x1536t --threads=2
//
// f32 only; a trailing t passes A as [K,M] with CblasTrans, as a weight
// gradient's activations are stored. rel.err: the worst of 256 sampled
// entries of C against double-precision dot products.
//===----------------------------------------------------------------------===//
#include "bench/GemmTable.h"
#include "bench/HostPeak.h"
#include "runtime/exec/NominalPeak.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <cblas.h>

namespace {

std::vector<float> seeded(size_t count, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> values(count);
  for (float &v : values)
    v = uniform(random);
  return values;
}

/// One sgemm and its operands.
struct BlasGemm {
  explicit BlasGemm(const trm::bench::GemmCase &g)
      : g(g), a(seeded(g.m * g.k, 1)), b(seeded(g.k * g.n, 2)),
        c(g.m * g.n, 0.0f) {}

  void run() {
    cblas_sgemm(CblasRowMajor, g.transposeA ? CblasTrans : CblasNoTrans,
                CblasNoTrans, g.m, g.n, g.k, 1.0f, a.data(),
                g.transposeA ? g.m : g.k, b.data(), g.n, 0.0f, c.data(), g.n);
  }

  double lhs(int64_t i, int64_t p) const {
    return g.transposeA ? a[p * g.m + i] : a[i * g.k + p];
  }

  double relativeError() const {
    std::mt19937 random(3);
    double worst = 0, largest = 0;
    for (int s = 0; s < 256; ++s) {
      int64_t i = random() % g.m, j = random() % g.n;
      double exact = 0;
      for (int64_t p = 0; p < g.k; ++p)
        exact += lhs(i, p) * b[p * g.n + j];
      worst = std::max(worst, std::fabs(c[i * g.n + j] - exact));
      largest = std::max(largest, std::fabs(exact));
    }
    return largest > 0 ? worst / largest : worst;
  }

  trm::bench::GemmCase g;
  std::vector<float> a, b, c;
};

} // namespace

int main(int argc, char **argv) {
  int threads = 1, reps = 5;
  std::vector<std::string> shapes;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--reps=", 0) == 0)
      reps = std::max(1, std::atoi(arg.c_str() + 7));
    else if (arg.rfind("--threads=", 0) == 0)
      threads = std::atoi(arg.c_str() + 10);
    else
      shapes.push_back(arg);
  }
  if (threads < 1) {
    std::fprintf(stderr, "trm-bench-blas: --threads: use 1 or more\n");
    return 2;
  }
  if (shapes.empty())
    shapes = trm::bench::defaultGemmShapes();
  openblas_set_num_threads(threads);
  std::printf("OpenBLAS %s kernels, %d thread(s)\n", openblas_get_corename(),
              threads);
  trm::FmaRate rate = trm::bench::hostFmaRate();
  double peak = trm::nominalPeakPerCore(trm::Multiplier::Fma, rate) * threads;
  trm::bench::GemmTable table(threads, trm::Multiplier::Fma, peak, reps);
  table.printHeader();
  for (const std::string &text : shapes) {
    trm::bench::GemmCase gemm;
    if (!trm::bench::parseGemmShape(text, gemm) || gemm.batch || gemm.glu ||
        gemm.roundsToBf16) {
      std::fprintf(stderr,
                   "trm-bench-blas: '%s' is not a plain sgemm shape like "
                   "1552x512x3072 or 512x1552x3072t (no batch, no g or r)\n",
                   text.c_str());
      return 2;
    }
    BlasGemm blas(gemm);
    blas.run(); // warm-up; also the result checked
    auto run = [&] { blas.run(); };
    table.measure(gemm, run, blas.relativeError());
  }
  std::printf("peak: %.1f GFLOP/s (f32 x %d thread(s), shared/notes)%s%s\n",
              peak, threads, rate.half ? "; half of it: " : "", rate.why);
  return 0;
}
