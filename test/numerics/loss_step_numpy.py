"""An independent numpy implementation of one TRM supervision step and its
loss (TRM_SPEC.md sec. 2-3), checked against what the reference backend
computed for @loss_step.

Usage: forward_numpy.py DUMP_DIR RTOL
DUMP_DIR holds arg__*.npy, result__*.npy and config.json from
`trm-reference --dump`. Everything here is float64.
"""
import json
import os
import sys

import numpy as np

dump, rtol = sys.argv[1], float(sys.argv[2])
cfg = json.load(open(os.path.join(dump, "config.json")))


def load(name):
    return np.load(os.path.join(dump, name.replace("/", "__") + ".npy"))


def arg(name):
    path = "params/" + name
    if not os.path.exists(os.path.join(dump, ("arg/" + path).replace("/", "__") + ".npy")):
        path = name
    return load("arg/" + path).astype(np.float64)


D, eps = cfg["hidden_size"], cfg["rms_norm_eps"]
P = cfg["puzzle_emb_len"] or -(-cfg["puzzle_emb_ndim"] // D)


def rms_norm(x):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)


def silu(x):
    return x / (1 + np.exp(-x))


def swiglu(x, gate_up, down):
    gate, up = np.split(x @ gate_up, 2, axis=-1)
    return (silu(gate) * up) @ down


def rope(x, theta):  # x [B, L, H, hd], rotate-half
    L, hd = x.shape[1], x.shape[3]
    freq = theta ** (-np.arange(0, hd, 2) / hd)
    angle = np.arange(L)[:, None] * freq[None, :]
    cos = np.concatenate([np.cos(angle)] * 2, -1)[None, :, None, :]
    sin = np.concatenate([np.sin(angle)] * 2, -1)[None, :, None, :]
    x1, x2 = x[..., : hd // 2], x[..., hd // 2:]
    return x * cos + np.concatenate([-x2, x1], -1) * sin


def attention(h, qkv, out):
    B, L, _ = h.shape
    H = cfg["num_heads"]
    q, k, v = np.moveaxis((h @ qkv).reshape(B, L, 3, H, D // H), 2, 0)
    if cfg["pos_encodings"] == "rope":
        q, k = rope(q, cfg["rope_theta"]), rope(k, cfg["rope_theta"])
    s = np.einsum("blhd,bmhd->bhlm", q, k) / np.sqrt(D // H)
    p = np.exp(s - s.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    o = np.einsum("bhlm,bmhd->blhd", p, v).reshape(B, L, D)
    return o @ out


def net(h, injection):
    h = h + injection
    for i in range(1, cfg["L_layers"] + 1):
        w = lambda n: arg(f"block{i}/{n}")
        if cfg["mlp_t"]:
            u = h.transpose(0, 2, 1)
            u = rms_norm(u + swiglu(u, w("mlp_t/gate_up"), w("mlp_t/down")))
            h = u.transpose(0, 2, 1)
        else:
            h = rms_norm(h + attention(h, w("attn/qkv"), w("attn/out")))
        h = rms_norm(h + swiglu(h, w("mlp/gate_up"), w("mlp/down")))
    return h


tokens = load("arg/batch/inputs")
B = tokens.shape[0]
x = arg("embed_tokens")[tokens]
if P > 0:
    if cfg["puzzle_emb_ndim"] > 0:
        rows = arg("puzzle_emb")[load("arg/batch/puzzle_identifiers")]
        rows = np.pad(rows, ((0, 0), (0, P * D - rows.shape[1])))
    else:
        rows = np.zeros((B, P * D))
    x = np.concatenate([rows.reshape(B, P, D), x], axis=1)
if cfg["pos_encodings"] == "learned":
    x = (x + arg("embed_pos")) / np.sqrt(2)
x = x * np.sqrt(D)

zH, zL = arg("carry/zH"), arg("carry/zL")
for _ in range(cfg["H_cycles"]):
    for _ in range(cfg["L_cycles"]):
        zL = net(zL, zH + x)
    zH = net(zH, zL)
logits = zH[:, P:] @ arg("lm_head")
q = zH[:, 0] @ arg("q_head/weight") + arg("q_head/bias")


def log_stablemax(x):
    s = np.where(x >= 0, x + 1, 1 / (1 - x + 1e-30))
    return np.log(s / s.sum(-1, keepdims=True))


labels = load("arg/batch/labels")
valid = labels != 0
count = valid.sum(-1)
divisor = np.maximum(count, 1)
ce = -np.take_along_axis(log_stablemax(logits), labels[..., None], -1)[..., 0]
lm_loss = (np.where(valid, ce, 0).sum(-1) / divisor).sum()
correct = valid & (logits.argmax(-1) == labels)
exact = correct.sum(-1) == count
x, target = q[:, 0], exact.astype(np.float64)
bce = np.maximum(x, 0) - x * target + np.log1p(np.exp(-np.abs(x)))
q_halt_loss = bce.sum()
expected = {
    "carry/zH": zH,
    "carry/zL": zL,
    "logits": logits,
    "q_halt": q[:, 0],
    "lm_loss": lm_loss,
    "q_halt_loss": q_halt_loss,
    "loss": (lm_loss + 0.5 * q_halt_loss) / B,
    "row/accuracy": correct.sum(-1) / divisor,
}
worst = 0.0
for name, want in expected.items():
    got = load("result/" + name)
    error = np.max(np.abs(got - want)) / max(np.max(np.abs(want)), 1e-30)
    worst = max(worst, error)
    print(f"{name:12s} max |reference - numpy| / max |numpy| = {error:.2e}")
    if not error <= rtol:
        sys.exit(f"FAIL: {name} differs by {error:.2e} > {rtol:.0e}")
print(f"OK: the reference backend agrees with numpy (worst {worst:.2e})")
