#!/usr/bin/python3
"""Overlay several results files (machines) on one throughput chart per family that two or
more of them measured: colour = variant, line style = file, each line labelled with the
variant and the file's letter (A is the first file, as in the report's verdicts; the
caption says which machine each letter is). x is the thread count, or the stride for
false_sharing; at most 8 lines per chart (a variant's lines stay together, the baseline is
repeated), bars where there is a single x."""

import sys

import chart_cli
import plot_false_sharing
import results
import style
from linechart import Line, line_charts, threads_of

DESCRIPTION = __doc__


def letter(i):
    """A, B, ... Z, then F27, F28: contend compare's names for its files."""
    return chr(ord("A") + i) if i < 26 else f"F{i + 1}"


def key_caption(runs):
    """'A: AMD EPYC (vm) [default]; B: ...': the machine and file behind each letter."""
    return "; ".join(f"{letter(i)}: {run.machine} [{run.path.name}]" for i, run in
                     enumerate(runs)) + "."


def axis_for(family):
    """(x_of, variant key exclusions, line_charts options) for the family's natural x axis."""
    if family == plot_false_sharing.FAMILY:
        return plot_false_sharing.stride_of, ("stride",), dict(
            xlabel="stride between counters (bytes)", x_text=plot_false_sharing.stride_text,
            x_log2=True)
    return threads_of, ("threads",), {}


def variants_by_family(runs, family=None, workload=None):
    """family -> variant key -> (label, {run index: [points]}), in first-seen order."""
    by_family = {}
    for i, run in enumerate(runs):
        for point in results.iter_points(run, family, include_failed=True):
            if workload and point["workload"] != workload:
                continue
            _, exclude, _ = axis_for(point["family"])
            key = results.variant_key(point, exclude, with_placement=False)
            variants = by_family.setdefault(point["family"], {})
            label, per_run = variants.setdefault(key, (results.variant_label(point, exclude),
                                                       {}))
            per_run.setdefault(i, []).append(point)
    return by_family


def draw(runs, outdir, family=None, workload=None):
    runs = [run for run in runs if run.points]  # as compare.compare_runs: letters agree
    machines = " vs ".join(dict.fromkeys(run.machine for run in runs))
    dashes = [style.LINESTYLES[i % len(style.LINESTYLES)] for i in range(len(runs))]
    charts = []
    for fam, variants in variants_by_family(runs, family, workload).items():
        if len({i for _, per_run in variants.values() for i in per_run}) < 2:
            continue  # one file has this family: its own chart says it all
        x_of, _, options = axis_for(fam)
        lines = [Line(f"{label} · {letter(i)}", "ops_per_sec", pts,
                      {"color": style.color(v), "linestyle": dashes[i]}, group=v)
                 for v, (label, per_run) in enumerate(variants.values())
                 for i, pts in per_run.items()]
        suffix = f"-{workload}" if workload else ""
        charts += line_charts(
            lines, what=f"{fam}: throughput across machines",
            machine=machines if len(machines) < 110 else f"{len(runs)} results files",
            ylabel="throughput (ops/s, all threads)", y_from_zero=True, x_of=x_of,
            stem=f"overlay-{fam}{suffix}", outdir=outdir, caption=key_caption(runs), **options)
    return charts


def options(parser):
    parser.add_argument("--family", help="only this workload family")
    parser.add_argument("--workload", help="only this workload")


def main(argv=None):
    return chart_cli.main(draw, DESCRIPTION, argv, options)


if __name__ == "__main__":
    sys.exit(main())
