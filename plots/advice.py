""""What to use on this machine": turn measured points into cited recommendations.

Rules (each statement either cites its figures or says why it stays silent):
- Within a family, points are compared only at the same thread count, placement and
  condition: params every workload of the family has (write_ratio, critical work...).
- The fastest variant (median ops/s) is named only when it and the runner-up are clean
  (verified, not noisy), no noisy rival could reach it (its max >= the winner's median),
  and its margin over the runner-up exceeds the two points' MdAPE added together.
- The ratio to the mutex baseline (shortest workload name containing "mutex") is given
  when the baseline is clean and the gap exceeds the same MdAPE test.
- `racy` variants are never recommended: they lose updates.
- false_sharing: the smallest stride whose throughput is within STRIDE_TOLERANCE of the
  best stride at the same threads and variant; all strides up to it and the best must be
  clean, and it must beat the next smaller stride by more than their MdAPE.
"""

import results
from results import ratio_text, si, threads_text

RECOMMEND_FAMILIES = ("counter", "cas_limiter", "read_mostly", "locks")
NEVER_RECOMMEND = ("racy",)
STRIDE_TOLERANCE = 0.10
SILENT = "not enough clean data"


class Statement:
    """One line of advice; silent statements say why no claim is made."""

    def __init__(self, subject, text, silent=False):
        self.subject, self.text, self.silent = subject, text, silent

    def __repr__(self):
        return f"Statement({self.subject!r}, {self.text!r}, silent={self.silent})"


class Section:
    def __init__(self, family, intro, statements):
        self.family, self.intro, self.statements = family, intro, statements


def _ops(point):
    return results.median(point, "ops_per_sec")


def _err(point):
    return results.mdape(point, "ops_per_sec")


def _fig(point):
    return f"{si(_ops(point), 'ops/s')} (MdAPE {_err(point):.1f}%)"


def _margin_pct(better, worse):
    return (_ops(better) / _ops(worse) - 1.0) * 100.0 if _ops(worse) > 0 else float("inf")


def _ratio(better, worse):
    return ratio_text(_ops(better) / _ops(worse))


def _beyond_noise(better, worse):
    return _margin_pct(better, worse) > _err(better) + _err(worse)


def _recommendable(point):
    return not any(bad in point["workload"] for bad in NEVER_RECOMMEND)


def condition_keys(points):
    """Params that every workload of the family has: they define the condition compared."""
    per_workload = {}
    for p in points:
        per_workload.setdefault(p["workload"], set()).update(p["params"])
    sets = list(per_workload.values())
    return set.intersection(*sets) if sets else set()


def _baseline(points):
    mutexes = [p for p in points if "mutex" in p["workload"]]
    return min(mutexes, key=lambda p: (len(p["workload"]), p["workload"]), default=None)


def fastest(points, label):
    """Statement on one comparable group (same family, condition, threads)."""
    subject = threads_text(points[0]["threads"])
    ok = sorted((p for p in points if not results.is_failed(p)), key=_ops, reverse=True)
    failed = sorted({label(p) for p in points if results.is_failed(p)})
    excluded = f" ({', '.join(failed)} failed verification, not compared)" if failed else ""
    if len(ok) < 2:
        return Statement(subject, f"{SILENT}: fewer than two verified variants{excluded}", True)
    winner, runner = ok[0], ok[1]
    for p in (winner, runner):
        if p["noisy"]:
            return Statement(subject, f"{SILENT}: {label(p)} is noisy "
                                      f"(MdAPE {_err(p):.1f}%){excluded}", True)
    if not _beyond_noise(winner, runner):
        return Statement(subject, f"{SILENT}: {label(winner)} and {label(runner)} differ by "
                                  f"{_margin_pct(winner, runner):.1f}%, within their MdAPE "
                                  f"({_err(winner):.1f}% + {_err(runner):.1f}%)", True)
    rivals = [p for p in ok[2:]
              if p["noisy"] and results.spread(p, "ops_per_sec")[1] >= _ops(winner)]
    if rivals:
        return Statement(subject, f"{SILENT}: noisy {label(rivals[0])} reached "
                                  f"{si(results.spread(rivals[0], 'ops_per_sec')[1], 'ops/s')} "
                                  f"in one repetition", True)
    base = _baseline(ok)
    text = (f"use {label(winner)}: {_fig(winner)}, {_ratio(winner, runner)} the runner-up "
            f"{label(runner)} {_fig(runner)}")
    if base is winner:
        text += "; the mutex baseline itself is fastest"
    elif base is runner:
        text += ", which is the mutex baseline"
    elif base is None or base["noisy"]:
        text += "; no clean mutex baseline to compare with"
    elif _beyond_noise(winner, base):
        text += f"; {_ratio(winner, base)} the mutex baseline {label(base)} {_fig(base)}"
    else:
        text += f"; no measurable gain over the mutex baseline {label(base)} {_fig(base)}"
    return Statement(subject, text + excluded)


def family_section(run, family):
    points = [p for p in results.iter_points(run, family, include_failed=True) if _recommendable(p)]
    if not points:
        return None
    cond = condition_keys(points)
    mixed = len({p["placement"]["strategy"] for p in points}) > 1
    exclude = ("threads",) + tuple(cond)

    def label(p):
        return results.variant_label(p, exclude)

    def condition(p):
        parts = [f"{k}={p['params'][k]}" for k in sorted(cond)]
        parts += [f"placement {p['placement']['strategy']}"] if mixed else []
        return ", ".join(parts)

    statements = []
    groups = results.group_by(points, lambda p: (condition(p), p["threads"]))
    first_seen = {c: i for i, c in enumerate(dict.fromkeys(c for c, _ in groups))}
    ordered = sorted(groups.items(), key=lambda kv: (first_seen[kv[0][0]], kv[0][1]))
    for (cond_text, _), group in ordered:
        statement = fastest(group, label)
        if cond_text:
            statement.subject += f", {cond_text}"
        statements.append(statement)
    intro = "fastest verified variant per thread count (median ops/s)"
    if any(not _recommendable(p) for p in results.iter_points(run, family, include_failed=True)):
        intro += "; racy variants are excluded because they lose updates"
    return Section(family, intro, statements)


def smallest_stride(points, label):
    """Statement for one false_sharing variant at one thread count."""
    subject = f"{threads_text(points[0]['threads'])}, {label(points[0])}"
    by_stride = sorted(points, key=lambda p: p["params"]["stride"])
    ok = [p for p in by_stride if not results.is_failed(p)]
    if len(ok) < 2:
        return Statement(subject, f"{SILENT}: fewer than two verified strides", True)
    best = max(ok, key=_ops)
    chosen = next(p for p in ok if _ops(p) >= (1 - STRIDE_TOLERANCE) * _ops(best))
    stride = chosen["params"]["stride"]
    involved = [p for p in by_stride if p["params"]["stride"] <= stride] + [best]
    for p in involved:
        if not results.is_clean(p):
            why = "failed" if results.is_failed(p) else f"noisy (MdAPE {_err(p):.1f}%)"
            return Statement(subject, f"{SILENT}: stride {p['params']['stride']} B is {why}", True)
    head = f"stride {stride} B at {_fig(chosen)}"
    best_text = (f"within {STRIDE_TOLERANCE:.0%} of the best stride "
                 f"({best['params']['stride']} B, {si(_ops(best), 'ops/s')})"
                 if best is not chosen else "the best stride measured")
    smaller = [p for p in ok if p["params"]["stride"] < stride]
    if not smaller:
        return Statement(subject, f"even the smallest stride measured, {head}, is "
                                  f"{best_text}: no false-sharing penalty visible here")
    prev = smaller[-1]
    if not _beyond_noise(chosen, prev):
        return Statement(subject, f"{SILENT}: stride {stride} B and {prev['params']['stride']} B "
                                  f"differ by {_margin_pct(chosen, prev):.1f}%, within their MdAPE",
                         True)
    return Statement(subject, f"pad to {head}, {best_text}; {prev['params']['stride']} B "
                              f"reaches only {_fig(prev)}, {_ratio(chosen, prev)} less")


def false_sharing_section(run):
    points = [p for p in results.iter_points(run, "false_sharing", include_failed=True)
              if isinstance(p["params"].get("stride"), (int, float))]
    if not points:
        return None
    exclude = ("threads", "stride")
    mixed = len({p["placement"]["strategy"] for p in points}) > 1

    def label(p):
        return results.variant_label(p, exclude, with_placement=mixed)

    groups = results.group_by(points, lambda p: (p["threads"], results.variant_key(p, exclude)))
    ordered = sorted(groups.items(), key=lambda kv: kv[0][0])  # by threads, stable
    statements = [smallest_stride(g, label) for _, g in ordered]
    line = run.context["cpu"]["cache_line_bytes"]
    intro = (f"smallest stride between per-thread counters within {STRIDE_TOLERANCE:.0%} of the "
             f"best stride (the system reports a {line}-byte cache line)")
    return Section("false_sharing", intro, statements)


def advise(run):
    """Sections of advice for one Results, in catalogue order; families absent are omitted."""
    sections = [family_section(run, f) for f in RECOMMEND_FAMILIES]
    sections.append(false_sharing_section(run))
    return [s for s in sections if s]
