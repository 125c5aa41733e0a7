"""Loads trm-data output with numpy, as a user of the reference format would.

Usage: test_dataset_numpy.py TRM_DATA_BINARY FIXTURE_CSV
Exits non-zero (with the failing check) on any mismatch.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

trm_data, fixture = sys.argv[1], sys.argv[2]
checks = 0


def check(condition, what):
    global checks
    checks += 1
    if not condition:
        sys.exit(f"FAIL: {what}")


def run(*args):
    subprocess.run([trm_data, *args], check=True, capture_output=True)


def load_split(root, split):
    d = os.path.join(root, split)
    arrays = {name: np.load(os.path.join(d, f"all__{name}.npy"))
              for name in ["inputs", "labels", "puzzle_identifiers",
                           "puzzle_indices", "group_indices"]}
    with open(os.path.join(d, "dataset.json")) as f:
        meta = json.load(f)
    return arrays, meta


def check_format(root, split, seq_len, vocab):
    a, meta = load_split(root, split)
    n = a["inputs"].shape[0]
    check(a["inputs"].dtype == np.uint8 and a["labels"].dtype == np.uint8,
          f"{split}: inputs/labels are uint8")
    for name in ["puzzle_identifiers", "puzzle_indices", "group_indices"]:
        check(a[name].dtype == np.int32, f"{split}: {name} is int32")
    check(a["inputs"].shape == (n, seq_len) == a["labels"].shape,
          f"{split}: inputs and labels are [N, {seq_len}]")
    check(a["puzzle_identifiers"].shape == (n,), f"{split}: one id per puzzle")
    check(np.array_equal(a["puzzle_indices"], np.arange(n + 1)),
          f"{split}: one example per puzzle")
    g = a["group_indices"]
    check(g[0] == 0 and g[-1] == n and np.all(np.diff(g) > 0),
          f"{split}: group_indices cover the puzzles")
    expected = {"seq_len": seq_len, "vocab_size": vocab, "pad_id": 0,
                "ignore_label_id": 0, "blank_identifier_id": 0,
                "num_puzzle_identifiers": 1, "total_groups": len(g) - 1,
                "mean_puzzle_examples": 1, "sets": ["all"]}
    for key, value in expected.items():
        check(meta.get(key) == value, f"{split}: dataset.json {key} == {value}")
    check(a["inputs"].max() < vocab and a["labels"].min() >= 1,
          f"{split}: tokens inside the vocabulary")
    return a


def valid_sudoku(grid):
    g = grid.reshape(9, 9)
    boxes = g.reshape(3, 3, 3, 3).transpose(0, 2, 1, 3).reshape(9, 9)
    digits = set(range(2, 11))
    return all(set(x) == digits for m in (g, g.T, boxes) for x in m)


def row_col_given_profile(inputs):
    givens = inputs.reshape(9, 9) != 1
    return sorted(givens.sum(1)), sorted(givens.sum(0))


with tempfile.TemporaryDirectory() as tmp:
    # --- generated Sudoku ---------------------------------------------------
    root = os.path.join(tmp, "sudoku")
    run("sudoku", "--out", root, "--train", "30", "--test", "10",
        "--num-aug", "3", "--seed", "5")
    with open(os.path.join(root, "identifiers.json")) as f:
        check(json.load(f) == ["<blank>"], "identifiers.json")
    for split, per_group in [("train", 4), ("test", 1)]:
        a = check_format(root, split, 81, 11)
        check(np.all(np.diff(a["group_indices"]) == per_group),
              f"{split}: {per_group} examples per group")
        for x, y in zip(a["inputs"], a["labels"]):
            check(valid_sudoku(y), f"{split}: label is a valid solution")
            check(np.all((x == 1) | (x == y)), f"{split}: givens match label")
        g = a["group_indices"]
        for start, end in zip(g[:-1], g[1:]):
            rows, cols = row_col_given_profile(a["inputs"][start])
            for k in range(start + 1, end):
                # Band/row/stack/column shuffles permute rows and columns,
                # transpose swaps them: the given-count profile survives.
                r, c = row_col_given_profile(a["inputs"][k])
                check((r, c) in [(rows, cols), (cols, rows)],
                      "augmented variant keeps the row/column givens profile")
                check(not np.array_equal(a["labels"][k], a["labels"][start]),
                      "augmented variant differs from the original")

    # --- imported CSV, in file order ------------------------------------------
    root = os.path.join(tmp, "csv")
    run("sudoku", "--out", root, "--from-csv", fixture, "--test-csv", fixture)
    a = check_format(root, "test", 81, 11)
    with open(fixture) as f:
        rows = [line.strip().split(",") for line in f.readlines()[1:]]
    for (source, question, answer, rating), x, y in zip(rows, a["inputs"],
                                                        a["labels"]):
        q = np.array([1 if ch == "." else int(ch) + 1 for ch in question])
        s = np.array([int(ch) + 1 for ch in answer])
        check(np.array_equal(x, q) and np.array_equal(y, s),
              f"CSV row {source} imported verbatim")

    # --- mazes ------------------------------------------------------------------
    root = os.path.join(tmp, "maze")
    run("maze", "--out", root, "--train", "2", "--test", "1")
    for split in ["train", "test"]:
        a = check_format(root, split, 900, 6)
        for x, y in zip(a["inputs"], a["labels"]):
            check((x == 3).sum() == 1 and (x == 4).sum() == 1,
                  "one start and one goal")
            off_path = y != 5
            check(np.array_equal(x[off_path], y[off_path]) and
                  np.all(x[~off_path] == 2), "label = input + path on open cells")
            check((y == 5).sum() >= 110, "the path is long")

print(f"OK: {checks} numpy checks passed")
