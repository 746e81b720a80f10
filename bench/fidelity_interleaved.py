#!/usr/bin/env python3
"""Contended fidelity: contend against an independent minimal time-bounded loop (bench/minimal_loop.cpp),
interleaved on the same PUs, so drift on a shared machine hits both alike.

    bench/fidelity_interleaved.py BUILD_DIR [--pus 0,1] [--rounds 3] [--ms 300]

For each round and case, runs the minimal loop, then `contend run` on the same PUs for one
repetition of the same length, and prints ops/s of each and their ratio (contend / minimal);
the last table gives the median ratio over the rounds. A timing claim: run it on a quiet
machine, never as a test.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

CASES = [  # (label, minimal_loop case, contend arguments)
    ("atomic_add", "atomic_add", ["--workload", "atomic_add"]),
    ("cas_add", "cas_add", ["--workload", "cas_add"]),
    ("false_sharing stride=8", "stride:8", ["--workload", "false_sharing", "--param", "stride=8"]),
    ("false_sharing stride=64", "stride:64", ["--workload", "false_sharing", "--param", "stride=64"]),
    ("mutex", "mutex", ["--workload", "mutex"]),
]


def minimal(build, case, pus, ms):
    out = subprocess.run([os.path.join(build, "minimal_loop"), case, pus, str(ms)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def contend(build, args, pus, ms):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "r.json")
        subprocess.run([os.path.join(build, "contend"), "run", *args, "--threads",
                        str(len(pus.split(","))), "--placement", pus, "--duration", f"{ms}ms",
                        "--warmup", "20ms", "--repetitions", "1", "--out", path],
                       check=True, capture_output=True, text=True)
        with open(path) as f:
            point = json.load(f)["points"][0]
    rep = point["repetitions"][0]
    threads = sorted(rep["threads"], key=lambda t: t["thread"])
    return {"ops_per_sec": rep["metrics"]["ops_per_sec"], "thread_ops": [t["ops"] for t in threads]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build")
    parser.add_argument("--pus", default="0,1")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ms", type=int, default=300)
    a = parser.parse_args()
    ratios = {label: [] for label, _, _ in CASES}
    print(f"PUs {a.pus}, {a.ms} ms windows, {a.rounds} interleaved rounds")
    print(f"{'round':>5}  {'case':<24} {'minimal Mops/s':>14} {'contend Mops/s':>14} {'ratio':>6}"
          f"  per-thread ops (minimal | contend)")
    for r in range(1, a.rounds + 1):
        for label, case, args in CASES:
            m = minimal(a.build, case, a.pus, a.ms)
            c = contend(a.build, args, a.pus, a.ms)
            ratio = c["ops_per_sec"] / m["ops_per_sec"]
            ratios[label].append(ratio)
            print(f"{r:>5}  {label:<24} {m['ops_per_sec'] / 1e6:>14.1f} "
                  f"{c['ops_per_sec'] / 1e6:>14.1f} {ratio:>6.3f}  "
                  f"{m['thread_ops']} | {c['thread_ops']}", flush=True)
    print("\nmedian ratio contend / minimal over the rounds:")
    for label, values in ratios.items():
        print(f"  {label:<24} {statistics.median(values):.3f}  (min {min(values):.3f}, "
              f"max {max(values):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
