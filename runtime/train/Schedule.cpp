//===- Schedule.cpp - the learning-rate schedule --------------------------===//
#include "runtime/train/Schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace trm {

double learningRate(double base, int64_t step, int64_t warmup,
                    int64_t totalSteps, double minRatio) {
  if (step < warmup)
    return base * static_cast<double>(step) / static_cast<double>(warmup);
  double span = static_cast<double>(std::max<int64_t>(1, totalSteps - warmup));
  double progress =
      std::clamp(static_cast<double>(step - warmup) / span, 0.0, 1.0);
  double cosine = 0.5 * (1 + std::cos(std::numbers::pi * progress));
  return base * (minRatio + (1 - minRatio) * cosine);
}

} // namespace trm
