//===- MatmulKernels.cpp - the trm-cpu-matmul-kernels pass ----------------===//
#include "backends/cpu/GemmEpilogue.h"
#include "backends/cpu/GemmKernel.h"
#include "backends/cpu/LoweringUtils.h"
#include "passes/Passes.h"

#include "mlir/Dialect/AMX/AMXDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::trm {
#define GEN_PASS_DEF_TRMCPUMATMULKERNELS
#include "passes/Passes.h.inc"
} // namespace mlir::trm

using namespace mlir;

namespace {

/// How a matmul-like op maps onto the kernel.
struct MatmulForm {
  bool batched = false, transposeA = false;
};

std::optional<MatmulForm> formOf(linalg::LinalgOp op) {
  if (isa<linalg::MatmulOp>(op))
    return MatmulForm{false, false};
  if (isa<linalg::MatmulTransposeAOp>(op))
    return MatmulForm{false, true};
  if (isa<linalg::BatchMatmulOp>(op))
    return MatmulForm{true, false};
  if (isa<linalg::BatchMatmulTransposeAOp>(op))
    return MatmulForm{true, true};
  return std::nullopt;
}

/// The kernel runs f32 x f32 and bf16 x bf16 into f32, reading rhs and
/// result rows as vectors.
bool kernelApplies(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics())
    return false;
  auto lhs = cast<MemRefType>(op.getDpsInputs()[0].getType());
  auto rhs = cast<MemRefType>(op.getDpsInputs()[1].getType());
  auto out = cast<MemRefType>(op.getDpsInits()[0].getType());
  Type element = lhs.getElementType();
  return (element.isF32() || element.isBF16()) &&
         rhs.getElementType() == element && out.getElementType().isF32() &&
         ::trm::cpu::hasUnitInnerStride(rhs) &&
         ::trm::cpu::hasUnitInnerStride(out);
}

/// `value` as a 2-D view: the `batch`-th matrix of a 3-D memref, or itself.
Value matrixAt(OpBuilder &b, Location loc, Value value, Value batch) {
  if (!batch)
    return value;
  auto type = cast<MemRefType>(value.getType());
  SmallVector<OpFoldResult> offsets = {batch, b.getIndexAttr(0),
                                       b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1),
                                     b.getIndexAttr(type.getDimSize(1)),
                                     b.getIndexAttr(type.getDimSize(2))};
  SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
  auto viewType =
      cast<MemRefType>(memref::SubViewOp::inferRankReducedResultType(
          {type.getDimSize(1), type.getDimSize(2)}, type, offsets, sizes,
          strides));
  return b.create<memref::SubViewOp>(loc, viewType, value, offsets, sizes,
                                     strides);
}

Value castTo(OpBuilder &b, Location loc, Value value, MemRefType type) {
  return b.create<memref::CastOp>(loc, type, value);
}

bool isZeroFillOf(Operation *op, Value buffer) {
  return ::trm::cpu::isZeroFill(op) &&
         cast<linalg::FillOp>(op).getOutputs()[0] == buffer;
}

/// Removes the zero fill of the result buffer when nothing can touch the
/// buffer between the fill and `matmul`; the kernel then overwrites instead
/// of accumulating. A fresh allocation may have unrelated ops in between; any
/// other buffer (an out-parameter, which may alias others) needs the fill
/// right before the matmul, with only side-effect-free ops in between.
bool absorbZeroFill(Operation *matmul, Value out) {
  Block *block = matmul->getBlock();
  Operation *fill = nullptr;
  if (out.getDefiningOp<memref::AllocOp>()) {
    for (Operation *user : out.getUsers()) {
      if (user == matmul)
        continue;
      Operation *inBlock = block->findAncestorOpInBlock(*user);
      if (inBlock && matmul->isBeforeInBlock(inBlock))
        continue;
      if (fill || !inBlock || !isZeroFillOf(user, out))
        return false; // another access before the matmul, or elsewhere
      fill = user;
    }
  } else {
    for (Operation *op = matmul->getPrevNode(); op && !fill;
         op = op->getPrevNode()) {
      if (isZeroFillOf(op, out))
        fill = op;
      else if (!isMemoryEffectFree(op))
        return false;
    }
  }
  if (!fill)
    return false;
  fill->erase();
  return true;
}

/// The kernels read A's rows with unit stride (VDPBF16PS: k pairs as
/// 32-bit words; FMA: broadcasts, or 16 elements at a time into packed
/// strips), or pack a transposed A themselves; an lhs strided otherwise is
/// copied into a fresh [.., M, K] buffer first.
Value unitRowsLhs(OpBuilder &b, Location loc, Value lhs,
                  const MatmulForm &form) {
  auto type = cast<MemRefType>(lhs.getType());
  if (form.transposeA || ::trm::cpu::hasUnitInnerStride(type))
    return lhs;
  Value copy = b.create<memref::AllocOp>(
      loc, MemRefType::get(type.getShape(), type.getElementType()));
  b.create<memref::CopyOp>(loc, lhs, copy);
  return copy;
}

/// Calls `kernel` on the batch-th matrices of lhs, rhs and the outputs,
/// with the `overwrite` flag when the kernel takes one.
void callKernel(OpBuilder &b, Location loc, func::FuncOp kernel,
                MatmulForm form, Value lhs, Value rhs, ValueRange outs,
                Value batch, Value overwrite) {
  Value a = matrixAt(b, loc, lhs, batch);
  if (form.transposeA) // stored [K, M]: a transposed view, no copy
    a = b.create<memref::TransposeOp>(
        loc, a,
        AffineMapAttr::get(AffineMap::getPermutationMap(
            ArrayRef<unsigned>{1, 0}, b.getContext())));
  FunctionType type = kernel.getFunctionType();
  auto operandType = [&](unsigned i) {
    return cast<MemRefType>(type.getInput(i));
  };
  SmallVector<Value, 4> operands = {
      castTo(b, loc, a, operandType(0)),
      castTo(b, loc, matrixAt(b, loc, rhs, batch), operandType(1))};
  for (Value out : outs)
    operands.push_back(castTo(b, loc, matrixAt(b, loc, out, batch),
                              operandType(operands.size())));
  if (overwrite)
    operands.push_back(overwrite);
  b.create<func::CallOp>(loc, kernel, operands);
}

/// Calls `kernel` with `lhs`, `rhs` and `outs` (once per matrix of a batch)
/// where `op` is, and erases `op`. The kernel gets an A whose rows have
/// unit stride (unitRowsLhs).
void replaceWithCall(linalg::LinalgOp op, func::FuncOp kernel, Value lhs,
                     Value rhs, ValueRange outs, Value overwrite) {
  MatmulForm form = *formOf(op);
  OpBuilder b(op);
  Location loc = op.getLoc();
  Value original = lhs;
  lhs = unitRowsLhs(b, loc, lhs, form);
  if (!form.batched) {
    callKernel(b, loc, kernel, form, lhs, rhs, outs, nullptr, overwrite);
  } else {
    Value count = b.create<arith::ConstantIndexOp>(
        loc, cast<MemRefType>(outs[0].getType()).getDimSize(0));
    b.create<scf::ForOp>(
        loc, b.create<arith::ConstantIndexOp>(loc, 0), count,
        b.create<arith::ConstantIndexOp>(loc, 1), ValueRange{},
        [&](OpBuilder &nb, Location l, Value batch, ValueRange) {
          callKernel(nb, l, kernel, form, lhs, rhs, outs, batch, overwrite);
          nb.create<scf::YieldOp>(l);
        });
  }
  if (lhs != original)
    b.create<memref::DeallocOp>(loc, lhs);
  op->erase();
}

void replaceWithCall(linalg::LinalgOp op, func::FuncOp kernel, ValueRange outs,
                     Value overwrite) {
  replaceWithCall(op, kernel, op.getDpsInputs()[0], op.getDpsInputs()[1], outs,
                  overwrite);
}

/// Whether C = A^T B is better computed as C^T = B^T A: C has few columns
/// (a weight gradient's 97 tokens) and many more rows. The kernel's
/// 64-column tiles then span A's M columns instead of leaving a third of
/// 128 idle, and the transposed operand it copies strip by strip is B,
/// whose k-major rows are short, instead of A's long ones
/// (trm-bench-gemm 512x16384x97t as 97x16384x512t: 52 -> 70 % of peak).
bool computesTransposedResult(linalg::LinalgOp op) {
  if (!formOf(op)->transposeA)
    return false;
  auto out = cast<MemRefType>(op.getDpsInits()[0].getType());
  int64_t rank = out.getRank();
  int64_t m = out.getDimSize(rank - 2), n = out.getDimSize(rank - 1);
  constexpr int64_t kNarrow = 128; // two register tiles of columns
  return out.hasStaticShape() && n < kNarrow && m >= 2 * n &&
         ::trm::cpu::hasUnitInnerStride(
             cast<MemRefType>(op.getDpsInputs()[0].getType()));
}

/// C (+)= A^T B as C^T (+)= B^T A into a fresh buffer (starting from C^T
/// unless `fresh`), transposed into C after.
void replaceWithTransposedCall(linalg::LinalgOp op, func::FuncOp kernel,
                               bool fresh) {
  OpBuilder b(op);
  Location loc = op.getLoc();
  Value out = op.getDpsInits()[0];
  auto outType = cast<MemRefType>(out.getType());
  SmallVector<int64_t> permutation = {1, 0};
  if (outType.getRank() == 3) // batched
    permutation = {0, 2, 1};
  SmallVector<int64_t> shape;
  for (int64_t d : permutation)
    shape.push_back(outType.getDimSize(d));
  Value transposed = b.create<memref::AllocOp>(
      loc, MemRefType::get(shape, outType.getElementType()));
  if (!fresh)
    b.create<linalg::TransposeOp>(loc, out, transposed, permutation);
  Value overwrite = b.create<arith::ConstantIntOp>(loc, fresh, b.getI1Type());
  b.setInsertionPointAfter(op);
  b.create<linalg::TransposeOp>(loc, transposed, out, permutation);
  b.create<memref::DeallocOp>(loc, transposed);
  replaceWithCall(op, kernel, op.getDpsInputs()[1], op.getDpsInputs()[0],
                  transposed, overwrite);
}

/// `matmul` and its epilogue become one call of an epilogue kernel, where
/// the matmul was; the epilogue op goes, and the product and its views
/// unless it is kept.
void fuseGemmEpilogue(ModuleOp module, linalg::LinalgOp matmul,
                      ::trm::cpu::GemmEpilogue &epilogue, Type element,
                      const ::trm::cpu::GemmTarget &target) {
  func::FuncOp kernel = ::trm::cpu::getOrCreateEpilogueGemmKernel(
      module, epilogue, element, target);
  if (epilogue.hoist)
    epilogue.hoist->moveBefore(matmul);
  OpBuilder b(matmul);
  SmallVector<Value, 2> outs =
      ::trm::cpu::epilogueResultMatrices(b, matmul.getLoc(), epilogue);
  epilogue.op->erase();
  replaceWithCall(matmul, kernel, outs, nullptr);
  for (Operation *dead : epilogue.productOps)
    dead->erase();
}

struct MatmulKernelsPass
    : public mlir::trm::impl::TrmCpuMatmulKernelsBase<MatmulKernelsPass> {
  using TrmCpuMatmulKernelsBase::TrmCpuMatmulKernelsBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (vectorBits != 512 && vectorBits != 256) {
      mlir::emitError(module.getLoc())
          << "trm-cpu-matmul-kernels: vector-bits="
          << static_cast<int64_t>(vectorBits)
          << " is not a vector register width the kernels "
             "know; pass 512 (AVX-512) or 256 (AVX2)";
      return signalPassFailure();
    }
    if (bf16Dot && vectorBits != 512) {
      mlir::emitError(module.getLoc())
          << "trm-cpu-matmul-kernels: bf16-dot needs "
             "vector-bits=512 (VDPBF16PS is an AVX-512 "
             "instruction)";
      return signalPassFailure();
    }
    ::trm::cpu::GemmTarget target;
    target.bf16Dot = bf16Dot;
    target.amx = amx;
    target.registers = vectorBits == 512
                           ? ::trm::cpu::VectorRegisters::Zmm
                           : ::trm::cpu::VectorRegisters::YmmPairs;
    SmallVector<linalg::LinalgOp> matmuls;
    module.walk([&](linalg::LinalgOp op) {
      if (formOf(op) && kernelApplies(op))
        matmuls.push_back(op);
    });
    for (linalg::LinalgOp op : matmuls) {
      Type element =
          cast<MemRefType>(op.getDpsInputs()[0].getType()).getElementType();
      if (auto epilogue = ::trm::cpu::findGemmEpilogue(op)) {
        fuseGemmEpilogue(module, op, *epilogue, element, target);
        continue;
      }
      Value out = op.getDpsInits()[0];
      bool fresh = absorbZeroFill(op, out);
      func::FuncOp kernel =
          ::trm::cpu::getOrCreateGemmKernel(module, element, target);
      if (computesTransposedResult(op)) {
        replaceWithTransposedCall(op, kernel, fresh);
        continue;
      }
      OpBuilder b(op);
      Value overwrite =
          b.create<arith::ConstantIntOp>(op.getLoc(), fresh, b.getI1Type());
      replaceWithCall(op, kernel, out, overwrite);
    }
  }
};

} // namespace
