//===- HostMemory.cpp - zeroed host storage on huge pages -----------------===//
#include "runtime/exec/HostMemory.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <sys/mman.h>
#include <utility>

namespace trm {
namespace {

constexpr size_t kAlignment = 64;             // a cache line, a zmm register
constexpr size_t kHugePage = size_t(2) << 20; // x86-64 transparent huge page

size_t roundUp(size_t size, size_t multiple) {
  return (size + multiple - 1) / multiple * multiple;
}

} // namespace

HostMemory::HostMemory(size_t size) : bytes(std::max<size_t>(1, size)) {
  if (bytes < kHugePage) {
    start = static_cast<uint8_t *>(
        std::aligned_alloc(kAlignment, roundUp(bytes, kAlignment)));
    if (!start)
      throw std::bad_alloc();
    std::memset(start, 0, bytes);
    return;
  }
  // Anonymous pages are zero; one spare huge page to align the start.
  mapped = roundUp(bytes, kHugePage) + kHugePage;
  mapping = mmap(nullptr, mapped, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapping == MAP_FAILED) {
    mapping = nullptr;
    throw std::bad_alloc();
  }
  start = reinterpret_cast<uint8_t *>(
      roundUp(reinterpret_cast<uintptr_t>(mapping), kHugePage));
  madvise(start, roundUp(bytes, kHugePage), MADV_HUGEPAGE);
}

HostMemory::HostMemory(HostMemory &&other) noexcept
    : start(std::exchange(other.start, nullptr)),
      bytes(std::exchange(other.bytes, 0)),
      mapping(std::exchange(other.mapping, nullptr)),
      mapped(std::exchange(other.mapped, 0)) {}

HostMemory &HostMemory::operator=(HostMemory &&other) noexcept {
  if (this != &other) {
    release();
    start = std::exchange(other.start, nullptr);
    bytes = std::exchange(other.bytes, 0);
    mapping = std::exchange(other.mapping, nullptr);
    mapped = std::exchange(other.mapped, 0);
  }
  return *this;
}

HostMemory::~HostMemory() { release(); }

void HostMemory::release() {
  if (mapping)
    munmap(mapping, mapped);
  else
    std::free(start);
  start = nullptr, mapping = nullptr;
}

} // namespace trm
