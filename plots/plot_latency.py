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
    ax.axhspan(lowest / 2, floor, color="0.88", zorder=0,
               label=f"under the timer's resolution ({floor:.3g} ns): not resolved")
    ax.axhline(floor, color="0.45", linestyle="--", linewidth=1)


def draw_part(run, family, threads, variants, outdir, stem, part_text, part_caption):
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
    # A log axis has no 0: a percentile measured as 0 (overhead subtracted) shows as no bar,
    # inside the shaded floor that says why.
    lowest = min([v for v in values if v > 0] + ([floor] if floor else []), default=1.0)
    if floor:
        draw_floor(ax, floor, lowest)
    ax.set_yscale("log")
    ax.set_ylim(bottom=lowest / 2)
    ax.set_xticks(range(len(variants)))
    ax.set_xticklabels(list(variants), rotation=20, ha="right")
    ax.set_ylabel("latency of one operation (ns, sampled)")
    ax.grid(axis="x", visible=False)
    what = f"{family}: sampled latency at {results.threads_text(threads)}{part_text}"
    style.title(ax, what, run.machine, [p for pts in variants.values() for p in pts])
    ax.set_ylim(top=max(values) * 30)  # headroom for the legend above the tallest bar
    ax.legend(loc="upper left", fontsize=7, ncol=2)
    caption = " ".join(filter(None, [
        part_caption, "Other thread counts: the p99 column of the points table.",
        "" if floor else "The file does not record the timer's resolution."]))
    return style.save(fig, outdir, stem, f"{what} — {run.machine}", caption)


def draw_family(run, family, outdir):
    points, threads = sampled(run, family)
    if not points:
        return []  # this family was not sampled: nothing to say
    if not any(results.median(p, metric) for p in points for metric, _ in PERCENTILES):
        return [style.skip(f"{family}: sampled latency — {run.machine}", "every value is 0",
                           f"latency-{family}-{run.tag}")]
    parts = style.parts_of(list(results.group_variants(points).items()))
    names = [[label for label, _ in part] for part in parts]
    stem = f"latency-{family}-{run.tag}"
    return [draw_part(run, family, threads, dict(part), outdir,
                      style.part_stem(stem, i, len(parts)), style.part_suffix(i, len(parts)),
                      style.part_caption(i, names))
            for i, part in enumerate(parts)]


def draw_run(run, outdir):
    return [chart for family in results.families(run) for chart in draw_family(run, family,
                                                                                outdir)]


draw = chart_cli.per_run(draw_run)


def main(argv=None):
    return chart_cli.main(draw, DESCRIPTION, argv)


if __name__ == "__main__":
    sys.exit(main())
