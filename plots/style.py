"""Shared look of every chart: size, fonts, units, how noisy/failed points show, saving."""

import sys
import warnings

import output
import results
import system_python

system_python.require("matplotlib", "numpy")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

FIGSIZE = (6.4, 4.0)  # inches; readable in the report's two-column grid
DPI = 120
LOG_RANGE = 10.0  # switch an axis to log when max/min exceeds this
LEGEND_INSIDE_MAX = 4  # more entries than this go below the axes, in two columns
THREADS_LOG2_RANGE = 8  # threads on a log2 axis from 1..8 (or wider) on
MAX_SERIES = 8  # lines or bars per chart: the default palette has 10 colours, eyes fewer

LINESTYLES = ["-", "--", ":", "-."]


def color(i):
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    return cycle[i % len(cycle)]


plt.rcParams.update({
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.fontsize": 7.5,
    "svg.hashsalt": "contend",  # stable SVG ids run to run
})


class Chart:
    """One written chart: a title, its PNG/SVG files and a caption (what it leaves out)."""

    def __init__(self, title, png, svg, caption=""):
        self.title, self.png, self.svg, self.caption = title, png, svg, caption

    def __repr__(self):
        return f"Chart({self.title!r}, {self.png})"


class Skipped:
    """A chart not drawn, and why; the report lists these instead of an empty picture."""

    def __init__(self, title, reason):
        self.title, self.reason = title, reason

    def __repr__(self):
        return f"Skipped({self.title!r}, {self.reason!r})"


def note(message):
    """Say why a chart was not drawn; goes to stderr, never stops the run."""
    print(f"note: {message}", file=sys.stderr)


def skip(title, reason, stem=""):
    note(f"skipped {stem or title}: {reason}")
    return Skipped(title, reason)


def parts_of(items, limit=MAX_SERIES):
    """items in consecutive parts of at most `limit` (one empty part for no items)."""
    return [items[i:i + limit] for i in range(0, len(items), limit)] or [items[:0]]


def part_suffix(index, count):
    return f" ({index + 1} of {count})" if count > 1 else ""


def part_stem(stem, index, count):
    return f"{stem}-{index + 1}" if count > 1 else stem


def part_caption(index, names, pinned=()):
    """What part `index` of a split chart shows and where the rest is; '' when not split.

    names: the series names of every part; pinned: names repeated in every part."""
    if len(names) < 2:
        return ""
    elsewhere = [name for i, part in enumerate(names) if i != index for name in part]
    text = (f"Part {index + 1} of {len(names)}: {len(names[index])} of "
            f"{sum(map(len, names))} series; the other parts show {', '.join(elsewhere)}.")
    return text + (f" {', '.join(pinned)} in every part." if pinned else "")


def figure():
    fig, ax = plt.subplots(figsize=FIGSIZE, dpi=DPI)
    return fig, ax


def title(ax, what, machine, points=()):
    """Subject, then the machine and what every drawn point shares (the labels leave it out:
    results.group_variants): the workload when there is one, the params with one value."""
    workloads = {p["workload"] for p in points}
    shared = [workloads.pop()] if len(workloads) == 1 else []
    shared += [results.params_label(results.common_params(points))]
    shared = " ".join(s for s in shared if s)
    ax.set_title(f"{what}\n{machine}" + (f" · {shared}" if shared else ""))


def auto_log(ax, values, axis="y"):
    """Log scale when the positive values span more than LOG_RANGE."""
    values = [v for v in values if v is not None and v > 0]
    if values and max(values) / min(values) > LOG_RANGE:
        getattr(ax, f"set_{axis}scale")("log")
        return True
    return False


def series(ax, xs, ys, lows, highs, noisy, label, color=None, linestyle="-"):
    """A line with min/max error bars; noisy points hollow. Returns the colour used."""
    (line,) = ax.plot(xs, ys, linestyle=linestyle, label=label, color=color, linewidth=1.4)
    color = line.get_color()
    for x, y, lo, hi, hollow in zip(xs, ys, lows, highs, noisy):
        yerr = None if lo is None or hi is None else [[max(y - lo, 0)], [max(hi - y, 0)]]
        ax.errorbar([x], [y], yerr=yerr, fmt="o", color=color, markersize=5,
                    markerfacecolor="white" if hollow else color, capsize=3, linewidth=1)
    return color


def mark_failed(ax, xs, color):
    """Failed points are shown as an 'x' on the axis, never as a value."""
    if xs:
        ax.plot(xs, [0.02] * len(xs), "x", color=color, markersize=7,
                transform=ax.get_xaxis_transform(), clip_on=False)


def legend(ax, any_noisy=False, any_failed=False):
    handles, labels = ax.get_legend_handles_labels()
    if any_noisy:
        handles.append(Line2D([], [], marker="o", linestyle="", color="gray",
                              markerfacecolor="white"))
        labels.append("hollow: noisy (MdAPE above threshold)")
    if any_failed:
        handles.append(Line2D([], [], marker="x", linestyle="", color="gray"))
        labels.append("x on axis: failed, not plotted")
    if not handles:
        return
    if len(handles) > LEGEND_INSIDE_MAX:
        below = ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.16),
                          ncol=2, borderaxespad=0, frameon=False)
        below.set_in_layout(False)  # keep the plot full size; the saved image grows instead
    else:
        ax.legend(handles, labels, loc="best")


def save(fig, outdir, stem, chart_title, caption=""):
    """Write STEM.png and STEM.svg under outdir, each whole or not at all; returns a Chart.

    The stem is bounded (output.stem): long scenario or file names never make a name the
    filesystem refuses."""
    stem = output.stem(stem)
    png, svg = outdir / f"{stem}.png", outdir / f"{stem}.svg"
    with warnings.catch_warnings():  # a wide legend defeats it; bbox_inches="tight" still crops
        warnings.simplefilter("ignore", UserWarning)
        fig.tight_layout()
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    try:
        output.write_atomically(png, lambda tmp: fig.savefig(
            tmp, format="png", dpi=DPI, bbox_inches="tight", bbox_extra_artists=legends))
        output.write_atomically(svg, lambda tmp: fig.savefig(
            tmp, format="svg", bbox_inches="tight", bbox_extra_artists=legends,
            metadata={"Date": None}))
    finally:
        plt.close(fig)
    return Chart(chart_title, png, svg, caption)
