//===- Tracer.h - a small C++ builder API over the trm dialect --*- C++ -*-===//
//
// Model code calls these helpers with tensors and gets tensors back; result
// types are inferred, and every op is located at the current name path
// (block1/mlp_t/gate_up) fused with the YAML location of the key that asked
// for it.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_FRONTEND_TRACE_TRACER_H
#define TRM_FRONTEND_TRACE_TRACER_H

#include "ir/TrmOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <optional>
#include <string>
#include <vector>

namespace trm {

using mlir::Value;

class Tracer {
public:
  explicit Tracer(mlir::OpBuilder &builder) : b(builder) {}

  mlir::OpBuilder &builder() { return b; }
  mlir::MLIRContext *context() { return b.getContext(); }

  /// Names ops inside its lifetime `outer/.../name` (an empty name adds no
  /// path component); `cause`, when given, is the YAML location that made the
  /// tracer emit them, else the enclosing scope's.
  class Scope {
  public:
    Scope(Tracer &tracer, const std::string &name,
          std::optional<mlir::Location> cause = std::nullopt);
    ~Scope();
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

  private:
    Tracer &tracer;
  };

  /// Location of the next op: NameLoc(path, cause).
  mlir::Location loc();

  // Types.
  mlir::RankedTensorType tensorType(llvm::ArrayRef<int64_t> shape,
                                    mlir::Type element);
  static llvm::ArrayRef<int64_t> shape(Value v);
  static mlir::Type elementType(Value v);

  // Constants.
  Value splat(double value, llvm::ArrayRef<int64_t> shape, mlir::Type element);
  Value scalar(double value, mlir::Type element) {
    return splat(value, {}, element);
  }
  Value dense(llvm::ArrayRef<float> values, llvm::ArrayRef<int64_t> shape);

  // Elementwise; operands must already agree in type.
  Value add(Value a, Value b);
  Value sub(Value a, Value b);
  Value mul(Value a, Value b);
  Value div(Value a, Value b);
  Value max(Value a, Value b);
  Value min(Value a, Value b);
  Value abs(Value a) { return max(a, neg(a)); }
  Value neg(Value a);
  Value exp(Value a);
  Value log(Value a);
  Value rsqrt(Value a);
  Value sqrt(Value a);
  Value sign(Value a);
  Value atan2(Value a, Value b);
  Value silu(Value a);
  Value stopGradient(Value a);
  Value compare(mlir::trm::CompareDirection direction, Value a, Value b);
  Value select(Value pred, Value a, Value b);
  Value convert(Value a, mlir::Type element);
  /// a * s for a constant scalar s.
  Value scale(Value a, double s);
  // i1 logic, through select.
  Value logicalAnd(Value a, Value b);
  Value logicalOr(Value a, Value b);
  Value logicalNot(Value a);
  /// [0, 1, ..., n-1] as i32.
  Value iota(int64_t n);

  // Contraction and reductions.
  /// x [..., K] times w [K, N] -> [..., N], accumulated in f32 (or f64).
  Value matmul(Value x, Value w);
  Value dotGeneral(Value lhs, Value rhs, llvm::ArrayRef<int64_t> lhsBatch,
                   llvm::ArrayRef<int64_t> rhsBatch,
                   llvm::ArrayRef<int64_t> lhsContract,
                   llvm::ArrayRef<int64_t> rhsContract);
  Value reduceSum(Value a, llvm::ArrayRef<int64_t> dims);
  Value reduceMax(Value a, llvm::ArrayRef<int64_t> dims);
  Value argmax(Value a, int64_t dim);

  // Shapes.
  Value reshape(Value a, llvm::ArrayRef<int64_t> shape);
  Value transpose(Value a, llvm::ArrayRef<int64_t> permutation);
  /// Broadcasts `a` to `shape`, mapping a's dims to `dims` of the result.
  Value broadcast(Value a, llvm::ArrayRef<int64_t> shape,
                  llvm::ArrayRef<int64_t> dims);
  /// Re-expands a reduced tensor: its dims become the result's dims that
  /// are not in `reducedDims`.
  Value broadcastReduced(Value a, llvm::ArrayRef<int64_t> shape,
                         llvm::ArrayRef<int64_t> reducedDims);
  Value concat(llvm::ArrayRef<Value> inputs, int64_t dim);
  /// Elements [start, limit) of dimension `dim`.
  Value sliceDim(Value a, int64_t dim, int64_t start, int64_t limit);
  Value padDim(Value a, int64_t dim, int64_t low, int64_t high, double value);
  Value gather(Value table, Value indices);

  // Structure.
  /// trm.repeat: `body` maps the carried values to their next values.
  llvm::SmallVector<Value>
  repeat(int64_t count, bool noGrad, mlir::ValueRange inits,
         llvm::function_ref<llvm::SmallVector<Value>(mlir::ValueRange)> body);
  /// func.call of `callee`; returns its results.
  llvm::SmallVector<Value> call(mlir::func::FuncOp callee,
                                mlir::ValueRange args);

private:
  template <typename Op, typename... Args> Value create(Args &&...args) {
    return b.create<Op>(loc(), std::forward<Args>(args)...).getResult();
  }

  mlir::OpBuilder &b;
  std::vector<std::string> names;
  std::vector<mlir::Location> causes;
};

} // namespace trm

#endif // TRM_FRONTEND_TRACE_TRACER_H
