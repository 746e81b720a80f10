"""Every chart script writes non-empty PNG and SVG files from a fixture; empty input is skipped."""

import subprocess
import sys

import pytest

import factory
from conftest import PLOTS

SCRIPTS = {  # script -> a chart it must write for factory.full_doc()
    "plot_throughput.py": "throughput-counter-full",
    "plot_latency.py": "latency-counter-atomic_add-order-relaxed-full",
    "plot_false_sharing.py": "false_sharing-full",
    "plot_fairness.py": "fairness-locks-4t-full",
    "plot_cas.py": "cas-cas_limiter-full",
    "compare_overlay.py": "overlay-counter",
}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run(script, *args):
    return subprocess.run([sys.executable, str(PLOTS / script), *map(str, args)],
                          capture_output=True, text=True)


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
    assert "skipped false_sharing-r" in proc.stderr


@pytest.mark.parametrize("script", SCRIPTS)
def test_bad_input_exits_2_with_message(tmp_path, script):
    proc = run(script, tmp_path / "absent.json", "-o", tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("absent.json: no such file")
    assert "Traceback" not in proc.stderr


def test_failed_points_are_never_drawn_as_values():
    import linechart
    import style

    points = [factory.make_point("mutex", threads=1, ops_per_sec=1e6),
              factory.make_point("mutex", threads=2, ops_per_sec=9e9, status="failed")]
    fig, ax = style.figure()
    ys, xs, _, any_failed = linechart.plot_lines(ax, [("mutex", "ops_per_sec", points)],
                                                 linechart.threads_of)
    style.plt.close(fig)
    assert any_failed and 2 in xs
    assert max(ys) < 2e6  # 9e9 from the failed point is nowhere


def test_only_failed_points_means_no_chart(tmp_path):
    import linechart

    points = [factory.make_point(status="failed")]
    chart = linechart.line_chart([("x", "ops_per_sec", points)], what="w", machine="m",
                                 ylabel="y", stem="s", outdir=tmp_path)
    assert chart is None and not list(tmp_path.iterdir())


def test_noisy_points_are_hollow():
    import linechart
    import style

    points = [factory.make_point(threads=1), factory.make_point(threads=2, mdape_pct=20.0)]
    fig, ax = style.figure()
    _, _, any_noisy, _ = linechart.plot_lines(ax, [("v", "ops_per_sec", points)],
                                              linechart.threads_of)
    faces = [line.get_markerfacecolor() for line in ax.lines if line.get_marker() == "o"]
    style.plt.close(fig)
    assert any_noisy
    assert faces.count("white") == 1 and len(faces) == 2


@pytest.mark.parametrize("values,scale", [([1e6, 1e9], "log"), ([1e6, 5e6], "linear"),
                                          ([0.0, 3.0], "linear")])
def test_log_axis_only_for_wide_ranges(values, scale):
    import style

    fig, ax = style.figure()
    style.auto_log(ax, values)
    result = ax.get_yscale()
    style.plt.close(fig)
    assert result == scale


@pytest.mark.parametrize("script", [*SCRIPTS, "report.py", "plot_c2c.py"])
def test_outdir_that_is_a_file_exits_2_naming_it(tmp_path, full_file, script):
    taken = tmp_path / "taken"
    taken.write_text("not a directory")
    proc = run(script, full_file, "-o", taken)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().endswith(f"--outdir: {taken}: exists and is not a directory; "
                                        "expected a directory")
    assert "Traceback" not in proc.stderr
    assert taken.read_text() == "not a directory"
