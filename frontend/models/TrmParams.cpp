//===- TrmParams.cpp - the parameters of a TRM ----------------------------===//
#include "frontend/models/TrmParams.h"

#include "frontend/config/ConfigDerived.h"

#include <cmath>

namespace trm {

int64_t numElements(const ParamSpec &spec) {
  int64_t n = 1;
  for (int64_t d : spec.shape)
    n *= d;
  return n;
}

std::vector<ParamSpec> trmParameters(const ModelConfig &m) {
  int64_t d = m.hidden_size, l = fullSeqLen(m);
  std::vector<ParamSpec> params;
  auto linear = [&](std::string name, int64_t in, int64_t out,
                    const char *key) {
    params.push_back({std::move(name),
                      {in, out},
                      ParamRole::Trainable,
                      ParamInit::TruncatedNormal,
                      1.0 / std::sqrt(static_cast<double>(in)),
                      key});
  };
  auto embedding = [&](std::string name, int64_t rows, const char *key) {
    params.push_back({std::move(name),
                      {rows, d},
                      ParamRole::Trainable,
                      ParamInit::TruncatedNormal,
                      1.0 / std::sqrt(static_cast<double>(d)),
                      key});
  };

  embedding("embed_tokens", m.vocab_size, "model.vocab_size");
  if (m.pos_encodings == "learned")
    embedding("embed_pos", l, "model.pos_encodings");
  for (int64_t i = 1; i <= m.L_layers; ++i) {
    std::string block = "block" + std::to_string(i) + "/";
    if (m.mlp_t) {
      int64_t inner = swigluInner(l, m.expansion);
      linear(block + "mlp_t/gate_up", l, 2 * inner, "model.mlp_t");
      linear(block + "mlp_t/down", inner, l, "model.mlp_t");
    } else {
      linear(block + "attn/qkv", d, 3 * d, "model.num_heads");
      linear(block + "attn/out", d, d, "model.num_heads");
    }
    int64_t inner = swigluInner(d, m.expansion);
    linear(block + "mlp/gate_up", d, 2 * inner, "model.expansion");
    linear(block + "mlp/down", inner, d, "model.expansion");
  }
  linear("lm_head", d, m.vocab_size, "model.vocab_size");
  params.push_back({"q_head/weight",
                    {d, 2},
                    ParamRole::Trainable,
                    ParamInit::Zeros,
                    0,
                    "model.halt_max_steps"});
  params.push_back({"q_head/bias",
                    {2},
                    ParamRole::Trainable,
                    ParamInit::Constant,
                    -5,
                    "model.halt_max_steps"});
  if (m.puzzle_emb_ndim > 0)
    params.push_back({"puzzle_emb",
                      {m.num_puzzle_identifiers, m.puzzle_emb_ndim},
                      ParamRole::PuzzleEmbedding,
                      ParamInit::Zeros,
                      0,
                      "model.puzzle_emb_ndim"});
  params.push_back({"H_init",
                    {d},
                    ParamRole::Fixed,
                    ParamInit::TruncatedNormal,
                    1,
                    "model.H_cycles"});
  params.push_back({"L_init",
                    {d},
                    ParamRole::Fixed,
                    ParamInit::TruncatedNormal,
                    1,
                    "model.L_cycles"});
  return params;
}

} // namespace trm
