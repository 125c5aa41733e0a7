//===- OuterParallel.cpp - the trm-cpu-outer-parallel pass ----------------===//
#include "backends/cpu/LoweringUtils.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUOUTERPARALLEL
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

/// Iterations of `loop`, or -1 when a bound is not a constant.
int64_t staticIterations(scf::ParallelOp loop) {
  int64_t total = 1;
  for (auto [lb, ub, step] :
       llvm::zip(loop.getLowerBound(), loop.getUpperBound(), loop.getStep())) {
    auto l = getConstantIntValue(lb), u = getConstantIntValue(ub),
         s = getConstantIntValue(step);
    if (!l || !u || !s || *s <= 0)
      return -1;
    total *= std::max<int64_t>(0, (*u - *l + *s - 1) / *s);
  }
  return total;
}

/// Innermost-loop iterations per execution of `block`: the trip counts of
/// nested counted loops multiplied down each nest (a reduction loop inside
/// a parallel iteration multiplies its work), at least 1; -1 when a nested
/// bound is not a constant.
int64_t nestedWork(Block &block) {
  int64_t total = 0;
  for (auto loop : block.getOps<scf::ForOp>()) {
    auto l = getConstantIntValue(loop.getLowerBound()),
         u = getConstantIntValue(loop.getUpperBound()),
         s = getConstantIntValue(loop.getStep());
    int64_t body = nestedWork(*loop.getBody());
    if (!l || !u || !s || *s <= 0 || body < 0)
      return -1;
    total += std::max<int64_t>(0, (*u - *l + *s - 1) / *s) * body;
  }
  return std::max<int64_t>(1, total);
}

/// Rebuilds `loop` with its first `parallelDims` (0 or 1) dims parallel and
/// the rest as nested scf.for, moving the body in unchanged.
void rebuild(scf::ParallelOp loop, unsigned parallelDims) {
  OpBuilder b(loop);
  Location loc = loop.getLoc();
  unsigned rank = loop.getNumLoops();
  SmallVector<Value> ivs;
  std::function<void(unsigned)> nest = [&](unsigned dim) {
    if (dim == rank) {
      IRMapping mapping;
      mapping.map(loop.getInductionVars(), ivs);
      for (Operation &op : loop.getBody()->without_terminator())
        b.clone(op, mapping);
      return;
    }
    Value lb = loop.getLowerBound()[dim], ub = loop.getUpperBound()[dim],
          step = loop.getStep()[dim];
    auto inner = [&](OpBuilder &nb, Location, Value iv) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
      ivs.push_back(iv);
      nest(dim + 1);
    };
    if (dim < parallelDims) {
      b.create<scf::ParallelOp>(loc, lb, ub, step,
                                [&](OpBuilder &nb, Location l, ValueRange iv) {
                                  inner(nb, l, iv[0]);
                                });
    } else {
      b.create<scf::ForOp>(
          loc, lb, ub, step, ValueRange{},
          [&](OpBuilder &nb, Location l, Value iv, ValueRange) {
            inner(nb, l, iv);
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
            b.create<scf::YieldOp>(l);
          });
    }
  };
  nest(0);
  loop.erase();
}

struct OuterParallelPass
    : public mlir::trm::impl::TrmCpuOuterParallelBase<OuterParallelPass> {
  using TrmCpuOuterParallelBase::TrmCpuOuterParallelBase;
  void runOnOperation() override {
    SmallVector<scf::ParallelOp> loops;
    getOperation().walk([&](scf::ParallelOp loop) {
      if (loop.getNumReductions() == 0)
        loops.push_back(loop);
    });
    // Post-order: a nest inside another parallel loop (a tiled op's tile
    // body) turns serial before its parent's work is counted.
    for (scf::ParallelOp loop : loops) {
      if (loop->getParentOfType<scf::ParallelOp>()) {
        rebuild(loop, 0);
        continue;
      }
      int64_t iterations = staticIterations(loop);
      int64_t inner = nestedWork(*loop.getBody());
      if (auto hint = loop->getAttrOfType<IntegerAttr>(
              ::trm::cpu::kWorkPerIterationAttr))
        inner = std::max(inner, hint.getInt());
      bool serial =
          iterations >= 0 && inner >= 0 && iterations * inner < minParallelWork;
      if (serial)
        rebuild(loop, 0);
      else if (loop.getNumLoops() > 1)
        rebuild(loop, 1);
    }
  }
};

} // namespace
