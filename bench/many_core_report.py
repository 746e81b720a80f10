#!/usr/bin/env python3
"""Reads what bench/many_core_check.sh wrote and prints the figures, one section per check.

    bench/many_core_report.py OUT_DIR

A report of measurements to quote with the machine named, not a test: nothing is asserted.
"""
import json
import re
import statistics
import sys
from pathlib import Path


def load(path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as e:
        return {"error": str(e)}


def log_figures(log, name):
    """{'rc': '130', 'stop_s': '0.063'} from a line 'name rc=130 stop_s=0.063'."""
    for line in log.splitlines():
        if line.startswith(name + " "):
            return dict(re.findall(r"(\w+)=([^\s]+)", line))
    return {}


def machine(out):
    doc = load(out / "long_cs.json")
    cpu = doc.get("context", {}).get("cpu", {})
    return (f"{cpu.get('model', '?')}, {cpu.get('arch', '?')}, {cpu.get('packages', '?')} "
            f"package(s), {cpu.get('numa_nodes', '?')} NUMA node(s), {cpu.get('cores', '?')} "
            f"cores, {cpu.get('pus', '?')} PUs, SMT {'on' if cpu.get('smt') else 'off'}; "
            f"hypervisor {doc.get('context', {}).get('os', {}).get('hypervisor')}")


def long_critical_sections(out, log):
    doc = load(out / "long_cs.json")
    point = doc["points"][0]
    lengths = [r["duration_s"] for r in point["repetitions"]]
    spreads = [r.get("stop_spread_s", 0) for r in point["repetitions"]]
    print(f"std_mutex critical_ns=1000000, {point['threads']} threads, "
          f"{point['duration_s'] * 1e3:.0f} ms x {len(lengths)}:")
    print(f"  repetition lengths {min(lengths):.3f}-{max(lengths):.3f} s = "
          f"{max(lengths) / point['duration_s']:.2f}x the duration at most (limit 1.5x)")
    print(f"  batch {point['batching']['batch_ops']} op(s), stop timeout "
          f"{point['batching']['stop_timeout_s']:.1f} s, stop spread up to "
          f"{max(spreads) * 1e3:.1f} ms; warnings: "
          f"{', '.join(w['code'] for w in point['warnings']) or 'none'}")
    sig = log_figures(log, "long_cs_sigterm")
    kept = load(out / "long_cs_sigterm.json")
    reps = sum(len(p["repetitions"]) for p in kept.get("points", []))
    print(f"  SIGTERM 2.5 s into a 30 x 1 s run: exit {sig.get('rc')} after "
          f"{sig.get('stop_s')} s (limit 0.5 s); the file says interrupted="
          f"{kept.get('run', {}).get('interrupted')}, {reps} full repetitions kept")


def pair_medians(doc):
    return {(min(p["a"], p["b"]), max(p["a"], p["b"])): p["one_way_ns_median"]
            for p in doc["c2c"]["pairs"] if p["status"] == "ok"}


def c2c(out, log):
    sig = log_figures(log, "c2c_sigterm")
    kept = load(out / "c2c_sigterm.json")
    pairs = len(kept.get("c2c", {}).get("pairs", []))
    print(f"c2c --samples 2000 --round-trips 100000, SIGTERM at 0.3 s: exit {sig.get('rc')} "
          f"after {sig.get('stop_s')} s (limit 1 s); {pairs} completed pairs in a file marked "
          f"interrupted={kept.get('run', {}).get('interrupted')}")
    print(f"c2c --round-trips 1073741824 --samples 100000: exit "
          f"{log_figures(log, 'c2c_absurd').get('rc')} (refused)")
    runs = {}
    for mode in ("default", "serial"):
        for path in sorted(out.glob(f"c2c_{mode}_*.json")):
            doc = load(path)
            runs.setdefault(mode, []).append(doc)
            wall = log_figures(log, f"c2c_{mode} round {path.stem[-1]}").get("wall_s")
            medians = list(pair_medians(doc).values())
            extra = {k: doc["c2c"][k] for k in ("schedule", "rounds") if k in doc["c2c"]}
            print(f"  {path.name}: {len(medians)} pairs, median of pair medians "
                  f"{statistics.median(medians):.1f} ns, {extra}, wall {wall} s")
    if "default" in runs and "serial" in runs:
        ratios = []
        for d, s in zip(runs["default"], runs["serial"]):
            dm, sm = pair_medians(d), pair_medians(s)
            ratios += [dm[k] / sm[k] for k in dm if k in sm and sm[k] > 0]
        overall = (statistics.median([statistics.median(pair_medians(d).values())
                                      for d in runs["default"]]) /
                   statistics.median([statistics.median(pair_medians(s).values())
                                      for s in runs["serial"]]))
        ratios.sort()
        print(f"  default / serial: median of pair medians {overall:.3f} (limit within 15%); "
              f"per pair: median {statistics.median(ratios):.3f}, 10th-90th percentile "
              f"{ratios[len(ratios) // 10]:.3f}-{ratios[len(ratios) * 9 // 10]:.3f}")


def fidelity(out):
    minimal = {}
    for line in (out / "fidelity.txt").read_text().splitlines():
        _, case, threads, rnd, payload = line.split(" ", 4)
        minimal[(case, int(threads), int(rnd))] = json.loads(payload)["ops_per_sec"]
    cases = sorted({k[0] for k in minimal}, key=["atomic_add", "cas_add", "stride:8",
                                                  "stride:64"].index)
    counts = sorted({k[1] for k in minimal})
    print("contend / minimal loop, ops/s, median over 3 interleaved rounds of 200 ms "
          "(contend Mops/s in brackets):")
    print("  threads  " + "  ".join(f"{c:>20}" for c in cases))
    for n in counts:
        cells = []
        for case in cases:
            ratios, rates = [], []
            for rnd in (1, 2, 3):
                doc = load(out / f"fid_{case.replace(':', '_')}_{n}_{rnd}.json")
                try:
                    rate = doc["points"][0]["summary"]["ops_per_sec"]["median"]
                except (KeyError, IndexError):
                    continue
                ratios.append(rate / minimal[(case, n, rnd)])
                rates.append(rate / 1e6)
            cells.append(f"{statistics.median(ratios):.3f} ({statistics.median(rates):7.1f})"
                         if ratios else "-")
        print(f"  {n:>7}  " + "  ".join(f"{c:>20}" for c in cells))


def homes(out):
    doc = load(out / "homes.json")
    for point in doc.get("points", []):
        state = point.get("shared_state", {})
        rate = point["summary"].get("ops_per_sec", {}).get("median", 0) / 1e6
        print(f"  home {state.get('home'):<10} pages on nodes {state.get('nodes')}, "
              f"{state.get('bytes')} bytes, {rate:.1f} Mops/s, status {point['status']}"
              f"{', error: ' + point['error'] if point.get('error') else ''}")


def main():
    out = Path(sys.argv[1])
    log = (out / "check.log").read_text()
    print(f"Machine: {machine(out)}\n")
    long_critical_sections(out, log)
    print()
    c2c(out, log)
    print()
    fidelity(out)
    print("\nMemory home, atomic_add at 2 threads:")
    homes(out)


if __name__ == "__main__":
    main()
