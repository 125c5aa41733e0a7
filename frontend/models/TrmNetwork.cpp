//===- TrmNetwork.cpp - the shared network and one supervision step -------===//
//
// TRM_SPEC.md sec. 2: @net is f(h, inj) = blocks(h + inj); @forward_step is
// the embedding, the T x n recursion (first T-1 cycles no_grad), the heads
// and the new carry behind stop_gradient.
//
//===----------------------------------------------------------------------===//
#include "frontend/config/ConfigDerived.h"
#include "frontend/models/TrmModule.h"
#include "frontend/trace/Composites.h"

#include <cmath>

using namespace mlir;

namespace trm {

Value TrmModule::mlpTokenMixing(Value h, Value gateUp, Value down) {
  Value u = t.transpose(h, {0, 2, 1}); // mix over positions: [B, D, L]
  u = rmsNorm(t, t.add(u, swiglu(t, u, gateUp, down)), m.rms_norm_eps);
  return t.transpose(u, {0, 2, 1});
}

Value TrmModule::attention(Value h, Value qkv, Value out) {
  int64_t length = Tracer::shape(h)[1];
  int64_t heads = m.num_heads, headDim = m.hidden_size / m.num_heads;
  Value projected =
      t.reshape(t.matmul(h, qkv), {batch, length, 3, heads, headDim});
  auto part = [&](int64_t i) {
    return t.reshape(t.sliceDim(projected, 2, i, i + 1),
                     {batch, length, heads, headDim});
  };
  Value q = part(0), k = part(1), v = part(2);
  if (m.pos_encodings == "rope") {
    auto [cos, sin] = ropeTables(t, length, headDim, m.rope_theta);
    q = rope(t, q, cos, sin);
    k = rope(t, k, cos, sin);
  }
  auto headsFirst = [&](Value x) { return t.transpose(x, {0, 2, 1, 3}); };
  Value scores = t.scale(
      t.dotGeneral(headsFirst(q), headsFirst(k), {0, 1}, {0, 1}, {3}, {3}),
      1.0 / std::sqrt(static_cast<double>(headDim)));
  Value mixed =
      t.dotGeneral(softmax(t, scores), headsFirst(v), {0, 1}, {0, 1}, {3}, {2});
  Value merged = t.reshape(t.transpose(mixed, {0, 2, 1, 3}),
                           {batch, length, m.hidden_size});
  return rmsNorm(t, t.add(h, t.matmul(merged, out)), m.rms_norm_eps);
}

func::FuncOp TrmModule::buildNet() {
  Tracer::Scope scope(t, "", keyLoc("model.L_layers"));
  NamedTypes inputs = {{"h", activationType()},
                       {"injection", activationType()}};
  for (const ParamSpec &p : params)
    if (p.name.rfind("block", 0) == 0)
      inputs.push_back({p.name, f32(p.shape)});
  func::FuncOp net;
  NamedValues w = createFunction("net", inputs, {{"h", activationType()}}, net);
  net.setPrivate();

  Value h = t.add(w["h"], w["injection"]);
  for (int64_t i = 1; i <= m.L_layers; ++i) {
    std::string block = "block" + std::to_string(i);
    Tracer::Scope blockScope(t, block);
    if (m.mlp_t) {
      Tracer::Scope mix(t, "mlp_t", keyLoc("model.mlp_t"));
      h = mlpTokenMixing(h, w[block + "/mlp_t/gate_up"],
                         w[block + "/mlp_t/down"]);
    } else {
      Tracer::Scope mix(t, "attn", keyLoc("model.num_heads"));
      h = attention(h, w[block + "/attn/qkv"], w[block + "/attn/out"]);
    }
    Tracer::Scope mlp(t, "mlp", keyLoc("model.expansion"));
    h = rmsNorm(t,
                t.add(h, swiglu(t, h, w[block + "/mlp/gate_up"],
                                w[block + "/mlp/down"])),
                m.rms_norm_eps);
  }
  returnNamed(net, {{"h", h}});
  return net;
}

Value TrmModule::embed(Value inputs, Value puzzleIds, const NamedValues &w) {
  Tracer::Scope scope(t, "embed", keyLoc("model.vocab_size"));
  int64_t d = m.hidden_size, prefix = puzzleEmbLen(m);
  Value x = t.gather(w.at("params/embed_tokens"), inputs);
  if (prefix > 0) {
    Tracer::Scope puzzle(t, "puzzle_emb", keyLoc("model.puzzle_emb_ndim"));
    Value slots;
    if (m.puzzle_emb_ndim > 0) {
      Value row = t.gather(w.at("puzzle_emb"), puzzleIds);
      slots =
          t.reshape(t.padDim(row, 1, 0, prefix * d - m.puzzle_emb_ndim, 0.0),
                    {batch, prefix, d});
    } else {
      slots = t.splat(0.0, {batch, prefix, d}, builder.getF32Type());
    }
    x = t.concat({slots, x}, 1);
  }
  if (m.pos_encodings == "learned") {
    Tracer::Scope pos(t, "embed_pos", keyLoc("model.pos_encodings"));
    Value table =
        t.broadcast(w.at("params/embed_pos"), Tracer::shape(x), {1, 2});
    x = t.scale(t.add(x, table), 1.0 / std::sqrt(2.0));
  }
  return t.scale(x, std::sqrt(static_cast<double>(d)));
}

func::FuncOp TrmModule::buildForwardStep() {
  NamedTypes inputs = trainableParams("params/");
  if (m.puzzle_emb_ndim > 0)
    inputs.push_back(
        {"puzzle_emb", f32({m.num_puzzle_identifiers, m.puzzle_emb_ndim})});
  inputs.push_back({"carry/zH", activationType()});
  inputs.push_back({"carry/zL", activationType()});
  inputs.push_back({"batch/inputs", i32({batch, m.seq_len})});
  inputs.push_back({"batch/puzzle_identifiers", i32({batch})});
  NamedTypes results = {{"carry/zH", activationType()},
                        {"carry/zL", activationType()},
                        {"logits", f32({batch, m.seq_len, m.vocab_size})},
                        {"q_logits", f32({batch, 2})}};
  func::FuncOp step;
  NamedValues w = createFunction("forward_step", inputs, results, step);
  SmallVector<Value> blockWeights;
  for (const ParamSpec &p : params)
    if (p.name.rfind("block", 0) == 0)
      blockWeights.push_back(w["params/" + p.name]);

  Value x = embed(w["batch/inputs"], w["batch/puzzle_identifiers"], w);
  auto f = [&](Value h, Value injection) {
    SmallVector<Value> args = {h, injection};
    args.append(blockWeights);
    return t.call(functions["net"], args).front();
  };
  // n updates of zL, then one of zH: one H cycle.
  auto hCycle = [&](Value zH, Value zL) -> std::pair<Value, Value> {
    Tracer::Scope l(t, "L_cycles", keyLoc("model.L_cycles"));
    Value injection = t.add(zH, x); // zH is fixed during the n zL updates
    Value newL = t.repeat(m.L_cycles, false, {zL}, [&](ValueRange carried) {
                    return SmallVector<Value>{f(carried[0], injection)};
                  }).front();
    return {f(zH, newL), newL};
  };

  Value zH = w["carry/zH"], zL = w["carry/zL"];
  {
    Tracer::Scope recursion(t, "recursion", keyLoc("model.H_cycles"));
    if (m.H_cycles > 1) {
      Tracer::Scope noGrad(t, "no_grad_cycles");
      SmallVector<Value> out =
          t.repeat(m.H_cycles - 1, true, {zH, zL}, [&](ValueRange carried) {
            auto [h, l] = hCycle(carried[0], carried[1]);
            return SmallVector<Value>{h, l};
          });
      zH = out[0];
      zL = out[1];
    }
    Tracer::Scope grad(t, "grad_cycle");
    std::tie(zH, zL) = hCycle(zH, zL);
  }

  int64_t prefix = puzzleEmbLen(m), length = fullSeqLen(m);
  NamedValues out;
  {
    Tracer::Scope head(t, "lm_head", keyLoc("model.vocab_size"));
    out["logits"] =
        t.matmul(t.sliceDim(zH, 1, prefix, length), w["params/lm_head"]);
  }
  {
    Tracer::Scope head(t, "q_head", keyLoc("model.halt_max_steps"));
    Value first = t.reshape(t.sliceDim(zH, 1, 0, 1), {batch, m.hidden_size});
    out["q_logits"] =
        t.add(t.matmul(first, w["params/q_head/weight"]),
              t.broadcast(w["params/q_head/bias"], {batch, 2}, {1}));
  }
  Tracer::Scope carry(t, "carry");
  out["carry/zH"] = t.stopGradient(zH);
  out["carry/zL"] = t.stopGradient(zL);
  returnNamed(step, out);
  return step;
}

} // namespace trm
