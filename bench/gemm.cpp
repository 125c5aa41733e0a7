//===- gemm.cpp - GEMM speed of the CPU backend at TRM's shapes -----------===//
//
// Compiles one trm.dot_general per shape through the CPU pipeline (as
// `trmc compile --target=cpu` does), checks it against a double-precision
// product, and prints GFLOP/s and % of the nominal peak (shared/notes:
// 227 GFLOP/s per core fp32, 454 bf16 where the kernels use VDPBF16PS;
// half of it for AVX2 kernels and on Zen 4: NominalPeak.h). Median and best of
// --reps runs: on a shared host the best is the kernel's own speed, the median
// what a run sees. Before and after each shape the threads run a register-only
// loop of the kernels' instruction (FMA or VDPBF16PS; HostPeak.h): "host" is
// the faster of the two readings (marked "~" where they part by over 10 %), "%
// host" the median against it.
//
//   build/bin/trm-bench-gemm                      the default TRM shapes
//   build/bin/trm-bench-gemm 1552x512x3072 512x1552x3072t --dtype=bf16
//   build/bin/trm-bench-gemm --threads=2        (OpenMP threads; default 1)
//   build/bin/trm-bench-gemm --keep-kernels=DIR  (each shape's kernels.so
//                                                 kept as DIR/SHAPE.so)
//
// A shape is MxKxN (C[M,N] = A[M,K] B[K,N]); a trailing t stores A as [K,M]
// (the weight-gradient form), a trailing g applies SwiGLU to the product's
// halves (the GLU epilogue; H is M x N/2; gp: the product, which a later
// op reads, is stored too: the forward SwiGLU of a training step), a
// leading Bx a batch dim.
//===----------------------------------------------------------------------===//
#include "backends/cpu/CpuPipeline.h"
#include "backends/cpu/SharedLibrary.h"
#include "bench/GemmHarness.h"
#include "bench/GemmTable.h"
#include "bench/HostPeak.h"
#include "runtime/exec/NominalPeak.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char **argv) {
  std::string dtype = "f32", threads = "1", keepDir;
  bool amx = true;
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
    else if (arg == "--no-amx")
      amx = false;
    else if (arg == "--help" || arg == "-h") {
      std::printf("usage: trm-bench-gemm [--dtype=f32|bf16] [--threads=N] "
                  "[--reps=N] [--keep-kernels=DIR] [--no-amx] [SHAPE ...]\n"
                  "  --no-amx: bf16 by VDPBF16PS (or FMAs) on a CPU with "
                  "AMX\n"
                  "  SHAPE: MxKxN, t: A stored [K,M], g: SwiGLU epilogue, "
                  "gp: SwiGLU with the product also stored, r: rounded to "
                  "bf16 (epilogue), leading Bx: batch "
                  "(e.g. %s)\n",
                  trm::bench::kShapeExamples);
      return 0;
    } else if (arg.rfind("-", 0) == 0) {
      std::fprintf(stderr, "trm-bench-gemm: unknown option %s (--help)\n",
                   arg.c_str());
      return 2;
    } else
      shapes.push_back(arg);
  }
  if (dtype != "f32" && dtype != "bf16") {
    std::fprintf(stderr, "trm-bench-gemm: --dtype=%s: use f32 or bf16\n",
                 dtype.c_str());
    return 2;
  }
  if (shapes.empty())
    shapes = trm::bench::defaultGemmShapes();
  if (std::atoi(threads.c_str()) < 1) {
    std::fprintf(stderr, "trm-bench-gemm: --threads=%s: use 1 or more\n",
                 threads.c_str());
    return 2;
  }
  // The kernels' OpenMP runtime reads this when the first kernel runs.
  setenv("OMP_NUM_THREADS", threads.c_str(), 1);
  int threadCount = std::atoi(threads.c_str());
  trm::cpu::CpuLoweringOptions host =
      trm::cpu::loweringOptionsFor(trm::cpu::hostCpu().features);
  trm::Multiplier multiplier =
      trm::multiplierFor(dtype == "bf16", host.bf16Dot, host.amx && amx);
  trm::FmaRate rate = trm::bench::hostFmaRate();
  double peak = trm::nominalPeakPerCore(multiplier, rate) * threadCount;
  trm::bench::GemmTable table(threadCount, multiplier, peak, reps);
  table.printHeader();
  for (const std::string &text : shapes) {
    trm::bench::GemmCase gemm;
    gemm.dtype = dtype;
    gemm.amx = amx;
    if (!trm::bench::parseGemmShape(text, gemm)) {
      std::fprintf(stderr, "trm-bench-gemm: '%s' is not a shape like %s\n",
                   text.c_str(), trm::bench::kShapeExamples);
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
    auto run = [&] { compiled->run(); };
    table.measure(gemm, run, err);
  }
  std::printf("peak: %.1f GFLOP/s (%s x %s thread(s), shared/notes)%s%s%s\n",
              peak, trm::peakName(multiplier), threads.c_str(),
              dtype == "bf16" && multiplier == trm::Multiplier::Fma
                  ? "; no avx512_bf16: bf16 widened to fp32 FMAs"
                  : "",
              rate.half ? "; half of it: " : "", rate.why);
  return 0;
}
