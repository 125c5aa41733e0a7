//===- SplitBuilder.h - assemble a split group by group ---------*- C++ -*-===//
#ifndef TRM_TOOLS_TRMDATA_SPLITBUILDER_H
#define TRM_TOOLS_TRMDATA_SPLITBUILDER_H

#include "runtime/data/DatasetFormat.h"

#include <atomic>
#include <thread>
#include <vector>

namespace trm {

/// Appends puzzles (one example each, identifier 0) and closes groups.
class SplitBuilder {
public:
  SplitBuilder() {
    data.puzzleIndices.push_back(0);
    data.groupIndices.push_back(0);
  }
  void addPuzzle(const std::vector<uint8_t> &inputs,
                 const std::vector<uint8_t> &labels, int32_t rating) {
    data.inputs.insert(data.inputs.end(), inputs.begin(), inputs.end());
    data.labels.insert(data.labels.end(), labels.begin(), labels.end());
    data.puzzleIdentifiers.push_back(0);
    data.puzzleIndices.push_back(
        static_cast<int32_t>(data.puzzleIdentifiers.size()));
    data.ratings.push_back(rating);
  }
  void endGroup() {
    data.groupIndices.push_back(
        static_cast<int32_t>(data.puzzleIdentifiers.size()));
  }
  const SplitData &result() const { return data; }

private:
  SplitData data;
};

/// Calls work(i) for i in [0, n) on `threads` threads; each item must
/// depend only on i, so the result does not depend on the thread count.
template <typename Work> void parallelFor(int64_t n, int threads, Work work) {
  std::atomic<int64_t> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (int64_t i; (i = next++) < n;)
        work(i);
    });
  for (std::thread &thread : pool)
    thread.join();
}

} // namespace trm

#endif // TRM_TOOLS_TRMDATA_SPLITBUILDER_H
