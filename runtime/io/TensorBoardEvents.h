//===- TensorBoardEvents.h - scalar summaries TensorBoard reads -*- C++ -*-===//
#ifndef TRM_RUNTIME_IO_TENSORBOARDEVENTS_H
#define TRM_RUNTIME_IO_TENSORBOARDEVENTS_H

#include <cstdint>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace trm {

/// An `events.out.tfevents.*` file: TFRecord framing (length, masked
/// CRC-32C, payload, masked CRC-32C) around `tensorflow.Event` protos with
/// scalar summaries. The protos are few and fixed, so they are encoded here
/// by hand instead of pulling TensorFlow's .proto files into the runtime.
class TensorBoardEvents {
public:
  /// Creates a new event file in `dir` (a resumed run adds a file; the
  /// reader merges all files of a directory). False and `error` on failure.
  bool open(const std::string &dir, std::string &error);
  bool isOpen() const { return out.is_open(); }
  /// One event at `step` holding `scalars` (tag, value); flushed at once so
  /// a live TensorBoard sees it.
  void write(int64_t step,
             const std::vector<std::pair<std::string, double>> &scalars);

private:
  void writeRecord(const std::string &payload);
  std::ofstream out;
};

} // namespace trm

#endif // TRM_RUNTIME_IO_TENSORBOARDEVENTS_H
