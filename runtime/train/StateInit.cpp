//===- StateInit.cpp - initial values of entry-point tensors --------------===//
#include "runtime/train/StateInit.h"

#include "frontend/models/TrmParams.h"
#include "runtime/data/Random.h"
#include "runtime/train/Init.h"

namespace trm {
namespace {

enum Stream : uint64_t { kBatch = 0x8a7c, kPerturb, kDraws };

bool startsWith(const std::string &s, const char *prefix) {
  return s.rfind(prefix, 0) == 0;
}

} // namespace

std::vector<double> StateInit::parameter(const std::string &name, bool noise) {
  std::vector<ParamSpec> params = trmParameters(config.model);
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i].name != name)
      continue;
    std::vector<float> values = initialValue(params[i], seed, i);
    if (noise && params[i].init != ParamInit::TruncatedNormal) {
      ParamSpec extra = params[i];
      extra.init = ParamInit::TruncatedNormal;
      extra.value = 0.1;
      std::vector<float> delta = initialValue(extra, seed ^ kPerturb, i);
      for (size_t k = 0; k < values.size(); ++k)
        values[k] += delta[k];
    }
    return std::vector<double>(values.begin(), values.end());
  }
  return {};
}

bool StateInit::fill(const std::string &name, int64_t elements,
                     std::vector<double> &values, std::string &error) {
  const ModelConfig &m = config.model;
  values.assign(static_cast<size_t>(elements), 0.0);
  std::string table = name;
  for (const char *prefix : {"params/", "ema/"})
    if (startsWith(name, prefix))
      table = name.substr(std::string(prefix).size());
  if (std::vector<double> p = parameter(table, perturb); !p.empty()) {
    values = p;
  } else if (name == "carry/zH" || name == "carry/zL") {
    std::vector<double> init =
        parameter(name == "carry/zH" ? "H_init" : "L_init", false);
    for (int64_t k = 0; k < elements; ++k)
      values[k] = init[k % init.size()];
  } else if (startsWith(name, "opt/") || name == "carry/steps" ||
             name == "carry/inputs" || name == "carry/labels" ||
             name == "carry/puzzle_identifiers") {
    // zeros
  } else if (name == "carry/halted") {
    std::fill(values.begin(), values.end(), 1.0); // slots take new rows
  } else if (startsWith(name, "batch/") || name == "rng/explore" ||
             name == "rng/min_halt_steps") {
    bool batch = startsWith(name, "batch/");
    Random rng(seed, batch ? kBatch : kDraws,
               batch ? batchDraws++ : rngDraws++);
    // Draw the global batch and keep this rank's rows: W ranks together
    // see exactly what one process would.
    std::vector<double> all(values.size() * static_cast<size_t>(ranks));
    for (double &x : all)
      x = name == "batch/inputs"
              ? 1.0 + static_cast<double>(rng.uniform(m.vocab_size - 1))
          : name == "batch/labels"
              ? 2.0 + static_cast<double>(rng.uniform(m.vocab_size - 2))
          : name == "batch/puzzle_identifiers"
              ? static_cast<double>(rng.uniform(m.num_puzzle_identifiers))
          : name == "rng/explore"
              ? rng.unit()
              : 2.0 + static_cast<double>(rng.uniform(
                          std::max<int64_t>(1, m.halt_max_steps - 1)));
    auto mine = all.begin() + static_cast<std::ptrdiff_t>(values.size()) * rank;
    std::copy(mine, mine + static_cast<std::ptrdiff_t>(values.size()),
              values.begin());
  } else if (name == "schedule/lr") {
    values[0] = config.training.lr;
  } else if (name == "schedule/puzzle_emb_lr") {
    values[0] = config.training.puzzle_emb_lr;
  } else {
    error = "no initial value for '" + name + "'";
    return false;
  }
  return true;
}

} // namespace trm
