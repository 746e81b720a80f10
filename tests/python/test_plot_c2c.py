"""plot_c2c.py: heatmap and per-level chart from a made-up c2c document, and its report rows."""

import subprocess
import sys

import factory
import plot_c2c
import results
from conftest import PLOTS

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def c2c_doc(pus=(0, 1, 2, 3), failed=()):
    """4 PUs: 0-1 and 2-3 share a core, the rest an L3; one finding names 0-1."""
    def level(a, b):
        return "core" if a // 2 == b // 2 else "l3"

    def latency(a, b):
        return 9.0 if level(a, b) == "core" else 30.0 + a + b

    n = len(pus)
    matrix = [[None] * n for _ in range(n)]
    pairs = []
    for i in range(n):
        for j in range(i + 1, n):
            a, b = pus[i], pus[j]
            pair = {"a": a, "b": b, "shared_level": level(a, b), "mode": "load_store",
                    "migrated": False}
            if (a, b) in failed:
                pair.update(status="failed", error="pinning thread 0 to PU 0: Invalid argument")
            else:
                ns = latency(a, b)
                matrix[i][j] = matrix[j][i] = ns
                pair.update(status="ok", error=None, one_way_ns_min=ns * 0.9,
                            one_way_ns_median=ns, one_way_ns_max=ns * 2, one_way_mdape_pct=1.0,
                            samples=200, round_trips_per_sample=64,
                            cluster=0 if level(a, b) == "core" else 1)
            pairs.append(pair)
    finding = {"shared_level": "l3", "cluster": 0, "typical_cluster": 1, "median_ns": 9.0,
               "typical_median_ns": 32.0, "faster": True, "disjoint": True, "pairs": [[0, 1]],
               "message": "1 pair that hwloc says share l3 is much faster"}
    # As contend c2c writes it: each finding is also a run-level warning.
    doc = factory.make_doc(kind="c2c",
                           warnings=["load_store: " + finding["message"]])
    doc["c2c"] = {
        "mode": "load_store", "modes": ["load_store"], "pus": list(pus),
        "schedule": "round_robin", "rounds": 3, "pairs_planned": len(pairs), "seed": 1,
        "samples_requested": 200, "round_trips_requested": None, "min_sample_s": 2e-5,
        "pairs": pairs,
        "by_mode": {"load_store": {
            "matrix_ns_median": matrix, "matrix_ns_min": matrix,
            "by_level": {"core": {"median_ns": 9.0, "lowest_median_ns": 9.0,
                                  "highest_median_ns": 9.0, "pairs": 2},
                         "l3": {"median_ns": 33.0, "lowest_median_ns": 32.0,
                                "highest_median_ns": 34.0, "pairs": 4}},
            "clusters": [{"index": 0, "median_ns": 9.0, "min_ns": 9.0, "max_ns": 9.0,
                          "pairs": 2, "levels": {"core": 2}},
                         {"index": 1, "median_ns": 33.0, "min_ns": 32.0, "max_ns": 34.0,
                          "pairs": 4, "levels": {"l3": 4}}],
            "findings": [finding]}},
    }
    return doc


def test_heatmap_and_levels_written(tmp_path):
    path = factory.write(tmp_path / "c2c.json", c2c_doc())
    proc = subprocess.run([sys.executable, str(PLOTS / "plot_c2c.py"), str(path), "-o",
                           str(tmp_path / "out")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    for stem in ("c2c-load_store-c2c", "c2c-levels-load_store-c2c"):
        png = tmp_path / "out" / f"{stem}.png"
        assert png.read_bytes().startswith(PNG_MAGIC)
        assert png.stat().st_size > 5000
        assert "<svg" in (tmp_path / "out" / f"{stem}.svg").read_text()
        assert str(png) in proc.stdout.splitlines()


def test_boundaries_follow_shared_levels():
    c2c = c2c_doc()["c2c"]
    assert plot_c2c.boundaries(c2c["pus"], plot_c2c.pair_levels(c2c)) == [(1.5, "l3")]


def test_failed_pair_is_a_gap_not_a_number(tmp_path, monkeypatch):
    run = results.load(factory.write(tmp_path / "f.json", c2c_doc(failed={(0, 2)})))
    figures = []

    def keep(fig, outdir, stem, chart_title):  # the drawn figure, instead of files
        figures.append(fig)
        return stem

    monkeypatch.setattr(plot_c2c.style, "save", keep)
    assert plot_c2c.draw_run(run, tmp_path / "out") == ["c2c-load_store-f", "c2c-levels-load_store-f"]
    heatmap, levels = figures
    cells = heatmap.axes[0].images[0].get_array()
    assert cells.mask[0, 2] and cells.mask[2, 0]  # no colour: not drawn as 0 or any value
    assert not cells.mask[0, 1] and cells[0, 1] == 9.0
    # Annotated values: the 5 measured pairs, both halves of the matrix; none for the failed one.
    assert len(heatmap.axes[0].texts) == 10
    # The per-level chart has one dot per measured pair: 2 sharing a core (then the ring around
    # the finding's pair), and 3, not 4, sharing an L3.
    dots = [len(c.get_offsets()) for c in levels.axes[0].collections]
    assert dots == [2, 1, 3]


def test_report_rows_and_findings(tmp_path):
    run = results.load(factory.write(tmp_path / "r.json", c2c_doc()))
    assert plot_c2c.level_rows(run) == [["load_store", "core", "2", "9.0", "9.0–9.0"],
                                        ["load_store", "l3", "4", "33.0", "32.0–34.0"]]
    assert plot_c2c.findings(run) == ["load_store: 1 pair that hwloc says share l3 is much faster"]


def test_other_kinds_draw_nothing(tmp_path, full_file):
    assert plot_c2c.draw_run(results.load(full_file), tmp_path) == []
    placeholder = results.load(factory.write(tmp_path / "p.json", factory.make_doc(kind="c2c")))
    assert plot_c2c.draw_run(placeholder, tmp_path) == []
    assert plot_c2c.level_rows(placeholder) == []


def test_report_has_c2c_section_heatmap_and_findings(tmp_path):
    path = factory.write(tmp_path / "c2c.json", c2c_doc())
    out = tmp_path / "report"
    proc = subprocess.run([sys.executable, str(PLOTS / "report.py"), str(path), "-o", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    html = (out / "report.html").read_text()
    md = (out / "report.md").read_text()
    for text in (html, md):
        assert "Core-to-core latency" in text
        assert "much faster" in text  # the hidden-boundary finding is shown...
        assert text.count("much faster") == 1  # ...once, among the warnings
        assert "1 latency cluster not explained by hwloc" in text
    assert html.count("data:image/png") == 2  # heatmap and per-level chart embedded


def test_one_pair_draws_the_heatmap_and_skips_the_level_chart(tmp_path, monkeypatch):
    run = results.load(factory.write(tmp_path / "two.json", c2c_doc(pus=(0, 1))))
    monkeypatch.setattr(plot_c2c.style, "save", lambda fig, outdir, stem, title: stem)
    heatmap, levels = plot_c2c.draw_run(run, tmp_path / "out")
    assert heatmap == "c2c-load_store-two"
    assert isinstance(levels, plot_c2c.style.Skipped)
    assert levels.reason == "fewer than two pairs measured: see the core-to-core table"
