//===- MaskedBf16AsI16.cpp - the trm-cpu-masked-bf16-as-i16 pass ----------===//
#include "passes/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUMASKEDBF16ASI16
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

/// The i16 vector of `type`'s shape when `type` is a bf16 vector, else null.
VectorType asI16(Type type) {
  auto vector = dyn_cast<VectorType>(type);
  if (!vector || !vector.getElementType().isBF16())
    return nullptr;
  return vector.clone(IntegerType::get(type.getContext(), 16));
}

void rewriteLoad(LLVM::MaskedLoadOp load) {
  VectorType bits = asI16(load.getType());
  if (!bits)
    return;
  OpBuilder b(load);
  SmallVector<Value> passThru;
  for (Value value : load.getPassThru())
    passThru.push_back(b.create<LLVM::BitcastOp>(load.getLoc(), bits, value));
  auto loaded = b.create<LLVM::MaskedLoadOp>(load.getLoc(), bits,
                                             load.getData(), load.getMask(),
                                             passThru, load.getAlignment());
  Value value =
      b.create<LLVM::BitcastOp>(load.getLoc(), load.getType(), loaded);
  load.getRes().replaceAllUsesWith(value);
  load.erase();
}

void rewriteStore(LLVM::MaskedStoreOp store) {
  VectorType bits = asI16(store.getValue().getType());
  if (!bits)
    return;
  OpBuilder b(store);
  Value value =
      b.create<LLVM::BitcastOp>(store.getLoc(), bits, store.getValue());
  b.create<LLVM::MaskedStoreOp>(store.getLoc(), value, store.getData(),
                                store.getMask(), store.getAlignment());
  store.erase();
}

struct MaskedBf16AsI16
    : mlir::trm::impl::TrmCpuMaskedBf16AsI16Base<MaskedBf16AsI16> {
  void runOnOperation() override {
    getOperation()->walk([](Operation *op) {
      if (auto load = dyn_cast<LLVM::MaskedLoadOp>(op))
        rewriteLoad(load);
      else if (auto store = dyn_cast<LLVM::MaskedStoreOp>(op))
        rewriteStore(store);
    });
  }
};

} // namespace
