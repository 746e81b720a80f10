#!/usr/bin/env python3
"""Summarizes bench/contended_fidelity.sh's lines (stdin or a file): per case and thread count,
contend / minimal loop as the median over rounds of (median of contend's repetitions) / (the
minimal loop's figure in the same round), with latency sampling on and off, and the range of
each tool's figures (Mops/s) over all rounds and repetitions.

    bench/contended_fidelity.sh build 5 300 atomic_add,stride:8 2,8 | bench/contended_fidelity.py
"""
import fileinput
import json
import statistics
from collections import defaultdict


def main():
    minimal = {}
    contend = defaultdict(dict)  # variant -> (case, threads, round) -> [ops/s per repetition]
    for line in fileinput.input():
        tool, case, threads, rnd, payload = line.strip().split(" ", 4)
        key = (case, int(threads), int(rnd))
        if tool == "minimal":
            minimal[key] = json.loads(payload)["ops_per_sec"]
        elif payload:
            contend[tool.removeprefix("contend_")][key] = [float(x) for x in payload.split(",")]
    groups = sorted({(c, t) for c, t, _ in minimal})
    variants = sorted(contend)
    print(f"{'case':<12} {'threads':>7}  " +
          "  ".join(f"{'contend ' + v + ' / minimal':>28}" for v in variants) +
          f"  {'minimal Mops/s':>16}  " + "  ".join(f"{v + ' Mops/s':>18}" for v in variants))
    for case, threads in groups:
        rounds = sorted(r for c, t, r in minimal if (c, t) == (case, threads))
        cells, ranges = [], []
        for v in variants:
            ratios = [statistics.median(contend[v][(case, threads, r)]) / minimal[(case, threads, r)]
                      for r in rounds if (case, threads, r) in contend[v]]
            cells.append(f"{statistics.median(ratios):.3f} ({min(ratios):.3f}-{max(ratios):.3f})"
                         if ratios else "-")
            values = [x / 1e6 for r in rounds for x in contend[v].get((case, threads, r), [])]
            ranges.append(f"{min(values):.1f}-{max(values):.1f}" if values else "-")
        mins = [minimal[(case, threads, r)] / 1e6 for r in rounds]
        print(f"{case:<12} {threads:>7}  " + "  ".join(f"{c:>28}" for c in cells) +
              f"  {min(mins):>7.1f}-{max(mins):<8.1f}  " + "  ".join(f"{x:>18}" for x in ranges))


if __name__ == "__main__":
    main()
