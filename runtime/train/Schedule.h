//===- Schedule.h - the learning-rate schedule ------------------*- C++ -*-===//
#ifndef TRM_RUNTIME_TRAIN_SCHEDULE_H
#define TRM_RUNTIME_TRAIN_SCHEDULE_H

#include <cstdint>

namespace trm {

/// TRM_SPEC.md sec. 5: linear warm-up over `warmup` steps, then cosine from
/// `base` to base * minRatio over the remaining steps; step counts from 1.
double learningRate(double base, int64_t step, int64_t warmup,
                    int64_t totalSteps, double minRatio);

} // namespace trm

#endif // TRM_RUNTIME_TRAIN_SCHEDULE_H
