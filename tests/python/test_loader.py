"""results.load: one clear ResultsError per bad file, never a traceback; query helpers."""

import json
import os
import threading

import pytest

import factory
import results


def test_good_file_loads(full_file):
    run = results.load(full_file)
    assert run.doc["kind"] == "run"
    assert len(run.points) == len(factory.full_doc()["points"])
    assert run.machine == "AMD EPYC 7B13 (box)"
    assert run.tag == "full"


def test_missing_file(tmp_path):
    with pytest.raises(results.ResultsError, match=r"nope\.json: no such file"):
        results.load(tmp_path / "nope.json")


def test_directory(tmp_path):
    with pytest.raises(results.ResultsError, match="is a directory"):
        results.load(tmp_path)


@pytest.mark.parametrize("cut_at", ["middle", "inside_string", "after_comma"])
def test_truncated_file_names_line_and_column(tmp_path, full_file, cut_at):
    text = full_file.read_text()
    end = {"middle": len(text) // 2,
           "inside_string": text.index('"model"') + 4,
           "after_comma": text.index('"kind"')}[cut_at]
    cut = tmp_path / "cut.json"
    cut.write_text(text[:end])
    lines = text[:end].split("\n")
    with pytest.raises(results.ResultsError) as info:
        results.load(cut)
    message = str(info.value)
    assert message.startswith(f"{cut}: truncated JSON: the text ends at "
                              f"line {len(lines)}, column {len(lines[-1]) + 1}")


def test_deeply_nested_file_is_refused_not_a_traceback(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"a":' * 100000 + "1" + "}" * 100000)
    with pytest.raises(results.ResultsError, match="deep.json: nested too deeply"):
        results.load(path)


def test_oversized_input_is_refused_before_parsing(tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    path.write_text(" " * 2048)
    monkeypatch.setattr(results, "MAX_RESULTS_BYTES", 1024)
    with pytest.raises(results.ResultsError, match="big.json: larger than"):
        results.load(path)


def test_huge_file_is_refused_by_its_size_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:
        f.truncate(results.MAX_RESULTS_BYTES + 1)  # sparse: no disk used
    monkeypatch.setattr(results, "open", None, raising=False)  # reading it would fail loudly
    with pytest.raises(results.ResultsError, match="huge.json: larger than 256 MiB"):
        results.load(path)


def test_endless_device_is_refused_on_its_first_bytes():
    with pytest.raises(results.ResultsError,
                       match=r"/dev/zero: starts with '\\x00', expected an object"):
        results.load("/dev/zero")


def test_pipe_is_read_in_bounded_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(results, "MAX_RESULTS_BYTES", 3 * results.READ_CHUNK)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    def write_more_than_the_limit():
        try:
            fifo.write_text("{" + " " * (4 * results.READ_CHUNK))
        except BrokenPipeError:
            pass  # the reader stopped at the limit, as it should

    writer = threading.Thread(target=write_more_than_the_limit)
    writer.start()
    with pytest.raises(results.ResultsError, match="fifo: larger than"):
        results.load(fifo)
    writer.join()


def test_malformed_file_names_line_and_column(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "schema_version": 1,\n  "kind": "run" oops\n}\n')
    with pytest.raises(results.ResultsError, match=r"malformed JSON at line 3, column 17"):
        results.load(bad)


def test_nan_is_rejected(tmp_path):
    doc = factory.make_doc([factory.make_point()])
    path = tmp_path / "nan.json"
    path.write_text(json.dumps(doc).replace('"load_average_1m": 0.12', '"load_average_1m": NaN'))
    with pytest.raises(results.ResultsError, match="NaN"):
        results.load(path)


@pytest.mark.parametrize("version", [3, 0, "1", None, True])
def test_unknown_schema_version(tmp_path, version):
    doc = factory.make_doc([])
    if version is None:
        del doc["schema_version"]
    else:
        doc["schema_version"] = version
    path = factory.write(tmp_path / "v.json", doc)
    with pytest.raises(results.ResultsError, match="unknown schema_version"):
        results.load(path)


def test_missing_required_field_names_path(tmp_path):
    doc = factory.make_doc([factory.make_point(), factory.make_point()])
    del doc["points"][1]["summary"]["ns_per_op"]
    path = factory.write(tmp_path / "m.json", doc)
    with pytest.raises(results.ResultsError) as info:
        results.load(path)
    assert str(info.value) == f"{path}: points[1].summary: 'ns_per_op' is a required property"


def test_top_level_not_object(tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[]")
    with pytest.raises(results.ResultsError, match="expected an object"):
        results.load(path)


def test_duplicate_file_stems_get_distinct_tags(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    doc = factory.make_doc([factory.make_point()])
    runs = results.load_all([factory.write(tmp_path / d / "r.json", doc) for d in "ab"])
    assert [r.tag for r in runs] == ["r", "r-2"]


def test_iter_points_skips_failed_by_default():
    doc = factory.make_doc([factory.make_point(), factory.make_point(status="failed")])
    assert len(list(results.iter_points(doc))) == 1
    assert len(list(results.iter_points(doc, include_failed=True))) == 2


def test_failed_point_has_no_figures():
    point = factory.make_point(status="failed", ops_per_sec=9e9)
    assert point["summary"]["ops_per_sec"]["median"] == 9e9  # the numbers are in the file...
    assert results.median(point, "ops_per_sec") is None     # ...but readers never see them
    assert results.stat(point, "ns_per_op") is None


def test_spread_and_median_repetition():
    point = factory.make_point(ops_per_sec=100.0 / factory.DURATION_S, mdape_pct=10.0, reps=5)
    lo, hi = results.spread(point, "ops_per_sec")
    assert lo == pytest.approx(400.0) and hi == pytest.approx(600.0)
    rep = results.median_repetition(point)
    assert rep["metrics"]["ops_per_sec"] == pytest.approx(500.0)


def test_thread_shares_sum_to_one():
    shares = results.thread_shares(factory.make_point(threads=4, skew=1.0))
    assert len(shares) == 4 and sum(shares) == pytest.approx(1.0)
    assert shares[0] < shares[-1]


def test_group_variants_names_lines_by_workload_and_params():
    points = [factory.make_point("atomic_add", params={"order": o}, threads=t)
              for o in ("relaxed", "seq_cst") for t in (1, 2)]
    groups = results.group_variants(points)
    assert list(groups) == ["order=relaxed", "order=seq_cst"]  # one workload: in the title
    assert [p["threads"] for p in groups["order=relaxed"]] == [1, 2]


def test_group_variants_names_placement_only_when_mixed():
    points = [factory.make_point(placement=s) for s in ("compact", "scatter")]
    assert list(results.group_variants(points)) == ["[compact]", "[scatter]"]
    points.append(factory.make_point("mutex"))
    assert list(results.group_variants(points)) == ["atomic_add [compact]",
                                                    "atomic_add [scatter]", "mutex [compact]"]


def test_machine_label_uses_cpu_model_and_host():
    doc = factory.make_doc(cpu_model="  Intel(R) Xeon(R)   Gold 6338 ", hostname="node7")
    assert results.machine_label(doc) == "Intel(R) Xeon(R) Gold 6338 (node7)"


@pytest.mark.parametrize("value,unit,text", [(1.234e8, "ops/s", "123M ops/s"),
                                             (2e9, "ops/s", "2G ops/s"), (12.5, "", "12.5"),
                                             (None, "ops/s", "n/a")])
def test_si(value, unit, text):
    assert results.si(value, unit) == text


def test_version_1_file_is_upgraded_on_load(tmp_path):
    points = [factory.make_point(w, family) for w, family in
              [("mutex", "counter"), ("shared_mutex", "counter"), ("racy", "counter"),
               ("atomic_add", "counter"), ("empty", "empty")]]
    points[2]["warnings"] = [factory.warning("noisy: ops_per_sec MdAPE 6.7% above 5.0%")]
    doc = factory.as_v1(factory.make_doc(points, warnings=["virtual machine (KVM): vCPUs"]))
    run = results.load(factory.write(tmp_path / "v1.json", doc))
    assert run.doc["schema_version"] == 2
    assert [p["role"] for p in run.points] == ["baseline", "candidate", "unsafe", "candidate",
                                               "reference"]
    assert run.doc["warnings"] == [{"code": "unclassified", "text": "virtual machine (KVM): vCPUs",
                                    "figures": {}}]
    assert run.points[2]["warnings"][0]["code"] == "noisy"
    assert results.higher_is_better(run, "ops_per_sec") is True
    assert results.higher_is_better(run, "latency_p99_ns") is None  # not in these points
    assert results.higher_is_better(run, "ns_per_op") is False
    assert results.metric_info(run, "total_ops")["better"] == "none"


def test_version_1_unknown_metric_gets_the_old_suffix_rule():
    table = results.upgrade_v1.metric_table({"points": [{"summary": {
        "handoff_ns": {}, "retries_per_op": {}, "grants_per_sec": {}, "score": {}}}]})
    assert {k: (v["unit"], v["better"]) for k, v in table.items()} == {
        "grants_per_sec": ("grants/s", "higher"), "handoff_ns": ("ns", "lower"),
        "retries_per_op": ("retries/op", "lower"), "score": ("1", "higher")}


def test_version_2_file_is_read_as_written(tmp_path):
    doc = factory.make_doc([factory.make_point("mutex", role="candidate")])
    run = results.load(factory.write(tmp_path / "v2.json", doc))
    assert run.doc == doc


def test_long_names_are_cut_with_a_hash_that_keeps_them_apart():
    a, b = results.slug("x" * 300 + "a"), results.slug("x" * 300 + "b")
    assert len(a) == len(b) == results.MAX_NAME_CHARS and a != b
    assert results.slug("café/../répertoire") == "caf-..-r-pertoire"
