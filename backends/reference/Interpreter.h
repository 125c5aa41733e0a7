//===- Interpreter.h - the reference backend --------------------*- C++ -*-===//
//
// Executes a function of a trm-dialect module op by op on host tensors: the
// numerics oracle every other backend is tested against.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_REFERENCE_INTERPRETER_H
#define TRM_BACKENDS_REFERENCE_INTERPRETER_H

#include "backends/reference/Tensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>

namespace trm::reference {

class Interpreter {
public:
  explicit Interpreter(mlir::ModuleOp module,
                       Precision precision = Precision::Native)
      : module(module), precision(precision) {}

  /// Runs `function` on `args`, which must match its argument types. On
  /// failure returns nullopt and `error()` says why (naming the op).
  std::optional<std::vector<Tensor>> run(llvm::StringRef function,
                                         const std::vector<Tensor> &args);
  const std::string &error() const { return message; }

  /// The dtype of an element type, or nullopt if the backend lacks it.
  static std::optional<DType> dtypeOf(mlir::Type elementType);

private:
  using Env = llvm::DenseMap<mlir::Value, Tensor>;
  std::optional<std::vector<Tensor>> runBlock(mlir::Block &block,
                                              const std::vector<Tensor> &args,
                                              const Env *outer);
  mlir::LogicalResult evaluate(mlir::Operation *op, Env &env);
  mlir::LogicalResult fail(mlir::Operation *op, const std::string &why);

  mlir::ModuleOp module;
  Precision precision;
  std::string message;
};

} // namespace trm::reference

#endif // TRM_BACKENDS_REFERENCE_INTERPRETER_H
