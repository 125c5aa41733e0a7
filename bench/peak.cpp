//===- peak.cpp - what the host delivers while a benchmark runs -----------===//
//
// The % of peak in bench/ is of the nominal peak shared/notes measured
// (227 GFLOP/s per core fp32, 454 bf16). This 2-vCPU VM shares its host,
// which does not always deliver it: at times two threads of pure FMAs ran
// no faster than one. This program measures, for 1 to N threads, register-
// only fp32 FMA and bf16 VDPBF16PS loops (no memory traffic) and a
// streaming read, and prints them next to the nominal figures, so that a
// bench run can be read against what the machine gave at the time.
//
//   build/bin/trm-bench-peak [--threads=N] [--reps=R]   (default 2 and 5)
//
//===----------------------------------------------------------------------===//
#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr double kPeakF32 = 227.0, kPeakBf16 = 454.0; // GFLOP/s, one core
constexpr int kChains = 12;          // independent accumulators per thread
constexpr long kSteps = 100'000'000; // loop trips per thread and run
constexpr size_t kStreamBytes = 512ull << 20;

// Where the loops' sums go, so that the compiler keeps the loops.
volatile float sink;

/// kChains independent accumulators: the loops below keep both pipes busy
/// without waiting on any one result.
struct Chains {
  __m512 acc[kChains];
};

__attribute__((target("avx512f"))) void startChains(Chains &c) {
  for (int i = 0; i < kChains; ++i)
    c.acc[i] = _mm512_set1_ps(static_cast<float>(i));
}

/// Stores the chains' sum in `sink` and returns `flopsPerStep` x the steps.
__attribute__((target("avx512f"))) double finishChains(const Chains &c,
                                                       double flopsPerStep) {
  float sum = 0;
  for (int i = 0; i < kChains; ++i)
    sum += _mm512_reduce_add_ps(c.acc[i]);
  sink = sum;
  return flopsPerStep * kChains * kSteps;
}

__attribute__((target("avx512f"))) double fmaLoop() {
  Chains c;
  startChains(c);
  __m512 x = _mm512_set1_ps(1.0001f), y = _mm512_set1_ps(0.9999f);
  for (long s = 0; s < kSteps; ++s)
    for (int i = 0; i < kChains; ++i)
      c.acc[i] = _mm512_fmadd_ps(c.acc[i], x, y);
  return finishChains(c, 2.0 * 16); // 16 lanes x (multiply + add)
}

__attribute__((target("avx512f,avx512bf16"))) double dotLoop() {
  Chains c;
  startChains(c);
  __m512bh x = _mm512_cvtne2ps_pbh(_mm512_set1_ps(1), _mm512_set1_ps(2));
  for (long s = 0; s < kSteps; ++s)
    for (int i = 0; i < kChains; ++i)
      c.acc[i] = _mm512_dpbf16_ps(c.acc[i], x, x);
  return finishChains(c, 2.0 * 32); // 16 lanes x 2 products x 2 FLOPs
}

/// Seconds for `threads` threads each running `work` once, started
/// together; `work(t)` returns its amount (FLOPs or bytes).
double timed(int threads, const std::function<double(int)> &work,
             double &amount) {
  std::atomic<int> ready{0};
  std::vector<double> done(threads);
  std::vector<std::thread> pool;
  auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      ready.fetch_add(1);
      while (ready.load() < threads) {
      }
      done[t] = work(t);
    });
  for (std::thread &th : pool)
    th.join();
  amount = 0;
  for (double d : done)
    amount += d;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

__attribute__((target("avx512f"))) double readShare(const float *data,
                                                    size_t count) {
  __m512 acc = _mm512_setzero_ps();
  for (size_t i = 0; i < count; i += 16)
    acc = _mm512_add_ps(acc, _mm512_load_ps(data + i));
  sink = _mm512_reduce_add_ps(acc);
  return static_cast<double>(count * sizeof(float)); // bytes
}

/// Best and median of `reps` rates (amount / second).
void report(const char *what, int threads, int reps, double nominal,
            const std::function<double(int)> &work, const char *unit) {
  std::vector<double> rates;
  for (int r = 0; r < reps; ++r) {
    double amount;
    double seconds = timed(threads, work, amount);
    rates.push_back(amount / seconds / 1e9);
  }
  std::sort(rates.begin(), rates.end());
  std::printf("%-22s %2d thread(s): median %7.1f, best %7.1f %s", what, threads,
              rates[rates.size() / 2], rates.back(), unit);
  if (nominal > 0)
    std::printf("  (%5.1f %% of nominal %.0f)",
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
  if (!__builtin_cpu_supports("avx512f")) {
    std::fprintf(stderr, "trm-bench-peak: this CPU has no AVX-512\n");
    return 1;
  }
  bool bf16 = __builtin_cpu_supports("avx512bf16");
  size_t floats = kStreamBytes / sizeof(float);
  std::unique_ptr<float[], decltype(&std::free)> data(
      static_cast<float *>(std::aligned_alloc(64, kStreamBytes)), &std::free);
  std::fill(data.get(), data.get() + floats, 1.0f);
  for (int threads = 1; threads <= maxThreads; ++threads) {
    report(
        "fp32 FMA", threads, reps, kPeakF32, [](int) { return fmaLoop(); },
        "GFLOP/s");
    if (bf16)
      report(
          "bf16 VDPBF16PS", threads, reps, kPeakBf16,
          [](int) { return dotLoop(); }, "GFLOP/s");
    size_t share = floats / threads / 16 * 16;
    report(
        "memory read", threads, reps, 0,
        [&](int t) { return readShare(data.get() + t * share, share); },
        "GB/s");
  }
  if (!bf16)
    std::printf("(no avx512_bf16: the bf16 figures are not measured)\n");
  return 0;
}
