//===- Progress.cpp - a progress bar for long runs ------------------------===//
#include "tools/trm-data/Progress.h"

#include <cstdio>
#include <unistd.h>

namespace trm {

using Clock = std::chrono::steady_clock;

Progress::Progress(std::string label, int64_t total)
    : label(std::move(label)), total(total), terminal(::isatty(2)),
      start(Clock::now()), lastDraw(start) {}

void Progress::advance(int64_t by) {
  std::lock_guard<std::mutex> lock(mutex);
  done += by;
  if (terminal) {
    if (Clock::now() - lastDraw > std::chrono::milliseconds(100))
      draw(false);
    return;
  }
  int quarter = total ? static_cast<int>(4 * done / total) : 4;
  if (quarter > lastQuarter && quarter < 4) {
    lastQuarter = quarter;
    draw(false);
  }
}

void Progress::draw(bool final) {
  lastDraw = Clock::now();
  double seconds = std::chrono::duration<double>(lastDraw - start).count();
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
  if (terminal) {
    int width = 30;
    int filled = total ? static_cast<int>(width * done / total) : width;
    std::fprintf(stderr, "\r%s [%s%s] %lld/%lld %.0f/s ETA %.0fs ",
                 label.c_str(), std::string(filled, '#').c_str(),
                 std::string(width - filled, ' ').c_str(),
                 static_cast<long long>(done), static_cast<long long>(total),
                 rate, eta);
    if (final)
      std::fputc('\n', stderr);
  } else {
    std::fprintf(stderr, "%s: %lld/%lld (%.0f/s)\n", label.c_str(),
                 static_cast<long long>(done), static_cast<long long>(total),
                 rate);
  }
}

double Progress::finish() {
  std::lock_guard<std::mutex> lock(mutex);
  draw(true);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

} // namespace trm
