"""plots/verdict.py: the shared 'B is better than A' table, and the bootstrap contend uses."""

import json

import pytest

import factory
import verdict
from conftest import ROOT

TABLE = json.loads((ROOT / "tests" / "data" / "verdict_cases.json").read_text())


@pytest.mark.parametrize("case", TABLE["cases"], ids=[c["name"] for c in TABLE["cases"]])
def test_every_case_of_the_shared_table(case):
    got = verdict.judge(case["ratio"], case["low"], case["high"], case["min_effect"],
                        case["higher_is_better"])
    assert got == case["verdict"]


# Produced by `contend compare A.json B.json --format json` (default options, so a single run
# per side is credited a 5% spread between runs) on points with these ops/s repetitions: the
# Python bootstrap gives the same interval (the same draws; exp, log and cos may differ in the
# last bit between libm and numpy).
FROM_CONTEND_COMPARE = [
    ("mutex|1|pu|compact|0", [72212578, 71828040, 71460115, 73601739, 74032371],
     [74710631, 74779291, 75890510, 78865382, 78443071],
     (1.0509320135337088, 0.9106065108678073, 1.2260811043521151, "within_noise")),
    ("mutex|2|package|compact|0", [26975460, 26764155, 28169502, 26779360, 27962029],
     [27523799, 28044398, 30364793, 28369663, 30066360],
     (1.0516841232735235, 0.9090216193664008, 1.2387341750653942, "within_noise")),
    ("racy|1|pu|compact|0", [1300520523, 1156799401, 1172399785, 1311605967, 1387258939],
     [1719180185, 1491865402, 1505452041, 1698230920, 1855196135],
     (1.3058086281349672, 0.9113975037172751, 1.8887060763952084, "within_noise")),
]


@pytest.mark.parametrize("seed_text,a,b,expected", FROM_CONTEND_COMPARE,
                         ids=[c[0] for c in FROM_CONTEND_COMPARE])
def test_bootstrap_replays_contend_compare(seed_text, a, b, expected):
    ratio, low, high = verdict.bootstrap_ratio(a, b, verdict.mix(verdict.SEED, seed_text))
    assert ratio == expected[0]
    assert (low, high) == (pytest.approx(expected[1], rel=1e-12), pytest.approx(expected[2], rel=1e-12))
    assert verdict.judge(ratio, low, high, verdict.MIN_EFFECT, True) == expected[3]


def test_a_single_run_is_credited_the_spread_between_runs():
    a = [100.0, 100.0, 100.0, 100.0, 100.0]
    b = [110.0, 110.0, 110.0, 110.0, 110.0]
    seed = verdict.mix(verdict.SEED, "x")
    _, low, high = verdict.bootstrap_ratio(a, b, seed)
    assert low < 1 < high  # 10% with no spread inside either run: still within the 5% per run
    _, low, high = verdict.bootstrap_ratio(a, b, seed, run_spread=0.0)
    assert low == high == pytest.approx(1.1)


def test_seed_text_is_what_contend_compare_mixes():
    point = factory.make_point("atomic_add", threads=2, params={"order": "relaxed", "k": 0.5})
    assert verdict.seed_text(point, 1) == "atomic_add k=0.5 order=relaxed|2|l3|compact|1"


def point_with(values, workload="w"):
    point = factory.make_point(workload, reps=len(values))
    for rep, value in zip(point["repetitions"], values):
        rep["metrics"]["ops_per_sec"] = value
    return point


def test_compare_is_deterministic_and_directional():
    a = point_with([100.0, 101.0, 99.0, 100.5, 99.5])
    b = point_with([120.0, 121.0, 119.0, 120.5, 119.5])
    first = verdict.compare(a, b, "ops_per_sec", True)
    assert first == verdict.compare(a, b, "ops_per_sec", True)
    assert first.verdict == "faster" and first.low > 1
    assert verdict.compare(a, b, "ops_per_sec", False).verdict == "slower"
    assert verdict.compare(b, a, "ops_per_sec", True).verdict == "slower"


def test_compare_says_why_there_is_no_verdict():
    one = point_with([100.0])
    many = point_with([100.0, 101.0, 99.0])
    assert "needs 2 repetitions" in verdict.compare(one, many, "ops_per_sec", True).reason
    assert "no better direction" in verdict.compare(many, many, "total_ops", None).reason
    zero = point_with([0.0, 0.0, 0.0])
    assert "no ratio" in verdict.compare(zero, many, "ops_per_sec", True).reason


def test_zero_baseline_resamples_widen_the_interval():
    ratio, low, high = verdict.bootstrap_ratio([0.0, 1.0, 1.0], [1.0, 1.0, 1.0], seed=3)
    assert ratio == 1.0 and high == float("inf")
