"""scripts/crosscheck_table.py: medians over rounds, ratios, and the fastest-thread figure."""

import json
import sys

import pytest

import factory
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import crosscheck_table  # noqa: E402


def write_round(directory, round_index, ops_per_sec, gbench_ns, skew=0.0, status_2t="ok",
                finish=None):
    """One round of the atomic_add figure: contend at 1 and 2 threads, gbench's medians;
    finish = (first_finish_frac, alone_frac) of gbench's 2-thread run, absent when None."""
    points = [factory.make_point(threads=1, ops_per_sec=ops_per_sec, mdape_pct=0.0),
              factory.make_point(threads=2, ops_per_sec=ops_per_sec, mdape_pct=0.0, skew=skew,
                                 status=status_2t)]
    factory.write(directory / f"{round_index}-atomic_add.contend.json", factory.make_doc(points))
    benchmarks = [{"name": f"atomic_add/threads:{t}_median", "aggregate_name": "median",
                   "threads": t, "items_per_second": t / ns * 1e9}
                  for t, ns in gbench_ns.items()]
    if finish is not None:
        two = next(b for b in benchmarks if b["threads"] == 2)
        two["first_finish_frac"], two["alone_frac"] = finish
    benchmarks.append({"name": "atomic_add/threads:1_mean", "aggregate_name": "mean",
                       "threads": 1, "items_per_second": 1.0})  # other aggregates are ignored
    (directory / f"{round_index}-atomic_add.gbench.json").write_text(
        json.dumps({"benchmarks": benchmarks}))


def test_ratio_is_the_median_of_the_rounds_ratios(tmp_path):
    # contend 1e8 ops/s: 10 ns/op at 1 thread, 20 ns/op per thread at 2.
    for r, (g1, g2) in enumerate([(10.0, 20.0), (5.0, 40.0), (20.0, 10.0)]):
        write_round(tmp_path, r, 1e8, {1: g1, 2: g2})
    samples, _ = crosscheck_table.collect(tmp_path)
    assert sorted(samples) == ["atomic_add 1T", "atomic_add 2T"]
    assert len(samples["atomic_add 1T"]) == 3
    rows = {line.split()[0] + " " + line.split()[1]: line.split()
            for line in crosscheck_table.table(samples)[1:]}
    one = rows["atomic_add 1T"]
    assert float(one[2]) == pytest.approx(10.0)  # contend ns/op
    assert float(one[4]) == pytest.approx(10.0)  # gbench ns/op, median of 10, 5, 20
    assert float(one[5]) == pytest.approx(1.0)  # ratios 1, 2, 0.5: median 1
    assert len(one) == 6  # no fastest-thread columns for one thread


def test_fastest_thread_is_the_thread_with_most_operations(tmp_path):
    write_round(tmp_path, 0, 1e8, {1: 10.0, 2: 20.0}, skew=0.4)
    samples, _ = crosscheck_table.collect(tmp_path)
    fastest_ns, share = samples["atomic_add 2T"][0]["fastest"]
    # skew 0.4 over two threads gives shares 0.45 and 0.55 of 2e7 operations in 0.2 s.
    assert share == pytest.approx(0.55, abs=1e-6)
    assert fastest_ns == pytest.approx(0.2e9 / (0.55 * 2e7), rel=1e-6)
    assert fastest_ns < samples["atomic_add 2T"][0]["ns"]


def test_finish_columns_are_medians_for_multi_thread_rows_only(tmp_path):
    for r, finish in enumerate([(0.8, 0.2), (0.6, 0.4), (0.9, 0.1)]):
        write_round(tmp_path, r, 1e8, {1: 10.0, 2: 20.0}, skew=0.4, finish=finish)
    samples, _ = crosscheck_table.collect(tmp_path)
    lines = crosscheck_table.table(samples)
    assert lines[0].endswith("1st fin  alone")
    two = next(line for line in lines if line.startswith("atomic_add 2T")).split()
    assert [float(v) for v in two[-2:]] == pytest.approx([0.8, 0.2])
    one = next(line for line in lines if line.startswith("atomic_add 1T")).split()
    assert len(one) == 6


def test_reports_without_finish_counters_still_give_the_other_columns(tmp_path):
    write_round(tmp_path, 0, 1e8, {1: 10.0, 2: 20.0}, skew=0.4)  # an older contend_crosscheck
    samples, _ = crosscheck_table.collect(tmp_path)
    two = next(line for line in crosscheck_table.table(samples) if line.startswith("atomic_add 2T"))
    assert len(two.split()) == 9  # label (2 words), 4 columns, 3 fastest-thread columns


def test_missing_gbench_figure_is_reported_not_averaged(tmp_path):
    write_round(tmp_path, 0, 1e8, {1: 10.0})  # gbench has no 2-thread figure
    samples, _ = crosscheck_table.collect(tmp_path)
    assert samples["atomic_add 2T"] == []
    assert any("failed or missing" in line for line in crosscheck_table.table(samples))


def test_failed_contend_point_adds_no_sample_and_the_row_says_so(tmp_path):
    write_round(tmp_path, 0, 1e8, {1: 10.0, 2: 20.0})
    write_round(tmp_path, 1, 1e8, {1: 10.0, 2: 20.0})
    # Round 2: the 2-thread point failed verification; its (wrong) figure must not count.
    write_round(tmp_path, 2, 1e6, {1: 10.0, 2: 20.0}, status_2t="failed")
    samples, _ = crosscheck_table.collect(tmp_path)
    assert len(samples["atomic_add 1T"]) == 3
    assert len(samples["atomic_add 2T"]) == 2
    assert all(r["ns"] == pytest.approx(20.0) for r in samples["atomic_add 2T"])
    row = next(line for line in crosscheck_table.table(samples) if line.startswith("atomic_add 2T"))
    assert "(2 of 3 rounds: the others failed)" in row


def test_a_file_that_is_not_a_results_file_is_one_line(tmp_path, capsys):
    (tmp_path / "0-atomic_add.contend.json").write_text('{"schema_version": 1}')
    assert crosscheck_table.main(tmp_path) == 2
    err = capsys.readouterr().err
    assert err.startswith("crosscheck_table.py: ") and err.count("\n") == 1


def test_main_prints_table_and_rejects_an_empty_directory(tmp_path, capsys):
    assert crosscheck_table.main(tmp_path) == 1
    assert "no *.contend.json" in capsys.readouterr().err
    write_round(tmp_path, 0, 1e8, {1: 10.0, 2: 20.0})
    assert crosscheck_table.main(tmp_path) == 0
    out = capsys.readouterr().out
    assert "medians over 1 round(s)" in out and "atomic_add 2T" in out
