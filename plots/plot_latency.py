#!/usr/bin/python3
"""ns/op vs threads per family (one line per variant), and, where the run sampled
latencies, p50/p90/p99/p99.9 vs threads per variant."""

import sys

import chart_cli
import results
from linechart import line_chart

DESCRIPTION = __doc__
PERCENTILES = [("latency_p50_ns", "p50"), ("latency_p90_ns", "p90"),
               ("latency_p99_ns", "p99"), ("latency_p999_ns", "p99.9")]


def draw_run(run, outdir):
    charts = []
    for family in results.families(run):
        points = list(results.iter_points(run, family, include_failed=True))
        variants = results.group_variants(points)
        lines = [(label, "ns_per_op", pts) for label, pts in variants.items()]
        charts.append(line_chart(
            lines, what=f"{family}: time per operation vs threads", machine=run.machine,
            ylabel="time per op, per thread (ns)", y_from_zero=True,
            stem=f"ns_per_op-{family}-{run.tag}", outdir=outdir))
        for label, pts in variants.items():
            if not any(results.median(p, PERCENTILES[0][0]) is not None for p in pts):
                continue  # this variant was not sampled
            lines = [(name, metric, pts) for metric, name in PERCENTILES]
            lines.append(("mean (ns/op)", "ns_per_op", pts))
            charts.append(line_chart(
                lines, what=f"{family} / {label}: sampled latency vs threads",
                machine=run.machine, ylabel="latency of one operation (ns)",
                stem=f"latency-{family}-{results.slug(label)}-{run.tag}", outdir=outdir))
    return charts


draw = chart_cli.per_run(draw_run)


def main(argv=None):
    return chart_cli.main(draw, DESCRIPTION, argv)


if __name__ == "__main__":
    sys.exit(main())
