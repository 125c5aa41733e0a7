//===- GemmStripEpilogue.cpp - the FMA kernel's epilogues -----------------===//
#include "backends/cpu/GemmStripEpilogue.h"
#include "backends/cpu/GemmEpilogue.h"
#include "backends/cpu/GemmStreaming.h"
#include "backends/cpu/LoweringUtils.h"

#include <optional>

using namespace mlir;

namespace trm::cpu {

// Columns of P a strip buffer holds: the FMA kernel's widest panel.
constexpr int64_t kBufferCols = 4 * GemmBlocking::kBlockCols;

MemRefType StripEpilogue::bufferType(MLIRContext *ctx) {
  return MemRefType::get({kTileRows, kBufferCols}, Float32Type::get(ctx));
}

StripEpilogue::StripEpilogue(OpBuilder &b, Location loc,
                             const GemmEpilogue &epilogue, Value h,
                             Value product)
    : KernelBuilder(b, loc), epilogue(epilogue), h(h), product(product),
      // (Loops under construction are not in their parent yet: the kernel
      // is found now.)
      kernel(cast<func::FuncOp>(b.getInsertionBlock()->getParentOp())) {}

void StripEpilogue::emitCall(Value buffer, Value m0, Value m1, Value c0,
                             Value c1) {
  SmallVector<Value, 7> args = {buffer, h};
  if (product)
    args.push_back(product);
  args.append({m0, sub(m1, m0), c0, sub(c1, c0)});
  b.create<func::CallOp>(loc, getOrCreateApply(), args);
}

func::FuncOp StripEpilogue::getOrCreateApply() {
  std::string name = (kernel.getSymName() + "_strip").str();
  auto module = kernel->getParentOfType<ModuleOp>();
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  SmallVector<Type, 7> types = {bufferType(b.getContext()), h.getType()};
  if (product)
    types.push_back(product.getType());
  types.append(4, b.getIndexType());
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointAfter(kernel);
  auto apply = b.create<func::FuncOp>(loc, name, b.getFunctionType(types, {}));
  apply.setPrivate();
  // Its own function: LLVM cannot hoist f's constants into the kernel's
  // k loop.
  markNeverInlined(apply);
  Block *body = apply.addEntryBlock();
  b.setInsertionPointToStart(body);
  emitApply(body->getArguments());
  b.create<func::ReturnOp>(loc);
  return apply;
}

void StripEpilogue::emitApply(ValueRange args) {
  Value buffer = args[0], hOut = args[1];
  Value pOut = product ? args[2] : Value();
  ValueRange bounds = args.take_back(4);
  Value m0 = bounds[0], rows = bounds[1], c0 = bounds[2], cols = bounds[3];
  auto vector = VectorType::get({kLanes}, b.getF32Type());
  // A kept P is read again by the backward only, long after: a large one
  // is written past the caches (GemmStreaming.h).
  std::optional<StreamingStores> streaming;
  if (pOut)
    streaming.emplace(b, loc, pOut, trueValue(), index(kBlockDepth));
  auto storeP = [&](Value value, Value row, Value col, Value active,
                    bool streamed) {
    if (streamed && !active)
      return streaming->store(value, row, col);
    storeLanes(value, pOut, ValueRange{row, col}, active);
  };
  // Buffer row r: P's row m0 + r, H's at the same row.
  auto unaryRow = [&](Value r, Value row, bool streamed) {
    forColumnVectors(c0, cols, [&](Value j, Value col, Value, Value active) {
      Value x = loadLanes(vector, buffer, ValueRange{r, j}, active);
      storeLanes(emitEpilogueBody(b, loc, epilogue, x, nullptr), hOut,
                 ValueRange{row, col}, active);
      if (pOut)
        storeP(x, row, col, active, streamed);
    });
  };
  Value h0 = b.create<arith::DivUIOp>(loc, c0, index(2));
  Value upAt = pOut && epilogue.gated
                   ? b.create<arith::DivUIOp>(loc, dim(pOut, 1), index(2))
                   : Value();
  auto gatedRow = [&](Value r, Value row, bool streamed) {
    int64_t half = kSliceCols / 2;
    loop(index(0), cols, index(kSliceCols), [&](Value t) {
      Value hCol = add(h0, b.create<arith::DivUIOp>(loc, t, index(2)));
      for (int64_t v = 0; v < half / kLanes; ++v) {
        Value gate = b.create<vector::LoadOp>(
            loc, vector, buffer, ValueRange{r, add(t, v * kLanes)});
        Value up = b.create<vector::LoadOp>(
            loc, vector, buffer, ValueRange{r, add(t, half + v * kLanes)});
        Value col = add(hCol, v * kLanes);
        b.create<vector::StoreOp>(loc,
                                  emitEpilogueBody(b, loc, epilogue, gate, up),
                                  hOut, ValueRange{row, col});
        if (!pOut)
          continue;
        storeP(gate, row, col, nullptr, streamed);
        storeP(up, row, add(upAt, col), nullptr, streamed);
      }
    });
  };
  auto emitRows = [&](bool streamed) {
    loop(index(0), rows, index(1), [&](Value r) {
      Value row = add(m0, r);
      if (epilogue.gated)
        gatedRow(r, row, streamed);
      else
        unaryRow(r, row, streamed);
    });
  };
  if (!pOut)
    return emitRows(false);
  auto choice = b.create<scf::IfOp>(loc, streaming->enabled(), true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(choice.thenBlock());
  emitRows(true);
  b.setInsertionPointToStart(choice.elseBlock());
  emitRows(false);
}

} // namespace trm::cpu
