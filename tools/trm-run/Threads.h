//===- Threads.h - `--threads N`, the kernels' OpenMP thread count -*- C++
//-*-===//
#ifndef TRM_TOOLS_TRM_RUN_THREADS_H
#define TRM_TOOLS_TRM_RUN_THREADS_H

namespace trm {

/// Removes `--threads N` from argv (any subcommand takes it) and sets
/// OMP_NUM_THREADS for the kernels' OpenMP runtime, which reads it when the
/// first kernel runs. Returns false (after printing why) on a bad value.
bool takeThreadsOption(int &argc, char **argv);

/// The threads the kernels will use: OMP_NUM_THREADS, else all cores.
int kernelThreads();

} // namespace trm

#endif // TRM_TOOLS_TRM_RUN_THREADS_H
