//===- TrmDialect.cpp - the trm dialect -----------------------------------===//
#include "ir/TrmDialect.h"

#include "ir/TrmOps.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::trm;

#include "ir/TrmDialect.cpp.inc"

void TrmDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "ir/TrmOps.cpp.inc"
      >();
}

Operation *TrmDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return builder.create<ConstantOp>(loc, elements);
}
