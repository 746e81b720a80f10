"""Verdicts between results files, as `contend compare` gives them with its defaults.

The first file is the baseline A; each other file is a candidate. Points match on
workload, params, threads and the level their PUs share; several points with one key
pair by strategy name first, then in file order (src/compare/match.cpp). Each pair is
judged by verdict.compare with the candidate's index mixed into the seed, so every
ratio, interval and verdict equals the one `contend compare` prints for the same files.
"""

import json
import math
from dataclasses import dataclass, field

import results
import verdict

METRIC = "ops_per_sec"


@dataclass
class Row:
    a: dict
    b: dict = None  # None: no counterpart in the candidate
    outcome: verdict.Verdict = None  # None when not compared; reason says why

    @property
    def reason(self):
        if self.b is None:
            return "not in this file"
        if results.is_failed(self.a) or results.is_failed(self.b):
            return "failed verification in " + " and ".join(
                name for name, p in (("A", self.a), ("B", self.b)) if results.is_failed(p))
        return self.outcome.reason


@dataclass
class FamilySummary:
    family: str
    counts: dict = field(default_factory=dict)  # verdict or "not compared" -> count
    ratios: list = field(default_factory=list)

    def geomean(self):
        positive = [r for r in self.ratios if r > 0]
        if not positive or len(positive) < len(self.ratios):
            return None  # a ratio of 0 has no logarithm: no mean, as contend compare
        return math.exp(sum(map(math.log, positive)) / len(positive))


@dataclass
class Comparison:
    baseline: results.Results
    candidate: results.Results
    index: int  # 0 for the first candidate (file B)
    rows: list
    only_in_candidate: list
    higher: bool

    def families(self):
        out = {}
        for row in self.rows:
            summary = out.setdefault(row.a["family"], FamilySummary(row.a["family"]))
            said = row.outcome.verdict if row.outcome and row.outcome.verdict else "not compared"
            summary.counts[said] = summary.counts.get(said, 0) + 1
            if said != "not compared":
                summary.ratios.append(row.outcome.ratio)
        return list(out.values())


def match_key(point):
    return (point["workload"], json.dumps(point["params"], sort_keys=True), point["threads"],
            point["placement"]["shared_level"])


def pair_points(base, cand):
    """[(a, b or None)] in baseline order, and the candidate points left unmatched."""
    groups = results.group_by(cand, match_key)
    partner, taken = {}, set()
    for same_strategy in (True, False):
        for a in base:
            if id(a) in partner:
                continue
            for b in groups.get(match_key(a), []):
                strategy_ok = b["placement"]["strategy"] == a["placement"]["strategy"]
                if id(b) not in taken and (strategy_ok or not same_strategy):
                    partner[id(a)] = b
                    taken.add(id(b))
                    break
    return [(a, partner.get(id(a))) for a in base], [b for b in cand if id(b) not in taken]


def compare_pair(a, b, index, higher):
    if b is None or results.is_failed(a) or results.is_failed(b):
        return Row(a, b)
    return Row(a, b, verdict.compare(a, b, METRIC, higher, candidate_index=index))


def compare_runs(runs):
    """[Comparison] of every later file against the first; [] when fewer than two have points."""
    runs = [run for run in runs if run.points]
    if len(runs) < 2:
        return []
    base = runs[0]
    higher = results.higher_is_better(base, METRIC)
    comparisons = []
    for index, cand in enumerate(runs[1:]):
        pairs, left = pair_points(list(results.iter_points(base, include_failed=True)),
                                  list(results.iter_points(cand, include_failed=True)))
        rows = [compare_pair(a, b, index, higher) for a, b in pairs]
        comparisons.append(Comparison(base, cand, index, rows, left, higher))
    return comparisons
