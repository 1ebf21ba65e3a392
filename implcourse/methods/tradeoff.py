"""A teaching model of the predictive-versus-incremental trade-off.

THIS IS A TEACHING MODEL, NOT EVIDENCE. It turns one argument of the agile
literature into numbers a learner can move: work that is built but not yet
delivered is exposed to changing requirements, so delivering in increments
trades a release overhead, paid many times, against rework from change,
which grows with the amount of undelivered work. Its numbers are synthetic;
they show the *shape* of the trade-off under the assumptions below, not
what a real project will see.

The model (every assumption, stated):

1. **One team, constant capacity.** The team does one *work unit* of work a
   week (a unit is one team-week). Nothing else limits it.
2. **Value accrues only once delivered.** A unit of valid work is worth one
   unit of value from the moment it is released to users. "Value in use"
   adds up, week by week, the units already delivered before that week
   began (unit-weeks of use), which rewards early delivery.
3. **Change invalidates undelivered work.** Each month a fraction
   ``change_rate`` of the work built but not yet delivered stops matching
   the requirements and is thrown away: that is **rework** (it must be
   built again, from the same capacity). Per week the fraction is
   ``w = 1 - (1 - change_rate) ** (12 / 52)``, the monthly rate compounded
   over a month of 52 / 12 weeks. Invalidation happens at the start of a
   week, to the stock carried into it.
4. **Delivered work is safe.** Once released, users' feedback has shaped it:
   later change to it is new scope, not rework. So an increment's rework is
   limited to the work of the current increment.
5. **Every release has an overhead.** A release costs ``release_overhead``
   weeks of the team's capacity (hardening, deployment, training), taken
   from the last weeks before the release, when the team builds nothing new.
   If a block is shorter than the overhead, it builds nothing.
6. **When releases happen.** *Predictive*: one release at the end of week
   ``weeks``. *Incremental*: a release at the end of every
   ``increment_weeks`` weeks, and one at the end of the horizon if the last
   increment is shorter, so both approaches deliver all that is still valid.
7. Nothing else: no learning curve, no defects, no cost of delay beyond
   value in use, no change to the team.

So each week, for each approach: ``rework += w * stock``;
``stock = (1 - w) * stock + built``; at a release ``delivered += stock`` and
``stock = 0``. Conservation: ``delivered + rework + overhead = weeks`` by the
end (all capacity is either delivered, thrown away, or spent on releases).

What follows from the assumptions (and is tested): with no change and no
overhead both approaches deliver all ``weeks`` units; rework grows with the
change rate; incremental rework never exceeds predictive rework; with no
change, every extra release only costs overhead; with ``increment_weeks ==
weeks`` the two approaches coincide.

The argument it illustrates: Boehm and Turner (2004) place plan-driven
methods where requirements are stable and agile ones where they change
often; the PMI *Agile Practice Guide* (2017, ch. 3) describes incremental
delivery as a way to get value and feedback early. No published source
gives this model or its numbers.

References
----------
.. [1] Boehm, B. and Turner, R. (2004). *Balancing Agility and Discipline: A
   Guide for the Perplexed*. Addison-Wesley.
.. [2] Project Management Institute (2017). *Agile Practice Guide*. PMI.

Examples
--------
>>> r = delivery_tradeoff(weeks=52, change_rate=0.0, increment_weeks=4, release_overhead=0.0)
>>> r.total("Predictive", "Delivered (work units)"), r.total("Incremental", "Delivered (work units)")
(52.0, 52.0)
>>> r = delivery_tradeoff(weeks=52, change_rate=0.05, increment_weeks=4, release_overhead=0.5)
>>> r.total("Incremental", "Rework (work units)") < r.total("Predictive", "Rework (work units)")
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..validation import shown
from .forecast import _number, _whole

__all__ = ["APPROACHES", "Tradeoff", "delivery_tradeoff", "weekly_change"]

APPROACHES = ("Predictive", "Incremental")
WEEKS_PER_MONTH = 52 / 12

_COLUMNS = ["Week", "Approach", "Released", "Delivered (work units)", "Rework (work units)",
            "Overhead (work units)", "Undelivered valid work (work units)",
            "Value in use (unit-weeks)"]
_TOTALS = ["Delivered (work units)", "Rework (work units)", "Overhead (work units)",
           "Value in use (unit-weeks)"]


def weekly_change(change_rate: float) -> float:
    """The weekly fraction of undelivered work invalidated, from the monthly rate.

    ``w = 1 - (1 - change_rate) ** (12 / 52)``: compounding w over the 52/12
    weeks of an average month gives back the monthly rate.

    Examples
    --------
    >>> w = weekly_change(0.10)
    >>> round(1 - (1 - w) ** (52 / 12), 12)
    0.1
    """
    rate = _number("Change rate (per month)", change_rate, maximum=1, code="change_rate")
    return 1.0 - (1.0 - rate) ** (1.0 / WEEKS_PER_MONTH)


@dataclass(frozen=True, eq=False)
class Tradeoff:
    """The outcome of :func:`delivery_tradeoff` (a teaching model's synthetic numbers).

    Attributes
    ----------
    weekly : DataFrame
        One row per week and approach: "Week", "Approach", "Released" (a
        release at the end of the week), and cumulative "Delivered (work
        units)", "Rework (work units)", "Overhead (work units)", "Value in use
        (unit-weeks)", with the "Undelivered valid work (work units)" at the
        end of the week.
    summary : DataFrame
        One row per approach, indexed by "Approach": "Releases", "First
        delivery (week)", and the four totals.
    parameters : dict
        The inputs, as validated.
    """

    weekly: pd.DataFrame
    summary: pd.DataFrame
    parameters: dict

    def approach(self, name: str) -> pd.DataFrame:
        """The weekly rows of one approach ("Predictive" or "Incremental")."""
        if not isinstance(name, str) or name not in APPROACHES:
            raise ValueError(f"Approach must be one of {', '.join(APPROACHES)} "
                             f"(you entered {shown(name)}) (parameter name)")
        return self.weekly[self.weekly["Approach"] == name].reset_index(drop=True)

    def total(self, approach: str, column: str) -> float:
        """One number of :attr:`summary`, e.g. ``total("Predictive", "Rework (work units)")``."""
        if not isinstance(approach, str) or approach not in APPROACHES:
            raise ValueError(f"Approach must be one of {', '.join(APPROACHES)} "
                             f"(you entered {shown(approach)}) (parameter approach)")
        if not isinstance(column, str) or column not in list(self.summary.columns):
            raise ValueError(f"Column must be one of {', '.join(self.summary.columns)} "
                             f"(you entered {shown(column)}) (parameter column)")
        return float(self.summary.loc[approach, column])


def _release_weeks(weeks: int, every: int) -> np.ndarray:
    ends = list(range(every, weeks + 1, every))
    if not ends or ends[-1] != weeks:
        ends.append(weeks)
    return np.array(ends)


def _building(weeks: int, releases: np.ndarray, overhead: float) -> np.ndarray:
    """Work built each week: 1, less the overhead taken from the last weeks of each block."""
    week = np.arange(1, weeks + 1)
    block = np.searchsorted(releases, week)                 # the release each week leads to
    end = releases[block]
    length = end - np.concatenate([[0], releases[:-1]])[block]
    position = week - (end - length)                        # 1 .. length within its block
    return np.clip(length - overhead - (position - 1), 0.0, 1.0)


def _run(name: str, weeks: int, w: float, releases: np.ndarray, overhead: float) -> pd.DataFrame:
    built = _building(weeks, releases, overhead)
    released = np.isin(np.arange(1, weeks + 1), releases)
    delivered = np.zeros(weeks)
    rework = np.zeros(weeks)
    stock_after = np.zeros(weeks)
    stock, total_delivered, total_rework = 0.0, 0.0, 0.0
    # A loop over weeks (at most 520): each week's stock depends on the last.
    for t in range(weeks):
        lost = w * stock
        total_rework += lost
        stock = stock - lost + built[t]
        if released[t]:
            total_delivered += stock
            stock = 0.0
        delivered[t], rework[t], stock_after[t] = total_delivered, total_rework, stock
    in_use = np.cumsum(np.concatenate([[0.0], delivered[:-1]]))
    return pd.DataFrame({"Week": np.arange(1, weeks + 1), "Approach": name,
                         "Released": released, "Delivered (work units)": delivered,
                         "Rework (work units)": rework,
                         "Overhead (work units)": np.cumsum(1.0 - built),
                         "Undelivered valid work (work units)": stock_after,
                         "Value in use (unit-weeks)": in_use})


def delivery_tradeoff(weeks: int = 52, change_rate: float = 0.05, increment_weeks: int = 4,
                      release_overhead: float = 0.5) -> Tradeoff:
    """Predictive (one release) against incremental delivery, week by week.

    A TEACHING MODEL: read every assumption in the module notes before using
    its numbers.

    Parameters
    ----------
    weeks : int, default 52
        The horizon, 1 to 520 weeks.
    change_rate : float, default 0.05
        Fraction of built-but-undelivered work that change invalidates per
        month, 0 to 1 (0.05 is 5 % a month).
    increment_weeks : int, default 4
        Weeks between incremental releases, 1 to ``weeks``.
    release_overhead : float, default 0.5
        Team-weeks each release costs, 0 to ``increment_weeks``.

    Returns
    -------
    Tradeoff

    Raises
    ------
    ValueError, TypeError
        A value out of its range, naming the field as a slider labels it.

    Examples
    --------
    >>> r = delivery_tradeoff(weeks=26, change_rate=0.1, increment_weeks=2, release_overhead=0.25)
    >>> int(r.summary.loc["Incremental", "Releases"]), int(r.summary.loc["Predictive", "Releases"])
    (13, 1)
    >>> total = r.summary[["Delivered (work units)", "Rework (work units)",
    ...                    "Overhead (work units)"]].sum(axis=1)
    >>> [round(x, 9) for x in total]    # every team-week delivered, reworked or spent on releases
    [26.0, 26.0]
    """
    weeks = _whole("Weeks", weeks, minimum=1, maximum=520, code="weeks")
    w = weekly_change(change_rate)
    every = _whole("Increment length (weeks)", increment_weeks, minimum=1, maximum=weeks,
                   code="increment_weeks")
    overhead = _number("Release overhead (weeks)", release_overhead, maximum=every,
                       unit="weeks, the increment length", code="release_overhead")
    plans = {"Predictive": np.array([weeks]), "Incremental": _release_weeks(weeks, every)}
    frames = [_run(name, weeks, w, plans[name], overhead) for name in APPROACHES]
    weekly = pd.concat(frames, ignore_index=True)[_COLUMNS]
    rows = []
    for name, frame in zip(APPROACHES, frames):
        last = frame.iloc[-1]
        first = frame.loc[frame["Released"], "Week"]
        rows.append({"Approach": name, "Releases": int(plans[name].size),
                     "First delivery (week)": int(first.iloc[0]),
                     **{c: float(last[c]) for c in _TOTALS}})
    summary = pd.DataFrame(rows).set_index("Approach")
    parameters = {"weeks": weeks, "change_rate": float(change_rate), "weekly_change": w,
                  "increment_weeks": every, "release_overhead": overhead}
    return Tradeoff(weekly=weekly, summary=summary, parameters=parameters)
