//===- DialectTest.cpp - building and verifying trm ops from C++ ----------===//
#include "ir/TrmOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::trm;

namespace {

class DialectTest : public ::testing::Test {
protected:
  DialectTest() {
    context.loadDialect<TrmDialect, func::FuncDialect>();
    context.getDiagEngine().registerHandler([this](Diagnostic &diag) {
      messages.push_back(diag.str());
      return success();
    });
  }

  /// Parses and verifies `source`; returns whether it verified.
  bool parses(StringRef source) {
    messages.clear();
    return static_cast<bool>(parseSourceString<ModuleOp>(source, &context));
  }

  MLIRContext context;
  std::vector<std::string> messages;
};

TEST_F(DialectTest, DotGeneralResultShapeFollowsDimensionNumbers) {
  OpBuilder b(&context);
  Location loc = b.getUnknownLoc();
  auto lhsType = RankedTensorType::get({8, 97, 512}, b.getBF16Type());
  auto rhsType = RankedTensorType::get({8, 512, 64}, b.getBF16Type());
  auto module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module.getBody());
  auto func = b.create<func::FuncOp>(loc, "f",
                                     b.getFunctionType({lhsType, rhsType}, {}));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToEnd(entry);
  auto good = RankedTensorType::get({8, 97, 64}, b.getF32Type());
  b.create<DotGeneralOp>(
      loc, good, entry->getArgument(0), entry->getArgument(1),
      b.getDenseI64ArrayAttr({0}), b.getDenseI64ArrayAttr({0}),
      b.getDenseI64ArrayAttr({2}), b.getDenseI64ArrayAttr({1}),
      TypeAttr::get(b.getF32Type()));
  b.create<func::ReturnOp>(loc);
  EXPECT_TRUE(succeeded(verify(module)));

  auto bad = RankedTensorType::get({8, 64, 97}, b.getF32Type());
  b.setInsertionPoint(entry->getTerminator());
  b.create<DotGeneralOp>(
      loc, bad, entry->getArgument(0), entry->getArgument(1),
      b.getDenseI64ArrayAttr({0}), b.getDenseI64ArrayAttr({0}),
      b.getDenseI64ArrayAttr({2}), b.getDenseI64ArrayAttr({1}),
      TypeAttr::get(b.getF32Type()));
  messages.clear();
  EXPECT_TRUE(failed(verify(module)));
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find("should have shape [8, 97, 64]"),
            std::string::npos)
      << messages[0];
  module->destroy();
}

TEST_F(DialectTest, MismatchedElementwiseTypesSuggestBroadcast) {
  EXPECT_FALSE(parses(R"mlir(
    func.func @f(%a: tensor<4xf32>, %b: tensor<1xf32>) -> tensor<4xf32> {
      %0 = "trm.add"(%a, %b) : (tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>
      return %0 : tensor<4xf32>
    })mlir"));
  ASSERT_FALSE(messages.empty());
  EXPECT_NE(messages[0].find("use trm.broadcast_in_dim"), std::string::npos)
      << messages[0];
}

TEST_F(DialectTest, CompareInfersPredicateType) {
  auto module = parseSourceString<ModuleOp>(R"mlir(
    func.func @f(%a: tensor<2x3xf32>) -> tensor<2x3xi1> {
      %0 = trm.compare lt, %a, %a : tensor<2x3xf32>
      return %0 : tensor<2x3xi1>
    })mlir",
                                            &context);
  ASSERT_TRUE(module);
  CompareOp cmp;
  module->walk([&](CompareOp op) { cmp = op; });
  ASSERT_TRUE(cmp);
  EXPECT_EQ(cmp.getDirection(), CompareDirection::lt);
  auto type = cast<RankedTensorType>(cmp.getType());
  EXPECT_TRUE(type.getElementType().isInteger(1));
  EXPECT_EQ(type.getShape(), ArrayRef<int64_t>({2, 3}));
}

TEST_F(DialectTest, ConstantFoldsAndMultiplyByOneFolds) {
  auto module = parseSourceString<ModuleOp>(R"mlir(
    func.func @f(%a: tensor<3xf32>) -> tensor<3xf32> {
      %one = trm.constant dense<1.0> : tensor<3xf32>
      %0 = trm.mul %a, %one : tensor<3xf32>
      return %0 : tensor<3xf32>
    })mlir",
                                            &context);
  ASSERT_TRUE(module);
  MulOp mul;
  module->walk([&](MulOp op) { mul = op; });
  SmallVector<OpFoldResult> folded;
  ASSERT_TRUE(succeeded(mul->fold(folded)));
  ASSERT_EQ(folded.size(), 1u);
  EXPECT_EQ(dyn_cast<Value>(folded[0]), mul.getLhs());
}

} // namespace
