//===- NominalPeakTest.cpp - the peak "% of peak" is measured against -----===//
#include "runtime/exec/NominalPeak.h"

#include <gtest/gtest.h>

#include <string>

namespace trm {
namespace {

TEST(NominalPeak, FullWidthAvx512HasTheReferencePeak) {
  FmaRate zen5 = fmaRate(/*zmm=*/true, "znver5");
  EXPECT_FALSE(zen5.half);
  EXPECT_EQ(nominalPeakPerCore(false, false, zen5), 227.0);
  EXPECT_EQ(nominalPeakPerCore(true, true, zen5), 454.0);
  // bf16 widened to fp32 (no VDPBF16PS) runs at the fp32 rate.
  EXPECT_EQ(nominalPeakPerCore(true, false, zen5), 227.0);
}

TEST(NominalPeak, Zen4SplitsEach512BitFma) {
  FmaRate zen4 = fmaRate(/*zmm=*/true, "znver4");
  EXPECT_TRUE(zen4.half);
  EXPECT_NE(std::string(zen4.why).find("Zen 4"), std::string::npos);
  EXPECT_EQ(nominalPeakPerCore(false, false, zen4), 113.5);
  EXPECT_EQ(nominalPeakPerCore(true, true, zen4), 227.0);
}

TEST(NominalPeak, YmmKernelsHaveHalfThePeakOnAnyCpu) {
  for (const char *cpu : {"haswell", "znver3", "znver4", "znver5", ""}) {
    FmaRate ymm = fmaRate(/*zmm=*/false, cpu);
    EXPECT_TRUE(ymm.half) << cpu;
    EXPECT_NE(std::string(ymm.why).find("AVX-512"), std::string::npos);
    EXPECT_EQ(nominalPeakPerCore(false, false, ymm), 113.5) << cpu;
  }
}

TEST(NominalPeak, AnArtifactWithoutACpuNameKeepsTheFullRate) {
  EXPECT_FALSE(fmaRate(/*zmm=*/true, "").half);
}

} // namespace
} // namespace trm
