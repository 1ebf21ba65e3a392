"""Charts of plans: the Gantt chart with the critical path highlighted."""

from __future__ import annotations

import math

from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..schedule import Schedule
from . import _style
from ._style import Chart, live

__all__ = ["gantt", "update_gantt", "gantt_alt"]


def gantt_alt(result: Schedule) -> str:
    """The Gantt chart's text alternative: duration, the critical path's ends, the most float.

    Examples
    --------
    >>> from implcourse import schedule
    >>> print(gantt_alt(schedule.analyse(schedule.random_plan(seed=1, n_tasks=4))))  # doctest: +ELLIPSIS
    4 tasks over ... working days; ... on the critical path, from ... to ...
    """
    table = result.table
    path = result.critical_path
    first, last = table.at[path[0], "name"], table.at[path[-1], "name"]
    on_path = "1 task is" if len(path) == 1 else f"{len(path)} tasks are"
    text = (f"{len(table)} tasks over {result.duration:g} working days; {on_path} on the "
            f"critical path, from {first} to {last}.")
    floating = table[table["total_float"] > 0]
    if len(floating):
        most = floating["total_float"].idxmax()
        has = "1 task has" if len(floating) == 1 else f"{len(floating)} tasks have"
        text += (f" {has} float; the most is {floating.at[most, 'total_float']:g} days "
                 f"({table.at[most, 'name']}).")
    else:
        text += " No task has float."
    return text


def _title(result: Schedule) -> str:
    return f"The plan takes {result.duration:g} working days"


def gantt(result: Schedule, *, title: str | None = None, show_float: bool = True,
          width: float = 10.0, xmax: float | None = None) -> Chart:
    """A Gantt chart of an analysed plan, critical path in vermilion.

    Each task is a bar from its early start to its early finish; milestones
    (zero duration) are diamonds. With ``show_float`` a pale bar after each
    non-critical task shows its total float: how far it can slip.

    Parameters
    ----------
    result : Schedule
        The output of :func:`implcourse.schedule.analyse`.
    title : str, optional
        Defaults to the project duration.
    show_float : bool, default True
        Draw the float bars.
    width : float, default 10
        Figure width in inches; the height follows the number of tasks.
    xmax : float, optional
        The end of the time axis (default: just after the project's end). A
        what-if tool sets it with room to spare, so that bars can move
        without redrawing the axis (see :func:`update_gantt`).

    Returns
    -------
    Chart

    Examples
    --------
    >>> from implcourse import schedule
    >>> fig = gantt(schedule.analyse(schedule.load_plan()))
    >>> len(fig.axes[0].get_yticklabels()) == len(schedule.load_plan())
    True
    """
    if not isinstance(result, Schedule):
        raise TypeError(f"result must be a Schedule from schedule.analyse(), "
                        f"got {type(result).__name__}")
    if isinstance(width, bool) or not isinstance(width, (int, float)) or not 2 <= width <= 40:
        raise ValueError(f"width must be a number of inches between 2 and 40, got {width!r}")
    if xmax is not None and (isinstance(xmax, bool) or not isinstance(xmax, (int, float))
                             or not math.isfinite(xmax) or xmax <= 0):
        raise ValueError(f"xmax must be a positive number of days, got {xmax!r}")
    table = result.table
    n = len(table)
    fig = _style.new_chart(width, 1.2 + 0.24 * n, shrink=False)
    ax = fig.add_subplot()
    for y, task_id in enumerate(table.index):
        # Every task gets a bar, a float bar and a diamond; update_gantt shows
        # the ones that apply, so a what-if can turn a task into a milestone.
        live(ax.barh(y, 0, left=0, height=0.6, zorder=2)[0], f"bar:{task_id}")
        live(ax.barh(y, 0, left=0, height=0.25, color=_style.FLOAT, zorder=1)[0],
             f"float:{task_id}")
        live(ax.plot([0], [y], marker="D", markersize=7, markeredgecolor=_style.MILESTONE,
                     linestyle="", zorder=3)[0], f"milestone:{task_id}")
    ax.set_yticks(range(n), [str(name) for name in table["name"]], fontsize=_style.size(-1))
    ax.invert_yaxis()
    ax.set_xlim(0, xmax if xmax is not None else (result.duration * 1.02 or 1))
    ax.set_xlabel("Working days from the start of the project")
    ax.grid(axis="x", color=_style.GRID, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    heading = ax.set_title(title or _title(result), loc="left", fontsize=_style.size(2))
    if title is None:
        live(heading, "title")
    handles = [Patch(color=_style.CRITICAL, label="critical task"),
               Patch(color=_style.NORMAL, label="task with float"),
               Line2D([], [], marker="D", linestyle="", color=_style.MILESTONE,
                      label="milestone")]
    if show_float:
        handles.insert(2, Patch(color=_style.FLOAT, label="total float"))
    ax.legend(handles=handles, loc="lower left", fontsize=_style.size(), frameon=False)
    fig.show_float = show_float
    update_gantt(fig, result)
    return fig


def update_gantt(fig: Chart, result: Schedule) -> bool:
    """Move the bars of a :func:`gantt` chart to another analysis of the same tasks.

    Returns False (and changes nothing) when the new plan does not fit the
    chart: other tasks, or an end beyond the time axis. Then draw a new
    chart.

    Examples
    --------
    >>> from implcourse import schedule
    >>> plan = schedule.load_plan()
    >>> fig = gantt(schedule.analyse(plan), xmax=300)
    >>> longer = plan.with_changes(durations={"uat": 30})
    >>> update_gantt(fig, schedule.analyse(longer))
    True
    >>> update_gantt(fig, schedule.analyse(plan.with_changes(durations={"uat": 400})))
    False
    """
    if not isinstance(result, Schedule):
        raise TypeError(f"result must be a Schedule, got {type(result).__name__}")
    ax = fig.axes[0]
    artists = {a.get_gid(): a for a in ax.get_children()
               if isinstance(a.get_gid(), str) and a.get_gid().startswith(_style.LIVE)}
    table = result.table
    if (result.duration > ax.get_xlim()[1]
            or any(f"{_style.LIVE}:bar:{t}" not in artists for t in table.index)
            or len(ax.get_yticks()) != len(table)):
        return False
    show_float = getattr(fig, "show_float", True)
    for task_id, row in table.iterrows():
        colour = _style.CRITICAL if row.critical else _style.NORMAL
        bar = artists[f"{_style.LIVE}:bar:{task_id}"]
        bar.set_x(row.early_start)
        bar.set_width(row.duration)
        bar.set_color(colour)
        bar.set_visible(row.duration > 0)
        slack = artists[f"{_style.LIVE}:float:{task_id}"]
        slack.set_x(row.early_finish)
        slack.set_width(row.total_float)
        slack.set_visible(show_float and row.total_float > 0)
        diamond = artists[f"{_style.LIVE}:milestone:{task_id}"]
        diamond.set_xdata([row.early_start])
        diamond.set_color(colour)
        diamond.set_markeredgecolor(_style.MILESTONE)
        diamond.set_visible(row.duration == 0)
    heading = artists.get(f"{_style.LIVE}:title")
    if heading is not None:
        heading.set_text(_title(result))
    fig.alt = gantt_alt(result)
    return True
