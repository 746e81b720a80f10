"""report.py: self-contained HTML in reading order (contents, advice, verdicts, per file
warnings, charts, points, context); Markdown beside PNGs with the same sections."""

import re
import subprocess
import sys

import pytest

import compare
import factory
import results
from conftest import PLOTS

P = factory.make_point


def make_report(tmp_path, *files):
    out = tmp_path / "report"
    proc = subprocess.run([sys.executable, str(PLOTS / "report.py"), *map(str, files),
                           "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return out, proc


@pytest.fixture(scope="module")
def two_machines(tmp_path_factory):
    """One report over the full fixture and a second, smaller machine (drawn once: slow)."""
    tmp = tmp_path_factory.mktemp("two")
    files = [factory.write(tmp / "full.json", factory.full_doc()),
             factory.write(tmp / "arm1.json",
                           factory.small_doc(hostname="arm1", cpu_model="Neoverse-N1"))]
    out, proc = make_report(tmp, *files)
    return out, proc, files


def test_report_embeds_every_chart_and_context(two_machines):
    out, proc, _ = two_machines
    html_path = out / "report.html"
    assert proc.stdout.strip().splitlines()[-1] == str(html_path)
    html = html_path.read_text()
    pngs = sorted(out.glob("*.png"))
    assert len(pngs) >= 12
    assert html.count('src="data:image/png;base64,') == len(pngs)
    assert "src=\"http" not in html and "<link" not in html  # self-contained
    for text in ("AMD EPYC 7B13", "box", "Linux 6.1.0-test x86_64", "KVM", "GNU 12.2.0",
                 "contend run default", "running under a hypervisor (KVM)",
                 "What to use on this machine", "use sharded", "Package L#0",
                 "Neoverse-N1 (arm1)", "Across machines", "0.12"):
        assert text in html, text


def test_reading_order_contents_advice_verdicts_then_each_file(two_machines):
    out, _, _ = two_machines
    html = (out / "report.html").read_text()
    marks = ['<nav class="toc">', 'id="advice"', 'id="verdicts"', 'id="run-1"',
             'id="run-1-warnings"', 'id="run-1-charts"', 'id="run-1-points"',
             'id="run-1-context"', 'id="run-2"', 'id="overlays"']
    positions = [html.index(m) for m in marks]
    assert positions == sorted(positions)
    assert html.index("<figure") > html.index('id="run-1-charts"')
    toc = html[html.index('<nav class="toc">'):html.index("</nav>")]
    for anchor in ("advice", "verdicts", "run-1", "run-1-charts", "run-2", "overlays"):
        assert f'href="#{anchor}"' in toc and f'id="{anchor}"' in html
    assert '<div class="grid">' in html


def test_verdicts_are_contend_compare_s(two_machines):
    out, _, files = two_machines
    html = (out / "report.html").read_text()
    comparison, = compare.compare_runs(results.load_all(files))
    assert "B = Neoverse-N1 (arm1)" in html and "the same numbers as `contend compare A B`" \
        in html.replace("&#x27;", "'").replace("&#96;", "`")
    for row in comparison.rows:
        if row.outcome and row.outcome.verdict:
            assert row.outcome.interval_text() in html


def test_single_thread_count_families_are_bars_and_degenerate_charts_noted(tmp_path):
    doc = factory.make_doc([P("mutex", threads=2, ops_per_sec=1e7),
                            P("sharded", threads=2, ops_per_sec=1e9, extra=factory.CAS),
                            P("ticket", "locks", 2, 4e7)])
    out, _ = make_report(tmp_path, factory.write(tmp_path / "one.json", doc))
    html = (out / "report.html").read_text()
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", html)
    assert any(c.startswith("counter: throughput at 2 threads") for c in captions)
    assert not any(" vs threads" in c for c in captions)  # no line through one point
    assert "Not drawn: " in html and "one point only" in html  # locks and the CAS chart


def test_point_table_never_shows_failed_figures(tmp_path):
    doc = factory.make_doc([P("mutex", ops_per_sec=1e8),
                            P("sharded", ops_per_sec=7.77e9, status="failed"),
                            P("spin", ops_per_sec=5e7, mdape_pct=20.0)])
    out, _ = make_report(tmp_path, factory.write(tmp_path / "r.json", doc))
    html = (out / "report.html").read_text()
    md = (out / "report.md").read_text()
    assert "7.77G" not in html and "7.77G" not in md
    assert "FAILED: verification failed in 1 of 5 repetitions" in html
    row = re.search(r'<tr class="noisy">(.*?)</tr>', html).group(1)
    assert "spin" in row and ">noisy<" in row and "50M" in row and "20.0%" in row


def test_numbers_are_for_people(tmp_path):
    doc = factory.make_doc([P("mutex", threads=t, ops_per_sec=1e6 * t) for t in (1, 2)])
    doc["context"]["os"]["load_average_1m"] = 0.77880859375
    out, _ = make_report(tmp_path, factory.write(tmp_path / "r.json", doc))
    html = (out / "report.html").read_text()
    assert "0.78" in html and "0.7788" not in html
    assert html.count(">1,000<") == 2  # ns/op: 1 thread at 1M ops/s, 2 threads at 2M ops/s
    assert "e+0" not in html


def test_warnings_name_the_point_with_its_params_and_code(tmp_path):
    point = P("atomic_add", params={"order": "relaxed"}, threads=2, mdape_pct=9.0)
    point["warnings"] = [factory.warning("noisy: ops_per_sec MdAPE 9.0% above 5.0%",
                                         mdape_pct=9.0, threshold_pct=5.0)]
    out, _ = make_report(tmp_path, factory.write(tmp_path / "r.json", factory.make_doc([point])))
    html = (out / "report.html").read_text()
    assert ("<td>#0 atomic_add order=relaxed, 2 threads, compact</td><td class=\"code\">noisy"
            "</td><td>noisy: ops_per_sec MdAPE 9.0% above 5.0%</td>") in html


def test_markdown_references_the_pngs_beside_it(two_machines):
    out, _, _ = two_machines
    md = (out / "report.md").read_text()
    refs = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", md)
    assert refs and all((out / ref).is_file() for ref in refs)
    assert sorted(refs) == sorted(p.name for p in out.glob("*.png"))
    assert "overlay-counter.png" in refs  # several files: the cross-machine overlay
    assert "## Neoverse-N1 (arm1) — default" in md
    assert "| 4 | sharded | 1 | compact (l3) | 200M | 5 | — | 1.0% | 1.000 | ok |" in md
    assert "| sharded | 1 | l3 | 200M | 300M | 1.5× (95% CI 1.3–1.72) | faster |" in md
    for anchor in ("advice", "verdicts", "run-1", "run-2", "overlays"):
        assert f"](#{anchor})" in md and f'<a id="{anchor}"></a>' in md
    assert md.index("## What to use on this machine") < md.index("## Verdicts between files") \
        < md.index("### Charts")


def test_version_1_files_report_too(tmp_path):
    doc = factory.as_v1(factory.full_doc())
    out, _ = make_report(tmp_path, factory.write(tmp_path / "old.json", doc))
    html = (out / "report.html").read_text()
    assert "use sharded" in html and "unclassified" in html


def test_report_of_c2c_file_has_context_and_no_charts(tmp_path):
    out, _ = make_report(tmp_path, factory.write(tmp_path / "c.json", factory.make_doc(kind="c2c")))
    html = (out / "report.html").read_text()
    assert "No benchmark points in this file." in html and "AMD EPYC 7B13" in html
    assert "data:image/png" not in html
