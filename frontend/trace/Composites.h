//===- Composites.h - layers built from trm primitives ----------*- C++ -*-===//
//
// rms_norm, SwiGLU, softmax, RoPE and stablemax cross-entropy are frontend
// builders over primitive ops, not IR ops (DESIGN.md).
//
//===----------------------------------------------------------------------===//
#ifndef TRM_FRONTEND_TRACE_COMPOSITES_H
#define TRM_FRONTEND_TRACE_COMPOSITES_H

#include "frontend/trace/Tracer.h"

namespace trm {

/// h / sqrt(mean(h^2, last axis) + eps), no gain; statistics in f32.
Value rmsNorm(Tracer &t, Value h, double eps);

/// down(silu(gate) * up) with [gate, up] = split(x @ gateUp), no biases.
Value swiglu(Tracer &t, Value x, Value gateUp, Value down);

/// Softmax over the last axis, max-subtracted.
Value softmax(Tracer &t, Value x);

/// Rotate-half RoPE of x [B, L, H, hd] with cos/sin tables [L, hd].
Value rope(Tracer &t, Value x, Value cos, Value sin);

/// RoPE tables [L, headDim] for base `theta`, as constants.
std::pair<Value, Value> ropeTables(Tracer &t, int64_t length, int64_t headDim,
                                   double theta);

/// log stablemax over the last axis (TRM_SPEC.md sec. 3):
/// s(x) = x + 1 for x >= 0, 1 / (1 - x + 1e-30) otherwise; log(s / sum s).
Value logStablemax(Tracer &t, Value logits);

/// Elementwise BCE with logits: max(x, 0) - x t + log(1 + exp(-|x|)).
Value bceWithLogits(Tracer &t, Value logits, Value targets);

/// x[..., index[...]] along the last axis (index i32 of x's shape minus it).
Value takeLast(Tracer &t, Value x, Value index);

} // namespace trm

#endif // TRM_FRONTEND_TRACE_COMPOSITES_H
