//===- Loader.h - batches as TRM_SPEC.md sec. 5 samples them ----*- C++ -*-===//
#ifndef TRM_RUNTIME_DATA_LOADER_H
#define TRM_RUNTIME_DATA_LOADER_H

#include "runtime/data/DatasetFormat.h"

#include <cstdint>
#include <vector>

namespace trm {

/// Example indices of one batch; -1 marks a padding row (evaluation only).
using BatchRows = std::vector<int64_t>;

/// Training batches: an epoch visits every group once in random order and
/// takes one of its puzzles uniformly (all of that puzzle's examples);
/// `evalInterval` epochs are concatenated and cut into full batches, the
/// partial tail dropped; then an evaluation is due. Seeded: chunk c of a
/// given seed is always the same.
class TrainLoader {
public:
  TrainLoader(const SplitData &data, int64_t batch, int64_t evalInterval,
              uint64_t seed)
      : data(data), batch(batch), evalInterval(evalInterval), seed(seed) {}

  /// The batches of evaluation chunk `chunk` (0-based).
  std::vector<BatchRows> chunk(int64_t chunk) const;

private:
  const SplitData &data;
  int64_t batch, evalInterval;
  uint64_t seed;
};

/// Every test example once, in order, in batches; the last batch is padded
/// with -1 rows.
std::vector<BatchRows> evaluationBatches(const SplitData &data, int64_t batch);

/// Copies the rows' inputs, labels and puzzle identifiers (PAD = 0 for -1
/// rows) into row-major buffers.
void gatherRows(const SplitData &data, int64_t seqLen, const BatchRows &rows,
                std::vector<double> &inputs, std::vector<double> &labels,
                std::vector<double> &identifiers);

} // namespace trm

#endif // TRM_RUNTIME_DATA_LOADER_H
