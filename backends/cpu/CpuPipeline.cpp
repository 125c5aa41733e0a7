//===- CpuPipeline.cpp - trm -> LLVM dialect for the CPU backend ----------===//
#include "backends/cpu/CpuPipeline.h"
#include "backends/cpu/SharedLibrary.h"
#include "runtime/exec/NominalPeak.h"

#include "passes/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/OpenMPToLLVM/ConvertOpenMPToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/SCFToOpenMP/SCFToOpenMP.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Dialect/AMX/AMXDialect.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/AMX/AMXToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace trm::cpu {

void registerCpuBackendDialects(DialectRegistry &registry) {
  registry
      .insert<affine::AffineDialect, amx::AMXDialect, arith::ArithDialect,
              bufferization::BufferizationDialect, cf::ControlFlowDialect,
              func::FuncDialect, linalg::LinalgDialect, LLVM::LLVMDialect,
              math::MathDialect, memref::MemRefDialect, omp::OpenMPDialect,
              scf::SCFDialect, tensor::TensorDialect, vector::VectorDialect>();
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  registerAMXDialectTranslation(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerOpenMPDialectTranslation(registry);
}

CpuLoweringOptions
loweringOptionsFor(const std::vector<std::string> &features) {
  CpuLoweringOptions options;
  options.bf16Dot = llvm::is_contained(features, ::trm::kBf16DotFeature);
  options.vectorBits =
      llvm::is_contained(features, ::trm::kZmmFeature) ? 512 : 256;
  options.amx = ::trm::hasAmxBf16(features);
  return options;
}

void buildCpuLoweringPipeline(OpPassManager &pm,
                              const CpuLoweringOptions &options) {
  pm.addPass(mlir::trm::createTrmLowerToLinalg());
  pm.addPass(createCanonicalizerPass());
  // No CSE here: it would merge the zero-filled result tensors of equal-
  // shaped matmuls, and bufferization would then copy the shared zeros into
  // every result instead of letting each matmul overwrite a fresh buffer.
  pm.addPass(mlir::trm::createTrmFuse());
  bufferization::OneShotBufferizationOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.allowReturnAllocsFromLoops =
      true; // the recursion carries new values
  bufferize.setFunctionBoundaryTypeConversion(
      bufferization::LayoutMapOption::IdentityLayoutMap);
  // Copies (slices inserted into concatenations, values kept for the
  // backward) as linalg.copy: outlined and threaded like any loop nest,
  // where a memref.copy would be one serial memmove.
  bufferize.memCpyFn = [](OpBuilder &b, Location loc, Value from, Value to) {
    b.create<linalg::CopyOp>(loc, from, to);
    return success();
  };
  pm.addPass(mlir::trm::createTrmCpuConcatInPlace());
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addPass(mlir::trm::createTrmCpuOrderConstants());
  // Results become caller-owned out-parameters (the runtime's state
  // buffers); every buffer allocated inside is freed before returning.
  // Static result buffers are hoisted to the caller: kernels write the
  // runtime's state and output buffers directly, with no copy per step.
  bufferization::BufferResultsToOutParamsOpts outParams;
  outParams.hoistStaticAllocs = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  bufferization::buildBufferDeallocationPipeline(
      pm, bufferization::BufferDeallocationPipelineOptions());
  pm.addPass(createBufferizationToMemRefPass());
  pm.addPass(mlir::trm::createTrmCpuElideCopies());
  mlir::trm::TrmCpuMatmulKernelsOptions kernels;
  kernels.bf16Dot = options.bf16Dot;
  kernels.vectorBits = options.vectorBits;
  kernels.amx = options.amx;
  pm.addPass(mlir::trm::createTrmCpuMatmulKernels(kernels));
  pm.addPass(mlir::trm::createTrmCpuOutlineKernels());
  // The deallocation pipeline frees at block ends: in the unrolled step
  // that kept every forward temporary until the backward's end.
  pm.addPass(mlir::trm::createTrmCpuFreeEarly());
  // The peak of what each entry point allocates, for the manifest.
  pm.addPass(mlir::trm::createTrmCpuPlanMemory());
  pm.addPass(mlir::trm::createTrmCpuProfileCalls());
  pm.addPass(mlir::trm::createTrmCpuTileTransposes());
  pm.addPass(createConvertLinalgToParallelLoopsPass());
  pm.addPass(mlir::trm::createTrmCpuOuterParallel());
  // scf.parallel (the GEMM row blocks) -> OpenMP worksharing loops. The
  // canonicalizer folds the memref.alloca_scope the conversion wraps bodies
  // in, which scf-to-cf cannot lower.
  pm.addPass(createConvertSCFToOpenMPPass());
  pm.addPass(mlir::trm::createTrmCpuGuidedSchedule());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(mlir::trm::createTrmCpuInlineAllocaScopes());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertSCFToCFPass());
  arith::ArithExpandOpsPassOptions expand;
  expand.includeBf16 = true; // bf16 <-> f32 without a libcall
  pm.addPass(arith::createArithExpandOpsPass(expand));
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.amx = options.amx; // the AMX kernel's tile ops
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  // Buffers come from the runtime's pool (runtime/exec/BufferPool.cpp):
  // malloc maps and unmaps the large ones on every step.
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useGenericFunctions = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  // f32 exp as inline arithmetic (a libmvec call spilled every zmm around
  // it); then math with an LLVM intrinsic, so that a vector op stays one for
  // the vector math library where the libm conversion would split it into
  // 16 scalar calls; then atan2 and friends.
  pm.addPass(mlir::trm::createTrmCpuExpandExp());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  // Fold each view's pointer back to its buffer's: OpenMP's outlining then
  // captures one pointer per buffer, not one per view, and LLVM's loop
  // vectorizer sees the views' distance (two views of one buffer, as two
  // captured pointers, needed a run-time overlap check that, hoisted out of
  // the row loop, always failed when their rows interleave). Folding alone
  // does it (extractvalue of insertvalue), in half the canonicalizer's time.
  GreedyRewriteConfig foldOnly;
  foldOnly.enableRegionSimplification = GreedySimplifyRegionLevel::Disabled;
  pm.addPass(createCanonicalizerPass(foldOnly, /*disabledPatterns=*/{},
                                     /*enabledPatterns=*/{"none"}));
  pm.addPass(mlir::trm::createTrmCpuBf16AsI16());
}

void registerCpuLoweringPipeline() {
  PassPipelineRegistration<>(
      "trm-cpu-lowering",
      "The CPU backend's lowering: trm -> linalg -> bufferized loops -> LLVM",
      [](OpPassManager &pm) {
        buildCpuLoweringPipeline(pm, loweringOptionsFor(hostCpu().features));
      });
}

} // namespace trm::cpu
