//===- DatasetFormat.h - the reference on-disk dataset format ---*- C++ -*-===//
//
// TRM_SPEC.md sec. 6: <dir>/{train,test}/all__{inputs,labels,
// puzzle_identifiers,puzzle_indices,group_indices}.npy + dataset.json, and
// <dir>/identifiers.json. trm-data adds all__ratings.npy (int32 per puzzle)
// and, in dataset.json, "trm_checksums" (one per array), which the
// reference loaders ignore.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_RUNTIME_DATA_DATASETFORMAT_H
#define TRM_RUNTIME_DATA_DATASETFORMAT_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace trm {

struct DatasetMetadata {
  int64_t seq_len = 0;
  int64_t vocab_size = 0;
  int64_t pad_id = 0;
  int64_t ignore_label_id = 0;
  int64_t blank_identifier_id = 0;
  int64_t num_puzzle_identifiers = 1;
  int64_t total_groups = 0;
  double mean_puzzle_examples = 1;
  std::vector<std::string> sets = {"all"};
  /// Array name -> checksum of its contents (written by trm-data, checked
  /// by readSplit; empty for datasets from elsewhere).
  std::map<std::string, std::string> checksums;
};

/// One split's arrays, row-major.
struct SplitData {
  std::vector<uint8_t> inputs;            // [examples, seq_len]
  std::vector<uint8_t> labels;            // [examples, seq_len]
  std::vector<int32_t> puzzleIdentifiers; // [puzzles]
  std::vector<int32_t> puzzleIndices;     // [puzzles + 1], into examples
  std::vector<int32_t> groupIndices;      // [groups + 1], into puzzles
  std::vector<int32_t> ratings;           // [puzzles] or empty

  int64_t numPuzzles() const {
    return static_cast<int64_t>(puzzleIdentifiers.size());
  }
  int64_t numGroups() const {
    return static_cast<int64_t>(groupIndices.size()) - 1;
  }
};

/// Writes `<splitDir>/all__*.npy` and dataset.json. Returns an error message,
/// empty on success.
std::string writeSplit(const std::string &splitDir, const SplitData &data,
                       const DatasetMetadata &meta);

/// Writes `<dir>/identifiers.json`.
std::string writeIdentifiers(const std::string &dir,
                             const std::vector<std::string> &names);

/// Reads a split; returns the problems found (missing or corrupt files,
/// arrays inconsistent with each other or with dataset.json). Empty = ok.
std::vector<std::string> readSplit(const std::string &splitDir, SplitData &data,
                                   DatasetMetadata &meta);

} // namespace trm

#endif // TRM_RUNTIME_DATA_DATASETFORMAT_H
