#!/usr/bin/python3
"""Overlay several results files (machines) on one throughput-vs-threads chart per family:
colour = variant, line style = machine, each line labelled with the CPU model and host."""

import sys

import chart_cli
import results
import style
from linechart import line_chart

DESCRIPTION = __doc__


def run_labels(runs):
    """Machine label per run; the file name is added where two runs share a machine."""
    labels = [run.machine for run in runs]
    return [f"{label} [{run.path.stem}]" if labels.count(label) > 1 else label
            for label, run in zip(labels, runs)]


def draw(runs, outdir, family=None, workload=None):
    by_family = {}  # family -> variant key -> (label, {run index: [points]})
    for i, run in enumerate(runs):
        for point in results.iter_points(run, family, include_failed=True):
            if workload and point["workload"] != workload:
                continue
            key = results.variant_key(point, with_placement=False)
            variants = by_family.setdefault(point["family"], {})
            label, per_run = variants.setdefault(key, (results.variant_label(point), {}))
            per_run.setdefault(i, []).append(point)
    labels = run_labels(runs)
    machines = " vs ".join(dict.fromkeys(run.machine for run in runs))
    charts = []
    dashes = [style.LINESTYLES[i % len(style.LINESTYLES)] for i in range(len(runs))]
    for fam, variants in by_family.items():
        lines = [(f"_{label} — {labels[i]}", "ops_per_sec", pts,  # "_": legend via key()
                  {"color": style.color(v), "linestyle": dashes[i]})
                 for v, (label, per_run) in enumerate(variants.values())
                 for i, pts in per_run.items()]

        def key(ax, names=[label for label, _ in variants.values()]):
            for v, name in enumerate(names):
                ax.plot([], [], color=style.color(v), label=name)
            for i, machine in enumerate(labels):
                ax.plot([], [], color="black", linestyle=dashes[i], label=machine)

        suffix = f"-{results.slug(workload)}" if workload else ""
        charts.append(line_chart(
            lines, what=f"{fam}: throughput across machines",
            machine=machines if len(machines) < 110 else f"{len(runs)} results files",
            ylabel="throughput (ops/s, all threads)", y_from_zero=True,
            annotate=key, stem=f"overlay-{fam}{suffix}", outdir=outdir))
    return [c for c in charts if c]


def options(parser):
    parser.add_argument("--family", help="only this workload family")
    parser.add_argument("--workload", help="only this workload")


def main(argv=None):
    return chart_cli.main(draw, DESCRIPTION, argv, options)


if __name__ == "__main__":
    sys.exit(main())
