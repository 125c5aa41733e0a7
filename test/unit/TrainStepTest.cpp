//===- TrainStepTest.cpp - the traced training step on the reference ------===//
//
// Finite differences of the whole loss (f64), one optimiser step lowering the
// loss on a fixed batch, every optimiser, and the ACT halting rules.
//
//===----------------------------------------------------------------------===//
#include "backends/reference/Interpreter.h"
#include "frontend/config/ConfigLoader.h"
#include "frontend/models/Trm.h"
#include "passes/Pipelines.h"
#include "runtime/data/Random.h"
#include "tools/trm-reference/Arguments.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include <gtest/gtest.h>

using namespace mlir;
using ::trm::reference::Interpreter;
using ::trm::reference::Precision;
using ::trm::reference::Tensor;

namespace {

const std::string kTiny =
    std::string(TRM_SOURCE_DIR) + "/configs/models/trm-sudoku-tiny.yaml";

/// A small model whose loss is cheap to evaluate hundreds of times.
std::vector<std::string> small(std::vector<std::string> extra = {}) {
  std::vector<std::string> o = {"model.hidden_size=8",
                                "model.puzzle_emb_ndim=8",
                                "model.puzzle_emb_len=2",
                                "model.seq_len=6",
                                "model.vocab_size=5",
                                "model.L_layers=1",
                                "model.H_cycles=2",
                                "model.L_cycles=2",
                                "model.expansion=1",
                                "model.halt_max_steps=3",
                                "training.global_batch_size=2"};
  o.insert(o.end(), extra.begin(), extra.end());
  return o;
}

struct Program {
  MLIRContext context;
  ::trm::Config config;
  OwningOpRef<ModuleOp> module;

  explicit Program(const std::vector<std::string> &overrides) {
    ::trm::LoadResult r = ::trm::loadConfig(kTiny, overrides);
    EXPECT_TRUE(r.config) << (r.errors.empty() ? "" : r.errors[0]);
    config = *r.config;
    module = ::trm::traceTrm(context, config);
    PassManager pm(&context);
    mlir::trm::addPhasesUpTo(pm, "grad");
    EXPECT_TRUE(succeeded(pm.run(*module)));
  }
  func::FuncOp func(StringRef name) {
    return module->lookupSymbol<func::FuncOp>(name);
  }
  std::vector<Tensor> arguments(StringRef name, bool perturb = true) {
    std::string error;
    auto args = ::trm::makeArguments(func(name), config, 3, perturb, error);
    EXPECT_TRUE(args) << error;
    return *args;
  }
  int argIndex(StringRef function, StringRef name) {
    func::FuncOp f = func(function);
    for (unsigned i = 0; i < f.getNumArguments(); ++i)
      if (f.getArgAttrOfType<StringAttr>(i, "trm.name").getValue() == name)
        return static_cast<int>(i);
    ADD_FAILURE() << "no argument " << name.str();
    return -1;
  }
  int resultIndex(StringRef function, StringRef name) {
    func::FuncOp f = func(function);
    for (unsigned i = 0; i < f.getNumResults(); ++i)
      if (f.getResultAttrOfType<StringAttr>(i, "trm.name").getValue() == name)
        return static_cast<int>(i);
    ADD_FAILURE() << "no result " << name.str();
    return -1;
  }
};

/// With H_cycles = 1 there is no gradient-free cycle, so the analytic
/// gradient is the true derivative and finite differences apply; the no_grad
/// cut itself is checked exactly in GradientCheckTest.
void checkLossGradient(std::vector<std::string> overrides) {
  overrides.push_back("model.H_cycles=1");
  Program p(overrides);
  std::vector<Tensor> args = p.arguments("loss_step");
  Interpreter interpreter(*p.module, Precision::F64);
  auto grads = interpreter.run("loss_step_grad", args);
  ASSERT_TRUE(grads) << interpreter.error();
  func::FuncOp loss = p.func("loss_step");
  auto wrt =
      p.func("loss_step_grad")->getAttrOfType<DenseI64ArrayAttr>("trm.wrt");
  auto value = [&](const std::vector<Tensor> &at) {
    auto r = interpreter.run("loss_step", at);
    return r ? (*r)[0].data[0] : std::nan("");
  };
  ::trm::Random rng(11);
  const double h = 1e-6;
  int checked = 0;
  for (auto [k, i] : llvm::enumerate(wrt.asArrayRef())) {
    const Tensor &analytic = (*grads)[loss.getNumResults() + k];
    std::string name = loss.getArgAttrOfType<StringAttr>(i, "trm.name").str();
    for (int sample = 0; sample < 4; ++sample) {
      int64_t e = static_cast<int64_t>(rng.uniform(analytic.size()));
      std::vector<Tensor> plus = args, minus = args;
      plus[i].data[e] += h;
      minus[i].data[e] -= h;
      double numeric = (value(plus) - value(minus)) / (2 * h);
      EXPECT_NEAR(analytic.data[e], numeric,
                  1e-6 * std::max(1.0, std::abs(numeric)) + 1e-9)
          << name << "[" << e << "]";
      ++checked;
    }
  }
  EXPECT_GT(checked, 20);
}

TEST(TrainStep, LossGradientMatchesFiniteDifferencesMlpT) {
  checkLossGradient(small());
}

TEST(TrainStep, LossGradientMatchesFiniteDifferencesAttention) {
  checkLossGradient(small(
      {"model.mlp_t=false", "model.pos_encodings=rope", "model.num_heads=2"}));
}

TEST(TrainStep, LossGradientMatchesFiniteDifferencesLearnedPositions) {
  checkLossGradient(small({"model.pos_encodings=learned"}));
}

/// Runs one train_step, then the loss of the same rows with the new weights.
/// No weight decay: Adam's coupled L2 term would otherwise be optimised too.
void checkStepLowersLoss(const std::string &optimizer) {
  Program p(small({"training.optimizer=" + optimizer, "training.lr=0.01",
                   "training.weight_decay=0"}));
  std::vector<Tensor> args = p.arguments("train_step", false);
  Interpreter interpreter(*p.module);
  auto out = interpreter.run("train_step", args);
  ASSERT_TRUE(out) << interpreter.error();
  std::vector<Tensor> before = p.arguments("loss_step", false);
  std::vector<Tensor> after = before;
  func::FuncOp loss = p.func("loss_step");
  for (unsigned i = 0; i < loss.getNumArguments(); ++i) {
    std::string name = loss.getArgAttrOfType<StringAttr>(i, "trm.name").str();
    if (name.rfind("params/", 0) == 0 || name == "puzzle_emb")
      after[i] = (*out)[p.resultIndex("train_step", name)];
  }
  auto l0 = interpreter.run("loss_step", before);
  auto l1 = interpreter.run("loss_step", after);
  ASSERT_TRUE(l0 && l1) << interpreter.error();
  EXPECT_LT((*l1)[0].data[0], (*l0)[0].data[0]) << optimizer;
  EXPECT_EQ((*out)[p.resultIndex("train_step", "opt/step")].data[0], 1);
}

TEST(TrainStep, AdamAtan2StepLowersTheLoss) {
  checkStepLowersLoss("adam_atan2");
}
TEST(TrainStep, AdamWStepLowersTheLoss) { checkStepLowersLoss("adamw"); }
TEST(TrainStep, AdamStepLowersTheLoss) { checkStepLowersLoss("adam"); }
TEST(TrainStep, LionStepLowersTheLoss) { checkStepLowersLoss("lion"); }

TEST(TrainStep, SlotsHaltAtMaxStepsAndCountInMetrics) {
  Program p(small({"model.halt_exploration_prob=0"}));
  std::vector<Tensor> args = p.arguments("train_step", false);
  // Slot 0 continues at step 2 of 3; slot 1 is halted and restarts.
  args[p.argIndex("train_step", "carry/halted")].data = {0, 1};
  args[p.argIndex("train_step", "carry/steps")].data = {2, 7};
  std::vector<double> &labels =
      args[p.argIndex("train_step", "carry/labels")].data;
  std::fill(labels.begin(), labels.begin() + 6, 2.0); // slot 0's puzzle
  Interpreter interpreter(*p.module);
  auto out = interpreter.run("train_step", args);
  ASSERT_TRUE(out) << interpreter.error();
  const Tensor &steps = (*out)[p.resultIndex("train_step", "carry/steps")];
  const Tensor &halted = (*out)[p.resultIndex("train_step", "carry/halted")];
  EXPECT_EQ(steps.data, (std::vector<double>{3, 1}));
  EXPECT_EQ(halted.data, (std::vector<double>{1, 0})); // q_halt = -5 < 0
  EXPECT_EQ((*out)[p.resultIndex("train_step", "metrics/count")].data[0], 1);
  EXPECT_EQ((*out)[p.resultIndex("train_step", "metrics/steps")].data[0], 3);
  // The continuing slot kept its (zero) inputs; the restarted one took the
  // new batch row.
  const Tensor &inputs = (*out)[p.resultIndex("train_step", "carry/inputs")];
  const Tensor &fresh = args[p.argIndex("train_step", "batch/inputs")];
  EXPECT_EQ(inputs.data[0], 0);
  EXPECT_EQ(inputs.data[6], fresh.data[6]);
}

TEST(TrainStep, EvalStepNeverHaltsEarly) {
  Program p(small({"model.halt_max_steps=2"}));
  std::vector<Tensor> args = p.arguments("eval_step", true);
  Interpreter interpreter(*p.module);
  int halted = p.argIndex("eval_step", "carry/halted");
  for (int step = 1; step <= 2; ++step) {
    auto out = interpreter.run("eval_step", args);
    ASSERT_TRUE(out) << interpreter.error();
    double count = (*out)[p.resultIndex("eval_step", "metrics/count")].data[0];
    EXPECT_EQ(count, step == 2 ? 2 : 0) << "step " << step;
    // Feed the carry back, as the runtime does.
    func::FuncOp f = p.func("eval_step");
    for (unsigned r = 0; r < f.getNumResults(); ++r) {
      std::string name = f.getResultAttrOfType<StringAttr>(r, "trm.name").str();
      if (name.rfind("carry/", 0) == 0)
        args[p.argIndex("eval_step", name)] = (*out)[r];
    }
    EXPECT_EQ(args[halted].data, (std::vector<double>(2, step == 2)));
  }
}

} // namespace
