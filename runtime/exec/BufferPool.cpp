//===- BufferPool.cpp - the allocator compiled kernels call ---------------===//
//
// The CPU lowering allocates every temporary buffer through MLIR's generic
// allocation functions, defined here (trm-run exports them to the kernels
// it dlopens, as it does memrefCopy). A training step allocates and frees
// the same sizes over and over, many above glibc's largest heap block
// (32 MiB), which malloc maps fresh and unmaps on free: each step faulted
// in and zeroed ~800 MB of new pages (D=256 B=64: 200 k page faults). The
// pool keeps freed blocks by size and hands them out again, so after the
// first step no page is faulted in; blocks of 2 MiB or more are mapped with
// transparent huge pages where the kernel offers them (fewer TLB misses).
//
//===----------------------------------------------------------------------===//
#include "runtime/exec/KernelRuntime.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <sys/mman.h>
#include <unordered_map>
#include <vector>

namespace {

constexpr size_t kAlignment = 64;             // a cache line, a zmm register
constexpr size_t kHugePage = size_t(2) << 20; // x86-64 transparent huge page

class BufferPool {
public:
  void *allocate(size_t size, size_t alignment) {
    size = roundUp(size == 0 ? 1 : size, kAlignment);
    if (alignment > kAlignment) // never asked for by the lowering
      return unpooled(size, alignment);
    std::lock_guard<std::mutex> lock(mutex);
    // The smallest free block that fits, if it wastes at most a quarter:
    // blocks of a size no longer asked for serve the next larger request
    // instead of sitting in the pool (peak memory).
    size_t blockSize = size;
    void *block = nullptr;
    auto fit = freeBySize.lower_bound(size);
    if (fit != freeBySize.end() && fit->first <= size + size / 4) {
      blockSize = fit->first;
      block = fit->second.back();
      fit->second.pop_back();
      if (fit->second.empty())
        freeBySize.erase(fit);
    } else if (!(block = fresh(size))) {
      outOfMemory(size);
    }
    sizeOf[block] = blockSize;
    inUse += blockSize;
    peakInUse = std::max(peakInUse, inUse);
    return block;
  }

  trm::BufferPoolUsage usage() {
    std::lock_guard<std::mutex> lock(mutex);
    return {peakInUse};
  }

  void release(void *block) {
    if (!block)
      return;
    std::lock_guard<std::mutex> lock(mutex);
    auto it = sizeOf.find(block);
    if (it == sizeOf.end()) { // an over-aligned block
      std::free(block);
      return;
    }
    freeBySize[it->second].push_back(block);
    inUse -= it->second;
    sizeOf.erase(it);
  }

private:
  static size_t roundUp(size_t size, size_t multiple) {
    return (size + multiple - 1) / multiple * multiple;
  }

  static void *fresh(size_t size) {
    if (size < kHugePage)
      return std::aligned_alloc(kAlignment, size);
    // Mapped at a huge-page boundary so that the kernel can back it with
    // huge pages; kept for the life of the process.
    size_t mapped = roundUp(size, kHugePage) + kHugePage;
    void *raw = mmap(nullptr, mapped, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
      return nullptr;
    auto start = reinterpret_cast<uintptr_t>(raw);
    auto aligned = roundUp(start, kHugePage);
    madvise(reinterpret_cast<void *>(aligned), roundUp(size, kHugePage),
            MADV_HUGEPAGE);
    return reinterpret_cast<void *>(aligned);
  }

  static void *unpooled(size_t size, size_t alignment) {
    void *block = std::aligned_alloc(alignment, roundUp(size, alignment));
    if (!block)
      outOfMemory(size);
    return block;
  }

  /// The kernels store through whatever they get, and an exception cannot
  /// unwind through their frames: say what failed and stop (files are
  /// only ever replaced whole, so none is left half written).
  [[noreturn]] static void outOfMemory(size_t size) {
    std::fprintf(stderr,
                 "trm-run: out of memory: a kernel's %zu MiB buffer does not "
                 "fit in this machine's memory; compile a smaller model or "
                 "batch (or run fewer ranks per host)\n",
                 size >> 20);
    std::_Exit(1);
  }

  std::mutex mutex;
  std::map<size_t, std::vector<void *>> freeBySize;
  std::unordered_map<void *, size_t> sizeOf; // blocks handed out
  size_t inUse = 0, peakInUse = 0;           // their bytes, now and at most
};

BufferPool &pool() {
  static BufferPool *instance = new BufferPool; // outlives every kernel
  return *instance;
}

} // namespace

trm::BufferPoolUsage trm::bufferPoolUsage() { return pool().usage(); }

extern "C" __attribute__((visibility("default"))) void *
_mlir_memref_to_llvm_alloc(size_t size) {
  return pool().allocate(size, kAlignment);
}

extern "C" __attribute__((visibility("default"))) void *
_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size) {
  return pool().allocate(size, alignment);
}

extern "C" __attribute__((visibility("default"))) void
_mlir_memref_to_llvm_free(void *block) {
  pool().release(block);
}
