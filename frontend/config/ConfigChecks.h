//===- ConfigChecks.h - consistency across keys -----------------*- C++ -*-===//
#ifndef TRM_FRONTEND_CONFIG_CONFIGCHECKS_H
#define TRM_FRONTEND_CONFIG_CONFIGCHECKS_H

#include "frontend/config/Config.h"

#include <string>
#include <vector>

namespace trm {

/// Errors for combinations of individually valid values that cannot work
/// (hidden_size not divisible by num_heads, eval_interval not dividing
/// epochs, ...), each located at the key the user most likely has to change.
std::vector<std::string> checkConsistency(const Config &config);

/// Plans that run but defeat themselves: warm-up that eats the run, keys set
/// explicitly that change nothing.
std::vector<std::string> checkPlan(const Config &config);

} // namespace trm

#endif // TRM_FRONTEND_CONFIG_CONFIGCHECKS_H
