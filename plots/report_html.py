"""Self-contained HTML report: charts embedded as base64 PNG, no external files."""

import base64
import html

import plot_c2c
import report_data

CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.85em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.failed td { background: #fbe9e9; }
tr.noisy td { color: #777; }
li.silent { color: #777; }
.warning { color: #8a4b00; }
figure { margin: 1em 0; }
figure img { max-width: 100%; }
figcaption { font-size: 0.85em; color: #555; }
pre { font-size: 0.8em; background: #f7f7f7; padding: 0.5em; overflow-x: auto; }
"""
NUMERIC = {"#", "threads", "median ops/s", "ns/op", "MdAPE"}


def e(text):
    return html.escape(str(text))


def _context(run):
    rows = "".join(f"<tr><th>{e(section)}</th><td>{e(name)}</td><td>{e(value)}</td></tr>"
                   for section, name, value in report_data.context_rows(run))
    topo = e(run.context["topology"])
    return (f"<table>{rows}</table>\n<details><summary>topology as hwloc sees it</summary>"
            f"<pre>{topo}</pre></details>")


def _warnings(run):
    items = report_data.warnings(run)
    if not items:
        return "<p>None.</p>"
    return "<ul>" + "".join(f'<li class="warning">{e(w)}</li>' for w in items) + "</ul>"


def _advice(sections):
    if not sections:
        return "<p>No workload family with enough points to compare.</p>"
    out = []
    for s in sections:
        items = "".join(f'<li class="{"silent" if st.silent else "claim"}"><b>{e(st.subject)}</b>: '
                        f"{e(st.text)}</li>" for st in s.statements)
        out.append(f"<h4>{e(s.family)}</h4><p>{e(s.intro)}.</p><ul>{items}</ul>")
    return "\n".join(out)


def _points(run):
    if not run.points:
        return "<p>No benchmark points in this file.</p>"
    cols = report_data.POINT_COLUMNS
    head = "".join(f"<th>{e(c)}</th>" for c in cols)
    body = []
    for point, row in zip(run.points, report_data.point_rows(run)):
        cls = "failed" if point["status"] == "failed" else ("noisy" if point["noisy"] else "")
        cells = "".join(f'<td class="num">{e(v)}</td>' if c in NUMERIC else f"<td>{e(v)}</td>"
                        for c, v in zip(cols, row))
        body.append(f'<tr class="{cls}">{cells}</tr>')
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def _c2c(run):
    rows = plot_c2c.level_rows(run)
    if not rows:
        return ""
    head = "".join(f"<th>{e(c)}</th>" for c in plot_c2c.LEVEL_COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>" for row in rows)
    return (f"<h3>Core-to-core latency</h3><table><tr>{head}</tr>{body}</table>"
            f"<p>{e(plot_c2c.findings_note(run))}</p>")


def _figure(chart):
    data = base64.b64encode(chart.png.read_bytes()).decode("ascii")
    return (f'<figure><img alt="{e(chart.title)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{e(chart.title)}</figcaption></figure>")


def _charts(charts):
    return "\n".join(_figure(c) for c in charts) if charts else "<p>No chart to draw.</p>"


def render(sections, overlay, generated_at):
    """sections: [(Results, [Chart], [advice.Section])]; overlay: [Chart]."""
    parts = [f"<h1>contend report</h1><p>Generated {e(generated_at)} from "
             f"{len(sections)} results file(s).</p>"]
    for run, charts, advice in sections:
        parts += [f"<h2>{e(report_data.run_title(run))}</h2>",
                  "<h3>Context</h3>", _context(run),
                  "<h3>Warnings</h3>", _warnings(run),
                  "<h3>What to use on this machine</h3>", _advice(advice),
                  _c2c(run),
                  "<h3>Points</h3>", _points(run),
                  "<h3>Charts</h3>", _charts(charts)]
    if overlay:
        parts += ["<h2>Across machines</h2>", _charts(overlay)]
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>contend report</title><style>{CSS}</style></head>\n<body>\n{body}\n"
            f"</body></html>\n")
