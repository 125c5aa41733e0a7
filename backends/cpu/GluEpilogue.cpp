//===- GluEpilogue.cpp - GEMMs that apply a gated elementwise op ----------===//
#include "backends/cpu/GluEpilogue.h"
#include "backends/cpu/GemmPacking.h"
#include "backends/cpu/LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace trm::cpu {
namespace {

// The kernel's tiles hold 32 columns of each half.
constexpr int64_t kTileColumns =
    GemmBlocking::kTileVectors * KernelBuilder::kLanes;

bool isView(Operation *op) {
  return isa<memref::ExpandShapeOp, memref::CollapseShapeOp, memref::SubViewOp,
             memref::CastOp>(op);
}

/// The buffer `value` is a view of (itself if none).
Value viewRoot(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (!isView(def))
      break;
    value = def->getOperand(0);
  }
  return value;
}

/// The ops other than views that use `root` or a view of it; the views
/// themselves go to `views` when given.
llvm::SetVector<Operation *>
accessesThroughViews(Value root, SmallVectorImpl<Operation *> *views) {
  llvm::SetVector<Operation *> accesses;
  SmallVector<Value> worklist = {root};
  while (!worklist.empty())
    for (Operation *user : worklist.pop_back_val().getUsers()) {
      if (!isView(user)) {
        accesses.insert(user);
        continue;
      }
      if (views)
        views->push_back(user);
      worklist.push_back(user->getResult(0));
    }
  return accesses;
}

/// Rows of `rows` x `cols` elements in any leading shape: the product of
/// all dims but the last is `rows`.
bool hasRowsOf(MemRefType type, int64_t rows, int64_t cols) {
  if (!type.hasStaticShape() || type.getRank() < 2 ||
      type.getShape().back() != cols)
    return false;
  int64_t count = 1;
  for (int64_t size : type.getShape().drop_back())
    count *= size;
  return count == rows;
}

/// Where a view of the row-major [m, n] product starts, if it is m rows of
/// n/2 columns (a column half, when it starts at 0 or n/2).
std::optional<int64_t> halfOffset(MemRefType type, int64_t m, int64_t n) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!hasRowsOf(type, m, n / 2) ||
      failed(getStridesAndOffset(type, strides, offset)))
    return std::nullopt;
  ArrayRef<int64_t> shape = type.getShape();
  int64_t rank = type.getRank();
  if (strides[rank - 1] != 1 || strides[rank - 2] != n)
    return std::nullopt;
  for (int64_t d = 0; d + 2 < rank; ++d)
    if (strides[d] != strides[d + 1] * shape[d + 1])
      return std::nullopt;
  return offset;
}

bool isScalarConstant(Value value) {
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  return constant && constant.getType().isIntOrFloat();
}

/// Elementwise arith/math on the two inputs and scalar constants, the
/// output unread: the body emitGluBody can apply to vectors.
bool isVectorizableBody(linalg::GenericOp op) {
  Block &body = op.getRegion().front();
  if (!body.getArgument(2).use_empty())
    return false;
  auto available = [&](Value value) {
    return value.getParentBlock() == &body || isScalarConstant(value);
  };
  for (Operation &inner : body.without_terminator()) {
    if (isa<arith::ConstantOp>(inner) && isScalarConstant(inner.getResult(0)))
      continue;
    if (!isa<arith::ArithDialect, math::MathDialect>(inner.getDialect()) ||
        !inner.hasTrait<OpTrait::Elementwise>() || inner.getNumRegions() ||
        !isMemoryEffectFree(&inner) ||
        !llvm::all_of(inner.getOperands(), available) ||
        !llvm::all_of(inner.getResultTypes(),
                      [](Type t) { return t.isIntOrFloat(); }))
      return false;
  }
  return body.getTerminator()->getOperand(0).getParentBlock() == &body;
}

/// The generic reads P's two column halves, identity-indexed, in parallel.
std::optional<unsigned> leftInputOf(linalg::GenericOp op, Value product,
                                    int64_t m, int64_t n) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() != 0 ||
      !llvm::all_of(op.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }) ||
      !isVectorizableBody(op))
    return std::nullopt;
  std::optional<int64_t> offsets[2];
  for (unsigned i = 0; i < 2; ++i) {
    Value input = op.getDpsInputs()[i];
    if (viewRoot(input) != product)
      return std::nullopt;
    offsets[i] = halfOffset(cast<MemRefType>(input.getType()), m, n);
  }
  for (unsigned left = 0; left < 2; ++left)
    if (offsets[left] == 0 && offsets[1 - left] == n / 2)
      return left;
  return std::nullopt;
}

/// Whether H can be written where `matmul` is: available there (or a
/// fresh allocation that can move up to it, recorded in glu.hoist) and not
/// accessed between the matmul and the op.
bool canWriteAt(GluEpilogue &glu, Operation *matmul) {
  Block *block = matmul->getBlock();
  Operation *def = glu.out.getDefiningOp();
  if (def && def->getBlock() == block && matmul->isBeforeInBlock(def)) {
    if (!isa<memref::AllocOp>(def) || def->getNumOperands() != 0)
      return false;
    glu.hoist = def;
  } else if (!DominanceInfo(matmul->getParentOp())
                  .properlyDominates(glu.out, matmul)) {
    return false;
  }
  for (Operation *user : accessesThroughViews(viewRoot(glu.out), nullptr)) {
    Operation *inBlock = block->findAncestorOpInBlock(*user);
    if (inBlock && inBlock != glu.op && matmul->isBeforeInBlock(inBlock) &&
        inBlock->isBeforeInBlock(glu.op))
      return false;
  }
  return true;
}

} // namespace

std::optional<GluEpilogue> findGluEpilogue(linalg::LinalgOp matmul) {
  bool transposeA = isa<linalg::MatmulTransposeAOp>(matmul.getOperation());
  if (!transposeA && !isa<linalg::MatmulOp>(matmul.getOperation()))
    return std::nullopt;
  Value product = matmul.getDpsInits()[0];
  auto type = cast<MemRefType>(product.getType());
  auto lhs = cast<MemRefType>(matmul.getDpsInputs()[0].getType());
  int64_t k = lhs.getDimSize(transposeA ? 0 : 1);
  if (!product.getDefiningOp<memref::AllocOp>() || !type.hasStaticShape() ||
      !type.getLayout().isIdentity() || ShapedType::isDynamic(k) ||
      k > GemmBlocking::kBlockDepth ||
      type.getDimSize(1) % (2 * kTileColumns) != 0)
    return std::nullopt;
  int64_t m = type.getDimSize(0), n = type.getDimSize(1);
  Block *block = matmul->getBlock();
  GluEpilogue glu;
  bool zeroFilled = false;
  for (Operation *user : accessesThroughViews(product, &glu.productOps)) {
    if (user == matmul.getOperation())
      continue;
    if (isa<memref::DeallocOp>(user)) {
      glu.productOps.push_back(user);
    } else if (!zeroFilled && isZeroFill(user) && user->getBlock() == block &&
               user->isBeforeInBlock(matmul)) {
      zeroFilled = true;
      glu.productOps.push_back(user);
    } else if (auto generic = dyn_cast<linalg::GenericOp>(user);
               generic && !glu.op) {
      glu.op = generic;
    } else {
      return std::nullopt; // another reader or writer of P
    }
  }
  if (!zeroFilled || !glu.op || glu.op->getBlock() != block ||
      !matmul->isBeforeInBlock(glu.op))
    return std::nullopt;
  std::optional<unsigned> left = leftInputOf(glu.op, product, m, n);
  if (!left)
    return std::nullopt;
  glu.leftInput = *left;
  glu.out = glu.op.getDpsInits()[0];
  auto outType = cast<MemRefType>(glu.out.getType());
  if (viewRoot(glu.out) == product || !outType.getLayout().isIdentity() ||
      !hasRowsOf(outType, m, n / 2) || !canWriteAt(glu, matmul))
    return std::nullopt;
  glu.productOps.push_back(product.getDefiningOp());
  return glu;
}

Value emitGluBody(OpBuilder &b, Location loc, const GluEpilogue &glu,
                  Value left, Value right) {
  Block &body = linalg::GenericOp(glu.op).getRegion().front();
  ArrayRef<int64_t> lanes = cast<VectorType>(left.getType()).getShape();
  IRMapping map;
  map.map(body.getArgument(glu.leftInput), left);
  map.map(body.getArgument(1 - glu.leftInput), right);
  auto splat = [&](Value scalar) -> Value {
    auto type = VectorType::get(lanes, scalar.getType());
    auto value = scalar.getDefiningOp<arith::ConstantOp>().getValue();
    return b.create<arith::ConstantOp>(
        loc, type, DenseElementsAttr::get(type, cast<TypedAttr>(value)));
  };
  for (Operation &op : body.without_terminator()) {
    if (isa<arith::ConstantOp>(op)) {
      map.map(op.getResult(0), splat(op.getResult(0)));
      continue;
    }
    OperationState state(loc, op.getName());
    for (Value operand : op.getOperands())
      state.addOperands(map.contains(operand) ? map.lookup(operand)
                                              : splat(operand));
    for (Type type : op.getResultTypes())
      state.addTypes(VectorType::get(lanes, type));
    state.addAttributes(op.getAttrs());
    map.map(op.getResults(), b.create(state)->getResults());
  }
  return map.lookup(body.getTerminator()->getOperand(0));
}

std::string gluKey(const GluEpilogue &glu) {
  std::string key;
  llvm::raw_string_ostream os(key);
  Block &body = linalg::GenericOp(glu.op).getRegion().front();
  llvm::DenseMap<Value, unsigned> ids;
  ids[body.getArgument(glu.leftInput)] = 0;
  ids[body.getArgument(1 - glu.leftInput)] = 1;
  for (Operation &op : body) {
    os << op.getName() << "(";
    for (Value operand : op.getOperands()) {
      if (auto it = ids.find(operand); it != ids.end())
        os << "%" << it->second << " ";
      else
        os << operand.getDefiningOp<arith::ConstantOp>().getValue() << " ";
    }
    os << ")" << op.getAttrDictionary() << " -> ";
    for (Value result : op.getResults()) {
      os << result.getType() << " ";
      unsigned id = ids.size();
      ids[result] = id;
    }
    os << "; ";
  }
  return key;
}

Value gluResultMatrix(OpBuilder &b, Location loc, const GluEpilogue &glu) {
  auto type = cast<MemRefType>(glu.out.getType());
  if (type.getRank() == 2)
    return glu.out;
  ReassociationIndices rows;
  for (int64_t d = 0; d + 1 < type.getRank(); ++d)
    rows.push_back(d);
  return b.create<memref::CollapseShapeOp>(
      loc, glu.out, ArrayRef<ReassociationIndices>{rows, {type.getRank() - 1}});
}

} // namespace trm::cpu
