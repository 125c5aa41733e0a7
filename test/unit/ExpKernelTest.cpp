//===- ExpKernelTest.cpp - the CPU backend's f32 exp ----------------------===//
//
// trm.exp compiled the way artifacts are (trm-cpu-expand-exp: range
// reduction, a degree-7 polynomial, two powers of two) against double
// exp rounded to f32, from -110 to 90 in steps of 2^-10: at most 2 ulp
// apart (measured: 1), subnormal results included; infinity above the
// range, 0 below, NaN in NaN out. (The GEMM kernel tests' SwiGLU cases
// check the vector form in the kernel's epilogue.)
//
//===----------------------------------------------------------------------===//
#include "bench/GemmHarness.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace {

int64_t orderedBits(float value) {
  int32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits < 0 ? -static_cast<int64_t>(bits & 0x7fffffff) : bits;
}

/// How many representable floats lie between `a` and `b`.
int64_t ulpDistance(float a, float b) {
  return std::llabs(orderedBits(a) - orderedBits(b));
}

TEST(ExpKernel, WithinTwoUlpOverTheFloatRange) {
  std::vector<float> inputs;
  for (double x = -110; x <= 90; x += 1.0 / 1024)
    inputs.push_back(static_cast<float>(x));
  for (float special : {0.0f, -0.0f, 1e-30f, -1e-30f, 88.72283f, 88.7229f,
                        -87.33654f, -103.97f, -103.98f})
    inputs.push_back(special);
  size_t finite = inputs.size();
  float inf = std::numeric_limits<float>::infinity();
  inputs.push_back(inf);
  inputs.push_back(-inf);
  inputs.push_back(std::numeric_limits<float>::quiet_NaN());

  int64_t n = static_cast<int64_t>(inputs.size());
  std::string type = "tensor<" + std::to_string(n) + "xf32>";
  std::string module = "func.func @e(%x: " + type + ") -> " + type +
                       " {\n  %y = trm.exp %x : " + type +
                       "\n  return %y : " + type + "\n}\n";
  trm::Kernels kernels;
  std::string error;
  trm::Kernels::Entry entry =
      trm::bench::compileForHost(module, "e", kernels, error);
  ASSERT_TRUE(entry) << error;
  trm::HostTensor in("f32", {n}), out("f32", {n});
  for (int64_t i = 0; i < n; ++i)
    in.set(i, inputs[i]);
  void *args[] = {in.descriptor(), out.descriptor()};
  entry(args);

  int64_t worst = 0, failures = 0;
  for (size_t i = 0; i < finite; ++i) {
    float got = static_cast<float>(out.get(i));
    float exact = static_cast<float>(std::exp(static_cast<double>(inputs[i])));
    int64_t distance = ulpDistance(got, exact);
    worst = std::max(worst, distance);
    if (distance > 2 && failures++ < 10)
      ADD_FAILURE() << "exp(" << inputs[i] << ") = " << got << ", expected "
                    << exact << " (" << distance << " ulp)";
  }
  EXPECT_EQ(out.get(finite), inf);
  EXPECT_EQ(out.get(finite + 1), 0.0);
  EXPECT_TRUE(std::isnan(out.get(finite + 2)));
  RecordProperty("worst_ulp", static_cast<int>(worst));
}

} // namespace
