//===- TransposeKernelTest.cpp - the CPU backend's transposes -------------===//
//
// Each case compiles one trm.transpose the way artifacts are compiled and
// checks every element: 32-bit transposes of the two innermost dims take
// the 16x16 register-block path (full blocks, row edges, column edges, both
// at once, batches of rank 1 and 2), bf16 ones the 32x32 tiles, and a
// permutation that keeps the innermost dim neither.
//
//===----------------------------------------------------------------------===//
#include "bench/GemmHarness.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace {

struct TransposeCase {
  std::vector<int64_t> shape, permutation;
  std::string dtype;

  std::vector<int64_t> resultShape() const {
    std::vector<int64_t> out;
    for (int64_t p : permutation)
      out.push_back(shape[p]);
    return out;
  }
  std::string name() const {
    std::string text;
    for (int64_t d : shape)
      text += std::to_string(d) + "x";
    text += "perm";
    for (int64_t p : permutation)
      text += std::to_string(p);
    return text + "_" + dtype;
  }
};

std::string tensorType(const std::vector<int64_t> &shape,
                       const std::string &dtype) {
  std::string text = "tensor<";
  for (int64_t d : shape)
    text += std::to_string(d) + "x";
  return text + dtype + ">";
}

std::string moduleText(const TransposeCase &t) {
  std::string in = tensorType(t.shape, t.dtype);
  std::string out = tensorType(t.resultShape(), t.dtype);
  std::string permutation;
  for (int64_t p : t.permutation)
    permutation += (permutation.empty() ? "" : ", ") + std::to_string(p);
  return "func.func @t(%a: " + in + ") -> " + out +
         " {\n  %r = trm.transpose %a, permutation = [" + permutation +
         "] : " + in + " -> " + out + "\n  return %r : " + out + "\n}\n";
}

// gtest prints parameters with this instead of their raw bytes.
void PrintTo(const TransposeCase &t, std::ostream *os) { *os << t.name(); }

class TransposeKernel : public ::testing::TestWithParam<TransposeCase> {};

TEST_P(TransposeKernel, MovesEveryElement) {
  const TransposeCase &t = GetParam();
  trm::Kernels kernels;
  std::string error;
  trm::Kernels::Entry entry =
      trm::bench::compileForHost(moduleText(t), "t", kernels, error);
  ASSERT_TRUE(entry) << error;
  trm::HostTensor in(t.dtype, t.shape), out(t.dtype, t.resultShape());
  // Small integers: exact in bf16 too, and distinct in every 251 elements.
  for (int64_t i = 0; i < in.size(); ++i)
    in.set(i, static_cast<double>(i % 251));
  void *args[] = {in.descriptor(), out.descriptor()};
  entry(args);
  std::vector<int64_t> result = t.resultShape(), at(result.size(), 0);
  int64_t rank = static_cast<int64_t>(result.size()), wrong = 0;
  for (int64_t o = 0; o < out.size(); ++o) {
    // The input element out[at] came from: in[..., at[d] at dim perm[d]].
    int64_t source = 0;
    std::vector<int64_t> index(rank);
    for (int64_t d = 0; d < rank; ++d)
      index[t.permutation[d]] = at[d];
    for (int64_t d = 0; d < rank; ++d)
      source = source * t.shape[d] + index[d];
    if (out.get(o) != in.get(source) && wrong++ < 5)
      ADD_FAILURE() << t.name() << ": element " << o << " is " << out.get(o)
                    << ", expected " << in.get(source);
    for (int64_t d = rank - 1; d >= 0 && ++at[d] == result[d]; --d)
      at[d] = 0;
  }
  EXPECT_EQ(wrong, 0) << t.name();
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, TransposeKernel,
    ::testing::Values(TransposeCase{{3, 17, 33}, {0, 2, 1}, "f32"},
                      TransposeCase{{2, 32, 48}, {0, 2, 1}, "f32"},
                      TransposeCase{{97, 256}, {1, 0}, "f32"},
                      TransposeCase{{256, 97}, {1, 0}, "f32"},
                      TransposeCase{{5, 3}, {1, 0}, "f32"},
                      TransposeCase{{2, 3, 17, 19}, {0, 1, 3, 2}, "f32"},
                      TransposeCase{{4, 97, 40}, {0, 2, 1}, "bf16"},
                      TransposeCase{{3, 4, 5}, {1, 0, 2}, "f32"}),
    [](const ::testing::TestParamInfo<TransposeCase> &info) {
      return info.param.name();
    });

} // namespace
