//===- KernelBuilder.h - scf/arith building blocks for kernels --*- C++ -*-===//
//
// The short-hands the GEMM kernel's emitters write loops with: counted and
// parallel loops, index arithmetic, and 16-lane column steps with masks.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_CPU_KERNELBUILDER_H
#define TRM_BACKENDS_CPU_KERNELBUILDER_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"

namespace trm::cpu {

class KernelBuilder {
public:
  static constexpr int64_t kLanes = 16; // f32 lanes of a zmm register

  KernelBuilder(mlir::OpBuilder &b, mlir::Location loc) : b(b), loc(loc) {}

protected:
  void loop(mlir::Value from, mlir::Value to, mlir::Value step,
            llvm::function_ref<void(mlir::Value)> body) {
    b.create<mlir::scf::ForOp>(loc, from, to, step, mlir::ValueRange{},
                               [&](mlir::OpBuilder &, mlir::Location,
                                   mlir::Value iv, mlir::ValueRange) {
                                 body(iv);
                                 b.create<mlir::scf::YieldOp>(loc);
                               });
  }

  /// body(buffer): a 64-byte aligned buffer of `type` on the running
  /// thread's stack, in a scope of its own, so that a loop around this
  /// reuses the space.
  void withStackBuffer(mlir::MemRefType type,
                       llvm::function_ref<void(mlir::Value)> body) {
    auto scope = b.create<mlir::memref::AllocaScopeOp>(loc, mlir::TypeRange{});
    mlir::OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&scope.getBodyRegion().emplaceBlock());
    body(b.create<mlir::memref::AllocaOp>(loc, type, b.getI64IntegerAttr(64)));
    b.create<mlir::memref::AllocaScopeReturnOp>(loc);
  }

  /// `int name(void)` of the OpenMP runtime, declared in the module on first
  /// use. (Ask before building loops: one under construction is not in its
  /// parent yet, so no module is found from inside it.)
  mlir::func::FuncOp ompQuery(llvm::StringRef name) {
    auto module =
        b.getInsertionBlock()->getParentOp()->getParentOfType<mlir::ModuleOp>();
    auto callee = module.lookupSymbol<mlir::func::FuncOp>(name);
    if (callee)
      return callee;
    mlir::OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    callee = b.create<mlir::func::FuncOp>(
        loc, name, b.getFunctionType({}, {b.getI32Type()}));
    callee.setPrivate();
    return callee;
  }

  /// A call of an ompQuery, as an index.
  mlir::Value callIndex(mlir::func::FuncOp query) {
    mlir::Value result = b.create<mlir::func::CallOp>(loc, query).getResult(0);
    return b.create<mlir::arith::IndexCastOp>(loc, b.getIndexType(), result);
  }

  /// The threads OpenMP gives a parallel loop here (omp_get_max_threads).
  mlir::Value maxThreads() {
    return callIndex(ompQuery("omp_get_max_threads"));
  }

  /// An scf.parallel over [0, count): OpenMP threads split it.
  void parallelLoop(mlir::Value count,
                    llvm::function_ref<void(mlir::Value)> body) {
    b.create<mlir::scf::ParallelOp>(loc, mlir::ValueRange{index(0)},
                                    mlir::ValueRange{count},
                                    mlir::ValueRange{index(1)},
                                    [&](mlir::OpBuilder &, mlir::Location,
                                        mlir::ValueRange iv) { body(iv[0]); });
  }

  /// For each 16-lane step j over [0, cols): body(j, n0 + j, lanes, mask
  /// of the `lanes` columns left): whole vectors first, with a null mask
  /// (masked loads and stores throughout took 38 % of f32
  /// 97x16384x1024t's samples), then the last 1-15 columns.
  void forColumnVectors(mlir::Value n0, mlir::Value cols,
                        llvm::function_ref<void(mlir::Value, mlir::Value,
                                                mlir::Value, mlir::Value)>
                            body) {
    mlir::Value whole = roundDown(index(0), cols, kLanes);
    loop(index(0), whole, index(kLanes),
         [&](mlir::Value j) { body(j, add(n0, j), index(kLanes), nullptr); });
    mlir::Value rest = sub(cols, whole);
    auto tail = b.create<mlir::scf::IfOp>(
        loc, b.create<mlir::arith::CmpIOp>(loc, mlir::arith::CmpIPredicate::sgt,
                                           rest, index(0)));
    mlir::OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(tail.thenBlock());
    auto mask = mlir::VectorType::get({kLanes}, b.getI1Type());
    body(whole, add(n0, whole), rest,
         b.create<mlir::vector::CreateMaskOp>(loc, mask, rest));
  }

  /// A vector of `type` from `memref` at `at`: masked to `active` (zeros
  /// elsewhere) unless that is null.
  mlir::Value loadLanes(mlir::VectorType type, mlir::Value memref,
                        mlir::ValueRange at, mlir::Value active) {
    if (!active)
      return b.create<mlir::vector::LoadOp>(loc, type, memref, at);
    mlir::Value zero =
        b.create<mlir::arith::ConstantOp>(loc, type, b.getZeroAttr(type));
    return b.create<mlir::vector::MaskedLoadOp>(loc, type, memref, at, active,
                                                zero);
  }

  /// Stores `value` at `at`, masked to `active` unless that is null.
  void storeLanes(mlir::Value value, mlir::Value memref, mlir::ValueRange at,
                  mlir::Value active) {
    if (active)
      b.create<mlir::vector::MaskedStoreOp>(loc, memref, at, active, value);
    else
      b.create<mlir::vector::StoreOp>(loc, value, memref, at);
  }

  /// `x` (a scalar or vector of bf16 or f32) with f32 elements.
  mlir::Value widen(mlir::Value x) {
    mlir::Type f32 = b.getF32Type(), target = f32;
    if (auto v = mlir::dyn_cast<mlir::VectorType>(x.getType()))
      target = mlir::VectorType::get(v.getShape(), f32);
    if (x.getType() == target)
      return x;
    return b.create<mlir::arith::ExtFOp>(loc, target, x);
  }

  /// from + floor((to - from) / multiple) * multiple.
  mlir::Value roundDown(mlir::Value from, mlir::Value to, int64_t multiple) {
    mlir::Value whole =
        b.create<mlir::arith::DivUIOp>(loc, sub(to, from), index(multiple));
    return b.create<mlir::arith::AddIOp>(loc, from, mul(whole, multiple));
  }

  mlir::Value trueValue() {
    return b.create<mlir::arith::ConstantIntOp>(loc, 1, b.getI1Type());
  }
  /// The i1 `x` negated.
  mlir::Value negate(mlir::Value x) {
    return b.create<mlir::arith::XOrIOp>(loc, x, trueValue());
  }
  mlir::Value index(int64_t v) {
    return b.create<mlir::arith::ConstantIndexOp>(loc, v);
  }
  mlir::Value add(mlir::Value x, int64_t v) {
    return v ? b.create<mlir::arith::AddIOp>(loc, x, index(v)).getResult() : x;
  }
  mlir::Value add(mlir::Value x, mlir::Value y) {
    return b.create<mlir::arith::AddIOp>(loc, x, y);
  }
  mlir::Value sub(mlir::Value x, mlir::Value y) {
    return b.create<mlir::arith::SubIOp>(loc, x, y);
  }
  mlir::Value mul(mlir::Value x, int64_t v) {
    return b.create<mlir::arith::MulIOp>(loc, x, index(v));
  }
  mlir::Value min(mlir::Value x, mlir::Value y) {
    return b.create<mlir::arith::MinSIOp>(loc, x, y);
  }
  mlir::Value dim(mlir::Value m, int64_t d) {
    return b.create<mlir::memref::DimOp>(loc, m, d);
  }
  /// VDPBF16PS: `acc` (16 f32) + the dot products of `x` and `y`'s 16
  /// bf16 pairs.
  mlir::Value dotPairs(mlir::Value acc, mlir::Value x, mlir::Value y) {
    return b
        .create<mlir::LLVM::CallIntrinsicOp>(loc, acc.getType(),
                                             "llvm.x86.avx512bf16.dpbf16ps.512",
                                             mlir::ValueRange{acc, x, y})
        .getResult(0);
  }

  mlir::OpBuilder &b;
  mlir::Location loc;
};

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_KERNELBUILDER_H
