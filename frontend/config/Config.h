//===- Config.h - the resolved experiment configuration ---------*- C++ -*-===//
//
// One struct per YAML section; field names follow the YAML keys of
// TRM_SPEC.md. ConfigSchema.cpp binds every key to its field, default and
// range, so this file holds data only.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_FRONTEND_CONFIG_CONFIG_H
#define TRM_FRONTEND_CONFIG_CONFIG_H

#include <cstdint>
#include <map>
#include <string>

namespace trm {

struct ModelConfig {
  int64_t hidden_size;
  int64_t num_heads;
  int64_t L_layers;
  int64_t H_cycles;
  int64_t L_cycles;
  double expansion;
  bool mlp_t;
  std::string pos_encodings; // none | rope | learned
  double rope_theta;
  double rms_norm_eps;
  int64_t puzzle_emb_ndim;
  int64_t puzzle_emb_len;
  int64_t halt_max_steps;
  double halt_exploration_prob;
  std::string forward_dtype; // float32 | bfloat16
  int64_t vocab_size;
  int64_t seq_len;
  int64_t num_puzzle_identifiers;
};

struct TrainingConfig {
  int64_t global_batch_size;
  int64_t epochs;
  int64_t eval_interval;
  double lr;
  double lr_min_ratio;
  int64_t lr_warmup_steps;
  std::string optimizer; // adam_atan2 | adamw | adam | lion
  double beta1;
  double beta2;
  double weight_decay;
  double puzzle_emb_lr;
  double puzzle_emb_weight_decay;
  bool ema;
  double ema_rate;
  int64_t seed;
  int64_t checkpoint_every_evals;
  int64_t keep_checkpoints;
};

struct DataConfig {
  std::string path;
  int64_t groups;              // expected training groups (base puzzles)
  double mean_puzzle_examples; // examples per puzzle, as dataset.json
};

struct ParallelismConfig {
  int64_t num_shards;
};

/// Where a resolved value came from: "file.yaml:12:5", "command line", or
/// "default".
struct ValueSource {
  std::string where;
  bool explicitlySet = false;
};

struct Config {
  ModelConfig model;
  TrainingConfig training;
  DataConfig data;
  ParallelismConfig parallelism;
  /// Source of every key, by dotted path ("model.hidden_size").
  std::map<std::string, ValueSource> sources;
  /// The file the configuration was loaded from.
  std::string file;
};

} // namespace trm

#endif // TRM_FRONTEND_CONFIG_CONFIG_H
