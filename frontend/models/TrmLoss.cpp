//===- TrmLoss.cpp - loss and per-row metrics of one supervision step -----===//
//
// TRM_SPEC.md sec. 3: stablemax cross-entropy averaged over each row's
// valid cells and summed over rows, plus 0.5 x BCE of the halt logit against
// "the whole row is right"; the differentiated loss is that total divided by
// global_batch_size.
//
//===----------------------------------------------------------------------===//
#include "frontend/config/ConfigDerived.h"
#include "frontend/models/TrmModule.h"
#include "frontend/trace/Composites.h"

using namespace mlir;
using mlir::trm::CompareDirection;

namespace trm {

NamedTypes TrmModule::lossResults() {
  return {{"loss", f32({})},
          {"carry/zH", activationType()},
          {"carry/zL", activationType()},
          {"logits", f32({batch, m.seq_len, m.vocab_size})},
          {"q_halt", f32({batch})},
          {"lm_loss", f32({})},
          {"q_halt_loss", f32({})},
          {"row/accuracy", f32({batch})},
          {"row/exact", i1({batch})},
          {"row/valid", i1({batch})}};
}

func::FuncOp TrmModule::buildLossStep() {
  NamedTypes weights = trainableParams("params/");
  if (m.puzzle_emb_ndim > 0)
    weights.push_back(
        {"puzzle_emb", f32({m.num_puzzle_identifiers, m.puzzle_emb_ndim})});
  NamedTypes inputs = weights;
  inputs.push_back({"carry/zH", activationType()});
  inputs.push_back({"carry/zL", activationType()});
  for (const auto &named : batchTypes("batch/"))
    inputs.push_back(named);
  func::FuncOp loss;
  NamedValues in = createFunction("loss_step", inputs, lossResults(), loss);
  loss.setPrivate();

  func::FuncOp forward = functions["forward_step"];
  SmallVector<Value> args;
  for (unsigned i = 0; i < forward.getNumArguments(); ++i)
    args.push_back(
        in.at(forward.getArgAttrOfType<StringAttr>(i, "trm.name").str()));
  SmallVector<Value> step = t.call(forward, args);
  NamedValues out = {
      {"carry/zH", step[0]}, {"carry/zL", step[1]}, {"logits", step[2]}};

  Tracer::Scope scope(t, "loss", keyLoc("model.vocab_size"));
  Type f32Type = builder.getF32Type();
  Value logits = step[2], labels = in["batch/labels"];
  ArrayRef<int64_t> cells = Tracer::shape(labels); // [B, S]
  // Label 0 (PAD) is ignored: only padding rows of a partial batch carry it.
  Value valid = t.compare(CompareDirection::ne, labels,
                          t.splat(0, cells, builder.getI32Type()));
  Value validF = t.convert(valid, f32Type);
  Value count = t.reduceSum(validF, {1});
  Value divisor = t.max(count, t.splat(1, {batch}, f32Type));

  Value crossEntropy = t.neg(takeLast(t, logStablemax(t, logits), labels));
  Value rowLoss = t.div(t.reduceSum(t.mul(crossEntropy, validF), {1}), divisor);
  out["lm_loss"] = t.reduceSum(rowLoss, {0});

  Value predicted = t.argmax(logits, 2);
  Value correct =
      t.logicalAnd(valid, t.compare(CompareDirection::eq, predicted, labels));
  Value correctCount = t.reduceSum(t.convert(correct, f32Type), {1});
  out["row/accuracy"] = t.div(correctCount, divisor);
  Value exact = t.compare(CompareDirection::eq, correctCount, count);
  out["row/exact"] = exact;
  out["row/valid"] =
      t.compare(CompareDirection::gt, count, t.splat(0, {batch}, f32Type));

  Value qHalt = t.reshape(t.sliceDim(step[3], 1, 0, 1), {batch});
  out["q_halt"] = qHalt;
  {
    Tracer::Scope halt(t, "q_halt", keyLoc("model.halt_max_steps"));
    Value target = t.stopGradient(t.convert(exact, f32Type));
    out["q_halt_loss"] = t.reduceSum(bceWithLogits(t, qHalt, target), {0});
  }
  Value total = t.add(out["lm_loss"], t.scale(out["q_halt_loss"], 0.5));
  out["loss"] = t.scale(
      total, 1.0 / static_cast<double>(config.training.global_batch_size));
  returnNamed(loss, out);
  return loss;
}

func::FuncOp TrmModule::declareLossGrad() {
  func::FuncOp loss = functions["loss_step"];
  SmallVector<Type> results(loss.getResultTypes());
  SmallVector<int64_t> wrt;
  for (unsigned i = 0; i < loss.getNumArguments(); ++i) {
    std::string name = loss.getArgAttrOfType<StringAttr>(i, "trm.name").str();
    if (name.rfind("params/", 0) == 0 || name == "puzzle_emb") {
      wrt.push_back(i);
      results.push_back(loss.getArgument(i).getType());
    }
  }
  builder.setInsertionPointToEnd(module.getBody());
  auto grad = builder.create<func::FuncOp>(
      loss.getLoc(), "loss_step_grad",
      builder.getFunctionType(loss.getArgumentTypes(), results));
  grad.setPrivate();
  grad->setAttr("trm.gradient_of", SymbolRefAttr::get(loss));
  grad->setAttr("trm.wrt", builder.getDenseI64ArrayAttr(wrt));
  for (unsigned i = 0; i < loss.getNumArguments(); ++i)
    grad.setArgAttr(i, "trm.name", loss.getArgAttr(i, "trm.name"));
  for (unsigned i = 0; i < loss.getNumResults(); ++i)
    grad.setResultAttr(i, "trm.name", loss.getResultAttr(i, "trm.name"));
  for (auto [k, i] : llvm::enumerate(wrt)) {
    std::string name = loss.getArgAttrOfType<StringAttr>(i, "trm.name").str();
    grad.setResultAttr(loss.getNumResults() + k, "trm.name",
                       builder.getStringAttr("grad/" + name));
  }
  functions["loss_step_grad"] = grad;
  return grad;
}

} // namespace trm
