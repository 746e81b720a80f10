"""Build valid results documents (docs/results-format.md) in code, for the tests.

make_point() derives repetitions, per-thread records and the summary from a few
knobs, so a test states only what matters to it (e.g. "sharded, 2 threads,
1e9 ops/s, MdAPE 1%"). Repetition values are median * (1 + k*d) for symmetric k,
which makes the summary's MdAPE exactly the one asked for.

Documents are schema_version 2 (roles, metric table, coded warnings); as_v1() turns one
into what contend 1.x wrote, for the upgrade path.
"""

import copy
import json
import statistics

DURATION_S = 0.2

# Unit and direction of every metric the factory's points carry (contend writes this table).
METRICS = {
    "total_ops": ("ops", "none"), "ops_per_sec": ("ops/s", "higher"), "ns_per_op": ("ns", "lower"),
    "jain_index": ("1", "higher"), "min_share": ("1", "higher"), "max_share": ("1", "lower"),
    "context_switches_per_op": ("switches/op", "lower"), "lost_updates": ("ops", "lower"),
    "latency_p50_ns": ("ns", "lower"), "latency_p90_ns": ("ns", "lower"),
    "latency_p99_ns": ("ns", "lower"), "latency_p999_ns": ("ns", "lower"),
    "latency_max_ns": ("ns", "lower"), "cas_attempts_per_op": ("attempts/op", "lower"),
    "cas_failures_per_op": ("failures/op", "lower"),
    "cas_attempts_per_admission": ("attempts/admission", "lower"),
}
# The role contend's registry gives these workloads; any other is a candidate.
ROLES = {"mutex": "baseline", "std_mutex": "baseline", "mutex_limiter": "baseline",
         "racy": "unsafe", "empty": "reference"}


def warning(text, code=None, **figures):
    """A coded warning; the code defaults to the text's first word."""
    return {"code": code or text.split()[0].strip(":(").lower(), "text": text,
            "figures": figures}


def _stat(values):
    med = statistics.median(values)
    dev = [abs(v - med) / med * 100 if med else 0.0 for v in values]
    return {"median": med, "mdape_pct": statistics.median(dev), "min": min(values),
            "max": max(values), "n": len(values)}


def _shares(threads, skew):
    """Per-thread fractions of the ops; skew 0 = perfectly fair."""
    raw = [1.0 + skew * (i - (threads - 1) / 2) / max(threads, 1) for i in range(threads)]
    total = sum(raw)
    return [r / total for r in raw]


def make_repetition(index, threads, ops_per_sec, extra=None, skew=0.0, verified=True,
                    placement_pus=None):
    total_ops = int(ops_per_sec * DURATION_S)
    shares = _shares(threads, skew)
    per_thread = [int(total_ops * s) for s in shares]
    per_thread[-1] += total_ops - sum(per_thread)
    fractions = [n / total_ops for n in per_thread] if total_ops else shares
    jain = sum(per_thread) ** 2 / (threads * sum(n * n for n in per_thread)) if total_ops else 1.0
    metrics = {
        "total_ops": total_ops,
        "ops_per_sec": total_ops / DURATION_S,
        "ns_per_op": threads * DURATION_S / total_ops * 1e9 if total_ops else 0.0,
        "jain_index": min(jain, 1.0),
        "min_share": min(fractions), "max_share": max(fractions),
        "context_switches_per_op": 0.0,
    }
    metrics.update(extra or {})
    pus = placement_pus or list(range(threads))
    return {
        "index": index, "duration_s": DURATION_S, "verified": verified,
        "message": "" if verified else "counter 99 != sum of per-thread ops 100",
        "metrics": metrics,
        "threads": [{
            "thread": t, "requested_pu": pus[t], "observed_pus": [pus[t]], "ops": per_thread[t],
            "cas_attempts": 0, "cas_failures": 0, "user_time_s": DURATION_S, "system_time_s": 0.0,
            "voluntary_context_switches": 0, "involuntary_context_switches": 0,
        } for t in range(threads)],
    }


def make_point(workload="atomic_add", family="counter", threads=2, ops_per_sec=1e8,
               params=None, mdape_pct=1.0, noisy=None, status="ok", reps=5, extra=None,
               skew=0.0, placement="compact", index=0, role=None):
    """A point whose ops/s median is ops_per_sec and MdAPE is mdape_pct.

    extra: metrics added to every repetition (scaled along with ops/s only when they
    are throughput-like; here they are copied as given, so their MdAPE is 0).
    status "failed" still carries numbers: readers must not show them.
    """
    assert reps % 2 == 1, "odd repetition counts keep the median a real repetition"
    d = mdape_pct / 100.0
    ks = [k - reps // 2 for k in range(reps)]
    failed = status == "failed"
    repetitions = [make_repetition(i, threads, ops_per_sec * (1 + k * d), extra, skew,
                                   verified=not (failed and i == 0))
                   for i, k in enumerate(ks)]
    names = repetitions[0]["metrics"].keys()
    summary = {m: _stat([r["metrics"][m] for r in repetitions]) for m in names}
    threshold = 5.0
    return {
        "index": index, "workload": workload, "family": family,
        "role": role or ROLES.get(workload, "candidate"), "params": dict(params or {}),
        "threads": threads,
        "placement": {"strategy": placement, "requested_pus": list(range(threads)),
                      "shared_level": "l3", "oversubscribed": False, "pinned": True},
        "duration_s": DURATION_S, "warmup_s": 0.05, "repetitions_requested": reps,
        "status": status,
        "error": "verification failed in 1 of 5 repetitions" if failed else None,
        "verification": {"invariant": "shared counter == sum of per-thread operations",
                         "passed": not failed, "failed_repetitions": 1 if failed else 0},
        "migrated": False,
        "noisy": (mdape_pct > threshold) if noisy is None else noisy,
        "noise_threshold_pct": threshold,
        "stability": "fixed",
        "summary": summary, "repetitions": repetitions, "warnings": [],
    }


def make_doc(points=(), kind="run", hostname="box", cpu_model="AMD EPYC 7B13", warnings=None,
             cache_line_bytes=64):
    points = [copy.deepcopy(p) for p in points]
    for i, p in enumerate(points):
        p["index"] = i
    names = sorted({m for p in points for m in p["summary"]})
    doc = {
        "schema_version": 2, "kind": kind,
        "tool": {"name": "contend", "version": "0.1.0", "git_revision": "a1b2c3d",
                 "build_type": "Release", "compiler": "GNU 12.2.0", "cxx_flags": "-O2",
                 "sanitizers": "OFF"},
        "run": {"command_line": "contend run default", "argv": ["contend", "run", "default"],
                "scenario": "default", "scenario_file": "scenarios/default.json",
                "description": "test fixture", "started_at": "2026-11-26T20:50:00Z",
                "finished_at": "2026-11-26T20:50:41Z", "wall_time_s": 41.2,
                "interrupted": False},
        "context": {
            "hostname": hostname,
            "cpu": {"model": cpu_model, "vendor": "AuthenticAMD", "arch": "x86_64",
                    "packages": 1, "numa_nodes": 1, "l3_domains": 1, "cores": 4, "pus": 4,
                    "usable_pus": [0, 1, 2, 3], "smt": False,
                    "cache_line_bytes": cache_line_bytes},
            "os": {"kernel": "Linux 6.1.0-test x86_64", "hypervisor": "KVM", "governor": None,
                   "boost": None, "load_average_1m": 0.12},
            "topology": "Machine\n  Package L#0\n    Core L#0\n      PU L#0 (P#0)",
            "timer": {"source": "tsc", "resolution_ns": 20.0, "read_overhead_ns": 20.0},
        },
        "warnings": [w if isinstance(w, dict) else warning(w) for w in
                     (["running under a hypervisor (KVM)"] if warnings is None else warnings)],
        "metrics": {m: {"unit": METRICS[m][0], "better": METRICS[m][1],
                        "description": f"{m}, as the tests define it"} for m in names},
    }
    if kind == "run":
        doc["points"] = points
    else:
        doc["c2c"] = {"pus": [0, 1], "latency_ns": [[0, 50], [50, 0]]}
    return doc


def as_v1(doc):
    """The same document as contend 1.x wrote it: no roles, no metric table, string warnings."""
    doc = copy.deepcopy(doc)
    doc["schema_version"] = 1
    del doc["metrics"]
    doc["warnings"] = [w["text"] for w in doc["warnings"]]
    for p in doc.get("points") or []:
        del p["role"]
        p["warnings"] = [w["text"] for w in p["warnings"]]
    return doc


LATENCY = {"latency_p50_ns": 12.0, "latency_p90_ns": 30.0, "latency_p99_ns": 80.0,
           "latency_p999_ns": 300.0, "latency_max_ns": 9000.0}
CAS = {"cas_attempts_per_op": 1.7, "cas_failures_per_op": 0.7}


def full_doc(**kw):
    """Every family and chart kind, with one noisy and one failed point."""
    pts = []
    for t in (1, 4):
        pts += [
            make_point("mutex", "counter", t, 5e7 / t),
            make_point("spin", "counter", t, 6e7 / t, skew=0.5),
            make_point("atomic_add", "counter", t, 1e8 / t, {"order": "relaxed"}, extra=LATENCY),
            make_point("cas_add", "counter", t, 8e7 / t, {"strength": "weak"},
                       extra={**CAS, "cas_attempts_per_op": 1.0 + 0.4 * t}),
            make_point("sharded", "counter", t, 2e8 * t),
            make_point("racy", "counter", t, 4e8 * t, extra={"lost_updates": 10 * t}),
            make_point("cas_limiter", "cas_limiter", t, 3e7, {"limit": 1000},
                       extra={"cas_attempts_per_admission": 1.0 + t}),
            make_point("mutex_limiter", "cas_limiter", t, 2e7, {"limit": 1000}),
            make_point("ticket", "locks", t, 4e7 / t, {"critical_ns": 50}, skew=0.2),
            make_point("std_mutex", "locks", t, 3e7 / t, {"critical_ns": 50}, skew=1.0),
        ]
        for ratio in (0.01, 0.5):
            pts += [make_point("atomic_ptr", "read_mostly", t, 9e7 * t, {"write_ratio": ratio}),
                    make_point("shared_mutex", "read_mostly", t, 2e7, {"write_ratio": ratio}),
                    make_point("mutex", "read_mostly", t, 1.5e7, {"write_ratio": ratio})]
    for t in (2, 4):
        for stride in (8, 16, 32, 64, 128, 256):
            ops = 1e9 * t if stride >= 64 else 1e8 * t * stride / 64
            pts.append(make_point("padded_counters", "false_sharing", t, ops, {"stride": stride}))
    pts.append(make_point("spin", "counter", 8, 1e7, mdape_pct=20.0))          # noisy
    pts.append(make_point("mutex", "counter", 8, 9e9, status="failed"))       # failed
    return make_doc(pts, **kw)


def small_doc(**kw):
    """Counter family only: a quick second machine for overlays."""
    return make_doc([make_point(w, "counter", t, ops * t)
                     for t in (1, 2) for w, ops in (("mutex", 4e7), ("sharded", 3e8))], **kw)


def write(path, doc):
    path.write_text(json.dumps(doc, indent=1))
    return path
