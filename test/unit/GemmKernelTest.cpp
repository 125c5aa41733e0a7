//===- GemmKernelTest.cpp - the CPU GEMM kernel on awkward shapes ---------===//
//
// Each case compiles one dot_general the way artifacts are compiled and
// compares every (or a fixed sample of) result entries with a double
// product: row and column tails, several k blocks and column panels in
// both cache-tile orders (depth-major for M <= 256, panel-major above;
// with few rows and >= 512 columns, per-thread copies of B), the
// transposed-lhs view (also with few columns, computed transposed),
// batches, bf16 operands (B read in place by short ones), GLU epilogues
// (also keeping the product) and results rounded to bf16; every case with
// AVX-512's register tiles and with AVX2's.
//
//===----------------------------------------------------------------------===//
#include "bench/GemmHarness.h"
#include "bench/HostPeak.h"

#include <gtest/gtest.h>

#include <ostream>

namespace trm::bench {
// gtest prints parameters with this instead of their raw bytes.
void PrintTo(const GemmCase &gemm, std::ostream *os) { *os << gemm.describe(); }
} // namespace trm::bench

namespace {

using trm::bench::CompiledGemm;
using trm::bench::GemmCase;

class GemmKernel : public ::testing::TestWithParam<GemmCase> {};

TEST_P(GemmKernel, MatchesDoublePrecision) {
  const GemmCase &gemm = GetParam();
  std::string error;
  auto compiled = CompiledGemm::compile(gemm, error);
  ASSERT_TRUE(compiled) << error;
  compiled->run();
  // Operands are exact in both dtypes (bf16 ones are rounded on the way
  // in); only the f32 accumulation order differs from the double sum, and
  // a result rounded to bf16 by up to bf16's unit roundoff (2^-8 of it).
  double tolerance = gemm.roundsToBf16 ? 0x1p-8 + 1e-5 : 1e-5;
  EXPECT_LE(compiled->relativeError(), tolerance) << gemm.describe();
  compiled->run(); // results are overwritten, not accumulated
  EXPECT_LE(compiled->relativeError(), tolerance)
      << gemm.describe() << " rerun";
}

GemmCase shape(int64_t batch, int64_t m, int64_t k, int64_t n,
               bool transposeA = false, std::string dtype = "f32",
               bool glu = false, bool keepProduct = false) {
  GemmCase g;
  g.glu = glu;
  g.keepProduct = keepProduct;
  g.batch = batch;
  g.m = m;
  g.k = k;
  g.n = n;
  g.transposeA = transposeA;
  g.dtype = std::move(dtype);
  return g;
}

GemmCase rounded(GemmCase g) {
  g.roundsToBf16 = true;
  return g;
}

/// Each case as compiled for zmm registers (the host's bf16 kernel: AMX
/// tiles, VDPBF16PS or FMAs) and for ymm pairs (AVX2's 6x16 tiles),
/// whatever the host has: a target's LLVM runs either, at its own width;
/// on a host with AMX, bf16 cases also without it (VDPBF16PS).
std::vector<GemmCase> bothWidths(std::initializer_list<GemmCase> cases) {
  std::vector<GemmCase> all;
  for (int64_t bits : {512, 256})
    for (GemmCase g : cases) {
      g.vectorBits = bits;
      all.push_back(g);
      if (bits == 512 && g.dtype == "bf16" && trm::bench::hostAmxTiles()) {
        g.amx = false;
        all.push_back(g);
      }
    }
  return all;
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, GemmKernel,
    ::testing::ValuesIn(bothWidths(
        {shape(0, 1, 1, 1), shape(0, 13, 5, 70), shape(0, 6, 16, 64),
         shape(0, 97, 1100, 300), shape(0, 300, 1100, 300),
         shape(0, 263, 600, 270, true), shape(0, 50, 7, 600, true),
         shape(0, 13, 600, 33, true), shape(3, 9, 17, 40),
         shape(2, 7, 520, 70, true),
         // Shallow B: the FMA kernel's panels widen to 1024
         // (k <= 128) or 512 (k <= 256) columns; a last
         // narrower one.
         shape(0, 37, 97, 1100), shape(0, 300, 200, 1100),
         shape(0, 263, 120, 1100, true), shape(0, 61, 200, 700, false, "bf16"),
         // Few rows, >= 512 columns: the FMA kernel's threads
         // copy their own runs of 256-column parts of B (5
         // parts, the last 76 columns wide, over 3 depth
         // blocks).
         shape(0, 97, 1100, 1100, true), shape(0, 200, 1031, 600),
         shape(0, 61, 1031, 1100, false, "bf16"),
         shape(0, 61, 530, 270, false, "bf16"),
         shape(0, 300, 1031, 97, false, "bf16"),
         shape(2, 13, 9, 70, true, "bf16"),
         shape(0, 263, 1031, 270, true, "bf16"),
         shape(0, 97, 600, 300, true, "bf16"),
         // 1-2 columns past the last vector: dot products along
         // k (also 300x1031x97 above), VDPBF16PS or f32 FMAs, of
         // A's rows in place or of its packed strips (f32 with
         // >= 256 columns or transposed; bf16 widened).
         shape(2, 13, 530, 130, false, "bf16"), shape(0, 300, 1031, 97),
         shape(2, 13, 530, 130), shape(0, 13, 1031, 258),
         shape(0, 263, 530, 257, true),
         // Few rows, whole 64-column tiles: B read in place.
         shape(0, 97, 1031, 320, true, "bf16"),
         shape(0, 30, 517, 128, false, "bf16"),
         shape(0, 20, 530, 192, true, "bf16"),
         shape(0, 140, 530, 128, true, "bf16"),
         shape(2, 13, 9, 64, true, "bf16"),
         // Few columns: computed as C^T = B^T A, transposed.
         shape(0, 300, 1031, 97, true, "bf16"), shape(2, 140, 530, 33, true),
         // C of 4M elements overwritten in one depth block: stored
         // past the caches (zmm tiles, FMA or VDPBF16PS), a row tail.
         shape(0, 2731, 97, 1536), shape(0, 2731, 97, 1536, false, "bf16"),
         // SwiGLU on the product: an epilogue of either
         // kernel (the FMA one's applied per strip of rows);
         // several panels, a row tail, transposed A, odd K.
         shape(0, 13, 97, 640, false, "f32", true),
         shape(0, 301, 256, 128, true, "f32", true),
         shape(0, 301, 200, 1536, false, "f32", true),
         shape(0, 97, 97, 576, false, "bf16", true),
         shape(0, 263, 512, 1024, true, "bf16", true),
         // ... with P read again after it: the kernel stores
         // P besides H.
         shape(0, 13, 97, 640, false, "f32", true, true),
         shape(0, 301, 200, 1536, false, "f32", true, true),
         // (P of 4M elements: stored past the caches.)
         shape(0, 2731, 97, 1536, false, "f32", true, true),
         shape(0, 2731, 97, 1536, false, "bf16", true, true),
         shape(0, 97, 97, 576, false, "bf16", true, true),
         shape(0, 263, 512, 1024, true, "bf16", true, true),
         // A gradient's product rounded to bf16: the unary
         // epilogue (K <= 512; the FMA kernel's in 16-lane
         // steps per strip, the last masked), row and column
         // tails, transposed A; a rounding pass after deeper
         // or batched products.
         rounded(shape(0, 301, 200, 97, false, "bf16")),
         rounded(shape(0, 97, 500, 1100, true, "bf16")),
         rounded(shape(0, 61, 97, 130)),
         rounded(shape(0, 97, 520, 1100, true, "bf16")),
         rounded(shape(2, 13, 97, 130)),
         // AMX tiles (on a host with AMX): fewer than 32 columns, a
         // 33-row transposed A (a second row block of one row) over three
         // depth blocks, the last 76 deep (rounded up to 4 steps of 32).
         shape(0, 40, 600, 20, false, "bf16"),
         shape(0, 33, 1100, 70, true, "bf16")})),
    [](const ::testing::TestParamInfo<GemmCase> &info) {
      const GemmCase &g = info.param;
      return std::to_string(g.batch) + "x" + std::to_string(g.m) + "x" +
             std::to_string(g.k) + "x" + std::to_string(g.n) +
             (g.transposeA ? "_At_" : "_") + (g.glu ? "glu_" : "") +
             (g.keepProduct ? "keep_" : "") +
             (g.roundsToBf16 ? "tobf16_" : "") + g.dtype +
             (g.vectorBits == 256 ? "_ymm" : "") + (g.amx ? "" : "_noamx");
    });

} // namespace
