#!/usr/bin/python3
"""False sharing: throughput vs the stride between per-thread counters (bytes, log2 axis),
one line per thread count and variant; the reported cache line size is marked."""

import sys

import chart_cli
import results
from linechart import Line, line_charts

DESCRIPTION = __doc__
FAMILY = "false_sharing"


def stride_of(point):
    return point["params"]["stride"]


def stride_text(stride):
    return f"stride {stride} B"


def stride_points(run):
    """The family's points that have a numeric stride, fewest threads first."""
    points = [p for p in results.iter_points(run, FAMILY, include_failed=True)
              if isinstance(p["params"].get("stride"), (int, float))]
    return sorted(points, key=lambda p: p["threads"])


def draw_run(run, outdir):
    points = stride_points(run)
    if not points:
        return []  # no false_sharing run in this file: nothing to say
    variants = results.group_variants(points, exclude=("stride",))
    lines = [Line(label, "ops_per_sec", pts) for label, pts in variants.items()]
    line_bytes = run.context["cpu"]["cache_line_bytes"]
    return line_charts(lines, what=f"{FAMILY}: throughput", machine=run.machine,
                       ylabel="throughput (ops/s, all threads)",
                       xlabel="stride between counters (bytes)", x_of=stride_of,
                       x_text=stride_text, x_log2=True, y_from_zero=True,
                       x_reference=(line_bytes, f"cache line reported ({line_bytes} B)"),
                       stem=f"false_sharing-{run.tag}", outdir=outdir)


draw = chart_cli.per_run(draw_run)


def main(argv=None):
    return chart_cli.main(draw, DESCRIPTION, argv)


if __name__ == "__main__":
    sys.exit(main())
