//===- GuidedSchedule.cpp - the trm-cpu-guided-schedule pass --------------===//
#include "passes/Passes.h"

#include "mlir/Dialect/OpenMP/OpenMPDialect.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUGUIDEDSCHEDULE
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

struct GuidedSchedulePass
    : public mlir::trm::impl::TrmCpuGuidedScheduleBase<GuidedSchedulePass> {
  void runOnOperation() override {
    getOperation().walk([](omp::WsloopOp loop) {
      // A reduction's partial sums would combine in an order that depends
      // on which thread took which run: results would vary between runs.
      if (!loop.getScheduleVal() && loop.getReductionVars().empty())
        loop.setScheduleVal(omp::ClauseScheduleKind::Guided);
    });
  }
};

} // namespace
