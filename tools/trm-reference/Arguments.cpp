//===- Arguments.cpp - inputs for a traced function, by name --------------===//
#include "tools/trm-reference/Arguments.h"

#include "backends/reference/Interpreter.h"
#include "frontend/models/TrmParams.h"
#include "runtime/data/Random.h"
#include "runtime/train/Init.h"

namespace trm {
namespace {

enum Stream : uint64_t { kBatch = 0x8a7c, kPerturb };

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
  std::vector<Tensor> args;
  Random batchRng(seed, kBatch);
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    auto type =
        mlir::cast<mlir::RankedTensorType>(func.getArgument(i).getType());
    Tensor t(*reference::Interpreter::dtypeOf(type.getElementType()),
             std::vector<int64_t>(type.getShape()));
    auto nameAttr = func.getArgAttrOfType<mlir::StringAttr>(i, "trm.name");
    std::string name = nameAttr ? nameAttr.str() : "";
    if (auto values = parameter(config, name, seed, perturb)) {
      t.data.assign(values->begin(), values->end());
    } else if (name == "carry/zH" || name == "carry/zL") {
      // A fresh slot: the fixed init vector on every position.
      auto init = *parameter(config, name == "carry/zH" ? "H_init" : "L_init",
                             seed, false);
      for (int64_t k = 0; k < t.size(); ++k)
        t.data[k] = init[k % init.size()];
    } else if (name == "batch/inputs") {
      for (double &x : t.data)
        x = 1 +
            static_cast<double>(batchRng.uniform(config.model.vocab_size - 1));
    } else if (name == "batch/labels") {
      for (double &x : t.data)
        x = 2 +
            static_cast<double>(batchRng.uniform(config.model.vocab_size - 2));
    } else if (name == "batch/puzzle_identifiers") {
      for (double &x : t.data)
        x = static_cast<double>(
            batchRng.uniform(config.model.num_puzzle_identifiers));
    } else {
      error = "argument #" + std::to_string(i) + " '" + name + "' of @" +
              func.getSymName().str() + " has no generator";
      return std::nullopt;
    }
    args.push_back(std::move(t));
  }
  return args;
}

} // namespace trm
