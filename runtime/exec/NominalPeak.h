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
// GFLOP/s of zmm FMAs per core, 234 of VDPBF16PS, at 3.66 GHz). bf16
// products on AMX tiles (Intel Xeon since Sapphire Rapids) have 16x the
// fp32 peak: one TDPBF16PS (16 x 16 x 32 multiply-adds) per 16 cycles,
// 1024 FLOP per cycle against two 512-bit FMA pipes' 64.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_RUNTIME_EXEC_NOMINALPEAK_H
#define TRM_RUNTIME_EXEC_NOMINALPEAK_H

#include <algorithm>
#include <string_view>

namespace trm {

/// The CPU feature (as the artifact's manifest records it) under which the
/// kernels multiply bf16 by VDPBF16PS.
constexpr const char *kBf16DotFeature = "+avx512bf16";
/// The features under which bf16 products run on AMX tiles (TDPBF16PS).
constexpr const char *kAmxTileFeature = "+amx-tile";
constexpr const char *kAmxBf16Feature = "+amx-bf16";
/// Whether `features` (a range of strings as LLVM spells them: the
/// manifest's or the host's) put bf16 products on AMX tiles.
template <typename Features> bool hasAmxBf16(const Features &features) {
  auto has = [&](std::string_view feature) {
    return std::find(features.begin(), features.end(), feature) !=
           features.end();
  };
  return has(kAmxTileFeature) && has(kAmxBf16Feature);
}
/// The feature without which they compute in ymm registers (AVX2).
constexpr const char *kZmmFeature = "+avx512f";

constexpr double kNominalPeakF32 = 227.0;                // GFLOP/s per core
constexpr double kNominalPeakBf16Dot = 454.0;            // GFLOP/s per core
constexpr double kNominalPeakAmx = 16 * kNominalPeakF32; // GFLOP/s per core

/// What multiplies a kernel's operands.
enum class Multiplier {
  Fma,      // fp32 FMAs: f32 operands, or bf16 ones widened
  Bf16Dot,  // VDPBF16PS: bf16 pairs
  AmxTiles, // TDPBF16PS on AMX tiles
};

/// The multiplier of kernels for `bf16Operands` on a target whose bf16
/// products use VDPBF16PS (`bf16Dot`) or AMX tiles (`amx`, which wins).
inline Multiplier multiplierFor(bool bf16Operands, bool bf16Dot, bool amx) {
  if (!bf16Operands)
    return Multiplier::Fma;
  return amx       ? Multiplier::AmxTiles
         : bf16Dot ? Multiplier::Bf16Dot
                   : Multiplier::Fma;
}

/// How a printed peak names `m`'s arithmetic.
inline const char *peakName(Multiplier m) {
  switch (m) {
  case Multiplier::Fma:
    return "fp32";
  case Multiplier::Bf16Dot:
    return "bf16 (VDPBF16PS)";
  case Multiplier::AmxTiles:
    return "bf16 (AMX tiles)";
  }
  return "";
}

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

/// GFLOP/s per core of kernels multiplying by `m`, their FMAs issuing at
/// `rate` (no CPU with AMX splits its FMAs).
inline double nominalPeakPerCore(Multiplier m, FmaRate rate) {
  if (m == Multiplier::AmxTiles)
    return kNominalPeakAmx;
  double full =
      m == Multiplier::Bf16Dot ? kNominalPeakBf16Dot : kNominalPeakF32;
  return rate.half ? full / 2 : full;
}

} // namespace trm

#endif // TRM_RUNTIME_EXEC_NOMINALPEAK_H
