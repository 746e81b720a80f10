"""The one chart routine behind throughput, CAS, stride and overlay charts.

A Line is a series: a label, a metric and its points (plus matplotlib style options and a
group: lines of one group, e.g. one variant on several machines, stay on one chart). Each
non-failed point carrying the metric becomes a marker at (x_of(point), summary median) with
min/max error bars; failed points become an 'x' on the x axis.

What a reader would otherwise have to decode is decided here, once for every chart:
- a single x value (one thread count) is drawn as bars, never as lines through one point;
- more than style.MAX_SERIES series are split over several charts, the baseline repeated
  in each, and each caption says which series the others hold;
- nothing to draw, one point in all, or every value zero: no chart, a Skipped saying why.
"""

from dataclasses import dataclass, field

from matplotlib.ticker import EngFormatter, FixedLocator, NullLocator

import results
import style


@dataclass
class Line:
    label: str
    metric: str
    points: list
    style: dict = field(default_factory=dict)
    group: object = None  # lines with the same group are kept on one chart

    @property
    def name(self):
        """The label, with the role said where it is not an ordinary choice."""
        roles = {p["role"] for p in self.points}
        tag = f" ({roles.pop()})" if len(roles) == 1 and "candidate" not in roles else ""
        return self.label + tag

    def drawable(self):
        return [p for p in self.points if results.median(p, self.metric) is not None]

    def pinned(self):
        """The baseline: repeated in every part of a split chart, as the yardstick."""
        return bool(self.points) and all(p["role"] == "baseline" for p in self.points)


def threads_of(point):
    return point["threads"]


def plot_lines(ax, lines, x_of):
    """Draw lines; returns (y values drawn, xs used, any noisy, any failed)."""
    ys_all, xs_all, any_noisy, any_failed = [], [], False, False
    for line in lines:
        ok = sorted(line.drawable(), key=x_of)
        failed = [x_of(p) for p in line.points if results.is_failed(p)]
        if not ok:
            continue
        xs = [x_of(p) for p in ok]
        ys = [results.median(p, line.metric) for p in ok]
        lows, highs = zip(*(results.spread(p, line.metric) for p in ok))
        noisy = [p["noisy"] for p in ok]
        color = style.series(ax, xs, ys, lows, highs, noisy, line.name, **line.style)
        style.mark_failed(ax, failed, color)
        ys_all += ys + [v for v in lows + highs if v is not None]
        xs_all += xs + failed
        any_noisy |= any(noisy)
        any_failed |= bool(failed)
    return ys_all, xs_all, any_noisy, any_failed


def plot_bars(ax, lines, value_label):
    """One horizontal bar per series (its point at the single x); returns values drawn."""
    values, any_noisy = [], False
    names = [line.name for line in lines]
    for row, line in enumerate(lines):
        color = line.style.get("color", style.color(row))
        point = next(iter(line.drawable()), None)
        if point is None:
            ax.text(0, row, " failed verification: not drawn", va="center", color="firebrick")
            continue
        value = results.median(point, line.metric)
        lo, hi = results.spread(point, line.metric)
        noisy = point["noisy"]
        ax.barh(row, value, color="white" if noisy else color, edgecolor=color,
                hatch="//" if noisy else None, height=0.7,
                xerr=[[max(value - lo, 0)], [max(hi - value, 0)]], capsize=3)
        ax.text(hi, row, f" {results.si(value)}", va="center", fontsize=8, clip_on=False)
        values += [value, lo, hi]
        any_noisy |= noisy
    ax.set_yticks(range(len(lines)))
    ax.set_yticklabels(names)
    ax.invert_yaxis()  # first series on top, as in the legend order elsewhere
    ax.set_xlabel(value_label + ("; hatched: noisy" if any_noisy else ""))
    ax.grid(axis="y", visible=False)
    return values


def split(lines, limit=style.MAX_SERIES):
    """Lines in parts of at most `limit` (whole groups kept together, pinned lines in each)."""
    pinned = [line for line in lines if line.pinned()]
    groups = results.group_by([line for line in lines if not line.pinned()],
                              lambda line: line.group if line.group is not None else id(line))
    room = max(limit - len(pinned), 1)
    parts, current = [], []
    for group in groups.values():
        if current and len(current) + len(group) > room:
            parts.append(current)
            current = []
        current += group
    if current or not parts:
        parts.append(current)
    return [pinned + part for part in parts]


def why_degenerate(lines, x_of):
    """Why no chart is worth drawing, or None."""
    points = [(x_of(p), results.median(p, line.metric)) for line in lines
              for p in line.drawable()]
    if not points:
        return "no data to draw"
    if len(points) == 1:
        return "one point only: its figures are in the points table"
    if all(y == 0 for _, y in points):
        return "every value is 0"
    return None


def line_charts(lines, *, what, machine, ylabel, stem, outdir, x_of=threads_of,
                xlabel="threads", x_text=results.threads_text, x_log2=False, y_unit="",
                y_from_zero=False, y_reference=None, x_reference=None, caption=""):
    """Draw and save the charts for `lines`: [style.Chart or style.Skipped].

    what: the chart's subject ("counter: throughput"); " vs threads" or " at 2 threads" is
    added. y_reference / x_reference: (value, label) drawn as a dotted line (x_reference
    on line charts only: bars have no x axis of that kind). caption: said under every part."""
    reason = why_degenerate(lines, x_of)
    if reason:
        return [style.skip(f"{what} — {machine}", reason, stem)]
    xs = sorted({x_of(p) for line in lines for p in line.points})
    parts = split([line for line in lines if line.points])
    names = [[line.name for line in part if not line.pinned()] for part in parts]
    pinned = [line.name for line in parts[0] if line.pinned()]
    charts = []
    for i, part in enumerate(parts):
        title = (f"{what} {'at ' + x_text(xs[0]) if len(xs) == 1 else 'vs ' + xlabel}"
                 f"{style.part_suffix(i, len(parts))}")
        fig, ax = style.figure()
        if len(xs) == 1:
            values = plot_bars(ax, part, ylabel)
            # Room for the value written after the longest bar.
            if style.auto_log(ax, values, axis="x"):
                ax.set_xlim(right=max(values) * 3)
            else:
                ax.set_xlim(0, max(values) * 1.15)
            ax.xaxis.set_major_formatter(EngFormatter(unit=y_unit))
            if y_reference:
                ax.axvline(y_reference[0], color="gray", linestyle=":", linewidth=1,
                           label=y_reference[1])
                ax.legend(loc="best")
        else:
            _draw_lines(ax, part, x_of, xs, xlabel, x_log2, ylabel, y_unit, y_from_zero,
                        y_reference, x_reference)
        style.title(ax, title, machine, [p for line in part for p in line.points])
        charts.append(style.save(fig, outdir, style.part_stem(stem, i, len(parts)),
                                 f"{title} — {machine}",
                                 " ".join(filter(None, [style.part_caption(i, names, pinned),
                                                        caption]))))
    return charts


def _draw_lines(ax, lines, x_of, xs, xlabel, x_log2, ylabel, y_unit, y_from_zero,
                y_reference, x_reference):
    ys, _, any_noisy, any_failed = plot_lines(ax, lines, x_of)
    if x_log2 or (xs[0] > 0 and xs[-1] / xs[0] >= style.THREADS_LOG2_RANGE):
        ax.set_xscale("log", base=2)
        ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_locator(FixedLocator(xs))
    ax.xaxis.set_major_formatter(EngFormatter(sep=""))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if not style.auto_log(ax, ys) and y_from_zero:
        ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(EngFormatter(unit=y_unit))
    for ref, draw in ((y_reference, ax.axhline), (x_reference, ax.axvline)):
        if ref:
            draw(ref[0], color="gray", linestyle=":", linewidth=1, label=ref[1])
    style.legend(ax, any_noisy, any_failed)
