//===- MemrefCopy.cpp - the copy routine compiled kernels call ------------===//
//
// The CPU lowering turns strided copies into calls to `memrefCopy` (the same
// contract as MLIR's C runner utilities), so the runtime provides it and
// needs no MLIR library. trm-run exports it to the kernels it dlopens.
//
//===----------------------------------------------------------------------===//
#include <cstdint>
#include <cstring>
#include <vector>

struct UnrankedMemRef {
  int64_t rank;
  void *descriptor; // {alloc, aligned, offset, sizes[rank], strides[rank]}
};

namespace {

struct View {
  char *base;
  int64_t offset;
  const int64_t *sizes;
  const int64_t *strides;

  explicit View(const UnrankedMemRef &m) {
    auto *words = static_cast<int64_t *>(m.descriptor);
    base = reinterpret_cast<char *>(words[1]);
    offset = words[2];
    sizes = words + 3;
    strides = words + 3 + m.rank;
  }
};

} // namespace

extern "C" __attribute__((visibility("default"))) void
memrefCopy(int64_t elementSize, UnrankedMemRef *source,
           UnrankedMemRef *target) {
  int64_t rank = source->rank;
  View from(*source), to(*target);
  int64_t total = 1;
  for (int64_t d = 0; d < rank; ++d)
    total *= from.sizes[d];
  if (total == 0)
    return;
  std::vector<int64_t> index(rank, 0);
  for (int64_t n = 0; n < total; ++n) {
    int64_t a = from.offset, b = to.offset;
    for (int64_t d = 0; d < rank; ++d) {
      a += index[d] * from.strides[d];
      b += index[d] * to.strides[d];
    }
    std::memcpy(to.base + b * elementSize, from.base + a * elementSize,
                elementSize);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < from.sizes[d])
        break;
      index[d] = 0;
    }
  }
}
