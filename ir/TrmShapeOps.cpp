//===- TrmShapeOps.cpp - verifiers of shape-changing trm ops --------------===//
//
// Each verifier says what is wrong and what was expected, with the numbers.
//
//===----------------------------------------------------------------------===//
#include "ir/TrmDims.h"
#include "ir/TrmOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace mlir::trm;

static RankedTensorType tensorOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// Prints `[a, b, c]` into a diagnostic.
static std::string listStr(ArrayRef<int64_t> values) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(values, os);
  os << "]";
  return text;
}

static LogicalResult sameElementType(Operation *op, Value from, Value to) {
  if (tensorOf(from).getElementType() == tensorOf(to).getElementType())
    return success();
  return op->emitOpError() << "keeps the element type, but operand "
                           << from.getType() << " and result " << to.getType()
                           << " differ (use trm.convert)";
}

/// Checks that `dims` are distinct and inside [0, rank); `what` names them.
static LogicalResult checkDimList(Operation *op, ArrayRef<int64_t> dims,
                                  int64_t rank, StringRef what) {
  llvm::SmallBitVector seen(rank);
  for (int64_t d : dims) {
    if (d < 0 || d >= rank)
      return op->emitOpError()
             << what << " " << listStr(dims) << " has dimension " << d
             << " outside [0, " << rank << ")";
    if (seen.test(d))
      return op->emitOpError() << what << " " << listStr(dims)
                               << " lists dimension " << d << " twice";
    seen.set(d);
  }
  return success();
}

static LogicalResult expectShape(Operation *op, Value result,
                                 ArrayRef<int64_t> expected, StringRef why) {
  if (tensorOf(result).getShape() == expected)
    return success();
  return op->emitOpError() << "result type " << result.getType()
                           << " should have shape " << listStr(expected) << " ("
                           << why << ")";
}

//===----------------------------------------------------------------------===//

LogicalResult DotGeneralOp::verify() {
  RankedTensorType lhs = tensorOf(getLhs()), rhs = tensorOf(getRhs());
  if (lhs.getElementType() != rhs.getElementType())
    return emitOpError() << "operands must share an element type, got " << lhs
                         << " and " << rhs << " (use trm.convert)";
  ArrayRef<int64_t> lb = getLhsBatchDims(), rb = getRhsBatchDims();
  ArrayRef<int64_t> lc = getLhsContractingDims(), rc = getRhsContractingDims();
  if (lb.size() != rb.size())
    return emitOpError() << "batch_dims pair up lhs and rhs dimensions, but "
                         << listStr(lb) << " x " << listStr(rb)
                         << " have different lengths";
  if (lc.size() != rc.size())
    return emitOpError() << "contracting_dims pair up lhs and rhs "
                            "dimensions, but "
                         << listStr(lc) << " x " << listStr(rc)
                         << " have different lengths";
  SmallVector<int64_t> lhsUsed(lb), rhsUsed(rb);
  lhsUsed.append(lc.begin(), lc.end());
  rhsUsed.append(rc.begin(), rc.end());
  if (failed(checkDimList(*this, lhsUsed, lhs.getRank(),
                          "lhs batch + contracting dims")) ||
      failed(checkDimList(*this, rhsUsed, rhs.getRank(),
                          "rhs batch + contracting dims")))
    return failure();
  for (auto [l, r] : llvm::zip(lhsUsed, rhsUsed))
    if (lhs.getDimSize(l) != rhs.getDimSize(r))
      return emitOpError() << "paired dimensions must have equal sizes, but "
                              "lhs dimension "
                           << l << " is " << lhs.getDimSize(l)
                           << " and rhs dimension " << r << " is "
                           << rhs.getDimSize(r);

  Type acc = getAccumulate(), elem = lhs.getElementType();
  if (acc.getIntOrFloatBitWidth() < elem.getIntOrFloatBitWidth())
    return emitOpError() << "accumulate type " << acc
                         << " is narrower than the operands' " << elem;
  Type resultElem = tensorOf(getResult()).getElementType();
  if (resultElem != elem && resultElem != acc)
    return emitOpError() << "result element type " << resultElem
                         << " must be the operand type " << elem
                         << " or the accumulate type " << acc;

  SmallVector<int64_t> shape =
      dotGeneralShape(lhs.getShape(), rhs.getShape(), lb, rb, lc, rc);
  return expectShape(*this, getResult(), shape,
                     "batch dims, then lhs free dims, then rhs free dims");
}

LogicalResult mlir::trm::verifyReduction(Operation *op) {
  Value operand = op->getOperand(0), result = op->getResult(0);
  ArrayRef<int64_t> dims =
      op->getAttrOfType<DenseI64ArrayAttr>("dims").asArrayRef();
  RankedTensorType type = tensorOf(operand);
  if (failed(checkDimList(op, dims, type.getRank(), "dims")))
    return failure();
  if (!llvm::is_sorted(dims))
    return op->emitOpError()
           << "dims " << listStr(dims) << " must be sorted ascending";
  if (failed(sameElementType(op, operand, result)))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (!llvm::is_contained(dims, d))
      shape.push_back(type.getDimSize(d));
  return expectShape(op, result, shape, "the reduced dimensions removed");
}

LogicalResult ArgmaxOp::verify() {
  RankedTensorType type = tensorOf(getOperand());
  int64_t dim = getDimAttr().getInt();
  if (failed(checkDimList(*this, {dim}, type.getRank(), "dim")))
    return failure();
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + dim);
  return expectShape(*this, getResult(), shape, "dimension dim removed");
}

LogicalResult ReshapeOp::verify() {
  RankedTensorType in = tensorOf(getOperand()), out = tensorOf(getResult());
  if (failed(sameElementType(*this, getOperand(), getResult())))
    return failure();
  if (in.getNumElements() != out.getNumElements())
    return emitOpError() << "cannot reshape " << in.getNumElements()
                         << " elements (" << in << ") into "
                         << out.getNumElements() << " (" << out << ")";
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  if (getOperand().getType() == getResult().getType())
    return getOperand();
  return {};
}

LogicalResult TransposeOp::verify() {
  RankedTensorType in = tensorOf(getOperand());
  ArrayRef<int64_t> perm = getPermutation();
  if (static_cast<int64_t>(perm.size()) != in.getRank())
    return emitOpError() << "permutation " << listStr(perm) << " has "
                         << perm.size() << " entries but the operand has rank "
                         << in.getRank();
  if (failed(checkDimList(*this, perm, in.getRank(), "permutation")) ||
      failed(sameElementType(*this, getOperand(), getResult())))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(in.getDimSize(p));
  return expectShape(*this, getResult(), shape,
                     "result dimension i = operand dimension permutation[i]");
}

LogicalResult BroadcastInDimOp::verify() {
  RankedTensorType in = tensorOf(getOperand()), out = tensorOf(getResult());
  ArrayRef<int64_t> dims = getDims();
  if (static_cast<int64_t>(dims.size()) != in.getRank())
    return emitOpError() << "dims " << listStr(dims)
                         << " needs one entry per operand dimension ("
                         << in.getRank() << ")";
  if (failed(checkDimList(*this, dims, out.getRank(), "dims")) ||
      failed(sameElementType(*this, getOperand(), getResult())))
    return failure();
  if (!llvm::is_sorted(dims))
    return emitOpError() << "dims " << listStr(dims)
                         << " must be strictly increasing (use trm.transpose "
                            "to reorder)";
  for (auto [i, d] : llvm::enumerate(dims))
    if (in.getDimSize(i) != 1 && in.getDimSize(i) != out.getDimSize(d))
      return emitOpError() << "operand dimension " << i << " of size "
                           << in.getDimSize(i) << " maps to result dimension "
                           << d << " of size " << out.getDimSize(d)
                           << "; sizes must match or the operand's be 1";
  return success();
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError() << "needs at least one input";
  RankedTensorType out = tensorOf(getResult());
  int64_t dim = getDimAttr().getInt();
  if (failed(checkDimList(*this, {dim}, out.getRank(), "dim")))
    return failure();
  int64_t total = 0;
  for (auto [i, input] : llvm::enumerate(getInputs())) {
    RankedTensorType in = tensorOf(input);
    if (in.getElementType() != out.getElementType() ||
        in.getRank() != out.getRank())
      return emitOpError() << "input #" << i << " " << in
                           << " must have the result's element type and rank "
                           << out;
    for (int64_t d = 0; d < out.getRank(); ++d)
      if (d != dim && in.getDimSize(d) != out.getDimSize(d))
        return emitOpError()
               << "input #" << i << " " << in << " differs from the result "
               << out << " in dimension " << d
               << ", which is not the concat dim " << dim;
    total += in.getDimSize(dim);
  }
  if (total != out.getDimSize(dim))
    return emitOpError() << "result dimension " << dim << " is "
                         << out.getDimSize(dim) << " but the inputs add up to "
                         << total;
  return success();
}

LogicalResult SliceOp::verify() {
  RankedTensorType in = tensorOf(getOperand());
  ArrayRef<int64_t> start = getStart(), limit = getLimit(),
                    strides = getStrides();
  int64_t rank = in.getRank();
  if (static_cast<int64_t>(start.size()) != rank ||
      static_cast<int64_t>(limit.size()) != rank ||
      static_cast<int64_t>(strides.size()) != rank)
    return emitOpError() << "start, limit and strides need one entry per "
                            "operand dimension ("
                         << rank << "), got " << start.size() << ", "
                         << limit.size() << " and " << strides.size();
  if (failed(sameElementType(*this, getOperand(), getResult())))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (start[d] < 0 || start[d] > limit[d] || limit[d] > in.getDimSize(d))
      return emitOpError() << "dimension " << d << " needs 0 <= start ("
                           << start[d] << ") <= limit (" << limit[d]
                           << ") <= size (" << in.getDimSize(d) << ")";
    if (strides[d] < 1)
      return emitOpError() << "stride of dimension " << d
                           << " must be >= 1, got " << strides[d];
    shape.push_back(llvm::divideCeil(limit[d] - start[d], strides[d]));
  }
  return expectShape(*this, getResult(), shape,
                     "ceil((limit - start) / stride) per dimension");
}

LogicalResult PadOp::verify() {
  RankedTensorType in = tensorOf(getOperand()), value = tensorOf(getValue());
  if (value.getRank() != 0 || value.getElementType() != in.getElementType())
    return emitOpError() << "padding value must be a rank-0 tensor of "
                         << in.getElementType() << ", got " << value;
  ArrayRef<int64_t> low = getLow(), high = getHigh();
  if (static_cast<int64_t>(low.size()) != in.getRank() ||
      static_cast<int64_t>(high.size()) != in.getRank())
    return emitOpError() << "low and high need one entry per operand "
                            "dimension ("
                         << in.getRank() << ")";
  if (failed(sameElementType(*this, getOperand(), getResult())))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < in.getRank(); ++d) {
    if (low[d] < 0 || high[d] < 0)
      return emitOpError() << "padding of dimension " << d
                           << " must be non-negative (use trm.slice to cut), "
                              "got low "
                           << low[d] << ", high " << high[d];
    shape.push_back(low[d] + in.getDimSize(d) + high[d]);
  }
  return expectShape(*this, getResult(), shape, "low + size + high");
}

/// indices.shape ++ table.shape[1:], the shape gather produces and
/// scatter_add consumes.
static FailureOr<SmallVector<int64_t>>
rowLookupShape(Operation *op, RankedTensorType table,
               RankedTensorType indices) {
  if (table.getRank() < 1)
    return op->emitOpError()
           << "table " << table << " needs at least one dimension to index";
  SmallVector<int64_t> shape(indices.getShape());
  llvm::append_range(shape, table.getShape().drop_front());
  return shape;
}

LogicalResult GatherOp::verify() {
  auto shape =
      rowLookupShape(*this, tensorOf(getTable()), tensorOf(getIndices()));
  if (failed(shape) || failed(sameElementType(*this, getTable(), getResult())))
    return failure();
  return expectShape(*this, getResult(), *shape,
                     "indices shape ++ table shape without dimension 0");
}

LogicalResult ScatterAddOp::verify() {
  RankedTensorType base = tensorOf(getBase()), updates = tensorOf(getUpdates());
  auto shape = rowLookupShape(*this, base, tensorOf(getIndices()));
  if (failed(shape))
    return failure();
  if (updates.getElementType() != base.getElementType())
    return emitOpError() << "updates " << updates
                         << " must have the element type of the base " << base;
  if (updates.getShape() != ArrayRef<int64_t>(*shape))
    return emitOpError() << "updates " << updates << " should have shape "
                         << listStr(*shape)
                         << " (indices shape ++ base shape without dimension "
                            "0)";
  if (getResult().getType() != base)
    return emitOpError() << "result " << getResult().getType()
                         << " must have the base's type " << base;
  return success();
}

LogicalResult mlir::trm::verifyCollective(Operation *op) {
  int64_t shards = op->getAttrOfType<IntegerAttr>("shards").getInt();
  if (shards < 1)
    return op->emitOpError() << "shards must be >= 1, got " << shards;
  auto dimAttr = op->getAttrOfType<IntegerAttr>("dim");
  if (!dimAttr) // all_reduce: same type in and out, checked by its trait.
    return success();
  Value operand = op->getOperand(0), result = op->getResult(0);
  RankedTensorType in = tensorOf(operand);
  int64_t dim = dimAttr.getInt();
  if (failed(checkDimList(op, {dim}, in.getRank(), "dim")) ||
      failed(sameElementType(op, operand, result)))
    return failure();
  SmallVector<int64_t> shape(in.getShape());
  bool gathers = op->getName().getStringRef() == "trm.all_gather";
  if (gathers) {
    shape[dim] *= shards;
  } else {
    if (shape[dim] % shards != 0)
      return op->emitOpError()
             << "dimension " << dim << " of size " << shape[dim]
             << " does not split into " << shards << " equal shards";
    shape[dim] /= shards;
  }
  return expectShape(op, result, shape,
                     gathers ? "dim multiplied by shards"
                             : "dim divided by shards");
}
