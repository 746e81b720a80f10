#!/usr/bin/python3
"""Sampled latency per family: p50, p99 and p99.9 of one operation, bars grouped by variant,
at the highest thread count sampled (where contention shows). The timer's resolution is
drawn as a floor: a percentile at or under it says "faster than the clock can tell", not
its value."""

import sys

import numpy as np

import chart_cli
import results
import style

DESCRIPTION = __doc__
PERCENTILES = [("latency_p50_ns", "p50"), ("latency_p99_ns", "p99"),
               ("latency_p999_ns", "p99.9")]
BAR_WIDTH = 0.26


def timer_resolution_ns(run):
    """context.timer.resolution_ns, or None when the file does not say."""
    value = (run.context.get("timer") or {}).get("resolution_ns")
    return value if isinstance(value, (int, float)) and value > 0 else None


def sampled(run, family):
    """Verified points of the family with sampled latencies, at the highest such thread count."""
    points = [p for p in results.iter_points(run, family)
              if results.median(p, PERCENTILES[0][0]) is not None]
    if not points:
        return [], None
    threads = max(p["threads"] for p in points)
    return [p for p in points if p["threads"] == threads], threads


def draw_floor(ax, floor, lowest):
    """Shade what the timer cannot resolve and say so in the legend."""
    ax.axhspan(min(lowest, floor) / 2, floor, color="0.88", zorder=0,
               label=f"under the timer's resolution ({floor:.3g} ns): not resolved")
    ax.axhline(floor, color="0.45", linestyle="--", linewidth=1)


def draw_part(run, family, threads, variants, outdir, stem, part_text):
    fig, ax = style.figure()
    values = []
    for i, (metric, name) in enumerate(PERCENTILES):
        heights = [results.median(points[0], metric) for points in variants.values()]
        xs = np.arange(len(variants)) + (i - 1) * BAR_WIDTH
        drawn = [(x, h) for x, h in zip(xs, heights) if h is not None]
        ax.bar([x for x, _ in drawn], [h for _, h in drawn], BAR_WIDTH * 0.95,
               color=style.color(i), label=name, zorder=2)
        values += [h for _, h in drawn]
    floor = timer_resolution_ns(run)
    if floor:
        draw_floor(ax, floor, min(values))
    ax.set_yscale("log")
    ax.set_ylim(bottom=min(values + [floor or values[0]]) / 2)
    ax.set_xticks(range(len(variants)))
    ax.set_xticklabels(list(variants), rotation=20, ha="right")
    ax.set_ylabel("latency of one operation (ns, sampled)")
    ax.grid(axis="x", visible=False)
    what = f"{family}: sampled latency at {results.threads_text(threads)}{part_text}"
    style.title(ax, what, run.machine, [p for pts in variants.values() for p in pts])
    ax.set_ylim(top=max(values) * 30)  # headroom for the legend above the tallest bar
    ax.legend(loc="upper left", fontsize=7, ncol=2)
    caption = ("Other thread counts: the p99 column of the points table."
               + ("" if floor else " The file does not record the timer's resolution."))
    return style.save(fig, outdir, stem, f"{what} — {run.machine}", caption)


def draw_family(run, family, outdir):
    points, threads = sampled(run, family)
    if not points:
        return []  # this family was not sampled: nothing to say
    variants = list(results.group_variants(points).items())
    chunks = [variants[i:i + style.MAX_SERIES] for i in range(0, len(variants),
                                                                style.MAX_SERIES)]
    stem = f"latency-{family}-{run.tag}"
    return [draw_part(run, family, threads, dict(chunk), outdir,
                      f"{stem}-{i + 1}" if len(chunks) > 1 else stem,
                      f" ({i + 1} of {len(chunks)})" if len(chunks) > 1 else "")
            for i, chunk in enumerate(chunks)]


def draw_run(run, outdir):
    return [chart for family in results.families(run) for chart in draw_family(run, family,
                                                                                outdir)]


draw = chart_cli.per_run(draw_run)


def main(argv=None):
    return chart_cli.main(draw, DESCRIPTION, argv)


if __name__ == "__main__":
    sys.exit(main())
