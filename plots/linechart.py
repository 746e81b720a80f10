"""The one line-chart routine behind throughput, ns/op, latency, CAS, stride and overlay charts.

A line is (label, metric, points[, style]) where style holds matplotlib line options
(color, linestyle); each non-failed point carrying the metric
becomes a marker at (x_of(point), summary median) with min/max error bars;
failed points become an 'x' on the x axis. Nothing drawable -> no chart.
"""

from matplotlib.ticker import EngFormatter, FixedLocator, NullLocator

import results
import style


def threads_of(point):
    return point["threads"]


def plot_lines(ax, lines, x_of):
    """Draw lines; returns (y values drawn, xs used, any noisy, any failed)."""
    ys_all, xs_all, any_noisy, any_failed = [], [], False, False
    for label, metric, points, *line_style in lines:
        ok = sorted((p for p in points if results.median(p, metric) is not None), key=x_of)
        failed = [x_of(p) for p in points if results.is_failed(p)]
        if not ok:
            continue
        xs = [x_of(p) for p in ok]
        ys = [results.median(p, metric) for p in ok]
        lows, highs = zip(*(results.spread(p, metric) for p in ok))
        noisy = [p["noisy"] for p in ok]
        color = style.series(ax, xs, ys, lows, highs, noisy, label, **(line_style or [{}])[0])
        style.mark_failed(ax, failed, color)
        ys_all += ys + [v for v in lows + highs if v is not None]
        xs_all += xs + failed
        any_noisy |= any(noisy)
        any_failed |= bool(failed)
    return ys_all, xs_all, any_noisy, any_failed


def line_chart(lines, *, what, machine, ylabel, stem, outdir, x_of=threads_of,
               xlabel=None, x_log2=False, y_unit="", y_from_zero=False, annotate=None):
    """Draw and save one chart; returns a style.Chart, or None (with a note) if empty."""
    fig, ax = style.figure()
    ys, xs, any_noisy, any_failed = plot_lines(ax, lines, x_of)
    if not ys:
        style.plt.close(fig)
        style.note(f"skipped {stem}: no data to draw for {what}")
        return None
    xs = sorted(set(xs))
    if x_log2 or (xs[0] > 0 and xs[-1] / xs[0] >= style.THREADS_LOG2_RANGE):
        ax.set_xscale("log", base=2)
        ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_locator(FixedLocator(xs))
    ax.xaxis.set_major_formatter(EngFormatter(sep=""))
    ax.set_xlabel(xlabel or "threads")
    ax.set_ylabel(ylabel)
    if not style.auto_log(ax, ys) and y_from_zero:
        ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(EngFormatter(unit=y_unit))
    if annotate:
        annotate(ax)
    style.title(ax, what, machine)
    style.legend(ax, any_noisy, any_failed)
    return style.save(fig, outdir, stem, f"{what} — {machine}")
