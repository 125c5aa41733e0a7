//===- GuidedSchedule.cpp - the trm-cpu-guided-schedule pass --------------===//
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/IR/Builders.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUGUIDEDSCHEDULE
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

// The shortest run a thread takes is this fraction of the loop: the
// run-time library formats a debug string on every dispatch (Debian's
// libomp 19: vsnprintf from __kmpc_dispatch_next), so runs of one
// iteration cost more than the imbalance they remove.
constexpr int64_t kShortestRunsPerLoop = 32;

/// The iterations of `nest`: the product of its dims' trip counts.
Value tripCount(OpBuilder &b, Location loc, omp::LoopNestOp nest) {
  Value count = b.create<arith::ConstantIndexOp>(loc, 1);
  for (auto [lower, upper, step] :
       llvm::zip(nest.getLowerBound(), nest.getUpperBound(), nest.getStep())) {
    Value span = b.create<arith::SubIOp>(loc, upper, lower);
    if (nest.getInclusive())
      span = b.create<arith::AddIOp>(loc, span, step);
    Value trips = b.create<arith::CeilDivSIOp>(loc, span, step);
    count = b.create<arith::MulIOp>(loc, count, trips);
  }
  return count;
}

struct GuidedSchedulePass
    : public mlir::trm::impl::TrmCpuGuidedScheduleBase<GuidedSchedulePass> {
  void runOnOperation() override {
    getOperation().walk([](omp::WsloopOp loop) {
      // A reduction's partial sums would combine in an order that depends
      // on which thread took which run: results would vary between runs.
      if (loop.getScheduleVal() || !loop.getReductionVars().empty())
        return;
      auto nest = dyn_cast<omp::LoopNestOp>(loop.getWrappedLoop());
      if (!nest)
        return;
      OpBuilder b(loop);
      Location loc = loop.getLoc();
      Value shortest = b.create<arith::MaxSIOp>(
          loc, b.create<arith::ConstantIndexOp>(loc, 1),
          b.create<arith::CeilDivSIOp>(
              loc, tripCount(b, loc, nest),
              b.create<arith::ConstantIndexOp>(loc, kShortestRunsPerLoop)));
      loop.setScheduleVal(omp::ClauseScheduleKind::Guided);
      loop.getScheduleChunkVarMutable().assign(shortest);
    });
  }
};

} // namespace
