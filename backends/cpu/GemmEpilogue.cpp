//===- GemmEpilogue.cpp - GEMMs that apply an elementwise op --------------===//
#include "backends/cpu/GemmEpilogue.h"
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

// A gated kernel's tiles hold 32 columns of each half: 64 of P.
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
/// `cols` columns (all of P, or a column half when it starts at 0 or n/2).
std::optional<int64_t> viewOffset(MemRefType type, int64_t m, int64_t n,
                                  int64_t cols) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!hasRowsOf(type, m, cols) ||
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

/// Elementwise arith/math on the inputs and scalar constants, the output
/// unread: the body emitEpilogueBody can apply to vectors.
bool isVectorizableBody(linalg::GenericOp op) {
  Block &body = op.getRegion().front();
  if (!body.getArguments().back().use_empty())
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

/// Which epilogue the generic is, if it reads all of P (unary) or P's two
/// column halves (gated), identity-indexed, in parallel, with a body the
/// kernel can apply.
bool classify(GemmEpilogue &epilogue, Value product, int64_t m, int64_t n) {
  linalg::GenericOp op = epilogue.op;
  unsigned inputs = op.getNumDpsInputs();
  if (inputs > 2 || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() != 0 ||
      !llvm::all_of(op.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }) ||
      !llvm::all_of(op.getDpsInputs(),
                    [&](Value input) { return viewRoot(input) == product; }) ||
      !isVectorizableBody(op))
    return false;
  auto offsetOf = [&](unsigned i, int64_t cols) {
    return viewOffset(cast<MemRefType>(op.getDpsInputs()[i].getType()), m, n,
                      cols);
  };
  if (inputs == 1)
    return offsetOf(0, n) == 0;
  epilogue.gated = true;
  if (n % kTileColumns != 0) // whole tiles of both halves
    return false;
  for (unsigned left = 0; left < 2; ++left)
    if (offsetOf(left, n / 2) == 0 && offsetOf(1 - left, n / 2) == n / 2) {
      epilogue.leftInput = left;
      return true;
    }
  return false;
}

/// Whether H can be written where `matmul` is: available there (or a
/// fresh allocation that can move up to it, recorded in epilogue.hoist) and not
/// accessed between the matmul and the op.
bool canWriteAt(GemmEpilogue &epilogue, Operation *matmul) {
  Block *block = matmul->getBlock();
  Operation *def = epilogue.out.getDefiningOp();
  if (def && def->getBlock() == block && matmul->isBeforeInBlock(def)) {
    if (!isa<memref::AllocOp>(def) || def->getNumOperands() != 0)
      return false;
    epilogue.hoist = def;
  } else if (!DominanceInfo(matmul->getParentOp())
                  .properlyDominates(epilogue.out, matmul)) {
    return false;
  }
  for (Operation *user :
       accessesThroughViews(viewRoot(epilogue.out), nullptr)) {
    Operation *inBlock = block->findAncestorOpInBlock(*user);
    if (inBlock && inBlock != epilogue.op && matmul->isBeforeInBlock(inBlock) &&
        inBlock->isBeforeInBlock(epilogue.op))
      return false;
  }
  return true;
}

/// Whether `op` is a linalg op that reads `product` (through views) and
/// does not write it.
bool readsOnly(Operation *op, Value product) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  return linalgOp && llvm::none_of(linalgOp.getDpsInits(), [&](Value init) {
           return viewRoot(init) == product;
         });
}

} // namespace

std::optional<GemmEpilogue> findGemmEpilogue(linalg::LinalgOp matmul) {
  bool transposeA = isa<linalg::MatmulTransposeAOp>(matmul.getOperation());
  if (!transposeA && !isa<linalg::MatmulOp>(matmul.getOperation()))
    return std::nullopt;
  Value product = matmul.getDpsInits()[0];
  auto type = cast<MemRefType>(product.getType());
  auto lhs = cast<MemRefType>(matmul.getDpsInputs()[0].getType());
  int64_t k = lhs.getDimSize(transposeA ? 0 : 1);
  if (!product.getDefiningOp<memref::AllocOp>() || !type.hasStaticShape() ||
      !type.getLayout().isIdentity() || ShapedType::isDynamic(k) ||
      k > GemmBlocking::kBlockDepth)
    return std::nullopt;
  int64_t m = type.getDimSize(0), n = type.getDimSize(1);
  Block *block = matmul->getBlock();
  GemmEpilogue epilogue;
  Operation *zeroFill = nullptr;
  SmallVector<Operation *> views, deallocs, readers;
  for (Operation *user : accessesThroughViews(product, &views)) {
    Operation *inBlock = block->findAncestorOpInBlock(*user);
    if (user == matmul.getOperation())
      continue;
    if (isa<memref::DeallocOp>(user))
      deallocs.push_back(user);
    else if (!zeroFill && isZeroFill(user) && user->getBlock() == block &&
             user->isBeforeInBlock(matmul))
      zeroFill = user;
    else if (readsOnly(user, product) && inBlock &&
             matmul->isBeforeInBlock(inBlock))
      readers.push_back(user);
    else
      return std::nullopt; // another writer of P, or a reader before it
  }
  // The first reader that the kernel can apply, in program order.
  llvm::sort(readers, [&](Operation *x, Operation *y) {
    return block->findAncestorOpInBlock(*x)->isBeforeInBlock(
        block->findAncestorOpInBlock(*y));
  });
  for (Operation *reader : readers) {
    auto generic = dyn_cast<linalg::GenericOp>(reader);
    if (!generic || generic->getBlock() != block)
      continue;
    epilogue.op = generic;
    if (classify(epilogue, product, m, n))
      break;
    epilogue = GemmEpilogue();
  }
  if (!zeroFill || !epilogue.op)
    return std::nullopt;
  epilogue.productOps.push_back(zeroFill);
  if (readers.size() > 1)
    epilogue.keptProduct = product;
  epilogue.out = epilogue.op.getDpsInits()[0];
  auto outType = cast<MemRefType>(epilogue.out.getType());
  if (viewRoot(epilogue.out) == product || !outType.getLayout().isIdentity() ||
      !hasRowsOf(outType, m, epilogue.gated ? n / 2 : n) ||
      !canWriteAt(epilogue, matmul))
    return std::nullopt;
  if (epilogue.keptProduct)
    return epilogue;
  // Views were found from P outwards: reversed, each comes before the
  // views it is made from.
  epilogue.productOps.append(deallocs);
  epilogue.productOps.append(views.rbegin(), views.rend());
  epilogue.productOps.push_back(product.getDefiningOp());
  return epilogue;
}

Value emitEpilogueBody(OpBuilder &b, Location loc, const GemmEpilogue &epilogue,
                       Value left, Value right) {
  Block &body = linalg::GenericOp(epilogue.op).getRegion().front();
  ArrayRef<int64_t> lanes = cast<VectorType>(left.getType()).getShape();
  IRMapping map;
  map.map(body.getArgument(epilogue.leftInput), left);
  if (epilogue.gated)
    map.map(body.getArgument(1 - epilogue.leftInput), right);
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

std::string epilogueKey(const GemmEpilogue &epilogue) {
  std::string key;
  llvm::raw_string_ostream os(key);
  Block &body = linalg::GenericOp(epilogue.op).getRegion().front();
  llvm::DenseMap<Value, unsigned> ids;
  ids[body.getArgument(epilogue.leftInput)] = 0;
  if (epilogue.gated)
    ids[body.getArgument(1 - epilogue.leftInput)] = 1;
  os << (epilogue.gated ? "gated: " : "unary: ")
     << (epilogue.keptProduct ? "P kept; " : "");
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

SmallVector<Value, 2> epilogueResultMatrices(OpBuilder &b, Location loc,
                                             const GemmEpilogue &epilogue) {
  SmallVector<Value, 2> matrices = {epilogue.out};
  auto type = cast<MemRefType>(epilogue.out.getType());
  if (type.getRank() != 2) {
    ReassociationIndices rows;
    for (int64_t d = 0; d + 1 < type.getRank(); ++d)
      rows.push_back(d);
    matrices[0] = b.create<memref::CollapseShapeOp>(
        loc, epilogue.out,
        ArrayRef<ReassociationIndices>{rows, {type.getRank() - 1}});
  }
  if (epilogue.keptProduct)
    matrices.push_back(epilogue.keptProduct);
  return matrices;
}

} // namespace trm::cpu
