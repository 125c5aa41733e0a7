//===- PartitionedCodegen.cpp - object code from module parts -------------===//
#include "backends/cpu/PartitionedCodegen.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/Cloning.h"

#include <algorithm>
#include <tuple>

namespace trm::cpu {

/// Local symbols become hidden globals: a part may call a function or read
/// a constant that another part defines, and the linker joins them inside
/// the library without exporting them.
static void exposeLocalsToParts(llvm::Module &module) {
  for (llvm::GlobalValue &value : module.global_values()) {
    if (!value.hasLocalLinkage())
      continue;
    if (!value.hasName())
      value.setName("trm_part_local"); // LLVM makes each one unique
    value.setLinkage(llvm::GlobalValue::ExternalLinkage);
    value.setVisibility(llvm::GlobalValue::HiddenVisibility);
  }
}

/// The part each function definition goes to: largest first, each to the
/// part with the fewest instructions so far (code generation's time grows
/// with them). Ties go by module order, so the split is deterministic.
/// Everything else (constants, comdat members) stays in part 0.
static llvm::DenseMap<const llvm::GlobalValue *, unsigned>
assignParts(llvm::Module &module, unsigned parts) {
  struct Sized {
    unsigned instructions, order;
    const llvm::Function *function;
  };
  std::vector<Sized> functions;
  for (const llvm::Function &function : module)
    if (!function.isDeclaration() && !function.hasComdat())
      functions.push_back({function.getInstructionCount(),
                           unsigned(functions.size()), &function});
  auto largerFirst = [](const Sized &a, const Sized &b) {
    return std::tie(b.instructions, a.order) <
           std::tie(a.instructions, b.order);
  };
  std::sort(functions.begin(), functions.end(), largerFirst);
  std::vector<uint64_t> load(parts, 0);
  llvm::DenseMap<const llvm::GlobalValue *, unsigned> partOf;
  for (const Sized &sized : functions) {
    unsigned lightest =
        std::min_element(load.begin(), load.end()) - load.begin();
    partOf[sized.function] = lightest;
    load[lightest] += sized.instructions;
  }
  return partOf;
}

std::string compileInParts(llvm::Module &module,
                           const std::vector<std::string> &objects,
                           const PartCompiler &compile) {
  exposeLocalsToParts(module);
  llvm::DenseMap<const llvm::GlobalValue *, unsigned> partOf =
      assignParts(module, objects.size());
  // An LLVM context is not thread-safe: each part crosses to its thread's
  // own context as bitcode, written here, read there.
  std::vector<llvm::SmallVector<char, 0>> bitcode(objects.size());
  for (unsigned i = 0; i < objects.size(); ++i) {
    auto definedHere = [&](const llvm::GlobalValue *value) {
      auto found = partOf.find(value);
      return (found == partOf.end() ? 0 : found->second) == i;
    };
    llvm::ValueToValueMapTy mapping;
    std::unique_ptr<llvm::Module> part =
        llvm::CloneModule(module, mapping, definedHere);
    llvm::raw_svector_ostream out(bitcode[i]);
    llvm::WriteBitcodeToFile(*part, out);
  }
  std::vector<std::string> errors(objects.size());
  auto readAndCompile = [&](size_t i) {
    llvm::LLVMContext context;
    llvm::MemoryBufferRef bytes(
        llvm::StringRef(bitcode[i].data(), bitcode[i].size()), objects[i]);
    llvm::Expected<std::unique_ptr<llvm::Module>> part =
        llvm::parseBitcodeFile(bytes, context);
    if (!part)
      errors[i] = "cannot read back part " + std::to_string(i) +
                  " of the kernels module: " + toString(part.takeError());
    else
      errors[i] = compile(**part, objects[i]);
  };
  llvm::DefaultThreadPool threads(llvm::hardware_concurrency(objects.size()));
  for (size_t i = 0; i < objects.size(); ++i)
    threads.async(readAndCompile, i);
  threads.wait();
  for (const std::string &error : errors)
    if (!error.empty())
      return error;
  return "";
}

} // namespace trm::cpu
