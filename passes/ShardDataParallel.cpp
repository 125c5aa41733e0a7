//===- ShardDataParallel.cpp - the trm-shard-data-parallel pass -----------===//
#include "ir/TrmOps.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMSHARDDATAPARALLEL
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;
using namespace mlir::trm;

namespace {

/// Values whose leading dimension is the batch: the slot state, the batch,
/// the exploration draws. Everything else is replicated.
bool isBatchSharded(StringRef name) {
  return name.starts_with("carry/") || name.starts_with("batch/") ||
         name.starts_with("rng/") || name == "logits" || name == "q_halt";
}

void tagShardings(func::FuncOp func) {
  Builder b(func.getContext());
  auto tag = [&](StringAttr name) {
    return b.getStringAttr(
        name && isBatchSharded(name.getValue()) ? "batch" : "replicated");
  };
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    func.setArgAttr(i, "trm.sharding",
                    tag(func.getArgAttrOfType<StringAttr>(i, "trm.name")));
  for (unsigned i = 0; i < func.getNumResults(); ++i)
    func.setResultAttr(
        i, "trm.sharding",
        tag(func.getResultAttrOfType<StringAttr>(i, "trm.name")));
}

struct ShardDataParallelPass
    : public trm::impl::TrmShardDataParallelBase<ShardDataParallelPass> {
  using TrmShardDataParallelBase::TrmShardDataParallelBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto traced = module->getAttrOfType<IntegerAttr>("trm.num_shards");
    auto global = module->getAttrOfType<IntegerAttr>("trm.global_batch_size");
    if (!traced || !global) {
      module.emitError("trm-shard-data-parallel: the module lacks "
                       "trm.num_shards / trm.global_batch_size; it was not "
                       "traced by trmc");
      return signalPassFailure();
    }
    int64_t n = shards > 0 ? static_cast<int64_t>(shards) : traced.getInt();
    if (global.getInt() % n != 0) {
      module.emitError() << "trm-shard-data-parallel: training.global_batch_"
                            "size "
                         << global.getInt() << " does not split into " << n
                         << " shards (parallelism.num_shards); pick a "
                            "divisor";
      return signalPassFailure();
    }
    if (n != traced.getInt()) {
      module.emitError() << "trm-shard-data-parallel: the program was traced "
                            "for "
                         << traced.getInt()
                         << " shard(s); trace it again with "
                            "parallelism.num_shards="
                         << n;
      return signalPassFailure();
    }
    Builder b(&getContext());
    module.walk([&](AllReduceOp op) {
      if (op.getShards() == 1)
        op.setShardsAttr(b.getI64IntegerAttr(n));
    });
    for (auto func : module.getOps<func::FuncOp>())
      if (func.isPublic() && !func.isExternal())
        tagShardings(func);
  }
};

} // namespace
