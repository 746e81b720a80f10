#!/usr/bin/python3
"""Write a self-contained HTML report and a Markdown summary of contend results files.

DIR/report.html embeds every chart (base64 PNG), the context, warnings, advice and a
per-point table; DIR/report.md summarises them and references the PNG files written
beside it. Prints the path of the HTML file.
"""

import datetime
import sys

import advice
import chart_cli
import compare_overlay
import plot_c2c
import plot_cas
import plot_fairness
import plot_false_sharing
import plot_latency
import plot_throughput
import report_html
import report_md

RUN_CHARTS = [plot_throughput, plot_latency, plot_false_sharing, plot_cas, plot_fairness, plot_c2c]


def build(runs, outdir):
    """Draw every chart; returns ([(run, charts, advice sections)], overlay charts)."""
    sections = [(run, [c for m in RUN_CHARTS for c in m.draw_run(run, outdir) if c],
                 advice.advise(run)) for run in runs]
    overlay = compare_overlay.draw(runs, outdir) if len(runs) > 1 else []
    return sections, overlay


def main(argv=None):
    args, runs = chart_cli.parse_and_load(
        __doc__.splitlines()[0], argv,
        outdir_help="directory for report.html, report.md and the charts (created if missing)")
    sections, overlay = build(runs, args.outdir)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    html_path = args.outdir / "report.html"
    html_path.write_text(report_html.render(sections, overlay, now), encoding="utf-8")
    (args.outdir / "report.md").write_text(report_md.render(sections, overlay, now, args.outdir),
                                           encoding="utf-8")
    print(html_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
