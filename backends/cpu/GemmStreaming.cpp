//===- GemmStreaming.cpp - C's tiles stored past the caches ---------------===//
#include "backends/cpu/GemmStreaming.h"
#include "backends/cpu/GemmPacking.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;

namespace trm::cpu {
namespace {

// C smaller than this (16 MiB of f32) may still be in L3 when its consumer
// reads it: stored plainly.
constexpr int64_t kStreamedElements = 4 * 1024 * 1024;
constexpr int64_t kLineBytes = 64;

} // namespace

// With AVX2's ymm pairs a core multiplies at half the AVX-512 rate, so C's
// write-allocate reads take half the DRAM bandwidth per second they took
// there; on a Zen 3 VM the non-temporal stores then cost more than they
// saved (their block 5.5-6.3 % of 8192x97x1024's perf samples, the k loop
// 85 -> 90 % with plain stores). Plain stores instead (2026-11-25, % of the
// host's FMA rate, interleaved rounds): 1 thread 8192x97x512 69.4 -> 87.1,
// 8192x97x1024 80.2 -> 84.7 and 65.4 -> 86.0, 16384x97x512 67.3 -> 73.5;
// 2 threads, whose cores share DRAM, even (8192x97x1024 66.1 -> 70.3,
// 16384x97x512 72.0 -> 72.5, 6208x256x768 71.7 -> 72.6), as the D=256
// B=64 step's GEMMs were.
bool streamsLargeC(VectorRegisters registers) {
  return registers == VectorRegisters::Zmm;
}

StreamingStores::StreamingStores(OpBuilder &b, Location loc, Value c,
                                 Value overwrite, Value k)
    : KernelBuilder(b, loc) {
  auto metadata = b.create<memref::ExtractStridedMetadataOp>(loc, c);
  rowStride = metadata.getStrides()[0];
  Value aligned = b.create<memref::ExtractAlignedPointerAsIndexOp>(loc, c);
  start = add(aligned, mul(metadata.getOffset(), 4));
  auto isZero = [&](Value x) {
    return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, x, index(0));
  };
  Value elements = b.create<arith::MulIOp>(loc, metadata.getSizes()[0],
                                           metadata.getSizes()[1]);
  Value conditions[] = {
      overwrite,
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sle, k,
                              index(GemmBlocking::kBlockDepth)),
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge, elements,
                              index(kStreamedElements)),
      isZero(b.create<arith::RemUIOp>(loc, start, index(kLineBytes))),
      isZero(b.create<arith::RemUIOp>(loc, rowStride, index(kLanes)))};
  streams = conditions[0];
  for (Value condition : ArrayRef<Value>(conditions).drop_front())
    streams = b.create<arith::AndIOp>(loc, streams, condition);
}

void StreamingStores::store(Value value, Value row, Value col) {
  Value address = add(
      start, mul(add(b.create<arith::MulIOp>(loc, row, rowStride), col), 4));
  Value word = b.create<arith::IndexCastOp>(loc, b.getI64Type(), address);
  Value pointer = b.create<LLVM::IntToPtrOp>(
      loc, LLVM::LLVMPointerType::get(b.getContext()), word);
  b.create<LLVM::StoreOp>(loc, value, pointer, /*alignment=*/kLineBytes,
                          /*isVolatile=*/false, /*isNonTemporal=*/true);
}

} // namespace trm::cpu
