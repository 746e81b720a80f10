#!/usr/bin/env python3
"""The table scripts/crosscheck prints: contend against Google Benchmark, figure by figure.

Reads ROUND-NAME.contend.json and ROUND-NAME.gbench.json from one directory (what
scripts/crosscheck writes) and prints, per figure, medians over rounds of contend's ns/op, its
MdAPE, Google Benchmark's ns/op and their ratio (the median of each round's ratio). For
multi-thread figures it adds contend's fastest thread and, from bench/crosscheck.cpp's counters,
how unevenly Google Benchmark's threads finished: see scripts/crosscheck --help for why.
"""
import glob
import json
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plots"))
import results  # noqa: E402  (plots/results.py: the validating loader)

ORDER = ["atomic_add 1T", "cas_add 1T", "mutex 1T", "atomic_add 2T", "cas_add 2T", "mutex 2T",
         "padded 2T", "packed 2T"]


def fastest_thread(point):
    """(ns/op of the thread with most operations, its share of all), medians of repetitions."""
    ns, share = [], []
    for rep in point["repetitions"]:
        ops = [t["ops"] for t in rep["threads"]]
        if max(ops, default=0) > 0:
            ns.append(rep["duration_s"] * 1e9 / max(ops))
            share.append(max(ops) / sum(ops))
    return (statistics.median(ns), statistics.median(share)) if ns else None


def gbench_ns_per_op(path):
    """{threads: (ns/op of one thread, first_finish_frac, alone_frac)} from a Google Benchmark
    JSON report's median aggregates; the fractions are None where not reported (1 thread)."""
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    rows = [b for b in report["benchmarks"] if b.get("aggregate_name") == "median"]
    if not rows:  # one repetition: Google Benchmark writes no aggregates, only the run itself
        rows = [b for b in report["benchmarks"] if b.get("run_type") == "iteration"]
    return {b["threads"]: (b["threads"] / b["items_per_second"] * 1e9,
                           b.get("first_finish_frac"), b.get("alone_frac"))
            for b in rows}


def collect(directory):
    """{figure label: list of per-round samples}, plus the first contend document.

    A failed point (or a figure Google Benchmark did not report) adds no sample; the table says
    how many rounds each figure's medians rest on when that is fewer than all.
    """
    samples = {}
    first = None
    for path in sorted(glob.glob(os.path.join(directory, "*.contend.json"))):
        stem = os.path.basename(path)[:-len(".contend.json")]
        name = stem.split("-", 1)[1]
        doc = results.load(path).doc
        first = first or doc
        gbench = gbench_ns_per_op(os.path.join(directory, f"{stem}.gbench.json"))
        for point in doc["points"]:
            threads = point["threads"]
            sample = samples.setdefault(f"{name} {threads}T", [])
            ns = results.stat(point, "ns_per_op")
            if ns is None or threads not in gbench:
                continue
            gb_ns, first_finish, alone = gbench[threads]
            sample.append({"ns": ns["median"], "mdape": ns["mdape_pct"], "gbench": gb_ns,
                           "fastest": fastest_thread(point) if threads > 1 else None,
                           "finish": (first_finish, alone) if alone is not None else None})
    return samples, first


def table(samples):
    """The rows, in the order the issue lists the figures; one line of text each."""
    all_rounds = max((len(r) for r in samples.values()), default=0)
    lines = [f"{'figure':<16}{'contend ns/op':>14}{'MdAPE %':>9}{'gbench ns/op':>14}{'ratio':>8}"
             f"{'fastest ns/op':>15}{'share':>7}{'ratio':>8}{'1st fin':>9}{'alone':>7}"]
    for label in sorted(samples, key=lambda l: (ORDER.index(l) if l in ORDER else len(ORDER), l)):
        rounds = samples[label]
        if not rounds:
            lines.append(f"{label:<16}{'failed or missing':>45}")
            continue

        def med(key):
            return statistics.median(r[key] for r in rounds)

        ratio = statistics.median(r["ns"] / r["gbench"] for r in rounds)
        line = f"{label:<16}{med('ns'):>14.2f}{med('mdape'):>9.2f}{med('gbench'):>14.2f}{ratio:>8.3f}"
        fastest = [r for r in rounds if r["fastest"]]
        if fastest:
            ns = statistics.median(r["fastest"][0] for r in fastest)
            share = statistics.median(r["fastest"][1] for r in fastest)
            fastest_ratio = statistics.median(r["fastest"][0] / r["gbench"] for r in fastest)
            line += f"{ns:>15.2f}{share:>7.2f}{fastest_ratio:>8.3f}"
            finish = [r["finish"] for r in rounds if r["finish"]]
            if finish:
                line += (f"{statistics.median(f[0] for f in finish):>9.2f}"
                         f"{statistics.median(f[1] for f in finish):>7.2f}")
        if len(rounds) < all_rounds:
            line += f"  ({len(rounds)} of {all_rounds} rounds: the others failed)"
        lines.append(line)
    return lines


def main(directory):
    try:
        samples, doc = collect(directory)
    except results.ResultsError as e:
        print(f"crosscheck_table.py: {e}", file=sys.stderr)
        return 2
    if not samples:
        print(f"crosscheck_table.py: no *.contend.json in {directory}", file=sys.stderr)
        return 1
    rounds = max(len(s) for s in samples.values())
    print(f"medians over {rounds} round(s)")
    print("\n".join(table(samples)))
    print("\n'fastest': contend's fastest thread, the figure Google Benchmark's fixed per-thread "
          "iterations report (see scripts/crosscheck --help)")
    print("'1st fin', 'alone': Google Benchmark's threads, over the span from the first start to "
          "the last finish: when the first thread finished, and the part in which one ran alone")
    # Schema 2 warnings are {code, text, figures}; schema 1 ones were plain strings.
    texts = [w["text"] if isinstance(w, dict) else w for w in doc.get("warnings", [])]
    for text in sorted(texts):
        print(f"contend warning: {text}")
    harness = doc["context"].get("harness", {})
    if "empty_ns_per_op" in harness:
        print(f"\ncontend harness overhead: {harness['empty_ns_per_op']:.3f} ns/op "
              f"(sampling adds {harness['sampling_overhead_ns_per_op']:.3f})")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: crosscheck_table.py DIR", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
