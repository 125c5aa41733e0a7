//===- NominalPeakTest.cpp - the peak "% of peak" is measured against -----===//
#include "runtime/exec/NominalPeak.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace trm {
namespace {

TEST(NominalPeak, FullWidthAvx512HasTheReferencePeak) {
  FmaRate zen5 = fmaRate(/*zmm=*/true, "znver5");
  EXPECT_FALSE(zen5.half);
  EXPECT_EQ(nominalPeakPerCore(Multiplier::Fma, zen5), 227.0);
  EXPECT_EQ(nominalPeakPerCore(Multiplier::Bf16Dot, zen5), 454.0);
  // bf16 widened to fp32 (no VDPBF16PS) runs at the fp32 rate.
  EXPECT_EQ(nominalPeakPerCore(multiplierFor(true, false, false), zen5), 227.0);
}

TEST(NominalPeak, Zen4SplitsEach512BitFma) {
  FmaRate zen4 = fmaRate(/*zmm=*/true, "znver4");
  EXPECT_TRUE(zen4.half);
  EXPECT_NE(std::string(zen4.why).find("Zen 4"), std::string::npos);
  EXPECT_EQ(nominalPeakPerCore(Multiplier::Fma, zen4), 113.5);
  EXPECT_EQ(nominalPeakPerCore(Multiplier::Bf16Dot, zen4), 227.0);
}

TEST(NominalPeak, YmmKernelsHaveHalfThePeakOnAnyCpu) {
  for (const char *cpu : {"haswell", "znver3", "znver4", "znver5", ""}) {
    FmaRate ymm = fmaRate(/*zmm=*/false, cpu);
    EXPECT_TRUE(ymm.half) << cpu;
    EXPECT_NE(std::string(ymm.why).find("AVX-512"), std::string::npos);
    EXPECT_EQ(nominalPeakPerCore(Multiplier::Fma, ymm), 113.5) << cpu;
  }
}

TEST(NominalPeak, AmxTilesHaveSixteenTimesTheFp32Peak) {
  EXPECT_EQ(multiplierFor(true, true, true), Multiplier::AmxTiles);
  EXPECT_EQ(multiplierFor(false, true, true), Multiplier::Fma);
  EXPECT_EQ(nominalPeakPerCore(Multiplier::AmxTiles, fmaRate(true, "")),
            3632.0);
  EXPECT_STREQ(peakName(Multiplier::AmxTiles), "bf16 (AMX tiles)");
}

TEST(NominalPeak, AmxNeedsBothTileFeatures) {
  std::vector<std::string> both = {"+avx512f", "+amx-bf16", "+amx-tile"};
  std::vector<std::string> tileOnly = {"+avx512f", "+amx-tile", "+amx-int8"};
  EXPECT_TRUE(hasAmxBf16(both));
  EXPECT_FALSE(hasAmxBf16(tileOnly));
}

TEST(NominalPeak, AnArtifactWithoutACpuNameKeepsTheFullRate) {
  EXPECT_FALSE(fmaRate(/*zmm=*/true, "").half);
}

} // namespace
} // namespace trm
