"""'What to use on this machine' per family (the view the guide's questions reuse), on made-up
results whose answer is known. The questions themselves: test_guide_advice.py."""

import advice
import factory
import results
from factory import make_point as P


def advise(points, **doc):
    run = results.Results("t.json", factory.make_doc(points, **doc))
    return {s.family: s for s in advice.family_sections(run)}


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
    assert s.text.startswith("use sharded: 1G ops/s (MdAPE 1.0%), 3.33× (95% CI ")
    assert "the runner-up atomic_add order=relaxed 300M ops/s (MdAPE 1.0%)" in s.text
    assert "; 10× (95% CI " in s.text and "the baseline mutex 100M ops/s" in s.text
    assert "racy" not in s.text


def test_unsafe_and_reference_roles_are_excluded_and_said_so():
    sections = advise([P("mutex", ops_per_sec=1e8), P("racy", ops_per_sec=9e9),
                       P("loop", ops_per_sec=8e9, role="reference"),
                       P("atomic_add", ops_per_sec=2e8)])
    intro = sections["counter"].intro
    assert "racy excluded (unsafe: never recommended)" in intro
    assert "loop excluded (reference: a yardstick, not a choice)" in intro
    assert only(sections["counter"]).text.startswith("use atomic_add")


def test_baseline_is_the_role_not_the_name():
    s = only(advise([P("mutex", ops_per_sec=1e8, role="candidate"),
                     P("big_lock", ops_per_sec=2e8, role="baseline"),
                     P("sharded", ops_per_sec=1e9)])["counter"])
    assert "the runner-up big_lock 200M ops/s (MdAPE 1.0%), which is the baseline" in s.text


def test_direction_comes_from_the_metric_table():
    points = [P("mutex", ops_per_sec=1e8), P("sharded", ops_per_sec=1e9)]
    doc = factory.make_doc(points)
    doc["metrics"]["ops_per_sec"]["better"] = "lower"  # as if the file said so
    run = results.Results("t.json", doc)
    s = only({x.family: x for x in advice.family_sections(run)}["counter"])
    assert s.text.startswith("use mutex: 100M ops/s") and "the baseline itself is best" in s.text


def test_noisy_tie_is_silent_with_the_interval():
    s = only(advise([P("cas_limiter", "cas_limiter", 4, 1.00e7, mdape_pct=8.0),
                     P("mutex_limiter", "cas_limiter", 4, 0.99e7, mdape_pct=2.0)])["cas_limiter"])
    assert s.silent
    assert s.text.startswith("not enough evidence: cas_limiter 10M ops/s (MdAPE 8.0%) against "
                             "mutex_limiter 9.9M ops/s (MdAPE 2.0%) is 1.01× (95% CI ")
    assert s.text.endswith("within noise")


def test_small_margin_is_silent():
    s = only(advise([P("ticket", "locks", 2, 1.015e7, mdape_pct=2.0),
                     P("std_mutex", "locks", 2, 1.00e7, mdape_pct=1.5)])["locks"])
    assert s.silent and "is 1.01× (95% CI" in s.text


def test_clear_margin_is_claimed():
    s = only(advise([P("ticket", "locks", 2, 1.30e7, mdape_pct=2.0),
                     P("std_mutex", "locks", 2, 1.00e7, mdape_pct=1.5)])["locks"])
    assert not s.silent
    assert "which is the baseline" in s.text and "1.3× (95% CI" in s.text


def test_a_noisy_loser_far_behind_does_not_silence_the_winner():
    s = only(advise([P("sharded", ops_per_sec=1e9), P("atomic_add", ops_per_sec=3e8,
                                                     mdape_pct=25.0),
                     P("mutex", ops_per_sec=1e8)])["counter"])
    assert not s.silent and s.text.startswith("use sharded")


def test_noisy_rival_that_could_win_makes_it_silent():
    s = only(advise([P("sharded", ops_per_sec=1e9), P("atomic_add", ops_per_sec=8e8),
                     P("spin", ops_per_sec=6e8, mdape_pct=70.0, reps=3),  # max 1.02e9
                     P("mutex", ops_per_sec=1e8)])["counter"])
    assert s.silent and "sharded 1G ops/s (MdAPE 1.0%) against spin 600M" in s.text


def test_too_few_repetitions_say_so():
    s = only(advise([P("sharded", ops_per_sec=1e9, reps=1),
                     P("mutex", ops_per_sec=1e8, reps=1)])["counter"])
    assert s.silent and "needs 2 repetitions of ops_per_sec on each side" in s.text


def test_failed_variant_is_not_compared_and_named():
    s = only(advise([P("sharded", ops_per_sec=9e9, status="failed"),
                     P("atomic_add", ops_per_sec=5e8), P("mutex", ops_per_sec=1e8)])["counter"])
    assert s.text.startswith("use atomic_add")
    assert "(sharded failed verification, not compared)" in s.text


def test_noisy_baseline_is_still_compared_by_its_interval():
    s = only(advise([P("sharded", ops_per_sec=1e9), P("atomic_add", ops_per_sec=5e8),
                     P("mutex", ops_per_sec=1e7, mdape_pct=30.0)])["counter"])
    assert not s.silent
    assert "the baseline mutex 10M ops/s (MdAPE 30.0%)" in s.text


def test_failed_baseline_is_said():
    s = only(advise([P("sharded", ops_per_sec=1e9), P("atomic_add", ops_per_sec=5e8),
                     P("mutex", ops_per_sec=1e7, status="failed")])["counter"])
    assert "the baseline mutex failed verification" in s.text


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


def test_version_1_file_gets_its_baseline_by_the_old_name_rule():
    doc = factory.as_v1(factory.make_doc([P("shared_mutex", "read_mostly", 4, 3e7),
                                          P("mutex", "read_mostly", 4, 2e7),
                                          P("atomic_ptr", "read_mostly", 4, 4e8)]))
    run = results.Results("t.json", results.upgrade_v1.upgrade(doc))
    s = only({x.family: x for x in advice.family_sections(run)}["read_mostly"])
    assert "the baseline mutex 20M ops/s" in s.text


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
    assert "64 B is 4.75× (95% CI " in s.text


def test_stride_advice_silent_when_the_next_smaller_stride_may_be_as_fast():
    values = {8: 1e8, 32: 8.5e8, 64: 9.5e8, 128: 1e9}
    s = only(advise(_strides(2, values, noisy_at=(32,)))["false_sharing"])
    assert s.silent
    assert s.text.startswith("not enough evidence: stride 64 B 950M ops/s (MdAPE 1.0%) against "
                             "stride 32 B 850M ops/s (MdAPE 20.0%) is 1.12× (95% CI ")


def test_stride_advice_silent_when_a_stride_failed():
    points = _strides(2, {8: 1e8, 64: 9.5e8, 128: 1e9})
    points[0] = P("padded_counters", "false_sharing", 2, 1e8, {"stride": 8}, status="failed")
    s = only(advise(points)["false_sharing"])
    assert s.silent and "stride 8 B failed" in s.text


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


def test_every_statement_cites_figures_or_is_silent():
    sections = advice.family_sections(results.Results("f.json", factory.full_doc()))
    assert [s.family for s in sections] == ["counter", "cas_limiter", "locks", "read_mostly",
                                            "false_sharing"]
    for section in sections:
        for st in section.statements:
            assert st.silent == st.text.startswith(advice.SILENT)
            if not st.silent:
                assert "ops/s" in st.text and "× (95% CI " in st.text
