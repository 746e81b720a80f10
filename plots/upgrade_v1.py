"""Upgrade a validated schema_version 1 document to the shape of version 2.

Version 1 files carry no roles, no metric table and plain-string warnings, so version 1
readers guessed from names. This module is the only place where that guess survives:
everything else in plots/ reads roles, metric directions and warning codes from the
document, which after load() is always version 2 shaped.
"""

import copy
import re

# Metrics contend 1.x wrote: (unit, better, description). Names not listed fall back to
# the suffix rule version 1 readers used (see _guess).
KNOWN_METRICS = {
    "ops_per_sec": ("ops/s", "higher", "operations per second, all threads together"),
    "ns_per_op": ("ns", "lower", "time one thread spends per operation"),
    "total_ops": ("ops", "none", "operations in the repetition"),
    "jain_index": ("1", "higher", "Jain's fairness over per-thread operations (1 = fair)"),
    "min_share": ("1", "higher", "smallest thread's fraction of the operations"),
    "max_share": ("1", "lower", "largest thread's fraction of the operations"),
    "context_switches_per_op": ("switches/op", "lower", "context switches per operation"),
    "system_time_fraction": ("1", "lower", "share of CPU time spent in the kernel"),
    "lost_updates": ("ops", "lower", "increments the racy counter lost"),
    "lost_update_ratio": ("1", "lower", "fraction of increments lost"),
    "latency_samples": ("samples", "none", "operations timed for the latency percentiles"),
    "duration_resolution_ratio": ("1", "higher", "steady-clock steps in the timed span"),
    "threads_per_cache_line": ("threads", "none", "threads whose counters share a cache line"),
    "windows": ("windows", "none", "rate-limit windows in the repetition"),
}


def _guess(name):
    """(unit, better) by the version 1 rule: times and per-op costs lower, the rest higher."""
    if name.endswith("_ns"):
        return "ns", "lower"
    if name.endswith("_per_op"):
        return name[:-len("_per_op")].split("_")[-1] + "/op", "lower"
    if name.endswith("_per_sec"):
        return name[:-len("_per_sec")].split("_")[-1] + "/s", "higher"
    return "1", "higher"


def metric_table(doc):
    """{name: {unit, better, description}} for every metric in the points' summaries."""
    names = sorted({m for p in doc.get("points") or [] for m in p["summary"]})
    table = {}
    for name in names:
        unit, better, text = KNOWN_METRICS.get(name, (*_guess(name), None))
        table[name] = {"unit": unit, "better": better,
                       "description": text or f"{name} (described by version 1 name only)"}
    return table


def roles(points):
    """{workload: role} by the version 1 rule: 'racy' is unsafe, the shortest name containing
    'mutex' is its family's baseline, the empty family is a reference."""
    out = {}
    for family in {p["family"] for p in points}:
        names = sorted({p["workload"] for p in points if p["family"] == family})
        mutexes = sorted((n for n in names if "mutex" in n), key=lambda n: (len(n), n))
        for name in names:
            if family == "empty":
                out[name] = "reference"
            elif "racy" in name:
                out[name] = "unsafe"
            else:
                out[name] = "baseline" if mutexes and name == mutexes[0] else "candidate"
    return out


PREFIX = re.compile(r"^([a-z][a-z ]{0,30}): ")


def warning(text):
    """'noisy: ops_per_sec MdAPE ...' -> code noisy; other texts -> code unclassified."""
    match = PREFIX.match(text)
    code = match.group(1).replace(" ", "_") if match else "unclassified"
    return {"code": code, "text": text, "figures": {}}


def upgrade(doc):
    """A version 2 shaped copy of a valid version 1 document."""
    doc = copy.deepcopy(doc)
    points = doc.get("points") or []
    role_of = roles(points)
    for point in points:
        point["role"] = role_of[point["workload"]]
        point["warnings"] = [warning(w) for w in point["warnings"]]
    doc["warnings"] = [warning(w) for w in doc["warnings"]]
    doc["metrics"] = metric_table(doc)
    doc["schema_version"] = 2
    return doc
