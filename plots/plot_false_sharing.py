#!/usr/bin/python3
"""False sharing: throughput vs the stride between per-thread counters (bytes, log2 axis),
one line per thread count and variant; the reported cache line size is marked."""

import sys

import chart_cli
import results
from linechart import line_chart

DESCRIPTION = __doc__
FAMILY = "false_sharing"


def stride_of(point):
    return point["params"]["stride"]


def draw_run(run, outdir):
    points = [p for p in results.iter_points(run, FAMILY, include_failed=True)
              if isinstance(p["params"].get("stride"), (int, float))]
    points.sort(key=lambda p: p["threads"])
    variants = results.group_variants(points, exclude=("stride",))
    lines = [(label, "ops_per_sec", pts) for label, pts in variants.items()]
    line_bytes = run.context["cpu"]["cache_line_bytes"]

    def mark_line(ax):
        ax.axvline(line_bytes, color="gray", linestyle=":", linewidth=1,
                   label=f"cache line reported by the system ({line_bytes} B)")

    chart = line_chart(lines, what=f"{FAMILY}: throughput vs counter stride", machine=run.machine,
                       ylabel="throughput (ops/s, all threads)",
                       xlabel="stride between counters (bytes)",
                       x_of=stride_of, x_log2=True, y_from_zero=True, annotate=mark_line,
                       stem=f"false_sharing-{run.tag}", outdir=outdir)
    return [chart]


draw = chart_cli.per_run(draw_run)


def main(argv=None):
    return chart_cli.main(draw, DESCRIPTION, argv)


if __name__ == "__main__":
    sys.exit(main())
