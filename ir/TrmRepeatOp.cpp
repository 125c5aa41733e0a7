//===- TrmRepeatOp.cpp - the trm.repeat recursion region ------------------===//
//
//   %r:2 = trm.repeat 5 no_grad (%a = %x, %b = %y) : tensor<..>, tensor<..> {
//     ...
//     trm.yield %a2, %b2 : tensor<..>, tensor<..>
//   }
//
//===----------------------------------------------------------------------===//
#include "ir/TrmOps.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::trm;

YieldOp RepeatOp::getYield() { return cast<YieldOp>(getBodyBlock().back()); }

ParseResult RepeatOp::parse(OpAsmParser &parser, OperationState &result) {
  Builder &builder = parser.getBuilder();
  Properties &props = result.getOrAddProperties<Properties>();
  int64_t count = 0;
  if (parser.parseInteger(count))
    return failure();
  props.count = builder.getI64IntegerAttr(count);
  if (succeeded(parser.parseOptionalKeyword("no_grad")))
    props.no_grad = builder.getUnitAttr();

  SmallVector<OpAsmParser::Argument> args;
  SmallVector<OpAsmParser::UnresolvedOperand> inits;
  llvm::SMLoc initsLoc = parser.getCurrentLocation();
  if (parser.parseAssignmentList(args, inits))
    return failure();
  SmallVector<Type> types;
  if (succeeded(parser.parseOptionalColon()) && parser.parseTypeList(types))
    return failure();
  if (types.size() != inits.size())
    return parser.emitError(initsLoc)
           << "trm.repeat carries " << inits.size() << " values but "
           << types.size() << " types follow the ':'";
  for (auto [arg, type] : llvm::zip(args, types))
    arg.type = type;
  if (parser.resolveOperands(inits, types, initsLoc, result.operands))
    return failure();
  result.addTypes(types);
  if (parser.parseRegion(*result.addRegion(), args))
    return failure();
  return parser.parseOptionalAttrDictWithKeyword(result.attributes);
}

void RepeatOp::print(OpAsmPrinter &p) {
  p << ' ' << getCountAttr().getInt();
  if (getNoGrad())
    p << " no_grad";
  p << " (";
  llvm::interleaveComma(
      llvm::zip(getBodyBlock().getArguments(), getInits()), p,
      [&](auto pair) { p << std::get<0>(pair) << " = " << std::get<1>(pair); });
  p << ")";
  if (!getInits().empty()) {
    p << " : ";
    llvm::interleaveComma(getInits().getTypes(), p);
  }
  p << ' ';
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false,
                /*printBlockTerminators=*/true);
  p.printOptionalAttrDictWithKeyword((*this)->getAttrs(),
                                     {getCountAttrName(), getNoGradAttrName()});
}

LogicalResult RepeatOp::verifyRegions() {
  int64_t count = getCountAttr().getInt();
  if (count < 0)
    return emitOpError() << "count must be >= 0, got " << count;
  TypeRange inits = getInits().getTypes();
  auto mismatch = [&](StringRef what, TypeRange types) -> LogicalResult {
    if (types == inits)
      return success();
    InFlightDiagnostic diag = emitOpError()
                              << what << " must have the types of the "
                              << inits.size() << " initial values (";
    llvm::interleaveComma(inits, diag);
    diag << "), got " << types.size() << " (";
    llvm::interleaveComma(types, diag);
    return diag << ")";
  };
  if (failed(mismatch("body arguments", getBodyBlock().getArgumentTypes())) ||
      failed(mismatch("trm.yield operands", getYield().getValues().getTypes())))
    return failure();
  return mismatch("results", getResultTypes());
}
