//===- TrmOptimizers.cpp - optimiser, EMA and puzzle-embedding updates ----===//
//
// TRM_SPEC.md sec. 5. Per element, step t counted from 1, decoupled weight
// decay for AdamATan2, AdamW and Lion (L2 added to the gradient for Adam):
//   adam_atan2: theta -= lr / (1 - b1^t) * atan2(m, sqrt(v) / sqrt(1 - b2^t))
//   adamw/adam: theta -= lr * m_hat / (sqrt(v_hat) + 1e-8)
//   lion:       theta -= lr * sign(b1 m + (1 - b1) g); m = b2 m + (1 - b2) g
// Puzzle-embedding rows used in the batch: E *= 1 - lr_e wd_e; E -= lr_e
// sign(sum of the row's gradients). EMA after the update.
//
//===----------------------------------------------------------------------===//
#include "frontend/models/TrmModule.h"

#include <cmath>

using namespace mlir;
using mlir::trm::CompareDirection;

namespace trm {

void TrmModule::optimizerUpdate(const NamedValues &in, ValueRange grads,
                                NamedValues &out) {
  Tracer::Scope scope(t, "optimizer", keyLoc("training.optimizer"));
  const TrainingConfig &c = config.training;
  Type f32Type = builder.getF32Type();
  auto scalar = [&](double v) { return t.scalar(v, f32Type); };
  Value lr = in.at("schedule/lr");

  Value step = t.add(in.at("opt/step"), t.scalar(1, builder.getI32Type()));
  out["opt/step"] = step;
  Value time = t.convert(step, f32Type);
  auto biasCorrection = [&](double beta) { // 1 - beta^t
    return t.sub(scalar(1), t.exp(t.mul(time, scalar(std::log(beta)))));
  };
  Value bias1 = biasCorrection(c.beta1), bias2 = biasCorrection(c.beta2);
  Value decay = t.sub(scalar(1), t.mul(lr, scalar(c.weight_decay)));

  size_t g = 0;
  for (const ParamSpec &p : params) {
    if (p.role != ParamRole::Trainable)
      continue;
    Tracer::Scope param(t, p.name);
    auto spread = [&](Value s) { return t.broadcast(s, p.shape, {}); };
    auto blend = [&](Value a, Value b, double rate) { // rate a + (1-rate) b
      return t.add(t.scale(a, rate), t.scale(b, 1 - rate));
    };
    Value theta = in.at("params/" + p.name), grad = grads[g++];
    Value m = in.at("opt/m/" + p.name);
    Value updated;
    if (c.optimizer == "lion") {
      Value direction = t.sign(blend(m, grad, c.beta1));
      updated =
          t.sub(t.mul(theta, spread(decay)), t.mul(spread(lr), direction));
      out["opt/m/" + p.name] = blend(m, grad, c.beta2);
    } else {
      if (c.optimizer == "adam") // L2 regularisation, coupled
        grad = t.add(grad, t.scale(theta, c.weight_decay));
      Value m1 = blend(m, grad, c.beta1);
      Value v1 = blend(in.at("opt/v/" + p.name), t.mul(grad, grad), c.beta2);
      out["opt/m/" + p.name] = m1;
      out["opt/v/" + p.name] = v1;
      Value base = c.optimizer == "adam" ? theta : t.mul(theta, spread(decay));
      if (c.optimizer == "adam_atan2") {
        Value denominator = t.div(t.sqrt(v1), spread(t.sqrt(bias2)));
        updated = t.sub(
            base, t.mul(spread(t.div(lr, bias1)), t.atan2(m1, denominator)));
      } else {
        Value mHat = t.div(m1, spread(bias1));
        Value vHat = t.div(v1, spread(bias2));
        Value denominator =
            t.add(t.sqrt(vHat), t.splat(1e-8, p.shape, f32Type));
        updated = t.sub(base, t.mul(spread(lr), t.div(mHat, denominator)));
      }
    }
    out["params/" + p.name] = updated;
    if (c.ema)
      out["ema/" + p.name] = blend(in.at("ema/" + p.name), updated, c.ema_rate);
  }

  if (m.puzzle_emb_ndim == 0)
    return;
  Tracer::Scope puzzle(t, "puzzle_emb", keyLoc("training.puzzle_emb_lr"));
  Value table = in.at("puzzle_emb"), grad = grads[g];
  ArrayRef<int64_t> shape = Tracer::shape(table);
  // Rows looked up by this batch: the only ones decayed and stepped.
  Value hits = acrossShards(builder.create<mlir::trm::ScatterAddOp>(
      t.loc(), f32({shape[0]}), t.splat(0, {shape[0]}, f32Type),
      out.at("carry/puzzle_identifiers"), t.splat(1, {batch}, f32Type)));
  Value used = t.broadcast(
      t.compare(CompareDirection::gt, hits, t.splat(0, {shape[0]}, f32Type)),
      shape, {0});
  Value lrE = t.broadcast(in.at("schedule/puzzle_emb_lr"), shape, {});
  Value decayE = t.sub(t.splat(1, shape, f32Type),
                       t.scale(lrE, c.puzzle_emb_weight_decay));
  Value stepped = t.sub(t.mul(table, decayE), t.mul(lrE, t.sign(grad)));
  out["puzzle_emb"] = t.select(used, stepped, table);
}

} // namespace trm
