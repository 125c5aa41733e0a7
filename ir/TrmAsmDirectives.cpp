//===- TrmAsmDirectives.cpp - custom<...> directives of trm ops -----------===//
#include "ir/TrmAsmDirectives.h"

#include "mlir/IR/BuiltinTypes.h"

namespace mlir::trm {

/// The i1 tensor with the shape of `type` (or a null type if it is not a
/// ranked tensor; the op verifier then reports it).
static Type predicateTypeLike(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked)
    return Type();
  return RankedTensorType::get(ranked.getShape(),
                               IntegerType::get(type.getContext(), 1));
}

ParseResult parseSameTypes(OpAsmParser &parser, Type &a, Type &b) {
  if (parser.parseType(a))
    return failure();
  b = a;
  return success();
}

ParseResult parseSameTypes(OpAsmParser &parser, Type &a, Type &b, Type &c) {
  if (parseSameTypes(parser, a, b))
    return failure();
  c = a;
  return success();
}

void printSameTypes(OpAsmPrinter &printer, Operation *, Type a, Type) {
  printer << a;
}

void printSameTypes(OpAsmPrinter &printer, Operation *, Type a, Type, Type) {
  printer << a;
}

ParseResult parseCompareTypes(OpAsmParser &parser, Type &lhs, Type &rhs,
                              Type &result) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  if (parser.parseType(lhs))
    return failure();
  rhs = lhs;
  result = predicateTypeLike(lhs);
  if (!result)
    return parser.emitError(loc, "expected a ranked tensor type, got ") << lhs;
  return success();
}

void printCompareTypes(OpAsmPrinter &printer, Operation *, Type lhs, Type,
                       Type) {
  printer << lhs;
}

ParseResult parseSelectTypes(OpAsmParser &parser, Type &pred, Type &onTrue,
                             Type &onFalse, Type &result) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  if (parser.parseType(result))
    return failure();
  onTrue = onFalse = result;
  pred = predicateTypeLike(result);
  if (!pred)
    return parser.emitError(loc, "expected a ranked tensor type, got ")
           << result;
  return success();
}

void printSelectTypes(OpAsmPrinter &printer, Operation *, Type, Type, Type,
                      Type result) {
  printer << result;
}

} // namespace mlir::trm
