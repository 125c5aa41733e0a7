//===- KernelRuntime.cpp - what compiled kernels call back into -----------===//
#include "runtime/exec/KernelRuntime.h"

#include <cstddef>
#include <cstdint>

struct UnrankedMemRef;
extern "C" void memrefCopy(int64_t, UnrankedMemRef *, UnrankedMemRef *);
extern "C" void *_mlir_memref_to_llvm_alloc(size_t);
extern "C" void *_mlir_memref_to_llvm_aligned_alloc(size_t, size_t);
extern "C" void _mlir_memref_to_llvm_free(void *);

namespace trm {

void keepKernelRuntime() {
  // Volatile stores of their addresses: the linker must keep them.
  const void *volatile keep;
  keep = reinterpret_cast<const void *>(&memrefCopy);
  keep = reinterpret_cast<const void *>(&_mlir_memref_to_llvm_alloc);
  keep = reinterpret_cast<const void *>(&_mlir_memref_to_llvm_aligned_alloc);
  keep = reinterpret_cast<const void *>(&_mlir_memref_to_llvm_free);
  (void)keep;
}

} // namespace trm
