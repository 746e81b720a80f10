#!/usr/bin/python3
"""Throughput (median ops/s, min/max error bars) vs threads, one chart per family,
one line per variant (workload + params)."""

import sys

import chart_cli
import results
from linechart import line_chart

DESCRIPTION = __doc__


def draw_run(run, outdir):
    charts = []
    for family in results.families(run):
        points = list(results.iter_points(run, family, include_failed=True))
        lines = [(label, "ops_per_sec", pts)
                 for label, pts in results.group_variants(points).items()]
        chart = line_chart(lines, what=f"{family}: throughput vs threads", machine=run.machine,
                           ylabel="throughput (ops/s, all threads)", y_from_zero=True,
                           stem=f"throughput-{family}-{run.tag}", outdir=outdir)
        charts.append(chart)
    return charts


draw = chart_cli.per_run(draw_run)


def main(argv=None):
    return chart_cli.main(draw, DESCRIPTION, argv)


if __name__ == "__main__":
    sys.exit(main())
