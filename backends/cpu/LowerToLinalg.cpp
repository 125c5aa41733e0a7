//===- LowerToLinalg.cpp - the trm-lower-to-linalg pass -------------------===//
#include "backends/cpu/Patterns.h"
#include "ir/TrmOps.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMLOWERTOLINALG
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;
using namespace mlir::trm;

namespace {

/// trm.repeat -> scf.for over [0, count) carrying the same values.
void lowerRepeat(RepeatOp repeat) {
  OpBuilder b(repeat);
  Location loc = repeat.getLoc();
  Block &body = repeat.getBodyBlock();
  auto loop = b.create<scf::ForOp>(
      loc, b.create<arith::ConstantIndexOp>(loc, 0),
      b.create<arith::ConstantIndexOp>(loc, repeat.getCountAttr().getInt()),
      b.create<arith::ConstantIndexOp>(loc, 1), repeat.getInits(),
      [&](OpBuilder &nb, Location l, Value, ValueRange carried) {
        IRMapping mapping;
        mapping.map(body.getArguments(), carried);
        for (Operation &op : body.without_terminator())
          nb.clone(op, mapping);
        SmallVector<Value> next;
        for (Value v : repeat.getYield().getValues())
          next.push_back(mapping.lookupOrDefault(v));
        nb.create<scf::YieldOp>(l, next);
      });
  repeat.replaceAllUsesWith(loop.getResults());
  repeat.erase();
}

struct LowerToLinalgPass
    : public mlir::trm::impl::TrmLowerToLinalgBase<LowerToLinalgPass> {
  void runOnOperation() override {
    SmallVector<RepeatOp> repeats; // post-order: inner loops first
    getOperation().walk([&](RepeatOp op) { repeats.push_back(op); });
    for (RepeatOp repeat : repeats)
      lowerRepeat(repeat);

    RewritePatternSet patterns(&getContext());
    ::trm::cpu::populateElementwiseLowering(patterns);
    ::trm::cpu::populateDotGeneralLowering(patterns);
    ::trm::cpu::populateStructuredLowering(patterns);
    ConversionTarget target(getContext());
    target.addIllegalDialect<TrmDialect>();
    target.addLegalDialect<
        arith::ArithDialect, bufferization::BufferizationDialect,
        linalg::LinalgDialect, memref::MemRefDialect, math::MathDialect,
        scf::SCFDialect, tensor::TensorDialect, func::FuncDialect>();
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      return signalPassFailure();
    // Entry points get C interfaces: _mlir_ciface_<name>(descriptors...).
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func.isPublic())
        func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                      UnitAttr::get(&getContext()));
  }
};

} // namespace
