//===- ConfigDerived.cpp - quantities that follow from a config -----------===//
#include "frontend/config/ConfigDerived.h"

#include <cmath>

namespace trm {

int64_t puzzleEmbLen(const ModelConfig &m) {
  if (m.puzzle_emb_len > 0)
    return m.puzzle_emb_len;
  return (m.puzzle_emb_ndim + m.hidden_size - 1) / m.hidden_size;
}

int64_t fullSeqLen(const ModelConfig &m) { return puzzleEmbLen(m) + m.seq_len; }

int64_t swigluInner(int64_t width, double expansion) {
  int64_t inner = std::llround(expansion * static_cast<double>(width) * 2 / 3);
  return (inner + 255) / 256 * 256;
}

/// Weights of one SwiGLU over `width` channels: gate_up width->2I, down
/// I->width.
static int64_t swigluWeights(int64_t width, double expansion) {
  return 3 * width * swigluInner(width, expansion);
}

int64_t trainableParameters(const ModelConfig &m) {
  int64_t d = m.hidden_size, l = fullSeqLen(m);
  int64_t mixing = m.mlp_t ? swigluWeights(l, m.expansion)
                           : 3 * d * d /* qkv */ + d * d /* out */;
  int64_t perBlock = mixing + swigluWeights(d, m.expansion);
  int64_t total = m.L_layers * perBlock;
  total += 2 * m.vocab_size * d; // token embedding + lm_head
  total += 2 * d + 2;            // q_head weight and bias
  if (m.pos_encodings == "learned")
    total += l * d;
  return total;
}

int64_t networkCallsPerStep(const ModelConfig &m) {
  return m.H_cycles * (m.L_cycles + 1);
}

int64_t effectiveDepth(const ModelConfig &m) {
  return networkCallsPerStep(m) * m.L_layers;
}

/// Full batches in `epochs` passes over the groups.
static int64_t batchesIn(const Config &c, int64_t epochs) {
  double examples = static_cast<double>(epochs) *
                    static_cast<double>(c.data.groups) *
                    c.data.mean_puzzle_examples;
  return static_cast<int64_t>(
      examples / static_cast<double>(c.training.global_batch_size));
}

int64_t totalSteps(const Config &c) { return batchesIn(c, c.training.epochs); }

int64_t evaluations(const Config &c) {
  return c.training.epochs / c.training.eval_interval;
}

int64_t stepsPerEvaluation(const Config &c) {
  return batchesIn(c, c.training.eval_interval);
}

int64_t stepsRun(const Config &c) {
  return evaluations(c) * stepsPerEvaluation(c);
}

/// Matmul FLOPs of one block for one example.
static double blockFlops(const ModelConfig &m) {
  double d = static_cast<double>(m.hidden_size);
  double l = static_cast<double>(fullSeqLen(m));
  double channel =
      2 * l * static_cast<double>(swigluWeights(m.hidden_size, m.expansion));
  if (m.mlp_t)
    return channel +
           2 * d *
               static_cast<double>(swigluWeights(fullSeqLen(m), m.expansion));
  double projections = 2 * l * (3 * d * d + d * d);
  double scoresAndValues = 2 * 2 * l * l * d;
  return channel + projections + scoresAndValues;
}

/// lm_head over the seq_len token positions + q_head on position 0.
static double headFlops(const ModelConfig &m) {
  double d = static_cast<double>(m.hidden_size);
  return 2 * static_cast<double>(m.seq_len) * d *
             static_cast<double>(m.vocab_size) +
         2 * d * 2;
}

double forwardFlopsPerExample(const ModelConfig &m) {
  return static_cast<double>(effectiveDepth(m)) * blockFlops(m) + headFlops(m);
}

double trainFlopsPerExample(const ModelConfig &m) {
  double withGradient =
      static_cast<double>((m.L_cycles + 1) * m.L_layers) * blockFlops(m) +
      headFlops(m);
  return forwardFlopsPerExample(m) + 2 * withGradient;
}

StateBytes stateBytes(const Config &c) {
  int64_t params = trainableParameters(c.model) * 4;
  int64_t moments = c.training.optimizer == "lion" ? 1 : 2;
  int64_t table = c.model.num_puzzle_identifiers * c.model.puzzle_emb_ndim * 4;
  return {params, moments * params, c.training.ema ? params : 0, table};
}

} // namespace trm
