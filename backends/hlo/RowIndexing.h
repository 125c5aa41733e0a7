//===- RowIndexing.h - what both HLO texts say of a row gather --*- C++ -*-===//
//
// trm.gather reads whole rows of a table and trm.scatter_add adds whole
// rows into one, at integer indices of any rank. The HLO and StableHLO
// printers spell their dimension numbers differently but compute them
// alike: these are the numbers they share.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_HLO_ROWINDEXING_H
#define TRM_BACKENDS_HLO_ROWINDEXING_H

#include "mlir/IR/BuiltinTypes.h"

namespace trm::hlo {

struct RowIndexing {
  /// The indices' rank: the result dim after the index dims (there is no
  /// index vector dim: each index is a scalar row number).
  int64_t indexVectorDim;
  /// The result's (gather) or update's (scatter) dims that run along a
  /// row: the ones after the index dims.
  llvm::SmallVector<int64_t> rowDims;
  /// One row of the table: 1 x its other dims (gather's slice sizes).
  llvm::SmallVector<int64_t> rowSlice;
};

/// The dimension numbers of rows of `table` at `indices`.
RowIndexing rowIndexing(mlir::RankedTensorType table,
                        mlir::RankedTensorType indices);

} // namespace trm::hlo

#endif // TRM_BACKENDS_HLO_ROWINDEXING_H
