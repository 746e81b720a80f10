"""Chart scripts: files written from a fixture, what each chart shows, what is skipped, and
how bad input and unwritable output end (one line, exit 2, no partial file)."""

import subprocess
import sys

import pytest

import factory
import linechart
import plot_latency
import results
import style
from conftest import PLOTS
from linechart import Line

SCRIPTS = {  # script -> a chart it must write for factory.full_doc()
    "plot_throughput.py": "throughput-counter-full",
    "plot_latency.py": "latency-counter-full",
    "plot_false_sharing.py": "false_sharing-full",
    "plot_fairness.py": "fairness-locks-4t-full",
    "plot_cas.py": "cas-cas_limiter-full",
    "compare_overlay.py": "overlay-counter",
}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run(script, *args, **kw):
    return subprocess.run([sys.executable, str(PLOTS / script), *map(str, args)],
                          capture_output=True, text=True, **kw)


@pytest.fixture
def figures(monkeypatch):
    """Keep each drawn figure instead of writing it: [(stem, figure, caption)]."""
    kept = []

    def keep(fig, outdir, stem, chart_title, caption=""):
        kept.append((stem, fig, caption))
        return style.Chart(chart_title, outdir / f"{stem}.png", outdir / f"{stem}.svg", caption)

    monkeypatch.setattr(style, "save", keep)
    return kept


@pytest.mark.parametrize("script,stem", SCRIPTS.items())
def test_script_writes_png_and_svg(tmp_path, full_file, second_file, script, stem):
    out = tmp_path / "out"
    more = [second_file] if script == "compare_overlay.py" else []
    proc = run(script, full_file, *more, "-o", out)
    assert proc.returncode == 0, proc.stderr
    png, svg = out / f"{stem}.png", out / f"{stem}.svg"
    assert png.read_bytes().startswith(PNG_MAGIC)
    assert png.stat().st_size > 5000
    assert "<svg" in svg.read_text()
    assert str(png) in proc.stdout.splitlines()
    assert not list(out.glob(".*"))  # no temporary file left behind


@pytest.mark.parametrize("script", SCRIPTS)
def test_no_data_is_a_note_not_a_crash(tmp_path, script):
    c2c = factory.write(tmp_path / "c2c.json", factory.make_doc(kind="c2c"))
    proc = run(script, c2c, "-o", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert "note: no chart written" in proc.stderr
    assert not list(tmp_path.glob("out/*.png"))


def test_family_missing_is_skipped(tmp_path):
    doc = factory.make_doc([factory.make_point("mutex", threads=t) for t in (1, 2)])
    proc = run("plot_false_sharing.py", factory.write(tmp_path / "r.json", doc), "-o", tmp_path)
    assert proc.returncode == 0
    assert proc.stderr == "note: no chart written: the files hold no data for this chart kind\n"


def lines_of(*points, metric="ops_per_sec"):
    return [Line(label, metric, pts) for label, pts in results.group_variants(points).items()]


def draw(lines, tmp_path, **kw):
    return linechart.line_charts(lines, what="w", machine="m", ylabel="y", stem="s",
                                 outdir=tmp_path, **kw)


def test_one_thread_count_is_bars_not_lines(tmp_path, figures):
    P = factory.make_point
    charts = draw(lines_of(P("mutex", threads=4, ops_per_sec=1e7),
                           P("sharded", threads=4, ops_per_sec=1e9, mdape_pct=20.0)), tmp_path)
    (stem, fig, _), = figures
    ax = fig.axes[0]
    assert charts[0].title == "w at 4 threads — m"
    assert len(ax.patches) == 2 and not [line for line in ax.lines if len(line.get_xdata()) > 1]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["mutex (baseline)", "sharded"]
    assert ax.patches[1].get_hatch() == "//"  # noisy: hatched


def test_several_thread_counts_are_lines(tmp_path, figures):
    P = factory.make_point
    draw(lines_of(*[P("atomic_add", threads=t, params={"order": o}) for t in (1, 2, 4)
                    for o in ("relaxed", "seq_cst")]), tmp_path)
    (_, fig, _), = figures
    ax = fig.axes[0]
    assert any(len(line.get_xdata()) == 3 for line in ax.lines)
    assert ax.get_title().endswith("m · atomic_add")  # the one workload, said once
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["order=relaxed",
                                                                   "order=seq_cst"]


def test_more_than_eight_series_are_split_and_the_caption_says_where(tmp_path, figures):
    P = factory.make_point
    points = [P("mutex", threads=t) for t in (1, 2)]
    points += [P(f"v{i}", threads=t, ops_per_sec=1e8 + i) for i in range(10) for t in (1, 2)]
    charts = draw(lines_of(*points), tmp_path)
    assert [c.png.name for c in charts] == ["s-1.png", "s-2.png"]
    legends = [[t.get_text() for t in fig.axes[0].get_legend().get_texts()]
               for _, fig, _ in figures]
    assert all("mutex (baseline)" in legend and len(legend) <= style.MAX_SERIES
               for legend in legends)
    assert charts[0].caption.startswith("Part 1 of 2: 7 of 10 series; the other parts show "
                                        "v7, v8, v9.")
    assert charts[0].caption.endswith("mutex (baseline) in every part.")


@pytest.mark.parametrize("points,reason", [
    ([factory.make_point(threads=2)], "one point only"),
    ([factory.make_point(threads=t, ops_per_sec=0.0) for t in (1, 2)], "every value is 0"),
    ([factory.make_point(status="failed")], "no data to draw"),
])
def test_degenerate_charts_are_skipped_with_the_reason(tmp_path, points, reason):
    skipped, = draw(lines_of(*points), tmp_path)
    assert isinstance(skipped, style.Skipped) and reason in skipped.reason
    assert not list(tmp_path.iterdir())


def test_failed_points_are_never_drawn_as_values():
    points = [factory.make_point("mutex", threads=1, ops_per_sec=1e6),
              factory.make_point("mutex", threads=2, ops_per_sec=9e9, status="failed")]
    fig, ax = style.figure()
    ys, xs, _, any_failed = linechart.plot_lines(ax, [Line("mutex", "ops_per_sec", points)],
                                                 linechart.threads_of)
    style.plt.close(fig)
    assert any_failed and 2 in xs
    assert max(ys) < 2e6  # 9e9 from the failed point is nowhere


def test_noisy_points_are_hollow():
    points = [factory.make_point(threads=1), factory.make_point(threads=2, mdape_pct=20.0)]
    fig, ax = style.figure()
    _, _, any_noisy, _ = linechart.plot_lines(ax, [Line("v", "ops_per_sec", points)],
                                              linechart.threads_of)
    faces = [line.get_markerfacecolor() for line in ax.lines if line.get_marker() == "o"]
    style.plt.close(fig)
    assert any_noisy
    assert faces.count("white") == 1 and len(faces) == 2


def test_latency_chart_is_one_per_family_with_the_timer_floor(tmp_path, figures):
    run_ = results.Results("r.json", factory.full_doc())
    charts = plot_latency.draw_run(run_, tmp_path)
    assert [c.png.name for c in charts] == ["latency-counter-r.png"]
    (_, fig, caption), = figures
    ax = fig.axes[0]
    assert ax.get_title().startswith("counter: sampled latency at 4 threads")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["under the timer's resolution (20 ns): not resolved", "p50", "p99",
                      "p99.9"]
    assert ax.get_yscale() == "log"


def test_latency_without_timer_resolution_says_so(tmp_path, figures):
    doc = factory.full_doc()
    del doc["context"]["timer"]
    plot_latency.draw_run(results.Results("r.json", doc), tmp_path)
    (_, _, caption), = figures
    assert "does not record the timer's resolution" in caption


def test_shared_params_go_to_the_title(tmp_path, figures):
    P = factory.make_point
    draw(lines_of(*[P(w, "locks", t, params={"critical_ns": 50}) for w in ("ticket", "mcs")
                    for t in (1, 2)]), tmp_path)
    (_, fig, _), = figures
    ax = fig.axes[0]
    assert ax.get_title().endswith("m · critical_ns=50")  # two workloads: named in the legend
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["ticket", "mcs"]


@pytest.mark.parametrize("values,scale", [([1e6, 1e9], "log"), ([1e6, 5e6], "linear"),
                                          ([0.0, 3.0], "linear")])
def test_log_axis_only_for_wide_ranges(values, scale):
    fig, ax = style.figure()
    style.auto_log(ax, values)
    result = ax.get_yscale()
    style.plt.close(fig)
    assert result == scale


ALL_SCRIPTS = [*SCRIPTS, "report.py", "plot_c2c.py"]


@pytest.mark.parametrize("script", ALL_SCRIPTS)
def test_missing_input_exits_2_with_one_line(tmp_path, script):
    proc = run(script, tmp_path / "absent.json", "-o", tmp_path / "out")
    assert proc.returncode == 2
    assert proc.stderr == f"{script}: {tmp_path / 'absent.json'}: no such file\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("content,message", [
    ('{"schema_version": 2, "kind": ', "truncated JSON"),
    ('{"schema_version": 9}', "unknown schema_version 9"),
    ("\x00\x01binary", "starts with '\\x00', expected an object"),
])
def test_bad_input_exits_2_naming_the_file(tmp_path, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    proc = run("report.py", bad, "-o", tmp_path / "out")
    assert proc.returncode == 2
    line, = proc.stderr.splitlines()
    assert line.startswith(f"report.py: {bad}: ") and message in line


def test_endless_input_is_refused_at_once(tmp_path):
    proc = run("plot_throughput.py", "/dev/zero", "-o", tmp_path, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == ("plot_throughput.py: /dev/zero: starts with '\\x00', expected an "
                           "object (a contend results file)\n")


def test_huge_input_is_refused_by_its_size(tmp_path):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as f:
        f.truncate((256 << 20) + 1)  # sparse
    proc = run("report.py", huge, "-o", tmp_path / "out", timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == (f"report.py: {huge}: larger than 256 MiB; expected a results "
                           "file\n")


@pytest.mark.parametrize("script", ALL_SCRIPTS)
def test_outdir_that_is_a_file_exits_2_naming_it(tmp_path, full_file, script):
    taken = tmp_path / "taken"
    taken.write_text("not a directory")
    proc = run(script, full_file, "-o", taken)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().endswith(f"--outdir: {taken}: exists and is not a directory; "
                                        "expected a directory")
    assert "Traceback" not in proc.stderr
    assert taken.read_text() == "not a directory"


def test_long_input_name_gives_bounded_chart_names(tmp_path):
    long_name = tmp_path / ("scenario-" + "x" * 230 + ".json")
    factory.write(long_name, factory.small_doc())
    proc = run("plot_throughput.py", long_name, "-o", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    names = [p.name for p in (tmp_path / "out").iterdir()]
    assert names and all(len(n.encode()) <= 130 for n in names)


def test_overlay_names_files_by_letter_and_skips_families_one_file_has(tmp_path, figures):
    import compare_overlay

    runs = [results.Results(tmp_path / "full.json", factory.full_doc()),
            results.Results(tmp_path / "arm1.json",
                            factory.small_doc(hostname="arm1", cpu_model="Neoverse-N1"))]
    charts = compare_overlay.draw(runs, tmp_path)
    assert [c.png.name for c in charts] == ["overlay-counter.png"]  # the one family both have
    legend = [t.get_text() for t in figures[0][1].axes[0].get_legend().get_texts()]
    assert {"mutex · A (baseline)", "mutex · B (baseline)", "sharded · B"} <= set(legend)
    assert charts[0].caption == ("A: AMD EPYC 7B13 (box) [full.json]; "
                                 "B: Neoverse-N1 (arm1) [arm1.json].")
