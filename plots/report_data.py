"""What the report says, as plain rows: shared by the HTML and Markdown writers.

Numbers are written for people (123M, 1,260, 0.78), never as 1.26e+03 or 0.77880859375.
Failed points never show a figure: their number cells are DASH.
"""

import results
import verdict
from results import si

DASH = "—"
NO_ADVICE = "Nothing to advise: no family in this file has variants to compare."
POINT_COLUMNS = ["#", "variant", "threads", "placement", "ops/s", "ns/op", "p99 ns", "MdAPE",
                 "Jain", "status"]
NUMERIC_COLUMNS = {"#", "threads", "ops/s", "ns/op", "p99 ns", "MdAPE", "Jain"}
SUMMARY_COLUMNS = ["family", "faster", "slower", "within noise", "not compared",
                   "geomean B/A"]
VERDICT_COLUMNS = ["variant", "threads", "placement", "A ops/s", "B ops/s", "B/A (95% CI)",
                   "verdict"]


def _or(value, unknown="unknown"):
    if value is None:
        return unknown
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _plural(n, word):
    return f"{n} {word}" + ("" if n == 1 else "s")


def ns_text(value):
    """Nanoseconds for a table: 3 significant digits, thousands separated, no exponent."""
    if value is None:
        return DASH
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def context_rows(run):
    """[(section, name, value)] for the context table: cpu, os, tool, run."""
    doc, ctx = run.doc, run.context
    cpu, os_, tool, r = ctx["cpu"], ctx["os"], doc["tool"], doc["run"]
    counts = ", ".join([_plural(cpu["packages"], "package"),
                        _plural(cpu["numa_nodes"], "NUMA node"),
                        _plural(cpu["l3_domains"], "L3 domain"),
                        _plural(cpu["cores"], "core"), _plural(cpu["pus"], "PU")])
    scenario = r["scenario"] + (f" ({r['scenario_file']})" if r["scenario_file"] else "")
    load = os_["load_average_1m"]
    resolution = (ctx.get("timer") or {}).get("resolution_ns")
    return [
        ("cpu", "host", ctx["hostname"]),
        ("cpu", "model", cpu["model"]),
        ("cpu", "vendor / arch", f"{cpu['vendor']} / {cpu['arch']}"),
        ("cpu", "topology", f"{counts}; SMT {'on' if cpu['smt'] else 'off'}"),
        ("cpu", "usable PUs", ", ".join(str(p) for p in cpu["usable_pus"])),
        ("cpu", "cache line", f"{cpu['cache_line_bytes']} B"),
        ("os", "kernel", os_["kernel"]),
        ("os", "hypervisor", _or(os_["hypervisor"], "none detected")),
        ("os", "frequency governor", _or(os_["governor"])),
        ("os", "boost", _or(os_["boost"])),
        ("os", "load average (1 min)", "unknown" if load is None else f"{load:.2f}"),
        ("timer", "resolution", "unknown" if resolution is None else f"{resolution:.3g} ns"),
        ("tool", "version", f"{tool['name']} {tool['version']} (git {tool['git_revision']})"),
        ("tool", "build", f"{tool['build_type']}, {tool['compiler']}"),
        ("tool", "flags", tool["cxx_flags"]),
        ("run", "scenario", scenario),
        ("run", "command line", r["command_line"]),
        ("run", "time", f"{r['started_at']} to {r['finished_at']} ({r['wall_time_s']:.1f} s)"),
        ("run", "interrupted", _or(r["interrupted"])),
        ("run", "file", str(run.path)),
    ]


def point_name(point):
    """How a warning or table names a point: index, variant with its params, threads."""
    return (f"#{point['index']} {results.variant_label(point)}, "
            f"{results.threads_text(point['threads'])}, {point['placement']['strategy']}")


def warnings(run):
    """[(where, code, text)]: the run's warnings first, then each point's, naming the point."""
    out = [("run", w["code"], w["text"]) for w in run.doc["warnings"]]
    for p in run.points:
        out += [(point_name(p), w["code"], w["text"]) for w in p["warnings"]]
    return out


def _status(point):
    if results.is_failed(point):
        return f"FAILED: {point['error']}"
    notes = ["noisy"] if point["noisy"] else []
    lost = results.median(point, "lost_updates")
    notes += [f"lost {si(lost)} updates"] if lost else []
    notes += ["migrated"] if point["migrated"] else []
    notes += ["oversubscribed"] if point["placement"]["oversubscribed"] else []
    return ", ".join(notes) or "ok"


def _variant(point):
    label = results.variant_label(point)
    return label if point["role"] == "candidate" else f"{label} · {point['role']}"


def point_row(point):
    """{column: text} for one point; failed points carry no figures."""
    failed = results.is_failed(point)

    def number(metric, text):
        value = None if failed else results.median(point, metric)
        return DASH if value is None else text(value)

    err = None if failed else results.mdape(point)
    placement = point["placement"]
    return {
        "#": str(point["index"]),
        "variant": _variant(point),
        "threads": str(point["threads"]),
        "placement": f"{placement['strategy']} ({placement['shared_level']})",
        "ops/s": number("ops_per_sec", si),
        "ns/op": number("ns_per_op", ns_text),
        "p99 ns": number("latency_p99_ns", ns_text),
        "MdAPE": DASH if err is None else f"{err:.1f}%",
        "Jain": number("jain_index", lambda v: f"{v:.3f}"),
        "status": _status(point),
    }


def point_tables(run):
    """[(family, [point], [[cell]])]: one compact table per family, file order."""
    return [(family, points, [[point_row(p)[c] for c in POINT_COLUMNS] for p in points])
            for family, points in results.group_by(run.points, lambda p: p["family"]).items()]


def run_title(run):
    r = run.doc["run"]
    return f"{run.machine} — {r['scenario']}, {r['started_at']} ({run.path.name})"


def comparison_title(c):
    return f"B = {run_title(c.candidate)} against A = {run_title(c.baseline)}"


def comparison_method(c):
    direction = "higher" if c.higher else "lower"
    return (f"Median ops/s of each matched point (same workload, params, threads and shared "
            f"level), B/A with a 95% percentile bootstrap interval over the repetitions "
            f"({verdict.RESAMPLES} resamples, seed {verdict.SEED}); faster/slower when the "
            f"interval excludes 1 and the change is at least {verdict.MIN_EFFECT:.0%} "
            f"({direction} is better): the same numbers as `contend compare A B`. Drift "
            f"between the runs is not in the interval.")


def summary_rows(c):
    rows = []
    for f in c.families():
        mean = f.geomean()
        rows.append([f.family] + [str(f.counts.get(k, 0)) for k in
                                  (verdict.FASTER, verdict.SLOWER, verdict.WITHIN_NOISE,
                                   "not compared")]
                    + [DASH if mean is None else f"{mean:.3g}×"])
    return rows


def verdict_rows(c):
    """[(verdict or 'not compared', [cell])] in the baseline's order."""
    rows = []
    for row in c.rows:
        a, b, v = row.a, row.b, row.outcome
        compared = v is not None and v.verdict is not None
        cells = [results.variant_label(a), str(a["threads"]),
                 a["placement"]["shared_level"],
                 DASH if results.is_failed(a) else si(results.median(a, "ops_per_sec")),
                 DASH if b is None or results.is_failed(b)
                 else si(results.median(b, "ops_per_sec")),
                 v.interval_text() if compared else DASH,
                 v.verdict.replace("_", " ") if compared else f"not compared: {row.reason}"]
        rows.append((v.verdict if compared else "not compared", cells))
    return rows
