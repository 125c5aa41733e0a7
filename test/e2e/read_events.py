"""Reads a run directory with TensorBoard's own event reader and checks it
against metrics.jsonl: every step has train scalars, every evaluation's
eval scalars equal the JSON ones (to float32 precision).

Usage: read_events.py RUNDIR STEPS
"""
import json
import sys

from tensorboard.backend.event_processing.event_accumulator import (
    EventAccumulator,
)

rundir, steps = sys.argv[1], int(sys.argv[2])
events = EventAccumulator(rundir)
events.Reload()
tags = events.Tags()["scalars"]
for tag in ("train/lm_loss", "train/halted", "train/exact_accuracy"):
    got = [e.step for e in events.Scalars(tag)]
    assert got == list(range(1, steps + 1)), (tag, got)
evals = [json.loads(line) for line in open(f"{rundir}/metrics.jsonl")]
assert evals, "metrics.jsonl holds no evaluation"
for key in (k for k in evals[0] if k != "step"):
    assert key in tags, (key, tags)
    got = [(e.step, e.value) for e in events.Scalars(key)]
    want = [(r["step"], r[key]) for r in evals]
    assert [s for s, _ in got] == [s for s, _ in want], (key, got, want)
    for (_, g), (_, w) in zip(got, want):
        assert abs(g - w) <= 1e-5 * max(1.0, abs(w)), (key, g, w)
print(f"OK: {len(tags)} scalar tags, {steps} steps, {len(evals)} evaluations")
