#!/usr/bin/python3
"""Write a self-contained HTML report and a Markdown summary of contend results files.

DIR/report.html opens with its contents and the advice, then (for several files) the
verdicts of every later file against the first, then per file its warnings, a grid of
charts (embedded as base64 PNG), the points and the context. DIR/report.md says the same
and references the PNG files written beside it. Prints the path of the HTML file.
Every file is written whole or not at all; a problem is one line and exit status 2.
"""

import datetime
import sys
from dataclasses import dataclass

import advice
import chart_cli
import compare
import compare_overlay
import output
import plot_c2c
import plot_cas
import plot_fairness
import plot_false_sharing
import plot_latency
import plot_throughput
import report_html
import report_md

RUN_CHARTS = [plot_throughput, plot_false_sharing, plot_latency, plot_cas, plot_fairness,
              plot_c2c]


@dataclass
class RunReport:
    run: object
    charts: list  # style.Chart and style.Skipped, in drawing order
    advice: list


@dataclass
class Report:
    runs: list  # [RunReport]
    comparisons: list  # [compare.Comparison], empty for one file
    overlay: list  # charts across files


def build(runs, outdir):
    """Draw every chart and work out advice and verdicts: a Report."""
    per_run = [RunReport(run, [c for m in RUN_CHARTS for c in m.draw_run(run, outdir) if c],
                         advice.advise(run)) for run in runs]
    overlay = compare_overlay.draw(runs, outdir) if len(runs) > 1 else []
    return Report(per_run, compare.compare_runs(runs), overlay)


def main(argv=None):
    args, runs = chart_cli.parse_and_load(
        __doc__.splitlines()[0], argv,
        outdir_help="directory for report.html, report.md and the charts (created if missing)")
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    html_path = args.outdir / "report.html"
    try:
        report = build(runs, args.outdir)
        output.write_text(html_path, report_html.render(report, now))
        output.write_text(args.outdir / "report.md", report_md.render(report, now, args.outdir))
    except output.OutputError as e:
        chart_cli.fail(e)
    print(html_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
