//===- HostPeak.cpp - what the host's arithmetic delivers right now -------===//
#include "bench/HostPeak.h"
#include "runtime/exec/AmxTiles.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/TargetParser/Host.h"

#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace trm::bench {
namespace {

constexpr int kChains = 12; // independent accumulators per thread

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

/// Stores the chains' sum in `sink` and returns the FLOPs of `steps`
/// rounds of `flopsPerStep` per chain.
__attribute__((target("avx512f"))) double
finishChains(const Chains &c, double flopsPerStep, long steps) {
  float sum = 0;
  for (int i = 0; i < kChains; ++i)
    sum += _mm512_reduce_add_ps(c.acc[i]);
  sink = sum;
  return flopsPerStep * kChains * static_cast<double>(steps);
}

__attribute__((target("avx512f"))) double fmaLoop512(long steps) {
  Chains c;
  startChains(c);
  __m512 x = _mm512_set1_ps(1.0001f), y = _mm512_set1_ps(0.9999f);
  for (long s = 0; s < steps; ++s)
    for (int i = 0; i < kChains; ++i)
      c.acc[i] = _mm512_fmadd_ps(c.acc[i], x, y);
  return finishChains(c, 2.0 * 16, steps); // 16 lanes x (multiply + add)
}

/// The same loop in 8-lane ymm FMAs, for CPUs without AVX-512.
__attribute__((target("avx2,fma"))) double fmaLoop256(long steps) {
  __m256 acc[kChains];
  for (int i = 0; i < kChains; ++i)
    acc[i] = _mm256_set1_ps(static_cast<float>(i));
  __m256 x = _mm256_set1_ps(1.0001f), y = _mm256_set1_ps(0.9999f);
  for (long s = 0; s < steps; ++s)
    for (int i = 0; i < kChains; ++i)
      acc[i] = _mm256_fmadd_ps(acc[i], x, y);
  alignas(32) float lanes[8];
  float sum = 0;
  for (int i = 0; i < kChains; ++i) {
    _mm256_store_ps(lanes, acc[i]);
    for (float lane : lanes)
      sum += lane;
  }
  sink = sum;
  return 2.0 * 8 * kChains * static_cast<double>(steps);
}

} // namespace

FmaIsa hostFmaIsa() {
  if (__builtin_cpu_supports("avx512f"))
    return FmaIsa::Avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return FmaIsa::Avx2;
  return FmaIsa::None;
}

FmaRate hostFmaRate() {
  return fmaRate(hostFmaIsa() == FmaIsa::Avx512, llvm::sys::getHostCPUName());
}

const char *fmaIsaName(FmaIsa isa) {
  switch (isa) {
  case FmaIsa::Avx512:
    return "AVX-512";
  case FmaIsa::Avx2:
    return "AVX2";
  case FmaIsa::None:
    break;
  }
  return "no FMA vectors";
}

double fmaLoop(long steps) {
  switch (hostFmaIsa()) {
  case FmaIsa::Avx512:
    return fmaLoop512(steps);
  case FmaIsa::Avx2:
    return fmaLoop256(steps);
  case FmaIsa::None:
    break;
  }
  std::fprintf(stderr, "trm-bench: this CPU has neither AVX-512 nor AVX2 "
                       "with FMA: there is no FMA loop to measure\n");
  std::exit(1);
}

__attribute__((target("avx512f,avx512bf16"))) double dotLoop(long steps) {
  Chains c;
  startChains(c);
  __m512bh x = _mm512_cvtne2ps_pbh(_mm512_set1_ps(1), _mm512_set1_ps(2));
  for (long s = 0; s < steps; ++s)
    for (int i = 0; i < kChains; ++i)
      c.acc[i] = _mm512_dpbf16_ps(c.acc[i], x, x);
  return finishChains(c, 2.0 * 32, steps); // 16 lanes x 2 products x 2 FLOPs
}

bool hostAmxTiles() {
  static const bool usable = [] {
    std::string error;
    return __builtin_cpu_supports("amx-bf16") && requestAmxTiles(error);
  }();
  return usable;
}

namespace {
/// LDTILECFG's 64-byte operand: palette 1, every tile 16 rows of 64 bytes.
struct alignas(64) TileConfig {
  unsigned char palette = 1, startRow = 0, reserved[14] = {};
  unsigned short bytesPerRow[16] = {};
  unsigned char rows[16] = {};
  TileConfig() {
    for (int t = 0; t < 8; ++t) {
      bytesPerRow[t] = 64;
      rows[t] = 16;
    }
  }
};
} // namespace

__attribute__((target("amx-tile,amx-bf16"))) double amxLoop(long steps) {
  TileConfig config;
  _tile_loadconfig(&config);
  alignas(64) static unsigned short operand[16 * 32]; // bf16 zeros
  alignas(64) float sums[16 * 16];
  _tile_loadd(4, operand, 64);
  _tile_loadd(5, operand, 64);
  _tile_loadd(6, operand, 64);
  _tile_loadd(7, operand, 64);
  _tile_zero(0);
  _tile_zero(1);
  _tile_zero(2);
  _tile_zero(3);
  for (long s = 0; s < steps; ++s) {
    _tile_dpbf16ps(0, 4, 6);
    _tile_dpbf16ps(1, 4, 7);
    _tile_dpbf16ps(2, 5, 6);
    _tile_dpbf16ps(3, 5, 7);
  }
  _tile_stored(0, sums, 64);
  _tile_release();
  sink = sums[0];
  return 4 * 2.0 * 16 * 16 * 32 * static_cast<double>(steps);
}

double timedTogether(int threads, const std::function<double(int)> &work,
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

double hostGflops(int threads, Multiplier m, long steps, int runs) {
  double best = 0;
  for (int r = 0; r < runs; ++r) {
    double flops;
    double seconds = timedTogether(
        threads,
        [&](int) {
          switch (m) {
          case Multiplier::Bf16Dot:
            return dotLoop(steps);
          case Multiplier::AmxTiles:
            return amxLoop(steps / 16); // 16x the FLOPs per step
          case Multiplier::Fma:
            break;
          }
          return fmaLoop(steps);
        },
        flops);
    best = std::max(best, flops / seconds / 1e9);
  }
  return best;
}

} // namespace trm::bench
