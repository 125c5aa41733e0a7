//===- TrmAsmDirectives.h - custom<...> directives of trm ops ---*- C++ -*-===//
//
// Operand and result types that follow from one written type, so that
// `trm.add %a, %b : tensor<4xf32>` names the type once.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_IR_TRMASMDIRECTIVES_H
#define TRM_IR_TRMASMDIRECTIVES_H

#include "mlir/IR/OpImplementation.h"

namespace mlir::trm {

// custom<SameTypes>: one written type for every operand and result.
ParseResult parseSameTypes(OpAsmParser &parser, Type &a, Type &b);
ParseResult parseSameTypes(OpAsmParser &parser, Type &a, Type &b, Type &c);
void printSameTypes(OpAsmPrinter &printer, Operation *op, Type a, Type b);
void printSameTypes(OpAsmPrinter &printer, Operation *op, Type a, Type b,
                    Type c);

// custom<CompareTypes>: the operand type; the result is i1 of that shape.
ParseResult parseCompareTypes(OpAsmParser &parser, Type &lhs, Type &rhs,
                              Type &result);
void printCompareTypes(OpAsmPrinter &printer, Operation *op, Type lhs, Type rhs,
                       Type result);

// custom<SelectTypes>: the value type; the predicate is i1 of that shape.
ParseResult parseSelectTypes(OpAsmParser &parser, Type &pred, Type &onTrue,
                             Type &onFalse, Type &result);
void printSelectTypes(OpAsmPrinter &printer, Operation *op, Type pred,
                      Type onTrue, Type onFalse, Type result);

} // namespace mlir::trm

#endif // TRM_IR_TRMASMDIRECTIVES_H
