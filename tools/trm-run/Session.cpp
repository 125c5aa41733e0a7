//===- Session.cpp - a loaded artifact ready to run -----------------------===//
#include "tools/trm-run/Session.h"
#include "tools/trm-run/MemoryCheck.h"

#include "runtime/comm/Ranks.h"

#include "frontend/config/ConfigDerived.h"
#include "frontend/config/ConfigLoader.h"
#include "runtime/train/Schedule.h"
#include "runtime/train/StateInit.h"

#include <chrono>

namespace trm {

static std::vector<HostTensor>
allocate(const google::protobuf::RepeatedPtrField<artifact::TensorSpec> &specs,
         std::map<std::string, int> &index) {
  std::vector<HostTensor> tensors;
  for (const artifact::TensorSpec &spec : specs) {
    index[spec.name()] = static_cast<int>(tensors.size());
    tensors.emplace_back(
        spec.dtype(),
        std::vector<int64_t>(spec.shape().begin(), spec.shape().end()));
  }
  return tensors;
}

Program::Program(const artifact::EntryPoint &entry, Kernels::Entry call)
    : spec(entry), call(call) {
  ins = allocate(entry.arguments(), inputIndex);
  outs = allocate(entry.results(), outputIndex);
}

HostTensor &Program::input(const std::string &name) {
  return ins[inputIndex.at(name)];
}

const HostTensor &Program::output(const std::string &name) const {
  return outs[outputIndex.at(name)];
}

double Program::run() {
  std::vector<void *> descriptors;
  for (HostTensor &h : ins)
    descriptors.push_back(h.descriptor());
  for (HostTensor &h : outs)
    descriptors.push_back(h.descriptor());
  auto start = std::chrono::steady_clock::now();
  call(descriptors.data());
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

void Program::donate() {
  for (int r = 0; r < spec.results_size(); ++r)
    if (spec.donated_from(r) >= 0)
      std::swap(ins[spec.donated_from(r)], outs[r]);
}

std::string Program::firstNonFiniteResult() const {
  for (int r = 0; r < spec.results_size(); ++r)
    if (outs[r].hasNonFinite())
      return spec.results(r).name();
  return "";
}

std::unique_ptr<Session> Session::open(const std::string &dir,
                                       std::string &error) {
  auto session = std::make_unique<Session>();
  if (error = loadArtifact(dir, session->artifact); !error.empty())
    return nullptr;
  LoadResult loaded = loadConfigText(session->artifact.manifest.config_yaml(),
                                     dir + "/manifest.pb");
  if (!loaded.config) {
    error = loaded.errors.empty() ? "bad config" : loaded.errors.front();
    return nullptr;
  }
  session->cfg = std::make_unique<Config>(*loaded.config);
  int64_t shards = session->cfg->parallelism.num_shards;
  if (shards != ranks().size) {
    error = dir + " was compiled for " + std::to_string(shards) +
            " data-parallel shard(s) (parallelism.num_shards) but runs as " +
            std::to_string(ranks().size) + " process(es); " +
            (shards > 1 ? "launch it as `mpirun -np " + std::to_string(shards) +
                              " trm-run ...`"
                        : "compile it with parallelism.num_shards=" +
                              std::to_string(ranks().size));
    return nullptr;
  }
  // Before any buffer: a step that cannot fit is refused now, not killed
  // by the kernel's OOM killer once its activations fill the memory.
  error = checkMemory(dir, memoryNeed(session->artifact.manifest),
                      machineMemory(), ranks().onThisHost);
  if (!error.empty())
    return nullptr;
  if (!session->kernels.open(dir, error))
    return nullptr;
  for (const artifact::EntryPoint &entry :
       session->artifact.manifest.entry_points()) {
    Kernels::Entry call = session->kernels.entry(entry.name());
    if (!call) {
      error = dir + "/kernels.so lacks trm_entry_" + entry.name() +
              "; recompile the artifact";
      return nullptr;
    }
    session->programs[entry.name()] = std::make_unique<Program>(entry, call);
  }
  if (!session->programs.count("train_step") ||
      !session->programs.count("eval_step")) {
    error = dir + " lacks train_step or eval_step; recompile the artifact";
    return nullptr;
  }
  return session;
}

bool initialise(Program &program, StateInit &init, std::string &error,
                const std::vector<std::string> &prefixes) {
  for (const artifact::TensorSpec &spec : program.entry().arguments()) {
    const std::string &name = spec.name();
    bool selected = prefixes.empty();
    for (const std::string &prefix : prefixes)
      selected |= name.rfind(prefix, 0) == 0;
    if (!selected)
      continue;
    std::vector<double> values;
    HostTensor &tensor = program.input(name);
    if (!init.fill(name, tensor.size(), values, error))
      return false;
    tensor.assign(values);
  }
  return true;
}

void setLearningRates(Program &train, const Config &config, int64_t step) {
  const TrainingConfig &t = config.training;
  int64_t total = totalSteps(config);
  train.input("schedule/lr")
      .set(0,
           learningRate(t.lr, step, t.lr_warmup_steps, total, t.lr_min_ratio));
  if (train.hasInput("schedule/puzzle_emb_lr"))
    train.input("schedule/puzzle_emb_lr")
        .set(0, learningRate(t.puzzle_emb_lr, step, t.lr_warmup_steps, total,
                             t.lr_min_ratio));
}

} // namespace trm
