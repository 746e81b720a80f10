#!/usr/bin/python3
"""Throughput (median ops/s, min/max error bars) vs threads, one chart per family, one line
per variant (workload + params); bars where the family ran at one thread count. The
false_sharing family is drawn against its stride instead (plot_false_sharing.py)."""

import sys

import chart_cli
import results
from linechart import Line, line_charts

DESCRIPTION = __doc__
METRIC = "ops_per_sec"


def draw_run(run, outdir):
    charts = []
    for family in results.families(run):
        if family == "false_sharing":
            continue
        points = list(results.iter_points(run, family, include_failed=True))
        lines = [Line(label, METRIC, pts) for label, pts in results.group_variants(points).items()]
        charts += line_charts(lines, what=f"{family}: throughput", machine=run.machine,
                              ylabel="throughput (ops/s, all threads)", y_from_zero=True,
                              stem=f"throughput-{family}-{run.tag}", outdir=outdir)
    return charts


draw = chart_cli.per_run(draw_run)


def main(argv=None):
    return chart_cli.main(draw, DESCRIPTION, argv)


if __name__ == "__main__":
    sys.exit(main())
