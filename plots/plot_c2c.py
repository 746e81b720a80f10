#!/usr/bin/python3
"""Core-to-core latency: per mode, a heatmap of the median one-way latency between every pair
of PUs with the topology's boundaries drawn (core, L3, package), and the pair latencies per
shared level, which shows the clusters and the pairs hwloc's topology does not explain."""

import sys

import numpy as np

import chart_cli
import style
from style import plt

DESCRIPTION = __doc__
ANNOTATE_MAX_PUS = 16  # write the figure in each cell up to this many PUs

# Levels tightest first (docs/results-format.md); a boundary between two neighbouring PUs is
# drawn with the style of the level they share: PUs of one core get no line.
LEVELS = ["pu", "core", "l2", "l3", "numa", "package", "machine"]
BOUNDARY = {  # shared level of the two PUs either side -> (line width, colour, what it separates)
    "l2": (0.5, "0.6", "core"),
    "l3": (0.5, "0.6", "core"),
    "numa": (1.4, "0.25", "L3 / NUMA node"),
    "package": (1.4, "0.25", "L3"),
    "machine": (2.6, "black", "package"),
}


def c2c_of(run):
    """The c2c object when it holds per-mode results, else None."""
    c2c = run.doc.get("c2c") if run.doc.get("kind") == "c2c" else None
    return c2c if isinstance(c2c, dict) and isinstance(c2c.get("by_mode"), dict) else None


def pair_levels(c2c):
    """{(a, b): shared_level} with a < b, from the pairs (any mode)."""
    return {(min(p["a"], p["b"]), max(p["a"], p["b"])): p["shared_level"] for p in c2c["pairs"]}


def boundaries(pus, levels):
    """[(position between i and i+1, shared level)] for neighbouring PUs on a boundary."""
    out = []
    for i in range(len(pus) - 1):
        level = levels.get((min(pus[i], pus[i + 1]), max(pus[i], pus[i + 1])))
        if level in BOUNDARY:
            out.append((i + 0.5, level))
    return out


def matrix(rows):
    return np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)


def draw_heatmap(run, c2c, mode, outdir):
    pus = c2c["pus"]
    m = matrix(c2c["by_mode"][mode]["matrix_ns_median"])
    if np.all(np.isnan(m)):
        return style.skip(f"core-to-core latency ({mode}) — {run.machine}", "no pair measured")
    n = len(pus)
    side = min(max(4.5, 0.32 * n + 2.5), 16)
    fig, ax = plt.subplots(figsize=(side + 1.2, side), dpi=style.DPI)
    image = ax.imshow(np.ma.masked_invalid(m), cmap="viridis", interpolation="nearest")
    ax.grid(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    bar.set_label("one-way latency, median (ns)")
    step = max(1, n // 32)  # keep tick labels readable on large machines
    ticks = list(range(0, n, step))
    ax.set_xticks(ticks)
    ax.set_yticks(ticks)
    ax.set_xticklabels([str(pus[i]) for i in ticks], rotation=90 if n > 16 else 0)
    ax.set_yticklabels([str(pus[i]) for i in ticks])
    ax.set_xlabel("PU (OS index, hwloc order)")
    ax.set_ylabel("PU")
    if n <= ANNOTATE_MAX_PUS:
        finite = m[np.isfinite(m)]
        middle = (finite.min() + finite.max()) / 2 if finite.size else 0
        for i in range(n):
            for j in range(n):
                if np.isfinite(m[i, j]):
                    ax.text(j, i, f"{m[i, j]:.0f}", ha="center", va="center", fontsize=7,
                            color="white" if m[i, j] < middle else "black")
    drawn = {}
    for pos, level in boundaries(pus, pair_levels(c2c)):
        width, color, label = BOUNDARY[level]
        ax.axhline(pos, color=color, linewidth=width)
        ax.axvline(pos, color=color, linewidth=width)
        drawn[label] = (width, color)
    if drawn:
        handles = [plt.Line2D([], [], color=c, linewidth=w) for w, c in drawn.values()]
        ax.legend(handles, [f"{label} boundary" for label in drawn], loc="upper left",
                  bbox_to_anchor=(1.25, 1.0), borderaxespad=0, fontsize=7)
    style.title(ax, f"core-to-core latency ({mode})", run.machine)
    return style.save(fig, outdir, f"c2c-{mode}-{run.tag}",
                      f"core-to-core latency ({mode}) — {run.machine}")


def draw_levels(run, c2c, mode, outdir):
    """Each pair's median as a dot, one row per shared level: clusters and outliers at a glance."""
    pairs = [p for p in c2c["pairs"] if p["mode"] == mode and p["status"] == "ok"]
    if len(pairs) < 2:
        return style.skip(f"pair latency by shared level ({mode}) — {run.machine}",
                          "fewer than two pairs measured: see the core-to-core table")
    flagged = {(min(a, b), max(a, b)) for f in c2c["by_mode"][mode].get("findings", [])
               for a, b in f["pairs"]}
    present = [lv for lv in LEVELS if any(p["shared_level"] == lv for p in pairs)]
    fig, ax = style.figure()
    for row, level in enumerate(present):
        xs = [p["one_way_ns_median"] for p in pairs if p["shared_level"] == level]
        odd = [(min(p["a"], p["b"]), max(p["a"], p["b"])) in flagged
               for p in pairs if p["shared_level"] == level]
        ys = row + (np.random.default_rng(row).random(len(xs)) - 0.5) * 0.3
        ax.scatter(xs, ys, s=14, color=style.color(row), alpha=0.8, linewidths=0)
        ringed = [(x, y) for x, y, o in zip(xs, ys, odd) if o]
        if ringed:
            ax.scatter(*zip(*ringed), s=60, facecolors="none", edgecolors="black", linewidths=1.2)
    for cluster in c2c["by_mode"][mode].get("clusters", []):
        ax.axvspan(cluster["min_ns"] * 0.98, cluster["max_ns"] * 1.02, color="0.85", alpha=0.5,
                   zorder=0)
    ax.set_yticks(range(len(present)))
    ax.set_yticklabels([f"share {lv}" for lv in present])
    ax.set_ylim(-0.6, len(present) - 0.4)
    style.auto_log(ax, [p["one_way_ns_median"] for p in pairs], axis="x")
    ax.set_xlabel("one-way latency, median (ns); grey bands: latency clusters"
                  + ("; ringed: not explained by hwloc's topology" if flagged else ""))
    style.title(ax, f"pair latency by shared level ({mode})", run.machine)
    return style.save(fig, outdir, f"c2c-levels-{mode}-{run.tag}",
                      f"pair latency by shared level ({mode}) — {run.machine}")


def draw_run(run, outdir):
    """[Chart] for a c2c results file (two per mode); [] for any other kind."""
    c2c = c2c_of(run)
    if c2c is None:
        return []
    charts = []
    for mode in c2c["by_mode"]:
        charts.append(draw_heatmap(run, c2c, mode, outdir))
        charts.append(draw_levels(run, c2c, mode, outdir))
    return [c for c in charts if c]


LEVEL_COLUMNS = ["mode", "shared level", "pairs", "median one-way ns", "pair medians (ns)"]


def level_rows(run):
    """Rows for the report's c2c table: per mode and shared level, the median latency."""
    c2c = c2c_of(run)
    if c2c is None:
        return []
    rows = []
    for mode, result in c2c["by_mode"].items():
        for level in LEVELS:
            s = result["by_level"].get(level)
            if s is not None:
                rows.append([mode, level, str(s["pairs"]), f"{s['median_ns']:.1f}",
                             f"{s['lowest_median_ns']:.1f}–{s['highest_median_ns']:.1f}"])
    return rows


def findings(run):
    """One line per latency cluster hwloc's topology does not explain, mode first."""
    c2c = c2c_of(run)
    if c2c is None:
        return []
    return [f"{mode}: {f['message']}" for mode, result in c2c["by_mode"].items()
            for f in result.get("findings", [])]


def findings_note(run):
    """The c2c section's closing sentence. contend also writes each finding into the run's
    warnings (as findings() words them), which the report lists already: point there."""
    found = findings(run)
    if not found:
        return "Every latency cluster matches hwloc's topology."
    return (f"{len(found)} latency cluster{'s' if len(found) > 1 else ''} not explained by "
            "hwloc's topology: see the warnings above.")


draw = chart_cli.per_run(draw_run)


def main(argv=None):
    return chart_cli.main(draw, DESCRIPTION, argv)


if __name__ == "__main__":
    sys.exit(main())
