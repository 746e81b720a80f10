"""'What to use on this machine' on made-up results whose answer is known."""

import pytest

import advice
import factory
import results
from factory import make_point as P


def advise(points, **doc):
    run = results.Results("t.json", factory.make_doc(points, **doc))
    return {s.family: s for s in advice.advise(run)}


def only(section):
    assert len(section.statements) == 1, section.statements
    return section.statements[0]


def test_sharded_ten_times_mutex_is_named_with_figures():
    s = only(advise([P("mutex", threads=2, ops_per_sec=1e8),
                     P("atomic_add", threads=2, ops_per_sec=3e8, params={"order": "relaxed"}),
                     P("sharded", threads=2, ops_per_sec=1e9),
                     P("racy", threads=2, ops_per_sec=5e9)])["counter"])
    assert not s.silent
    assert s.subject == "2 threads"
    assert s.text.startswith("use sharded: 1G ops/s (MdAPE 1.0%)")
    assert "3.33× the runner-up atomic_add order=relaxed 300M ops/s" in s.text
    assert "10× the mutex baseline mutex 100M ops/s" in s.text
    assert "racy" not in s.text


def test_racy_is_excluded_and_said_so():
    sections = advise([P("mutex", ops_per_sec=1e8), P("racy", ops_per_sec=9e9),
                       P("atomic_add", ops_per_sec=2e8)])
    assert "racy variants are excluded" in sections["counter"].intro
    assert only(sections["counter"]).text.startswith("use atomic_add")


def test_noisy_tie_is_silent():
    s = only(advise([P("cas_limiter", "cas_limiter", 4, 1.00e7, mdape_pct=8.0),
                     P("mutex_limiter", "cas_limiter", 4, 0.99e7, mdape_pct=2.0)])["cas_limiter"])
    assert s.silent
    assert s.text.startswith("not enough clean data: cas_limiter is noisy (MdAPE 8.0%)")


def test_margin_within_mdape_is_silent():
    s = only(advise([P("ticket", "locks", 2, 1.02e7, mdape_pct=2.0),
                     P("std_mutex", "locks", 2, 1.00e7, mdape_pct=1.5)])["locks"])
    assert s.silent
    assert "differ by 2.0%, within their MdAPE (2.0% + 1.5%)" in s.text


def test_margin_beyond_mdape_is_claimed():
    s = only(advise([P("ticket", "locks", 2, 1.10e7, mdape_pct=2.0),
                     P("std_mutex", "locks", 2, 1.00e7, mdape_pct=1.5)])["locks"])
    assert not s.silent
    assert "which is the mutex baseline" in s.text and "1.1×" in s.text


def test_noisy_rival_that_could_win_makes_it_silent():
    s = only(advise([P("sharded", ops_per_sec=1e9), P("atomic_add", ops_per_sec=8e8),
                     P("spin", ops_per_sec=6e8, mdape_pct=70.0, reps=3),  # max 1.02e9
                     P("mutex", ops_per_sec=1e8)])["counter"])
    assert s.silent and "noisy spin reached" in s.text


def test_failed_variant_is_not_compared_and_named():
    s = only(advise([P("sharded", ops_per_sec=9e9, status="failed"),
                     P("atomic_add", ops_per_sec=5e8), P("mutex", ops_per_sec=1e8)])["counter"])
    assert s.text.startswith("use atomic_add")
    assert "(sharded failed verification, not compared)" in s.text


def test_noisy_baseline_gives_winner_without_ratio():
    s = only(advise([P("sharded", ops_per_sec=1e9), P("atomic_add", ops_per_sec=5e8),
                     P("mutex", ops_per_sec=1e7, mdape_pct=30.0)])["counter"])
    assert not s.silent
    assert "no clean mutex baseline" in s.text and "mutex 10M" not in s.text


def test_baseline_is_shortest_mutex_name():
    s = only(advise([P("atomic_ptr", "read_mostly", 4, 4e8, {"write_ratio": 0.01}),
                     P("shared_mutex", "read_mostly", 4, 3e7, {"write_ratio": 0.01}),
                     P("mutex", "read_mostly", 4, 2e7, {"write_ratio": 0.01})])["read_mostly"])
    assert "20× the mutex baseline mutex 20M ops/s" in s.text


def test_conditions_are_not_mixed():
    sections = advise([P("atomic_ptr", "read_mostly", 2, 1e8, {"write_ratio": 0.5}),
                       P("mutex", "read_mostly", 2, 5e8, {"write_ratio": 0.01}),
                       P("atomic_ptr", "read_mostly", 2, 9e8, {"write_ratio": 0.01})])
    subjects = [(st.subject, st.silent) for st in sections["read_mostly"].statements]
    assert subjects == [("2 threads, write_ratio=0.5", True),  # conditions in file order
                        ("2 threads, write_ratio=0.01", False)]


def test_single_variant_is_silent():
    s = only(advise([P("mutex", threads=1)])["counter"])
    assert s.silent and "fewer than two verified variants" in s.text


def _strides(threads, values, noisy_at=()):
    return [P("padded_counters", "false_sharing", threads, ops, {"stride": stride},
              mdape_pct=20.0 if stride in noisy_at else 1.0)
            for stride, ops in values.items()]


def test_smallest_stride_within_ten_percent_of_best():
    values = {8: 1e8, 16: 1.2e8, 32: 2e8, 64: 9.5e8, 128: 1e9, 256: 0.98e9}
    s = only(advise(_strides(4, values))["false_sharing"])
    assert not s.silent
    assert s.subject == "4 threads, padded_counters"
    assert s.text.startswith("pad to stride 64 B at 950M ops/s (MdAPE 1.0%), within 10% of the "
                             "best stride (128 B, 1G ops/s); 32 B reaches only 200M ops/s")
    assert "4.75× less" in s.text


def test_stride_advice_silent_when_a_smaller_stride_is_noisy():
    values = {8: 1e8, 16: 1.2e8, 32: 2e8, 64: 9.5e8, 128: 1e9}
    s = only(advise(_strides(2, values, noisy_at=(16,)))["false_sharing"])
    assert s.silent and "stride 16 B is noisy" in s.text


def test_stride_advice_when_no_penalty():
    s = only(advise(_strides(1, {8: 1e9, 64: 1.01e9}))["false_sharing"])
    assert not s.silent and s.text.startswith("even the smallest stride measured, stride 8 B")


def test_stride_groups_per_thread_count():
    values = {8: 1e8, 64: 1e9}
    sections = advise(_strides(2, values) + _strides(4, values))
    assert [st.subject for st in sections["false_sharing"].statements] == [
        "2 threads, padded_counters", "4 threads, padded_counters"]
    assert "64-byte cache line" in sections["false_sharing"].intro


def test_families_without_points_are_omitted():
    assert advise([]) == {}


@pytest.mark.parametrize("family", advice.RECOMMEND_FAMILIES)
def test_every_statement_cites_figures_or_is_silent(family):
    doc = factory.full_doc()
    for section in advice.advise(results.Results("f.json", doc)):
        for st in section.statements:
            assert st.silent == st.text.startswith(advice.SILENT)
            if not st.silent:
                assert "ops/s" in st.text and "×" in st.text
