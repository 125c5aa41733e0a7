//===- GemmStreaming.h - C's tiles stored past the caches ------*- C++ -*-===//
//
// A GEMM that overwrites a C much larger than the caches in one depth block
// writes each of C's lines exactly once, and plain stores first read every
// line from memory (the write-allocate): with AVX-512 tiles 16384x97x1024
// moved 128 MiB for its 64 MiB C, at 97 k per tile about as many bytes per
// cycle as the two cores' DRAM bandwidth. Non-temporal stores of whole
// aligned vectors write the lines without reading them; at AVX2's half FMA
// rate they cost more than they saved, and those kernels store C plainly
// (streamsLargeC). The VDPBF16PS tiles, twice as fast per C element, need
// them more (Zen 4, bf16, % of the host's VDPBF16PS rate, 3 interleaved
// rounds: 1 thread 8192x97x1024 61.6 -> 89.3, 6208x256x1536 81.6 -> 90.3,
// 1552x512x3072 88.8 -> 94.7; 2 threads 8192x97x1024 72.5 -> 86.4).
// They are weakly ordered, but a LOCK-
// prefixed instruction drains the write-combining buffers (Intel SDM vol.
// 3A, 11.3.1), and every thread passes through libomp's barrier (locked
// atomics) before another reads its part of C: no SFENCE is needed.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_CPU_GEMMSTREAMING_H
#define TRM_BACKENDS_CPU_GEMMSTREAMING_H

#include "backends/cpu/GemmEmitter.h"
#include "backends/cpu/KernelBuilder.h"

namespace trm::cpu {

/// Whether the kernels for `registers` stream a large C at all (a kept
/// SwiGLU product always may: GemmStripEpilogue.cpp).
bool streamsLargeC(VectorRegisters registers);

class StreamingStores : public KernelBuilder {
public:
  /// For an f32 C (rows x columns, unit inner stride) of a kernel call that
  /// overwrites C when `overwrite`, `k` deep; emits the test where `b`
  /// stands (outside the kernel's loops).
  StreamingStores(mlir::OpBuilder &b, mlir::Location loc, mlir::Value c,
                  mlir::Value overwrite, mlir::Value k);

  /// Whether this call streams C (i1): it overwrites C in one depth block,
  /// C has 4M elements or more, and its rows start on 64-byte lines.
  mlir::Value enabled() const { return streams; }

  /// A non-temporal store of the 16 lanes `value` at C[row, col] (col a
  /// multiple of 16 from a line's start).
  void store(mlir::Value value, mlir::Value row, mlir::Value col);

private:
  mlir::Value start;     // C[0, 0]'s address
  mlir::Value rowStride; // elements between rows
  mlir::Value streams;
};

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMSTREAMING_H
