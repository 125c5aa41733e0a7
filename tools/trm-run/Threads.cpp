//===- Threads.cpp - `--threads N`, the kernels' OpenMP thread count ------===//
#include "tools/trm-run/Threads.h"

#include "tools/trm-run/ParseNumber.h"

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

namespace trm {

bool takeThreadsOption(int &argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) != "--threads")
      continue;
    int64_t threads = 0;
    if (i + 1 >= argc || !parseInteger(argv[i + 1], threads) || threads < 1 ||
        threads > 1024) {
      std::cerr << "trm-run: --threads needs a thread count from 1 to 1024 "
                   "(e.g. --threads 2)\n";
      return false;
    }
    setenv("OMP_NUM_THREADS", std::to_string(threads).c_str(), 1);
    for (int j = i; j + 2 <= argc; ++j)
      argv[j] = argv[j + 2];
    argc -= 2;
    --i;
  }
  return true;
}

int kernelThreads() {
  int64_t threads = 0;
  const char *env = std::getenv("OMP_NUM_THREADS");
  if (env && parseInteger(env, threads) && threads > 0)
    return static_cast<int>(threads);
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

} // namespace trm
