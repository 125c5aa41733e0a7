//===- Artifact.cpp - writing a compiled artifact directory ---------------===//
#include "tools/trmc/Artifact.h"

#include "backends/cpu/CpuPipeline.h"
#include "backends/hlo/HloEmitter.h"
#include "frontend/config/ConfigSchema.h"
#include "runtime/artifact/Artifact.h"
#include "runtime/artifact/Hash.h"
#include "runtime/io/StagedOutput.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <filesystem>
#include <fstream>
#include <google/protobuf/text_format.h>

namespace trm {
namespace {

constexpr const char *kEntryPoints[] = {"train_step", "eval_step"};

/// What a tensor is for, from its trm.name.
std::string roleOf(llvm::StringRef name) {
  static const std::pair<const char *, const char *> prefixes[] = {
      {"params/", "parameter"},  {"opt/", "optimizer_state"},
      {"ema/", "ema"},           {"carry/", "carry"},
      {"batch/", "batch"},       {"rng/", "rng"},
      {"schedule/", "schedule"}, {"metrics/", "metric"},
      {"grad/", "gradient"}};
  for (auto [prefix, role] : prefixes)
    if (name.starts_with(prefix))
      return role;
  if (name == "puzzle_emb")
    return "puzzle_embedding";
  if (name == "H_init" || name == "L_init")
    return "constant";
  return "output";
}

std::string dtypeOf(mlir::Type type) {
  mlir::Type e = mlir::cast<mlir::RankedTensorType>(type).getElementType();
  if (e.isF32())
    return "f32";
  if (e.isBF16())
    return "bf16";
  if (e.isF64())
    return "f64";
  return e.isInteger(32) ? "i32" : "i1";
}

void describe(artifact::TensorSpec *spec, mlir::Type type,
              mlir::DictionaryAttr attrs) {
  auto attr = [&](const char *key) {
    auto value = attrs ? attrs.getAs<mlir::StringAttr>(key) : nullptr;
    return value ? value.str() : std::string();
  };
  spec->set_name(attr("trm.name"));
  spec->set_role(roleOf(spec->name()));
  for (int64_t d : mlir::cast<mlir::RankedTensorType>(type).getShape())
    spec->add_shape(d);
  spec->set_dtype(dtypeOf(type));
  spec->set_sharding(attr("trm.sharding"));
}

void describeEntry(artifact::EntryPoint *entry, mlir::func::FuncOp func) {
  entry->set_name(func.getSymName().str());
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    describe(entry->add_arguments(), func.getArgument(i).getType(),
             func.getArgAttrDict(i));
  for (unsigned i = 0; i < func.getNumResults(); ++i) {
    describe(entry->add_results(), func.getResultTypes()[i],
             func.getResultAttrDict(i));
    int donor = -1; // a result named like an argument updates it in place
    for (int a = 0; a < entry->arguments_size(); ++a)
      if (entry->arguments(a).name() == entry->results(i).name())
        donor = a;
    entry->add_donated_from(donor);
  }
}

} // namespace

std::string writeArtifact(mlir::ModuleOp module, const Config &config,
                          const std::vector<std::string> &targets,
                          const std::string &dir, bool replace,
                          const cpu::TargetCpu &targetCpu,
                          mlir::TimingScope &timing) {
  auto wants = [&](const char *target) {
    return std::find(targets.begin(), targets.end(), target) != targets.end();
  };
  std::string error;
  StagedOutput staged(dir, replace, error);
  if (!error.empty())
    return error;

  artifact::Manifest manifest;
  manifest.set_format_version(kManifestFormatVersion);
  manifest.set_compiler_version(std::string("trmc ") + TRMC_VERSION);
  for (const std::string &target : targets)
    manifest.add_targets(target);
  manifest.set_config_yaml(resolvedConfigYaml(config));
  manifest.set_config_source(config.file);
  manifest.set_num_shards(config.parallelism.num_shards);
  manifest.set_global_batch_size(config.training.global_batch_size);

  auto write = [&](const std::string &path, const std::string &text,
                   const std::string &format, const std::string &entry) {
    std::ofstream out(std::filesystem::path(staged.dir()) / path,
                      std::ios::binary);
    out << text;
    out.close();
    if (!out)
      return false;
    artifact::File *file = manifest.add_files();
    file->set_path(path);
    file->set_format(format);
    file->set_entry(entry);
    file->set_hash(fnv1a(text));
    return true;
  };

  mlir::TimingScope portableTiming = timing.nest("program and HLO");
  std::string program;
  llvm::raw_string_ostream os(program);
  module.print(os);
  if (!write("program.trm.mlir", os.str(), "trm-mlir", ""))
    return "cannot write program.trm.mlir in " + staged.dir();
  for (const char *name : kEntryPoints) {
    auto func = module.lookupSymbol<mlir::func::FuncOp>(name);
    if (!func)
      return std::string("the module has no @") + name;
    describeEntry(manifest.add_entry_points(), func);
    if (!wants("hlo"))
      continue;
    mlir::FailureOr<std::string> hlo = hlo::emitHlo(module, name);
    mlir::FailureOr<std::string> stable = hlo::emitStableHlo(module, name);
    if (mlir::failed(hlo) || mlir::failed(stable))
      return std::string("cannot emit HLO for @") + name;
    if (!write(std::string(name) + ".hlo", *hlo, "hlo", name) ||
        !write(std::string(name) + ".stablehlo.mlir", *stable, "stablehlo",
               name))
      return "cannot write HLO files in " + staged.dir();
  }
  portableTiming.stop();
  if (wants("cpu")) {
    mlir::OwningOpRef<mlir::ModuleOp> lowered = module.clone();
    mlir::TimingScope cpuTiming = timing.nest("cpu");
    mlir::PassManager pm(module.getContext());
    if (mlir::failed(mlir::applyPassManagerCLOptions(pm)))
      return "invalid pass-manager options for the CPU lowering";
    pm.enableTiming(cpuTiming);
    cpu::buildCpuLoweringPipeline(pm,
                                  cpu::loweringOptionsFor(targetCpu.features));
    if (mlir::failed(pm.run(*lowered)))
      return "the CPU lowering failed (see the diagnostics above)";
    for (artifact::EntryPoint &entry : *manifest.mutable_entry_points())
      if (mlir::Operation *func = lowered->lookupSymbol(entry.name()))
        if (auto bytes = func->getAttrOfType<mlir::IntegerAttr>(
                cpu::kTemporaryBytesAttr))
          entry.set_temporary_bytes(bytes.getInt());
    std::string library =
        (std::filesystem::path(staged.dir()) / "kernels.so").string();
    std::vector<std::string> entries(std::begin(kEntryPoints),
                                     std::end(kEntryPoints));
    if (std::string e = cpu::emitSharedLibrary(*lowered, entries, targetCpu,
                                               library, cpuTiming);
        !e.empty())
      return e;
    std::ifstream in(library, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)),
                      std::istreambuf_iterator<char>());
    artifact::File *file = manifest.add_files();
    file->set_path("kernels.so");
    file->set_format("kernels-so");
    file->set_hash(fnv1a(bytes));
    manifest.add_cpu_features(kCpuNamePrefix + targetCpu.name);
    for (const std::string &feature : targetCpu.features)
      manifest.add_cpu_features(feature);
  }
  manifest.set_content_hash(contentHash(manifest));
  manifest.set_manifest_hash(manifestHash(manifest));

  std::string binary, text;
  manifest.SerializeToString(&binary);
  google::protobuf::TextFormat::PrintToString(manifest, &text);
  for (auto [path, bytes] :
       {std::pair{"manifest.pb", &binary}, {"manifest.textproto", &text}}) {
    std::ofstream out(std::filesystem::path(staged.dir()) / path,
                      std::ios::binary);
    out << *bytes;
    if (!out)
      return std::string("cannot write ") + path;
  }
  return staged.commit();
}

} // namespace trm
