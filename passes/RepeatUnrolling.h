//===- RepeatUnrolling.h - expanding trm.repeat -----------------*- C++ -*-===//
#ifndef TRM_PASSES_REPEATUNROLLING_H
#define TRM_PASSES_REPEATUNROLLING_H

#include "ir/TrmOps.h"

namespace mlir::trm {

/// Replaces `repeat` by copies of its body: all of them when factor is 0 or
/// >= count, else a repeat of count/factor iterations over factor copies
/// followed by count%factor copies. Values leaving copies of a no_grad body
/// go through trm.stop_gradient, so gradient semantics are unchanged.
void unrollRepeat(RepeatOp repeat, int64_t factor = 0);

} // namespace mlir::trm

#endif // TRM_PASSES_REPEATUNROLLING_H
