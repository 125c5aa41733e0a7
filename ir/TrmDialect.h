//===- TrmDialect.h - the trm dialect ---------------------------*- C++ -*-===//
#ifndef TRM_IR_TRMDIALECT_H
#define TRM_IR_TRMDIALECT_H

#include "mlir/IR/Dialect.h"

#include "ir/TrmDialect.h.inc"

#endif // TRM_IR_TRMDIALECT_H
