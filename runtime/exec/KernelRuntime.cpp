//===- KernelRuntime.cpp - what compiled kernels call back into -----------===//
#include "runtime/exec/KernelRuntime.h"

#include <cstddef>
#include <cstdint>

struct UnrankedMemRef;
extern "C" void memrefCopy(int64_t, UnrankedMemRef *, UnrankedMemRef *);
extern "C" void *_mlir_memref_to_llvm_alloc(size_t);
extern "C" void *_mlir_memref_to_llvm_aligned_alloc(size_t, size_t);
extern "C" void _mlir_memref_to_llvm_free(void *);
extern "C" void trm_profile_enter(int64_t);
extern "C" void trm_profile_exit(int64_t);

namespace trm {

void keepKernelRuntime() {
  // Volatile stores of their addresses: the linker must keep them.
  const void *volatile keep;
  keep = reinterpret_cast<const void *>(&memrefCopy);
  keep = reinterpret_cast<const void *>(&_mlir_memref_to_llvm_alloc);
  keep = reinterpret_cast<const void *>(&_mlir_memref_to_llvm_aligned_alloc);
  keep = reinterpret_cast<const void *>(&_mlir_memref_to_llvm_free);
  keep = reinterpret_cast<const void *>(&trm_profile_enter);
  keep = reinterpret_cast<const void *>(&trm_profile_exit);
  (void)keep;
}

} // namespace trm
