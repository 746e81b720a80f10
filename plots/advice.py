""""What to use on this machine": turn measured points into cited recommendations.

Rules (each statement either cites its figures or says why it stays silent):
- What a point is comes from the file: its role (only candidates and baselines are choices;
  unsafe variants lose updates, references are yardsticks) and the metric's direction.
- Within a family, points are compared only at the same thread count, placement and
  condition: params every workload of the family has (write_ratio, critical work...).
- "B is better than A" is the rule `contend compare` applies (verdict.py): the 95%
  bootstrap interval of the ratio of medians lies beyond 1 and the change is at least
  the minimum effect. The best median is named when it is better than every other verified
  variant by that rule; a noisy loser only widens its own interval, it silences nothing
  unless it could really be ahead.
- The winner is set against the group's baseline by the same rule.
- false_sharing: the smallest stride whose median is within STRIDE_TOLERANCE of the best
  stride's, claimed when the next smaller stride is worse by the same rule.
"""

import results
import verdict
from results import si, threads_text

METRIC = "ops_per_sec"
STRIDE_TOLERANCE = 0.10
SILENT = "not enough evidence"
RULE = (f"better means the 95% bootstrap interval of the ratio of medians excludes 1 and the "
        f"change is at least {verdict.MIN_EFFECT:.0%}, as in contend compare")


class Statement:
    """One line of advice; silent statements say why no claim is made."""

    def __init__(self, subject, text, silent=False):
        self.subject, self.text, self.silent = subject, text, silent

    def __repr__(self):
        return f"Statement({self.subject!r}, {self.text!r}, silent={self.silent})"


class Section:
    def __init__(self, family, intro, statements):
        self.family, self.intro, self.statements = family, intro, statements


class Judge:
    """The metric of one run: its unit and direction, figures and verdicts between points."""

    def __init__(self, run, metric=METRIC):
        self.metric = metric
        self.higher = results.higher_is_better(run, metric)
        info = results.metric_info(run, metric)
        self.unit = info["unit"] if info else ""

    def median(self, point):
        return results.median(point, self.metric)

    def fig(self, point):
        return (f"{si(self.median(point), self.unit)} "
                f"(MdAPE {results.mdape(point, self.metric):.1f}%)")

    def best_first(self, points):
        return sorted(points, key=self.median, reverse=bool(self.higher))

    def versus(self, a, b):
        """verdict.Verdict of b against a."""
        return verdict.compare(a, b, self.metric, self.higher)


def within_noise(judge, v, better, worse, label):
    """The silent sentence for a comparison that found no verdict."""
    if v.verdict is None:
        return f"{SILENT}: {label(better)} against {label(worse)}: {v.reason}"
    return (f"{SILENT}: {label(better)} {judge.fig(better)} against {label(worse)} "
            f"{judge.fig(worse)} is {v.interval_text()}, within noise")


def condition_keys(points):
    """Params that every workload of the family has: they define the condition compared."""
    per_workload = {}
    for p in points:
        per_workload.setdefault(p["workload"], set()).update(p["params"])
    sets = list(per_workload.values())
    return set.intersection(*sets) if sets else set()


def _against_baseline(judge, winner, runner, points, label):
    """The closing clause: the winner set against the group's baseline."""
    base = next((p for p in points if p["role"] == "baseline"), None)
    if base is None:
        return "; no baseline measured at this condition"
    if results.is_failed(base):
        return f"; the baseline {label(base)} failed verification"
    if base is winner:
        return "; the baseline itself is best"
    if base is runner:
        return ", which is the baseline"
    v = judge.versus(base, winner)
    if v.verdict == verdict.FASTER:
        return f"; {v.interval_text()} the baseline {label(base)} {judge.fig(base)}"
    return (f"; no measurable gain over the baseline {label(base)} {judge.fig(base)}"
            + (f" ({v.interval_text()})" if v.verdict else f" ({v.reason})"))


def fastest(points, label, judge):
    """Statement on one comparable group (same family, condition, threads)."""
    subject = threads_text(points[0]["threads"])
    ok = judge.best_first(p for p in points if not results.is_failed(p))
    failed = sorted({label(p) for p in points if results.is_failed(p)})
    excluded = f" ({', '.join(failed)} failed verification, not compared)" if failed else ""
    if len(ok) < 2:
        return Statement(subject, f"{SILENT}: fewer than two verified variants{excluded}", True)
    winner, runner = ok[0], ok[1]
    for rival in ok[1:]:
        v = judge.versus(rival, winner)
        if v.verdict != verdict.FASTER:
            return Statement(subject, within_noise(judge, v, winner, rival, label) + excluded,
                             True)
    lead = judge.versus(runner, winner)
    text = (f"use {label(winner)}: {judge.fig(winner)}, {lead.interval_text()} the runner-up "
            f"{label(runner)} {judge.fig(runner)}")
    return Statement(subject, text + _against_baseline(judge, winner, runner, points, label)
                     + excluded)


def _left_out(points):
    """The intro's note on points that are not choices, naming them."""
    notes = []
    for role, why in (("unsafe", "loses updates"), ("reference", "a yardstick, not a choice")):
        names = sorted({p["workload"] for p in points if p["role"] == role})
        if names:
            notes.append(f"{', '.join(names)} excluded ({role}: {why})")
    return "; ".join(notes)


def family_section(run, family, judge):
    everything = list(results.iter_points(run, family, include_failed=True))
    points = [p for p in everything if results.is_choice(p)]
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
        statement = fastest(group, label, judge)
        if cond_text:
            statement.subject += f", {cond_text}"
        statements.append(statement)
    intro = "; ".join(filter(None, [f"best verified variant per thread count (median "
                                    f"{judge.metric})", _left_out(everything)]))
    return Section(family, intro, statements)


def smallest_stride(points, label, judge):
    """Statement for one false_sharing variant at one thread count."""
    subject = f"{threads_text(points[0]['threads'])}, {label(points[0])}"
    by_stride = sorted(points, key=lambda p: p["params"]["stride"])
    ok = [p for p in by_stride if not results.is_failed(p)]
    if len(ok) < 2:
        return Statement(subject, f"{SILENT}: fewer than two verified strides", True)
    best = judge.best_first(ok)[0]

    def close_to_best(p):
        got, target = judge.median(p), judge.median(best)
        if not judge.higher:  # lower is better: compare the reciprocals
            got, target = target, got
        return got >= (1 - STRIDE_TOLERANCE) * target

    chosen = next(p for p in ok if close_to_best(p))
    stride = chosen["params"]["stride"]
    for p in by_stride:
        if results.is_failed(p) and p["params"]["stride"] <= stride:
            return Statement(subject, f"{SILENT}: stride {p['params']['stride']} B failed", True)
    head = f"stride {stride} B at {judge.fig(chosen)}"
    best_text = (f"within {STRIDE_TOLERANCE:.0%} of the best stride "
                 f"({best['params']['stride']} B, {si(judge.median(best), judge.unit)})"
                 if best is not chosen else "the best stride measured")
    smaller = [p for p in ok if p["params"]["stride"] < stride]
    if not smaller:
        return Statement(subject, f"even the smallest stride measured, {head}, is "
                                  f"{best_text}: no false-sharing penalty visible here")
    prev = smaller[-1]
    v = judge.versus(prev, chosen)
    if v.verdict != verdict.FASTER:
        return Statement(subject, within_noise(judge, v, chosen, prev, lambda p: (
            f"stride {p['params']['stride']} B")), True)
    return Statement(subject, f"pad to {head}, {best_text}; {prev['params']['stride']} B "
                              f"reaches only {judge.fig(prev)}, {stride} B is "
                              f"{v.interval_text()} that")


def false_sharing_section(run, judge):
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
    statements = [smallest_stride(g, label, judge) for _, g in ordered]
    line = run.context["cpu"]["cache_line_bytes"]
    intro = (f"smallest stride between per-thread counters within {STRIDE_TOLERANCE:.0%} of the "
             f"best stride (the system reports a {line}-byte cache line)")
    return Section("false_sharing", intro, statements)


def advise(run):
    """Sections of advice for one Results, in the file's family order."""
    judge = Judge(run)
    if judge.higher is None and run.points:
        return [Section("all families", f"{METRIC} has no better direction in this file",
                        [Statement("advice", f"{SILENT}: nothing to rank by", True)])]
    sections = [false_sharing_section(run, judge) if family == "false_sharing"
                else family_section(run, family, judge) for family in results.families(run)]
    return [s for s in sections if s]
