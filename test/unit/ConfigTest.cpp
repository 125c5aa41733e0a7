//===- ConfigTest.cpp - YAML config loading, checks and derived numbers ---===//
#include "frontend/config/ConfigChecks.h"
#include "frontend/config/ConfigDerived.h"
#include "frontend/config/ConfigLoader.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace fs = std::filesystem;
using trm::loadConfig;
using trm::LoadResult;

namespace {

const std::string kBaseline =
    std::string(TRM_SOURCE_DIR) + "/configs/models/trm-sudoku-baseline.yaml";
const std::string kAttention =
    std::string(TRM_SOURCE_DIR) + "/configs/models/trm-sudoku-attention.yaml";

class ConfigFiles : public ::testing::Test {
protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("trm-config-test-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string write(const std::string &name, const std::string &text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
  /// All errors joined, for matching.
  static std::string errors(const LoadResult &r) {
    std::string all;
    for (const std::string &e : r.errors)
      all += e + "\n";
    return all;
  }
  fs::path dir;
};

TEST(ConfigDerived, ParameterCountsMatchTheSpec) {
  const std::pair<int, int64_t> expected[] = {
      {256, 1483778}, {384, 2666498},   {512, 5028866},
      {768, 9753602}, {1024, 17624066}, {1536, 38083586}};
  for (auto [d, params] : expected) {
    std::string dim = std::to_string(d);
    LoadResult r = loadConfig(kBaseline, {"model.hidden_size=" + dim,
                                          "model.puzzle_emb_ndim=" + dim});
    ASSERT_TRUE(r.config) << r.errors.front();
    EXPECT_EQ(trm::trainableParameters(r.config->model), params) << "D=" << d;
  }
  LoadResult attention = loadConfig(kAttention);
  ASSERT_TRUE(attention.config);
  EXPECT_EQ(trm::trainableParameters(attention.config->model), 6828034);
}

TEST(ConfigDerived, BaselineStepsMatchTheSpec) {
  LoadResult r = loadConfig(kBaseline);
  ASSERT_TRUE(r.config);
  EXPECT_EQ(trm::totalSteps(*r.config), 65104);
  EXPECT_EQ(trm::stepsRun(*r.config), 65100);
  EXPECT_EQ(trm::evaluations(*r.config), 10);
  EXPECT_EQ(trm::effectiveDepth(r.config->model), 42);
  EXPECT_EQ(trm::swigluInner(512, 4), 1536);
  EXPECT_EQ(trm::swigluInner(97, 4), 512);
  EXPECT_TRUE(trm::checkPlan(*r.config).empty());
}

TEST_F(ConfigFiles, UnknownKeySuggestsTheNearest) {
  std::string file = write("a.yaml", "model:\n  hiden_size: 64\n");
  LoadResult r = loadConfig(file);
  EXPECT_FALSE(r.config);
  EXPECT_NE(errors(r).find(file + ":2:3: error: unknown key "
                                  "'model.hiden_size'; did you mean "
                                  "'model.hidden_size'?"),
            std::string::npos)
      << errors(r);
}

TEST_F(ConfigFiles, WrongTypeAndRangeNameFileLineAndKey) {
  std::string file =
      write("a.yaml", "model:\n  L_layers: two\ntraining:\n  lr: 3\n");
  LoadResult r = loadConfig(file);
  EXPECT_FALSE(r.config);
  std::string all = errors(r);
  EXPECT_NE(all.find(file + ":2:3: error: model.L_layers: expected an "
                            "integer, got 'two'"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find(file + ":4:3: error: training.lr: 3 is out of range"),
            std::string::npos)
      << all;
}

TEST_F(ConfigFiles, InconsistentCombinationsAreErrors) {
  std::string file =
      write("a.yaml", "model:\n  mlp_t: false\n  hidden_size: 100\n"
                      "  num_heads: 8\n  puzzle_emb_ndim: 100\n"
                      "training:\n  epochs: 10\n  eval_interval: 3\n");
  LoadResult r = loadConfig(file, {"parallelism.num_shards=7"});
  EXPECT_FALSE(r.config);
  std::string all = errors(r);
  EXPECT_NE(all.find(":4:3: error: model.hidden_size 100 is not divisible by "
                     "model.num_heads 8"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find(":8:3: error: training.eval_interval 3 must divide "
                     "training.epochs 10"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("command line (parallelism.num_shards=7): error: "
                     "training.global_batch_size 768 does not split evenly"),
            std::string::npos)
      << all;
}

TEST_F(ConfigFiles, KeyOrSectionTwiceInOneFileIsAnError) {
  // A base file's key is overridden on purpose; the same key twice in one
  // file is a slip that YAML would resolve silently (the later wins).
  std::string file = write("twice.yaml", "model:\n  hidden_size: 64\n"
                                         "  hidden_size: 128\n"
                                         "training:\n  epochs: 2\n"
                                         "training:\n  epochs: 3\n");
  LoadResult r = loadConfig(file);
  EXPECT_FALSE(r.config);
  EXPECT_NE(errors(r).find(file +
                           ":3:3: error: model.hidden_size is given "
                           "twice in this file (first at " +
                           file + ":2:3); keep one"),
            std::string::npos)
      << errors(r);
  EXPECT_NE(errors(r).find(file +
                           ":6:1: error: training is given twice in "
                           "this file (first at " +
                           file + ":4:1); keep one"),
            std::string::npos)
      << errors(r);
}

TEST_F(ConfigFiles, EmptyValueAndDirectoryAreNamedForWhatTheyAre) {
  std::string file = write("empty.yaml", "model:\n  hidden_size:\n");
  LoadResult r = loadConfig(file);
  EXPECT_NE(errors(r).find(file + ":2:3: error: model.hidden_size: expected "
                                  "integer, got no value"),
            std::string::npos)
      << errors(r);
  std::string dir = std::filesystem::path(file).parent_path().string();
  r = loadConfig(dir);
  EXPECT_NE(errors(r).find(dir + ": error: not a config file (a directory "
                                 "or device); pass a YAML file"),
            std::string::npos)
      << errors(r);
}

TEST_F(ConfigFiles, InheritanceAndOverridesApplyInOrder) {
  write("base.yaml", "model:\n  hidden_size: 128\n  L_layers: 3\n");
  std::string child = write("child.yaml", "defaults: [base.yaml]\n"
                                          "model:\n  L_layers: 4\n"
                                          "  puzzle_emb_ndim: 128\n");
  LoadResult r = loadConfig(child, {"model.H_cycles=2"});
  ASSERT_TRUE(r.config) << errors(r);
  EXPECT_EQ(r.config->model.hidden_size, 128);
  EXPECT_EQ(r.config->model.L_layers, 4);
  EXPECT_EQ(r.config->model.H_cycles, 2);
  EXPECT_EQ(r.config->model.L_cycles, 6); // the schema default
  EXPECT_NE(
      r.config->sources.at("model.hidden_size").where.find("base.yaml:2:3"),
      std::string::npos);
  EXPECT_FALSE(r.config->sources.at("model.L_cycles").explicitlySet);
}

TEST_F(ConfigFiles, InheritanceCycleIsReported) {
  write("a.yaml", "base: b.yaml\n");
  std::string b = write("b.yaml", "base: a.yaml\n");
  LoadResult r = loadConfig(b);
  EXPECT_FALSE(r.config);
  EXPECT_NE(errors(r).find("inheritance cycle"), std::string::npos);
}

TEST_F(ConfigFiles, SyntaxErrorAndBadOverrideAreLocated) {
  std::string file = write("a.yaml", "model: [1\n");
  LoadResult r = loadConfig(file);
  EXPECT_NE(errors(r).find(file + ":2:1: error: YAML syntax"),
            std::string::npos)
      << errors(r);
  LoadResult o = loadConfig(kBaseline, {"model.hidden_sise=3"});
  EXPECT_NE(errors(o).find("did you mean 'model.hidden_size'?"),
            std::string::npos)
      << errors(o);
}

TEST_F(ConfigFiles, SelfDefeatingPlansWarn) {
  LoadResult r = loadConfig(
      kBaseline, {"training.lr_warmup_steps=100000", "model.rope_theta=500"});
  ASSERT_TRUE(r.config);
  std::vector<std::string> warnings = trm::checkPlan(*r.config);
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_NE(warnings[0].find("fewer than training.lr_warmup_steps"),
            std::string::npos);
  EXPECT_NE(warnings[1].find("model.rope_theta changes nothing"),
            std::string::npos);
  EXPECT_NE(warnings[2].find("lr_min_ratio changes nothing"),
            std::string::npos);
}

} // namespace
