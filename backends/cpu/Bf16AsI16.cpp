//===- Bf16AsI16.cpp - the trm-cpu-bf16-as-i16 pass -----------------------===//
#include "passes/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUBF16ASI16
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

/// i16 for bf16, the i16 vector of `type`'s shape for a bf16 vector, else
/// null.
Type asI16(Type type) {
  auto i16 = IntegerType::get(type.getContext(), 16);
  if (type.isBF16())
    return i16;
  auto vector = dyn_cast<VectorType>(type);
  if (!vector || !vector.getElementType().isBF16())
    return nullptr;
  return vector.clone(i16);
}

/// `value` as `bits`: the i16 value it was cast from, else a new bitcast.
Value bitsOf(OpBuilder &b, Value value, Type bits) {
  if (auto cast = value.getDefiningOp<LLVM::BitcastOp>())
    if (cast.getArg().getType() == bits)
      return cast.getArg();
  return b.create<LLVM::BitcastOp>(value.getLoc(), bits, value);
}

void rewriteLoad(LLVM::MaskedLoadOp load) {
  Type bits = asI16(load.getType());
  if (!bits)
    return;
  OpBuilder b(load);
  SmallVector<Value> passThru;
  for (Value value : load.getPassThru())
    passThru.push_back(bitsOf(b, value, bits));
  auto loaded = b.create<LLVM::MaskedLoadOp>(load.getLoc(), bits,
                                             load.getData(), load.getMask(),
                                             passThru, load.getAlignment());
  Value value =
      b.create<LLVM::BitcastOp>(load.getLoc(), load.getType(), loaded);
  load.getRes().replaceAllUsesWith(value);
  load.erase();
}

void rewriteStore(LLVM::MaskedStoreOp store) {
  Type bits = asI16(store.getValue().getType());
  if (!bits)
    return;
  OpBuilder b(store);
  Value value = bitsOf(b, store.getValue(), bits);
  b.create<LLVM::MaskedStoreOp>(store.getLoc(), value, store.getData(),
                                store.getMask(), store.getAlignment());
  store.erase();
}

void rewritePlainLoad(LLVM::LoadOp load) {
  Type bits = asI16(load.getType());
  if (!bits)
    return;
  OpBuilder b(load);
  auto loaded = b.create<LLVM::LoadOp>(
      load.getLoc(), bits, load.getAddr(), load.getAlignment().value_or(0),
      load.getVolatile_(), load.getNontemporal());
  Value value =
      b.create<LLVM::BitcastOp>(load.getLoc(), load.getType(), loaded);
  load.getRes().replaceAllUsesWith(value);
  load.erase();
}

void rewritePlainStore(LLVM::StoreOp store) {
  Type bits = asI16(store.getValue().getType());
  if (!bits)
    return;
  OpBuilder b(store);
  Value value = bitsOf(b, store.getValue(), bits);
  b.create<LLVM::StoreOp>(store.getLoc(), value, store.getAddr(),
                          store.getAlignment().value_or(0),
                          store.getVolatile_(), store.getNontemporal());
  store.erase();
}

struct Bf16AsI16 : mlir::trm::impl::TrmCpuBf16AsI16Base<Bf16AsI16> {
  void runOnOperation() override {
    getOperation()->walk([](Operation *op) {
      if (auto load = dyn_cast<LLVM::MaskedLoadOp>(op))
        rewriteLoad(load);
      else if (auto store = dyn_cast<LLVM::MaskedStoreOp>(op))
        rewriteStore(store);
      else if (auto plainLoad = dyn_cast<LLVM::LoadOp>(op))
        rewritePlainLoad(plainLoad);
      else if (auto plainStore = dyn_cast<LLVM::StoreOp>(op))
        rewritePlainStore(plainStore);
    });
  }
};

} // namespace
