"""report.py: self-contained HTML with every chart and the context; Markdown beside PNGs."""

import re
import subprocess
import sys

import pytest

import factory
from conftest import PLOTS


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
    return make_report(tmp, *files)


def test_report_embeds_every_chart_and_context(two_machines):
    out, proc = two_machines
    html_path = out / "report.html"
    assert proc.stdout.strip().splitlines()[-1] == str(html_path)
    html = html_path.read_text()
    pngs = sorted(out.glob("*.png"))
    assert len(pngs) >= 20
    assert html.count('src="data:image/png;base64,') == len(pngs)
    assert "src=\"http" not in html and "<link" not in html  # self-contained
    for text in ("AMD EPYC 7B13", "box", "Linux 6.1.0-test x86_64", "KVM", "GNU 12.2.0",
                 "contend run default", "running under a hypervisor (KVM)",
                 "What to use on this machine", "use sharded", "Package L#0",
                 "Neoverse-N1 (arm1)", "Across machines"):
        assert text in html, text


def test_point_table_never_shows_failed_figures(tmp_path):
    doc = factory.make_doc([factory.make_point("mutex", ops_per_sec=1e8),
                            factory.make_point("sharded", ops_per_sec=7.77e9, status="failed"),
                            factory.make_point("spin", ops_per_sec=5e7, mdape_pct=20.0)])
    out, _ = make_report(tmp_path, factory.write(tmp_path / "r.json", doc))
    html = (out / "report.html").read_text()
    md = (out / "report.md").read_text()
    assert "7.77G" not in html and "7.77G" not in md
    assert "FAILED: verification failed in 1 of 5 repetitions" in html
    row = re.search(r'<tr class="noisy">(.*?)</tr>', html).group(1)
    assert "spin" in row and ">noisy<" in row and "50M" in row and "20.0%" in row


def test_markdown_references_the_pngs_beside_it(two_machines):
    out, _ = two_machines
    md = (out / "report.md").read_text()
    refs = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", md)
    assert refs and all((out / ref).is_file() for ref in refs)
    assert sorted(refs) == sorted(p.name for p in out.glob("*.png"))
    assert "overlay-counter.png" in refs  # several files: the cross-machine overlay
    assert "## Neoverse-N1 (arm1)" in md
    assert "| counter | sharded |" in md
    assert "### What to use on this machine" in md


def test_report_bad_input_exits_2(tmp_path):
    proc = subprocess.run([sys.executable, str(PLOTS / "report.py"), str(tmp_path / "x.json"),
                           "-o", str(tmp_path / "out")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("x.json: no such file")
    assert not (tmp_path / "out").exists()


def test_report_of_c2c_file_has_context_and_no_charts(tmp_path):
    out, _ = make_report(tmp_path, factory.write(tmp_path / "c.json", factory.make_doc(kind="c2c")))
    html = (out / "report.html").read_text()
    assert "No benchmark points in this file." in html and "AMD EPYC 7B13" in html
    assert "data:image/png" not in html
