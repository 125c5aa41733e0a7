//===- Evaluation.cpp - datasets and the evaluation loop ------------------===//
#include "tools/trm-run/Evaluation.h"

#include "runtime/comm/Ranks.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace trm {

/// Checks the dataset against the model the artifact was compiled for.
static std::string checkDataset(const std::string &dir,
                                const DatasetMetadata &meta,
                                const ModelConfig &m) {
  if (meta.seq_len != m.seq_len)
    return dir + " has seq_len " + std::to_string(meta.seq_len) +
           ", but the artifact's model.seq_len is " + std::to_string(m.seq_len);
  if (meta.vocab_size > m.vocab_size)
    return dir + " has vocab_size " + std::to_string(meta.vocab_size) +
           ", more than the artifact's model.vocab_size " +
           std::to_string(m.vocab_size);
  if (meta.num_puzzle_identifiers > m.num_puzzle_identifiers)
    return dir + " has " + std::to_string(meta.num_puzzle_identifiers) +
           " puzzle identifiers; model.num_puzzle_identifiers is " +
           std::to_string(m.num_puzzle_identifiers);
  return "";
}

std::vector<std::string> readDataset(const std::string &dir,
                                     const std::string &split,
                                     const ModelConfig &model,
                                     SplitData &data) {
  std::string path = (std::filesystem::path(dir) / split).string();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    return {dir + " is not a directory; pass a dataset written by `trm-data "
                  "sudoku|maze --out DIR` (its train/ and test/ splits)"};
  if (!std::filesystem::is_directory(path, ec))
    return {dir + " has no " + split + "/ split; is it a dataset written " +
            "by trm-data?"};
  DatasetMetadata meta;
  std::vector<std::string> errors = readSplit(path, data, meta);
  if (errors.empty())
    if (std::string e = checkDataset(path, meta, model); !e.empty())
      errors.push_back(e);
  return errors;
}

void setBatch(Program &program, const SplitData &data, int64_t seqLen,
              const BatchRows &rows) {
  std::vector<double> inputs, labels, ids;
  gatherRows(data, seqLen, rows, inputs, labels, ids);
  program.input("batch/inputs").assign(inputs);
  program.input("batch/labels").assign(labels);
  program.input("batch/puzzle_identifiers").assign(ids);
}

std::string EvalMetrics::summary() const {
  double n = std::max(count, 1.0);
  char text[200];
  std::snprintf(text, sizeof text,
                "exact_accuracy %.4f  accuracy %.4f  q_halt_accuracy %.4f  "
                "steps %.2f  (%.0f examples)",
                exact / n, accuracy / n, qHalt / n, steps / n, count);
  return text;
}

EvalMetrics evaluate(Session &session, const SplitData &test, StateInit &init,
                     const std::function<void(Program &)> &loadWeights,
                     std::string &error) {
  const Config &config = session.config();
  Program &eval = session.program("eval_step");
  initialise(eval, init, error);
  loadWeights(eval);
  EvalMetrics total;
  int64_t global = session.rows() * ranks().size;
  for (const BatchRows &batch : evaluationBatches(test, global)) {
    setBatch(eval, test, config.model.seq_len, myRows(batch));
    HostTensor &halted = eval.input("carry/halted");
    for (int64_t i = 0; i < halted.size(); ++i)
      halted.set(i, 1); // every slot starts on this batch's row
    for (int64_t s = 0; s < config.model.halt_max_steps; ++s) {
      eval.run();
      eval.donate(); // the carry feeds the next step
    }
    total.count += eval.output("metrics/count").get(0);
    total.accuracy += eval.output("metrics/accuracy").get(0);
    total.exact += eval.output("metrics/exact_accuracy").get(0);
    total.qHalt += eval.output("metrics/q_halt_accuracy").get(0);
    total.steps += eval.output("metrics/steps").get(0);
  }
  return total; // eval_step all-reduces its metrics across shards
}

} // namespace trm
