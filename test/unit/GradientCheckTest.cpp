//===- GradientCheckTest.cpp - every gradient rule vs finite differences --===//
//
// Each case is a small @f(args) -> tensor<f32> (a weighted sum of the op
// under test) with a body-less @f_grad. After trm-autodiff, the reference
// backend in f64 evaluates @f_grad, and every gradient element is compared
// with a central difference of @f.
//
//===----------------------------------------------------------------------===//
#include "backends/reference/Interpreter.h"
#include "ir/TrmDialect.h"
#include "passes/Passes.h"
#include "runtime/data/Random.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include <gtest/gtest.h>

using namespace mlir;
using ::trm::reference::Interpreter;
using ::trm::reference::Precision;
using ::trm::reference::Tensor;

namespace {

struct Case {
  const char *name;
  std::string body; // func.func @f ... (the @f_grad declaration is added)
  std::vector<int64_t> wrt;
  double lo = -1, hi = 1; // range of float inputs
};

void PrintTo(const Case &c, std::ostream *os) { *os << c.name; }

/// Declares @f_grad for @f's signature and `wrt`.
std::string withGradDecl(const Case &c, ModuleOp parsed) {
  auto f = parsed.lookupSymbol<func::FuncOp>("f");
  std::string decl = "func.func private @f_grad(";
  std::string types;
  llvm::raw_string_ostream os(types);
  llvm::interleaveComma(f.getArgumentTypes(), os);
  decl += os.str() + ") -> (tensor<f32>";
  for (int64_t i : c.wrt) {
    std::string t;
    llvm::raw_string_ostream ts(t);
    ts << f.getArgumentTypes()[i];
    decl += ", " + ts.str();
  }
  decl += ") attributes {trm.gradient_of = @f, trm.wrt = array<i64: ";
  for (size_t i = 0; i < c.wrt.size(); ++i)
    decl += (i ? ", " : "") + std::to_string(c.wrt[i]);
  return c.body + "\n" + decl + ">}\n";
}

void checkGradient(const Case &c) {
  MLIRContext context;
  context.loadDialect<mlir::trm::TrmDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> probe = parseSourceString<ModuleOp>(c.body, &context);
  ASSERT_TRUE(probe) << c.name;
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(withGradDecl(c, *probe), &context);
  ASSERT_TRUE(module) << c.name;
  PassManager pm(&context);
  pm.addPass(mlir::trm::createTrmAutodiff());
  ASSERT_TRUE(succeeded(pm.run(*module))) << c.name;

  // Inputs: floats uniform in [lo, hi], indices in [0, 3).
  auto f = module->lookupSymbol<func::FuncOp>("f");
  ::trm::Random rng(17);
  std::vector<Tensor> args;
  for (Type type : f.getArgumentTypes()) {
    auto tensor = cast<RankedTensorType>(type);
    Tensor t(*Interpreter::dtypeOf(tensor.getElementType()),
             std::vector<int64_t>(tensor.getShape()));
    for (double &x : t.data)
      x = ::trm::reference::isFloat(t.dtype)
              ? c.lo + (c.hi - c.lo) * rng.unit()
              : static_cast<double>(rng.uniform(3));
    args.push_back(std::move(t));
  }
  Interpreter interpreter(*module, Precision::F64);
  auto grads = interpreter.run("f_grad", args);
  ASSERT_TRUE(grads) << c.name << ": " << interpreter.error();
  auto value = [&](const std::vector<Tensor> &at) {
    auto r = interpreter.run("f", at);
    EXPECT_TRUE(r) << interpreter.error();
    return r ? (*r)[0].data[0] : 0.0;
  };
  EXPECT_DOUBLE_EQ((*grads)[0].data[0], value(args)) << c.name;
  const double h = 1e-6;
  for (size_t k = 0; k < c.wrt.size(); ++k) {
    const Tensor &analytic = (*grads)[1 + k];
    for (int64_t e = 0; e < analytic.size(); ++e) {
      std::vector<Tensor> plus = args, minus = args;
      plus[c.wrt[k]].data[e] += h;
      minus[c.wrt[k]].data[e] -= h;
      double numeric = (value(plus) - value(minus)) / (2 * h);
      EXPECT_NEAR(analytic.data[e], numeric,
                  1e-6 * std::max(1.0, std::abs(numeric)))
          << c.name << ": d/d arg" << c.wrt[k] << "[" << e << "]";
    }
  }
}

std::string binary(const char *op) {
  return std::string(R"(
    func.func @f(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %w: tensor<2x3xf32>) -> tensor<f32> {
      %y = trm.)") +
         op + R"( %a, %b : tensor<2x3xf32>
      %p = trm.mul %y, %w : tensor<2x3xf32>
      %s = trm.reduce_sum %p, dims = [0, 1] : tensor<2x3xf32> -> tensor<f32>
      return %s : tensor<f32>
    })";
}

std::string unary(const char *op) {
  return std::string(R"(
    func.func @f(%a: tensor<2x3xf32>, %w: tensor<2x3xf32>) -> tensor<f32> {
      %y = trm.)") +
         op + R"( %a : tensor<2x3xf32>
      %p = trm.mul %y, %w : tensor<2x3xf32>
      %s = trm.reduce_sum %p, dims = [0, 1] : tensor<2x3xf32> -> tensor<f32>
      return %s : tensor<f32>
    })";
}

/// `expr` computes %y of type `type` from the arguments; weighted sum of it.
std::string weighted(const std::string &args, const std::string &expr,
                     const std::string &type, const std::string &dims) {
  return "func.func @f(" + args + ", %w: " + type + ") -> tensor<f32> {\n" +
         expr + "\n  %p = trm.mul %y, %w : " + type +
         "\n  %s = trm.reduce_sum %p, dims = " + dims + " : " + type +
         " -> tensor<f32>\n  return %s : tensor<f32>\n}";
}

class Rule : public ::testing::TestWithParam<Case> {};
TEST_P(Rule, MatchesFiniteDifferences) { checkGradient(GetParam()); }

INSTANTIATE_TEST_SUITE_P(
    Elementwise, Rule,
    ::testing::Values(
        Case{"add", binary("add"), {0, 1}}, Case{"sub", binary("sub"), {0, 1}},
        Case{"mul", binary("mul"), {0, 1}},
        Case{"div", binary("div"), {0, 1}, 0.5, 2},
        Case{"max", binary("max"), {0, 1}}, Case{"min", binary("min"), {0, 1}},
        Case{"atan2", binary("atan2"), {0, 1}}, Case{"neg", unary("neg"), {0}},
        Case{"exp", unary("exp"), {0}}, Case{"log", unary("log"), {0}, 0.5, 2},
        Case{"sqrt", unary("sqrt"), {0}, 0.5, 2},
        Case{"rsqrt", unary("rsqrt"), {0}, 0.5, 2},
        Case{"sigmoid", unary("sigmoid"), {0}},
        Case{"silu", unary("silu"), {0}},
        Case{"sign_has_zero_gradient", unary("sign"), {0}},
        Case{"compare_select",
             weighted("%a: tensor<2x3xf32>, %b: tensor<2x3xf32>",
                      "  %c = trm.compare gt, %a, %b : tensor<2x3xf32>\n"
                      "  %y = trm.select %c, %a, %b : tensor<2x3xf32>",
                      "tensor<2x3xf32>", "[0, 1]"),
             {0, 1}},
        Case{"convert_round_trip",
             weighted("%a: tensor<2x3xf32>",
                      "  %c = trm.convert %a : tensor<2x3xf32> -> "
                      "tensor<2x3xbf16>\n  %e = trm.exp %c : tensor<2x3xbf16>\n"
                      "  %y = trm.convert %e : tensor<2x3xbf16> -> "
                      "tensor<2x3xf32>",
                      "tensor<2x3xf32>", "[0, 1]"),
             {0}}),
    [](const auto &info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Contraction, Rule,
    ::testing::Values(
        Case{"matmul",
             weighted("%a: tensor<2x3xf32>, %b: tensor<3x4xf32>",
                      "  %y = trm.dot_general %a, %b, batch_dims = [] x [], "
                      "contracting_dims = [1] x [0], accumulate = f32 : "
                      "(tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>",
                      "tensor<2x4xf32>", "[0, 1]"),
             {0, 1}},
        Case{"batched_permuted",
             weighted("%a: tensor<4x2x3xf32>, %b: tensor<2x5x4xf32>",
                      "  %y = trm.dot_general %a, %b, batch_dims = [1] x [0], "
                      "contracting_dims = [0] x [2], accumulate = f32 : "
                      "(tensor<4x2x3xf32>, tensor<2x5x4xf32>) -> "
                      "tensor<2x3x5xf32>",
                      "tensor<2x3x5xf32>", "[0, 1, 2]"),
             {0, 1}},
        Case{"two_contracting_dims",
             weighted("%a: tensor<2x3x4xf32>, %b: tensor<4x5x2xf32>",
                      "  %y = trm.dot_general %a, %b, batch_dims = [] x [], "
                      "contracting_dims = [2, 0] x [0, 2], accumulate = f32 : "
                      "(tensor<2x3x4xf32>, tensor<4x5x2xf32>) -> "
                      "tensor<3x5xf32>",
                      "tensor<3x5xf32>", "[0, 1]"),
             {0, 1}},
        Case{"reduce_sum",
             weighted("%a: tensor<2x3x4xf32>",
                      "  %y = trm.reduce_sum %a, dims = [1] : "
                      "tensor<2x3x4xf32> -> tensor<2x4xf32>",
                      "tensor<2x4xf32>", "[0, 1]"),
             {0}},
        Case{"reduce_max",
             weighted("%a: tensor<2x3xf32>",
                      "  %y = trm.reduce_max %a, dims = [0] : tensor<2x3xf32> "
                      "-> tensor<3xf32>",
                      "tensor<3xf32>", "[0]"),
             {0}}),
    [](const auto &info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Shape, Rule,
    ::testing::Values(
        Case{"reshape",
             weighted("%a: tensor<2x3xf32>",
                      "  %y = trm.reshape %a : tensor<2x3xf32> -> "
                      "tensor<3x2xf32>",
                      "tensor<3x2xf32>", "[0, 1]"),
             {0}},
        Case{"transpose",
             weighted("%a: tensor<2x3x4xf32>",
                      "  %y = trm.transpose %a, permutation = [2, 0, 1] : "
                      "tensor<2x3x4xf32> -> tensor<4x2x3xf32>",
                      "tensor<4x2x3xf32>", "[0, 1, 2]"),
             {0}},
        Case{"broadcast_new_and_stretched_dims",
             weighted("%a: tensor<2x1xf32>",
                      "  %y = trm.broadcast_in_dim %a, dims = [0, 2] : "
                      "tensor<2x1xf32> -> tensor<2x3x4xf32>",
                      "tensor<2x3x4xf32>", "[0, 1, 2]"),
             {0}},
        Case{"concat",
             weighted("%a: tensor<2x1xf32>, %b: tensor<2x3xf32>",
                      "  %y = trm.concat %a, %b dim = 1 : (tensor<2x1xf32>, "
                      "tensor<2x3xf32>) -> tensor<2x4xf32>",
                      "tensor<2x4xf32>", "[0, 1]"),
             {0, 1}},
        Case{"slice",
             weighted("%a: tensor<4x5xf32>",
                      "  %y = trm.slice %a, start = [1, 2], limit = [3, 5], "
                      "strides = [1, 1] : tensor<4x5xf32> -> tensor<2x3xf32>",
                      "tensor<2x3xf32>", "[0, 1]"),
             {0}},
        Case{"pad_operand_and_value",
             weighted("%a: tensor<2x2xf32>, %v: tensor<f32>",
                      "  %y = trm.pad %a, %v, low = [1, 0], high = [0, 2] : "
                      "(tensor<2x2xf32>, tensor<f32>) -> tensor<3x4xf32>",
                      "tensor<3x4xf32>", "[0, 1]"),
             {0, 1}},
        Case{"gather_repeated_rows",
             weighted("%t: tensor<3x2xf32>, %i: tensor<4xi32>",
                      "  %y = trm.gather %t[%i] : (tensor<3x2xf32>, "
                      "tensor<4xi32>) -> tensor<4x2xf32>",
                      "tensor<4x2xf32>", "[0, 1]"),
             {0}},
        Case{"scatter_add",
             weighted("%t: tensor<3x2xf32>, %i: tensor<4xi32>, %u: "
                      "tensor<4x2xf32>",
                      "  %y = trm.scatter_add %u into %t[%i] : "
                      "(tensor<3x2xf32>, tensor<4xi32>, tensor<4x2xf32>) -> "
                      "tensor<3x2xf32>",
                      "tensor<3x2xf32>", "[0, 1]"),
             {0, 2}}),
    [](const auto &info) { return std::string(info.param.name); });

// Calls are inlined and differentiable repeats unrolled before the sweep.
INSTANTIATE_TEST_SUITE_P(Structure, Rule,
                         ::testing::Values(Case{"call_inside_repeat",
                                                R"(
      func.func private @g(%h: tensor<3xf32>, %x: tensor<3xf32>) -> tensor<3xf32> {
        %s = trm.add %h, %x : tensor<3xf32>
        %t = trm.sigmoid %s : tensor<3xf32>
        return %t : tensor<3xf32>
      }
      func.func @f(%x: tensor<3xf32>, %h0: tensor<3xf32>, %w: tensor<3xf32>) -> tensor<f32> {
        %r = trm.repeat 3 (%h = %h0) : tensor<3xf32> {
          %n = func.call @g(%h, %x) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
          trm.yield %n : tensor<3xf32>
        }
        %p = trm.mul %r, %w : tensor<3xf32>
        %s = trm.reduce_sum %p, dims = [0] : tensor<3xf32> -> tensor<f32>
        return %s : tensor<f32>
      })",
                                                {0, 1}}),
                         [](const auto &info) {
                           return std::string(info.param.name);
                         });

// no_grad repeats and stop_gradient cut the gradient on purpose, so finite
// differences do not apply: check the exact expected adjoints instead.
TEST(Autodiff, NoGradRepeatAndStopGradientBlockGradients) {
  MLIRContext context;
  context.loadDialect<mlir::trm::TrmDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(R"(
    func.func @f(%x: tensor<3xf32>) -> tensor<f32> {
      %r = trm.repeat 2 no_grad (%h = %x) : tensor<3xf32> {
        %e = trm.exp %h : tensor<3xf32>
        trm.yield %e : tensor<3xf32>
      }
      %c = trm.stop_gradient %x : tensor<3xf32>
      %a = trm.mul %r, %x : tensor<3xf32>
      %b = trm.mul %c, %x : tensor<3xf32>
      %y = trm.add %a, %b : tensor<3xf32>
      %s = trm.reduce_sum %y, dims = [0] : tensor<3xf32> -> tensor<f32>
      return %s : tensor<f32>
    }
    func.func private @f_grad(tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
      attributes {trm.gradient_of = @f, trm.wrt = array<i64: 0>})",
                                                             &context);
  ASSERT_TRUE(module);
  PassManager pm(&context);
  pm.addPass(mlir::trm::createTrmAutodiff());
  ASSERT_TRUE(succeeded(pm.run(*module)));
  Tensor x(::trm::reference::DType::F32, {3});
  x.data = {0.1, -0.2, 0.3};
  Interpreter interpreter(*module, Precision::F64);
  auto out = interpreter.run("f_grad", {x});
  ASSERT_TRUE(out) << interpreter.error();
  for (int i = 0; i < 3; ++i) // d/dx = exp(exp(x)) + x, nothing through %r, %c
    EXPECT_NEAR((*out)[1].data[i], std::exp(std::exp(x.data[i])) + x.data[i],
                1e-12);
}

} // namespace
