"""Markdown summary: key figures as tables, charts referenced as PNG files beside it."""

import plot_c2c
import report_data


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(header, rows):
    lines = ["| " + " | ".join(cell(h) for h in header) + " |",
             "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _advice(sections):
    if not sections:
        return "No workload family with enough points to compare."
    out = []
    for s in sections:
        out.append(f"#### {s.family}\n\n{s.intro}.\n")
        out += [f"- **{st.subject}**: {'_' + st.text + '_' if st.silent else st.text}"
                for st in s.statements]
        out.append("")
    return "\n".join(out)


def _key_figures(run):
    if not run.points:
        return "No benchmark points in this file."
    return table(report_data.KEY_COLUMNS, report_data.point_rows(run, report_data.KEY_COLUMNS))


def _c2c(run):
    rows = plot_c2c.level_rows(run)
    if not rows:
        return []
    return ["### Core-to-core latency", table(plot_c2c.LEVEL_COLUMNS, rows),
            plot_c2c.findings_note(run)]


def _charts(charts, outdir):
    if not charts:
        return "No chart to draw."
    return "\n\n".join(f"![{cell(c.title)}]({c.png.relative_to(outdir).as_posix()})"
                       for c in charts)


def render(sections, overlay, generated_at, outdir):
    """Same inputs as report_html.render; chart paths are written relative to outdir."""
    parts = [f"# contend report\n\nGenerated {generated_at} from {len(sections)} results file(s)."]
    for run, charts, advice in sections:
        warnings = report_data.warnings(run)
        parts += [f"## {report_data.run_title(run)}",
                  "### Context",
                  table(["", "", ""], report_data.context_rows(run)),
                  "### Warnings",
                  "\n".join(f"- {w}" for w in warnings) if warnings else "None.",
                  "### What to use on this machine",
                  _advice(advice),
                  *_c2c(run),
                  "### Key figures",
                  _key_figures(run),
                  "### Charts",
                  _charts(charts, outdir)]
    if overlay:
        parts += ["## Across machines", _charts(overlay, outdir)]
    return "\n\n".join(parts) + "\n"
