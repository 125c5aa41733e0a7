//===- CheckCommand.cpp - `trmc check` ------------------------------------===//
#include "tools/trmc/CheckCommand.h"

#include "frontend/config/ConfigChecks.h"
#include "frontend/config/ConfigDerived.h"
#include "frontend/config/ConfigSchema.h"

#include <iomanip>
#include <sstream>

namespace trm {
namespace {

/// 5028866 -> "5,028,866".
std::string grouped(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

std::string flops(double value) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(3) << value / 1e9 << " GFLOP";
  return os.str();
}

std::string mebibytes(int64_t bytes) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(1)
     << static_cast<double>(bytes) / (1 << 20) << " MiB";
  return os.str();
}

} // namespace

void printCheckReport(const Config &config, std::ostream &os) {
  os << "# resolved config of " << config.file << "\n";
  std::string section;
  for (const KeySpec &spec : configSchema()) {
    std::string path(spec.path);
    std::string sec = path.substr(0, path.find('.'));
    if (sec != section) {
      os << sec << ":\n";
      section = sec;
    }
    std::string line =
        "  " + path.substr(sec.size() + 1) + ": " + valueText(spec, config);
    os << std::left << std::setw(48) << line << " # "
       << config.sources.at(path).where << "\n";
  }

  const ModelConfig &m = config.model;
  StateBytes bytes = stateBytes(config);
  int64_t run = stepsRun(config), total = totalSteps(config);
  os << "\n# what follows\n";
  os << "trainable parameters:      " << grouped(trainableParameters(m))
     << "\n";
  os << "positions per example:     " << fullSeqLen(m) << " ("
     << puzzleEmbLen(m) << " puzzle-embedding slots + " << m.seq_len
     << " tokens)\n";
  os << "total_steps:               " << grouped(total)
     << " (epochs x groups x mean_puzzle_examples / global_batch_size)\n";
  os << "steps actually run:        " << grouped(run) << " ("
     << evaluations(config) << " evaluations x "
     << grouped(stepsPerEvaluation(config))
     << " full batches; partial batches are dropped)\n";
  os << "warm-up:                   "
     << grouped(config.training.lr_warmup_steps) << " steps = " << std::fixed
     << std::setprecision(1)
     << 100.0 * static_cast<double>(config.training.lr_warmup_steps) /
            static_cast<double>(std::max<int64_t>(run, 1))
     << " % of training\n";
  os << "effective depth:           " << effectiveDepth(m) << " blocks (T(n+1) "
     << "x L_layers = " << m.H_cycles << " x " << m.L_cycles + 1 << " x "
     << m.L_layers << ")\n";
  os << "matmul FLOPs per example:  forward step "
     << flops(forwardFlopsPerExample(m)) << ", training step "
     << flops(trainFlopsPerExample(m)) << "\n";
  os << "matmul FLOPs per step:     "
     << flops(trainFlopsPerExample(m) *
              static_cast<double>(config.training.global_batch_size))
     << " at global_batch_size " << config.training.global_batch_size << "\n";
  os << "state memory:              " << mebibytes(bytes.total())
     << " (parameters " << mebibytes(bytes.parameters) << ", optimiser "
     << mebibytes(bytes.optimizer) << ", EMA " << mebibytes(bytes.ema)
     << ", puzzle table " << mebibytes(bytes.puzzleTable) << ")\n";

  std::vector<std::string> warnings = checkPlan(config);
  if (!warnings.empty())
    os << "\n";
  for (const std::string &warning : warnings)
    os << warning << "\n";
}

} // namespace trm
