//===- Trm.cpp - the Tiny Recursive Model, traced -------------------------===//
//
// TRM_SPEC.md sec. 2, in the tracer's builder API.
//
//===----------------------------------------------------------------------===//
#include "frontend/models/Trm.h"

#include "frontend/config/ConfigDerived.h"
#include "frontend/models/TrmParams.h"
#include "frontend/trace/Composites.h"
#include "frontend/trace/Tracer.h"

#include <cmath>

using namespace mlir;
using namespace mlir::trm;

namespace trm {
namespace {

class TrmTracer {
public:
  TrmTracer(MLIRContext &context, const Config &config)
      : config(config), m(config.model), builder(&context), t(builder),
        params(trmParameters(config.model)) {}

  OwningOpRef<ModuleOp> trace();

private:
  Location keyLoc(const std::string &key);
  RankedTensorType activationType();
  func::FuncOp buildNet(ModuleOp module);
  func::FuncOp buildForwardStep(ModuleOp module, func::FuncOp net);
  Value mlpTokenMixing(Value h, Value gateUp, Value down);
  Value attention(Value h, Value qkv, Value out);
  Value embed(Value inputs, Value puzzleIds,
              const std::map<std::string, Value> &weights);

  const Config &config;
  const ModelConfig &m;
  OpBuilder builder;
  Tracer t;
  std::vector<ParamSpec> params;
};

/// "file:line:col" -> FileLineColLoc; other sources (defaults, overrides)
/// become named locations.
Location TrmTracer::keyLoc(const std::string &key) {
  MLIRContext *ctx = builder.getContext();
  const std::string &where = config.sources.at(key).where;
  size_t col = where.rfind(':');
  size_t line = col == std::string::npos ? col : where.rfind(':', col - 1);
  if (line != std::string::npos) {
    unsigned l = std::stoul(where.substr(line + 1, col - line - 1));
    unsigned c = std::stoul(where.substr(col + 1));
    return FileLineColLoc::get(ctx, where.substr(0, line), l, c);
  }
  return NameLoc::get(StringAttr::get(ctx, key + " (" + where + ")"));
}

RankedTensorType TrmTracer::activationType() {
  return t.tensorType(
      {config.training.global_batch_size, fullSeqLen(m), m.hidden_size},
      builder.getF32Type());
}

Value TrmTracer::mlpTokenMixing(Value h, Value gateUp, Value down) {
  Value u = t.transpose(h, {0, 2, 1}); // mix over positions: [B, D, L]
  u = rmsNorm(t, t.add(u, swiglu(t, u, gateUp, down)), m.rms_norm_eps);
  return t.transpose(u, {0, 2, 1});
}

Value TrmTracer::attention(Value h, Value qkv, Value out) {
  int64_t batch = Tracer::shape(h)[0], length = Tracer::shape(h)[1];
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

func::FuncOp TrmTracer::buildNet(ModuleOp module) {
  Tracer::Scope scope(t, "", keyLoc("model.L_layers"));
  SmallVector<Type> inputs = {activationType(), activationType()};
  std::vector<const ParamSpec *> blockParams;
  for (const ParamSpec &p : params)
    if (p.name.rfind("block", 0) == 0) {
      blockParams.push_back(&p);
      inputs.push_back(t.tensorType(p.shape, builder.getF32Type()));
    }
  builder.setInsertionPointToEnd(module.getBody());
  auto net = builder.create<func::FuncOp>(
      t.loc(), "net", builder.getFunctionType(inputs, {activationType()}));
  net.setPrivate();
  Block *entry = net.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  std::map<std::string, Value> w;
  net.setArgAttr(0, "trm.name", builder.getStringAttr("h"));
  net.setArgAttr(1, "trm.name", builder.getStringAttr("injection"));
  for (auto [i, p] : llvm::enumerate(blockParams)) {
    w[p->name] = entry->getArgument(i + 2);
    net.setArgAttr(i + 2, "trm.name", builder.getStringAttr(p->name));
  }

  Value h = t.add(entry->getArgument(0), entry->getArgument(1));
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
  builder.create<func::ReturnOp>(t.loc(), h);
  return net;
}

Value TrmTracer::embed(Value inputs, Value puzzleIds,
                       const std::map<std::string, Value> &weights) {
  Tracer::Scope scope(t, "embed", keyLoc("model.vocab_size"));
  int64_t batch = Tracer::shape(inputs)[0], d = m.hidden_size;
  int64_t prefix = puzzleEmbLen(m);
  Value x = t.gather(weights.at("embed_tokens"), inputs);
  if (prefix > 0) {
    Tracer::Scope puzzle(t, "puzzle_emb", keyLoc("model.puzzle_emb_ndim"));
    Value slots;
    if (m.puzzle_emb_ndim > 0) {
      Value row = t.gather(weights.at("puzzle_emb"), puzzleIds);
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
        t.broadcast(weights.at("embed_pos"), Tracer::shape(x), {1, 2});
    x = t.scale(t.add(x, table), 1.0 / std::sqrt(2.0));
  }
  return t.scale(x, std::sqrt(static_cast<double>(d)));
}

func::FuncOp TrmTracer::buildForwardStep(ModuleOp module, func::FuncOp net) {
  MLIRContext *ctx = builder.getContext();
  int64_t batch = config.training.global_batch_size;
  Type f32 = builder.getF32Type(), i32 = builder.getI32Type();
  SmallVector<Type> inputs;
  SmallVector<std::string> names;
  for (const ParamSpec &p : params)
    if (p.role != ParamRole::Fixed) {
      inputs.push_back(t.tensorType(p.shape, f32));
      names.push_back(p.name);
    }
  for (const char *carry : {"carry/zH", "carry/zL"}) {
    inputs.push_back(activationType());
    names.push_back(carry);
  }
  inputs.push_back(t.tensorType({batch, m.seq_len}, i32));
  names.push_back("batch/inputs");
  inputs.push_back(t.tensorType({batch}, i32));
  names.push_back("batch/puzzle_identifiers");
  SmallVector<Type> results = {
      activationType(), activationType(),
      t.tensorType({batch, m.seq_len, m.vocab_size}, f32),
      t.tensorType({batch, 2}, f32)};
  const char *resultNames[] = {"carry/zH", "carry/zL", "logits", "q_logits"};

  builder.setInsertionPointToEnd(module.getBody());
  auto step = builder.create<func::FuncOp>(
      FileLineColLoc::get(ctx, config.file, 1, 1), "forward_step",
      builder.getFunctionType(inputs, results));
  Block *entry = step.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  std::map<std::string, Value> w;
  for (auto [i, name] : llvm::enumerate(names)) {
    w[name] = entry->getArgument(i);
    step.setArgAttr(i, "trm.name", builder.getStringAttr(name));
  }
  for (auto [i, name] : llvm::enumerate(resultNames))
    step.setResultAttr(i, "trm.name", builder.getStringAttr(name));
  SmallVector<Value> blockWeights;
  for (const ParamSpec &p : params)
    if (p.name.rfind("block", 0) == 0)
      blockWeights.push_back(w[p.name]);

  Value x = embed(w["batch/inputs"], w["batch/puzzle_identifiers"], w);
  auto f = [&](Value h, Value injection) {
    SmallVector<Value> args = {h, injection};
    args.append(blockWeights);
    return t.call(net, args).front();
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
  Value logits, q;
  {
    Tracer::Scope head(t, "lm_head", keyLoc("model.vocab_size"));
    logits = t.matmul(t.sliceDim(zH, 1, prefix, length), w["lm_head"]);
  }
  {
    Tracer::Scope head(t, "q_head", keyLoc("model.halt_max_steps"));
    Value first = t.reshape(t.sliceDim(zH, 1, 0, 1), {batch, m.hidden_size});
    q = t.add(t.matmul(first, w["q_head/weight"]),
              t.broadcast(w["q_head/bias"], {batch, 2}, {1}));
  }
  Tracer::Scope carry(t, "carry");
  builder.create<func::ReturnOp>(
      t.loc(), ValueRange{t.stopGradient(zH), t.stopGradient(zL), logits, q});
  return step;
}

OwningOpRef<ModuleOp> TrmTracer::trace() {
  MLIRContext *ctx = builder.getContext();
  OwningOpRef<ModuleOp> module =
      ModuleOp::create(FileLineColLoc::get(ctx, config.file, 1, 1));
  func::FuncOp net = buildNet(*module);
  buildForwardStep(*module, net);
  return module;
}

} // namespace

OwningOpRef<ModuleOp> traceTrm(MLIRContext &context, const Config &config) {
  context.loadDialect<TrmDialect, func::FuncDialect>();
  return TrmTracer(context, config).trace();
}

} // namespace trm
