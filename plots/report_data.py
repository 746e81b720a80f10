"""What the report says about one run, as plain rows: shared by the HTML and Markdown writers.

Failed points never show a figure: their number cells are DASH.
"""

import results
from results import si

DASH = "—"
POINT_COLUMNS = ["#", "family", "workload", "params", "threads", "placement", "median ops/s",
                 "ns/op", "MdAPE", "fairness", "verification", "noisy", "migrated"]
KEY_COLUMNS = ["family", "workload", "params", "threads", "median ops/s", "ns/op", "MdAPE",
               "verification", "noisy"]


def _or(value, unknown="unknown"):
    if value is None:
        return unknown
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _plural(n, word):
    return f"{n} {word}" + ("" if n == 1 else "s")


def context_rows(run):
    """[(section, name, value)] for the context table: cpu, os, tool, run."""
    doc, ctx = run.doc, run.context
    cpu, os_, tool, r = ctx["cpu"], ctx["os"], doc["tool"], doc["run"]
    counts = ", ".join([_plural(cpu["packages"], "package"),
                        _plural(cpu["numa_nodes"], "NUMA node"),
                        _plural(cpu["l3_domains"], "L3 domain"),
                        _plural(cpu["cores"], "core"), _plural(cpu["pus"], "PU")])
    scenario = r["scenario"] + (f" ({r['scenario_file']})" if r["scenario_file"] else "")
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
        ("os", "load average (1 min)", _or(os_["load_average_1m"])),
        ("tool", "version", f"{tool['name']} {tool['version']} (git {tool['git_revision']})"),
        ("tool", "build", f"{tool['build_type']}, {tool['compiler']}"),
        ("tool", "flags", tool["cxx_flags"]),
        ("run", "scenario", scenario),
        ("run", "command line", r["command_line"]),
        ("run", "time", f"{r['started_at']} to {r['finished_at']} ({r['wall_time_s']:.1f} s)"),
        ("run", "interrupted", _or(r["interrupted"])),
        ("run", "file", str(run.path)),
    ]


def warnings(run):
    """Run-level warnings first, then each point's, each naming its point."""
    out = [w["text"] for w in run.doc["warnings"]]
    if run.doc["run"]["interrupted"]:
        out.append("the run was interrupted: some points are missing")
    for p in run.points:
        name = f"point {p['index']} ({p['workload']}, {results.threads_text(p['threads'])})"
        out += [f"{name}: {w['text']}" for w in p["warnings"]]
        if p["migrated"]:
            out.append(f"{name}: a thread ran on a PU other than its own")
        if p["placement"]["oversubscribed"]:
            out.append(f"{name}: more threads than usable PUs")
    return out


def _verification(point):
    if results.is_failed(point):
        return f"FAILED: {point['error']}"
    lost = results.median(point, "lost_updates")
    return "passed" + (f" (lost updates: {lost:.0f})" if lost else "")


def _fairness(point):
    jain = results.median(point, "jain_index")
    if jain is None:
        return DASH
    lo, hi = results.median(point, "min_share"), results.median(point, "max_share")
    shares = f", shares {lo:.3f}–{hi:.3f}" if lo is not None and hi is not None else ""
    return f"Jain {jain:.3f}{shares}"


def point_row(point):
    """{column: text} for one point; failed points carry no figures."""
    failed = results.is_failed(point)
    ns = results.median(point, "ns_per_op")
    err = results.mdape(point)
    placement = point["placement"]
    return {
        "#": str(point["index"]),
        "family": point["family"],
        "workload": point["workload"],
        "params": results.params_label(point["params"]) or DASH,
        "threads": str(point["threads"]),
        "placement": f"{placement['strategy']} ({placement['shared_level']})",
        "median ops/s": DASH if failed else si(results.median(point, "ops_per_sec")),
        "ns/op": DASH if failed or ns is None else f"{ns:.3g}",
        "MdAPE": DASH if failed or err is None else f"{err:.1f}%",
        "fairness": DASH if failed else _fairness(point),
        "verification": _verification(point),
        "noisy": "noisy" if point["noisy"] and not failed else "",
        "migrated": "migrated" if point["migrated"] else "",
    }


def point_rows(run, columns=POINT_COLUMNS):
    return [[point_row(p)[c] for c in columns] for p in run.points]


def run_title(run):
    r = run.doc["run"]
    return f"{run.machine} — {r['scenario']}, {r['started_at']}"
