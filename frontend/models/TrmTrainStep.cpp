//===- TrmTrainStep.cpp - @train_step and @eval_step (ACT) ----------------===//
//
// TRM_SPEC.md sec. 4: halted slots restart from H_init/L_init on the row of
// the new batch; one supervision step; steps += 1; halting by max steps,
// (training) the q head and seeded exploration draws; metrics over the rows
// that halted at this step.
//
//===----------------------------------------------------------------------===//
#include "frontend/config/ConfigDerived.h"
#include "frontend/models/TrmModule.h"

using namespace mlir;
using mlir::trm::CompareDirection;

namespace trm {

TrmModule::ActResult TrmModule::actStep(const NamedValues &in, bool training) {
  Tracer::Scope scope(t, "act", keyLoc("model.halt_max_steps"));
  Type f32Type = builder.getF32Type(), i32Type = builder.getI32Type();
  Value halted = in.at("carry/halted");
  auto fresh = [&](Value newValue, Value old) {
    return t.select(t.broadcast(halted, Tracer::shape(newValue), {0}), newValue,
                    old);
  };
  ArrayRef<int64_t> act = activationType().getShape();
  NamedValues args = in;
  args["carry/zH"] =
      fresh(t.broadcast(in.at("H_init"), act, {2}), in.at("carry/zH"));
  args["carry/zL"] =
      fresh(t.broadcast(in.at("L_init"), act, {2}), in.at("carry/zL"));
  for (const char *part : {"inputs", "labels", "puzzle_identifiers"})
    args[std::string("batch/") + part] =
        fresh(in.at(std::string("batch/") + part),
              in.at(std::string("carry/") + part));
  Value steps = fresh(t.splat(0, {batch}, i32Type), in.at("carry/steps"));

  func::FuncOp loss = functions[training ? "loss_step_grad" : "loss_step"];
  SmallVector<Value> callArgs;
  for (unsigned i = 0; i < loss.getNumArguments(); ++i)
    callArgs.push_back(
        args.at(loss.getArgAttrOfType<StringAttr>(i, "trm.name").str()));
  ActResult result;
  SmallVector<Value> values = t.call(loss, callArgs);
  result.lossResults.assign(values.begin(), values.end());
  NamedValues r;
  for (unsigned i = 0; i < loss.getNumResults(); ++i)
    r[loss.getResultAttrOfType<StringAttr>(i, "trm.name").str()] = values[i];

  Value newSteps = t.add(steps, t.splat(1, {batch}, i32Type));
  Value halt = t.compare(
      CompareDirection::ge, newSteps,
      t.splat(static_cast<double>(m.halt_max_steps), {batch}, i32Type));
  if (training && m.halt_max_steps > 1) {
    Tracer::Scope explore(t, "exploration",
                          keyLoc("model.halt_exploration_prob"));
    halt = t.logicalOr(halt, t.compare(CompareDirection::gt, r["q_halt"],
                                       t.splat(0, {batch}, f32Type)));
    Value explores =
        t.compare(CompareDirection::lt, in.at("rng/explore"),
                  t.splat(m.halt_exploration_prob, {batch}, f32Type));
    Value minSteps = t.select(explores, in.at("rng/min_halt_steps"),
                              t.splat(0, {batch}, i32Type));
    halt =
        t.logicalAnd(halt, t.compare(CompareDirection::ge, newSteps, minSteps));
  }

  Tracer::Scope metrics(t, "metrics");
  Value counted = t.logicalAnd(halt, r["row/valid"]);
  auto total = [&](Value x) { // over the rows of every shard
    return acrossShards(t.reduceSum(t.convert(x, f32Type), {0}));
  };
  auto where = [&](Value pred, Value x) {
    return t.select(pred, x,
                    t.splat(0, Tracer::shape(x), Tracer::elementType(x)));
  };
  Value exact = r["row/exact"];
  Value haltSaysExact = t.compare(CompareDirection::ge, r["q_halt"],
                                  t.splat(0, {batch}, f32Type));
  Value haltRight = t.select(haltSaysExact, exact, t.logicalNot(exact));
  NamedValues &out = result.outputs;
  out["metrics/count"] = total(counted);
  out["metrics/accuracy"] = total(where(counted, r["row/accuracy"]));
  out["metrics/exact_accuracy"] = total(t.logicalAnd(counted, exact));
  out["metrics/q_halt_accuracy"] = total(t.logicalAnd(counted, haltRight));
  out["metrics/steps"] = total(where(counted, newSteps));
  out["metrics/lm_loss"] = acrossShards(r["lm_loss"]);
  out["metrics/q_halt_loss"] = acrossShards(r["q_halt_loss"]);
  out["carry/zH"] = r["carry/zH"];
  out["carry/zL"] = r["carry/zL"];
  out["carry/steps"] = newSteps;
  out["carry/halted"] = halt;
  for (const char *part : {"inputs", "labels", "puzzle_identifiers"})
    out[std::string("carry/") + part] = args[std::string("batch/") + part];
  out["logits"] = r["logits"];
  out["q_halt"] = r["q_halt"];
  return result;
}

NamedTypes TrmModule::carryTypes() {
  NamedTypes carry = {{"carry/zH", activationType()},
                      {"carry/zL", activationType()},
                      {"carry/steps", i32({batch})},
                      {"carry/halted", i1({batch})}};
  for (const auto &named : batchTypes("carry/"))
    carry.push_back(named);
  return carry;
}

/// The carry, the fixed init vectors and the new batch: inputs of both steps.
static void appendCarryAndBatch(NamedTypes &types, const NamedTypes &carry,
                                const NamedTypes &batchTypes) {
  types.insert(types.end(), carry.begin(), carry.end());
  types.insert(types.end(), batchTypes.begin(), batchTypes.end());
}

static NamedTypes metricTypes(RankedTensorType scalar) {
  NamedTypes types;
  for (const char *name :
       {"count", "accuracy", "exact_accuracy", "q_halt_accuracy", "steps",
        "lm_loss", "q_halt_loss"})
    types.push_back({std::string("metrics/") + name, scalar});
  return types;
}

func::FuncOp TrmModule::buildTrainStep() {
  NamedTypes state = trainableParams("params/");
  bool lion = config.training.optimizer == "lion";
  for (const auto &named : trainableParams("opt/m/"))
    state.push_back(named);
  if (!lion)
    for (const auto &named : trainableParams("opt/v/"))
      state.push_back(named);
  state.push_back({"opt/step", i32({})});
  if (config.training.ema)
    for (const auto &named : trainableParams("ema/"))
      state.push_back(named);
  if (m.puzzle_emb_ndim > 0)
    state.push_back(
        {"puzzle_emb", f32({m.num_puzzle_identifiers, m.puzzle_emb_ndim})});
  NamedTypes carry = carryTypes();

  NamedTypes inputs = state;
  inputs.push_back({"H_init", f32({m.hidden_size})});
  inputs.push_back({"L_init", f32({m.hidden_size})});
  appendCarryAndBatch(inputs, carry, batchTypes("batch/"));
  inputs.push_back({"rng/explore", f32({batch})});
  inputs.push_back({"rng/min_halt_steps", i32({batch})});
  inputs.push_back({"schedule/lr", f32({})});
  inputs.push_back({"schedule/puzzle_emb_lr", f32({})});
  NamedTypes results = state;
  results.insert(results.end(), carry.begin(), carry.end());
  for (const auto &named : metricTypes(f32({})))
    results.push_back(named);

  func::FuncOp step;
  NamedValues in = createFunction("train_step", inputs, results, step);
  ActResult act = actStep(in, /*training=*/true);
  size_t lossResults = functions["loss_step"].getNumResults();
  SmallVector<Value> grads;
  {
    Tracer::Scope sum(t, "grad_all_reduce", keyLoc("parallelism.num_shards"));
    for (Value g : ValueRange(act.lossResults).drop_front(lossResults))
      grads.push_back(acrossShards(g));
  }
  NamedValues out = act.outputs;
  optimizerUpdate(in, grads, out);
  returnNamed(step, out);
  return step;
}

func::FuncOp TrmModule::buildEvalStep() {
  NamedTypes inputs = trainableParams("params/");
  if (m.puzzle_emb_ndim > 0)
    inputs.push_back(
        {"puzzle_emb", f32({m.num_puzzle_identifiers, m.puzzle_emb_ndim})});
  inputs.push_back({"H_init", f32({m.hidden_size})});
  inputs.push_back({"L_init", f32({m.hidden_size})});
  NamedTypes carry = carryTypes();
  appendCarryAndBatch(inputs, carry, batchTypes("batch/"));
  NamedTypes results = carry;
  results.push_back({"logits", f32({batch, m.seq_len, m.vocab_size})});
  results.push_back({"q_halt", f32({batch})});
  for (const auto &named : metricTypes(f32({})))
    results.push_back(named);
  func::FuncOp step;
  NamedValues in = createFunction("eval_step", inputs, results, step);
  returnNamed(step, actStep(in, /*training=*/false).outputs);
  return step;
}

} // namespace trm
