//===- TrmModule.h - tracing the TRM programs, shared state -----*- C++ -*-===//
//
// One object traces every function of a TRM module; each function's builder
// lives in its own file (TrmNetwork.cpp, TrmLoss.cpp, TrmTrainStep.cpp, ...).
//
//===----------------------------------------------------------------------===//
#ifndef TRM_FRONTEND_MODELS_TRMMODULE_H
#define TRM_FRONTEND_MODELS_TRMMODULE_H

#include "frontend/config/Config.h"
#include "frontend/models/TrmParams.h"
#include "frontend/trace/Tracer.h"

#include <map>
#include <string>
#include <vector>

namespace trm {

/// Named arguments or results of a traced function ("params/lm_head", ...).
using NamedTypes = std::vector<std::pair<std::string, mlir::Type>>;
using NamedValues = std::map<std::string, mlir::Value>;

class TrmModule {
public:
  TrmModule(mlir::MLIRContext &context, const Config &config);

  mlir::OwningOpRef<mlir::ModuleOp> trace();

private:
  // Functions, in the order they are built.
  mlir::func::FuncOp buildNet();         // TrmNetwork.cpp
  mlir::func::FuncOp buildForwardStep(); // TrmNetwork.cpp
  mlir::func::FuncOp buildLossStep();    // TrmLoss.cpp
  mlir::func::FuncOp declareLossGrad();  // TrmLoss.cpp
  mlir::func::FuncOp buildTrainStep();   // TrmTrainStep.cpp
  mlir::func::FuncOp buildEvalStep();    // TrmTrainStep.cpp

  // Pieces of the network (TrmNetwork.cpp).
  Value mlpTokenMixing(Value h, Value gateUp, Value down);
  Value attention(Value h, Value qkv, Value out);
  Value embed(Value inputs, Value puzzleIds, const NamedValues &w);

  /// Shared by train_step and eval_step: slot reset, one supervision step,
  /// halting and metrics (TrmTrainStep.cpp).
  struct ActResult {
    NamedValues outputs;            // carry/*, metrics/*
    std::vector<Value> lossResults; // results of @loss_step(_grad)
  };
  ActResult actStep(const NamedValues &in, bool training);
  /// Optimiser, EMA and puzzle-embedding updates (TrmOptimizers.cpp).
  void optimizerUpdate(const NamedValues &in, mlir::ValueRange grads,
                       NamedValues &out);

  /// Creates @name with `trm.name`-tagged arguments and results, sets the
  /// insertion point into its body, and returns the arguments by name.
  NamedValues createFunction(const std::string &name, const NamedTypes &inputs,
                             const NamedTypes &results,
                             mlir::func::FuncOp &func);
  /// Returns `values` in the order of @func's result names.
  void returnNamed(mlir::func::FuncOp func, const NamedValues &values);

  /// Sums `v` over the data-parallel shards: a trm.all_reduce over 1 shard
  /// that trm-shard-data-parallel binds to the real shard count.
  Value acrossShards(Value v);

  /// The YAML location of a config key (a named location for defaults).
  mlir::Location keyLoc(const std::string &key);

  // Types used throughout.
  mlir::RankedTensorType activationType();
  mlir::RankedTensorType f32(llvm::ArrayRef<int64_t> shape);
  mlir::RankedTensorType i32(llvm::ArrayRef<int64_t> shape);
  mlir::RankedTensorType i1(llvm::ArrayRef<int64_t> shape);
  /// Signature pieces: trainable parameters, the puzzle table, the batch.
  NamedTypes trainableParams(const std::string &prefix);
  NamedTypes batchTypes(const std::string &prefix);
  /// ACT slot state: zH, zL, steps, halted and the slot's example.
  NamedTypes carryTypes();
  NamedTypes lossResults();

  const Config &config;
  const ModelConfig &m;
  int64_t batch; // rows per shard
  mlir::OpBuilder builder;
  Tracer t;
  std::vector<ParamSpec> params;
  mlir::ModuleOp module;
  std::map<std::string, mlir::func::FuncOp> functions;
};

} // namespace trm

#endif // TRM_FRONTEND_MODELS_TRMMODULE_H
