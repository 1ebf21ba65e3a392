"""Lesson 02's delivery charts: burndown, burnup, release forecast, cumulative flow,
and the predictive-versus-incremental teaching model.

Each function takes the output of :mod:`implcourse.methods.forecast`,
:mod:`implcourse.methods.flow` or :mod:`implcourse.methods.tradeoff` and returns a
:class:`~implcourse.plots._style.Chart` whose ``alt`` gives the key numbers in words.

Two charts have *live* artists (:func:`implcourse.plots._style.live`) that a tool
moves without drawing the chart again: the cumulative flow's bands, note and
title (:func:`update_cumulative_flow`, for another WIP limit on the same
arrivals), and the trade-off model's lines (:func:`update_tradeoff`, whose
axis is fixed at the horizon in weeks and 0 to that many work units).
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from ..methods.flow import Board
from ..methods.forecast import ReleaseForecast
from ..methods.tradeoff import APPROACHES, Tradeoff
from . import _style
from ._style import Chart

__all__ = ["burndown_chart", "burnup_chart", "release_forecast_chart",
           "cumulative_flow_chart", "tradeoff_chart", "update_cumulative_flow",
           "update_tradeoff", "STAGE_COLOURS"]

#: Okabe-Ito colours for a board's stages, in order (colour-blind safe).
STAGE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                 "#F0E442", "#000000", "#999999", "#332288")
BACKLOG_COLOUR = "#e4e4e4"
DONE_COLOUR = "#6b6b6b"
LITTLE = "Little's law cycle time (days)"
APPROACH_COLOURS = {"Predictive": _style.CRITICAL, "Incremental": _style.NORMAL}


def _pts(value: float) -> str:
    """Points in words: whole numbers without decimals, others with one."""
    value = float(value) + 0.0
    if abs(value) < 1e-9:
        value = 0.0
    text = f"{value:,.0f}" if abs(value - round(value)) < 1e-9 else f"{value:,.1f}"
    return text.replace("-", "\u2212")


def _need(frame, columns: set, source: str):
    if not hasattr(frame, "columns") or not columns <= set(frame.columns):
        raise TypeError(f"This chart needs the table returned by {source}")


def _sprint_axis(ax, last: int) -> None:
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(-0.5, last + 0.5)
    ax.set_xlabel("Sprint (0 = start)")


def burndown_chart(frame, *, title: str | None = None) -> Chart:
    """Points still to do after each sprint, as bars (see :func:`forecast.burndown`).

    Sprints with a scope change carry its size above the bar.

    Examples
    --------
    >>> from implcourse.methods import forecast
    >>> fig = burndown_chart(forecast.burndown(100, [20, 25, 20], scope_added=[0, 10, 0]))
    >>> fig.alt
    'Release burndown: 100 points at the start, 45 points left after sprint 3. Scope added: 10 points; removed: 0 points.'
    """
    _need(frame, {"Sprint", "Remaining (points)", "Scope change (points)"},
          "forecast.burndown()")
    sprint = frame["Sprint"].to_numpy()
    remaining = frame["Remaining (points)"].to_numpy(dtype=float)
    change = frame["Scope change (points)"].to_numpy(dtype=float)
    fig = _style.new_chart(7, 3.6)
    ax = fig.add_subplot()
    ax.bar(sprint, remaining, width=0.7, color=_style.NORMAL, label="Points remaining")
    for x, y, c in zip(sprint, remaining, change):
        if c:
            ax.annotate(f"{'+' if c > 0 else ''}{_pts(c)}", (x, y), xytext=(0, 3),
                        textcoords="offset points", ha="center", va="bottom",
                        fontsize=_style.size(-2), color=_style.CRITICAL)
    _sprint_axis(ax, int(sprint[-1]))
    ax.set_ylabel("Story points remaining")
    ax.set_ylim(bottom=0, top=max(1.0, remaining.max()) * 1.12)
    _style.finish(ax, title or "Release burndown", grid="y")
    text = (f"Release burndown: {_pts(remaining[0])} points at the start, "
            f"{_pts(remaining[-1])} points left after sprint {int(sprint[-1])}.")
    finished = np.flatnonzero(remaining[1:] <= 0)
    if finished.size:
        text = (f"Release burndown: {_pts(remaining[0])} points at the start, all done "
                f"after sprint {int(sprint[1:][finished[0]])}.")
    text += (f" Scope added: {_pts(change[change > 0].sum())} points; removed: "
             f"{_pts(-change[change < 0].sum())} points.")
    fig.alt = text
    return fig


def burnup_chart(frame, *, title: str | None = None) -> Chart:
    """Work done and total scope after each sprint (see :func:`forecast.burnup`).

    Examples
    --------
    >>> from implcourse.methods import forecast
    >>> fig = burnup_chart(forecast.burnup(100, [20, 25, 20], scope_added=[0, 10, 0]))
    >>> fig.alt
    'Release burnup: 65 of 110 points done after sprint 3 (59%). Scope went from 100 to 110 points.'
    """
    _need(frame, {"Sprint", "Done (points)", "Scope (points)"}, "forecast.burnup()")
    sprint = frame["Sprint"].to_numpy()
    done = frame["Done (points)"].to_numpy(dtype=float)
    scope = frame["Scope (points)"].to_numpy(dtype=float)
    fig = _style.new_chart(7, 3.6)
    ax = fig.add_subplot()
    ax.step(sprint, scope, where="post", color=_style.CRITICAL, linestyle="--",
            label="Scope (total points)")
    ax.plot(sprint, done, color=_style.NORMAL, marker="o", label="Done (points)")
    _sprint_axis(ax, int(sprint[-1]))
    ax.set_ylabel("Story points")
    ax.set_ylim(bottom=0, top=max(1.0, scope.max(), done.max()) * 1.1)
    _style.finish(ax, title or "Release burnup", legend="lower right")
    share = f" ({done[-1] / scope[-1]:.0%})" if scope[-1] > 0 else ""
    fig.alt = (f"Release burnup: {_pts(done[-1])} of {_pts(scope[-1])} points done after "
               f"sprint {int(sprint[-1])}{share}. Scope went from {_pts(scope[0])} to "
               f"{_pts(scope[-1])} points.")
    return fig


def release_forecast_chart(forecast: ReleaseForecast, *, title: str | None = None) -> Chart:
    """The backlog burning down at the high and at the low velocity, and the range between.

    Examples
    --------
    >>> from implcourse.methods import forecast
    >>> fig = release_forecast_chart(forecast.release_forecast(120, 15, 20))
    >>> fig.alt
    'Release forecast: 120 points at 15 to 20 points per sprint take 6 to 8 sprints of 14 days (84 to 112 days).'
    """
    if not isinstance(forecast, ReleaseForecast):
        raise TypeError("This chart needs the result of forecast.release_forecast()")
    f = forecast
    fig = _style.new_chart(7, 4.4)
    ax = fig.add_subplot()
    last = max(f.most_sprints, 1)
    sprints = np.arange(0, last + 1)
    for velocity, n, colour, case in ((f.velocity_high, f.fewest_sprints, _style.NORMAL,
                                       "high"),
                                      (f.velocity_low, f.most_sprints, _style.CRITICAL, "low")):
        left = np.maximum(f.backlog - velocity * sprints, 0)
        ax.plot(sprints, left, color=colour, marker="o",
                label=f"At the {case} velocity, {_pts(velocity)} points per sprint: "
                      f"{n} sprints")
    ax.axvspan(f.fewest_sprints, f.most_sprints, color=_style.FLOAT, alpha=0.5, lw=0,
               label="Range of finish")
    _sprint_axis(ax, last)
    ax.set_ylabel("Story points remaining")
    ax.set_ylim(bottom=0, top=max(1.0, f.backlog) * 1.1)
    _style.finish(ax, title or "Release forecast from a velocity range")
    # The legend goes under the axes: inside, its long labels would cover the lines.
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", frameon=False,
               fontsize=_style.size(-1))
    d = f.sprint_length_days
    text = (f"Release forecast: {_pts(f.backlog)} points at {_pts(f.velocity_low)} to "
            f"{_pts(f.velocity_high)} points per sprint take {f.fewest_sprints} to "
            f"{f.most_sprints} sprints of {d} days ({f.fewest_sprints * d} to "
            f"{f.most_sprints * d} days)")
    if f.start is not None:
        text += (f", finishing between {f.earliest_finish.isoformat()} and "
                 f"{f.latest_finish.isoformat()}")
    fig.alt = text + "."
    return fig


def cumulative_flow_chart(board: Board, *, title: str | None = None,
                          ymax: float | None = None) -> Chart:
    """A cumulative flow diagram: stacked areas of the items in each state, day by day.

    Done at the bottom, then the stages (last first), then the backlog on
    top, so each band's thickness is the number of items in that state and
    the top edge counts every item that arrived. A note gives the run's
    average WIP, throughput and cycle time (:meth:`Board.metrics`).
    ``ymax`` fixes the top of the item axis (at least the items that arrived);
    by default it fits the data. A tool fixes it so that other runs can be
    redrawn over the same axes (:func:`update_cumulative_flow`).

    Examples
    --------
    >>> from implcourse.methods import flow
    >>> b = flow.simulate_board(1.5, {"Build": 2, "Test": 3}, days=60, seed=2)
    >>> fig = cumulative_flow_chart(b)
    >>> fig.alt.startswith("Cumulative flow of a synthetic board over 60 days")
    True
    """
    if not isinstance(board, Board):
        raise TypeError("This chart needs the result of flow.simulate_board()")
    daily = board.daily
    fig = _style.new_chart(8, 4)
    ax = fig.add_subplot()
    _stack(ax, board)
    ax.set_xlabel("Day")
    ax.set_ylabel("Items (cumulative)")
    ax.set_xlim(daily["Day"].iloc[0], daily["Day"].iloc[-1])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    arrived = int(daily["Arrived"].sum())
    if ymax is not None:
        if isinstance(ymax, bool) or not isinstance(ymax, (int, float)) or not ymax >= arrived:
            raise ValueError(f"ymax must be a number at least the {arrived} items that "
                             f"arrived (you entered {ymax!r})")
        ax.set_ylim(0, ymax)
    m = board.metrics()
    _style.live(ax.text(0.02, 0.97, _flow_note(board, m), transform=ax.transAxes, va="top",
                        ha="left", fontsize=_style.size(-1),
                        bbox={"facecolor": "white", "edgecolor": _style.GRID, "alpha": 0.9}),
                "note")
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], fontsize=_style.size(), frameon=False,
              loc="upper left", bbox_to_anchor=(1.01, 1))
    _style.finish(ax, "", grid="y")
    _style.live(ax.set_title(title or _flow_title(board), loc="left", fontsize=_style.size(2)),
                "title")
    fig.alt = _flow_alt(board, m)
    # What update_cumulative_flow may redraw over: the same days and stages, and the
    # same number of arrivals (or, on a fixed axis, a number that fits it).
    fig._flow_key = _flow_key(board)
    fig._flow_arrived = arrived
    fig._flow_fixed = ymax is not None
    return fig


#: On a fixed axis, a run fits when its arrivals fill at least this share of it.
_FILL = 0.6


def _flow_key(board: Board) -> tuple:
    return (board.days, tuple(board.stages))


def _stack(ax, board: Board) -> None:
    daily = board.daily
    order = ["Done", *board.stages[::-1], "Backlog"]
    colours = {"Done": DONE_COLOUR, "Backlog": BACKLOG_COLOUR,
               **{s: STAGE_COLOURS[i % len(STAGE_COLOURS)] for i, s in enumerate(board.stages)}}
    bands = ax.stackplot(daily["Day"], *[daily[s].to_numpy() for s in order],
                         labels=order, colors=[colours[s] for s in order], step="post")
    for name, band in zip(order, bands):
        _style.live(band, f"band:{name}")


def _flow_title(board: Board) -> str:
    return f"Cumulative flow ({_limit(board)})"


def _limit(board: Board) -> str:
    return "no WIP limit" if board.wip_limit is None else f"a WIP limit of {board.wip_limit}"


def _flow_note(board: Board, m: dict) -> str:
    return (f"Average WIP {m['Average WIP (items)']:.1f} items\n"
            f"Throughput {m['Throughput (items per day)']:.2f} items/day\n"
            f"Average cycle time {_days(m['Average cycle time (days)'])}")


def _flow_alt(board: Board, m: dict) -> str:
    daily = board.daily
    arrived, done = int(daily["Arrived"].sum()), int(daily["Done"].iloc[-1])
    return (f"Cumulative flow of a synthetic board over {board.days} days with "
            f"{_limit(board)}: {arrived} items arrived and {done} were done. Average WIP "
            f"{m['Average WIP (items)']:.1f} items, throughput "
            f"{m['Throughput (items per day)']:.2f} items per day, average cycle time "
            f"{_days(m['Average cycle time (days)'])} (Little's law gives "
            f"{_days(m[LITTLE])}).")


def _live_artists(fig, prefix: str) -> list:
    return [a for a in fig.findobj(include_self=False)
            if str(a.get_gid()).startswith(f"{_style.LIVE}:{prefix}")]


def update_cumulative_flow(fig: Chart, board: Board, *, title: str | None = None) -> bool:
    """Redraw a :func:`cumulative_flow_chart` figure's bands, note, title and text
    alternative for ``board``, keeping its axes.

    It fits a board with the same days and stages as the one drawn and the
    same number of arrivals (the same arrivals and seed under another WIP
    limit), or, when the chart was drawn with a fixed ``ymax``, arrivals that
    fill between 60 % and 100 % of the axis. Returns False otherwise, and
    changes nothing, so that the caller draws the chart anew.

    Examples
    --------
    >>> from implcourse.methods import flow
    >>> stages = {"Build": 2, "Test": 3}
    >>> fig = cumulative_flow_chart(flow.simulate_board(2.5, stages, days=60, seed=2))
    >>> update_cumulative_flow(fig, flow.simulate_board(2.5, stages, 4, days=60, seed=2))
    True
    >>> "a WIP limit of 4" in fig.alt
    True
    >>> update_cumulative_flow(fig, flow.simulate_board(1.0, stages, days=60, seed=2))
    False
    """
    if not isinstance(board, Board):
        raise TypeError("This chart needs the result of flow.simulate_board()")
    if getattr(fig, "_flow_key", None) != _flow_key(board):
        return False
    ax = fig.axes[0]
    top = ax.get_ylim()[1]
    arrived = int(board.daily["Arrived"].sum())
    if arrived != fig._flow_arrived and not (fig._flow_fixed
                                             and _FILL * top <= arrived <= top):
        return False
    ax.set_ylim(0, top)  # keep the axis: the new bands fit under it
    for band in _live_artists(fig, "band:"):
        band.remove()
    _stack(ax, board)
    for band in _live_artists(fig, "band:"):
        band.set_animated(True)
    m = board.metrics()
    _live_artists(fig, "note")[0].set_text(_flow_note(board, m))
    _live_artists(fig, "title")[0].set_text(title or _flow_title(board))
    fig.alt = _flow_alt(board, m)
    return True


def _days(value: float) -> str:
    return "not measurable (nothing finished)" if not np.isfinite(value) else f"{value:.1f} days"


def tradeoff_chart(result: Tradeoff, *, title: str | None = None) -> Chart:
    """The teaching model's cumulative value delivered (solid) and rework (dashed).

    Examples
    --------
    >>> from implcourse.methods import tradeoff
    >>> fig = tradeoff_chart(tradeoff.delivery_tradeoff(52, 0.05, 4, 0.5))
    >>> fig.alt.startswith("Teaching model over 52 weeks")
    True
    """
    if not isinstance(result, Tradeoff):
        raise TypeError("This chart needs the result of tradeoff.delivery_tradeoff()")
    fig = _style.new_chart(8, 3.8)
    ax = fig.add_subplot()
    for name in APPROACHES:
        rows = result.approach(name)
        colour = APPROACH_COLOURS[name]
        _style.live(ax.step(rows["Week"], rows["Delivered (work units)"], where="post",
                            color=colour, label=f"{name}: delivered")[0],
                    f"{name}:delivered")
        _style.live(ax.plot(rows["Week"], rows["Rework (work units)"], color=colour,
                            linestyle="--", label=f"{name}: rework")[0], f"{name}:rework")
    weeks = result.parameters["weeks"]
    ax.set_xlabel("Week")
    ax.set_ylabel("Work units (team-weeks,\ncumulative)")
    ax.set_xlim(0, weeks)
    # Both lines stay within 0 and the horizon (a week of capacity is a unit), so the
    # axis is fixed: a tool moves the lines without drawing the chart again.
    ax.set_ylim(0, weeks * 1.05)
    _style.finish(ax, title or "Teaching model: one delivery or increments", legend="upper left")
    fig.alt = _tradeoff_alt(result)
    return fig


def _tradeoff_alt(result: Tradeoff) -> str:
    p, s = result.parameters, result.summary
    parts = []
    for name in APPROACHES:
        parts.append(f"{name.lower()} ({int(s.loc[name, 'Releases'])} release"
                     f"{'s' if s.loc[name, 'Releases'] != 1 else ''}, first in week "
                     f"{int(s.loc[name, 'First delivery (week)'])}) delivers "
                     f"{s.loc[name, 'Delivered (work units)']:.1f} work units, with "
                     f"{s.loc[name, 'Rework (work units)']:.1f} reworked and "
                     f"{s.loc[name, 'Overhead (work units)']:.1f} spent on releases")
    return (f"Teaching model over {p['weeks']} weeks, {p['change_rate']:.0%} of undelivered "
            f"work changed a month, increments every {p['increment_weeks']} weeks, "
            f"{p['release_overhead']:g} weeks of overhead a release: "
            + "; ".join(parts) + ".")


def update_tradeoff(fig: Chart, result: Tradeoff) -> bool:
    """Move a :func:`tradeoff_chart` figure's four lines and its text alternative to
    ``result``. Returns False (and changes nothing) when ``result`` has another
    horizon than the chart's axis.

    Examples
    --------
    >>> from implcourse.methods import tradeoff
    >>> fig = tradeoff_chart(tradeoff.delivery_tradeoff(52, 0.05, 4, 0.5))
    >>> update_tradeoff(fig, tradeoff.delivery_tradeoff(52, 0.0, 4, 0.0))
    True
    >>> "0.0 reworked" in fig.alt
    True
    >>> update_tradeoff(fig, tradeoff.delivery_tradeoff(26, 0.05, 4, 0.5))
    False
    """
    if not isinstance(result, Tradeoff):
        raise TypeError("This chart needs the result of tradeoff.delivery_tradeoff()")
    lines = {str(a.get_gid()).split(":", 1)[1]: a for a in _live_artists(fig, "")}
    if (fig.axes[0].get_xlim()[1] != result.parameters["weeks"]
            or len(lines) != 2 * len(APPROACHES)):
        return False
    for name in APPROACHES:
        rows = result.approach(name)
        for column, kind in (("Delivered (work units)", "delivered"),
                             ("Rework (work units)", "rework")):
            lines[f"{name}:{kind}"].set_data(rows["Week"].to_numpy(), rows[column].to_numpy())
    fig.alt = _tradeoff_alt(result)
    return True
