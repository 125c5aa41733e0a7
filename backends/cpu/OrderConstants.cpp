//===- OrderConstants.cpp - the trm-cpu-order-constants pass --------------===//
#include "passes/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/StringMap.h"

#include <map>

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUORDERCONSTANTS
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

/// What a constant global holds, as text: two globals with the same key
/// are interchangeable, and keys order globals by content alone.
std::string contentKey(memref::GlobalOp global) {
  std::string key;
  llvm::raw_string_ostream os(key);
  os << global.getType() << " = " << *global.getInitialValue() << " align "
     << global.getAlignment().value_or(0);
  return key;
}

struct OrderConstantsPass
    : public mlir::trm::impl::TrmCpuOrderConstantsBase<OrderConstantsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Content -> the globals holding it; std::map iterates in key order.
    std::map<std::string, SmallVector<memref::GlobalOp>> byContent;
    for (auto global : module.getOps<memref::GlobalOp>())
      if (global.getConstant() && global.isPrivate() &&
          global.getInitialValue())
        byContent[contentKey(global)].push_back(global);

    llvm::StringMap<std::string> renamed;
    SmallVector<memref::GlobalOp> kept;
    for (auto &[key, globals] : byContent) {
      std::string name = "trm_constant_" + std::to_string(kept.size());
      for (memref::GlobalOp global : globals)
        renamed[global.getSymName()] = name;
      for (memref::GlobalOp duplicate : llvm::drop_begin(globals))
        duplicate.erase();
      kept.push_back(globals.front());
      kept.back().setSymName(name);
    }
    Block &body = module.getBodyRegion().front();
    for (memref::GlobalOp global : llvm::reverse(kept))
      if (&body.front() != global.getOperation())
        global->moveBefore(&body, body.begin());
    module.walk([&](memref::GetGlobalOp use) {
      auto found = renamed.find(use.getName());
      if (found != renamed.end())
        use.setName(found->second);
    });
  }
};

} // namespace
