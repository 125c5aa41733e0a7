//===- TrmParams.h - the parameters of a TRM --------------------*- C++ -*-===//
//
// One table of every tensor the model owns: name, shape, role and
// initialisation (TRM_SPEC.md sec. 2). The tracer takes its arguments from
// it; the runtime initialises and checkpoints from the same table.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_FRONTEND_MODELS_TRMPARAMS_H
#define TRM_FRONTEND_MODELS_TRMPARAMS_H

#include "frontend/config/Config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace trm {

enum class ParamRole {
  Trainable,       // updated by the main optimiser, EMA'd, counted
  PuzzleEmbedding, // updated by sign-SGD on the rows in the batch
  Fixed,           // H_init / L_init: never trained
};

enum class ParamInit {
  TruncatedNormal, // bounds +-2 std, std corrected for the truncation
  Zeros,
  Constant,
};

struct ParamSpec {
  std::string name;           // "block1/mlp_t/gate_up"
  std::vector<int64_t> shape; // linear weights are [in, out]
  ParamRole role;
  ParamInit init;
  double value;          // std for TruncatedNormal, the value for Constant
  std::string configKey; // the YAML key that brought it in
};

std::vector<ParamSpec> trmParameters(const ModelConfig &m);

/// Element count of a spec.
int64_t numElements(const ParamSpec &spec);

} // namespace trm

#endif // TRM_FRONTEND_MODELS_TRMPARAMS_H
