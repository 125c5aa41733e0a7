//===- Arguments.cpp - inputs for a traced function, by name --------------===//
#include "tools/trm-reference/Arguments.h"

#include "backends/reference/Interpreter.h"
#include "runtime/train/StateInit.h"

namespace trm {

std::optional<std::vector<reference::Tensor>>
makeArguments(mlir::func::FuncOp func, const Config &config, uint64_t seed,
              bool perturb, std::string &error) {
  StateInit init(config, seed, perturb);
  std::vector<reference::Tensor> args;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    auto type =
        mlir::cast<mlir::RankedTensorType>(func.getArgument(i).getType());
    reference::Tensor t(*reference::Interpreter::dtypeOf(type.getElementType()),
                        std::vector<int64_t>(type.getShape()));
    auto name = func.getArgAttrOfType<mlir::StringAttr>(i, "trm.name");
    if (!init.fill(name ? name.str() : "", t.size(), t.data, error)) {
      error = "argument #" + std::to_string(i) + " of @" +
              func.getSymName().str() + ": " + error;
      return std::nullopt;
    }
    for (double &x : t.data)
      x = reference::roundTo(t.dtype, x);
    args.push_back(std::move(t));
  }
  return args;
}

} // namespace trm
