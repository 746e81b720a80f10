"""plots/compare.py: the report's verdicts between files are contend compare's."""

import json
import os
import subprocess

import pytest

import compare
import factory
import results
from conftest import ROOT

P = factory.make_point
CONTEND = ROOT / os.environ.get("CONTEND_BUILD_DIR", "build") / "contend"


def with_values(point, values):
    for rep, value in zip(point["repetitions"], values):
        rep["metrics"]["ops_per_sec"] = value
    summary = point["summary"]["ops_per_sec"]
    summary.update(median=sorted(values)[len(values) // 2], min=min(values), max=max(values))
    return point


def two_files(tmp_path):
    """A and B with a clear gain, a tie, a drop, a failed point and points in one file only."""
    a = [with_values(P("mutex", threads=2), [100, 101, 99, 102, 98]),
         with_values(P("sharded", threads=2), [500, 505, 495, 510, 490]),
         with_values(P("spin", threads=2), [300, 330, 270, 360, 240]),
         P("racy", threads=2, status="failed"),
         P("atomic_add", threads=4)]
    b = [with_values(P("mutex", threads=2), [120, 121, 119, 122, 118]),
         with_values(P("sharded", threads=2), [501, 506, 494, 509, 491]),
         with_values(P("spin", threads=2), [200, 202, 198, 204, 196]),
         P("racy", threads=2),
         P("ticket", threads=2)]
    return [factory.write(tmp_path / f"{name}.json", factory.as_v1(factory.make_doc(points)))
            for name, points in (("a", a), ("b", b))]


def test_verdicts_rows_and_reasons(tmp_path):
    comparison, = compare.compare_runs(results.load_all(two_files(tmp_path)))
    said = [(r.a["workload"], r.outcome.verdict if r.outcome else None, r.reason)
            for r in comparison.rows]
    assert said == [("mutex", "faster", ""), ("sharded", "within_noise", ""),
                    ("spin", "slower", ""), ("racy", None, "failed verification in A"),
                    ("atomic_add", None, "not in this file")]
    assert [p["workload"] for p in comparison.only_in_candidate] == ["ticket"]
    counter, = comparison.families()
    assert counter.counts == {"faster": 1, "within_noise": 1, "slower": 1, "not compared": 2}


def test_points_pair_by_strategy_first_then_in_file_order():
    a = [P(placement="scatter"), P(placement="compact")]
    b = [P(placement="compact"), P(placement="scatter"), P(placement="cores")]
    pairs, left = compare.pair_points(a, b)
    assert [(x["placement"]["strategy"], y["placement"]["strategy"]) for x, y in pairs] == [
        ("scatter", "scatter"), ("compact", "compact")]
    assert [p["placement"]["strategy"] for p in left] == ["cores"]


@pytest.mark.skipif(not os.access(CONTEND, os.X_OK), reason=f"no built {CONTEND}")
def test_same_numbers_as_the_built_contend_compare(tmp_path):
    files = two_files(tmp_path)
    proc = subprocess.run([str(CONTEND), "compare", *map(str, files), "--format", "json"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    theirs = [r for r in json.loads(proc.stdout)["rows"] if r["status"] == "compared"]
    ours = [r for r in compare.compare_runs(results.load_all(files))[0].rows
            if r.outcome and r.outcome.verdict]
    # The same draws; exp, log and cos may differ in the last bit between libm and numpy.
    assert [(r["workload"], r["ratio"], pytest.approx(r["ci_low"], rel=1e-9),
             pytest.approx(r["ci_high"], rel=1e-9), r["verdict"]) for r in theirs] == [
        (r.a["workload"], r.outcome.ratio, r.outcome.low, r.outcome.high, r.outcome.verdict)
        for r in ours], ("contend compare and plots/verdict.py disagree: the rule is shared "
                         "(tests/data/verdict_cases.json), change both together")


def test_a_memory_home_keeps_points_apart(tmp_path):
    # The same workload at the default home and at node:1: two points, each paired with its own.
    def with_home(point, home):
        point["shared_state"] = {"home": home, "fresh_per_repetition": True, "bytes": 128,
                                 "nodes": [0]}
        return point

    sides = []
    for name, speed in (("a", 1e8), ("b", 2e8)):
        points = [with_home(factory.make_point("mutex", ops_per_sec=1e8), "first"),
                  with_home(factory.make_point("mutex", ops_per_sec=speed), "node:1")]
        if name == "b":
            points.reverse()  # file order alone would pair them wrongly
        sides.append(factory.write(tmp_path / f"{name}.json", factory.make_doc(points)))
    comparison, = compare.compare_runs(results.load_all(sides))
    said = [(r.a["params"].get("home", "first"), r.outcome.verdict) for r in comparison.rows]
    assert said == [("first", "within_noise"), ("node:1", "faster")]
