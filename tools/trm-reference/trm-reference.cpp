//===- trm-reference.cpp - run a traced TRM on the reference backend ------===//
//
//   trm-reference CONFIG [key=value ...] [--function NAME] [--seed S]
//                 [--repeat N] [--f64] [--perturb] [--emit PHASE] [--dump DIR]
//
// Traces CONFIG, builds seeded arguments, runs NAME (default forward_step) on
// the reference interpreter, prints the time per call, and with --dump writes
// every argument and result as <trm.name>.npy (slashes -> "__") plus
// config.json, for independent implementations to compare against.
//
//===----------------------------------------------------------------------===//
#include "backends/reference/Interpreter.h"
#include "frontend/config/ConfigLoader.h"
#include "frontend/models/Trm.h"
#include "passes/Pipelines.h"
#include "runtime/data/Npy.h"
#include "tools/trm-reference/Arguments.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <filesystem>
#include <fstream>

namespace cl = llvm::cl;
using namespace trm;
using reference::Tensor;

/// "arg/block1/mlp/down" -> "arg__block1__mlp__down.npy".
static std::string fileName(const std::string &name) {
  std::string file;
  for (char ch : name)
    file += ch == '/' ? std::string("__") : std::string(1, ch);
  return file + ".npy";
}

static bool dump(const std::string &dir, const std::string &name,
                 const Tensor &t) {
  NpyArray array;
  if (t.dtype == reference::DType::I32 || t.dtype == reference::DType::I1)
    array =
        makeI32(t.shape, std::vector<int32_t>(t.data.begin(), t.data.end()));
  else
    array = makeF64(t.shape, t.data);
  std::string error =
      writeNpy((std::filesystem::path(dir) / fileName(name)).string(), array);
  if (!error.empty())
    llvm::errs() << "trm-reference: " << error << "\n";
  return error.empty();
}

int main(int argc, char **argv) {
  cl::opt<std::string> configPath(cl::Positional, cl::Required,
                                  cl::desc("CONFIG"));
  cl::list<std::string> overrides(cl::Positional,
                                  cl::desc("[dotted.key=value ...]"));
  cl::opt<std::string> function("function", cl::init("forward_step"),
                                cl::desc("Function to run"));
  cl::opt<uint64_t> seed("seed", cl::init(0), cl::desc("Seed of all inputs"));
  cl::opt<unsigned> repeat("repeat", cl::init(1), cl::desc("Calls to time"));
  cl::opt<bool> f64("f64", cl::desc("Keep every float in f64"));
  cl::opt<bool> perturb(
      "perturb", cl::desc("Add noise to constant-initialised parameters"));
  cl::opt<std::string> dumpDir("dump", cl::init(""),
                               cl::desc("Write arguments and results here"));
  cl::opt<std::string> emit("emit", cl::init("grad"),
                            cl::desc("Compile phase to run the program at"));
  cl::ParseCommandLineOptions(argc, argv, "trm-reference\n");

  LoadResult loaded = loadConfig(configPath, overrides);
  for (const std::string &e : loaded.errors)
    llvm::errs() << e << "\n";
  if (!loaded.config)
    return 1;
  mlir::MLIRContext context;
  auto module = traceTrm(context, *loaded.config);
  mlir::PassManager pm(&context);
  bool found = mlir::trm::addPhasesUpTo(pm, emit);
  if (!found || mlir::failed(pm.run(*module))) {
    llvm::errs() << "trm-reference: cannot compile to phase '" << emit << "'\n";
    return 1;
  }
  auto func = module->lookupSymbol<mlir::func::FuncOp>(function);
  if (!func) {
    llvm::errs() << "trm-reference: the traced module has no @" << function
                 << "\n";
    return 1;
  }
  std::string error;
  auto args = makeArguments(func, *loaded.config, seed, perturb, error);
  if (!args) {
    llvm::errs() << "trm-reference: " << error << "\n";
    return 1;
  }
  reference::Interpreter interpreter(
      *module, f64 ? reference::Precision::F64 : reference::Precision::Native);
  std::optional<std::vector<Tensor>> results;
  auto start = std::chrono::steady_clock::now();
  for (unsigned i = 0; i < repeat; ++i)
    if (!(results = interpreter.run(function, *args))) {
      llvm::errs() << "trm-reference: " << interpreter.error() << "\n";
      return 1;
    }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count() /
      repeat;
  llvm::outs() << "@" << function << ": " << llvm::format("%.3f", seconds)
               << " s per call on the reference backend ("
               << (f64 ? "f64" : "native precision") << ")\n";

  if (dumpDir.empty())
    return 0;
  std::filesystem::create_directories(dumpDir.getValue());
  bool ok = true;
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    ok &= dump(dumpDir,
               "arg/" +
                   func.getArgAttrOfType<mlir::StringAttr>(i, "trm.name").str(),
               (*args)[i]);
  for (unsigned i = 0; i < func.getNumResults(); ++i)
    ok &= dump(
        dumpDir,
        "result/" +
            func.getResultAttrOfType<mlir::StringAttr>(i, "trm.name").str(),
        (*results)[i]);
  // Argument and result order, for drivers that call the same function.
  std::ofstream signature(std::filesystem::path(dumpDir.getValue()) /
                          "signature.json");
  auto names = [&](bool results) {
    std::string list = "[";
    unsigned n = results ? func.getNumResults() : func.getNumArguments();
    for (unsigned i = 0; i < n; ++i) {
      auto name =
          results ? func.getResultAttrOfType<mlir::StringAttr>(i, "trm.name")
                  : func.getArgAttrOfType<mlir::StringAttr>(i, "trm.name");
      list += std::string(i ? ", " : "") + "\"" + name.str() + "\"";
    }
    return list + "]";
  };
  auto dtypes = [&](mlir::TypeRange types) {
    std::string list = "[";
    for (auto [i, type] : llvm::enumerate(types))
      list += std::string(i ? ", " : "") + "\"" +
              reference::dtypeName(*reference::Interpreter::dtypeOf(
                  mlir::cast<mlir::RankedTensorType>(type).getElementType())) +
              "\"";
    return list + "]";
  };
  signature << "{\"arguments\": " << names(false)
            << ", \"argument_dtypes\": " << dtypes(func.getArgumentTypes())
            << ", \"results\": " << names(true) << "}\n";
  const ModelConfig &m = loaded.config->model;
  std::ofstream json(std::filesystem::path(dumpDir.getValue()) / "config.json");
  json << "{\"hidden_size\": " << m.hidden_size
       << ", \"num_heads\": " << m.num_heads << ", \"L_layers\": " << m.L_layers
       << ", \"H_cycles\": " << m.H_cycles << ", \"L_cycles\": " << m.L_cycles
       << ", \"mlp_t\": " << (m.mlp_t ? "true" : "false")
       << ", \"pos_encodings\": \"" << m.pos_encodings
       << "\", \"rope_theta\": " << m.rope_theta
       << ", \"rms_norm_eps\": " << m.rms_norm_eps
       << ", \"puzzle_emb_ndim\": " << m.puzzle_emb_ndim
       << ", \"puzzle_emb_len\": " << m.puzzle_emb_len
       << ", \"vocab_size\": " << m.vocab_size << "}\n";
  return ok ? 0 : 1;
}
