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

/// Which loops a kernel for `element` operands on `target` runs.
enum class GemmLoops { Fma, Pairs, Amx };

GemmLoops loopsFor(Type element, const GemmTarget &target) {
  if (usesAmxKernel(element, target))
    return GemmLoops::Amx;
  return usesPairKernel(element, target.bf16Dot) ? GemmLoops::Pairs
                                                 : GemmLoops::Fma;
}

std::string kernelName(Type element, GemmLoops loops) {
  return !element.isBF16()           ? "trm_gemm_f32"
         : loops == GemmLoops::Amx   ? "trm_gemm_bf16_amx"
         : loops == GemmLoops::Pairs ? "trm_gemm_bf16_dot"
                                     : "trm_gemm_bf16";
}

/// The kernel's loops at `b` (GemmEmitter.h or GemmAmx.h), their arguments
/// as those take them.
void emitLoops(OpBuilder &b, Location loc, GemmLoops loops, ValueRange abc,
               Value product, Value overwrite, const GemmEpilogue *epilogue,
               const GemmTarget &target) {
  if (loops == GemmLoops::Amx)
    return emitAmxGemmLoops(b, loc, abc[0], abc[1], abc[2], product, overwrite,
                            epilogue);
  emitGemmLoops(b, loc, abc[0], abc[1], abc[2], product, overwrite,
                loops == GemmLoops::Pairs, epilogue, target.registers);
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
  GemmLoops loops = loopsFor(element, target);
  std::string name = kernelName(element, loops);
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder b(module.getContext());
  auto type = b.getFunctionType({gemmLhsType(element), gemmRhsType(element),
                                 gemmResultType(b.getContext()), b.getI1Type()},
                                {});
  return createKernel(module, name, type,
                      [&](OpBuilder &b, Location loc, ValueRange args) {
                        emitLoops(b, loc, loops, args.take_front(3), nullptr,
                                  args[3], nullptr, target);
                      });
}

func::FuncOp getOrCreateEpilogueGemmKernel(ModuleOp module,
                                           const GemmEpilogue &epilogue,
                                           Type element,
                                           const GemmTarget &target) {
  GemmLoops loops = loopsFor(element, target);
  std::string base = kernelName(element, loops);
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
  func::FuncOp kernel =
      createKernel(module, prefix + std::to_string(count), type,
                   [&](OpBuilder &b, Location loc, ValueRange args) {
                     Value product = epilogue.keptProduct ? args[3] : nullptr;
                     emitLoops(b, loc, loops, args.take_front(3), product,
                               nullptr, &epilogue, target);
                   });
  kernel->setAttr(kEpilogueAttr, key);
  return kernel;
}

} // namespace trm::cpu
