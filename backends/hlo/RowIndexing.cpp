//===- RowIndexing.cpp - what both HLO texts say of a row gather ----------===//
#include "backends/hlo/RowIndexing.h"

namespace trm::hlo {

RowIndexing rowIndexing(mlir::RankedTensorType table,
                        mlir::RankedTensorType indices) {
  RowIndexing facts;
  facts.indexVectorDim = indices.getRank();
  facts.rowSlice.push_back(1);
  for (int64_t d = 1; d < table.getRank(); ++d) {
    facts.rowDims.push_back(facts.indexVectorDim + d - 1);
    facts.rowSlice.push_back(table.getDimSize(d));
  }
  return facts;
}

} // namespace trm::hlo
