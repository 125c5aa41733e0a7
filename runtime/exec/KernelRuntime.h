//===- KernelRuntime.h - what compiled kernels call back into ---*- C++ -*-===//
#ifndef TRM_RUNTIME_EXEC_KERNELRUNTIME_H
#define TRM_RUNTIME_EXEC_KERNELRUNTIME_H

#include <cstddef>

namespace trm {

/// Compiled kernels call memrefCopy (MemrefCopy.cpp), MLIR's generic
/// allocation functions (BufferPool.cpp) and the profiling hooks
/// (KernelProfile.cpp) from the program that runs them.
/// Calling this links them into the program; ENABLE_EXPORTS on its target
/// exports them to the kernels it loads (dlopen or the JIT).
void keepKernelRuntime();

/// What the kernels' temporary buffers took from the pool (BufferPool.cpp).
struct BufferPoolUsage {
  size_t peakBytes = 0; // the most handed out at once, rounded to blocks
};
BufferPoolUsage bufferPoolUsage();

} // namespace trm

#endif // TRM_RUNTIME_EXEC_KERNELRUNTIME_H
