//===- UnrollRecursion.cpp - the trm-unroll-recursion pass ----------------===//
#include "ir/TrmOps.h"
#include "passes/Passes.h"
#include "passes/RepeatUnrolling.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMUNROLLRECURSION
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;
using namespace mlir::trm;

namespace {

struct UnrollRecursionPass
    : public trm::impl::TrmUnrollRecursionBase<UnrollRecursionPass> {
  using TrmUnrollRecursionBase::TrmUnrollRecursionBase;

  void runOnOperation() override {
    if (factor < 0) {
      getOperation()->emitError()
          << "trm-unroll-recursion: factor must be >= 0 (0 = unroll fully), "
             "got "
          << static_cast<int64_t>(factor);
      return signalPassFailure();
    }
    // Post-order: inner repeats are expanded before the ones around them.
    SmallVector<RepeatOp> repeats;
    getOperation()->walk([&](RepeatOp op) { repeats.push_back(op); });
    for (RepeatOp repeat : repeats)
      unrollRepeat(repeat, factor);
  }
};

} // namespace
