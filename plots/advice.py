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

advise() organises it as the decision guide's questions (QUESTIONS): a single counter, flag
or pointer; a group of variables; passing data; read-mostly data with expensive reads; and
whether concurrency pays at all against the sequential references. Which families answer
which question, the metric a family is ranked by and the parameter a sweep runs over are the
only names used; roles, units and directions always come from the file. A sweep (SWEEPS)
compares two variants at every value by the same rule; a crossover is claimed only where the
verdicts change sides once, and the values either side of it are named with their intervals.
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
    """A heading (a guide question, or a family outside the guide), its intro, statements."""

    def __init__(self, title, intro, statements, family=None):
        self.title, self.intro, self.statements = title, intro, statements
        self.family = family or title


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
    for role, why in (("unsafe", "never recommended"), ("reference", "a yardstick, not a choice")):
        names = sorted({p["workload"] for p in points if p["role"] == role})
        if names:
            notes.append(f"{', '.join(names)} excluded ({role}: {why})")
    return "; ".join(notes)


class Family:
    """One family's points as advice sees them: choices, condition, labels and groups."""

    def __init__(self, run, name):
        self.name = name
        self.everything = list(results.iter_points(run, name, include_failed=True))
        self.choices = [p for p in self.everything if results.is_choice(p)]
        self.cond = condition_keys(self.choices)
        self.mixed = len({p["placement"]["strategy"] for p in self.choices}) > 1
        self.exclude = ("threads",) + tuple(self.cond)

    def of_role(self, role):
        return [p for p in self.everything if p["role"] == role]

    def label(self, p):
        return results.variant_label(p, self.exclude)

    def condition(self, p, skip=()):
        parts = [f"{k}={p['params'][k]}" for k in sorted(self.cond) if k not in skip]
        parts += [f"placement {p['placement']['strategy']}"] if self.mixed else []
        return ", ".join(parts)

    def groups(self, skip=()):
        """[((condition text, threads), points)] of choices, conditions in file order."""
        groups = results.group_by(self.choices, lambda p: (self.condition(p, skip), p["threads"]))
        first_seen = {c: i for i, c in enumerate(dict.fromkeys(c for c, _ in groups))}
        return sorted(groups.items(), key=lambda kv: (first_seen[kv[0][0]], kv[0][1]))


def subject_of(threads, cond_text, prefix=""):
    return ", ".join(filter(None, [prefix, threads_text(threads), cond_text]))


def family_statements(fam, judge, prefix="", what=""):
    """The winner of every comparable group of a family, by fastest()."""
    statements = []
    for (cond_text, threads), group in fam.groups():
        group = [p for p in group if results.is_failed(p) or judge.median(p) is not None]
        statement = fastest(group, fam.label, judge)
        statement.subject = subject_of(threads, cond_text, prefix) + what
        statements.append(statement)
    return statements


def family_section(run, family, judge):
    fam = Family(run, family)
    if not fam.choices:
        return None
    intro = "; ".join(filter(None, [f"best verified variant per thread count (median "
                                    f"{judge.metric})", _left_out(fam.everything)]))
    return Section(family, intro, family_statements(fam, judge), family)


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


# ---------------------------------------------------------------- the guide's questions

# The metric a family is ranked by where it is not METRIC (falls back to METRIC when the file
# lacks it), and the parameter a family's sweep runs over.
FAMILY_METRIC = {"handoff": "items_per_sec"}
SWEEPS = {"cas_window": "window_ns", "read_mostly": "read_ns"}
HANDOFF_LATENCY = "latency_p50_ns"


def figure(run, point, metric):
    """'0.195 failures/op': a summary median with its unit from the file."""
    info = results.metric_info(run, metric) or {}
    value, unit = results.median(point, metric), info.get("unit", "")
    if value is None or abs(value) >= 1000:
        return si(value, unit)
    return f"{value:.3g}" + ("" if unit == "1" else f" {unit}")


def own_figures(run, point, others):
    """'metric value' for the metrics this point records and none of `others` does: what a
    retry loop counts, what an unsafe variant gets wrong. Read from the file, not from names."""
    theirs = {m for o in others for m in o["summary"]}
    names = [m for m in sorted(point["summary"]) if m not in theirs
             and results.higher_is_better(run, m) is not None]
    return ", ".join(f"{m} {figure(run, point, m)}" for m in names)


def judge_for(run, family):
    metric = FAMILY_METRIC.get(family, METRIC)
    if results.metric_info(run, metric) is None:
        metric = METRIC
    return Judge(run, metric)


def state_of(v):
    """'+' b better, '-' a better, '=' within noise, '?' no verdict."""
    return {verdict.FASTER: "+", verdict.SLOWER: "-", verdict.WITHIN_NOISE: "="}.get(
        v.verdict, "?")


def sweep_statement(subject, param, a_by_x, b_by_x, judge, name_a, name_b):
    """b against a at every value of `param` both have; the crossover, if any, by the rule."""
    rows = []
    for x in sorted(set(a_by_x) | set(b_by_x)):
        a, b = a_by_x.get(x), b_by_x.get(x)
        if a is None or b is None:
            rows.append((x, "?", f"{param}={x}: only {name_b if a is None else name_a} measured"))
        elif results.is_failed(a) or results.is_failed(b):
            rows.append((x, "?", f"{param}={x}: {name_a if results.is_failed(a) else name_b} "
                                 f"failed verification"))
        else:
            v = judge.versus(a, b)
            word = {"+": f"{name_b} better", "-": f"{name_a} better", "=": "within noise"}
            text = (f"{param}={x}: {v.interval_text()}, {word[state_of(v)]}" if v.verdict
                    else f"{param}={x}: no verdict ({v.reason})")
            rows.append((x, state_of(v), text))
    cited = "; ".join(text for _, _, text in rows)
    judged = [(x, s) for x, s, _ in rows if s != "?"]
    head = f"{name_b} against {name_a} ({judge.metric}, ratio {name_b}/{name_a})"
    if len(judged) < 2:
        return Statement(subject, f"{SILENT}: {head} has a verdict at fewer than two "
                                  f"{param} values: {cited}", True)
    signs = [(x, s) for x, s in judged if s in "+-"]
    if not signs:
        return Statement(subject, f"{SILENT}: {head} is within noise at every {param} "
                                  f"measured: {cited}", True)
    changes = [i for i in range(1, len(signs)) if signs[i][1] != signs[i - 1][1]]
    winner = {"+": name_b, "-": name_a}
    if len(changes) > 1:
        return Statement(subject, f"{SILENT}: no single crossover, {head} changes sides "
                                  f"{len(changes)} times: {cited}", True)
    if changes:
        (x0, s0), (x1, s1) = signs[changes[0] - 1], signs[changes[0]]
        between = [x for x, s in judged if x0 < x < x1]
        noise = f", within noise at {', '.join(map(str, between))}" if between else ""
        text = (f"{head}: crossover between {param}={x0} ({winner[s0]} better) and "
                f"{param}={x1} ({winner[s1]} better{noise}). {cited}")
        return Statement(subject, text)
    side, last = signs[0][1], judged[-1][0]
    fades = [x for x, s in judged if x > signs[-1][0]]
    text = (f"{head}: no crossover up to {param}={last}, {winner[side]} better at every "
            f"{param} with a verdict from {signs[0][0]} to {signs[-1][0]}")
    if fades:
        text += f", within noise from {param}={fades[0]} (it stops mattering there)"
    return Statement(subject, f"{text}. {cited}")


def _by_x(points, param):
    return {p["params"][param]: p for p in points if param in p["params"]}


def window_statements(run, fam, judge):
    """Each candidate against the baseline across the family's sweep parameter."""
    param = SWEEPS[fam.name]
    out = []
    base = [p for p in fam.choices if p["role"] == "baseline"]
    if not base:
        return [Statement(fam.name, f"{SILENT}: no baseline measured, nothing to cross", True)]
    keyed = results.group_by(
        [p for p in fam.choices if p["role"] == "candidate"],
        lambda p: (p["threads"], fam.condition(p, (param,)),
                   results.variant_key(p, fam.exclude + (param,))))
    for (threads, cond_text, _), cands in keyed.items():
        bases = [p for p in base if p["threads"] == threads
                 and fam.condition(p, (param,)) == cond_text]
        xs = _by_x(cands, param)
        if len(xs) < 2:
            out.append(Statement(subject_of(threads, cond_text, fam.name),
                                 f"{SILENT}: {fam.label(cands[0])} measured at one {param} "
                                 f"only, no sweep to find a crossover in", True))
            continue
        name_b = results.variant_label(cands[0], fam.exclude + (param,))
        name_a = results.variant_label(bases[0], fam.exclude + (param,)) if bases else "baseline"
        st = sweep_statement(subject_of(threads, cond_text, fam.name), param, _by_x(bases, param),
                             xs, judge, name_a, name_b)
        widest = xs[max(xs)]
        extra = own_figures(run, widest, bases) if not results.is_failed(widest) else ""
        if extra:
            st.text += f". {name_b} at {param}={max(xs)}: {extra}"
        out.append(st)
    return out


def pair_sweeps(run, fam, judge):
    """read-cost sweep: every pair of choices across the sweep parameter; the baseline, or the
    variant behind at the cheapest value, is the reference side."""
    param = SWEEPS[fam.name]
    if not any(param in p["params"] for p in fam.choices):
        return [Statement(fam.name, f"{SILENT}: no {param} sweep in this file, so where one "
                                    f"variant starts or stops paying off as {param} grows "
                                    f"cannot be said", True)]
    out = []
    groups = results.group_by(fam.choices, lambda p: (p["threads"], fam.condition(p, (param,))))
    for (threads, cond_text), points in groups.items():
        variants = results.group_by(points, lambda p: results.variant_key(
            p, fam.exclude + (param,), with_placement=False))
        series = [(results.variant_label(v[0], fam.exclude + (param,)), _by_x(v, param), v)
                  for v in variants.values()]
        series = [s for s in series if len(s[1]) >= 2]
        if len(series) < 2:
            out.append(Statement(subject_of(threads, cond_text, fam.name),
                                 f"{SILENT}: fewer than two variants measured at two or more "
                                 f"{param} values", True))
            continue
        for i, first in enumerate(series):
            for second in series[i + 1:]:
                a, b = _reference_side(first, second, judge)
                out.append(sweep_statement(subject_of(threads, cond_text, fam.name), param,
                                           a[1], b[1], judge, a[0], b[0]))
    return out


def _reference_side(one, other, judge):
    """(a, b): the baseline first; else the one with the lower median at the smallest value."""
    for s, t in ((one, other), (other, one)):
        if any(p["role"] == "baseline" for p in s[2]):
            return s, t
    x = min(set(one[1]) & set(other[1]), default=None)
    if x is None:
        return one, other

    def value(s):
        m = judge.median(s[1][x])
        return float("-inf") if m is None else (m if judge.higher else -m)
    return (one, other) if value(one) <= value(other) else (other, one)


def unsafe_statements(run, fam):
    """Unsafe variants: never recommended; what they got wrong, in the file's own figures."""
    out = []
    for p in fam.of_role("unsafe"):
        subject = subject_of(p["threads"], fam.condition(p), fam.name)
        if results.is_failed(p):
            out.append(Statement(subject, f"{fam.label(p)} is unsafe, never recommended, and "
                                          f"failed verification: {p['error']}"))
            continue
        wrong = own_figures(run, p, fam.choices) or "no figure beyond the choices' own"
        out.append(Statement(subject, f"{fam.label(p)} is unsafe, never recommended: {wrong} "
                                      f"(at {figure(run, p, METRIC)}, not comparable)"))
    return out


def handoff_latency(run, fam):
    judge = Judge(run, HANDOFF_LATENCY)
    if judge.higher is None or not any(results.median(p, HANDOFF_LATENCY) is not None
                                       for p in fam.choices):
        return [Statement(fam.name, f"{SILENT}: no hand-off latency ({HANDOFF_LATENCY}) "
                                    f"recorded", True)]
    return family_statements(fam, judge, fam.name, ", hand-off latency")


def sequential_statements(run, fam, judge):
    """The fastest choice per group against the family's plain sequential loop."""
    refs = [p for p in fam.of_role("reference") if not results.is_failed(p)]
    if not refs:
        return [Statement(fam.name, f"{SILENT}: no sequential reference measured", True)]
    out = []
    for (cond_text, threads), group in fam.groups():
        subject = subject_of(threads, cond_text, fam.name)
        ok = [p for p in group if not results.is_failed(p) and judge.median(p) is not None]
        matching = [r for r in refs if all(r["params"][k] == group[0]["params"].get(k)
                                          for k in r["params"] if k in fam.cond)]
        usable = [r for r in matching if judge.median(r) is not None]
        if not ok:
            out.append(Statement(subject, f"{SILENT}: no verified variant with {judge.metric}",
                                 True))
            continue
        if not usable:
            why = (f"{', '.join(sorted({r['workload'] for r in matching}))} does not record "
                   f"{judge.metric}, the metric {fam.name} is ranked by" if matching else
                   "no sequential reference at this condition")
            out.append(Statement(subject, f"{SILENT}: {why}", True))
            continue
        best, ref = judge.best_first(ok)[0], judge.best_first(usable)[0]
        v = judge.versus(ref, best)
        said = (f"{threads_text(threads)} with {fam.label(best)} {judge.fig(best)} deliver "
                f"{v.interval_text() if v.verdict else 'n/a'} the plain sequential loop "
                f"{ref['workload']} on 1 thread {judge.fig(ref)}")
        if v.verdict == verdict.FASTER:
            out.append(Statement(subject, f"concurrency pays: {said}"))
        elif v.verdict == verdict.SLOWER:
            out.append(Statement(subject, f"the plain loop does more: {said}"))
        else:
            out.append(Statement(subject, within_noise(judge, v, best, ref, lambda p: (
                fam.label(p) if p is best else f"{p['workload']} on 1 thread")), True))
    return out


def _q_single(run, fams):
    out = []
    for name in ("counter", "cas_limiter"):
        if fams.get(name):
            out += family_statements(fams[name], judge_for(run, name), name)
    if fams.get("cas_window"):
        out += window_statements(run, fams["cas_window"], judge_for(run, "cas_window"))
    return out


def _q_group(run, fams):
    fam = fams["multiword"]
    return family_statements(fam, judge_for(run, fam.name), fam.name) + unsafe_statements(run, fam)


def _q_handoff(run, fams):
    out = []
    for name in ("handoff", "signal"):  # passing items through a queue; waking one thread
        if fams.get(name):
            fam = fams[name]
            out += family_statements(fam, judge_for(run, fam.name), fam.name)
            out += handoff_latency(run, fam)
    return out


def _q_read(run, fams):
    fam = fams["read_mostly"]
    judge = judge_for(run, fam.name)
    return pair_sweeps(run, fam, judge) + family_statements(fam, judge, fam.name)


def _q_sequential(run, fams):
    out = []
    for name, fam in fams.items():
        if fam.of_role("reference") or name in GUIDE_FAMILIES:
            out += sequential_statements(run, fam, judge_for(run, name))
    return out


# (title, families it reads, what it answers, how)
QUESTIONS = [
    ("A single counter, flag or pointer?", ("counter", "cas_limiter", "cas_window"),
     "does an atomic beat the mutex baseline; with a window of local work between load and "
     "compare-exchange, from which window the mutex wins", _q_single),
    ("A group of variables?", ("multiword",),
     "which keeps several fields consistent fastest against the mutex baseline; unsafe "
     "independent atomics only to show what they tear", _q_group),
    ("Passing data between threads?", ("handoff", "signal"),
     "which queue hands items over fastest, and with what hand-off latency; which primitive "
     "wakes a waiting thread fastest (signal: one wake-up per operation)", _q_handoff),
    ("Read-mostly data with expensive reads?", ("read_mostly",),
     "as the read cost grows, where a shared mutex starts to beat the mutex and where the "
     "atomic pointer stops mattering", _q_read),
    ("Need concurrency at all?", None,
     "the fastest verified variant per thread count against the plain sequential loop on one "
     "thread (role reference)", _q_sequential),
]
GUIDE_FAMILIES = {f for _, fams, _, _ in QUESTIONS if fams for f in fams}


def question_section(run, fams, title, families, what, answer, said_rule=False):
    present = fams if families is None else {f: fams[f] for f in families if f in fams}
    if families is not None and not any(f.everything for f in present.values()):
        return Section(title, what, [Statement("not measured", (
            f"{SILENT}: this file has no {' or '.join(families)} points "
            f"(scenarios/guide.json runs them)"), True)])
    statements = answer(run, present) if present else []
    if not statements:
        statements = [Statement("not measured", f"{SILENT}: no family in this file has a "
                                                f"sequential reference", True)]
    ranked = sorted({judge_for(run, f).metric for f in present})
    rule = "better as above" if said_rule else RULE
    intro = f"{what} (median {', '.join(ranked)}; {rule})" if ranked else what
    left = "; ".join(filter(None, (_left_out(f.everything) for f in present.values()
                                   if families is not None)))
    return Section(title, intro + (f"; {left}" if left else ""), statements)


def advise(run):
    """The guide's questions, then the families outside the guide, for one Results."""
    if not run.points:
        return []
    judge = Judge(run)
    if judge.higher is None:
        return [Section("all families", f"{METRIC} has no better direction in this file",
                        [Statement("advice", f"{SILENT}: nothing to rank by", True)])]
    fams = {name: Family(run, name) for name in results.families(run)}
    sections = []
    for q in QUESTIONS:
        said = any(RULE in s.intro for s in sections)
        sections.append(question_section(run, fams, *q, said_rule=said))
    for name in fams:
        if name in GUIDE_FAMILIES:
            continue
        s = (false_sharing_section(run, judge) if name == "false_sharing"
             else family_section(run, name, judge))
        if s:
            s.title = f"Also measured: {name}"
            sections.append(s)
    return sections


def family_sections(run):
    """Advice per family, in the file's order, with no guide questions (one family's view)."""
    judge = Judge(run)
    sections = [false_sharing_section(run, judge) if family == "false_sharing"
                else family_section(run, family, judge) for family in results.families(run)]
    return [s for s in sections if s]
