//===- HostMemory.h - zeroed host storage on huge pages ---------*- C++ -*-===//
//
// The storage of a HostTensor (parameters, optimiser state, batches, the
// GEMM bench's operands). Blocks of 2 MiB or more are mapped at a huge-page
// boundary and advised to use transparent huge pages, as the kernels' own
// buffers are (BufferPool.cpp): a weight gradient reads B's rows 1-3 KiB
// apart, so with 4 KiB pages nearly every other row is a TLB miss, and the
// prefetches of the next cache tile's rows are lost to them.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_RUNTIME_EXEC_HOSTMEMORY_H
#define TRM_RUNTIME_EXEC_HOSTMEMORY_H

#include <cstddef>
#include <cstdint>

namespace trm {

class HostMemory {
public:
  /// `size` zeroed bytes (at least 1), 64-byte aligned; throws
  /// std::bad_alloc when the system has none.
  explicit HostMemory(size_t size);
  HostMemory(HostMemory &&other) noexcept;
  HostMemory &operator=(HostMemory &&other) noexcept;
  HostMemory(const HostMemory &) = delete;
  HostMemory &operator=(const HostMemory &) = delete;
  ~HostMemory();

  uint8_t *data() { return start; }
  const uint8_t *data() const { return start; }
  size_t size() const { return bytes; }

private:
  void release();

  uint8_t *start = nullptr;
  size_t bytes = 0;
  void *mapping = nullptr; // what to unmap (null: `start` is from malloc)
  size_t mapped = 0;
};

} // namespace trm

#endif // TRM_RUNTIME_EXEC_HOSTMEMORY_H
