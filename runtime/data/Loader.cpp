//===- Loader.cpp - batches as TRM_SPEC.md sec. 5 samples them ------------===//
#include "runtime/data/Loader.h"

#include "runtime/data/Random.h"

#include <algorithm>
#include <numeric>

namespace trm {

static constexpr uint64_t kEpochStream = 0xe90c;

std::vector<BatchRows> TrainLoader::chunk(int64_t c) const {
  std::vector<int64_t> examples;
  for (int64_t e = 0; e < evalInterval; ++e) {
    Random rng(seed, kEpochStream, static_cast<uint64_t>(c * evalInterval + e));
    std::vector<int64_t> groups(data.numGroups());
    std::iota(groups.begin(), groups.end(), 0);
    rng.shuffle(groups.begin(), groups.end());
    for (int64_t g : groups) {
      int64_t first = data.groupIndices[g],
              count = data.groupIndices[g + 1] - first;
      int64_t puzzle = first + static_cast<int64_t>(rng.uniform(count));
      for (int64_t x = data.puzzleIndices[puzzle];
           x < data.puzzleIndices[puzzle + 1]; ++x)
        examples.push_back(x);
    }
  }
  std::vector<BatchRows> batches;
  for (size_t start = 0; start + batch <= examples.size(); start += batch)
    batches.emplace_back(examples.begin() + start,
                         examples.begin() + start + batch);
  return batches;
}

std::vector<BatchRows> evaluationBatches(const SplitData &data, int64_t batch) {
  int64_t total = data.puzzleIndices.back();
  std::vector<BatchRows> batches;
  for (int64_t start = 0; start < total; start += batch) {
    BatchRows rows(batch, -1);
    for (int64_t i = 0; i < batch && start + i < total; ++i)
      rows[i] = start + i;
    batches.push_back(std::move(rows));
  }
  return batches;
}

void gatherRows(const SplitData &data, int64_t seqLen, const BatchRows &rows,
                std::vector<double> &inputs, std::vector<double> &labels,
                std::vector<double> &identifiers) {
  inputs.assign(rows.size() * seqLen, 0);
  labels.assign(rows.size() * seqLen, 0);
  identifiers.assign(rows.size(), 0);
  // The example -> puzzle map, for identifiers.
  for (size_t r = 0; r < rows.size(); ++r) {
    int64_t x = rows[r];
    if (x < 0)
      continue;
    for (int64_t k = 0; k < seqLen; ++k) {
      inputs[r * seqLen + k] = data.inputs[x * seqLen + k];
      labels[r * seqLen + k] = data.labels[x * seqLen + k];
    }
    auto it =
        std::upper_bound(data.puzzleIndices.begin(), data.puzzleIndices.end(),
                         static_cast<int32_t>(x));
    identifiers[r] =
        data.puzzleIdentifiers[(it - data.puzzleIndices.begin()) - 1];
  }
}

} // namespace trm
