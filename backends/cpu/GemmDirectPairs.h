//===- GemmDirectPairs.h - VDPBF16PS operands from B's rows -----*- C++ -*-===//
//
// VDPBF16PS multiplies k pairs: lane j of its B operand holds B[k, j] and
// B[k + 1, j]. The kernel normally copies each cache panel of B into that
// layout first. With few rows of A (a weight gradient's 97 or 256) a work
// item instead interleaves rows k and k + 1 of its 128 columns in
// registers, per 32 columns one vpunpcklwd and one vpunpckhwd, into a copy
// on its stack that all of A's rows then read (unpackInto). The unpacks
// work within 128-bit lanes, so the two results hold columns 8L + [0, 4)
// and 8L + [4, 8) of each lane L: the tiles' accumulators are in that
// order, and are permuted from C's order when loaded and back before being
// stored.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_CPU_GEMMDIRECTPAIRS_H
#define TRM_BACKENDS_CPU_GEMMDIRECTPAIRS_H

#include "backends/cpu/KernelBuilder.h"

namespace trm::cpu {

class DirectPairs : public KernelBuilder {
public:
  /// Reads `rhs`, B as a (k, column) matrix with unit-stride rows.
  DirectPairs(mlir::OpBuilder &b, mlir::Location loc, mlir::Value rhs)
      : KernelBuilder(b, loc), rhs(rhs) {}

  /// Copies the operands of rows [k0, k1) x `groups` groups of 32 columns
  /// from `col` into `unpacked` (group g's pair p in row [g, p], kPanelWords
  /// bf16; an odd last k paired with zeros), where every register tile over
  /// a group then reads them: one contiguous 32 KiB stream instead of a
  /// cache line per row of B (rows 2 KiB apart share two of L1's sets), and
  /// no unpacks.
  void unpackInto(mlir::Value unpacked, mlir::Value groups, mlir::Value k0,
                  mlir::Value k1, mlir::Value col);

  static constexpr int64_t kPanelWords = 4 * kLanes; // 32 columns x 2 k

  /// A tile's accumulators (rows of an even count of f32 vectors) from C's
  /// column order into the interleaved one, or back.
  void toInterleaved(llvm::MutableArrayRef<mlir::Value> acc);
  void toColumns(llvm::MutableArrayRef<mlir::Value> acc);

private:
  /// The `vectors` (even) VDPBF16PS operands of columns [col, col + 16
  /// vectors) for rows k and k + 1 (`pair` false: row k and zeros), in
  /// the interleaved column order.
  llvm::SmallVector<mlir::Value> load(mlir::Value k, mlir::Value col,
                                      int64_t vectors, bool pair);

  /// Vectors 2w and 2w + 1 become their shuffles by `low` and `high`.
  void permute(llvm::MutableArrayRef<mlir::Value> acc,
               llvm::ArrayRef<int64_t> low, llvm::ArrayRef<int64_t> high);

  mlir::Value rhs;
};

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_GEMMDIRECTPAIRS_H
