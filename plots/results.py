"""Load, validate and query contend results files (docs/results-format.md).

Every problem with an input file surfaces as one ResultsError whose message
starts with the file name and says what is wrong, never as a traceback. The
query helpers below are what every chart and the report share: which points
may be drawn, how a point's variant is named, how a machine is labelled.
"""

import json
import math
from pathlib import Path

import system_python

system_python.require("jsonschema")

import jsonschema  # noqa: E402

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
SCHEMA_FILES = {1: SCHEMA_DIR / "results.schema.json"}  # schema_version -> schema
_schemas = {}


class ResultsError(Exception):
    """A results file that cannot be used; str() is one line naming the file."""


class Results:
    """One loaded, validated results document plus where it came from."""

    def __init__(self, path, doc):
        self.path = Path(path)
        self.doc = doc
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


def schema(version=1):
    if version not in _schemas:
        with open(SCHEMA_FILES[version], encoding="utf-8") as f:
            _schemas[version] = json.load(f)
    return _schemas[version]


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
    if version not in SCHEMA_FILES or isinstance(version, bool):
        known = ", ".join(str(v) for v in SCHEMA_FILES)
        shown = "missing" if version is None else json.dumps(version)
        raise ResultsError(f"{source}: unknown schema_version {shown} "
                           f"(this reader understands {known})")
    validator = jsonschema.Draft202012Validator(schema(version))
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


def load(path):
    """Read, parse and validate one results file -> Results."""
    path = Path(path)
    try:
        # Bounded, as contend's own reader is: /dev/zero or a log fails instead of filling memory.
        with open(path, "rb") as f:
            data = f.read(MAX_RESULTS_BYTES + 1)
        if len(data) > MAX_RESULTS_BYTES:
            raise ResultsError(f"{path}: larger than {MAX_RESULTS_BYTES >> 20} MiB; "
                               "expected a results file")
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise ResultsError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ResultsError(f"{path}: is a directory, expected a results file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ResultsError(f"{path}: cannot read: {e}") from None
    doc = parse(text, path)
    validate(doc, path)
    return Results(path, doc)


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


def variant_label(point, exclude=("threads",), with_placement=False):
    parts = [point["workload"], params_label(point["params"], exclude)]
    if "threads" not in exclude:
        parts.append(f"{point['threads']} thr")
    if with_placement:
        parts.append(f"[{point['placement']['strategy']}]")
    return " ".join(p for p in parts if p)


def group_by(points, key):
    """Ordered dict key(point) -> [points], first-seen order."""
    groups = {}
    for point in points:
        groups.setdefault(key(point), []).append(point)
    return groups


def group_variants(points, exclude=("threads",)):
    """{label: [points]} for chart lines; placement named only when it varies."""
    points = list(points)
    mixed = len({p["placement"]["strategy"] for p in points}) > 1
    groups = group_by(points, lambda p: variant_key(p, exclude))
    return {variant_label(g[0], exclude, mixed): g for g in groups.values()}


# ---------------------------------------------------------------- labels

def machine_label(doc):
    doc = doc.doc if isinstance(doc, Results) else doc
    ctx = doc["context"]
    model = " ".join(ctx["cpu"]["model"].split()) or "unknown CPU"
    return f"{model} ({ctx['hostname']})"


def slug(text):
    out = "".join(c if c.isalnum() or c in "-_." else "-" for c in str(text))
    return "-".join(part for part in out.split("-") if part) or "x"


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
