//===- GemmStripEpilogue.cpp - the FMA kernel's epilogues -----------------===//
#include "backends/cpu/GemmStripEpilogue.h"
#include "backends/cpu/GemmEpilogue.h"
#include "backends/cpu/LoweringUtils.h"

using namespace mlir;

namespace trm::cpu {

// Columns of P a strip buffer holds: the FMA kernel's widest panel.
constexpr int64_t kBufferCols = 4 * GemmBlocking::kBlockCols;

MemRefType StripEpilogue::bufferType(MLIRContext *ctx) {
  return MemRefType::get({kTileRows, kBufferCols}, Float32Type::get(ctx));
}

StripEpilogue::StripEpilogue(OpBuilder &b, Location loc,
                             const GemmEpilogue &epilogue, Value h,
                             Value product, MemRefType buffer)
    : KernelBuilder(b, loc), epilogue(epilogue), h(h), product(product),
      buffer(buffer),
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
  SmallVector<Type, 7> types = {buffer, h.getType()};
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
  Strip strip;
  strip.buffer = args[0], strip.h = args[1];
  strip.product = product ? args[2] : Value();
  ValueRange bounds = args.take_back(4);
  Value m0 = bounds[0], rows = bounds[1];
  strip.c0 = bounds[2], strip.cols = bounds[3];
  if (!strip.product)
    return emitRows(strip, m0, rows);
  // A kept P is read again by the backward only, long after: a large one
  // is written past the caches (GemmStreaming.h).
  strip.streaming.emplace(b, loc, strip.product, trueValue(),
                          index(kBlockDepth));
  auto choice = b.create<scf::IfOp>(loc, strip.streaming->enabled(), true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(choice.thenBlock());
  strip.streamed = true;
  emitRows(strip, m0, rows);
  b.setInsertionPointToStart(choice.elseBlock());
  strip.streamed = false;
  emitRows(strip, m0, rows);
}

void StripEpilogue::emitRows(Strip &strip, Value m0, Value rows) {
  loop(index(0), rows, index(1), [&](Value r) {
    if (epilogue.gated)
      emitGatedRow(strip, r, add(m0, r));
    else
      emitUnaryRow(strip, r, add(m0, r));
  });
}

void StripEpilogue::emitUnaryRow(Strip &strip, Value r, Value row) {
  auto vector = VectorType::get({kLanes}, b.getF32Type());
  forColumnVectors(
      strip.c0, strip.cols, [&](Value j, Value col, Value, Value active) {
        Value x = loadLanes(vector, strip.buffer, ValueRange{r, j}, active);
        storeLanes(emitEpilogueBody(b, loc, epilogue, x, nullptr), strip.h,
                   ValueRange{row, col}, active);
        if (strip.product)
          storeProduct(strip, x, row, col, active);
      });
}

void StripEpilogue::emitGatedRow(Strip &strip, Value r, Value row) {
  auto vector = VectorType::get({kLanes}, b.getF32Type());
  int64_t half = kSliceCols / 2;
  Value h0 = b.create<arith::DivUIOp>(loc, strip.c0, index(2));
  Value upAt;
  if (strip.product)
    upAt = b.create<arith::DivUIOp>(loc, dim(strip.product, 1), index(2));
  loop(index(0), strip.cols, index(kSliceCols), [&](Value t) {
    Value hCol = add(h0, b.create<arith::DivUIOp>(loc, t, index(2)));
    for (int64_t v = 0; v < half / kLanes; ++v) {
      Value gate = b.create<vector::LoadOp>(loc, vector, strip.buffer,
                                            ValueRange{r, add(t, v * kLanes)});
      Value up = b.create<vector::LoadOp>(
          loc, vector, strip.buffer, ValueRange{r, add(t, half + v * kLanes)});
      Value col = add(hCol, v * kLanes);
      b.create<vector::StoreOp>(loc,
                                emitEpilogueBody(b, loc, epilogue, gate, up),
                                strip.h, ValueRange{row, col});
      if (!strip.product)
        continue;
      storeProduct(strip, gate, row, col, nullptr);
      storeProduct(strip, up, row, add(upAt, col), nullptr);
    }
  });
}

void StripEpilogue::storeProduct(Strip &strip, Value value, Value row,
                                 Value col, Value active) {
  if (strip.streamed && !active)
    return strip.streaming->store(value, row, col);
  storeLanes(value, strip.product, ValueRange{row, col}, active);
}

} // namespace trm::cpu
