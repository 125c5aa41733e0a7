//===- ExpKernelTest.cpp - the CPU backend's f32 exp ----------------------===//
//
// trm.exp compiled the way artifacts are (trm-cpu-expand-exp: range
// reduction, a degree-7 polynomial, two powers of two) against double
// exp rounded to f32, from -110 to 90 in steps of 2^-10: at most 2 ulp
// apart (measured: 1), subnormal results included; infinity above the
// range, 0 below, NaN in NaN out. A sigmoid's exp, read only as 1 + exp,
// takes a shorter form that must leave 1 + exp bit for bit. (The GEMM
// kernel tests' SwiGLU cases check the vector form in the kernel's
// epilogue.)
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

/// -110 to 90 in steps of 2^-10.
std::vector<float> grid() {
  std::vector<float> inputs;
  for (double x = -110; x <= 90; x += 1.0 / 1024)
    inputs.push_back(static_cast<float>(x));
  return inputs;
}

/// `op` (a unary trm op such as "trm.exp") compiled for this CPU the way
/// artifacts are, applied to `inputs`; empty (and a failure) if it does not
/// compile.
std::vector<float> runUnary(const std::string &op,
                            const std::vector<float> &inputs) {
  int64_t n = static_cast<int64_t>(inputs.size());
  std::string type = "tensor<" + std::to_string(n) + "xf32>";
  std::string module = "func.func @e(%x: " + type + ") -> " + type +
                       " {\n  %y = " + op + " %x : " + type +
                       "\n  return %y : " + type + "\n}\n";
  trm::Kernels kernels;
  std::string error;
  trm::Kernels::Entry entry =
      trm::bench::compileForHost(module, "e", kernels, error);
  EXPECT_TRUE(entry) << error;
  if (!entry)
    return {};
  trm::HostTensor in("f32", {n}), out("f32", {n});
  for (int64_t i = 0; i < n; ++i)
    in.set(i, inputs[i]);
  void *args[] = {in.descriptor(), out.descriptor()};
  entry(args);
  std::vector<float> outputs(n);
  for (int64_t i = 0; i < n; ++i)
    outputs[i] = static_cast<float>(out.get(i));
  return outputs;
}

TEST(ExpKernel, WithinTwoUlpOverTheFloatRange) {
  std::vector<float> inputs = grid();
  for (float special : {0.0f, -0.0f, 1e-30f, -1e-30f, 88.72283f, 88.7229f,
                        -87.33654f, -103.97f, -103.98f})
    inputs.push_back(special);
  size_t finite = inputs.size();
  float inf = std::numeric_limits<float>::infinity();
  inputs.push_back(inf);
  inputs.push_back(-inf);
  inputs.push_back(std::numeric_limits<float>::quiet_NaN());
  std::vector<float> out = runUnary("trm.exp", inputs);
  ASSERT_EQ(out.size(), inputs.size());

  int64_t worst = 0, failures = 0;
  for (size_t i = 0; i < finite; ++i) {
    float exact = static_cast<float>(std::exp(static_cast<double>(inputs[i])));
    int64_t distance = ulpDistance(out[i], exact);
    worst = std::max(worst, distance);
    if (distance > 2 && failures++ < 10)
      ADD_FAILURE() << "exp(" << inputs[i] << ") = " << out[i] << ", expected "
                    << exact << " (" << distance << " ulp)";
  }
  EXPECT_EQ(out[finite], inf);
  EXPECT_EQ(out[finite + 1], 0.0f);
  EXPECT_TRUE(std::isnan(out[finite + 2]));
  RecordProperty("worst_ulp", static_cast<int>(worst));
}

// sigmoid(x) = 1 / (1 + exp(-x)), whose exp takes the short form (one power
// of two, clamped at -80: ExpandExp.cpp), against the general exp's result
// put through the same two float operations: equal bit for bit.
TEST(ExpKernel, SigmoidsShortFormIsTheGeneralOneBitForBit) {
  std::vector<float> inputs = grid(), negated;
  inputs.push_back(std::numeric_limits<float>::infinity());
  inputs.push_back(-std::numeric_limits<float>::infinity());
  for (float x : inputs)
    negated.push_back(-x);
  std::vector<float> sigmoid = runUnary("trm.sigmoid", inputs);
  std::vector<float> exp = runUnary("trm.exp", negated);
  ASSERT_EQ(sigmoid.size(), inputs.size());
  ASSERT_EQ(exp.size(), inputs.size());
  int64_t failures = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    float expected = 1.0f / (1.0f + exp[i]);
    if (std::memcmp(&expected, &sigmoid[i], sizeof expected) != 0 &&
        failures++ < 10)
      ADD_FAILURE() << "sigmoid(" << inputs[i] << ") = " << sigmoid[i]
                    << ", 1 / (1 + exp(" << negated[i] << ")) = " << expected;
  }
}

} // namespace
