//===- Progress.h - a progress bar for long runs ----------------*- C++ -*-===//
#ifndef TRM_TOOLS_TRMDATA_PROGRESS_H
#define TRM_TOOLS_TRMDATA_PROGRESS_H

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace trm {

/// On a terminal: a bar with count, rate and ETA redrawn on stderr. Else a
/// plain line every quarter of the way. Thread-safe.
class Progress {
public:
  Progress(std::string label, int64_t total);
  void advance(int64_t by = 1);
  /// Ends the bar; returns the seconds since construction.
  double finish();

private:
  void draw(bool final);

  std::string label;
  int64_t total, done = 0;
  int lastQuarter = 0;
  bool terminal;
  std::mutex mutex;
  std::chrono::steady_clock::time_point start, lastDraw;
};

} // namespace trm

#endif // TRM_TOOLS_TRMDATA_PROGRESS_H
