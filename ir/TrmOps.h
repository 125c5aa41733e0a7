//===- TrmOps.h - ops of the trm dialect ------------------------*- C++ -*-===//
#ifndef TRM_IR_TRMOPS_H
#define TRM_IR_TRMOPS_H

#include "ir/TrmDialect.h"
#include "ir/TrmTraits.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "ir/TrmEnums.h.inc"
#include "ir/TrmInterfaces.h.inc"

namespace mlir::trm {
// Shared verifiers named by Trm_OpWithSharedVerifier in TrmOps.td.
LogicalResult verifyReduction(Operation *op);
LogicalResult verifyCollective(Operation *op);
} // namespace mlir::trm

#define GET_OP_CLASSES
#include "ir/TrmOps.h.inc"

#endif // TRM_IR_TRMOPS_H
