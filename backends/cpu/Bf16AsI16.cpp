//===- Bf16AsI16.cpp - the trm-cpu-bf16-as-i16 pass -----------------------===//
#include "passes/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/ADT/TypeSwitch.h"

#include <type_traits>

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

/// A bf16 load (masked or not) loads its bits as i16 instead (a masked
/// one's pass-through too), cast back for its users.
template <typename LoadOp> void rewriteLoad(LoadOp load) {
  Value result = load.getRes();
  Type bf16 = result.getType(), bits = asI16(bf16);
  if (!bits)
    return;
  OpBuilder b(load);
  if constexpr (std::is_same_v<LoadOp, LLVM::MaskedLoadOp>)
    for (OpOperand &passThru : load.getPassThruMutable())
      passThru.set(bitsOf(b, passThru.get(), bits));
  result.setType(bits);
  b.setInsertionPointAfter(load);
  auto back = b.create<LLVM::BitcastOp>(load.getLoc(), bf16, result);
  result.replaceAllUsesExcept(back, back);
}

/// A bf16 store (masked or not) stores the same bits as i16.
template <typename StoreOp> void rewriteStore(StoreOp store) {
  Type bits = asI16(store.getValue().getType());
  if (!bits)
    return;
  OpBuilder b(store);
  store.getValueMutable().assign(bitsOf(b, store.getValue(), bits));
}

struct Bf16AsI16 : mlir::trm::impl::TrmCpuBf16AsI16Base<Bf16AsI16> {
  void runOnOperation() override {
    getOperation()->walk([](Operation *op) {
      llvm::TypeSwitch<Operation *>(op)
          .Case([](LLVM::MaskedLoadOp load) { rewriteLoad(load); })
          .Case([](LLVM::LoadOp load) { rewriteLoad(load); })
          .Case([](LLVM::MaskedStoreOp store) { rewriteStore(store); })
          .Case([](LLVM::StoreOp store) { rewriteStore(store); });
    });
  }
};

} // namespace
