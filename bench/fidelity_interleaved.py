#!/usr/bin/env python3
"""Contended fidelity: contend against an independent minimal time-bounded loop (bench/minimal_loop.cpp),
interleaved on the same PUs, so drift on a shared machine hits both alike.

    bench/fidelity_interleaved.py BUILD_DIR [--pus 0,1] [--rounds 3] [--ms 300] [--batch 64]

For each round and case, runs the minimal loop twice, then `contend run` on the same PUs for one
repetition of the same length, and prints ops/s of each and the ratios contend / minimal; the
last table gives the median ratios over the rounds. The minimal loop runs two ways, because
where a time-bounded loop loads its stop flag changes what a cheap contended atomic measures:
'per-op' loads it after every operation (the smallest loop), 'batched' after every --batch
operations (a fixed, independent choice, not contend's batch size), as a batched harness does.
A timing claim: run it on a quiet machine, never as a test.
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


def minimal(build, case, pus, ms, check_every=1):
    out = subprocess.run([os.path.join(build, "minimal_loop"), case, pus, str(ms),
                          str(check_every)],
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
    parser.add_argument("--batch", type=int, default=64,
                        help="operations between stop-flag loads in the batched minimal loop")
    a = parser.parse_args()
    if a.batch < 1:
        parser.error("--batch: expected a positive integer")
    ratios = {label: ([], []) for label, _, _ in CASES}  # (vs per-op, vs batched)
    print(f"PUs {a.pus}, {a.ms} ms windows, {a.rounds} interleaved rounds")
    print(f"Mops/s of the minimal loop checking its stop flag after every operation (per-op) and "
          f"after every {a.batch} (batched), of contend, and contend / each")
    print(f"{'round':>5}  {'case':<24} {'per-op':>8} {'batched':>8} {'contend':>8} "
          f"{'/per-op':>8} {'/batched':>8}  per-thread ops (per-op | batched | contend)")
    for r in range(1, a.rounds + 1):
        for label, case, args in CASES:
            m1 = minimal(a.build, case, a.pus, a.ms)
            mb = minimal(a.build, case, a.pus, a.ms, a.batch)
            c = contend(a.build, args, a.pus, a.ms)
            r1, rb = c["ops_per_sec"] / m1["ops_per_sec"], c["ops_per_sec"] / mb["ops_per_sec"]
            ratios[label][0].append(r1)
            ratios[label][1].append(rb)
            print(f"{r:>5}  {label:<24} {m1['ops_per_sec'] / 1e6:>8.1f} "
                  f"{mb['ops_per_sec'] / 1e6:>8.1f} {c['ops_per_sec'] / 1e6:>8.1f} "
                  f"{r1:>8.3f} {rb:>8.3f}  "
                  f"{m1['thread_ops']} | {mb['thread_ops']} | {c['thread_ops']}", flush=True)
    print(f"\nmedian ratio contend / minimal over the rounds (min-max), minimal per-op and "
          f"batched every {a.batch}:")
    for label, (per_op, batched) in ratios.items():
        print(f"  {label:<24} per-op {statistics.median(per_op):.3f} "
              f"({min(per_op):.3f}-{max(per_op):.3f})   batched {statistics.median(batched):.3f} "
              f"({min(batched):.3f}-{max(batched):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
