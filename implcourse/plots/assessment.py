"""Charts of assessment: a practice exam's domains, the history of attempts, progress by lesson."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _style
from ._style import Chart

__all__ = ["breakdown_chart", "exam_history_chart", "progress_chart"]

_BAND_LINES = "#555555"
_BAND_SHADES = ("#f2f2f2", "#e6e6e6")


def _lowest_band() -> str:
    from ..exam import load_bands

    return load_bands()[-1].name


def _bands():
    from ..exam import load_bands

    return [b for b in load_bands() if b.minimum > 0]


def _frame(name: str, value, columns: list[str]) -> pd.DataFrame:
    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame, got {type(value).__name__}")
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise ValueError(f"{name} lacks the columns {missing}")
    return value


def breakdown_chart(breakdown: pd.DataFrame, *, title: str = "Score by domain",
                    labels: dict[str, str] | None = None) -> Chart:
    """Horizontal bars: per cent right per group, with its 95 % interval and the bands.

    Parameters
    ----------
    breakdown : DataFrame
        :meth:`implcourse.exam.Result.breakdown` (``percent``, ``low``,
        ``high``, ``questions``, ``band``).
    title : str
    labels : dict, optional
        Display names of the groups.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"questions": [10, 8], "correct": [5, 7], "percent": [50.0, 87.5],
    ...                       "low": [23.7, 52.9], "high": [76.3, 97.8],
    ...                       "band": ["Below Target", "Above Target"]},
    ...                      index=pd.Index(["people", "process"], name="domain"))
    >>> "people 50 % (5 of 10, Below Target)" in breakdown_chart(frame).alt
    True
    """
    frame = _frame("breakdown", breakdown, ["questions", "correct", "percent", "low", "high",
                                            "band"])
    if frame.empty:
        raise ValueError("breakdown has no groups to draw")
    labels = labels or {}
    names = [labels.get(str(i), str(i)) for i in frame.index]
    fig = _style.new_chart(7.0, 1.3 + 0.45 * len(frame))
    ax = fig.add_subplot()
    # The bands as pale regions, named along the top, so no label crosses another.
    edges = [b.minimum for b in _bands()] + [0.0]
    upper = 100.0
    top = len(frame) - 0.35
    for band, low in zip(_bands() + [None], edges[1:] + [None]):
        lower = band.minimum if band is not None else 0.0
        name = band.name if band is not None else _lowest_band()
        ax.axvspan(lower, upper, color=_BAND_SHADES[len(ax.patches) % 2], zorder=0, lw=0)
        ax.text((lower + upper) / 2, top, name.replace(" ", "\n", 1) if upper - lower <= 20
                else name, ha="center", va="bottom", fontsize=_style.size(-3),
                color=_BAND_LINES)
        upper = lower
    y = np.arange(len(frame))[::-1]
    percent = frame["percent"].to_numpy(float)
    ax.barh(y, percent, color=_style.NORMAL, height=0.55, zorder=2)
    errors = np.vstack([percent - frame["low"].to_numpy(float),
                        frame["high"].to_numpy(float) - percent])
    ax.errorbar(percent, y, xerr=errors, fmt="none", ecolor=_style.MILESTONE, capsize=3, lw=1,
                zorder=3)
    ax.set_yticks(y, names)
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, len(frame) + 0.45)
    ax.set_xlabel("Per cent right; the line is the 95 % interval")
    _style.finish(ax, title, grid=None)
    bands = [b if isinstance(b, str) else "too few to rate" for b in frame["band"]]
    parts = [f"{name} {p:.0f} % ({int(c)} of {int(n)}, {b})" for name, p, c, n, b in
             zip(names, percent, frame["correct"], frame["questions"], bands)]
    fig.alt = f"{title}: " + "; ".join(parts) + "."
    return fig


def exam_history_chart(exams: pd.DataFrame, *, target: float | None = None) -> Chart:
    """The score of each practice exam taken, in order, with the target band's line.

    Parameters
    ----------
    exams : DataFrame
        :meth:`implcourse.progress.ProgressStore.exams` (``percent``,
        ``questions``, ``blueprint``).
    target : float, optional
        The line to draw (the "Target" band's minimum by default).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"blueprint": ["quick", "course"], "questions": [20, 60],
    ...                       "correct": [11, 45], "percent": [55.0, 75.0]})
    >>> exam_history_chart(frame).alt
    'Practice exams taken: 2. Scores in order: 55 % (quick, 20 questions), 75 % (course, 60 questions). Latest 75 %, best 75 %.'
    """
    frame = _frame("exams", exams, ["percent", "questions", "blueprint"])
    if target is None:
        target = next((b.minimum for b in _bands() if b.name == "Target"), 65.0)
    fig = _style.new_chart(7.0, 3.0)
    ax = fig.add_subplot()
    if frame.empty:
        ax.text(0.5, 0.5, "No practice exam finished yet", ha="center", va="center",
                transform=ax.transAxes, fontsize=_style.size())
        ax.set_xticks([])
        fig.alt = "Practice exams taken: none yet."
    else:
        x = np.arange(1, len(frame) + 1)
        percent = frame["percent"].to_numpy(float)
        ax.plot(x, percent, marker="o", color=_style.NORMAL, lw=1.5)
        ax.set_xticks(x)
        ax.set_xlim(0.5, len(frame) + 0.5)
        parts = [f"{p:.0f} % ({b}, {int(n)} questions)" for p, b, n in
                 zip(percent, frame["blueprint"], frame["questions"])]
        fig.alt = (f"Practice exams taken: {len(frame)}. Scores in order: {', '.join(parts)}. "
                   f"Latest {percent[-1]:.0f} %, best {percent.max():.0f} %.")
    ax.axhline(target, color=_BAND_LINES, lw=0.8, ls="--")
    ax.text(0.52, target, f" Target ≥{target:g} %", fontsize=_style.size(-2),
            color=_BAND_LINES, va="bottom")
    ax.set_ylim(0, 100)
    ax.set_xlabel("Attempt")
    ax.set_ylabel("Per cent right")
    _style.finish(ax, "Your practice exams", grid="y")
    return fig


def progress_chart(summary: pd.DataFrame, lessons: dict[str, str] | None = None) -> Chart:
    """Per lesson: items tried and items right now, as bars.

    Parameters
    ----------
    summary : DataFrame
        :meth:`implcourse.progress.ProgressStore.summary` (indexed by
        lesson and topic, with ``tried`` and ``right_now``).
    lessons : dict, optional
        Lesson id -> label for the axis.

    Examples
    --------
    >>> import pandas as pd
    >>> index = pd.MultiIndex.from_tuples([("01", "phases"), ("01", "roles")],
    ...                                   names=["lesson", "topic"])
    >>> frame = pd.DataFrame({"tried": [3, 2], "right_now": [2, 2]}, index=index)
    >>> progress_chart(frame).alt
    'Your progress by lesson: 01: 4 of 5 items right now.'
    """
    frame = _frame("summary", summary, ["tried", "right_now"])
    lessons = lessons or {}
    fig = _style.new_chart(7.0, 3.2)
    ax = fig.add_subplot()
    if frame.empty:
        ax.text(0.5, 0.5, "Nothing recorded yet: answer an exercise or a knowledge check",
                ha="center", va="center", transform=ax.transAxes, fontsize=_style.size())
        ax.set_xticks([])
        ax.set_yticks([])
        fig.alt = "Your progress by lesson: nothing recorded yet."
    else:
        per_lesson = frame.groupby(level="lesson")[["tried", "right_now"]].sum()
        x = np.arange(len(per_lesson))
        ax.bar(x, per_lesson["tried"], color=_style.FLOAT, label="Tried", width=0.6)
        ax.bar(x, per_lesson["right_now"], color=_style.NORMAL, label="Right now", width=0.6)
        ax.set_xticks(x, [lessons.get(i, i) for i in per_lesson.index])
        ax.yaxis.set_major_locator(_style.MaxNLocator(integer=True))
        ax.set_ylabel("Items (exercises and questions)")
        parts = [f"{lesson}: {int(r)} of {int(t)} items right now"
                 for lesson, t, r in zip(per_lesson.index, per_lesson["tried"],
                                         per_lesson["right_now"])]
        fig.alt = "Your progress by lesson: " + "; ".join(parts) + "."
    _style.finish(ax, "Your progress by lesson", grid="y",
                  legend="upper right" if not frame.empty else None)
    return fig
