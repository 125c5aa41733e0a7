//===- TrmModule.cpp - tracing the TRM programs, shared state -------------===//
#include "frontend/models/TrmModule.h"

#include "frontend/config/ConfigDerived.h"

using namespace mlir;

namespace trm {

TrmModule::TrmModule(MLIRContext &context, const Config &config)
    : config(config), m(config.model),
      // One shard's rows: the program every data-parallel device runs.
      batch(config.training.global_batch_size / config.parallelism.num_shards),
      builder(&context), t(builder), params(trmParameters(config.model)) {}

OwningOpRef<ModuleOp> TrmModule::trace() {
  OwningOpRef<ModuleOp> owned = ModuleOp::create(
      FileLineColLoc::get(builder.getContext(), config.file, 1, 1));
  module = *owned;
  module->setAttr("trm.forward_dtype", builder.getStringAttr(m.forward_dtype));
  module->setAttr("trm.global_batch_size",
                  builder.getI64IntegerAttr(config.training.global_batch_size));
  module->setAttr("trm.num_shards",
                  builder.getI64IntegerAttr(config.parallelism.num_shards));
  buildNet();
  buildForwardStep();
  buildLossStep();
  declareLossGrad();
  buildTrainStep();
  buildEvalStep();
  return owned;
}

Location TrmModule::keyLoc(const std::string &key) {
  MLIRContext *ctx = builder.getContext();
  const std::string &where = config.sources.at(key).where;
  size_t col = where.rfind(':');
  size_t line = col == std::string::npos ? col : where.rfind(':', col - 1);
  if (line != std::string::npos) {
    unsigned l = std::stoul(where.substr(line + 1, col - line - 1));
    unsigned c = std::stoul(where.substr(col + 1));
    return FileLineColLoc::get(ctx, where.substr(0, line), l, c);
  }
  return NameLoc::get(StringAttr::get(ctx, key + " (" + where + ")"));
}

RankedTensorType TrmModule::activationType() {
  return f32({batch, fullSeqLen(m), m.hidden_size});
}
RankedTensorType TrmModule::f32(ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, builder.getF32Type());
}
RankedTensorType TrmModule::i32(ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, builder.getI32Type());
}
RankedTensorType TrmModule::i1(ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, builder.getI1Type());
}

NamedTypes TrmModule::trainableParams(const std::string &prefix) {
  NamedTypes types;
  for (const ParamSpec &p : params)
    if (p.role == ParamRole::Trainable)
      types.push_back({prefix + p.name, f32(p.shape)});
  return types;
}

NamedTypes TrmModule::batchTypes(const std::string &prefix) {
  return {{prefix + "inputs", i32({batch, m.seq_len})},
          {prefix + "labels", i32({batch, m.seq_len})},
          {prefix + "puzzle_identifiers", i32({batch})}};
}

NamedValues TrmModule::createFunction(const std::string &name,
                                      const NamedTypes &inputs,
                                      const NamedTypes &results,
                                      func::FuncOp &func) {
  SmallVector<Type> in, out;
  for (const auto &[n, type] : inputs)
    in.push_back(type);
  for (const auto &[n, type] : results)
    out.push_back(type);
  builder.setInsertionPointToEnd(module.getBody());
  func = builder.create<func::FuncOp>(
      FileLineColLoc::get(builder.getContext(), config.file, 1, 1), name,
      builder.getFunctionType(in, out));
  functions[name] = func;
  for (auto [i, named] : llvm::enumerate(inputs))
    func.setArgAttr(i, "trm.name", builder.getStringAttr(named.first));
  for (auto [i, named] : llvm::enumerate(results))
    func.setResultAttr(i, "trm.name", builder.getStringAttr(named.first));
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  NamedValues args;
  for (auto [i, named] : llvm::enumerate(inputs))
    args[named.first] = entry->getArgument(i);
  return args;
}

Value TrmModule::acrossShards(Value v) {
  return builder.create<mlir::trm::AllReduceOp>(
      t.loc(), v.getType(),
      mlir::trm::ReductionKindAttr::get(builder.getContext(),
                                        mlir::trm::ReductionKind::sum),
      v, builder.getI64IntegerAttr(1));
}

void TrmModule::returnNamed(func::FuncOp func, const NamedValues &values) {
  SmallVector<Value> results;
  for (unsigned i = 0; i < func.getNumResults(); ++i)
    results.push_back(
        values.at(func.getResultAttrOfType<StringAttr>(i, "trm.name").str()));
  builder.create<func::ReturnOp>(t.loc(), results);
}

} // namespace trm
