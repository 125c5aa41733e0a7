//===- CompileCommand.cpp - `trmc compile` --------------------------------===//
#include "tools/trmc/CompileCommand.h"

#include "backends/cpu/CpuPipeline.h"
#include "backends/hlo/HloEmitter.h"
#include "frontend/config/ConfigLoader.h"
#include "frontend/models/Trm.h"
#include "passes/Pipelines.h"
#include "tools/trmc/Artifact.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <iomanip>
#include <sstream>

namespace cl = llvm::cl;
using namespace mlir;

namespace trm {
namespace {

std::string phaseList() {
  std::string names;
  for (const mlir::trm::Phase &phase : mlir::trm::compilePhases())
    names += (names.empty() ? "" : ", ") + phase.name;
  return names;
}

cl::OptionCategory &category() {
  static cl::OptionCategory options("trmc compile options");
  return options;
}

/// The --emit description, kept alive for cl::desc's StringRef.
const std::string &emitHelp() {
  static const std::string help =
      "Phase after which to print the IR (" + phaseList() + ")";
  return help;
}

/// Writes `module` to `path` through a temporary file, so a failure never
/// leaves a half-written file behind.
LogicalResult writeModule(ModuleOp module, llvm::StringRef path) {
  llvm::Error error = llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
    module.print(os, OpPrintingFlags());
    return llvm::Error::success();
  });
  if (!error)
    return success();
  llvm::errs() << "trmc compile: cannot write " << path << ": "
               << llvm::toString(std::move(error)) << "\n";
  return failure();
}

} // namespace

int runCompile(int argc, char **argv) {
  static cl::opt<std::string> configPath(
      cl::Positional, cl::Required, cl::desc("CONFIG"), cl::cat(category()));
  static cl::list<std::string> overrides(cl::Positional,
                                         cl::desc("[dotted.key=value ...]"));
  static cl::opt<std::string> emit("emit", cl::init("trm"),
                                   cl::desc(emitHelp()), cl::cat(category()));
  static cl::opt<std::string> output("o", cl::init("-"),
                                     cl::desc("Output file (default stdout)"),
                                     cl::cat(category()));
  static cl::opt<std::string> hloEntry(
      "hlo", cl::init(""),
      cl::desc("Print XLA HLO text of this entry point (after the sharded "
               "phase) instead of IR"),
      cl::cat(category()));
  static cl::opt<std::string> stableHloEntry(
      "stablehlo", cl::init(""),
      cl::desc("Print StableHLO text of this entry point instead of IR"),
      cl::cat(category()));
  static cl::list<std::string> targets(
      "target", cl::CommaSeparated,
      cl::desc("With -o DIR: write an artifact for these targets (hlo; cpu "
               "and all need the CPU backend)"),
      cl::cat(category()));
  static cl::opt<std::string> targetCpu(
      "target-cpu", cl::init("native"),
      cl::desc("CPU the kernels are compiled for: native or an LLVM CPU name "
               "(znver4, skylake-avx512, ...)"),
      cl::cat(category()));
  static cl::opt<bool> force("force",
                             cl::desc("Replace an existing artifact directory"),
                             cl::cat(category()));
  static cl::opt<std::string> dumpPhasesTo(
      "dump-phases-to", cl::init(""),
      cl::desc("Write the IR after every phase to DIR/NN-<phase>.mlir"),
      cl::cat(category()));
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  // --help lists trmc's own options; every MLIR pass-manager and printing
  // flag (--mlir-print-ir-after-all, --mlir-timing, ...) works too and is
  // listed by --help-hidden.
  cl::HideUnrelatedOptions(category());
  cl::ParseCommandLineOptions(
      argc, argv,
      "trmc compile: trace CONFIG, run the compile phases, print IR or "
      "HLO\n\nAll MLIR pass-manager flags are accepted (--help-hidden "
      "lists them).\n");

  const std::vector<mlir::trm::Phase> &phases = mlir::trm::compilePhases();
  bool printHlo = !hloEntry.empty() || !stableHloEntry.empty();
  if ((printHlo || !targets.empty()) && emit == "trm")
    emit = "sharded"; // HLO needs gradients and bound collectives
  auto last =
      std::find_if(phases.begin(), phases.end(),
                   [&](const mlir::trm::Phase &p) { return p.name == emit; });
  if (last == phases.end()) {
    llvm::errs() << "trmc compile: unknown phase --emit=" << emit
                 << "; phases are " << phaseList() << "\n";
    return 2;
  }

  LoadResult loaded = loadConfig(configPath, overrides);
  for (const std::string &error : loaded.errors)
    llvm::errs() << error << "\n";
  if (!loaded.config)
    return 1;

  DialectRegistry registry;
  cpu::registerCpuBackendDialects(registry);
  MLIRContext context(registry);
  OwningOpRef<ModuleOp> module = traceTrm(context, *loaded.config);
  if (failed(verify(*module))) {
    llvm::errs() << "trmc compile: internal error: the traced program does "
                    "not verify (please report it with the config)\n";
    return 1;
  }

  if (!dumpPhasesTo.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(dumpPhasesTo)) {
      llvm::errs() << "trmc compile: cannot create " << dumpPhasesTo << ": "
                   << ec.message() << "\n";
      return 1;
    }
  }
  DefaultTimingManager timing;
  applyDefaultTimingManagerCLOptions(timing);
  TimingScope rootTiming = timing.getRootScope();
  for (auto it = phases.begin(); it <= last; ++it) {
    TimingScope phaseTiming = rootTiming.nest(it->name);
    PassManager pm(&context);
    if (failed(applyPassManagerCLOptions(pm)))
      return 1;
    pm.enableTiming(phaseTiming);
    it->addPasses(pm);
    if (failed(pm.run(*module)))
      return 1;
    if (!dumpPhasesTo.empty()) {
      std::ostringstream name;
      name << std::setw(2) << std::setfill('0') << (it - phases.begin() + 1)
           << "-" << it->name << ".mlir";
      llvm::SmallString<256> path(dumpPhasesTo.getValue());
      llvm::sys::path::append(path, name.str());
      if (failed(writeModule(*module, path)))
        return 1;
    }
  }
  if (!targets.empty()) {
    std::vector<std::string> wanted;
    for (const std::string &target : targets)
      if (target == "all") {
        wanted.push_back("cpu");
        wanted.push_back("hlo");
      } else if (target == "cpu" || target == "hlo") {
        wanted.push_back(target);
      } else {
        llvm::errs() << "trmc compile: unknown --target=" << target
                     << "; targets are cpu, hlo, all\n";
        return 2;
      }
    if (output == "-") {
      llvm::errs() << "trmc compile: --target needs -o DIR for the artifact\n";
      return 2;
    }
    std::string cpuError;
    std::optional<cpu::TargetCpu> cpu =
        targetCpu == "native" ? cpu::hostCpu()
                              : cpu::namedCpu(targetCpu, cpuError);
    if (!cpu) {
      llvm::errs() << "trmc compile: " << cpuError << "\n";
      return 2;
    }
    TimingScope artifactTiming = rootTiming.nest("artifact");
    std::string error = writeArtifact(*module, *loaded.config, wanted, output,
                                      force, *cpu, artifactTiming);
    if (!error.empty()) {
      llvm::errs() << "trmc compile: " << error << "\n";
      return 1;
    }
    return 0;
  }
  if (printHlo) {
    FailureOr<std::string> text =
        hloEntry.empty() ? hlo::emitStableHlo(*module, stableHloEntry)
                         : hlo::emitHlo(*module, hloEntry);
    if (failed(text))
      return 1;
    llvm::Error error = llvm::writeToOutput(output, [&](llvm::raw_ostream &os) {
      os << *text;
      return llvm::Error::success();
    });
    if (error) {
      llvm::errs() << "trmc compile: cannot write " << output << ": "
                   << llvm::toString(std::move(error)) << "\n";
      return 1;
    }
    return 0;
  }
  return failed(writeModule(*module, output)) ? 1 : 0;
}

} // namespace trm
