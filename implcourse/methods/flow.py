"""Kanban flow: Little's law, a seeded board simulation and what a WIP limit changes.

Little's law ties three averages of a system together:

.. math::

    \\text{average cycle time} = \\frac{\\text{average WIP}}{\\text{average throughput}}

Little (1961) proved it for queues as L = lambda W (items in the system =
arrival rate x time in the system); Vacanti (2015) states it for Kanban in
the form above, with throughput as the departure rate. It holds for averages
over a period, whatever the distributions, when:

* flow is conserved: on average what arrives also departs (arrival rate
  equals throughput), and every item started is finished and leaves;
* the system is stable over the window: WIP about the same at its start
  and end, and the average age of the WIP neither growing nor shrinking;
* the units agree: cycle time in days goes with throughput per day.

:func:`littles_law` solves the law for the missing quantity.
:func:`simulate_board` runs a synthetic Kanban board; :func:`compare_wip_limits`
runs the same board with different WIP limits.

The board (a teaching model, synthetic data; every assumption here):

* each day a Poisson number of items (mean ``arrivals_per_day``) arrives in
  the **Backlog** (not started);
* in the morning, items are pulled from the backlog into the first stage,
  oldest first, as many as the WIP limit leaves room for (all of them with no
  limit: work is pushed in as it arrives);
* each stage then finishes a Poisson number of its items (mean: its capacity
  per day) and passes them on, oldest first; stages are worked from the last
  to the first, so an item moves at most one stage a day; items leaving the
  last stage are **Done**;
* everything is first-in, first-out, so the cumulative counts of the board
  (its cumulative flow diagram) give each item's start and finish days;
* the random draws do not depend on the board's state: the same seed gives
  the same arrivals and capacities whatever the WIP limit, so a comparison
  shows the effect of the limit alone.

Conventions (Vacanti's): an item *started* on day s and *finished* on day f
has cycle time f - s + 1 days (an item started and finished on the same day
took one day). The day's **work in progress** counts the items worked on that
day: those started on or before it and not finished before it (the count
after the morning pull, which is what a WIP limit caps). With these two
conventions the sum of the daily WIP equals the sum of the cycle times
exactly, which is Little's law over a window that starts and ends empty.
The board's **work item age** on a day is day - start + 1 for items in progress.

References
----------
.. [1] Little, J. D. C. (1961). A proof for the queuing formula: L = lambda W.
   *Operations Research* 9(3), 383-387.
.. [2] Little, J. D. C. (2011). Little's Law as viewed on its 50th
   anniversary. *Operations Research* 59(3), 536-549.
.. [3] Little, J. D. C. and Graves, S. C. (2008). Little's Law. In Chhajed,
   D. and Lowe, T. J. (eds), *Building Intuition*, ch. 5. Springer.
.. [4] Vacanti, D. S. (2015). *Actionable Agile Metrics for Predictability*.
   ActionableAgile Press. Cycle time as end date - start date + 1: Vacanti,
   "Kanban Calculations: How to Calculate Cycle Time", blog post, 14 Dec 2016.
.. [5] Anderson, D. J. (2010). *Kanban: Successful Evolutionary Change for Your
   Technology Business*. Blue Hole Press. (WIP limits and pull.)

Examples
--------
>>> littles_law(wip=12, throughput=3)          # 12 items, 3 finished a day
4.0
>>> board = simulate_board(1.5, {"Analysis": 3, "Build": 2, "Test": 3}, days=120, seed=4)
>>> m = board.metrics()
>>> round(m["Average WIP (items)"] / m["Throughput (items per day)"], 6) == round(
...     m["Little's law cycle time (days)"], 6)
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..validation import check_finite, shown
from .forecast import _in_code, _number, _whole

__all__ = ["littles_law", "Board", "simulate_board", "compare_wip_limits", "RESERVED_NAMES"]

#: Column names the board uses for itself; a stage may not take one of them.
RESERVED_NAMES = ("Day", "Arrived", "Started", "Finished", "Backlog", "Done",
                  "Work in progress")

_LABELS = {"wip": ("Average WIP", "items"),
           "throughput": ("Average throughput", "items per day"),
           "cycle_time": ("Average cycle time", "days")}
_ZERO = {"wip": "with nothing in progress there is no flow to measure",
         "throughput": "if nothing ever finishes, the cycle time has no end",
         "cycle_time": "no item takes no time at all"}


def littles_law(wip: float | None = None, throughput: float | None = None,
                cycle_time: float | None = None) -> float:
    """Little's law: give two of average WIP, throughput and cycle time; get the third.

    .. math::

        CT = \\frac{WIP}{TH}, \\qquad TH = \\frac{WIP}{CT}, \\qquad WIP = TH \\times CT

    Throughput and cycle time must use the same unit of time (items per day
    with days, per week with weeks). The result is an *average* over a period
    in which the system was stable (see the module notes); it says nothing
    about a single item.

    Parameters
    ----------
    wip : float, optional
        Average work in progress (items), above 0.
    throughput : float, optional
        Average items finished per unit of time, above 0.
    cycle_time : float, optional
        Average time from start to finish, above 0.

    Returns
    -------
    float
        The one quantity not given.

    Raises
    ------
    ValueError
        Not exactly two given, or a value that is zero or negative.

    Examples
    --------
    Little and Graves (2008, ch. 5): a wine rack holds 160 bottles on average
    and about 8 bottles a month are bought (and, in steady state, drunk), so a
    bottle stays 160 / 8 = 20 months on average:

    >>> littles_law(wip=160, throughput=8)
    20.0

    A team works on 3 backlog items at a time and each takes 8 working days
    on average, so it finishes 3 / 8 = 0.375 items a day, 22.5 items in a
    release of 60 working days ("Little's Law", streamingagile.wordpress.com,
    7 Feb 2016, example 2):

    >>> littles_law(wip=3, cycle_time=8)
    0.375
    >>> littles_law(wip=3, cycle_time=8) * 60
    22.5
    >>> littles_law(wip=0, throughput=2)
    Traceback (most recent call last):
    ...
    ValueError: Average WIP of 0 items: with nothing in progress there is no flow to measure; enter a value above 0 (parameter wip)
    """
    given = {"wip": wip, "throughput": throughput, "cycle_time": cycle_time}
    known = {k: v for k, v in given.items() if v is not None}
    if len(known) != 2:
        names = ", ".join(_LABELS[k][0].lower() for k in known) or "none of them"
        raise ValueError(f"Little's law needs exactly two of average WIP, average throughput "
                         f"and average cycle time (you gave {names}; parameters wip, "
                         f"throughput and cycle_time)")
    values = {}
    for key, value in known.items():
        label, unit = _LABELS[key]
        value = _number(label, value, code=key)
        if value == 0:
            raise ValueError(f"{label} of 0 {unit}: {_ZERO[key]}; enter a value above 0"
                             f"{_in_code(key)}")
        values[key] = value
    if "wip" not in values:
        result, missing = values["throughput"] * values["cycle_time"], "wip"
    elif "throughput" not in values:
        result, missing = values["wip"] / values["cycle_time"], "throughput"
    else:
        result, missing = values["wip"] / values["throughput"], "cycle_time"
    given_names = " and ".join(k for k in ("wip", "throughput", "cycle_time") if k != missing)
    return check_finite(f"{_LABELS[missing][0]} (from {given_names})", result)


# --------------------------------------------------------------------------
# The board
# --------------------------------------------------------------------------

def _stages(stages: object) -> dict[str, float]:
    if not isinstance(stages, Mapping):
        raise TypeError(f"Stages must be a mapping of stage name to capacity per day, such as "
                        f"{{'Build': 2, 'Test': 3}} (you entered {shown(stages)}) "
                        f"(parameter stages)")
    if not 1 <= len(stages) <= 10:
        raise ValueError(f"A board needs 1 to 10 stages (you entered {len(stages)}) "
                         f"(parameter stages)")
    out: dict[str, float] = {}
    for name, capacity in stages.items():
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"Each stage needs a name (you entered {shown(name)}) "
                             f"(parameter stages)")
        name = name.strip()
        if name in RESERVED_NAMES:
            raise ValueError(f"Stage name {shown(name)} is taken by the board itself; choose "
                             f"another (taken: {', '.join(RESERVED_NAMES)}) (parameter stages)")
        if name in out:
            raise ValueError(f"Stage name {shown(name)} appears twice (parameter stages)")
        capacity = _number(f"Capacity of stage {shown(name)}", capacity, maximum=1000,
                           unit="items per day", code=f"stages[{name!r}]")
        if capacity == 0:
            raise ValueError(f"Capacity of stage {shown(name)} of 0 items per day would stop the "
                             f"board; enter a capacity above 0 (parameter stages)")
        out[name] = capacity
    return out


def _wip_limit(value: object, code: str = "wip_limit") -> int | None:
    if value is None:
        return None
    limit = _whole("WIP limit", value, maximum=10_000, code=code)
    if limit == 0:
        raise ValueError(f"WIP limit of 0 would let no work start; enter 1 or more, or no "
                         f"limit{_in_code(code)}")
    return limit


@dataclass(frozen=True, eq=False)
class Board:
    """The outcome of :func:`simulate_board` (synthetic data from a teaching model).

    Attributes
    ----------
    daily : DataFrame
        One row per day: "Day" (1, 2, ...), "Arrived", "Started", "Finished"
        (items that day), then the items in each state at the end of the day:
        "Backlog", one column per stage, "Done" (cumulative); and
        "Work in progress", the items worked on that day (see the module notes).
    items : DataFrame
        One row per item that arrived: "Item" (1, 2, ... in arrival order),
        "Arrived (day)", "Started (day)", "Finished (day)" and
        "Cycle time (days)" (the start, finish and cycle time are missing,
        NaN, while the item is not started or not finished).
    stages : list of str
    capacities : dict
        Mean capacity of each stage, items per day.
    arrivals_per_day : float
    wip_limit : int or None
    seed : int
    """

    daily: pd.DataFrame
    items: pd.DataFrame
    stages: list[str]
    capacities: dict[str, float]
    arrivals_per_day: float
    wip_limit: int | None
    seed: int

    @property
    def days(self) -> int:
        """The number of days simulated."""
        return len(self.daily)

    @property
    def states(self) -> list[str]:
        """Backlog, the stages and Done, in the order work flows."""
        return ["Backlog", *self.stages, "Done"]

    def _window(self, first_day, last_day) -> tuple[int, int]:
        first = 1 if first_day is None else _whole("First day", first_day, minimum=1,
                                                   maximum=self.days, code="first_day")
        last = self.days if last_day is None else _whole("Last day", last_day, minimum=1,
                                                         maximum=self.days, code="last_day")
        if first > last:
            raise ValueError(f"First day cannot be after last day (you entered {first} and "
                             f"{last}) (parameters first_day and last_day)")
        return first, last

    def cumulative_flow(self) -> pd.DataFrame:
        """The cumulative flow diagram's lines: items that reached each state by day's end.

        Column "Arrived" counts every item that arrived; a stage's column counts
        the items that entered it (those in it or beyond); "Done" counts those
        finished. The vertical gap between two neighbouring lines is the number
        of items in a state.

        Examples
        --------
        >>> b = simulate_board(2, {"Build": 2, "Test": 3}, days=30, seed=1)
        >>> cfd = b.cumulative_flow()
        >>> bool((cfd["Arrived"] >= cfd["Build"]).all() and (cfd["Build"] >= cfd["Done"]).all())
        True
        """
        counts = self.daily[self.states[::-1]].to_numpy()
        reached = np.cumsum(counts, axis=1)[:, ::-1]
        frame = pd.DataFrame(reached, columns=["Arrived", *self.stages, "Done"])
        frame.insert(0, "Day", self.daily["Day"].to_numpy())
        return frame

    def metrics(self, first_day: int | None = None, last_day: int | None = None) -> dict:
        """Flow metrics over a window of days (the whole run by default).

        Returns
        -------
        dict
            "Average WIP (items)": mean of the daily work in progress;
            "Throughput (items per day)": items finished in the window / its days;
            "Average cycle time (days)": mean cycle time of the items finished in
            the window (NaN if none); "Little's law cycle time (days)": average
            WIP / throughput (NaN if nothing finished); "Items finished"; "Days".
        """
        first, last = self._window(first_day, last_day)
        window = self.daily[(self.daily["Day"] >= first) & (self.daily["Day"] <= last)]
        finished = self.items["Finished (day)"]
        done = self.items[finished.notna() & (finished >= first) & (finished <= last)]
        n_days = last - first + 1
        wip = float(window["Work in progress"].mean())
        throughput = float(window["Finished"].sum()) / n_days
        cycle = float(done["Cycle time (days)"].astype(float).mean()) if len(done) else math.nan
        return {"Average WIP (items)": wip, "Throughput (items per day)": throughput,
                "Average cycle time (days)": cycle,
                "Little's law cycle time (days)": wip / throughput if throughput else math.nan,
                "Items finished": int(len(done)), "Days": n_days}

    def work_item_age(self, day: int | None = None) -> pd.DataFrame:
        """The items in progress at the end of ``day`` (default: the last), oldest first.

        Returns
        -------
        DataFrame
            "Item", "Stage", "Started (day)", "Age (days)" = day - start + 1.

        Examples
        --------
        >>> b = simulate_board(2, {"Build": 2, "Test": 3}, days=30, seed=1)
        >>> age = b.work_item_age()
        >>> len(age) == int(b.daily[["Build", "Test"]].iloc[-1].sum())
        True
        """
        day = self.days if day is None else _whole("Day", day, minimum=1, maximum=self.days,
                                                      code="day")
        row = self.daily.iloc[day - 1]
        done = int(row["Done"])
        # First in, first out: the oldest items are furthest on.
        bounds = done + np.cumsum([int(row[s]) for s in self.stages[::-1]])
        in_stage = []
        lower = done
        for stage, upper in zip(self.stages[::-1], bounds):
            in_stage += [(k, stage) for k in range(lower, int(upper))]
            lower = int(upper)
        ks = np.array([k for k, _ in in_stage], dtype=int)
        starts = self.items["Started (day)"].to_numpy(dtype=float)[ks] if ks.size else np.array([])
        return pd.DataFrame({"Item": ks + 1, "Stage": [s for _, s in in_stage],
                             "Started (day)": starts.astype(int),
                             "Age (days)": (day - starts + 1).astype(int)})


def simulate_board(arrivals_per_day: float, stages: Mapping[str, float],
                   wip_limit: int | None = None, *, days: int = 120, seed: int = 0) -> Board:
    """Run a synthetic Kanban board day by day (a teaching model; see the module notes).

    Parameters
    ----------
    arrivals_per_day : float
        Mean new items a day (Poisson), 0 to 1,000.
    stages : mapping of str to float
        The board's stages in order, each with its mean capacity (items it can
        finish a day, Poisson), above 0. For example
        ``{"Analysis": 3, "Build": 2, "Test": 3}``.
    wip_limit : int, optional
        The most items in all stages together; items wait in the backlog
        until there is room. None: no limit.
    days : int, default 120
        Days to simulate, 1 to 3,650.
    seed : int, default 0
        Seed of the random draws: the same seed, the same board.

    Returns
    -------
    Board

    Examples
    --------
    >>> b = simulate_board(2.2, {"Analysis": 3, "Build": 2, "Test": 3}, wip_limit=8,
    ...                    days=100, seed=7)
    >>> int(b.daily["Work in progress"].max()) <= 8
    True
    >>> int(b.daily["Arrived"].sum()) == len(b.items)
    True
    """
    rate = _number("Arrivals per day", arrivals_per_day, maximum=1000, unit="items per day",
                   code="arrivals_per_day")
    capacities = _stages(stages)
    limit = _wip_limit(wip_limit)
    days = _whole("Days", days, minimum=1, maximum=3650, code="days")
    seed = _whole("Seed", seed, code="seed")
    names = list(capacities)
    n_stages = len(names)

    rng = np.random.default_rng(seed)
    arrivals = rng.poisson(rate, size=days)
    capacity = rng.poisson(np.array([capacities[s] for s in names]), size=(days, n_stages))

    backlog = 0
    content = np.zeros(n_stages, dtype=np.int64)
    done = 0
    started = np.zeros(days, dtype=np.int64)
    finished = np.zeros(days, dtype=np.int64)
    wip = np.zeros(days, dtype=np.int64)
    state = np.zeros((days, n_stages + 2), dtype=np.int64)
    # One short loop over days; each day's moves are a handful of integer operations.
    for d in range(days):
        backlog += arrivals[d]
        pull = backlog if limit is None else max(0, min(backlog, limit - int(content.sum())))
        backlog -= pull
        content[0] += pull
        started[d] = pull
        wip[d] = content.sum()
        for s in range(n_stages - 1, -1, -1):
            moved = min(capacity[d, s], content[s])
            content[s] -= moved
            if s + 1 < n_stages:
                content[s + 1] += moved
            else:
                done += moved
                finished[d] = moved
        state[d, 0] = backlog
        state[d, 1:-1] = content
        state[d, -1] = done

    day_numbers = np.arange(1, days + 1)
    daily = pd.DataFrame({"Day": day_numbers, "Arrived": arrivals, "Started": started,
                          "Finished": finished})
    for j, name in enumerate(["Backlog", *names, "Done"]):
        daily[name] = state[:, j]
    daily["Work in progress"] = wip

    # First in, first out: item k (0-based) passes a point on the first day the
    # cumulative count through that point exceeds k.
    cum_arrived, cum_started, cum_finished = (np.cumsum(arrivals), np.cumsum(started),
                                              np.cumsum(finished))
    k = np.arange(int(cum_arrived[-1]))

    def day_of(cumulative: np.ndarray):
        found = pd.array(np.searchsorted(cumulative, k, side="right") + 1, dtype="Int64")
        found[k >= cumulative[-1]] = pd.NA
        return found

    start_day, finish_day = day_of(cum_started), day_of(cum_finished)
    items = pd.DataFrame({"Item": k + 1, "Arrived (day)": day_of(cum_arrived),
                          "Started (day)": start_day, "Finished (day)": finish_day,
                          "Cycle time (days)": finish_day - start_day + 1})
    return Board(daily=daily, items=items, stages=names, capacities=capacities,
                 arrivals_per_day=rate, wip_limit=limit, seed=seed)


def compare_wip_limits(arrivals_per_day: float, stages: Mapping[str, float],
                       wip_limits: Sequence[int | None] = (None, 12, 6), *, days: int = 200,
                       seed: int = 0, warmup_days: int | None = None) -> pd.DataFrame:
    """The same board run with different WIP limits, side by side.

    Each run uses the same seed, so the same items arrive and the stages have
    the same capacity each day: only the limit differs. Metrics are measured
    after a warm-up (default: the first quarter of the days), as in
    :meth:`Board.metrics`. When a stage's capacity is below the arrival rate
    (the bottleneck), an unlimited board keeps starting work it cannot finish:
    its WIP and cycle times grow, while a limited board holds the excess in
    the backlog, not started, at about the same throughput.

    Returns
    -------
    DataFrame
        One row per limit: "WIP limit" ("none" or the number),
        "Average WIP (items)", "Throughput (items per day)",
        "Average cycle time (days)" (NaN, undefined, when no item finished after the
        warm-up), "Items finished", "Waiting in backlog at the end (items)".

    Examples
    --------
    >>> table = compare_wip_limits(2.2, {"Analysis": 3, "Build": 2, "Test": 3},
    ...                            (None, 6), days=200, seed=3)
    >>> wip = table["Average WIP (items)"].tolist()
    >>> wip[1] < wip[0]
    True
    """
    if isinstance(wip_limits, (str, bytes)) or not isinstance(wip_limits, Iterable):
        raise TypeError(f"WIP limits must be a list such as [None, 12, 6] "
                        f"(you entered {shown(wip_limits)}) (parameter wip_limits)")
    if isinstance(wip_limits, (set, frozenset, Mapping, pd.DataFrame)) or (
            isinstance(wip_limits, np.ndarray) and wip_limits.ndim != 1):
        raise TypeError(f"WIP limits must be a list such as [None, 12, 6] "
                        f"(you entered {shown(wip_limits)}) (parameter wip_limits)")
    limits = list(wip_limits)
    if len(limits) > 20:
        raise ValueError(f"WIP limits: compare at most 20 limits at once (you entered "
                         f"{len(limits)}) (parameter wip_limits)")
    limits = [_wip_limit(v, f"wip_limits[{i}]") for i, v in enumerate(limits)]
    if not limits:
        raise ValueError("WIP limits must name at least one limit (None for no limit) "
                         "(parameter wip_limits)")
    days = _whole("Days", days, minimum=2, maximum=3650, code="days")
    warmup = days // 4 if warmup_days is None else _whole("Warm-up days", warmup_days,
                                                          maximum=days - 1, code="warmup_days")
    rows = []
    for limit in limits:
        board = simulate_board(arrivals_per_day, stages, limit, days=days, seed=seed)
        m = board.metrics(warmup + 1, days)
        rows.append({"WIP limit": "none" if limit is None else str(limit),
                     "Average WIP (items)": m["Average WIP (items)"],
                     "Throughput (items per day)": m["Throughput (items per day)"],
                     "Average cycle time (days)": m["Average cycle time (days)"],
                     "Items finished": m["Items finished"],
                     "Waiting in backlog at the end (items)": int(board.daily["Backlog"].iloc[-1])})
    return pd.DataFrame(rows)
