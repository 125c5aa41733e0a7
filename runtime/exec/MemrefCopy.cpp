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

/// Copies the innermost dimension: one memcpy when both sides are
/// contiguous there, else element by element.
static void copyRow(char *to, const char *from, int64_t count, int64_t toStride,
                    int64_t fromStride, int64_t size) {
  if (toStride == 1 && fromStride == 1) {
    std::memcpy(to, from, count * size);
    return;
  }
  for (int64_t i = 0; i < count; ++i)
    std::memcpy(to + i * toStride * size, from + i * fromStride * size, size);
}

extern "C" __attribute__((visibility("default"))) void
memrefCopy(int64_t elementSize, UnrankedMemRef *source,
           UnrankedMemRef *target) {
  int64_t rank = source->rank;
  View from(*source), to(*target);
  for (int64_t d = 0; d < rank; ++d)
    if (from.sizes[d] == 0)
      return;
  if (rank == 0) {
    std::memcpy(to.base + to.offset * elementSize,
                from.base + from.offset * elementSize, elementSize);
    return;
  }
  int64_t inner = rank - 1;
  // Odometer over the outer dims, advancing both offsets incrementally.
  std::vector<int64_t> index(inner, 0);
  int64_t a = from.offset, b = to.offset;
  while (true) {
    copyRow(to.base + b * elementSize, from.base + a * elementSize,
            from.sizes[inner], to.strides[inner], from.strides[inner],
            elementSize);
    int64_t d = inner - 1;
    for (; d >= 0; --d) {
      a += from.strides[d];
      b += to.strides[d];
      if (++index[d] < from.sizes[d])
        break;
      a -= from.strides[d] * from.sizes[d];
      b -= to.strides[d] * from.sizes[d];
      index[d] = 0;
    }
    if (d < 0)
      return;
  }
}
