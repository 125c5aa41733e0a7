//===- NominalPeak.h - the "% of peak" that bench/ and trm-run print -*- C++
//-*-===//
//
// shared/notes measured one core of the reference machine (Zen 5): 227
// GFLOP/s of fp32 FMAs, twice that with bf16 operands through VDPBF16PS.
// Kernels compiled for a CPU without avx512_bf16 widen bf16 operands and
// multiply them on the fp32 FMAs: their peak is the fp32 one. Two kinds of
// kernels issue half of Zen 5's FMA lanes per cycle, and have half its peak:
// those compiled without AVX-512 (AVX2: 8-lane ymm FMAs on the same two
// pipes), and AVX-512 kernels on a CPU whose FMA pipes are 256 bits wide
// and run each 512-bit instruction as two halves (AMD Zen 4: measured 117
// GFLOP/s of zmm FMAs per core, 234 of VDPBF16PS, at 3.66 GHz).
//
//===----------------------------------------------------------------------===//
#ifndef TRM_RUNTIME_EXEC_NOMINALPEAK_H
#define TRM_RUNTIME_EXEC_NOMINALPEAK_H

#include <string_view>

namespace trm {

/// The CPU feature (as the artifact's manifest records it) under which the
/// kernels multiply bf16 by VDPBF16PS.
constexpr const char *kBf16DotFeature = "+avx512bf16";
/// The feature without which they compute in ymm registers (AVX2).
constexpr const char *kZmmFeature = "+avx512f";

constexpr double kNominalPeakF32 = 227.0;     // GFLOP/s per core
constexpr double kNominalPeakBf16Dot = 454.0; // GFLOP/s per core

/// How fast the kernels' FMAs issue against the reference core: at its full
/// rate, or at half of it and why (a phrase for the printed peak).
struct FmaRate {
  bool half = false;
  const char *why = "";
};

/// The rate of kernels in zmm registers when `zmm` (else ymm) on the CPU
/// LLVM names `cpuName` ("znver4", as the manifest's "cpu=" entry has it).
inline FmaRate fmaRate(bool zmm, std::string_view cpuName) {
  if (!zmm)
    return {true, "no AVX-512: half the lanes"};
  if (cpuName == "znver4")
    return {true, "Zen 4 runs a 512-bit FMA as two 256-bit halves"};
  return {};
}

/// GFLOP/s per core for products of `bf16Operands`, on kernels that use
/// VDPBF16PS when `bf16Dot`, issuing FMAs at `rate`.
inline double nominalPeakPerCore(bool bf16Operands, bool bf16Dot,
                                 FmaRate rate) {
  double full = bf16Operands && bf16Dot ? kNominalPeakBf16Dot : kNominalPeakF32;
  return rate.half ? full / 2 : full;
}

} // namespace trm

#endif // TRM_RUNTIME_EXEC_NOMINALPEAK_H
