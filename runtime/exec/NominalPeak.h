//===- NominalPeak.h - the "% of peak" that bench/ and trm-run print -*- C++
//-*-===//
//
// shared/notes measured one core of the reference machine (Zen 5): 227
// GFLOP/s of fp32 FMAs, twice that with bf16 operands through VDPBF16PS.
// Kernels compiled for a CPU without avx512_bf16 widen bf16 operands and
// multiply them on the fp32 FMAs: their peak is the fp32 one. Kernels
// compiled without AVX-512 (AVX2: 8-lane ymm FMAs on the same two pipes)
// have half of it.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_RUNTIME_EXEC_NOMINALPEAK_H
#define TRM_RUNTIME_EXEC_NOMINALPEAK_H

namespace trm {

/// The CPU feature (as the artifact's manifest records it) under which the
/// kernels multiply bf16 by VDPBF16PS.
constexpr const char *kBf16DotFeature = "+avx512bf16";
/// The feature without which they compute in ymm registers (AVX2).
constexpr const char *kZmmFeature = "+avx512f";

constexpr double kNominalPeakF32 = 227.0;     // GFLOP/s per core
constexpr double kNominalPeakBf16Dot = 454.0; // GFLOP/s per core

/// GFLOP/s per core for products of `bf16Operands`, on kernels that use
/// VDPBF16PS when `bf16Dot`, in zmm registers when `zmm` (else ymm).
inline double nominalPeakPerCore(bool bf16Operands, bool bf16Dot,
                                 bool zmm = true) {
  if (!zmm)
    return kNominalPeakF32 / 2;
  return bf16Operands && bf16Dot ? kNominalPeakBf16Dot : kNominalPeakF32;
}

} // namespace trm

#endif // TRM_RUNTIME_EXEC_NOMINALPEAK_H
