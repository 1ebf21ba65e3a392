"""Lesson 03's charts: strategy scores, rollout comparison over time, weight sensitivity."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..rollout.simulation import RolloutSimulation
from ..rollout.strategy import Recommendation
from . import _style
from ._style import Chart

__all__ = ["strategy_scores_chart", "update_strategy_scores", "rollout_comparison_chart",
           "update_rollout_comparison", "set_week_marker", "weight_sensitivity_chart",
           "OKABE_ITO", "STRATEGY_STYLE"]

#: The eight Okabe-Ito colours (distinguishable with the common colour-vision
#: deficiencies), _style's vermilion and blue among them, for the eight factors.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", _style.CRITICAL,
             "#F0E442", "#000000")

#: Colour and line style per strategy id: the line styles keep the series apart in
#: greyscale too.
STRATEGY_STYLE = {
    "big_bang": (_style.CRITICAL, "-"),
    "phased": (_style.NORMAL, "--"),
    "parallel": ("#009E73", "-."),
    "pilot": ("#E69F00", ":"),
}


def _number(value: float) -> str:
    return f"{value:,.0f}".replace("-", "\u2212")


def strategy_scores_chart(result: Recommendation, *, title: str | None = None) -> Chart:
    """Stacked horizontal bars: each strategy's score, split into its points per factor.

    The best strategy is on top; each bar's length is its score out of 100,
    and each segment is one factor's weighted points (see
    :func:`implcourse.rollout.recommend_strategy`).

    Examples
    --------
    >>> from implcourse import rollout
    >>> chart = strategy_scores_chart(rollout.recommend_strategy(rollout.sample_factors()))
    >>> chart.alt.startswith("Scores out of 100 in the course's weighted-scoring model")
    True
    """
    if not isinstance(result, Recommendation):
        raise TypeError(f"result must be the result of recommend_strategy, got "
                        f"{type(result).__name__}")
    ranking = result.ranking
    breakdown = result.breakdown[list(ranking["Strategy"])]
    fig = _style.new_chart(9, 0.6 * len(ranking) + 2.6)
    ax = fig.subplots()
    rows = np.arange(len(ranking))[::-1]
    left = np.zeros(len(ranking))
    # The segments and totals are live artists (see update_strategy_scores): a tool moves
    # them over a cached background while the order of the strategies stays.
    for j, (colour, factor) in enumerate(zip(OKABE_ITO * 2, breakdown.index)):
        values = breakdown.loc[factor].to_numpy()
        bars = ax.barh(rows, values, left=left, color=colour, edgecolor="white",
                       linewidth=0.8, label=factor)
        for i, bar in enumerate(bars):
            _style.live(bar, f"score:{i}:{j}")
        left += values
    for i, (row, total) in enumerate(zip(rows, left)):
        _style.live(ax.text(total + 0.8, row, f"{total:.0f}", va="center",
                            fontsize=_style.size()), f"total:{i}")
    ax.set_yticks(rows, list(ranking["Strategy"]))
    ax.set_xlim(0, 100)
    ax.set_xlabel("Score (points out of 100)")
    _style.finish(ax, title or "Which rollout strategy fits? Points per factor", grid="x")
    fig.legend(loc="outside lower center", ncols=4, frameon=False, fontsize=_style.size(-1))
    fig.alt = _scores_alt(result)
    return fig


def _scores_alt(result: Recommendation) -> str:
    ranking = result.ranking
    breakdown = result.breakdown[list(ranking["Strategy"])]
    scores = ", ".join(f"{name} {score:.0f}" for name, score
                       in zip(ranking["Strategy"], ranking["Score (out of 100)"]))
    top = breakdown.iloc[:, 0].sort_values(ascending=False)
    parts = ", ".join(f"{factor.lower()} {points:.1f}" for factor, points in top.iloc[:3].items())
    return (f"Scores out of 100 in the course's weighted-scoring model: {scores}. "
            f"The largest contributions to {ranking['Strategy'].iloc[0]}: {parts} points.")


def _parts(fig) -> dict:
    return {a.get_gid(): a for a in fig.findobj(include_self=False)
            if isinstance(a.get_gid(), str) and a.get_gid().startswith(_style.LIVE)}


def update_strategy_scores(fig: Chart, result: Recommendation) -> bool:
    """Move the segments, totals and text alternative of a
    :func:`strategy_scores_chart` to another result (other factors or weights).

    Returns False, changing nothing, when the strategies come in another order
    or the factors differ from the drawing's (then draw the chart anew).

    Examples
    --------
    >>> from implcourse import rollout
    >>> factors = rollout.sample_factors()
    >>> fig = strategy_scores_chart(rollout.recommend_strategy(factors))
    >>> update_strategy_scores(fig, rollout.recommend_strategy(factors, {"users": 2}))
    True
    >>> update_strategy_scores(fig, rollout.recommend_strategy(dict(factors, users=15,
    ...     system_complexity=1, downtime_tolerance=5, user_impact=1)))
    False
    """
    if not isinstance(result, Recommendation):
        raise TypeError(f"result must be the result of recommend_strategy, got "
                        f"{type(result).__name__}")
    ax = fig.axes[0]
    ranking = result.ranking
    breakdown = result.breakdown[list(ranking["Strategy"])]
    drawn = [label for _, label in sorted(zip(ax.get_yticks(), (t.get_text() for t in
                                                                 ax.get_yticklabels())),
                                          reverse=True)]
    parts = _parts(fig)
    key = _style.LIVE
    if (drawn != list(ranking["Strategy"])
            or f"{key}:score:0:{len(breakdown.index) - 1}" not in parts
            or f"{key}:score:0:{len(breakdown.index)}" in parts):
        return False
    left = np.zeros(len(ranking))
    for j, factor in enumerate(breakdown.index):
        values = breakdown.loc[factor].to_numpy()
        for i, value in enumerate(values):
            bar = parts[f"{key}:score:{i}:{j}"]
            bar.set_x(left[i])
            bar.set_width(value)
        left += values
    for i, total in enumerate(left):
        text = parts[f"{key}:total:{i}"]
        text.set_x(total + 0.8)
        text.set_text(f"{total:.0f}")
    fig.alt = _scores_alt(result)
    return True


def rollout_comparison_chart(sim: RolloutSimulation, *, title: str | None = None,
                             week: int | None = None) -> Chart:
    """Two panels over the weeks: users on the new system, and users hit by an
    escaped defect (mean as a line, P80 as a shaded band up to it), per strategy.

    ``week`` draws a dotted marker at that week on both panels (a live artist,
    moved by :func:`set_week_marker`); the lines and bands are live too
    (:func:`update_rollout_comparison`).

    Examples
    --------
    >>> from implcourse import rollout
    >>> chart = rollout_comparison_chart(rollout.simulate_rollout(seed=1))
    >>> len(chart.axes)
    2
    """
    if not isinstance(sim, RolloutSimulation):
        raise TypeError(f"sim must be the result of simulate_rollout, got {type(sim).__name__}")
    moved, mean, p80 = _comparison_data(sim)
    fig = _style.new_chart(9, 6.4)
    top, bottom = fig.subplots(2, 1, sharex=True)
    # Week 0 (everyone still on the old system) is drawn so the first cutover shows as a step.
    weeks = np.concatenate([[0], moved.index.to_numpy()])
    for sid, name in zip(sim.strategies, moved.columns):
        colour, style = STRATEGY_STYLE[sid]
        low, high = _band(mean[name], p80[name])
        _style.live(top.step(weeks, np.concatenate([[0.0], moved[name].to_numpy()]),
                             where="post", color=colour, linestyle=style, linewidth=2,
                             label=name)[0], f"moved:{sid}")
        _style.live(bottom.step(weeks, low, where="post", color=colour, linestyle=style,
                                linewidth=2, label=name)[0], f"hit:{sid}")
        _style.live(bottom.fill_between(weeks, low, high, step="post", color=colour,
                                        alpha=0.12, linewidth=0), f"band:{sid}")
    users = sim.inputs["users"]
    top.set_ylim(0, users * 1.05)
    top.set_ylabel("Users on the new system (users)")
    bottom.set_ylabel("Users hit by an escaped\ndefect (users, mean; band to P80)")
    bottom.set_xlabel("Week of the rollout (weeks; week 0 is before the first cutover)")
    bottom.set_xlim(0, weeks[-1])
    bottom.set_ylim(bottom=0)
    bottom.xaxis.set_major_locator(MaxNLocator(integer=True))
    for ax in (top, bottom):
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _number(v)))
    _style.finish(top, title or "Users moved to the new system, week by week", legend=None)
    _style.finish(bottom, "Exposure: users hit by an escaped defect", legend=None)
    fig.legend(*top.get_legend_handles_labels(), loc="outside lower center", ncols=4,
               frameon=False, fontsize=_style.size())
    if week is not None:
        for n, ax in enumerate((top, bottom)):
            _style.live(ax.axvline(0, color=_style.MILESTONE, linestyle=":", linewidth=1.5),
                        f"week:{n}")
        set_week_marker(fig, week)
    fig.alt = _comparison_alt(sim)
    return fig


def _comparison_data(sim: RolloutSimulation):
    return sim.wide("users_new"), sim.wide("users_hit_mean"), sim.wide("users_hit_p80")


def _band(mean: pd.Series, p80: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    low = np.concatenate([[0.0], mean.to_numpy()])
    return low, np.maximum(low, np.concatenate([[0.0], p80.to_numpy()]))


def _comparison_alt(sim: RolloutSimulation) -> str:
    users = sim.inputs["users"]
    summary = sim.summary
    finish = []
    for name, weeks_needed in summary["Weeks to move everyone"].items():
        finish.append(f"{name} {weeks_needed:.0f}" if not math.isnan(weeks_needed)
                      else f"{name} not within {sim.weeks}")
    hit = ", ".join(f"{name} {_number(v)}" for name, v in summary["Users hit (mean)"].items())
    cost = ", ".join(f"{name} {_style.money(v, sim.currency)}"
                     for name, v in summary["Cost"].items())
    return (f"Weeks until all {_number(users)} users are on the new system: "
            f"{', '.join(finish)}. Mean users hit by an escaped defect over "
            f"{sim.weeks} weeks: {hit}. Cost of cutovers and parallel running: {cost}.")


def update_rollout_comparison(fig: Chart, sim: RolloutSimulation) -> bool:
    """Move the lines and bands of a :func:`rollout_comparison_chart` to another
    simulation, and its text alternative.

    Returns False, changing nothing, when the new run does not fit the
    drawing: other strategies, another horizon, another number of users (the
    top axis), or exposure above the bottom axis.

    Examples
    --------
    >>> from implcourse import rollout
    >>> fig = rollout_comparison_chart(rollout.simulate_rollout(seed=1, iterations=200))
    >>> update_rollout_comparison(fig, rollout.simulate_rollout(seed=2, iterations=200))
    True
    >>> update_rollout_comparison(fig, rollout.simulate_rollout(seed=2, iterations=200,
    ...                                                         users=900))
    False
    """
    if not isinstance(sim, RolloutSimulation):
        raise TypeError(f"sim must be the result of simulate_rollout, got {type(sim).__name__}")
    top, bottom = fig.axes[:2]
    parts = _parts(fig)
    key = _style.LIVE
    moved, mean, p80 = _comparison_data(sim)
    if (any(f"{key}:moved:{sid}" not in parts for sid in sim.strategies)
            or sum(1 for g in parts if g.startswith(f"{key}:moved:")) != len(sim.strategies)
            or bottom.get_xlim()[1] != sim.weeks
            or top.get_ylim()[1] != sim.inputs["users"] * 1.05
            or float(p80.to_numpy().max(initial=0.0)) > bottom.get_ylim()[1]):
        return False
    weeks = np.concatenate([[0], moved.index.to_numpy()])
    for sid, name in zip(sim.strategies, moved.columns):
        low, high = _band(mean[name], p80[name])
        # step(where="post") draws a line with drawstyle "steps-post" over the points
        parts[f"{key}:moved:{sid}"].set_data(weeks, np.concatenate(
            [[0.0], moved[name].to_numpy()]))
        parts[f"{key}:hit:{sid}"].set_data(weeks, low)
        old = parts[f"{key}:band:{sid}"]
        colour = old.get_facecolor()
        old.remove()
        _style.live(bottom.fill_between(weeks, low, high, step="post", color=colour,
                                        linewidth=0), f"band:{sid}")
    fig.alt = _comparison_alt(sim)
    return True


def set_week_marker(fig: Chart, week: int) -> bool:
    """Move the week marker of a :func:`rollout_comparison_chart` drawn with
    ``week``; returns False when the chart has no marker or the week is off its axis.

    Examples
    --------
    >>> from implcourse import rollout
    >>> fig = rollout_comparison_chart(rollout.simulate_rollout(seed=1, iterations=100),
    ...                                week=3)
    >>> set_week_marker(fig, 5), set_week_marker(fig, 99)
    (True, False)
    """
    parts = _parts(fig)
    markers = [parts.get(f"{_style.LIVE}:week:{n}") for n in (0, 1)]
    if None in markers or not 0 <= week <= fig.axes[1].get_xlim()[1]:
        return False
    for marker in markers:
        marker.set_xdata([week, week])
    return True


def weight_sensitivity_chart(table: pd.DataFrame, *, title: str | None = None) -> Chart:
    """Diverging bars: how far each factor's weight must rise (right) or fall
    (left) before another strategy leads; "never" where no move within the
    range changes the leader.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`implcourse.rollout.weight_sensitivity`.

    Examples
    --------
    >>> from implcourse import rollout
    >>> table = rollout.weight_sensitivity(rollout.sample_factors())
    >>> "Downtime tolerance: raise by 2.24" in weight_sensitivity_chart(table).alt
    True
    """
    needed = {"Weight now", "Move up by", "Move down by", "New leader (up)",
              "New leader (down)"}
    if not isinstance(table, pd.DataFrame) or not needed <= set(table.columns):
        raise TypeError("table must be the output of weight_sensitivity")
    fig = _style.new_chart(9, 0.45 * len(table) + 2)
    ax = fig.subplots()
    rows = np.arange(len(table))[::-1]
    up = table["Move up by"].to_numpy(dtype=float)
    down = table["Move down by"].to_numpy(dtype=float)
    ax.barh(rows, np.nan_to_num(up), color=_style.NORMAL, label="raise the weight by")
    ax.barh(rows, -np.nan_to_num(down), color=_style.CRITICAL, label="lower the weight by")
    reach = max(1.0, float(np.nanmax(np.concatenate([up, down, [0.0]]))))
    for row, u, d in zip(rows, up, down):
        if math.isnan(u):
            ax.text(0.05 * reach, row, "never", va="center", fontsize=_style.size(-2))
        if math.isnan(d):
            ax.text(-0.05 * reach, row, "never", va="center", ha="right",
                    fontsize=_style.size(-2))
    ax.axvline(0, color=_style.MILESTONE, linewidth=1)
    ax.set_xlim(-reach * 1.2, reach * 1.2)
    ax.set_yticks(rows, list(table.index))
    ax.set_xlabel("Change of weight before the leader changes (weight units)")
    _style.finish(ax, title or "How far can a weight move before the recommendation changes?",
                  grid="x", legend="lower right")
    parts = []
    for factor, u, d, lu, ld in zip(table.index, up, down, table["New leader (up)"],
                                    table["New leader (down)"]):
        bits = []
        if not math.isnan(u):
            bits.append(f"raise by {u:.2f} for {lu}")
        if not math.isnan(d):
            bits.append(f"lower by {d:.2f} for {ld}")
        if bits:
            parts.append(f"{factor}: {' or '.join(bits)}")
    fig.alt = ("Weight changes that would change the recommended strategy. "
               + ("; ".join(parts) + "." if parts else
                  "No single weight change within the range changes it."))
    return fig
