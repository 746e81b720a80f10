"""'What to use on this machine' as the decision guide's questions, on made-up results whose
answer is known: each question answered, silent with its reason, unsafe never recommended,
sweeps with and without a crossover."""

import pytest

import advice
import factory
import results
from factory import make_point as P

SINGLE, GROUP, HANDOFF, READ, SEQUENTIAL = (q[0] for q in advice.QUESTIONS)
EXTRA_METRICS = {"items_per_sec": ("items/s", "higher"), "torn_reads": ("reads", "lower"),
                 "failed_time_share": ("1", "lower")}


@pytest.fixture(autouse=True)
def guide_metrics(monkeypatch):
    for name, unit_better in EXTRA_METRICS.items():
        monkeypatch.setitem(factory.METRICS, name, unit_better)


def with_metric(point, name, per_rep):
    """Add a metric to every repetition (a function of its metrics) and to the summary."""
    for rep in point["repetitions"]:
        rep["metrics"][name] = per_rep(rep["metrics"])
    point["summary"][name] = factory._stat([r["metrics"][name] for r in point["repetitions"]])
    return point


def guide(points):
    run = results.Results("t.json", factory.make_doc(points))
    return {s.title: s for s in advice.advise(run)}


def claims(section, word=""):
    return [st for st in section.statements if not st.silent and word in st.text]


def one(section, word):
    found = [st for st in section.statements if word in st.subject + st.text]
    assert len(found) == 1, section.statements
    return found[0]


# ---------------------------------------------------------------- 1. a single counter

def test_single_counter_answered_against_the_mutex_baseline():
    s = guide([P("mutex", ops_per_sec=1e8), P("atomic_add", ops_per_sec=3e8,
                                               params={"order": "relaxed"})])[SINGLE]
    st = one(s, "counter, 2 threads")
    assert not st.silent
    assert st.text.startswith("use atomic_add order=relaxed: 300M ops/s (MdAPE 1.0%), 3× (95% CI ")
    assert st.text.endswith("the runner-up mutex 100M ops/s (MdAPE 1.0%), which is the baseline")


def window(workload, window_ns, ops, backoff=None, role=None, mdape=1.0, **kw):
    params = {"window_ns": window_ns, **({"backoff": backoff} if backoff else {})}
    return P(workload, "cas_window", 2, ops, params, mdape_pct=mdape, role=role, **kw)


MUTEX_WINDOW = {0: 1e7, 100: 4e6, 400: 1e6, 1600: 3e5}


def window_sweep(cas_ops, backoff="none", mdape=None, extra=None):
    mdape = mdape or {}
    return ([window("cas_window", w, ops, backoff, "candidate", mdape.get(w, 1.0), extra=extra)
             for w, ops in cas_ops.items()]
            + [window("mutex_window", w, ops, role="baseline") for w, ops in MUTEX_WINDOW.items()])


def test_window_crossover_found_and_named_with_both_sides():
    st = one(guide(window_sweep({0: 3e7, 100: 8e6, 400: 5e5, 1600: 1e5}))[SINGLE],
             "cas_window")
    assert not st.silent
    assert st.text.startswith("cas_window backoff=none against mutex_window (ops_per_sec, ratio "
                              "cas_window backoff=none/mutex_window): crossover between "
                              "window_ns=100 (cas_window backoff=none better) and window_ns=400 "
                              "(mutex_window better)")
    assert "window_ns=400: 0.5× (95% CI " in st.text and "window_ns=0: 3× (95% CI " in st.text


def test_window_crossover_not_found_when_cas_wins_everywhere():
    st = one(guide(window_sweep({0: 3e7, 100: 8e6, 400: 2e6, 1600: 6e5}))[SINGLE], "cas_window")
    assert not st.silent
    assert ("no crossover up to window_ns=1600, cas_window backoff=none better at every "
            "window_ns with a verdict from 0 to 1600") in st.text


def test_window_crossover_with_noise_between_names_the_noisy_values():
    st = one(guide(window_sweep({0: 3e7, 100: 4.1e6, 400: 5e5, 1600: 1e5},
                                mdape={100: 30.0}))[SINGLE], "cas_window")
    assert ("crossover between window_ns=0 (cas_window backoff=none better) and window_ns=400 "
            "(mutex_window better, within noise at 100)") in st.text


def test_window_sides_changing_twice_is_no_crossover():
    st = one(guide(window_sweep({0: 3e7, 100: 2e6, 400: 2e6, 1600: 6e5}))[SINGLE], "cas_window")
    assert st.silent and "no single crossover" in st.text and "changes sides 2 times" in st.text


def test_window_within_noise_everywhere_is_silent():
    st = one(guide(window_sweep(MUTEX_WINDOW, mdape={w: 40.0 for w in MUTEX_WINDOW}))[SINGLE],
             "cas_window")
    assert st.silent and "within noise at every window_ns measured" in st.text


def test_window_measured_once_says_there_is_no_sweep():
    st = one(guide([window("cas_window", 100, 8e6, "none", "candidate"),
                    window("mutex_window", 100, 4e6, role="baseline")])[SINGLE], "cas_window")
    assert st.silent and "measured at one window_ns only" in st.text


def test_window_statement_cites_the_retry_figures_the_candidate_alone_records():
    st = one(guide(window_sweep({0: 3e7, 100: 8e6, 400: 2e6, 1600: 6e5},
                                extra={**factory.CAS, "failed_time_share": 0.25}))[SINGLE],
             "cas_window")
    assert ("at window_ns=1600: cas_attempts_per_op 1.7 attempts/op, cas_failures_per_op "
            "0.7 failures/op, failed_time_share 0.25") in st.text


def test_window_backoffs_are_separate_sweeps_and_the_baseline_is_the_role():
    points = window_sweep({0: 3e7, 1600: 1e5}, "none") + window_sweep({0: 3e7, 1600: 6e5}, "exp")
    points = [p for p in points if p["workload"] == "cas_window"] + [
        window("big_lock", w, ops, role="baseline") for w, ops in MUTEX_WINDOW.items()]
    sts = [st for st in guide(points)[SINGLE].statements if "cas_window" in st.subject]
    assert [("backoff=none" in st.text, "crossover between" in st.text) for st in sts] == [
        (True, True), (False, False)]
    assert all("against big_lock" in st.text for st in sts)


def test_single_question_not_measured_says_so():
    st = only_statement(guide([P("mutex", "locks", 2, 1e7), P("ticket", "locks", 2, 2e7)])[SINGLE])
    assert st.silent and "this file has no counter or cas_limiter or cas_window points" in st.text


def only_statement(section):
    assert len(section.statements) == 1, section.statements
    return section.statements[0]


# ---------------------------------------------------------------- 2. a group of variables

def multiword(torn=1000.0, atomics_ops=9e8, seqlock_ops=3e8):
    return [P("mw_mutex", "multiword", 2, 1e8, {"write_every": 100}, role="baseline"),
            P("mw_seqlock", "multiword", 2, seqlock_ops, {"write_every": 100}),
            P("mw_cow", "multiword", 2, 2e8, {"write_every": 100}),
            P("mw_atomics", "multiword", 2, atomics_ops, {"write_every": 100}, role="unsafe",
              extra={"torn_reads": torn})]


def test_group_answered_and_the_unsafe_fastest_is_never_recommended():
    s = guide(multiword())[GROUP]
    winner = one(s, "use ")
    assert winner.text.startswith("use mw_seqlock: 300M ops/s (MdAPE 1.0%), 1.5× (95% CI ")
    assert "the runner-up mw_cow" in winner.text and "the baseline mw_mutex 100M" in winner.text
    unsafe = one(s, "mw_atomics is unsafe")
    assert unsafe.text == ("mw_atomics is unsafe, never recommended: torn_reads 1k reads "
                           "(at 900M ops/s, not comparable)")
    assert "mw_atomics excluded (unsafe: never recommended)" in s.intro
    assert all("use mw_atomics" not in st.text for st in s.statements)


def test_group_unsafe_reports_zero_torn_reads_without_recommending_it():
    st = one(guide(multiword(torn=0.0))[GROUP], "mw_atomics")
    assert "torn_reads 0 reads" in st.text and "never recommended" in st.text


def test_group_tie_is_silent():
    st = guide(multiword(seqlock_ops=2.01e8))[GROUP].statements[0]
    assert st.silent and st.text.startswith("not enough evidence: mw_seqlock 201M ops/s")


def test_group_not_measured_says_so():
    st = only_statement(guide([P("mutex", ops_per_sec=1e8), P("sharded", ops_per_sec=2e8)])[GROUP])
    assert st.silent and "no multiword points (scenarios/guide.json runs them)" in st.text


# ---------------------------------------------------------------- 3. passing data

def queue(workload, ops, latency_ns, role=None, mdape=1.0):
    point = P(workload, "handoff", 2, ops, {"capacity": 256, "producers": 1}, mdape_pct=mdape,
              role=role, extra={"latency_p50_ns": latency_ns})
    return with_metric(point, "items_per_sec", lambda m: m["ops_per_sec"] / 2)


def test_handoff_ranked_by_items_with_latency():
    s = guide([queue("handoff_mutex", 2e6, 40000.0, "baseline"), queue("handoff_spsc", 2e7, 4000.0),
               queue("handoff_mpmc", 1.2e7, 9000.0)])[HANDOFF]
    items = one(s, "use handoff_spsc: 10M items/s")
    assert "1.67× (95% CI " in items.text and "the baseline handoff_mutex 1M items/s" in items.text
    latency = one(s, "hand-off latency")
    assert latency.text.startswith("use handoff_spsc: 4k ns (MdAPE 0.0%), 0.444× (95% CI ")
    assert "median items_per_sec" in s.intro


def test_handoff_tie_is_silent_with_the_interval():
    s = guide([queue("handoff_mutex", 2e6, 40000.0, "baseline"),
               queue("handoff_spsc", 2e7, 4000.0, mdape=25.0),
               queue("handoff_mpmc", 1.9e7, 9000.0)])[HANDOFF]
    st = s.statements[0]
    assert st.silent and "handoff_spsc 10M items/s (MdAPE 25.0%) against handoff_mpmc" in st.text


# ---------------------------------------------------------------- 4. read-mostly, read cost

READS = {"cfg_mutex": {0: 2e7, 200: 1e6, 1000: 3e5}, "cfg_shared_mutex": {0: 7e6, 200: 1.5e6,
                                                                           1000: 3.3e5},
         "cfg_atomic_ptr": {0: 2e8, 200: 2.5e6, 1000: 3.4e5}}


def reads(values=READS):
    return [P(w, "read_mostly", 2, ops, {"read_ns": r, "write_every": 1000},
              role="baseline" if w == "cfg_mutex" else None)
            for w, by_read in values.items() for r, ops in by_read.items()]


def test_read_cost_sweep_finds_where_shared_mutex_wins_and_atomic_stops_mattering():
    s = guide(reads())[READ]
    shared = one(s, "cfg_shared_mutex against cfg_mutex")
    assert not shared.silent
    assert ("crossover between read_ns=0 (cfg_mutex better) and read_ns=200 (cfg_shared_mutex "
            "better)") in shared.text
    atomic = one(s, "cfg_atomic_ptr against cfg_shared_mutex")
    assert ("no crossover up to read_ns=1000, cfg_atomic_ptr better at every read_ns with a "
            "verdict from 0 to 200, within noise from read_ns=1000 (it stops mattering there)"
            ) in atomic.text
    assert "read_ns=1000: 1.03× (95% CI " in atomic.text


def test_read_cost_absent_says_why():
    points = [P(w, "read_mostly", 2, ops, {"write_ratio": 0.01})
              for w, ops in (("mutex", 1e7), ("shared_mutex", 2e7), ("atomic_ptr", 9e7))]
    s = guide(points)[READ]
    assert s.statements[0].silent
    assert "no read_ns sweep in this file" in s.statements[0].text
    assert one(s, "use atomic_ptr").text.startswith("use atomic_ptr: 90M ops/s")


# ---------------------------------------------------------------- 5. concurrency at all

def test_sequential_reference_against_the_best_choice():
    s = guide([P("mutex", ops_per_sec=1e8), P("sharded", ops_per_sec=4e8),
               P("seq_counter", threads=1, ops_per_sec=1e9, role="reference")])[SEQUENTIAL]
    st = only_statement(s)
    assert st.text.startswith("the plain loop does more: 2 threads with sharded 400M ops/s "
                              "(MdAPE 1.0%) deliver 0.4× (95% CI ")
    assert st.text.endswith("the plain sequential loop seq_counter on 1 thread 1G ops/s "
                            "(MdAPE 1.0%)")


def test_sequential_reference_matched_by_condition_and_concurrency_may_pay():
    s = guide(reads() + [P("seq_config", "read_mostly", 1, ops, {"read_ns": r,
                                                                 "write_every": 1000},
                           role="reference")
                         for r, ops in ((0, 2.4e8), (200, 1.2e6), (1000, 3e5))])[SEQUENTIAL]
    texts = [st.text for st in s.statements]
    assert texts[0].startswith("the plain loop does more: 2 threads with cfg_atomic_ptr 200M")
    assert texts[1].startswith("concurrency pays: 2 threads with cfg_atomic_ptr 2.5M ops/s "
                               "(MdAPE 1.0%) deliver 2.08× (95% CI ")
    assert "seq_config on 1 thread 1.2M ops/s" in texts[1]


def test_sequential_missing_reference_or_metric_says_why():
    s = guide([queue("handoff_mutex", 2e6, 4e4, "baseline"), queue("handoff_spsc", 2e7, 4e3),
               P("seq_handoff", "handoff", 1, 1e8, {"capacity": 256}, role="reference"),
               P("mutex", ops_per_sec=1e8), P("sharded", ops_per_sec=4e8)])[SEQUENTIAL]
    assert [(st.subject, st.silent, st.text) for st in s.statements] == [
        ("handoff, 2 threads, capacity=256, producers=1", True,
         "not enough evidence: seq_handoff does not record items_per_sec, the metric handoff is "
         "ranked by"),
        ("counter", True, "not enough evidence: no sequential reference measured")]


# ---------------------------------------------------------------- the whole section

def test_every_question_in_order_then_the_other_families():
    sections = advice.advise(results.Results("f.json", factory.full_doc()))
    assert [s.title for s in sections] == [SINGLE, GROUP, HANDOFF, READ, SEQUENTIAL,
                                           "Also measured: locks",
                                           "Also measured: false_sharing"]
    for section in sections:
        for st in section.statements:
            assert st.silent == st.text.startswith(advice.SILENT)
            if not st.silent and "is unsafe" not in st.text:
                assert "× (95% CI " in st.text
    assert not any("racy" in st.text and not st.silent
                   for s in sections for st in s.statements if "use racy" in st.text)


def test_no_points_no_questions():
    assert advice.advise(results.Results("t.json", factory.make_doc([]))) == []


def test_the_rule_is_stated_once_in_the_first_question_with_figures():
    sections = list(guide([P("mw_mutex", "multiword", 2, 1e8, role="baseline"),
                           P("mw_seqlock", "multiword", 2, 3e8),
                           P("mutex", "locks", 2, 1e7), P("ticket", "locks", 2, 2e7)]).values())
    assert advice.RULE not in sections[0].intro  # single counter: not measured
    assert advice.RULE in sections[1].intro
    assert all(advice.RULE not in s.intro for s in sections[2:5])
