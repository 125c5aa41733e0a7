//===- SharedLibrary.cpp - LLVM-dialect module -> kernels .so -------------===//
#include "backends/cpu/SharedLibrary.h"
#include "backends/cpu/PartitionedCodegen.h"
#include "runtime/exec/NominalPeak.h"

#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

namespace trm::cpu {

TargetCpu hostCpu() {
  TargetCpu cpu{llvm::sys::getHostCPUName().str(), {}};
  for (const auto &feature : llvm::sys::getHostCPUFeatures())
    if (feature.second)
      cpu.features.push_back("+" + feature.first().str());
  std::sort(cpu.features.begin(), cpu.features.end());
  return cpu;
}

std::optional<TargetCpu> namedCpu(const std::string &name, std::string &error) {
  llvm::InitializeNativeTarget();
  std::string triple = llvm::sys::getDefaultTargetTriple();
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return std::nullopt;
  std::unique_ptr<llvm::MCSubtargetInfo> info(
      target->createMCSubtargetInfo(triple, name, ""));
  if (!info || !info->isCPUStringValid(name)) {
    error = "unknown --target-cpu=" + name + " for " + triple +
            " (`llc-19 -mcpu=help` lists the names; or use native)";
    return std::nullopt;
  }
  TargetCpu cpu{name, {}};
  for (const llvm::SubtargetFeatureKV &feature :
       info->getEnabledProcessorFeatures())
    cpu.features.push_back(std::string("+") + feature.Key);
  std::sort(cpu.features.begin(), cpu.features.end());
  return cpu;
}

/// glibc's 16-lane AVX-512 variants, which LLVM 19's libmvec table lacks
/// (it stops at the 8-lane AVX2 ones).
static const llvm::VecDesc kLibmvecAvx512[] = {
    {"expf", "_ZGVeN16v_expf", llvm::ElementCount::getFixed(16), false,
     "_ZGV_LLVM_N16v"},
    {"llvm.exp.f32", "_ZGVeN16v_expf", llvm::ElementCount::getFixed(16), false,
     "_ZGV_LLVM_N16v"},
    {"logf", "_ZGVeN16v_logf", llvm::ElementCount::getFixed(16), false,
     "_ZGV_LLVM_N16v"},
    {"llvm.log.f32", "_ZGVeN16v_logf", llvm::ElementCount::getFixed(16), false,
     "_ZGV_LLVM_N16v"},
    {"atan2f", "_ZGVeN16vv_atan2f", llvm::ElementCount::getFixed(16), false,
     "_ZGV_LLVM_N16vv"},
};

/// The target's library with glibc's vector math library (libmvec): loops
/// calling exp/log/... become vector calls (16 lanes with AVX-512, else 8)
/// instead of staying scalar, and so do vector exp/log intrinsics.
static llvm::TargetLibraryInfoImpl
withVectorMath(const llvm::TargetMachine &machine, bool avx512) {
  llvm::TargetLibraryInfoImpl library(machine.getTargetTriple());
  library.addVectorizableFunctionsFromVecLib(
      llvm::TargetLibraryInfoImpl::LIBMVEC_X86, machine.getTargetTriple());
  if (avx512)
    library.addVectorizableFunctions(kLibmvecAvx512);
  return library;
}

/// LLVM's O2 pipeline for `machine`, its vectorisers knowing `library`.
static void optimize(llvm::Module &module, llvm::TargetMachine &machine,
                     const llvm::TargetLibraryInfoImpl &library) {
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgsccs;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(&machine);
  functions.registerPass([&] { return llvm::TargetLibraryAnalysis(library); });
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(cgsccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, cgsccs, modules);
  builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2)
      .run(module, modules);
}

/// void trm_entry_E(void **args) { _mlir_ciface_E(args[0], args[1], ...); }
static std::string addPackedEntry(llvm::Module &module,
                                  const std::string &entry) {
  llvm::Function *target = module.getFunction("_mlir_ciface_" + entry);
  if (!target)
    return "no C interface for @" + entry + " in the lowered module";
  llvm::LLVMContext &ctx = module.getContext();
  auto *ptr = llvm::PointerType::getUnqual(ctx);
  auto *type =
      llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), {ptr}, false);
  auto *wrapper = llvm::Function::Create(type, llvm::Function::ExternalLinkage,
                                         "trm_entry_" + entry, module);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", wrapper));
  std::vector<llvm::Value *> args;
  for (unsigned i = 0; i < target->arg_size(); ++i) {
    llvm::Value *slot = b.CreateConstGEP1_64(ptr, wrapper->getArg(0), i);
    args.push_back(b.CreateLoad(ptr, slot));
  }
  b.CreateCall(target, args);
  b.CreateRetVoid();
  return "";
}

/// A machine compiling for `cpu` on this host's triple, or nullptr with
/// `error` set.
static std::unique_ptr<llvm::TargetMachine> createMachine(const TargetCpu &cpu,
                                                          std::string &error) {
  std::string triple = llvm::sys::getDefaultTargetTriple();
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target) {
    error = "no LLVM target for " + triple + ": " + error;
    return nullptr;
  }
  std::string features;
  for (const std::string &f : cpu.features)
    features += (features.empty() ? "" : ",") + f;
  return std::unique_ptr<llvm::TargetMachine>(target->createTargetMachine(
      triple, cpu.name, features, llvm::TargetOptions(), llvm::Reloc::PIC_,
      std::nullopt, llvm::CodeGenOptLevel::Aggressive));
}

/// Optimises `part` at -O2 for `cpu` and writes its object code to
/// `object`. Runs on one of several threads: everything it uses is its own.
static std::string compilePart(llvm::Module &part, const TargetCpu &cpu,
                               const std::string &object) {
  std::string error;
  std::unique_ptr<llvm::TargetMachine> machine = createMachine(cpu, error);
  if (!machine)
    return error;
  llvm::TargetLibraryInfoImpl library = withVectorMath(
      *machine, llvm::is_contained(cpu.features, ::trm::kZmmFeature));
  optimize(part, *machine, library);
  std::error_code ec;
  llvm::raw_fd_ostream out(object, ec, llvm::sys::fs::OF_None);
  if (ec)
    return "cannot write " + object + ": " + ec.message();
  llvm::legacy::PassManager codegen;
  // Code generation replaces vector math intrinsics left in the IR (a GLU
  // epilogue's exp) with libmvec calls too.
  codegen.add(new llvm::TargetLibraryInfoWrapperPass(library));
  if (machine->addPassesToEmitFile(codegen, out, nullptr,
                                   llvm::CodeGenFileType::ObjectFile))
    return "the target cannot emit object files";
  codegen.run(part);
  return "";
}

/// The module is optimised and compiled as this many parts, side by side on
/// as many cores as there are. A constant, not the core count: the library
/// must not depend on the machine that compiled it.
static constexpr unsigned kParts = 4;

std::string emitSharedLibrary(mlir::ModuleOp module,
                              const std::vector<std::string> &entries,
                              const TargetCpu &cpu, const std::string &path,
                              mlir::TimingScope &timing) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::LLVMContext context;
  mlir::TimingScope translating = timing.nest("translate to LLVM IR");
  std::unique_ptr<llvm::Module> ir =
      mlir::translateModuleToLLVMIR(module, context);
  translating.stop();
  if (!ir)
    return "cannot translate the lowered module to LLVM IR";
  for (const std::string &entry : entries)
    if (std::string error = addPackedEntry(*ir, entry); !error.empty())
      return error;

  std::string error;
  std::unique_ptr<llvm::TargetMachine> machine = createMachine(cpu, error);
  if (!machine)
    return error;
  ir->setTargetTriple(machine->getTargetTriple().str());
  ir->setDataLayout(machine->createDataLayout());
  // LLVM tunes Skylake-X and later for 256-bit loops (their 512-bit clock
  // penalty); the GEMM kernels run zmm throughout anyway, so the elementwise
  // loops it vectorises may as well: 16 lanes, and libmvec's 16-lane exp.
  if (llvm::is_contained(cpu.features, ::trm::kZmmFeature))
    for (llvm::Function &function : *ir)
      if (!function.isDeclaration())
        function.addFnAttr("prefer-vector-width", "512");

  std::vector<std::string> objects;
  for (unsigned i = 0; i < kParts; ++i)
    objects.push_back(path + "." + std::to_string(i) + ".o");
  auto removeObjects = llvm::make_scope_exit([&] {
    for (const std::string &object : objects)
      llvm::sys::fs::remove(object);
  });
  // Every kernel is a function of its own that is never inlined, so the
  // parts are optimised apart at little cost to the code.
  mlir::TimingScope compiling =
      timing.nest("LLVM -O2 and code generation (parts side by side)");
  auto compileOne = [&](llvm::Module &part, const std::string &object) {
    return compilePart(part, cpu, object);
  };
  if (std::string partError = compileInParts(*ir, objects, compileOne);
      !partError.empty())
    return partError;
  compiling.stop();
  mlir::TimingScope linking = timing.nest("link (clang-19, lld)");
  llvm::ErrorOr<std::string> clang = llvm::sys::findProgramByName("clang-19");
  if (!clang)
    return "clang-19 not found on PATH; it links the kernels library";
  // The GEMM row blocks run on LLVM's OpenMP runtime (libomp; GCC's
  // libgomp lacks the __kmpc_* entry points the lowering calls).
  std::string ompDir = TRM_LLVM_LIBRARY_DIR;
  std::string libraryPath = "-L" + ompDir, runPath = "-Wl,-rpath," + ompDir;
  std::vector<llvm::StringRef> argv = {*clang, "-shared", "-fuse-ld=lld", "-o",
                                       path};
  argv.insert(argv.end(), objects.begin(), objects.end());
  argv.insert(argv.end(), {"-lmvec", "-lm", libraryPath, "-lomp", runPath});
  std::string message;
  int rc =
      llvm::sys::ExecuteAndWait(*clang, argv, std::nullopt, {}, 0, 0, &message);
  if (rc != 0)
    return "linking " + path + " failed (" + std::to_string(rc) + ") " +
           message;
  return "";
}

} // namespace trm::cpu
