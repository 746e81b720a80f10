"""Output that cannot be written: one line naming the file, exit 2, no partial file.

A full disk is simulated without root: RLIMIT_FSIZE caps the size of any file the child
writes, and with SIGXFSZ ignored a write past it fails with EFBIG ("File too large"),
as a write on a full filesystem fails with ENOSPC.
"""

import resource
import signal
import subprocess
import sys

import pytest

import output
from conftest import PLOTS

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"


def limit_file_size(max_bytes):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))
    return apply


def run_with_file_limit(script, max_bytes, *args):
    return subprocess.run([sys.executable, str(PLOTS / script), *map(str, args)],
                          capture_output=True, text=True, preexec_fn=limit_file_size(max_bytes))


def assert_only_whole_files(directory):
    for path in directory.iterdir():
        assert not path.name.startswith("."), f"temporary file left: {path.name}"
        if path.suffix == ".png":
            data = path.read_bytes()
            assert data.startswith(PNG_MAGIC) and data.endswith(PNG_END), path.name
        if path.suffix == ".svg":
            assert path.read_text().rstrip().endswith("</svg>"), path.name


@pytest.mark.parametrize("script,max_bytes", [("report.py", 20_000), ("report.py", 200_000),
                                              ("plot_throughput.py", 20_000)])
def test_full_disk_is_one_line_and_leaves_no_partial_file(tmp_path, full_file, script,
                                                          max_bytes):
    out = tmp_path / "out"
    proc = run_with_file_limit(script, max_bytes, full_file, "-o", out)
    assert proc.returncode == 2, proc.stderr
    line, = proc.stderr.splitlines()[-1:]
    assert line.startswith(f"{script}: {out}/") and line.endswith(": cannot write: File too large")
    assert "Traceback" not in proc.stderr
    assert_only_whole_files(out)
    assert not (out / "report.html").exists()


def test_a_failed_write_keeps_the_previous_file(tmp_path):
    path = tmp_path / "report.md"
    path.write_text("previous report")

    def fail_half_way(tmp):
        tmp.write_text("half a rep")
        raise OSError(28, "No space left on device")

    with pytest.raises(output.OutputError) as info:
        output.write_atomically(path, fail_half_way)
    assert str(info.value) == f"{path}: cannot write: No space left on device"
    assert path.read_text() == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_an_interrupted_write_leaves_nothing(tmp_path):
    def interrupted(tmp):
        tmp.write_text("partial")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        output.write_atomically(tmp_path / "chart.png", interrupted)
    assert list(tmp_path.iterdir()) == []


def test_stems_are_bounded_and_distinct():
    a, b = output.stem("latency-" + "y" * 400 + "-1"), output.stem("latency-" + "y" * 400 + "-2")
    assert len(a) == output.MAX_STEM_CHARS and a != b
    assert output.stem("throughput-counter-run") == "throughput-counter-run"
