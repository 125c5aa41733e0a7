//===- ConfigSchema.cpp - every configuration key, typed ------------------===//
//
// Defaults are the Sudoku-Extreme baseline of TRM_SPEC.md.
//
//===----------------------------------------------------------------------===//
#include "frontend/config/ConfigSchema.h"

#include <charconv>
#include <limits>

namespace trm {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// The Config field `Key` of section `Section`, for the schema's accessors.
template <auto Section, auto Key> auto &fieldOf(Config &c) {
  return (c.*Section).*Key;
}
// F(section, key): a function pointer to the accessor of that Config field.
#define F(section, key)                                                        \
  &fieldOf<&Config::section, &decltype(Config::section)::key>

const std::vector<KeySpec> &schema() {
  static const std::vector<KeySpec> keys = {
      // model
      {"model.hidden_size",
       F(model, hidden_size),
       "512",
       1,
       65536,
       {},
       "width D of the network"},
      {"model.num_heads",
       F(model, num_heads),
       "8",
       1,
       1024,
       {},
       "attention heads (attention variant only)"},
      {"model.L_layers",
       F(model, L_layers),
       "2",
       1,
       64,
       {},
       "blocks in the shared network f"},
      {"model.H_cycles",
       F(model, H_cycles),
       "3",
       1,
       64,
       {},
       "T: supervision cycles, the first T-1 without gradient"},
      {"model.L_cycles",
       F(model, L_cycles),
       "6",
       1,
       64,
       {},
       "n: zL updates per cycle"},
      {"model.expansion",
       F(model, expansion),
       "4",
       0.25,
       64,
       {},
       "SwiGLU width factor"},
      {"model.mlp_t",
       F(model, mlp_t),
       "true",
       0,
       0,
       {},
       "token-mixing MLP (MLP-T) instead of attention"},
      {"model.pos_encodings",
       F(model, pos_encodings),
       "none",
       0,
       0,
       {"none", "rope", "learned"},
       "position information"},
      {"model.rope_theta",
       F(model, rope_theta),
       "10000",
       1,
       kInf,
       {},
       "RoPE base (pos_encodings: rope)"},
      {"model.rms_norm_eps",
       F(model, rms_norm_eps),
       "1e-5",
       0,
       1,
       {},
       "RMSNorm epsilon"},
      {"model.puzzle_emb_ndim",
       F(model, puzzle_emb_ndim),
       "512",
       0,
       1 << 20,
       {},
       "width of the learned puzzle embedding (0 = none)"},
      {"model.puzzle_emb_len",
       F(model, puzzle_emb_len),
       "16",
       0,
       4096,
       {},
       "P: prefix slots before the tokens (0 = ceil(ndim / D))"},
      {"model.halt_max_steps",
       F(model, halt_max_steps),
       "16",
       1,
       1024,
       {},
       "supervision steps before a slot must halt"},
      {"model.halt_exploration_prob",
       F(model, halt_exploration_prob),
       "0.1",
       0,
       1,
       {},
       "chance per slot and step of a random minimum halt step"},
      {"model.forward_dtype",
       F(model, forward_dtype),
       "bfloat16",
       0,
       0,
       {"float32", "bfloat16"},
       "dtype of weights at use and activations"},
      {"model.vocab_size",
       F(model, vocab_size),
       "11",
       2,
       1 << 20,
       {},
       "token ids, PAD = 0 included"},
      {"model.seq_len",
       F(model, seq_len),
       "81",
       1,
       1 << 16,
       {},
       "tokens per example"},
      {"model.num_puzzle_identifiers",
       F(model, num_puzzle_identifiers),
       "1",
       1,
       1 << 30,
       {},
       "rows of the puzzle-embedding table"},
      // training
      {"training.global_batch_size",
       F(training, global_batch_size),
       "768",
       1,
       1 << 24,
       {},
       "examples per optimiser step, over all shards"},
      {"training.epochs",
       F(training, epochs),
       "50000",
       1,
       1e9,
       {},
       "passes over the training groups"},
      {"training.eval_interval",
       F(training, eval_interval),
       "5000",
       1,
       1e9,
       {},
       "epochs between evaluations; must divide epochs"},
      {"training.lr", F(training, lr), "1e-4", 0, 1, {}, "peak learning rate"},
      {"training.lr_min_ratio",
       F(training, lr_min_ratio),
       "1.0",
       0,
       1,
       {},
       "final LR / peak LR of the cosine (1 = constant)"},
      {"training.lr_warmup_steps",
       F(training, lr_warmup_steps),
       "2000",
       0,
       1e9,
       {},
       "linear warm-up steps"},
      {"training.optimizer",
       F(training, optimizer),
       "adam_atan2",
       0,
       0,
       {"adam_atan2", "adamw", "adam", "lion"},
       "optimiser of the weights"},
      {"training.beta1",
       F(training, beta1),
       "0.9",
       0,
       0.999999,
       {},
       "first-moment decay"},
      {"training.beta2",
       F(training, beta2),
       "0.95",
       0,
       0.999999,
       {},
       "second-moment decay"},
      {"training.weight_decay",
       F(training, weight_decay),
       "1.0",
       0,
       100,
       {},
       "decoupled weight decay"},
      {"training.puzzle_emb_lr",
       F(training, puzzle_emb_lr),
       "1e-4",
       0,
       1,
       {},
       "sign-SGD step of the puzzle embeddings"},
      {"training.puzzle_emb_weight_decay",
       F(training, puzzle_emb_weight_decay),
       "1.0",
       0,
       100,
       {},
       "weight decay of the puzzle embeddings"},
      {"training.ema",
       F(training, ema),
       "true",
       0,
       0,
       {},
       "keep an EMA of the weights for evaluation and checkpoints"},
      {"training.ema_rate",
       F(training, ema_rate),
       "0.999",
       0,
       1,
       {},
       "EMA decay per step"},
      {"training.seed",
       F(training, seed),
       "0",
       0,
       9.007199254740992e15,
       {},
       "seed of initialisation, data order and halting exploration"},
      {"training.checkpoint_every_evals",
       F(training, checkpoint_every_evals),
       "1",
       0,
       1e9,
       {},
       "write a checkpoint every N evaluations (0 = never)"},
      {"training.keep_checkpoints",
       F(training, keep_checkpoints),
       "2",
       1,
       1e6,
       {},
       "newest checkpoints kept on disk"},
      // data
      {"data.path",
       F(data, path),
       "data/sudoku-extreme-1k-aug-1000",
       0,
       0,
       {},
       "dataset directory (train/ and test/ in the reference format)"},
      {"data.groups",
       F(data, groups),
       "1000",
       1,
       1e12,
       {},
       "training groups expected in the dataset (checked when it is read)"},
      {"data.mean_puzzle_examples",
       F(data, mean_puzzle_examples),
       "1",
       1e-9,
       1e12,
       {},
       "examples per puzzle, as the dataset's dataset.json"},
      // parallelism
      {"parallelism.num_shards",
       F(parallelism, num_shards),
       "1",
       1,
       1 << 20,
       {},
       "data-parallel devices or ranks the batch is split across"},
  };
  return keys;
}

#undef F

} // namespace

std::span<const KeySpec> configSchema() { return schema(); }

const KeySpec *findKey(std::string_view path) {
  for (const KeySpec &spec : schema())
    if (spec.path == path)
      return &spec;
  return nullptr;
}

std::vector<std::string_view> configSections() {
  std::vector<std::string_view> sections;
  for (const KeySpec &spec : schema()) {
    std::string_view section = spec.path.substr(0, spec.path.find('.'));
    if (sections.empty() || sections.back() != section)
      sections.push_back(section);
  }
  return sections;
}

std::string valueText(const KeySpec &spec, const Config &config) {
  // The accessors return mutable references; nothing is written here.
  Config &mutableConfig = const_cast<Config &>(config);
  return std::visit(
      [&](auto field) -> std::string {
        auto &value = field(mutableConfig);
        using T = std::remove_reference_t<decltype(value)>;
        if constexpr (std::is_same_v<T, bool>)
          return value ? "true" : "false";
        else if constexpr (std::is_same_v<T, std::string>)
          return value;
        else { // shortest text that reads back to the same number
          char buffer[32];
          auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
          return std::string(buffer, end);
        }
      },
      spec.field);
}

std::string resolvedConfigYaml(const Config &config) {
  std::string yaml, section;
  for (const KeySpec &spec : configSchema()) {
    std::string path(spec.path);
    std::string sec = path.substr(0, path.find('.'));
    if (sec != section)
      yaml += sec + ":\n";
    section = sec;
    std::string value = valueText(spec, config);
    if (std::holds_alternative<StringField>(spec.field))
      value = "\"" + value + "\"";
    yaml += "  " + path.substr(sec.size() + 1) + ": " + value + "\n";
  }
  return yaml;
}

std::string describeType(const KeySpec &spec) {
  if (!spec.choices.empty()) {
    std::string text = "one of ";
    for (size_t i = 0; i < spec.choices.size(); ++i)
      text += (i ? "|" : "") + std::string(spec.choices[i]);
    return text;
  }
  struct {
    std::string operator()(IntField) const { return "integer"; }
    std::string operator()(FloatField) const { return "number"; }
    std::string operator()(BoolField) const { return "boolean"; }
    std::string operator()(StringField) const { return "string"; }
  } name;
  return std::visit(name, spec.field);
}

} // namespace trm
