"""Markdown summary: the HTML report's order and tables, charts referenced as PNG files
beside it (paths relative to the output directory)."""

import plot_c2c
import report_data
import style


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(header, rows):
    lines = ["| " + " | ".join(cell(h) for h in header) + " |",
             "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def heading(level, anchor, text):
    """A heading with an explicit anchor, so the contents links work in every renderer."""
    return f'<a id="{anchor}"></a>\n\n{"#" * level} {text}'


def _advice(sections):
    if not sections:
        return report_data.NO_ADVICE
    out = []
    for s in sections:
        out.append(f"#### {s.title}\n\n{s.intro}.\n")
        out += [f"- **{st.subject}**: {'_' + st.text + '_' if st.silent else st.text}"
                for st in s.statements]
        out.append("")
    return "\n".join(out)


def _warnings(run):
    rows = report_data.warnings(run)
    return table(["where", "code", "warning"], rows) if rows else "None."


def _points(run):
    if not run.points:
        return "No benchmark points in this file."
    return "\n\n".join(f"#### {family}\n\n{table(report_data.POINT_COLUMNS, rows)}"
                       for family, _, rows in report_data.point_tables(run))


def _c2c(run):
    rows = plot_c2c.level_rows(run)
    if not rows:
        return []
    return ["### Core-to-core latency", table(plot_c2c.LEVEL_COLUMNS, rows),
            plot_c2c.findings_note(run)]


def _charts(items, outdir):
    charts = [c for c in items if isinstance(c, style.Chart)]
    skipped = [c for c in items if isinstance(c, style.Skipped)]
    out = [f"![{cell(c.title)}]({c.png.relative_to(outdir).as_posix()})"
           + (f"\n\n_{c.caption}_" if c.caption else "") for c in charts] or ["No chart to draw."]
    if skipped:
        out.append("Not drawn: " + "; ".join(f"{s.title} ({s.reason})" for s in skipped) + ".")
    return "\n\n".join(out)


def _verdicts(comparisons):
    out = [report_data.comparison_method(comparisons[0])]
    for c in comparisons:
        out += [f"### {report_data.comparison_title(c)}",
                table(report_data.SUMMARY_COLUMNS, report_data.summary_rows(c)),
                table(report_data.VERDICT_COLUMNS,
                      [cells for _, cells in report_data.verdict_rows(c)])]
    return out


def render(report, generated_at, outdir):
    """Same input as report_html.render; chart paths are written relative to outdir."""
    runs = report.runs
    contents = ["- [What to use on this machine](#advice)"]
    contents += ["- [Verdicts between files](#verdicts)"] if report.comparisons else []
    contents += [f"- [{report_data.run_title(r.run)}](#run-{i + 1})" for i, r in enumerate(runs)]
    contents += ["- [Across machines](#overlays)"] if report.overlay else []
    parts = [f"# contend report\n\nGenerated {generated_at} from {len(runs)} results file(s).",
             "\n".join(contents), heading(2, "advice", "What to use on this machine")]
    for r in runs:
        parts += [f"### {report_data.run_title(r.run)}", _advice(r.advice)]
    if report.comparisons:
        parts += [heading(2, "verdicts", "Verdicts between files"),
                  *_verdicts(report.comparisons)]
    for i, r in enumerate(runs):
        parts += [heading(2, f"run-{i + 1}", report_data.run_title(r.run)),
                  "### Warnings", _warnings(r.run),
                  "### Charts", _charts(r.charts, outdir), *_c2c(r.run),
                  "### Points", _points(r.run),
                  "### Context", table(["", "", ""], report_data.context_rows(r.run))]
    if report.overlay:
        parts += [heading(2, "overlays", "Across machines"), _charts(report.overlay, outdir)]
    return "\n\n".join(parts) + "\n"
