//===- Arguments.cpp - inputs for a traced function, by name --------------===//
#include "tools/trm-reference/Arguments.h"

#include "backends/reference/Interpreter.h"
#include "frontend/models/TrmParams.h"
#include "runtime/data/Random.h"
#include "runtime/train/Init.h"

namespace trm {
namespace {

enum Stream : uint64_t { kBatch = 0x8a7c, kPerturb, kDraws };

bool startsWith(const std::string &s, const std::string &prefix) {
  return s.rfind(prefix, 0) == 0;
}

/// The initial value of the parameter-table entry `name`, or nullopt.
std::optional<std::vector<float>> parameter(const Config &config,
                                            const std::string &name,
                                            uint64_t seed, bool perturb) {
  std::vector<ParamSpec> params = trmParameters(config.model);
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i].name != name)
      continue;
    std::vector<float> values = initialValue(params[i], seed, i);
    if (perturb && params[i].init != ParamInit::TruncatedNormal) {
      ParamSpec noise = params[i];
      noise.init = ParamInit::TruncatedNormal;
      noise.value = 0.1;
      std::vector<float> extra = initialValue(noise, seed ^ kPerturb, i);
      for (size_t k = 0; k < values.size(); ++k)
        values[k] += extra[k];
    }
    return values;
  }
  return std::nullopt;
}

} // namespace

std::optional<std::vector<reference::Tensor>>
makeArguments(mlir::func::FuncOp func, const Config &config, uint64_t seed,
              bool perturb, std::string &error) {
  using reference::Tensor;
  const ModelConfig &m = config.model;
  std::vector<Tensor> args;
  Random batchRng(seed, kBatch), draws(seed, kDraws);
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    auto type =
        mlir::cast<mlir::RankedTensorType>(func.getArgument(i).getType());
    Tensor t(*reference::Interpreter::dtypeOf(type.getElementType()),
             std::vector<int64_t>(type.getShape()));
    auto nameAttr = func.getArgAttrOfType<mlir::StringAttr>(i, "trm.name");
    std::string name = nameAttr ? nameAttr.str() : "";
    auto fill = [&](auto draw) {
      for (double &x : t.data)
        x = draw();
    };
    // Parameters and their EMA start from the initialiser; optimiser
    // moments, step counters and slot state from zero.
    std::string table = name;
    for (const char *prefix : {"params/", "ema/"})
      if (startsWith(name, prefix))
        table = name.substr(std::string(prefix).size());
    if (auto values = parameter(config, table, seed, perturb)) {
      t.data.assign(values->begin(), values->end());
    } else if (name == "carry/zH" || name == "carry/zL") {
      auto init = *parameter(config, name == "carry/zH" ? "H_init" : "L_init",
                             seed, false);
      for (int64_t k = 0; k < t.size(); ++k)
        t.data[k] = init[k % init.size()];
    } else if (startsWith(name, "opt/") || name == "carry/steps" ||
               name == "carry/inputs" || name == "carry/labels" ||
               name == "carry/puzzle_identifiers") {
      // zeros
    } else if (name == "carry/halted") {
      fill([] { return 1.0; }); // every slot starts halted: takes new rows
    } else if (name == "batch/inputs") {
      fill([&] { return 1.0 + batchRng.uniform(m.vocab_size - 1); });
    } else if (name == "batch/labels") {
      fill([&] { return 2.0 + batchRng.uniform(m.vocab_size - 2); });
    } else if (name == "batch/puzzle_identifiers") {
      fill([&] { return double(batchRng.uniform(m.num_puzzle_identifiers)); });
    } else if (name == "rng/explore") {
      fill([&] { return draws.unit(); });
    } else if (name == "rng/min_halt_steps") {
      fill([&] {
        return 2.0 + draws.uniform(std::max<int64_t>(1, m.halt_max_steps - 1));
      });
    } else if (name == "schedule/lr") {
      t.data[0] = config.training.lr;
    } else if (name == "schedule/puzzle_emb_lr") {
      t.data[0] = config.training.puzzle_emb_lr;
    } else {
      error = "argument #" + std::to_string(i) + " '" + name + "' of @" +
              func.getSymName().str() + " has no generator";
      return std::nullopt;
    }
    for (double &x : t.data)
      x = reference::roundTo(t.dtype, x);
    args.push_back(std::move(t));
  }
  return args;
}

} // namespace trm
