//===- Trm.cpp - the Tiny Recursive Model, traced -------------------------===//
#include "frontend/models/Trm.h"

#include "frontend/models/TrmModule.h"

namespace trm {

mlir::OwningOpRef<mlir::ModuleOp> traceTrm(mlir::MLIRContext &context,
                                           const Config &config) {
  context.loadDialect<mlir::trm::TrmDialect, mlir::func::FuncDialect>();
  return TrmModule(context, config).trace();
}

} // namespace trm
