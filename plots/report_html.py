"""Self-contained HTML report: charts embedded as base64 PNG, no external files.

Reading order: contents, advice (what to use), verdicts between files, then per file its
warnings, a two-column grid of charts, the points and the context; overlays last.
"""

import base64
import html

import plot_c2c
import report_data
import style

CSS = """
body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 1400px; color: #222;
       padding: 0 1em; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 2em; }
nav.toc { background: #f7f7f7; padding: 0.5em 1.5em; border-radius: 4px; }
nav.toc ol { margin: 0.3em 0; }
table { border-collapse: collapse; margin: 0.5em 0 1.2em; font-size: 0.85em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.failed td { background: #fbe9e9; }
tr.noisy td { color: #777; }
tr.faster td { background: #e8f5e9; }
tr.slower td { background: #fdecea; }
li.silent { color: #666; }
td.code { font-family: monospace; white-space: nowrap; color: #8a4b00; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1em 1.5em; }
figure { margin: 0; }
figure img { width: 100%; height: auto; }
figcaption { font-size: 0.8em; color: #555; }
p.note { font-size: 0.85em; color: #555; }
pre { font-size: 0.8em; background: #f7f7f7; padding: 0.5em; overflow-x: auto; }
"""


def e(text):
    return html.escape(str(text))


def table(columns, rows, numeric=(), classes=None):
    head = "".join(f"<th>{e(c)}</th>" for c in columns)
    body = []
    for i, row in enumerate(rows):
        cells = "".join(f'<td class="num">{e(v)}</td>' if c in numeric else f"<td>{e(v)}</td>"
                        for c, v in zip(columns, row))
        cls = f' class="{classes[i]}"' if classes and classes[i] else ""
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def _context(run):
    rows = report_data.context_rows(run)
    topo = e(run.context["topology"])
    return (table(["", "", ""], rows) + "<details><summary>topology as hwloc sees it</summary>"
            f"<pre>{topo}</pre></details>")


def _warnings(run):
    rows = report_data.warnings(run)
    if not rows:
        return "<p>None.</p>"
    html_rows = "".join(f'<tr><td>{e(where)}</td><td class="code">{e(code)}</td>'
                        f"<td>{e(text)}</td></tr>" for where, code, text in rows)
    return f"<table><tr><th>where</th><th>code</th><th>warning</th></tr>{html_rows}</table>"


def _advice(sections):
    if not sections:
        return f"<p>{e(report_data.NO_ADVICE)}</p>"
    out = []
    for s in sections:
        items = "".join(f'<li class="{"silent" if st.silent else "claim"}"><b>{e(st.subject)}</b>: '
                        f"{e(st.text)}</li>" for st in s.statements)
        out.append(f"<h4>{e(s.title)}</h4><p>{e(s.intro)}.</p><ul>{items}</ul>")
    return "\n".join(out)


def _points(run):
    if not run.points:
        return "<p>No benchmark points in this file.</p>"
    out = []
    for family, points, rows in report_data.point_tables(run):
        classes = ["failed" if p["status"] == "failed" else "noisy" if p["noisy"] else ""
                   for p in points]
        out.append(f"<h4>{e(family)}</h4>" + table(report_data.POINT_COLUMNS, rows,
                                                   report_data.NUMERIC_COLUMNS, classes))
    return "\n".join(out)


def _c2c(run):
    rows = plot_c2c.level_rows(run)
    if not rows:
        return ""
    return (f"<h3>Core-to-core latency</h3>{table(plot_c2c.LEVEL_COLUMNS, rows)}"
            f"<p>{e(plot_c2c.findings_note(run))}</p>")


def _figure(chart):
    data = base64.b64encode(chart.png.read_bytes()).decode("ascii")
    caption = e(chart.title) + (f"<br>{e(chart.caption)}" if chart.caption else "")
    return (f'<figure><img alt="{e(chart.title)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{caption}</figcaption></figure>")


def _charts(items):
    charts = [c for c in items if isinstance(c, style.Chart)]
    skipped = [c for c in items if isinstance(c, style.Skipped)]
    out = f'<div class="grid">{"".join(_figure(c) for c in charts)}</div>' if charts else \
        "<p>No chart to draw.</p>"
    if skipped:
        out += ("<p class=\"note\">Not drawn: " + "; ".join(
            f"{e(s.title)} ({e(s.reason)})" for s in skipped) + ".</p>")
    return out


def _verdicts(comparisons):
    out = []
    for c in comparisons:
        rows = report_data.verdict_rows(c)
        summary = table(report_data.SUMMARY_COLUMNS, report_data.summary_rows(c),
                        report_data.SUMMARY_COLUMNS[1:])
        detail = table(report_data.VERDICT_COLUMNS, [cells for _, cells in rows],
                       {"threads", "A ops/s", "B ops/s"},
                       [said if said in ("faster", "slower") else "" for said, _ in rows])
        out.append(f"<h3>{e(report_data.comparison_title(c))}</h3>"
                   f"{summary}"
                   f"<details><summary>every matched point ({len(rows)})</summary>{detail}"
                   f"</details>")
    return f"<p class=\"note\">{e(report_data.comparison_method(comparisons[0]))}</p>" + \
        "".join(out)


def _contents(entries):
    """entries: [(anchor, title, [(anchor, title)])]."""
    items = "".join(f'<li><a href="#{a}">{e(t)}</a>' + (
        "<ol>" + "".join(f'<li><a href="#{sa}">{e(st)}</a></li>' for sa, st in sub) + "</ol>"
        if sub else "") + "</li>" for a, t, sub in entries)
    return f'<nav class="toc"><b>Contents</b><ol>{items}</ol></nav>'


def render(report, generated_at):
    """report: report.Report (runs with charts and advice, comparisons, overlays)."""
    runs = report.runs
    entries = [("advice", "What to use on this machine", [])]
    if report.comparisons:
        entries.append(("verdicts", "Verdicts between files", []))
    for i, r in enumerate(runs):
        a = f"run-{i + 1}"
        entries.append((a, report_data.run_title(r.run),
                        [(f"{a}-{s}", s.capitalize()) for s in
                         ("warnings", "charts", "points", "context")]))
    if report.overlay:
        entries.append(("overlays", "Across machines", []))

    parts = [f"<h1>contend report</h1><p>Generated {e(generated_at)} from "
             f"{len(runs)} results file(s).</p>", _contents(entries),
             '<h2 id="advice">What to use on this machine</h2>']
    for r in runs:
        parts += [f"<h3>{e(report_data.run_title(r.run))}</h3>", _advice(r.advice)]
    if report.comparisons:
        parts += ['<h2 id="verdicts">Verdicts between files</h2>', _verdicts(report.comparisons)]
    for i, r in enumerate(runs):
        a = f"run-{i + 1}"
        parts += [f'<h2 id="{a}">{e(report_data.run_title(r.run))}</h2>',
                  f'<h3 id="{a}-warnings">Warnings</h3>', _warnings(r.run),
                  f'<h3 id="{a}-charts">Charts</h3>', _charts(r.charts), _c2c(r.run),
                  f'<h3 id="{a}-points">Points</h3>', _points(r.run),
                  f'<h3 id="{a}-context">Context</h3>', _context(r.run)]
    if report.overlay:
        parts += ['<h2 id="overlays">Across machines</h2>', _charts(report.overlay)]
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>contend report</title><style>{CSS}</style></head>\n<body>\n{body}\n"
            f"</body></html>\n")
