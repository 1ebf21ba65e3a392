"""Earned schedule (ES): schedule performance in time, which stays honest to the end.

Earned value measures schedule in money: SV = EV - PV and SPI = EV / PV.
When a late project finishes, EV reaches BAC and PV has been BAC since the
planned finish, so SV returns to 0 and SPI to 1.0, however late the project
is. Walt Lipke's earned schedule (2003) asks instead *when* the work done was
planned to be done, and compares that time with the time gone by.

With the cumulative planned value PV_1, PV_2, ... at the end of periods
1, 2, ... (PV_0 = 0 at the start, implied: do not include it), the earned
value EV at actual time AT (whole periods elapsed):

* ``C`` = the number of whole periods, up to the planned duration, whose
  cumulative PV is at most EV (PV never goes down, so these are periods
  1..C);
* ``ES = C + (EV - PV_C) / (PV_{C+1} - PV_C)``, straight-line interpolation
  inside period C + 1, and ``ES = PD`` when all the work is earned;
* ``SPI(t) = ES / AT`` and ``SV(t) = ES - AT`` (in periods);
* ``PD``, the planned duration, is the first period whose PV reaches BAC
  (the final PV);
* ``IEAC(t) = PD / SPI(t)``, the forecast duration if the schedule
  performance so far continues.

References
----------
.. [1] W. Lipke, "Schedule is Different", *The Measurable News*, March 2003
   (and Summer 2003), PMI College of Performance Management.
.. [2] Project Management Institute, *Practice Standard for Earned Value
   Management*, 2nd ed., 2011, appendix D (earned schedule).
.. [3] K. Henderson, "Further Developments in Earned Schedule",
   *The Measurable News*, Spring 2004 (IEAC(t) = PD / SPI(t)).

Examples
--------
A five-month project planned evenly, half done after three months:

>>> es = earned_schedule([20, 40, 60, 80, 100], ev=50, at=3, unit="month")
>>> es.es, es.sv_t, round(es.spi_t, 2), es.ieac_t
(2.5, -0.5, 0.83, 6.0)
>>> print(es.status)
Earned schedule 2.50 months after 3 months: behind schedule by 0.50 months (SPI(t) 0.83). If this pace continues the work takes 6.00 months against 5 planned (IEAC(t) = PD / SPI(t)).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..validation import shown, to_float

__all__ = ["EarnedSchedule", "earned_schedule", "planned_duration", "schedule_drift"]

PV_LABEL = "Planned value (PV)"
EV_LABEL = "Earned value (EV)"
AT_LABEL = "Actual time (AT)"


def _amount(value: float) -> str:
    value = float(value) + 0.0
    if abs(value) >= 1e15 or 0 < abs(value) < 0.005:  # unreadable with separators
        return f"{value:.6g}"
    return f"{round(value):,d}" if abs(value - round(value)) < 1e-9 else f"{value:,.2f}"


def _baseline(pv) -> np.ndarray:
    """The cumulative PV per period as a checked float array."""
    if isinstance(pv, (str, bytes)) or isinstance(pv, numbers.Number) or pv is None:
        raise TypeError(f"{PV_LABEL} must be a list of cumulative values, one per period "
                        f"(you entered {pv!r})")
    raw = pv.to_numpy() if isinstance(pv, (pd.Series, pd.Index)) else pv
    try:  # lists as objects, so that numbers mixed with text are not turned into text
        values = np.asarray(raw, dtype=None if isinstance(raw, np.ndarray) else object)
    except (TypeError, ValueError):
        raise TypeError(f"{PV_LABEL} must be a flat list of numbers (you entered {pv!r})") from None
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"{PV_LABEL} must be a non-empty list of cumulative values, one per "
                         f"period (you entered {pv!r})")
    out = np.empty(values.size)
    for i, item in enumerate(values):
        if isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Real):
            raise TypeError(f"{PV_LABEL} in period {i + 1} must be a number (you entered "
                            f"{shown(item)})")
        raw_item, item = item, to_float(item)
        if not math.isfinite(item):
            raise ValueError(f"{PV_LABEL} in period {i + 1} must be a finite number (you "
                             f"entered {shown(raw_item)})")
        if item < 0:
            raise ValueError(f"{PV_LABEL} in period {i + 1} cannot be negative (you entered "
                             f"{_amount(item)})")
        out[i] = item
    drops = np.diff(out) < 0
    if drops.any():
        i = int(np.argmax(drops)) + 1
        raise ValueError(f"{PV_LABEL} is cumulative and cannot go down: period {i + 1} has "
                         f"{_amount(out[i])} after {_amount(out[i - 1])} in period {i}")
    if out[-1] <= 0:
        raise ValueError(f"{PV_LABEL} must reach a budget at completion (BAC) above 0 (the "
                         f"final PV is {_amount(out[-1])})")
    return out


def planned_duration(pv) -> int:
    """PD: the first period whose cumulative PV reaches BAC (the final PV).

    Examples
    --------
    >>> planned_duration([10, 40, 100, 100, 100])
    3
    """
    values = _baseline(pv)
    return int(np.argmax(values >= values[-1])) + 1


def _es(values: np.ndarray, ev: float, pd_: int) -> float:
    planned = values[:pd_]
    c = int(np.count_nonzero(planned <= ev))
    if c >= pd_:
        return float(pd_)
    low = planned[c - 1] if c > 0 else 0.0
    return c + (ev - low) / (planned[c] - low)


@dataclass(frozen=True)
class EarnedSchedule:
    """The result of :func:`earned_schedule`.

    Attributes
    ----------
    es : float
        Earned schedule, in periods: ``C + (EV - PV_C) / (PV_{C+1} - PV_C)``.
    at : int
        Actual time, whole periods elapsed.
    spi_t : float
        ``SPI(t) = ES / AT``; below 1 is behind schedule.
    sv_t : float
        ``SV(t) = ES - AT``, in periods; negative is behind schedule.
    planned_duration : int
        PD: periods until the PV reaches BAC.
    ieac_t : float or None
        ``IEAC(t) = PD / SPI(t)``, the forecast duration in periods. None when
        ES = 0 (nothing earned), where SPI(t) = 0 (or ES is so small that the
        forecast overflows).
    unit : str
        The name of a period ("period", "month", "week" ...).
    """

    es: float
    at: int
    spi_t: float
    sv_t: float
    planned_duration: int
    ieac_t: float | None
    unit: str = "period"

    @property
    def status(self) -> str:
        """The schedule status in time, in plain words."""
        units = f"{self.unit}s"
        if self.sv_t < 0:
            where = f"behind schedule by {-self.sv_t:.2f} {units}"
        elif self.sv_t > 0:
            where = f"ahead of schedule by {self.sv_t:.2f} {units}"
        else:
            where = "on schedule"
        text = (f"Earned schedule {self.es:.2f} {units} after {self.at} "
                f"{self.unit if self.at == 1 else units}: {where} (SPI(t) {self.spi_t:.2f}).")
        if self.ieac_t is None:
            return text + (" Nothing has been earned yet, so no forecast duration can be "
                           "given.")
        if self.es >= self.planned_duration:
            return text + (f" All the planned work is done, {self.at} {units} against "
                           f"{self.planned_duration} planned.")
        return text + (f" If this pace continues the work takes {self.ieac_t:.2f} {units} "
                       f"against {self.planned_duration} planned (IEAC(t) = PD / SPI(t)).")


#: The most periods elapsed a status may report (a million months is far beyond
#: any project; larger whole numbers would not even convert to a float).
_MAX_AT = 1_000_000


def earned_schedule(pv, ev, at, *, unit: str = "period") -> EarnedSchedule:
    """Earned schedule, SPI(t), SV(t) and the forecast duration IEAC(t).

    Parameters
    ----------
    pv : array-like of float
        Cumulative planned value at the end of periods 1, 2, ..., n. PV at
        the start (period 0) is 0 and implied: do not include it. PV must
        never go down; its final value is BAC. Periods after the planned
        finish may repeat BAC.
    ev : float
        Cumulative earned value at actual time ``at``; 0 to BAC.
    at : int
        Actual time: whole periods elapsed, 1 or more. It may exceed the
        planned duration (a late project).
    unit : str, default "period"
        The name of a period, for the status ("month", "week").

    Returns
    -------
    EarnedSchedule

    Raises
    ------
    TypeError, ValueError
        For a PV that is not a list of numbers, goes down, is negative or
        ends at 0; an EV that is not a number, is negative or exceeds the
        final PV (BAC); an AT that is not a whole number of 1 or more.

    Examples
    --------
    Lipke's picture: seven months gone (AT = 7), EV between the planned
    value of May and June, so ES = 5 + a fraction of June:

    >>> es = earned_schedule([10, 20, 35, 50, 70, 90, 110, 125, 140, 150], ev=80, at=7)
    >>> es.es, round(es.spi_t, 3), es.sv_t
    (5.5, 0.786, -1.5)
    >>> earned_schedule([10, 20, 30], ev=40, at=2)
    Traceback (most recent call last):
    ...
    ValueError: Earned value (EV) cannot exceed the final planned value, the budget at completion (BAC) (you entered EV 40 with BAC 30; parameters ev and pv)
    """
    values = _baseline(pv)
    if isinstance(ev, (bool, np.bool_)) or not isinstance(ev, numbers.Real):
        raise TypeError(f"{EV_LABEL} must be a number (you entered {ev!r})")
    ev = float(ev)
    if not math.isfinite(ev):
        raise ValueError(f"{EV_LABEL} must be a finite number (you entered {ev})")
    if ev < 0:
        raise ValueError(f"{EV_LABEL} cannot be negative (you entered {_amount(ev)})")
    if ev > values[-1]:
        raise ValueError(f"{EV_LABEL} cannot exceed the final planned value, the budget at "
                         f"completion (BAC) (you entered EV {_amount(ev)} with BAC "
                         f"{_amount(values[-1])}; parameters ev and pv)")
    if (isinstance(at, (bool, np.bool_)) or not isinstance(at, numbers.Integral) or at < 1
            or at > _MAX_AT):
        raise ValueError(f"{AT_LABEL} must be a whole number of periods elapsed, from 1 to "
                         f"{_MAX_AT:,} (you entered {shown(at)})")
    if not isinstance(unit, str) or not unit.strip():
        raise TypeError(f"Unit must be the name of a period, such as 'month' (you entered "
                        f"{unit!r})")
    at = int(at)
    pd_ = int(np.argmax(values >= values[-1])) + 1
    es = _es(values, ev, pd_)
    spi_t = es / at
    with np.errstate(over="ignore"):
        ieac = pd_ * at / es if es > 0 else None
    if ieac is not None and not math.isfinite(ieac):  # an ES so small the forecast overflows
        ieac = None
    return EarnedSchedule(es=float(es), at=at, spi_t=float(spi_t), sv_t=float(es - at),
                          planned_duration=pd_, ieac_t=None if ieac is None else float(ieac),
                          unit=unit.strip())


def schedule_drift(history) -> pd.DataFrame:
    """SPI and SPI(t), SV and SV(t), for every reported period of a history.

    It shows why earned schedule exists: on a late project SPI drifts back to
    1.0 after the planned finish (PV stops growing while EV catches up), but
    SPI(t) stays below 1.0 to the end.

    Parameters
    ----------
    history : DataFrame
        Columns ``period``, ``pv``, ``ev``, ``ac`` (see
        :func:`implcourse.metrics.earned_value.load_history`).

    Returns
    -------
    DataFrame
        One row per reported period: ``period``, ``PV``, ``EV``, ``ES``,
        ``SPI``, ``SPI(t)``, ``SV`` (money), ``SV(t)`` (periods) and
        ``After planned finish`` (True from the period after PD).

    Examples
    --------
    >>> from implcourse.metrics.earned_value import load_history
    >>> drift = schedule_drift(load_history())
    >>> drift[["SPI", "SPI(t)"]].iloc[[5, -1]].round(2).values.tolist()
    [[0.83, 0.76], [1.0, 0.73]]
    """
    from .earned_value import check_history  # the history's checks live with its loader

    h = check_history(history)
    pd_ = planned_duration(h.pv)
    rows = []
    for p in range(1, h.reported + 1):
        pv, ev = h.pv[p - 1], h.ev[p - 1]
        es = _es(h.pv, ev, pd_)
        rows.append({"period": p, "PV": pv, "EV": ev, "ES": es,
                     "SPI": ev / pv if pv > 0 else np.nan, "SPI(t)": es / p,
                     "SV": ev - pv, "SV(t)": es - p, "After planned finish": p > pd_})
    return pd.DataFrame(rows)
