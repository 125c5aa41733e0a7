//===- TrainCommand.cpp - `trm-run train`: train and evaluate -------------===//
//
// The training loop of TRM_SPEC.md sec. 4-5 on one process: batches from the
// dataset (TrainLoader), the LR schedule, seeded exploration draws, the ACT
// carry kept in the step's state; after every eval_interval epochs an
// evaluation of the test set with the EMA weights (every example runs
// halt_max_steps steps). Metrics go to stdout, RUNDIR/metrics.jsonl and a
// TensorBoard event file in RUNDIR; the
// resolved config to RUNDIR/config.yaml.
//
//===----------------------------------------------------------------------===//
#include "runtime/comm/Ranks.h"
#include "tools/trm-run/Commands.h"

#include "frontend/config/ConfigDerived.h"
#include "runtime/io/AtomicFile.h"
#include "runtime/io/TensorBoardEvents.h"
#include "runtime/train/StateInit.h"
#include "tools/trm-run/Checkpoints.h"
#include "tools/trm-run/Evaluation.h"
#include "tools/trm-run/Session.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace trm {
namespace {

struct Options {
  std::string artifact, data, out;
  int64_t maxSteps = 0; // 0: the whole plan
  uint64_t seed = 0;
  bool resume = false;
};

bool parse(const std::vector<std::string> &argv, Options &o) {
  Args args(argv, {{"data", true},
                   {"out", true},
                   {"max-steps", true},
                   {"seed", true},
                   {"resume", false}});
  o.data = args.requiredText("data");
  o.out = args.text("out");
  o.maxSteps = args.integer("max-steps", 0, 0, kMostCount);
  o.seed = args.integer("seed", 0, 0, kMostCount);
  o.resume = args.has("resume");
  if (o.resume && o.out.empty())
    args.errors.push_back(
        "--resume needs --out RUNDIR (where the checkpoints are)");
  if (!commandArgsOk("train", args,
                     "ARTIFACT --data DIR [--out RUNDIR] [--max-steps N] "
                     "[--seed S] [--resume]"))
    return false;
  o.artifact = args.positional[0];
  return true;
}

using Scalars = std::vector<std::pair<std::string, double>>;

/// What one train step reports: mean LM loss per row, how many sequences
/// halted, and the exact accuracy among them.
/// The step's metrics are sums over the global batch (`rows`): the program
/// all-reduces them across shards itself.
Scalars trainScalars(Program &step, double rows) {
  double count = step.output("metrics/count").get(0);
  double exact =
      count ? step.output("metrics/exact_accuracy").get(0) / count : 0.0;
  return {{"train/lm_loss", step.output("metrics/lm_loss").get(0) / rows},
          {"train/halted", count},
          {"train/exact_accuracy", exact}};
}

/// On a terminal, one line redrawn in place: step/total, loss, examples/s,
/// ETA. Otherwise a plain line every 10 steps (logs stay readable).
void reportProgress(const Scalars &train, int64_t done, int64_t planned,
                    double rows, double examplesPerSecond) {
  static const bool terminal = isatty(fileno(stdout));
  double loss = train[0].second, count = train[1].second,
         exact = train[2].second;
  if (terminal) {
    double eta = static_cast<double>(planned - done) * rows / examplesPerSecond;
    std::printf("\rstep %lld/%lld  lm_loss %.4f  train exact %.3f  %.1f "
                "examples/s  ETA %.0f s   ",
                static_cast<long long>(done), static_cast<long long>(planned),
                loss, exact, examplesPerSecond, eta);
    std::fflush(stdout);
    return;
  }
  if (done % 10 == 0 || done == 1)
    std::printf("step %5lld  lm_loss %.4f  halted %3.0f  train exact %.3f  "
                "%.1f examples/s\n",
                static_cast<long long>(done), loss, count, exact,
                examplesPerSecond);
}

/// RUNDIR/config.yaml records the resolved config a run was started with. A
/// resumed run must continue under the same config: a different artifact
/// (say, another learning rate) would silently splice two experiments.
std::string recordConfig(const std::string &rundir, const std::string &yaml) {
  std::filesystem::path path = std::filesystem::path(rundir) / "config.yaml";
  if (std::filesystem::exists(path)) {
    std::ifstream in(path, std::ios::binary);
    std::string recorded((std::istreambuf_iterator<char>(in)),
                         std::istreambuf_iterator<char>());
    if (recorded == yaml)
      return "";
    return path.string() +
           " records another config than this artifact's; continue the run "
           "with the artifact that started it, or train into a new --out";
  }
  return writeFileAtomically(path.string(),
                             [&](std::ostream &out) { out << yaml; });
}

} // namespace

int runTrain(const std::vector<std::string> &args) {
  Options o;
  if (!parse(args, o))
    return 2;
  std::string error;
  std::unique_ptr<Session> session = Session::open(o.artifact, error);
  if (!session) {
    std::cerr << "trm-run train: " << error << "\n";
    return 1;
  }
  const Config &config = session->config();
  SplitData train, test;
  for (auto [name, split] : {std::pair{"train", &train}, {"test", &test}}) {
    std::vector<std::string> errors =
        readDataset(o.data, name, config.model, *split);
    for (const std::string &e : errors)
      std::cerr << "trm-run train: " << e << "\n";
    if (!errors.empty())
      return 1;
  }
  bool writer = ranks().rank == 0; // rank 0 writes; all take checkpoints
  Program &step = session->program("train_step");
  StateInit init(config, o.seed);
  init.shareOf(ranks().rank, ranks().size);
  if (!initialise(step, init, error)) {
    std::cerr << "trm-run train: " << error << "\n";
    return 1;
  }
  Position position;
  if (o.resume) {
    bool found = false;
    if (error = resumeCheckpoint(o.out, step, position, init, found);
        !error.empty()) {
      std::cerr << "trm-run train: " << error << "\n";
      return 1;
    }
    if (found)
      std::printf("resumed from step %lld\n",
                  static_cast<long long>(position.step));
  }
  std::ofstream metrics;
  TensorBoardEvents events;
  if (!o.out.empty() && writer) {
    std::filesystem::create_directories(o.out);
    if (error = recordConfig(o.out, session->configYaml()); !error.empty()) {
      std::cerr << "trm-run train: " << error << "\n";
      return 1;
    }
    metrics.open(std::filesystem::path(o.out) / "metrics.jsonl",
                 position.step ? std::ios::app : std::ios::trunc);
    if (!events.open(o.out, error)) {
      std::cerr << "trm-run train: " << error << "\n";
      return 1;
    }
  }
  // Every rank draws the global batches and trains on its share of rows.
  int64_t global = session->rows() * ranks().size;
  TrainLoader loader(train, global, config.training.eval_interval, o.seed);
  double rows = static_cast<double>(global), seconds = 0;
  int64_t planned =
      o.maxSteps ? std::min(o.maxSteps, stepsRun(config)) : stepsRun(config);
  int64_t done = position.step;
  auto start = std::chrono::steady_clock::now();
  for (int64_t chunk = position.nextChunk; chunk < evaluations(config);
       ++chunk) {
    for (const BatchRows &batch : loader.chunk(chunk)) {
      if (o.maxSteps && done >= o.maxSteps)
        break;
      ++done;
      setBatch(step, train, config.model.seq_len, myRows(batch));
      initialise(step, init, error, {"rng/"}); // this step's exploration draws
      setLearningRates(step, config, done);
      seconds += step.run();
      // A NaN/inf stops the run before it replaces the state, so the last
      // checkpoint and the state it names stay usable.
      if (std::string bad = step.firstNonFiniteResult(); !bad.empty()) {
        std::cerr << "\ntrm-run train: step " << done
                  << " produced NaN or inf in '" << bad
                  << "'; stopped without saving it. Lower training.lr or "
                     "check the data, then resume from the last checkpoint\n";
        return 3;
      }
      step.donate();
      Scalars scalars = trainScalars(step, rows);
      if (events.isOpen())
        events.write(done, scalars);
      reportProgress(scalars, done, planned, rows,
                     rows * static_cast<double>(done - position.step) /
                         seconds);
    }
    // Evaluation and checkpoints use the EMA weights (TRM_SPEC.md sec. 5).
    const char *weights = config.training.ema ? "ema/" : "params/";
    EvalMetrics m = evaluate(
        *session, test, init,
        [&](Program &eval) {
          for (const artifact::TensorSpec &spec : eval.entry().arguments()) {
            const std::string &name = spec.name();
            if (name.rfind("params/", 0) == 0)
              eval.input(name).copyFrom(step.input(weights + name.substr(7)));
            else if (name == "puzzle_emb" || name == "H_init" ||
                     name == "L_init")
              eval.input(name).copyFrom(step.input(name));
          }
        },
        error);
    double n = std::max(m.count, 1.0);
    double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    if (isatty(fileno(stdout)))
      std::printf("\n"); // end the progress line
    std::printf("eval after step %lld (%.0f s): %s\n",
                static_cast<long long>(done), wall, m.summary().c_str());
    Scalars evalScalars = {{"eval/exact_accuracy", m.exact / n},
                           {"eval/accuracy", m.accuracy / n},
                           {"eval/q_halt_accuracy", m.qHalt / n},
                           {"eval/steps", m.steps / n},
                           {"eval/count", m.count}};
    if (metrics.is_open()) {
      metrics << "{\"step\": " << done;
      for (const auto &[tag, value] : evalScalars)
        metrics << ", \"" << tag << "\": " << value;
      metrics << "}\n";
    }
    if (events.isOpen())
      events.write(done, evalScalars);
    int64_t every = config.training.checkpoint_every_evals;
    if (!o.out.empty() && every > 0 && (chunk + 1) % every == 0) {
      Position now{done, chunk + 1};
      if (error = saveCheckpoint(o.out, step, now, init,
                                 config.training.keep_checkpoints);
          !error.empty()) {
        std::cerr << "trm-run train: " << error << "\n";
        return 1;
      }
    }
    if (o.maxSteps && done >= o.maxSteps)
      break;
  }
  return 0;
}

} // namespace trm
