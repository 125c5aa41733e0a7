//===- ConfigChecks.cpp - consistency across keys -------------------------===//
#include "frontend/config/ConfigChecks.h"

#include "frontend/config/ConfigDerived.h"

namespace trm {
namespace {

/// Where to point a message about `keys`: the first key the user set, else
/// the first key.
std::string blame(const Config &config,
                  std::initializer_list<const char *> keys) {
  for (const char *key : keys) {
    const ValueSource &source = config.sources.at(key);
    if (source.explicitlySet)
      return source.where;
  }
  return config.file + " (defaults)";
}

} // namespace

std::vector<std::string> checkConsistency(const Config &config) {
  std::vector<std::string> errors;
  auto fail = [&](std::initializer_list<const char *> keys,
                  const std::string &message) {
    errors.push_back(blame(config, keys) + ": error: " + message);
  };
  const ModelConfig &m = config.model;
  const TrainingConfig &t = config.training;
  auto str = [](auto v) { return std::to_string(v); };

  if (!m.mlp_t && m.hidden_size % m.num_heads != 0)
    fail({"model.num_heads", "model.hidden_size"},
         "model.hidden_size " + str(m.hidden_size) +
             " is not divisible by model.num_heads " + str(m.num_heads) +
             "; pick num_heads dividing hidden_size");
  if (!m.mlp_t && m.pos_encodings == "rope" &&
      (m.hidden_size / m.num_heads) % 2 != 0)
    fail({"model.num_heads", "model.hidden_size"},
         "RoPE rotates pairs of channels, but the head width hidden_size / "
         "num_heads = " +
             str(m.hidden_size / m.num_heads) + " is odd");
  if (m.mlp_t && m.pos_encodings == "rope")
    fail({"model.pos_encodings", "model.mlp_t"},
         "model.pos_encodings: rope rotates attention queries and keys, but "
         "model.mlp_t: true has no attention; use none or learned");
  if (m.puzzle_emb_ndim > puzzleEmbLen(m) * m.hidden_size)
    fail({"model.puzzle_emb_ndim", "model.puzzle_emb_len"},
         "model.puzzle_emb_ndim " + str(m.puzzle_emb_ndim) +
             " does not fit in puzzle_emb_len " + str(puzzleEmbLen(m)) +
             " slots of hidden_size " + str(m.hidden_size));
  if (t.epochs % t.eval_interval != 0)
    fail({"training.eval_interval", "training.epochs"},
         "training.eval_interval " + str(t.eval_interval) +
             " must divide training.epochs " + str(t.epochs) +
             " (evaluations happen after whole chunks of epochs)");
  if (t.global_batch_size % config.parallelism.num_shards != 0)
    fail({"parallelism.num_shards", "training.global_batch_size"},
         "training.global_batch_size " + str(t.global_batch_size) +
             " does not split evenly across parallelism.num_shards " +
             str(config.parallelism.num_shards));
  if (errors.empty() && stepsPerEvaluation(config) == 0)
    fail({"training.global_batch_size", "training.eval_interval"},
         "one evaluation interval holds fewer examples than one batch of " +
             str(t.global_batch_size) +
             ", so no optimiser step would run; lower global_batch_size or "
             "raise eval_interval");
  return errors;
}

std::vector<std::string> checkPlan(const Config &config) {
  std::vector<std::string> warnings;
  auto warn = [&](const char *key, const std::string &message) {
    warnings.push_back(blame(config, {key}) + ": warning: " + message);
  };
  auto unused = [&](const char *key, bool condition, const std::string &why) {
    if (condition && config.sources.at(key).explicitlySet)
      warn(key, std::string(key) + " changes nothing: " + why);
  };
  const ModelConfig &m = config.model;
  const TrainingConfig &t = config.training;
  int64_t steps = stepsRun(config);
  if (steps < t.lr_warmup_steps)
    warn("training.lr_warmup_steps",
         "the run has " + std::to_string(steps) +
             " steps, fewer than training.lr_warmup_steps " +
             std::to_string(t.lr_warmup_steps) +
             ": the LR never reaches its peak");
  else if (t.lr_warmup_steps >= 0.2 * static_cast<double>(steps))
    warn("training.lr_warmup_steps",
         "warm-up takes " +
             std::to_string(100 * t.lr_warmup_steps /
                            std::max<int64_t>(steps, 1)) +
             " % of the " + std::to_string(steps) +
             " steps (>= 20 %); shorten it or train longer");
  unused("model.num_heads", m.mlp_t, "model.mlp_t: true has no attention");
  unused("model.rope_theta", m.pos_encodings != "rope",
         "model.pos_encodings is " + m.pos_encodings);
  unused("training.ema_rate", !t.ema, "training.ema is false");
  unused("training.puzzle_emb_lr", m.puzzle_emb_ndim == 0,
         "model.puzzle_emb_ndim is 0");
  unused("training.puzzle_emb_weight_decay", m.puzzle_emb_ndim == 0,
         "model.puzzle_emb_ndim is 0");
  unused("model.halt_exploration_prob", m.halt_max_steps == 1,
         "model.halt_max_steps is 1, so every slot halts after one step");
  unused("training.lr_min_ratio", steps <= t.lr_warmup_steps,
         "the run ends before the cosine decay starts");
  return warnings;
}

} // namespace trm
