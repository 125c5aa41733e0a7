//===- peak.cpp - what the host delivers while a benchmark runs -----------===//
//
// The % of peak in bench/ is of the nominal peak shared/notes measured
// (227 GFLOP/s per core fp32, 454 bf16 with VDPBF16PS; half of it for AVX2
// kernels and on Zen 4, whose FMA pipes are 256 bits: NominalPeak.h). This
// 2-vCPU VM shares its host, which does not always deliver it: at times two
// threads of pure FMAs ran no faster than one. This program measures, for 1
// to N threads, register-only fp32 FMA and bf16 VDPBF16PS loops (no memory
// traffic; HostPeak.h) and a streaming read, and prints them next to the
// nominal figures, so that a bench run can be read against what the machine
// gave at the time.
//
//   build/bin/trm-bench-peak [--threads=N] [--reps=R]   (default 2 and 5)
//
//===----------------------------------------------------------------------===//
#include "bench/HostPeak.h"
#include "runtime/exec/NominalPeak.h"

#include <immintrin.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace {

constexpr long kSteps = 100'000'000; // loop trips per thread and run
constexpr size_t kStreamBytes = 512ull << 20;

// Where the streaming read's sum goes, so that the compiler keeps the loop.
volatile float sink;

/// Sums `count` floats from `data` in four SSE accumulators (baseline x86-64:
/// the read is memory-bound at any vector width).
double readShare(const float *data, size_t count) {
  __m128 acc[4] = {_mm_setzero_ps(), _mm_setzero_ps(), _mm_setzero_ps(),
                   _mm_setzero_ps()};
  for (size_t i = 0; i < count; i += 16)
    for (int j = 0; j < 4; ++j)
      acc[j] = _mm_add_ps(acc[j], _mm_load_ps(data + i + 4 * j));
  alignas(16) float lanes[4];
  _mm_store_ps(lanes, _mm_add_ps(_mm_add_ps(acc[0], acc[1]),
                                 _mm_add_ps(acc[2], acc[3])));
  sink = lanes[0] + lanes[1] + lanes[2] + lanes[3];
  return static_cast<double>(count * sizeof(float)); // bytes
}

/// Best and median of `reps` rates (amount / second).
void report(const char *what, int threads, int reps, double nominal,
            const std::function<double(int)> &work, const char *unit) {
  std::vector<double> rates;
  for (int r = 0; r < reps; ++r) {
    double amount;
    double seconds = trm::bench::timedTogether(threads, work, amount);
    rates.push_back(amount / seconds / 1e9);
  }
  std::sort(rates.begin(), rates.end());
  std::printf("%-22s %2d thread(s): median %7.1f, best %7.1f %s", what, threads,
              rates[rates.size() / 2], rates.back(), unit);
  if (nominal > 0)
    std::printf("  (%5.1f %% of nominal %.1f)",
                100 * rates[rates.size() / 2] / (nominal * threads),
                nominal * threads);
  std::printf("\n");
}

/// The positive integer of `--name=N` (`fallback` without one); exits
/// with a message on anything else.
int intFlag(int argc, char **argv, const char *name, int fallback) {
  std::string prefix = std::string("--") + name + "=";
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], prefix.c_str(), prefix.size()) != 0)
      continue;
    const char *text = argv[i] + prefix.size();
    char *end = nullptr;
    long value = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || value < 1 || value > 256) {
      std::fprintf(stderr,
                   "trm-bench-peak: %s wants a whole number from 1 to 256, "
                   "not '%s'\n",
                   prefix.c_str(), text);
      std::exit(2);
    }
    return static_cast<int>(value);
  }
  return fallback;
}

} // namespace

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], "--threads=", 10) != 0 &&
        std::strncmp(argv[i], "--reps=", 7) != 0) {
      std::fprintf(stderr,
                   "trm-bench-peak: unknown argument '%s' (usage: "
                   "trm-bench-peak [--threads=N] [--reps=R])\n",
                   argv[i]);
      return 2;
    }
  int maxThreads = intFlag(argc, argv, "threads", 2);
  int reps = intFlag(argc, argv, "reps", 5);
  trm::bench::FmaIsa isa = trm::bench::hostFmaIsa();
  if (isa == trm::bench::FmaIsa::None) {
    std::fprintf(stderr, "trm-bench-peak: this CPU has neither AVX-512 nor "
                         "AVX2 with FMA, which the kernels need\n");
    return 1;
  }
  trm::FmaRate rate = trm::bench::hostFmaRate();
  std::printf("FMA vectors: %s%s%s%s\n", trm::bench::fmaIsaName(isa),
              rate.half ? " (against half the nominal peak: " : "", rate.why,
              rate.half ? ")" : "");
  bool bf16 = __builtin_cpu_supports("avx512bf16");
  bool amx = trm::bench::hostAmxTiles();
  size_t floats = kStreamBytes / sizeof(float);
  std::unique_ptr<float[], decltype(&std::free)> data(
      static_cast<float *>(std::aligned_alloc(64, kStreamBytes)), &std::free);
  std::fill(data.get(), data.get() + floats, 1.0f);
  for (int threads = 1; threads <= maxThreads; ++threads) {
    report(
        "fp32 FMA", threads, reps,
        trm::nominalPeakPerCore(trm::Multiplier::Fma, rate),
        [](int) { return trm::bench::fmaLoop(kSteps); }, "GFLOP/s");
    if (bf16)
      report(
          "bf16 VDPBF16PS", threads, reps,
          trm::nominalPeakPerCore(trm::Multiplier::Bf16Dot, rate),
          [](int) { return trm::bench::dotLoop(kSteps); }, "GFLOP/s");
    if (amx)
      report(
          "bf16 AMX TDPBF16PS", threads, reps,
          trm::nominalPeakPerCore(trm::Multiplier::AmxTiles, rate),
          [](int) { return trm::bench::amxLoop(kSteps / 16); }, "GFLOP/s");
    size_t share = floats / threads / 16 * 16;
    report(
        "memory read", threads, reps, 0,
        [&](int t) { return readShare(data.get() + t * share, share); },
        "GB/s");
  }
  if (!bf16)
    std::printf("(no avx512_bf16: bf16 kernels widen to fp32, whose FMA "
                "figures are their peak)\n");
  return 0;
}
