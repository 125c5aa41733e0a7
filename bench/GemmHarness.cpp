//===- GemmHarness.cpp - one trm.dot_general, compiled as an artifact is -===//
#include "bench/GemmHarness.h"

#include "backends/cpu/CpuPipeline.h"
#include "backends/cpu/SharedLibrary.h"
#include "ir/TrmDialect.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <sstream>
#include <unistd.h>

namespace trm::bench {
namespace {

std::string tensorType(std::initializer_list<int64_t> dims,
                       const std::string &element) {
  std::string out = "tensor<";
  for (int64_t d : dims)
    if (d)
      out += std::to_string(d) + "x";
  return out + element + ">";
}

/// The dims of A, B, C; a zero leading entry means "no batch dim".
std::string moduleText(const GemmCase &g) {
  std::string t = g.dtype == "bf16" ? "bf16" : "f32";
  std::string a = g.transposeA ? tensorType({g.batch, g.k, g.m}, t)
                               : tensorType({g.batch, g.m, g.k}, t);
  std::string b = tensorType({g.batch, g.k, g.n}, t);
  std::string c = tensorType({g.batch, g.m, g.n}, "f32");
  int64_t first = g.batch ? 1 : 0;
  int64_t lhsContract = g.transposeA ? first : first + 1;
  std::string h = tensorType({g.m, g.n / 2}, "f32");
  std::ostringstream os;
  std::string rounded = tensorType({g.batch, g.m, g.n}, "bf16");
  std::string results = g.roundsToBf16 ? rounded : g.glu ? h : c;
  if (g.squaresProduct())
    results = "(" + h + ", " + c + ")";
  os << "func.func @gemm(%a: " << a << ", %b: " << b << ") -> " << results
     << " {\n  %c = trm.dot_general %a, %b, batch_dims = "
     << (g.batch ? "[0] x [0]" : "[] x []") << ", contracting_dims = ["
     << lhsContract << "] x [" << first << "], accumulate = f32 : (" << a
     << ", " << b << ") -> " << c << "\n";
  if (g.roundsToBf16) {
    os << "  %r = trm.convert %c : " << c << " -> " << rounded
       << "\n  return %r : " << rounded << "\n}\n";
    return os.str();
  }
  if (!g.glu) {
    os << "  return %c : " << c << "\n}\n";
    return os.str();
  }
  auto half = [&](const char *name, int64_t from) {
    os << "  " << name << " = trm.slice %c, start = [0, " << from
       << "], limit = [" << g.m << ", " << from + g.n / 2
       << "], strides = [1, 1] : " << c << " -> " << h << "\n";
  };
  half("%gate", 0);
  half("%up", g.n / 2);
  os << "  %silu = trm.silu %gate : " << h
     << "\n  %h = trm.mul %silu, %up : " << h << "\n";
  if (!g.squaresProduct()) {
    os << "  return %h : " << h << "\n}\n";
    return os.str();
  }
  os << "  %squared = trm.mul %c, %c : " << c
     << "\n  return %h, %squared : " << h << ", " << c << "\n}\n";
  return os.str();
}

std::vector<int64_t> shapeOf(std::initializer_list<int64_t> dims) {
  std::vector<int64_t> out;
  for (int64_t d : dims)
    if (d)
      out.push_back(d);
  return out;
}

void fillSeeded(HostTensor &t, uint64_t seed) {
  for (int64_t i = 0; i < t.size(); ++i) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    t.set(i, static_cast<double>(seed >> 40) / (1 << 23) - 1.0);
  }
}

} // namespace

CompiledGemm::CompiledGemm(const GemmCase &g)
    : gemm(g), a(g.dtype, g.transposeA ? shapeOf({g.batch, g.k, g.m})
                                       : shapeOf({g.batch, g.m, g.k})),
      b(g.dtype, shapeOf({g.batch, g.k, g.n})),
      c(g.roundsToBf16 ? "bf16" : "f32",
        g.glu ? shapeOf({g.m, g.n / 2}) : shapeOf({g.batch, g.m, g.n})),
      squared("f32", g.squaresProduct() ? shapeOf({g.m, g.n}) : shapeOf({0})) {
  fillSeeded(a, 1);
  fillSeeded(b, 2);
}

Kernels::Entry compileForHost(const std::string &moduleText,
                              const std::string &name, Kernels &kernels,
                              std::string &error, const std::string &keepAs,
                              int64_t vectorBits, bool amx) {
  mlir::DialectRegistry registry;
  cpu::registerCpuBackendDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadDialect<mlir::trm::TrmDialect>();
  std::string diagnostics;
  llvm::raw_string_ostream diag(diagnostics);
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &d) {
    diag << d << "\n";
    return mlir::success();
  });
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(moduleText, &context);
  if (!module) {
    error = "cannot parse the module: " + diagnostics;
    return nullptr;
  }
  mlir::PassManager pm(&context);
  cpu::CpuLoweringOptions options =
      cpu::loweringOptionsFor(cpu::hostCpu().features);
  if (vectorBits) {
    options.vectorBits = vectorBits;
    options.bf16Dot = options.bf16Dot && vectorBits == 512;
  }
  options.amx = options.amx && amx && options.vectorBits == 512;
  cpu::buildCpuLoweringPipeline(pm, options);
  if (mlir::failed(pm.run(*module))) {
    error = "the CPU lowering failed: " + diagnostics;
    return nullptr;
  }
  // One directory per process and call: tests run in parallel processes.
  static int calls = 0;
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("trm-kernels-" + std::to_string(getpid()) + "-" +
                               std::to_string(calls++));
  std::filesystem::create_directories(dir);
  mlir::TimingScope untimed;
  error = cpu::emitSharedLibrary(*module, {name}, cpu::hostCpu(),
                                 (dir / "kernels.so").string(), untimed);
  std::error_code copyError;
  if (error.empty() && !keepAs.empty() &&
      !std::filesystem::copy_file(
          dir / "kernels.so", keepAs,
          std::filesystem::copy_options::overwrite_existing, copyError))
    error = "cannot keep the library as " + keepAs + ": " + copyError.message();
  bool loaded = error.empty() && kernels.open(dir.string(), error);
  std::filesystem::remove_all(dir); // a loaded library stays mapped
  if (!loaded)
    return nullptr;
  Kernels::Entry entry = kernels.entry(name);
  if (!entry)
    error = "kernels.so has no trm_entry_" + name;
  return entry;
}

std::unique_ptr<CompiledGemm> CompiledGemm::compile(const GemmCase &gemm,
                                                    std::string &error,
                                                    const std::string &keepAs) {
  std::unique_ptr<CompiledGemm> compiled(new CompiledGemm(gemm));
  compiled->entry = compileForHost(moduleText(gemm), "gemm", compiled->kernels,
                                   error, keepAs, gemm.vectorBits, gemm.amx);
  if (!compiled->entry)
    return nullptr;
  return compiled;
}

void CompiledGemm::run() {
  void *args[] = {a.descriptor(), b.descriptor(), c.descriptor(),
                  squared.descriptor()};
  entry(args);
}

double CompiledGemm::relativeError() const {
  // Every entry of small products; a fixed sample of 4096 of large ones.
  const GemmCase &g = gemm;
  int64_t batches = std::max<int64_t>(g.batch, 1);
  int64_t cols = g.glu ? g.n / 2 : g.n;
  int64_t total = batches * g.m * cols;
  int64_t stride = std::max<int64_t>(1, total / 4096);
  double worst = 0, scale = 1e-30;
  auto product = [&](int64_t p, int64_t i, int64_t j) {
    double sum = 0;
    for (int64_t l = 0; l < g.k; ++l) {
      int64_t ai =
          g.transposeA ? (p * g.k + l) * g.m + i : (p * g.m + i) * g.k + l;
      sum += a.get(ai) * b.get((p * g.k + l) * g.n + j);
    }
    return sum;
  };
  for (int64_t e = 0; e < total; e += stride) {
    int64_t p = e / (g.m * cols), i = e / cols % g.m, j = e % cols;
    double exact = product(p, i, j);
    if (g.glu) {
      double gate = exact;
      exact = gate / (1 + std::exp(-gate)) * product(p, i, j + cols);
    }
    worst = std::max(worst, std::abs(c.get(e) - exact));
    scale = std::max(scale, std::abs(exact));
  }
  if (!g.squaresProduct())
    return worst / scale;
  double worstSquared = 0, scaleSquared = 1e-30;
  for (int64_t e = 0; e < g.m * g.n; e += stride) {
    double exact = product(0, e / g.n, e % g.n);
    exact *= exact;
    worstSquared = std::max(worstSquared, std::abs(squared.get(e) - exact));
    scaleSquared = std::max(scaleSquared, std::abs(exact));
  }
  return std::max(worst / scale, worstSquared / scaleSquared);
}

} // namespace trm::bench
