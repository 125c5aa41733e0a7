//===- GemmKernel.cpp - the GEMM kernels as functions ---------------------===//
//
// The kernel functions a module calls: one per operand type, and one per
// epilogue; their loops come from GemmEmitter.cpp.
//
//===----------------------------------------------------------------------===//
#include "backends/cpu/GemmKernel.h"
#include "backends/cpu/GemmAmx.h"
#include "backends/cpu/GemmEmitter.h"
#include "backends/cpu/GemmEpilogue.h"
#include "backends/cpu/LoweringUtils.h"

#include "mlir/IR/Builders.h"

using namespace mlir;

namespace trm::cpu {
namespace {

// An epilogue kernel's attribute: the epilogueKey of the f it applies.
constexpr llvm::StringLiteral kEpilogueAttr = "trm.epilogue";

MemRefType dynamicMatrix(Type element, int64_t innerStride) {
  int64_t dyn = ShapedType::kDynamic;
  return MemRefType::get(
      {dyn, dyn}, element,
      StridedLayoutAttr::get(element.getContext(), dyn, {dyn, innerStride}));
}

std::string kernelName(Type element, bool pairs) {
  return !element.isBF16() ? "trm_gemm_f32"
         : pairs           ? "trm_gemm_bf16_dot"
                           : "trm_gemm_bf16";
}

/// A private, never inlined kernel `name` of `type` whose body `emit`
/// writes from its arguments.
func::FuncOp
createKernel(ModuleOp module, StringRef name, FunctionType type,
             llvm::function_ref<void(OpBuilder &, Location, ValueRange)> emit) {
  MLIRContext *ctx = module.getContext();
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  Location loc = NameLoc::get(StringAttr::get(ctx, name));
  auto kernel = b.create<func::FuncOp>(loc, name, type);
  kernel.setPrivate();
  markNeverInlined(kernel);
  Block *body = kernel.addEntryBlock();
  b.setInsertionPointToStart(body);
  emit(b, loc, body->getArguments());
  b.create<func::ReturnOp>(loc);
  return kernel;
}

} // namespace

MemRefType gemmLhsType(Type element) {
  return dynamicMatrix(element, ShapedType::kDynamic);
}

bool usesPairKernel(Type element, bool bf16Dot) {
  return bf16Dot && element.isBF16();
}
bool usesAmxKernel(Type element, const GemmTarget &target) {
  return target.amx && element.isBF16();
}
MemRefType gemmRhsType(Type element) { return dynamicMatrix(element, 1); }
MemRefType gemmResultType(MLIRContext *ctx) {
  return dynamicMatrix(Float32Type::get(ctx), 1);
}

func::FuncOp getOrCreateGemmKernel(ModuleOp module, Type element,
                                   const GemmTarget &target) {
  bool amx = usesAmxKernel(element, target);
  bool pairs = !amx && usesPairKernel(element, target.bf16Dot);
  std::string name = amx ? "trm_gemm_bf16_amx" : kernelName(element, pairs);
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder b(module.getContext());
  auto type = b.getFunctionType({gemmLhsType(element), gemmRhsType(element),
                                 gemmResultType(b.getContext()), b.getI1Type()},
                                {});
  if (amx)
    markUsesAmxTiles(module);
  return createKernel(
      module, name, type, [&](OpBuilder &b, Location loc, ValueRange args) {
        if (amx)
          return emitAmxGemmLoops(b, loc, args[0], args[1], args[2], nullptr,
                                  args[3], nullptr);
        emitGemmLoops(b, loc, args[0], args[1], args[2], nullptr, args[3],
                      pairs, nullptr, target.registers);
      });
}

func::FuncOp getOrCreateEpilogueGemmKernel(ModuleOp module,
                                           const GemmEpilogue &epilogue,
                                           Type element,
                                           const GemmTarget &target) {
  bool amx = usesAmxKernel(element, target);
  bool pairs = !amx && usesPairKernel(element, target.bf16Dot);
  std::string base = amx ? "trm_gemm_bf16_amx" : kernelName(element, pairs);
  std::string prefix = base + (epilogue.gated ? "_glu" : "_map");
  // One kernel per distinct f: every SwiGLU of a step shares one.
  StringAttr key =
      StringAttr::get(module.getContext(), base + ": " + epilogueKey(epilogue));
  int64_t count = 0;
  for (auto kernel : module.getOps<func::FuncOp>())
    if (auto existing = kernel->getAttrOfType<StringAttr>(kEpilogueAttr)) {
      if (existing == key)
        return kernel;
      count += kernel.getSymName().starts_with(prefix);
    }
  OpBuilder b(module.getContext());
  Type out = cast<MemRefType>(epilogue.out.getType()).getElementType();
  SmallVector<Type, 4> operands = {gemmLhsType(element), gemmRhsType(element),
                                   dynamicMatrix(out, 1)};
  if (epilogue.keptProduct)
    operands.push_back(gemmResultType(b.getContext()));
  auto type = b.getFunctionType(operands, {});
  if (amx)
    markUsesAmxTiles(module);
  func::FuncOp kernel = createKernel(
      module, prefix + std::to_string(count), type,
      [&](OpBuilder &b, Location loc, ValueRange args) {
        Value product = epilogue.keptProduct ? args[3] : nullptr;
        if (amx)
          return emitAmxGemmLoops(b, loc, args[0], args[1], args[2], product,
                                  nullptr, &epilogue);
        emitGemmLoops(b, loc, args[0], args[1], args[2], product, nullptr,
                      pairs, &epilogue, target.registers);
      });
  kernel->setAttr(kEpilogueAttr, key);
  return kernel;
}

} // namespace trm::cpu
