//===- UnrollRecursionTest.cpp - trm-unroll-recursion from C++ ------------===//
#include "ir/TrmOps.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::trm;

namespace {

constexpr const char *kRepeatSeven = R"mlir(
  func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
    %r = trm.repeat 7 no_grad (%a = %x) : tensor<4xf32> {
      %b = trm.exp %a : tensor<4xf32>
      trm.yield %b : tensor<4xf32>
    }
    return %r : tensor<4xf32>
  })mlir";

struct Counts {
  int repeats = 0, exps = 0, stops = 0;
};

Counts unrollAndCount(int64_t factor) {
  MLIRContext context;
  context.loadDialect<TrmDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(kRepeatSeven, &context);
  EXPECT_TRUE(module);
  PassManager pm(&context);
  pm.addPass(createTrmUnrollRecursion(TrmUnrollRecursionOptions{factor}));
  EXPECT_TRUE(succeeded(pm.run(*module)));
  Counts counts;
  module->walk([&](Operation *op) {
    counts.repeats += isa<RepeatOp>(op);
    counts.exps += isa<ExpOp>(op);
    counts.stops += isa<StopGradientOp>(op);
  });
  return counts;
}

TEST(UnrollRecursion, FullUnrollCopiesTheBodyCountTimes) {
  Counts c = unrollAndCount(0);
  EXPECT_EQ(c.repeats, 0);
  EXPECT_EQ(c.exps, 7);
  EXPECT_EQ(c.stops, 1); // the no_grad boundary survives unrolling
}

TEST(UnrollRecursion, FactorKeepsALoopAndARemainder) {
  Counts c = unrollAndCount(3); // 7 = 2 iterations x 3 copies + 1
  EXPECT_EQ(c.repeats, 1);
  EXPECT_EQ(c.exps, 3 + 1);
  EXPECT_EQ(c.stops, 1);
}

TEST(UnrollRecursion, FactorDividingTheCountLeavesNoRemainder) {
  MLIRContext context;
  Counts c = unrollAndCount(7);
  EXPECT_EQ(c.repeats, 0); // factor >= count unrolls fully
  EXPECT_EQ(c.exps, 7);
}

} // namespace
