//===- Random.h - a seeded, portable random generator -----------*- C++ -*-===//
//
// xoshiro256** seeded through splitmix64. The standard library's
// distributions are implementation-defined, so bounded draws and shuffles are
// written here: the same seed gives the same data on every platform.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_RUNTIME_DATA_RANDOM_H
#define TRM_RUNTIME_DATA_RANDOM_H

#include <cstdint>
#include <utility>

namespace trm {

class Random {
public:
  /// A stream for (seed, stream, index): independent per item, so items can
  /// be generated in any order or thread and still be reproducible.
  explicit Random(uint64_t seed, uint64_t stream = 0, uint64_t index = 0) {
    uint64_t x = seed ^ (stream * 0x9E3779B97F4A7C15ull) ^
                 (index * 0xD1B54A32D192ED03ull);
    for (uint64_t &s : state)
      s = splitmix(x);
  }

  uint64_t next() {
    uint64_t result = rotl(state[1] * 5, 7) * 9;
    uint64_t t = state[1] << 17;
    state[2] ^= state[0];
    state[3] ^= state[1];
    state[1] ^= state[2];
    state[0] ^= state[3];
    state[2] ^= t;
    state[3] = rotl(state[3], 45);
    return result;
  }

  /// Uniform in [0, n), unbiased (rejection of the short tail).
  uint64_t uniform(uint64_t n) {
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
      x = next();
    while (x >= limit);
    return x % n;
  }

  /// Uniform in [0, 1) with 53 random bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  template <typename It> void shuffle(It first, It last) {
    for (auto n = last - first; n > 1; --n)
      std::swap(first[n - 1], first[uniform(static_cast<uint64_t>(n))]);
  }

private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t splitmix(uint64_t &x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t state[4];
};

} // namespace trm

#endif // TRM_RUNTIME_DATA_RANDOM_H
