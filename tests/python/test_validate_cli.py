"""plots/validate.py: exit 0 for valid files, 2 with one `FILE: what` line otherwise."""

import subprocess
import sys

import factory
from conftest import PLOTS


def run(*args):
    return subprocess.run([sys.executable, str(PLOTS / "validate.py"), *map(str, args)],
                          capture_output=True, text=True)


def test_valid_file_exits_0(full_file):
    proc = run(full_file)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""


def test_quiet_prints_nothing(full_file):
    proc = run("-q", full_file)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_invalid_file_exits_2_with_one_line(tmp_path, full_file):
    doc = factory.make_doc([factory.make_point()])
    doc["points"][0]["status"] = "great"
    bad = factory.write(tmp_path / "bad.json", doc)
    proc = run(full_file, bad)
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{bad}: points[0].status: ")
    assert "Traceback" not in proc.stderr


def test_missing_and_truncated_files(tmp_path):
    cut = tmp_path / "cut.json"
    cut.write_text('{"schema_version": 1, "kind": ')
    proc = run(tmp_path / "absent.json", cut)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"{tmp_path / 'absent.json'}: no such file",
        f"{cut}: truncated JSON: the text ends at line 1, column 31 inside an unfinished "
        "value (Expecting value at line 1, column 31)",
    ]
