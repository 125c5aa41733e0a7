//===- ProfileCalls.cpp - the trm-cpu-profile-calls pass ------------------===//
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUPROFILECALLS
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

constexpr const char *kEnter = "trm_profile_enter";
constexpr const char *kExit = "trm_profile_exit";

/// The most static type `value` is known by: the gemm kernels take dynamic
/// memrefs, cast from the static ones the program computes.
MemRefType staticType(Value value) {
  while (auto cast = value.getDefiningOp<memref::CastOp>())
    value = cast.getSource();
  return dyn_cast<MemRefType>(value.getType());
}

std::string shapeText(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(shape, os, "x");
  return text;
}

/// `gemm_f32 6208x256x1536` (M x K x N, then ` A^T` / ` B^T` for an
/// operand read transposed) and 2 M K N.
std::pair<std::string, int64_t> describeGemm(func::CallOp call) {
  MemRefType lhs = staticType(call.getOperand(0));
  MemRefType rhs = staticType(call.getOperand(1));
  std::string name = call.getCallee().drop_front(4).str();
  if (!lhs || !rhs || !lhs.hasStaticShape() || !rhs.hasStaticShape())
    return {name + " (dynamic shape)", 0};
  int64_t m = lhs.getDimSize(0), k = rhs.getDimSize(0), n = rhs.getDimSize(1);
  name += " " + shapeText({m, k, n});
  if (!isLastMemrefDimUnitStride(lhs))
    name += " A^T";
  if (!isLastMemrefDimUnitStride(rhs))
    name += " B^T";
  return {name, 2 * m * k * n};
}

/// `trm_kernel_7 exp,mulf,addf 6208x1536xf32`: the kernel, the element ops
/// of its body (up to 4) and its largest operand.
std::string describeKernel(func::CallOp call, func::FuncOp kernel) {
  llvm::SetVector<StringRef> ops;
  kernel.walk([&](Operation *op) {
    if (isa<linalg::GenericOp>(op) || isa<linalg::YieldOp>(op) ||
        op->hasTrait<OpTrait::ConstantLike>() || isa<func::ReturnOp>(op) ||
        op == kernel.getOperation())
      return;
    ops.insert(op->getName().stripDialect());
  });
  std::string text = call.getCallee().str() + " ";
  for (unsigned i = 0; i < ops.size() && i < 4; ++i)
    text += (i ? "," : "") + ops[i].str();
  if (ops.size() > 4)
    text += ",...";
  MemRefType largest;
  for (Value operand : call.getOperands())
    if (auto type = dyn_cast<MemRefType>(operand.getType());
        type && type.hasStaticShape() &&
        (!largest || type.getNumElements() > largest.getNumElements()))
      largest = type;
  if (largest) {
    llvm::raw_string_ostream os(text);
    os << " " << shapeText(largest.getShape()) << (largest.getRank() ? "x" : "")
       << largest.getElementType();
  }
  return text;
}

/// The site's name and its FLOPs (a matmul's; 0 for other kernels).
std::pair<std::string, int64_t> describe(ModuleOp module, func::CallOp call) {
  if (call.getCallee().starts_with("trm_gemm_"))
    return describeGemm(call);
  auto kernel = module.lookupSymbol<func::FuncOp>(call.getCallee());
  if (!kernel || kernel.isExternal()) // nothing to describe
    return {call.getCallee().str(), 0};
  return {describeKernel(call, kernel), 0};
}

/// A public constant global of `values` named `name`.
template <typename T>
void addTable(ModuleOp module, StringRef name, Type element,
              ArrayRef<T> values) {
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  auto type = MemRefType::get({int64_t(values.size())}, element);
  auto init = DenseElementsAttr::get(
      RankedTensorType::get({int64_t(values.size())}, element), values);
  b.create<memref::GlobalOp>(module.getLoc(), name, b.getStringAttr("public"),
                             type, init, /*constant=*/true,
                             /*alignment=*/nullptr);
}

func::FuncOp declareHook(ModuleOp module, StringRef name) {
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  auto hook = b.create<func::FuncOp>(module.getLoc(), name,
                                     b.getFunctionType({b.getI64Type()}, {}));
  hook.setPrivate();
  return hook;
}

struct ProfileCallsPass
    : public mlir::trm::impl::TrmCpuProfileCallsBase<ProfileCallsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Kernels are called from the entry points and from the functions
    // those call (a recursion's body, say), never from kernels.
    auto isKernel = [](StringRef name) {
      return name.starts_with("trm_kernel_") || name.starts_with("trm_gemm_");
    };
    SmallVector<func::CallOp> sites;
    for (auto function : module.getOps<func::FuncOp>())
      if (!isKernel(function.getSymName()))
        function.walk([&](func::CallOp call) {
          if (isKernel(call.getCallee()))
            sites.push_back(call);
        });
    if (sites.empty())
      return;
    func::FuncOp enter = declareHook(module, kEnter);
    func::FuncOp exit = declareHook(module, kExit);
    SmallVector<int8_t> names;
    SmallVector<int64_t> flops;
    for (auto [site, call] : llvm::enumerate(sites)) {
      auto [name, count] = describe(module, call);
      names.append(name.begin(), name.end());
      names.push_back(0);
      flops.push_back(count);
      OpBuilder b(call);
      Value id = b.create<arith::ConstantIntOp>(call.getLoc(), site, 64);
      b.create<func::CallOp>(call.getLoc(), enter, ValueRange{id});
      b.setInsertionPointAfter(call);
      b.create<func::CallOp>(call.getLoc(), exit, ValueRange{id});
    }
    Builder b(module.getContext());
    addTable<int8_t>(module, "trm_profile_site_names", b.getI8Type(), names);
    addTable<int64_t>(module, "trm_profile_site_flops", b.getI64Type(), flops);
  }
};

} // namespace
