"""Load, validate and query contend results files (docs/results-format.md).

Every problem with an input file surfaces as one ResultsError whose message
starts with the file name and says what is wrong, never as a traceback. The
query helpers below are what every chart and the report share: which points
may be drawn, how a point's variant is named, how a machine is labelled.
"""

import hashlib
import json
import math
import os
import stat as stat_mode
from pathlib import Path

import system_python

system_python.require("jsonschema")

import jsonschema  # noqa: E402

import upgrade_v1  # noqa: E402

# One schema validates every version this reader understands (it says how they differ);
# version 1 documents are upgraded to version 2's shape right after validation.
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "results.schema.json"
VERSIONS = (1, 2)
_schema = None


class ResultsError(Exception):
    """A results file that cannot be used; str() is one line naming the file."""


class Results:
    """One loaded, validated results document plus where it came from."""

    def __init__(self, path, doc):
        self.path = Path(path)
        self.doc = doc  # always version 2 shaped (see load)
        self.tag = slug(self.path.stem)  # file-name-safe id used in chart names

    @property
    def points(self):
        return self.doc.get("points") or []

    @property
    def context(self):
        return self.doc["context"]

    @property
    def machine(self):
        return machine_label(self.doc)


# ---------------------------------------------------------------- loading

# As src/compare/load.hpp's kMaxResultsBytes.
MAX_RESULTS_BYTES = 256 << 20


def schema():
    global _schema
    if _schema is None:
        with open(SCHEMA_FILE, encoding="utf-8") as f:
            _schema = json.load(f)
    return _schema


def _reject_constant(name):
    raise ValueError(f"non-standard JSON constant {name}")


def parse(text, source):
    """JSON text -> document, with line/column for malformed or truncated input."""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        if not text[e.pos:].strip() or e.msg.startswith("Unterminated string"):
            end_line = text.count("\n") + 1
            end_col = len(text) - (text.rfind("\n") + 1) + 1
            raise ResultsError(f"{source}: truncated JSON: the text ends at line {end_line}, "
                               f"column {end_col} inside an unfinished value "
                               f"({e.msg} at line {e.lineno}, column {e.colno})") from None
        raise ResultsError(f"{source}: malformed JSON at line {e.lineno}, "
                           f"column {e.colno}: {e.msg}") from None
    except ValueError as e:
        raise ResultsError(f"{source}: {e}") from None
    except RecursionError:
        raise ResultsError(f"{source}: nested too deeply; expected a results file") from None


def _where(path):
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def validate(doc, source="<document>"):
    """Raise ResultsError unless doc follows the results format."""
    if not isinstance(doc, dict):
        raise ResultsError(f"{source}: top level is {type(doc).__name__}, expected an object")
    version = doc.get("schema_version")
    if version not in VERSIONS or isinstance(version, bool):
        known = " and ".join(str(v) for v in VERSIONS)
        shown = "missing" if version is None else json.dumps(version)
        raise ResultsError(f"{source}: unknown schema_version {shown} "
                           f"(this reader understands {known})")
    validator = jsonschema.Draft202012Validator(schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(doc))
    if error is not None:
        message = " ".join(error.message.split())
        if len(message) > 200:
            message = message[:197] + "..."
        raise ResultsError(f"{source}: {_where(error.absolute_path)}: {message}")
    _check_consistency(doc, source)


def _check_consistency(doc, source):
    """Cross-field rules a JSON Schema cannot express."""
    for i, point in enumerate(doc.get("points") or []):
        where = f"{source}: points[{i}]"
        if point["status"] == "ok":
            for rep in point["repetitions"]:
                if len(rep["threads"]) != point["threads"]:
                    raise ResultsError(f"{where}: repetition {rep['index']} has "
                                       f"{len(rep['threads'])} thread records, "
                                       f"expected {point['threads']}")
        for name, stat in point["summary"].items():
            if not stat["min"] <= stat["median"] <= stat["max"]:
                raise ResultsError(f"{where}.summary.{name}: median {stat['median']} "
                                   f"outside [min {stat['min']}, max {stat['max']}]")
            if "metrics" in doc and name not in doc["metrics"]:
                raise ResultsError(f"{where}.summary.{name}: metric missing from the "
                                   "top-level metrics table (its unit and direction)")


READ_CHUNK = 1 << 20


def _too_large(path):
    return ResultsError(f"{path}: larger than {MAX_RESULTS_BYTES >> 20} MiB; "
                        "expected a results file")


def read_bounded(path):
    """The file's bytes; refuses before reading what cannot be a results file.

    A regular file's size is known up front. Anything else (a pipe, /dev/zero) is read in
    chunks: its first chunk must open a JSON object, and reading stops at the limit.
    """
    info = os.stat(path)
    if stat_mode.S_ISDIR(info.st_mode):
        raise IsADirectoryError(path)
    if stat_mode.S_ISREG(info.st_mode) and info.st_size > MAX_RESULTS_BYTES:
        raise _too_large(path)
    chunks, total = [], 0
    with open(path, "rb") as f:
        while chunk := f.read(READ_CHUNK):
            first = chunk.lstrip()[:1].decode("latin-1")
            if not chunks and first not in ("{", ""):
                raise ResultsError(f"{path}: starts with {first!r}, expected an object "
                                   "(a contend results file)")
            total += len(chunk)
            if total > MAX_RESULTS_BYTES:
                raise _too_large(path)
            chunks.append(chunk)
    return b"".join(chunks)


def load(path):
    """Read, parse and validate one results file -> Results (version 2 shaped)."""
    path = Path(path)
    try:
        text = read_bounded(path).decode("utf-8")
    except FileNotFoundError:
        raise ResultsError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ResultsError(f"{path}: is a directory, expected a results file") from None
    except UnicodeDecodeError as e:
        raise ResultsError(f"{path}: not UTF-8 text (byte {e.start}); "
                           "expected a results file") from None
    except OSError as e:
        raise ResultsError(f"{path}: cannot read: {e.strerror or e}") from None
    doc = parse(text, path)
    validate(doc, path)
    if doc["schema_version"] == 1:
        doc = upgrade_v1.upgrade(doc)
    fold_memory_home(doc)
    return Results(path, doc)


def fold_memory_home(doc):
    """A memory home other than the first worker's node is part of what a point measured:
    read it as a parameter, so charts, labels and compare keep such points apart (as contend
    compare does). Files without shared_state read as home "first"."""
    for point in doc.get("points", []):
        home = point.get("shared_state", {}).get("home", "first")
        if home != "first":
            point["params"] = {**point["params"], "home": home}


def load_all(paths):
    """Load several files; chart tags are made unique where file names repeat."""
    runs = [load(p) for p in paths]
    seen = {}
    for run in runs:
        n = seen[run.tag] = seen.get(run.tag, 0) + 1
        if n > 1:
            run.tag = f"{run.tag}-{n}"
    return runs


# ---------------------------------------------------------------- points

def is_failed(point):
    return point["status"] == "failed"


def is_clean(point):
    """Usable as evidence: verified, not noisy."""
    return not is_failed(point) and not point["noisy"]


def iter_points(results, family=None, include_failed=False):
    """Points of a Results (or raw document), optionally one family only."""
    doc = results.doc if isinstance(results, Results) else results
    for point in doc.get("points") or []:
        if family is not None and point["family"] != family:
            continue
        if is_failed(point) and not include_failed:
            continue
        yield point


def families(results):
    """Families present, in first-seen order (failed points included)."""
    seen = {}
    for point in iter_points(results, include_failed=True):
        seen.setdefault(point["family"], None)
    return list(seen)


def stat(point, metric):
    """summary[metric] or None; never for a failed point."""
    if is_failed(point):
        return None
    return point["summary"].get(metric)


def median(point, metric):
    s = stat(point, metric)
    return None if s is None else s["median"]


def mdape(point, metric="ops_per_sec"):
    s = stat(point, metric)
    return None if s is None else s["mdape_pct"]


def rep_values(point, metric):
    return [r["metrics"][metric] for r in point["repetitions"] if metric in r["metrics"]]


def role(point):
    return point["role"]


def is_choice(point):
    """A variant one could pick: not unsafe (loses updates), not a reference (a yardstick)."""
    return point["role"] in ("candidate", "baseline")


def metric_info(results, metric):
    """{unit, better, description} from the file's metrics table, or None."""
    doc = results.doc if isinstance(results, Results) else results
    return doc.get("metrics", {}).get(metric)  # a c2c document has no points, may have none


def higher_is_better(results, metric):
    """True/False from the file's table; None when the metric has no better direction."""
    info = metric_info(results, metric)
    better = info["better"] if info else "none"
    return None if better == "none" else better == "higher"


def spread(point, metric):
    """(min, max) over repetitions, falling back to the summary's."""
    values = rep_values(point, metric)
    if values:
        return min(values), max(values)
    s = stat(point, metric)
    return (None, None) if s is None else (s["min"], s["max"])


def median_repetition(point, metric="ops_per_sec"):
    """The repetition whose metric is the median (lower middle for even counts)."""
    reps = [r for r in point["repetitions"] if metric in r["metrics"]]
    if not reps:
        return None
    reps.sort(key=lambda r: r["metrics"][metric])
    return reps[(len(reps) - 1) // 2]


def thread_shares(point):
    """Per-thread fraction of ops in the median repetition, thread order."""
    rep = median_repetition(point)
    if rep is None:
        return []
    threads = sorted(rep["threads"], key=lambda t: t["thread"])
    total = sum(t["ops"] for t in threads)
    return [t["ops"] / total if total else 0.0 for t in threads]


# ---------------------------------------------------------------- variants

def params_label(params, exclude=()):
    return " ".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in exclude)


def variant_key(point, exclude=("threads",), with_placement=True):
    """Identity of a line on a chart: workload + params other than the x axis."""
    key = (point["workload"],
           tuple((k, str(v)) for k, v in sorted(point["params"].items()) if k not in exclude))
    if "threads" not in exclude:
        key += (("threads", point["threads"]),)
    if with_placement:
        key += (("placement", point["placement"]["strategy"]),)
    return key


def variant_label(point, exclude=("threads",), with_placement=False, with_workload=True):
    parts = [point["workload"] if with_workload else "", params_label(point["params"], exclude)]
    if "threads" not in exclude:
        parts.append(f"{point['threads']} thr")
    if with_placement:
        parts.append(f"[{point['placement']['strategy']}]")
    return " ".join(p for p in parts if p) or point["workload"]


def group_by(points, key):
    """Ordered dict key(point) -> [points], first-seen order."""
    groups = {}
    for point in points:
        groups.setdefault(key(point), []).append(point)
    return groups


def common_params(points):
    """{name: value} of the params every point has with one value: said once, in a title."""
    points = list(points)
    if not points:
        return {}
    first = points[0]["params"]
    return {k: v for k, v in sorted(first.items())
            if all(p["params"].get(k, object()) == v for p in points)}


def group_variants(points, exclude=("threads",)):
    """{label: [points]} for chart lines; placement named only when it varies, params that
    every point shares left to the title (common_params)."""
    points = list(points)
    mixed = len({p["placement"]["strategy"] for p in points}) > 1
    groups = group_by(points, lambda p: variant_key(p, exclude))
    exclude = tuple(exclude) + tuple(common_params(points))
    one_workload = len({p["workload"] for p in points}) == 1
    return {variant_label(g[0], exclude, mixed, with_workload=not one_workload): g
            for g in groups.values()}


# ---------------------------------------------------------------- labels

def machine_label(doc):
    doc = doc.doc if isinstance(doc, Results) else doc
    ctx = doc["context"]
    model = " ".join(ctx["cpu"]["model"].split()) or "unknown CPU"
    return f"{model} ({ctx['hostname']})"


MAX_NAME_CHARS = 80  # a chart's file stem stays well under any filesystem's 255 bytes


def slug(text, limit=MAX_NAME_CHARS):
    """File-name-safe ASCII; past `limit`, cut and made unique with a hash of the whole."""
    out = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in str(text))
    out = "-".join(part for part in out.split("-") if part).lstrip(".") or "x"
    if len(out) <= limit:
        return out
    digest = hashlib.sha1(out.encode()).hexdigest()[:8]
    return f"{out[:limit - 9].rstrip('-.')}-{digest}"


def si(value, unit="", digits=3):
    """1.234e8 -> '123M ' + unit; None -> 'n/a'."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    prefixes = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1, ""),
                (1e-3, "m"), (1e-6, "µ"), (1e-9, "n")]
    scale, prefix = next(((s, p) for s, p in prefixes if abs(value) >= s), (1, ""))
    text = f"{value / scale:.{digits}g}{prefix}"
    return f"{text} {unit}".rstrip()


def ratio_text(ratio):
    return f"{ratio:.3g}×"


def threads_text(n):
    return f"{n} thread" + ("" if n == 1 else "s")
