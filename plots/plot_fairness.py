#!/usr/bin/python3
"""Fairness: each thread's share of the operations in the median repetition, scaled so
1.0 is a fair share; one chart per family at its highest thread count (where unfairness
shows; Jain's index at every count is in the report's points table), one bar group per
point, Jain's index above each group."""

import sys

import numpy as np

import chart_cli
import results
import style

DESCRIPTION = __doc__
GROUP_WIDTH = 0.8


def bars(ax, slot, point, color):
    """One point's bar group at x = slot; returns the tallest bar."""
    if results.is_failed(point):
        ax.text(slot, 0.05, "failed", ha="center", va="bottom", rotation=90, color="firebrick")
        return 0.0
    shares = np.array(results.thread_shares(point)) * point["threads"]
    width = GROUP_WIDTH / max(len(shares), 1)
    xs = slot - GROUP_WIDTH / 2 + width * (np.arange(len(shares)) + 0.5)
    hollow = point["noisy"]
    ax.bar(xs, shares, width=width * 0.9, color="white" if hollow else color,
           edgecolor=color, hatch="//" if hollow else None, linewidth=0.6)
    jain = results.median(point, "jain_index")
    top = float(shares.max()) if len(shares) else 0.0
    if jain is not None:
        ax.text(slot, top * 1.02, f"J={jain:.3f}", ha="center", va="bottom", fontsize=7)
    return top


def draw_part(run, family, threads, variants, points, outdir, index, names):
    """One chart of at most style.MAX_SERIES variants; points: all, for the title."""
    fig, ax = style.figure()
    top = 1.0
    for slot, (label, pts) in enumerate(variants.items()):
        top = max(top, bars(ax, slot, pts[0], style.color(slot)))
    ax.axhline(1.0, color="gray", linestyle=":", linewidth=1)
    ax.set_xticks(range(len(variants)))
    ax.set_xlim(-0.5, len(variants) - 0.5)
    ax.set_xticklabels(list(variants), rotation=20, ha="right")
    ax.set_ylim(0, top * 1.15)
    ax.set_ylabel("thread's share of ops × threads (1 = fair)")
    ax.set_xlabel("variant (one bar per thread, thread order; hatched = noisy)")
    what = (f"{family}: per-thread share of operations, {threads} threads"
            f"{style.part_suffix(index, len(names))}")
    style.title(ax, what, run.machine, points)
    return style.save(fig, outdir,
                      style.part_stem(f"fairness-{family}-{threads}t-{run.tag}", index,
                                      len(names)),
                      f"{what} — {run.machine}", style.part_caption(index, names))


def draw_family(run, family, threads, points, outdir):
    if not any(results.thread_shares(p) for p in points if not results.is_failed(p)):
        return [style.skip(f"{family} fairness, {threads} threads — {run.machine}",
                           "no per-thread data")]
    parts = style.parts_of(list(results.group_variants(points).items()))
    names = [[label for label, _ in part] for part in parts]
    return [draw_part(run, family, threads, dict(part), points, outdir, i, names)
            for i, part in enumerate(parts)]


def draw_run(run, outdir):
    charts = []
    for family in results.families(run):
        points = list(results.iter_points(run, family, include_failed=True))
        threads = max(p["threads"] for p in points)
        if threads >= 2:
            charts += draw_family(run, family, threads,
                                  [p for p in points if p["threads"] == threads], outdir)
    return charts


draw = chart_cli.per_run(draw_run)


def main(argv=None):
    return chart_cli.main(draw, DESCRIPTION, argv)


if __name__ == "__main__":
    sys.exit(main())
