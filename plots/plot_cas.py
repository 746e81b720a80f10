#!/usr/bin/python3
"""CAS attempts per success vs threads: cas_attempts_per_op, or cas_attempts_per_admission
for the cas_limiter family; one chart per family that has the metric."""

import sys

import chart_cli
import results
from linechart import Line, line_charts

DESCRIPTION = __doc__


def metric_for(family):
    return "cas_attempts_per_admission" if family == "cas_limiter" else "cas_attempts_per_op"


def draw_run(run, outdir):
    charts = []
    for family in results.families(run):
        metric = metric_for(family)
        points = [p for p in results.iter_points(run, family, include_failed=True)
                  if results.is_failed(p) or metric in p["summary"]]
        if not any(not results.is_failed(p) for p in points):
            continue  # family without CAS loops: nothing to say, no note
        lines = [Line(label, metric, pts) for label, pts in results.group_variants(points).items()]
        unit = "admission" if family == "cas_limiter" else "successful op"
        charts += line_charts(lines, what=f"{family}: CAS attempts per success",
                              machine=run.machine, ylabel=f"CAS attempts per {unit}",
                              y_reference=(1.0, "1 = no retries"),
                              stem=f"cas-{family}-{run.tag}", outdir=outdir)
    return charts


draw = chart_cli.per_run(draw_run)


def main(argv=None):
    return chart_cli.main(draw, DESCRIPTION, argv)


if __name__ == "__main__":
    sys.exit(main())
