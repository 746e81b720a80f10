"""schema/results.schema.json accepts the documented format and rejects what breaks it."""

import copy

import pytest

import factory
import results


def check(doc):
    results.validate(doc, "doc")


def invalid(doc, *needles):
    with pytest.raises(results.ResultsError) as info:
        check(doc)
    for needle in needles:
        assert needle in str(info.value)
    return str(info.value)


def test_full_fixture_is_valid():
    check(factory.full_doc())


def test_schema_declares_draft_2020_12_and_both_versions():
    s = results.schema()
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["properties"]["schema_version"] == {"enum": [1, 2]}


def test_version_1_documents_still_validate():
    check(factory.as_v1(factory.full_doc()))


@pytest.mark.parametrize("change,needle", [
    (lambda d: d.pop("metrics"), "'metrics' is a required property"),
    (lambda d: d["points"][0].pop("role"), "points[0]: 'role' is a required property"),
    (lambda d: d["warnings"].append("plain text"), "warnings[1]: 'plain text' is not of type"),
    (lambda d: d["points"][0]["warnings"].append({"code": "x", "text": "t"}),
     "points[0].warnings[0]: 'figures' is a required property"),
    (lambda d: d["points"][0].update(role="winner"), "points[0].role"),
    (lambda d: d["metrics"]["ops_per_sec"].update(better="more"), "metrics.ops_per_sec.better"),
    (lambda d: d["warnings"][0].update(code="Busy Machine"), "warnings[0].code"),
    (lambda d: d["warnings"][0]["figures"].update(load="high"), "warnings[0].figures.load"),
])
def test_version_2_requires_roles_metric_table_and_coded_warnings(change, needle):
    doc = factory.make_doc([factory.make_point()])
    change(doc)
    invalid(doc, needle)


def test_version_2_c2c_document_needs_no_metric_table():
    doc = factory.make_doc(kind="c2c")
    del doc["metrics"]
    check(doc)


def test_every_summary_metric_needs_a_table_entry():
    doc = factory.make_doc([factory.make_point()])
    del doc["metrics"]["ns_per_op"]
    invalid(doc, "points[0].summary.ns_per_op: metric missing from the top-level metrics table")


@pytest.mark.parametrize("change,needle", [
    (lambda d: d.update(metrics={}), "metrics"),
    (lambda d: d["points"][0].update(role="baseline"), "points[0].role"),
    (lambda d: d["warnings"].append(factory.warning("busy")), "warnings[1]"),
])
def test_version_1_has_none_of_version_2s_fields(change, needle):
    doc = factory.as_v1(factory.make_doc([factory.make_point()]))
    change(doc)
    invalid(doc, needle)


def test_run_without_points_is_invalid():
    doc = factory.make_doc([factory.make_point()])
    del doc["points"]
    invalid(doc, "points")


def test_c2c_needs_object_but_no_points():
    doc = factory.make_doc(kind="c2c")
    assert "points" not in doc
    check(doc)
    doc["points"] = []
    check(doc)
    del doc["c2c"]
    invalid(doc, "c2c")


def _c2c_checks():
    probe = {"status": "done", "reason": None, "pairs_planned": 6, "pairs_probed": 6,
             "samples": 3, "round_trips": 32, "duration_s": 0.02, "sibling_fraction": 0.5,
             "threshold_ns": 14.9, "hidden_siblings": [[0, 2]]}
    recheck = {"status": "done", "reason": None, "seed": 99, "pairs_planned": 4,
               "duration_s": 0.03,
               "pairs": [{"a": 0, "b": 3, "mode": "load_store", "concurrent_median_ns": 31.0,
                          "concurrent_mdape_pct": 1.1, "serial_median_ns": 30.2,
                          "serial_mdape_pct": 0.9, "ratio": 1.03, "noise_pct": 10.0,
                          "within_noise": True}]}
    return probe, recheck


def test_c2c_sibling_probe_and_serial_recheck_validate():
    doc = factory.make_doc(kind="c2c")
    doc["c2c"]["sibling_probe"], doc["c2c"]["serial_recheck"] = _c2c_checks()
    check(doc)
    skipped = copy.deepcopy(doc)
    skipped["c2c"]["serial_recheck"].update(status="skipped", pairs=[], pairs_planned=0,
                                            reason="no round ran more than one pair")
    skipped["c2c"]["sibling_probe"].update(threshold_ns=None, hidden_siblings=[])
    check(skipped)


@pytest.mark.parametrize("part, key, value, needle", [
    ("sibling_probe", "status", "maybe", "status"),
    ("sibling_probe", "hidden_siblings", [[0]], "hidden_siblings"),
    ("sibling_probe", "samples", 0, "samples"),
    ("serial_recheck", "seed", -1, "seed"),
    ("serial_recheck", "pairs", [{"a": 0}], "pairs"),
])
def test_c2c_checks_reject_bad_fields(part, key, value, needle):
    doc = factory.make_doc(kind="c2c")
    doc["c2c"]["sibling_probe"], doc["c2c"]["serial_recheck"] = _c2c_checks()
    doc["c2c"][part][key] = value
    invalid(doc, needle)


def _drop(doc, path):
    target = doc
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return doc


@pytest.mark.parametrize("path", [
    ("tool", "git_revision"),
    ("run", "interrupted"),
    ("context", "hostname"),
    ("context", "cpu", "model"),
    ("context", "cpu", "cache_line_bytes"),
    ("context", "os", "hypervisor"),
    ("points", 0, "status"),
    ("points", 0, "placement", "requested_pus"),
    ("points", 0, "verification", "passed"),
    ("points", 0, "summary", "ops_per_sec", "mdape_pct"),
    ("points", 0, "repetitions", 0, "metrics"),
    ("points", 0, "repetitions", 0, "threads", 1, "ops"),
    ("points", 0, "repetitions", 0, "metrics", "ops_per_sec"),
])
def test_missing_required_field_is_named(path):
    doc = _drop(factory.make_doc([factory.make_point()]), path)
    invalid(doc, repr(path[-1]))


@pytest.mark.parametrize("where", [(), ("tool",), ("run",), ("points", 0),
                                   ("points", 0, "placement"), ("points", 0, "repetitions", 0),
                                   ("points", 0, "repetitions", 0, "threads", 0)])
def test_records_are_closed(where):
    doc = factory.make_doc([factory.make_point()])
    target = doc
    for part in where:
        target = target[part]
    target["unexpected_field"] = 1
    invalid(doc, "unexpected_field")


@pytest.mark.parametrize("where", [("context",), ("context", "cpu"), ("context", "os"),
                                   ("points", 0, "params"),
                                   ("points", 0, "repetitions", 0, "metrics")])
def test_open_maps_accept_extra_fields(where):
    doc = factory.make_doc([factory.make_point()])
    target = doc
    for part in where:
        target = target[part]
    target["new_thing"] = 3
    doc["context"]["timer"] = {"source": "tsc", "overhead_ns": 7.5}
    check(doc)


def test_status_ok_requires_passing_verification():
    doc = factory.make_doc([factory.make_point()])
    doc["points"][0]["verification"]["passed"] = False
    invalid(doc, "points[0].verification.passed")


def test_failed_point_requires_an_error_line():
    doc = factory.make_doc([factory.make_point(status="failed")])
    check(doc)
    doc["points"][0]["error"] = None
    invalid(doc, "points[0].error")
    doc["points"][0]["error"] = "two\nlines"
    invalid(doc, "points[0].error")


def test_failed_point_may_have_no_repetitions():
    point = factory.make_point(status="failed")
    point["repetitions"], point["summary"] = [], {}
    check(factory.make_doc([point]))


def test_ok_point_needs_a_repetition():
    point = factory.make_point()
    point["repetitions"] = []
    invalid(factory.make_doc([point]), "repetitions")


@pytest.mark.parametrize("field,value", [
    (("family",), "widgets"), (("status",), "fine"), (("threads",), 0),
    (("placement", "strategy"), "random"), (("placement", "shared_level"), "rack"),
    (("params",), {"stride": [64]}), (("summary", "ops_per_sec", "n"), 0),
])
def test_bad_values_rejected(field, value):
    doc = factory.make_doc([factory.make_point()])
    target = doc["points"][0]
    for part in field[:-1]:
        target = target[part]
    target[field[-1]] = value
    invalid(doc, "points[0]")


@pytest.mark.parametrize("path", [("tool", "sanitizers"), ("points", 0, "stability"),
                                  ("context", "timer")])
def test_optional_fields_may_be_absent(path):
    doc = factory.make_doc([factory.make_point()])
    doc["context"]["timer"] = {"source": "tsc"}
    check(_drop(doc, path))


def test_stability_is_one_of_the_known_outcomes():
    doc = factory.make_doc([factory.make_point()])
    doc["points"][0]["stability"] = "stable-ish"
    invalid(doc, "points[0].stability")


def test_metrics_must_be_numbers():
    doc = factory.make_doc([factory.make_point()])
    doc["points"][0]["repetitions"][0]["metrics"]["note"] = "fast"
    invalid(doc, "repetitions[0].metrics.note")


def test_timestamps_are_utc():
    doc = factory.make_doc([])
    doc["run"]["started_at"] = "2026-11-26 20:50:00"
    invalid(doc, "run.started_at")


def test_thread_count_must_match_records():
    doc = factory.make_doc([factory.make_point(threads=2)])
    doc["points"][0]["repetitions"][1]["threads"].pop()
    invalid(doc, "repetition 1 has 1 thread records, expected 2")


def test_summary_median_within_min_max():
    doc = factory.make_doc([factory.make_point()])
    doc["points"][0]["summary"]["ops_per_sec"]["median"] = 1e12
    invalid(doc, "summary.ops_per_sec")


def test_fixture_is_not_mutated_by_make_doc():
    point = factory.make_point()
    before = copy.deepcopy(point)
    factory.make_doc([point, point])
    assert point == before
