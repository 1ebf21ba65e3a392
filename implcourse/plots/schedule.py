"""Charts of plans: the Gantt chart with the critical path highlighted."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..schedule import Schedule
from . import _style

__all__ = ["gantt"]


def gantt(result: Schedule, *, title: str | None = None, show_float: bool = True,
          width: float = 10.0) -> Figure:
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

    Returns
    -------
    matplotlib.figure.Figure

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
    table = result.table
    n = len(table)
    fig = Figure(figsize=(width, 1.2 + 0.28 * n), layout="constrained")
    ax = fig.add_subplot()
    for y, (task_id, row) in enumerate(table.iterrows()):
        colour = _style.CRITICAL if row.critical else _style.NORMAL
        if row.duration == 0:
            ax.plot(row.early_start, y, marker="D", color=colour, markersize=7,
                    markeredgecolor=_style.MILESTONE, zorder=3)
        else:
            ax.barh(y, row.duration, left=row.early_start, height=0.6, color=colour, zorder=2)
        if show_float and row.total_float > 0:
            ax.barh(y, row.total_float, left=row.early_finish, height=0.25,
                    color=_style.FLOAT, zorder=1)
    ax.set_yticks(range(n), [str(name) for name in table["name"]], fontsize=_style.FONT_SIZE)
    ax.invert_yaxis()
    ax.set_xlim(0, result.duration * 1.02 or 1)
    ax.set_xlabel("Working days from the start of the project")
    ax.grid(axis="x", color=_style.GRID, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or f"{result.duration:g} working days; critical path in vermilion",
                 loc="left", fontsize=_style.FONT_SIZE + 2)
    handles = [Patch(color=_style.CRITICAL, label="critical task"),
               Patch(color=_style.NORMAL, label="task with float"),
               Line2D([], [], marker="D", linestyle="", color=_style.MILESTONE,
                      label="milestone")]
    if show_float:
        handles.insert(2, Patch(color=_style.FLOAT, label="total float"))
    ax.legend(handles=handles, loc="lower left", fontsize=_style.FONT_SIZE, frameon=False)
    return fig
