"""The one rule for "B is better than A", as `contend compare` applies it.

ratio = median(B) / median(A) of a metric's per-repetition values; its interval is a
seeded percentile bootstrap of the ratio of resampled medians, each side's widened by a run
effect (one file cannot show how far the next run lands: its repetitions' spread, at least
5%). B is better when the
interval lies wholly on the good side of 1 and the ratio clears min_effect, symmetric in
log space. judge() is checked against tests/data/verdict_cases.json, the table the C++
judge is checked against too; the bootstrap replays src/stats/bootstrap.cpp draw for draw
(SplitMix64, same seed mixing), so the same data give the same interval in both.
"""

import json
from dataclasses import dataclass

import numpy as np

import results

# As CompareOptions / BootstrapOptions in src/compare and src/stats: contend compare's defaults.
MIN_EFFECT = 0.02
CONFIDENCE = 0.95
RESAMPLES = 2000
SEED = 1
RUN_SPREAD = 0.05  # --run-spread: the spread between runs credited to a single run
MIN_REPETITIONS = 2  # fewer on either side give no interval, hence no verdict

FASTER, SLOWER, WITHIN_NOISE = "faster", "slower", "within_noise"
_MASK = (1 << 64) - 1


def judge(ratio, low, high, min_effect, higher_is_better):
    """'faster' (better in the metric's direction), 'slower' or 'within_noise'."""
    up = low > 1 and ratio >= 1 + min_effect
    down = high < 1 and ratio <= 1 / (1 + min_effect)
    if not up and not down:
        return WITHIN_NOISE
    return FASTER if up == higher_is_better else SLOWER


def mix(seed, text):
    """seed ^ FNV-1a(text): each comparison its own random stream, stable across runs."""
    h = 0xcbf29ce484222325
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x100000001b3) & _MASK
    return seed ^ h


def splitmix64(seed, count):
    """The first `count` outputs of SplitMix64 from `seed`, as uint64."""
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + np.arange(1, count + 1, dtype=np.uint64) * np.uint64(
            0x9e3779b97f4a7c15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xbf58476d1ce4e5b9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94d049bb133111eb)
    return z ^ (z >> np.uint64(31))


def _below(draws, bound):
    """Uniform indices in [0, bound): the high 32 bits times bound, as SplitMix64::below."""
    return ((draws >> np.uint64(32)) * np.uint64(bound)) >> np.uint64(32)


def quantile_sorted(values, q):
    """Linear interpolation between order statistics (equal neighbours returned as they are)."""
    position = min(max(q, 0.0), 1.0) * (len(values) - 1)
    below = int(position)
    above = min(below + 1, len(values) - 1)
    fraction = position - below
    if fraction == 0 or values[below] == values[above]:
        return float(values[below])
    return float(values[below] + (values[above] - values[below]) * fraction)


def log_spread(values):
    """Robust standard deviation of log(value), as src/compare/interval.cpp's log_spread."""
    logs = np.log(values[values > 0])
    if len(logs) < 2:
        return 0.0
    return float(1.4826 * np.median(np.abs(logs - np.median(logs))))


def run_effect(values, floor=RUN_SPREAD):
    """What one run cannot show about the next: its repetitions' spread, at least the floor
    (contend compare's --run-spread), as the sigma of a log-normal run effect."""
    spread = log_spread(values)
    return spread if spread > floor else floor


def _standard_normal(first, second):
    """Box-Muller from two SplitMix64 outputs, as interval.cpp's standard_normal."""
    u1 = ((first >> np.uint64(11)).astype(float) + 0.5) * 2.0 ** -53
    u2 = (second >> np.uint64(11)).astype(float) * 2.0 ** -53
    return np.sqrt(-2 * np.log(u1)) * np.cos(2 * np.pi * u2)


def bootstrap_ratio(a, b, seed=SEED, resamples=RESAMPLES, confidence=CONFIDENCE,
                    run_spread=RUN_SPREAD):
    """(ratio, low, high) of median(b) / median(a) for one run (file) per side; median(a) must
    be > 0. Each resample draws A's repetitions, A's run effect, then B's: the order of
    contend compare's draws, so both give the same interval."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    na, nb = len(a), len(b)
    draws = splitmix64(seed, resamples * (na + nb + 4)).reshape(resamples, -1)
    side_b = na + 2
    medians_a = np.median(a[_below(draws[:, :na], na)], axis=1) * np.exp(
        run_effect(a, run_spread) * _standard_normal(draws[:, na], draws[:, na + 1]))
    medians_b = np.median(b[_below(draws[:, side_b:side_b + nb], nb)], axis=1) * np.exp(
        run_effect(b, run_spread) * _standard_normal(draws[:, side_b + nb],
                                                     draws[:, side_b + nb + 1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(medians_a != 0, medians_b / medians_a,
                          np.where(medians_b == 0, 1.0, np.inf))
    ratios.sort()
    tail = (1 - confidence) / 2
    return (float(np.median(b) / np.median(a)), quantile_sorted(ratios, tail),
            quantile_sorted(ratios, 1 - tail))


def seed_text(point, candidate_index=0):
    """What contend compare mixes into --seed for a row: the A point and the candidate."""
    placement = point["placement"]
    return (f"{point_label(point)}|{point['threads']}|{placement['shared_level']}|"
            f"{placement['strategy']}|{candidate_index}")


def point_label(point):
    """'atomic_add order=relaxed' exactly as contend compare writes it."""
    params = " ".join(f"{k}={v if isinstance(v, str) else json.dumps(v)}"
                      for k, v in sorted(point["params"].items()))
    return f"{point['workload']} {params}".rstrip()


@dataclass
class Verdict:
    """B against A on one metric: the verdict, or None with the reason there is none."""
    verdict: str = None
    ratio: float = None
    low: float = None
    high: float = None
    reason: str = ""

    def interval_text(self):
        return f"{self.ratio:.3g}× (95% CI {self.low:.3g}–{self.high:.3g})"


def compare(a, b, metric, higher_is_better, *, min_effect=MIN_EFFECT, candidate_index=0):
    """Verdict of point b against point a (both verified) on `metric`."""
    if higher_is_better is None:
        return Verdict(reason=f"{metric} has no better direction")
    va, vb = results.rep_values(a, metric), results.rep_values(b, metric)
    if min(len(va), len(vb)) < MIN_REPETITIONS:
        return Verdict(reason=f"needs {MIN_REPETITIONS} repetitions of {metric} on each side "
                              f"for an interval ({len(va)} and {len(vb)})")
    if not np.median(va) > 0:
        return Verdict(reason=f"median {metric} of {point_label(a)} is {np.median(va):g}: no ratio")
    seed = mix(SEED, seed_text(a, candidate_index))
    ratio, low, high = bootstrap_ratio(va, vb, seed)
    return Verdict(judge(ratio, low, high, min_effect, higher_is_better), ratio, low, high)
