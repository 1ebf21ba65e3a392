"""Lesson 07's charts: how communication channels grow with team size, and
adoption after go-live for two levels of training (a teaching model).

Each function takes plain inputs, computes with
:mod:`implcourse.stakeholders.communication` or
:mod:`implcourse.stakeholders.change`, and returns a
:class:`~implcourse.plots._style.Chart` with a text alternative (``alt``).
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..stakeholders.change import ADOPTION_MODEL, adoption_curve
from ..stakeholders.communication import channel_growth, communication_channels
from . import _style
from ._style import Chart

__all__ = ["channel_growth_chart", "set_channel_highlight", "adoption_chart"]

#: Okabe-Ito bluish green, for the contrast series.
_CONTRAST = "#009E73"
_ORANGE = "#E69F00"


def _whole(label: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) \
            or not low <= value <= high:
        raise ValueError(f"{label} must be a whole number from {low} to {high} "
                         f"(you entered {value!r})")
    return int(value)


def _count(value: float) -> str:
    return f"{value:,.0f}"


def channel_growth_chart(max_n: int = 20, highlight: int | None = None, *,
                         title: str | None = None) -> Chart:
    """Channels n(n-1)/2 against team size, with 2^n for contrast.

    The quadratic curve is drawn with a point per team size; the exponential
    2^n is drawn dashed and leaves the top of the chart within a few people,
    which is the point: channels grow fast, but quadratically, not
    exponentially. ``highlight`` marks one team size with its count (a live
    artist, moved by :func:`set_channel_highlight` without redrawing the rest).

    Parameters
    ----------
    max_n : int, default 20
        Largest team size on the axis, 2 to 100.
    highlight : int, optional
        A team size from 1 to ``max_n`` to mark.

    Examples
    --------
    >>> chart = channel_growth_chart(20, highlight=10)
    >>> chart.alt.split(". ")[1]
    'A team of 10 has 45 channels; the last person to join added 9'
    >>> set_channel_highlight(chart, 12), set_channel_highlight(chart, 40)
    (True, False)
    >>> "66 channels" in chart.alt
    True
    """
    max_n = _whole("Largest team size", max_n, 2, 100)
    if highlight is not None:
        highlight = _whole("Team size to mark", highlight, 1, max_n)
    table = channel_growth(max_n)
    n = table.index.to_numpy()
    channels = table["Channels"].to_numpy()
    fig = _style.new_chart(7.5, 4.6)
    ax = fig.subplots()
    ax.plot(n, channels, color=_style.NORMAL, marker="o", markersize=4, linewidth=2,
            label="Channels n(n\u22121)/2 (quadratic)")
    top = channels[-1] * 1.25
    dense = np.linspace(1, max_n, 400)
    exp = np.power(2.0, dense)
    ax.plot(dense[exp <= top * 1.02], exp[exp <= top * 1.02], color=_CONTRAST, linestyle="--",
            linewidth=2, label="2\u207f (exponential, for contrast)")
    ax.set_xlim(0.5, max_n + 0.5)
    ax.set_ylim(0, top)
    ax.set_xlabel("Team size n (people)")
    ax.set_ylabel("Potential channels (number)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _count(v)))
    _style.finish(ax, title or "Channels grow with the square of team size",
                  legend="upper left")
    if highlight is not None:
        point, = ax.plot([highlight], [communication_channels(highlight)], marker="o",
                         markersize=11, markerfacecolor="none", markeredgewidth=2.5,
                         color=_style.CRITICAL, linestyle="none")
        _style.live(point, "highlight")
        label = ax.annotate("", (highlight, communication_channels(highlight)),
                            xytext=(-12, 12), textcoords="offset points", ha="right",
                            fontsize=_style.size(), color=_style.CRITICAL)
        _style.live(label, "highlight_label")
    fig.alt = ""
    fig.max_n = max_n
    _set_highlight(fig, highlight)
    return fig


def _growth_alt(max_n: int, highlight: int | None) -> str:
    parts = [f"Potential communication channels n(n\u22121)/2 for team sizes 1 to {max_n}, "
             f"from 0 to {_count(communication_channels(max_n))}"]
    if highlight is not None:
        added = highlight - 1
        parts.append(f"A team of {highlight} has {_count(communication_channels(highlight))} "
                     f"channels; the last person to join added {added}")
    half = max(1, max_n // 2)
    parts.append(f"Doubling the team from {half} to {2 * half} people takes the channels "
                 f"from {_count(communication_channels(half))} to "
                 f"{_count(communication_channels(2 * half))}, about four times as many: "
                 f"growth is quadratic")
    top = communication_channels(max_n) * 1.25
    parts.append(f"An exponential 2\u207f would give {_count(2 ** max_n)} at {max_n} people; "
                 f"it passes the top of the chart at about {math.log2(top):.0f} people")
    return ". ".join(parts) + "."


def _set_highlight(fig: Chart, n: int | None) -> None:
    parts = {a.get_gid(): a for a in fig.axes[0].get_children() if a.get_gid()}
    point = parts.get(f"{_style.LIVE}:highlight")
    label = parts.get(f"{_style.LIVE}:highlight_label")
    if n is not None and point is not None:
        y = communication_channels(n)
        point.set_data([n], [y])
        label.xy = (n, y)
        label.set_text(f"{n} people: {_count(y)} channels")
    fig.alt = _growth_alt(fig.max_n, n)


def set_channel_highlight(fig: Chart, n: int) -> bool:
    """Move the marker of a :func:`channel_growth_chart` drawn with
    ``highlight`` to team size ``n``, and update its text alternative.

    Returns False, changing nothing, when the chart has no marker or ``n`` is
    not a whole number on its axis.
    """
    parts = {a.get_gid() for a in fig.axes[0].get_children() if a.get_gid()}
    max_n = getattr(fig, "max_n", None)
    if f"{_style.LIVE}:highlight" not in parts or max_n is None:
        return False
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 1 <= n <= max_n:
        return False
    _set_highlight(fig, int(n))
    return True


def adoption_chart(low_hours: float = 4, high_hours: float = 16, weeks: int = 26, *,
                   title: str | None = None) -> Chart:
    """Adoption after go-live for two training levels (the teaching model of
    :func:`implcourse.stakeholders.change.adoption_curve`), with each plateau
    dotted.

    Parameters
    ----------
    low_hours, high_hours : float
        Training hours per user for the two curves (0 to 200).
    weeks : int, default 26
        Weeks after go-live (1 to 260).

    Examples
    --------
    >>> chart = adoption_chart(4, 16, 26)
    >>> chart.alt.startswith("Teaching model of adoption after go-live")
    True
    >>> len(chart.axes[0].lines)
    4
    """
    low = adoption_curve(low_hours, weeks)
    high = adoption_curve(high_hours, weeks)
    fig = _style.new_chart(7.5, 4.6)
    ax = fig.subplots()
    p = ADOPTION_MODEL
    styles = ((low_hours, low, _ORANGE, "-"), (high_hours, high, _style.NORMAL, "-."))
    summary = []
    for hours, curve, colour, style in styles:
        weeks_axis = curve.index.to_numpy()
        values = curve["Adoption (%)"].to_numpy()
        g = 1 - math.exp(-float(hours) / p["scale"])
        plateau = p["floor"] + (p["ceiling"] - p["floor"]) * g
        ax.plot(weeks_axis, values, color=colour, linestyle=style, linewidth=2.2,
                label=f"{float(hours):g} training hours per user")
        ax.axhline(plateau, color=colour, linestyle=":", linewidth=1.2)
        at = min(13, int(weeks))
        summary.append(f"with {float(hours):g} hours per user, {values[at]:.0f} % at week "
                       f"{at} and a plateau of {plateau:.0f} %")
    ax.set_xlim(0, int(weeks))
    ax.set_ylim(0, 100)
    ax.set_xlabel("Weeks after go-live (weeks)")
    ax.set_ylabel("Active users (% of intended users)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    _style.finish(ax, title or "Adoption by training hours (a model)",
                  legend="lower right")
    fig.alt = ("Teaching model of adoption after go-live, not evidence: "
               + "; ".join(summary) + ". Dotted lines mark each plateau.")
    return fig
