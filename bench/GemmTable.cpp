//===- GemmTable.cpp - the table the GEMM benchmarks print ----------------===//
#include "bench/GemmTable.h"
#include "bench/HostPeak.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

namespace trm::bench {
namespace {

// Rounds of the host's register-only loop: ~30 ms per thread at nominal.
constexpr long kHostLoopSteps = 20'000'000;
// How far the host's two readings may part before the row is marked.
constexpr double kHostDrift = 0.1;
// Longer than libomp's default KMP_BLOCKTIME.
constexpr std::chrono::milliseconds kWorkersFallAsleep{300};

} // namespace

/// The host's loop on `threads` threads, once the kernels' OpenMP workers
/// sleep: after a parallel region libomp's workers spin for KMP_BLOCKTIME
/// (200 ms unless set), and on this 2-vCPU VM they took a core from the
/// loop (8192x97x1024 on 2 threads, whose check is quick, read 114 GFLOP/s
/// against 205 with KMP_BLOCKTIME=0).
double GemmTable::hostNow() const {
  std::this_thread::sleep_for(kWorkersFallAsleep);
  return hostGflops(threads, multiplier, kHostLoopSteps, /*runs=*/3);
}

void GemmTable::printHeader() const {
  std::printf("%-24s %9s %9s %8s %8s %8s %8s %8s %10s\n", "shape (MxKxN)", "ms",
              "GFLOP/s", "% peak", "best", "host", "% host", "best/h",
              "rel.err");
}

void GemmTable::measure(const GemmCase &gemm, const std::function<void()> &run,
                        double relativeError) const {
  double hostBefore = hostNow();
  std::vector<double> ms;
  for (int r = 0; r < reps; ++r) {
    auto start = std::chrono::steady_clock::now();
    run();
    ms.push_back(std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - start)
                     .count());
  }
  double hostAfter = hostNow();
  // The faster reading is what the hardware gave while undisturbed: against
  // the slower one a GEMM that ran between a neighbour's bursts would read
  // over 100 %. A host that moved by more than kHostDrift is marked "~".
  double host = std::max(hostBefore, hostAfter);
  bool drifted = std::min(hostBefore, hostAfter) < (1 - kHostDrift) * host;
  std::sort(ms.begin(), ms.end());
  double median = ms[ms.size() / 2];
  double gflops = gemm.flops() / (median * 1e6);
  double best = gemm.flops() / (ms.front() * 1e6);
  // best/h: the fastest run against the faster host reading, both what the
  // hardware does when the VM's neighbours leave it alone.
  std::printf(
      "%-24s %9.2f %9.1f %7.1f%% %7.1f%% %7.1f%c %7.1f%% %7.1f%% %10.1e\n",
      gemm.describe().c_str(), median, gflops, 100 * gflops / peak,
      100 * best / peak, host, drifted ? '~' : ' ', 100 * gflops / host,
      100 * best / host, relativeError);
}

} // namespace trm::bench
