//===- Init.h - initial values of the model's tensors -----------*- C++ -*-===//
#ifndef TRM_RUNTIME_TRAIN_INIT_H
#define TRM_RUNTIME_TRAIN_INIT_H

#include "frontend/models/TrmParams.h"

#include <cstdint>
#include <vector>

namespace trm {

/// The initial value of `spec` (TRM_SPEC.md sec. 2). Truncated normals are
/// cut at +-2 sigma and rescaled so the truncated distribution has the
/// requested std. Each tensor draws from its own stream of `seed`, keyed by
/// `index` in the parameter table, so adding a tensor changes no other.
std::vector<float> initialValue(const ParamSpec &spec, uint64_t seed,
                                uint64_t index);

/// Standard deviation of N(0, 1) truncated to [-2, 2].
double truncatedNormalStd();

} // namespace trm

#endif // TRM_RUNTIME_TRAIN_INIT_H
