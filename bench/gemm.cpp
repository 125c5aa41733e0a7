//===- gemm.cpp - GEMM speed of the CPU backend at TRM's shapes -----------===//
//
// Compiles one trm.dot_general per shape through the CPU pipeline (as
// `trmc compile --target=cpu` does), checks it against a double-precision
// product, and prints GFLOP/s and % of the nominal peak (shared/notes:
// 227 GFLOP/s per core fp32, 454 bf16 where the kernels use VDPBF16PS;
// NominalPeak.h). Median and best of --reps runs: on a shared host the best
// is the kernel's own speed, the median what a run sees. Before each shape
// the threads run a register-only loop of the kernels' instruction (FMA or
// VDPBF16PS; HostPeak.h): "host" is what this machine delivered then, and
// "% host" the median against it.
//
//   build/bin/trm-bench-gemm                      the default TRM shapes
//   build/bin/trm-bench-gemm 1552x512x3072 512x1552x3072t --dtype=bf16
//   build/bin/trm-bench-gemm --threads=2        (OpenMP threads; default 1)
//   build/bin/trm-bench-gemm --keep-kernels=DIR  (each shape's kernels.so
//                                                 kept as DIR/SHAPE.so)
//
// A shape is MxKxN (C[M,N] = A[M,K] B[K,N]); a trailing t stores A as [K,M]
// (the weight-gradient form), a trailing g applies SwiGLU to the product's
// halves (the GLU epilogue; H is M x N/2), a leading Bx a batch dim.
//===----------------------------------------------------------------------===//
#include "backends/cpu/CpuPipeline.h"
#include "backends/cpu/SharedLibrary.h"
#include "bench/GemmHarness.h"
#include "bench/HostPeak.h"
#include "runtime/exec/NominalPeak.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

// Rounds of the host's register-only loop: ~30 ms per thread at nominal.
constexpr long kHostLoopSteps = 20'000'000;

bool parseShape(std::string text, trm::bench::GemmCase &gemm) {
  for (; !text.empty() && (text.back() == 't' || text.back() == 'g');
       text.pop_back())
    (text.back() == 't' ? gemm.transposeA : gemm.glu) = true;
  std::vector<int64_t> dims;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('x', start);
    std::string part = text.substr(start, end - start);
    char *rest = nullptr;
    long long value = std::strtoll(part.c_str(), &rest, 10);
    if (part.empty() || *rest || value <= 0)
      return false;
    dims.push_back(value);
    if (end == std::string::npos)
      break;
    start = end + 1;
  }
  if (dims.size() == 4)
    gemm.batch = dims[0];
  else if (dims.size() != 3)
    return false;
  size_t o = dims.size() - 3;
  gemm.m = dims[o];
  gemm.k = dims[o + 1];
  gemm.n = dims[o + 2];
  return !gemm.glu || (!gemm.batch && gemm.n % 2 == 0);
}

/// The GEMMs of a D=512 B=16 and a D=256 B=64 baseline step (MLP-T,
/// 97 tokens): channel and token MLPs forward, and their weight gradients.
std::vector<std::string> defaultShapes() {
  return {"1552x512x3072", "1552x1536x512",  "8192x97x1024",
          "8192x512x97",   "512x1552x3072t", "1536x1552x512t",
          "6208x256x1536", "6208x768x256",   "256x6208x1536t"};
}

} // namespace

int main(int argc, char **argv) {
  std::string dtype = "f32", threads = "1", keepDir;
  int reps = 5;
  std::vector<std::string> shapes;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--dtype=", 0) == 0)
      dtype = arg.substr(8);
    else if (arg.rfind("--reps=", 0) == 0)
      reps = std::max(1, std::atoi(arg.c_str() + 7));
    else if (arg.rfind("--threads=", 0) == 0)
      threads = arg.substr(10);
    else if (arg.rfind("--keep-kernels=", 0) == 0)
      keepDir = arg.substr(15);
    else
      shapes.push_back(arg);
  }
  if (dtype != "f32" && dtype != "bf16") {
    std::fprintf(stderr,
                 "trm-bench-gemm: --dtype=%s: use f32 or "
                 "bfloat16\n",
                 dtype.c_str());
    return 2;
  }
  if (shapes.empty())
    shapes = defaultShapes();
  if (std::atoi(threads.c_str()) < 1) {
    std::fprintf(stderr, "trm-bench-gemm: --threads=%s: use 1 or more\n",
                 threads.c_str());
    return 2;
  }
  // The kernels' OpenMP runtime reads this when the first kernel runs.
  setenv("OMP_NUM_THREADS", threads.c_str(), 1);
  int threadCount = std::atoi(threads.c_str());
  bool bf16Dot =
      dtype == "bf16" &&
      trm::cpu::loweringOptionsFor(trm::cpu::hostCpu().features).bf16Dot;
  double peak = trm::nominalPeakPerCore(dtype == "bf16", bf16Dot) * threadCount;
  std::printf("%-24s %9s %9s %8s %8s %8s %8s %10s\n", "shape (MxKxN)", "ms",
              "GFLOP/s", "% peak", "best", "host", "% host", "rel.err");
  for (const std::string &text : shapes) {
    trm::bench::GemmCase gemm;
    gemm.dtype = dtype;
    if (!parseShape(text, gemm)) {
      std::fprintf(
          stderr,
          "trm-bench-gemm: '%s' is not a shape like "
          "1552x512x3072, 512x1552x3072t, 6208x256x1536g or 4x97x64x97\n",
          text.c_str());
      return 2;
    }
    std::string error;
    std::string keepAs = keepDir.empty() ? "" : keepDir + "/" + text + ".so";
    auto compiled = trm::bench::CompiledGemm::compile(gemm, error, keepAs);
    if (!compiled) {
      std::fprintf(stderr, "trm-bench-gemm: %s: %s\n", text.c_str(),
                   error.c_str());
      return 1;
    }
    compiled->run(); // warm-up; also the result checked below
    double err = compiled->relativeError();
    double host = trm::bench::hostGflops(threadCount, bf16Dot, kHostLoopSteps,
                                         /*runs=*/3);
    std::vector<double> ms;
    for (int r = 0; r < reps; ++r) {
      auto start = std::chrono::steady_clock::now();
      compiled->run();
      ms.push_back(std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - start)
                       .count());
    }
    std::sort(ms.begin(), ms.end());
    double median = ms[ms.size() / 2];
    double gflops = gemm.flops() / (median * 1e6);
    double best = gemm.flops() / (ms.front() * 1e6);
    std::printf("%-24s %9.2f %9.1f %7.1f%% %7.1f%% %8.1f %7.1f%% %10.1e\n",
                gemm.describe().c_str(), median, gflops, 100 * gflops / peak,
                100 * best / peak, host, 100 * gflops / host, err);
  }
  std::printf("peak: %.0f GFLOP/s (%s x %s thread(s), shared/notes)%s\n", peak,
              dtype.c_str(), threads.c_str(),
              dtype == "bf16" && !bf16Dot
                  ? "; no avx512_bf16: bf16 widened to fp32 FMAs"
                  : "");
  return 0;
}
