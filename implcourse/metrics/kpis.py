"""Implementation KPIs: small validated functions, each with its formula.

Every function here takes plain numbers, lists or small tables (pandas
DataFrames), checks them, and returns a number or a small frozen result
with the figures and a sentence in plain words. Bad input raises
:class:`ValueError` or :class:`TypeError` naming the field and the value.

The KPIs and their formulas (percentages are 0 to 100):

=====================  =====================================================
on-time delivery       milestones met on or before their planned date
                       / milestones due x 100
budget variance        actual - budget (positive = over budget: the
                       opposite sign to EVM's CV = EV - AC), and as a
                       percentage of the budget
availability           (agreed service time - downtime) / agreed service
                       time x 100 (the ITIL formula; here every minute of
                       the window is agreed service time, as in 24x7)
defect density         defects / size (per KLOC or per function point)
MTTR                   sum of (resolved - opened) / incidents resolved, hours
adoption               active users / intended users x 100
CSAT                   satisfied responses (top two boxes) / responses x 100
NPS                    % promoters (9-10) - % detractors (0-6)
=====================  =====================================================

Examples
--------
>>> on_time_delivery(planned=12, met=9)
75.0
>>> round(availability([("2026-06-09 07:10", "2026-06-09 07:32")],
...                    "2026-06-01", "2026-07-01").percent, 4)
99.9491
>>> nps([10, 9, 8, 7, 6, 0])
0.0
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..validation import check_choice, check_int, check_number, shown, to_float

__all__ = [
    "on_time_delivery",
    "milestone_counts",
    "BudgetVariance",
    "budget_variance",
    "Availability",
    "availability",
    "allowed_downtime",
    "PERIOD_MINUTES",
    "DefectDensity",
    "defect_density",
    "defect_trend",
    "Mttr",
    "mttr",
    "adoption_rate",
    "adoption_over_time",
    "csat",
    "NpsBreakdown",
    "nps",
    "nps_breakdown",
]

#: Minutes in each period that :func:`allowed_downtime` knows. A "month" is
#: 30 days (the convention of most SLA tables that quote 43.2 minutes for
#: 99.9 %); an "average_month" is a twelfth of a 365-day year (43.8 minutes).
PERIOD_MINUTES = {
    "day": 24 * 60,
    "week": 7 * 24 * 60,
    "month": 30 * 24 * 60,
    "average_month": 365 * 24 * 60 / 12,
    "year": 365 * 24 * 60,
}


def _count(name: str, value: object) -> int:
    """A whole, non-negative count (bools refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real) and not isinstance(value, bool) \
                and math.isfinite(to_float(value)) and to_float(value).is_integer():
            value = int(value)
        else:
            raise TypeError(f"{name} must be a whole number (you entered {shown(value)})")
    value = int(value)
    if value < 0:
        raise ValueError(f"{name} cannot be negative (you entered {shown(value)})")
    if value > _MAX_COUNT:
        raise ValueError(f"{name} is too large to count with (you entered {shown(value)}; at "
                         f"most {_MAX_COUNT:,})")
    return value


#: The largest count a KPI takes: beyond 2**53 a count is no longer exact as a float.
_MAX_COUNT = 2 ** 53


def _table(name: str, data: object, columns: Sequence[str]) -> pd.DataFrame:
    """``data`` as a DataFrame holding ``columns``: a DataFrame, or a list of
    rows (tuples in the order of ``columns``, or dicts)."""
    if isinstance(data, pd.DataFrame):
        frame = data
    elif isinstance(data, Mapping):  # a dict of columns
        try:
            frame = pd.DataFrame(dict(data))
        except (TypeError, ValueError):
            raise ValueError(f"{name}: a dict of columns needs lists of the same length "
                             f"(you entered {_brief(data)})") from None
    elif isinstance(data, (str, bytes)) or not isinstance(data, Iterable):
        raise TypeError(f"{name} must be a table (a DataFrame or a list of rows) "
                        f"(you entered {type(data).__name__} {_brief(data)})")
    else:
        rows = list(data)
        if rows and all(isinstance(r, dict) for r in rows):
            frame = pd.DataFrame(rows)
        else:
            for i, row in enumerate(rows, start=1):
                if isinstance(row, (str, bytes)) or not isinstance(row, Sequence) \
                        or len(row) != len(columns):
                    raise ValueError(f"{name}: row {i} must hold {len(columns)} values "
                                     f"({', '.join(columns)}), got {row!r}")
            frame = pd.DataFrame([list(r) for r in rows], columns=list(columns))
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} needs the column(s) {', '.join(map(repr, missing))}; "
                         f"it has {', '.join(map(repr, map(str, frame.columns))) or 'none'}")
    return frame


def _brief(value: object, limit: int = 80) -> str:
    """``repr(value)``, shortened for a message."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 4] + " ..."


class _Zones:
    """The times of one calculation: all with a time zone, or all without.

    A time without a zone cannot be placed against one with a zone (is
    09:00 local time or UTC?), so a log that mixes them is refused rather
    than silently read as UTC.
    """

    def __init__(self) -> None:
        self.seen: dict[bool, tuple[str, object]] = {}

    def add(self, label: str, value: object, aware: bool) -> None:
        self.seen.setdefault(aware, (label, value))
        if len(self.seen) == 2:
            (with_label, with_value), (without_label, without_value) = \
                self.seen[True], self.seen[False]
            raise ValueError(f"{with_label} has a time zone (you entered {with_value!r}) but "
                             f"{without_label} has none (you entered {without_value!r}); give "
                             f"every time with a time zone, or none, so that they compare")


def _timestamp(label: str, value: object, *, allow_missing: bool = False,
               zones: _Zones | None = None):
    """One timestamp, parsed by pandas; time zones are converted to UTC and
    dropped so that every time compares with every other. With ``zones``,
    times with and without a time zone may not be mixed."""
    if value is None or (isinstance(value, float) and math.isnan(value)) \
            or (isinstance(value, str) and not value.strip()) or value is pd.NaT \
            or value is pd.NA:
        if allow_missing:
            return None
        raise ValueError(f"{label} is missing (you entered {value!r})")
    if isinstance(value, bool) or isinstance(value, numbers.Number):
        raise ValueError(f"{label} must be a date and time such as '2026-06-09 07:10' "
                         f"(you entered {value!r})")
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise ValueError(f"{label} is not a date and time we can read "
                         f"(you entered {value!r})") from None
    if stamp is pd.NaT:
        if allow_missing:
            return None
        raise ValueError(f"{label} is missing (you entered {value!r})")
    if zones is not None:
        zones.add(label, value, stamp.tzinfo is not None)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp


# --------------------------------------------------------------------------
# Delivery
# --------------------------------------------------------------------------

def on_time_delivery(planned: int, met: int) -> float:
    """Percentage of the milestones due that were met on time.

    ``on-time delivery = met / planned x 100``, where ``planned`` counts the
    milestones due by the status date and ``met`` those among them finished
    on or before their planned date (a late milestone is not met).

    Parameters
    ----------
    planned : int
        Milestones due (at least 1).
    met : int
        Milestones met on time (0 to ``planned``).

    Returns
    -------
    float
        Per cent, 0 to 100.

    Examples
    --------
    >>> on_time_delivery(8, 6)
    75.0
    >>> on_time_delivery(0, 0)
    Traceback (most recent call last):
    ...
    ValueError: Milestones planned must be at least 1: with none due, on-time delivery is undefined (you entered 0)
    >>> on_time_delivery(4, 5)
    Traceback (most recent call last):
    ...
    ValueError: Milestones met (5) cannot be more than milestones planned (4)
    """
    planned = _count("Milestones planned", planned)
    met = _count("Milestones met", met)
    if planned == 0:
        raise ValueError("Milestones planned must be at least 1: with none due, on-time "
                         "delivery is undefined (you entered 0)")
    if met > planned:
        raise ValueError(f"Milestones met ({met}) cannot be more than milestones "
                         f"planned ({planned})")
    return met / planned * 100


def milestone_counts(milestones, status_date=None) -> tuple[int, int]:
    """Count the milestones due and those met on time, from a milestone table.

    A milestone is *due* when its planned date is on or before
    ``status_date`` (every milestone when no status date is given). It is
    *met* when it has an actual date on or before its planned date; a missing
    actual date means not (yet) met, and a late one is not met.

    Parameters
    ----------
    milestones : DataFrame or list of (planned, actual) pairs
        With columns ``planned`` and ``actual`` (dates; ``actual`` may be empty).
    status_date : date-like, optional
        Only milestones planned up to this day count.

    Returns
    -------
    (planned, met) : tuple of int
        Ready for :func:`on_time_delivery`.

    Examples
    --------
    >>> table = [("2026-01-12", "2026-01-12"), ("2026-03-31", "2026-05-11"),
    ...          ("2026-06-22", None), ("2026-08-31", None)]
    >>> milestone_counts(table, status_date="2026-06-30")
    (3, 1)
    >>> on_time_delivery(*milestone_counts(table, status_date="2026-06-30"))
    33.33333333333333
    """
    frame = _table("milestones", milestones, ["planned", "actual"])
    if frame.empty:
        raise ValueError("milestones is empty: with no milestone, on-time delivery is undefined")
    zones = _Zones()
    status = None if status_date is None else _timestamp("Status date", status_date,
                                                         zones=zones)
    planned = met = 0
    for i, (plan, actual) in enumerate(zip(frame["planned"], frame["actual"]), start=1):
        plan = _timestamp(f"Planned date of milestone {i}", plan, zones=zones)
        actual = _timestamp(f"Actual date of milestone {i}", actual, allow_missing=True,
                            zones=zones)
        if status is not None and plan > status:
            continue
        if status is not None and actual is not None and actual > status:
            actual = None  # finished after the status date: not known on that day
        planned += 1
        met += actual is not None and actual <= plan
    if planned == 0:
        raise ValueError("No milestone is due by the status date, so on-time delivery "
                         "is undefined")
    return planned, met


# --------------------------------------------------------------------------
# Budget
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class BudgetVariance:
    """The result of :func:`budget_variance`.

    Attributes
    ----------
    budget, actual : float
    amount : float
        ``actual - budget``: positive means over budget.
    percent : float
        ``amount / budget x 100``.
    words : str
        The variance in plain words.
    """

    budget: float
    actual: float
    amount: float
    percent: float
    words: str


def budget_variance(budget: float, actual: float, currency: str = "") -> BudgetVariance:
    """Budget variance: how far actual spend is from the budget.

    ``amount = actual - budget`` and ``percent = amount / budget x 100``.
    **Sign convention:** a positive variance means *over* budget, as finance
    teams usually report it. Earned value's cost variance has the opposite
    sign and a different comparison: ``CV = EV - AC`` is negative when over
    budget, and it compares the cost with the value of the work done, not
    with the budget spent so far. A project can be on budget here yet have
    a negative CV if less work was done than planned.

    Parameters
    ----------
    budget : float
        The approved budget to date (greater than 0).
    actual : float
        Actual spend to date (0 or more).
    currency : str, optional
        Shown in the words.

    Examples
    --------
    >>> v = budget_variance(245_000, 259_500, "GBP")
    >>> v.amount, round(v.percent, 2)
    (14500.0, 5.92)
    >>> v.words
    '14,500 GBP over budget (5.9 % of the budget of 245,000 GBP)'
    >>> budget_variance(0, 10)
    Traceback (most recent call last):
    ...
    ValueError: Budget must be more than 0 (you entered 0.0)
    """
    budget = check_number("Budget", budget)
    actual = check_number("Actual cost", actual)
    if not isinstance(currency, str):
        raise TypeError(f"Currency must be text such as 'EUR' (you entered {currency!r})")
    currency = currency.strip()
    if budget <= 0:
        raise ValueError(f"Budget must be more than 0 (you entered {budget})")
    if actual < 0:
        raise ValueError(f"Actual cost cannot be negative (you entered {actual})")
    amount = actual - budget
    percent = amount / budget * 100
    if not math.isfinite(percent):
        raise ValueError(f"Budget variance cannot be computed: the budget is so small against "
                         f"the actual cost that the percentage overflows (you entered budget "
                         f"{budget:g} and actual cost {actual:g})")
    unit = f" {currency}" if currency else ""
    if amount > 0:
        words = f"{amount:,.0f}{unit} over budget"
    elif amount < 0:
        words = f"{-amount:,.0f}{unit} under budget"
    else:
        words = "exactly on budget"
    words += f" ({abs(percent):.1f} % of the budget of {budget:,.0f}{unit})"
    return BudgetVariance(budget=budget, actual=actual, amount=amount, percent=percent,
                          words=words)


# --------------------------------------------------------------------------
# Availability
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Availability:
    """The result of :func:`availability`.

    Attributes
    ----------
    percent : float
        ``(window - downtime) / window x 100``.
    downtime_minutes : float
        Downtime inside the service window.
    window_minutes : float
        The agreed service time.
    outages : int
        Outages that overlap the window.
    """

    percent: float
    downtime_minutes: float
    window_minutes: float
    outages: int

    @property
    def words(self) -> str:
        """The availability in plain words."""
        return (f"{self.percent:.3f} % available: {self.downtime_minutes:,.1f} minutes down "
                f"in {self.window_minutes:,.0f} minutes of agreed service time "
                f"({self.outages} outage{'s' if self.outages != 1 else ''})")


def availability(outages, window_start, window_end) -> Availability:
    """Availability of a service over a service window, from an outage log.

    The ITIL formula: ``availability = (agreed service time - downtime) /
    agreed service time x 100``. The agreed service time is the window from
    ``window_start`` to ``window_end`` (here every minute of it counts, as
    for a 24x7 service); each outage is clipped to the window, so an outage
    that starts before the window counts only from the window's start.

    Parameters
    ----------
    outages : DataFrame or list of (start, end) pairs
        With columns ``start`` and ``end`` (timestamps). Rows are numbered
        from 1 in messages. An empty log means 100 %.
    window_start, window_end : date-like
        The service window.

    Returns
    -------
    Availability

    Raises
    ------
    ValueError
        A timestamp missing or unreadable, an outage that ends before it
        starts, two outages that overlap (both rows named), or a window of
        zero or negative length.

    Examples
    --------
    >>> log = [("2026-05-31 23:40", "2026-06-01 00:25"),   # 25 minutes fall in June
    ...        ("2026-06-09 07:10", "2026-06-09 07:32")]
    >>> a = availability(log, "2026-06-01", "2026-07-01")
    >>> a.downtime_minutes, a.window_minutes, round(a.percent, 3)
    (47.0, 43200.0, 99.891)
    >>> availability([("2026-06-09 08:00", "2026-06-09 07:00")], "2026-06-01", "2026-07-01")
    Traceback (most recent call last):
    ...
    ValueError: Outage in row 1 ends (2026-06-09 07:00:00) before it starts (2026-06-09 08:00:00)
    >>> availability([], "2026-06-01", "2026-06-01")
    Traceback (most recent call last):
    ...
    ValueError: The service window from 2026-06-01 00:00:00 to 2026-06-01 00:00:00 has zero length; its end must come after its start
    """
    zones = _Zones()
    start = _timestamp("Service window start", window_start, zones=zones)
    end = _timestamp("Service window end", window_end, zones=zones)
    if end <= start:
        raise ValueError(f"The service window from {start} to {end} has zero length; "
                         f"its end must come after its start")
    frame = _table("outages", outages, ["start", "end"])
    spans = []
    for i, (s, e) in enumerate(zip(frame["start"], frame["end"]), start=1):
        s = _timestamp(f"Start of the outage in row {i}", s, zones=zones)
        e = _timestamp(f"End of the outage in row {i}", e, zones=zones)
        if e < s:
            raise ValueError(f"Outage in row {i} ends ({e}) before it starts ({s})")
        spans.append((s, e, i))
    ordered = sorted(spans)
    for (s1, e1, r1), (s2, e2, r2) in zip(ordered, ordered[1:]):
        if s2 < e1:
            first, second = sorted((r1, r2))
            raise ValueError(f"Outages in rows {first} and {second} overlap; merge them "
                             f"into one outage so that no minute is counted twice")
    window = (end - start).total_seconds() / 60
    down, counted = 0.0, 0
    for s, e, _ in spans:
        clipped = (min(e, end) - max(s, start)).total_seconds() / 60
        if clipped > 0:
            down += clipped
            counted += 1
    return Availability(percent=(window - down) / window * 100, downtime_minutes=down,
                        window_minutes=window, outages=counted)


def allowed_downtime(target_percent: float, period: str = "month") -> float:
    """Minutes of downtime an availability target allows in a period.

    ``allowed = (1 - target / 100) x minutes in the period``. A ``"month"``
    is 30 days (43,200 minutes), so 99.9 % allows 43.2 minutes; published
    tables that use an average month of 365/12 days quote 43.8 minutes
    (``period="average_month"``). A ``"year"`` is 365 days: 99.9 % allows
    525.6 minutes (8.76 hours). See :data:`PERIOD_MINUTES`. Published
    tables mix the two month conventions (devx.com, "Calculating
    Availability", 2017, uses 43.8 minutes for 99.9 % but 7.20 hours, a
    30-day month, for 99 %), so always say which month is meant.

    Parameters
    ----------
    target_percent : float
        The availability target, 0 to 100.
    period : {"day", "week", "month", "average_month", "year"}

    Examples
    --------
    >>> round(allowed_downtime(99.9), 1)
    43.2
    >>> round(allowed_downtime(99.9, "year") / 60, 2)
    8.76
    >>> round(allowed_downtime(99.99, "average_month"), 2)
    4.38
    >>> allowed_downtime(100.5)
    Traceback (most recent call last):
    ...
    ValueError: Availability target (target_percent) must be from 0 to 100 % (you entered 100.5)
    """
    target = check_number("Availability target (target_percent)", target_percent)
    if not 0 <= target <= 100:
        raise ValueError(f"Availability target (target_percent) must be from 0 to 100 % (you "
                         f"entered {shown(target)})")
    period = check_choice("period", period, PERIOD_MINUTES)
    # Rounded to 9 places: 100 - 99.9 is not exactly 0.1 in binary floating
    # point, and a learner should see 43.2, not 43.199999999995.
    return round((100 - target) / 100 * PERIOD_MINUTES[period], 9)


# --------------------------------------------------------------------------
# Defects and incidents
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class DefectDensity:
    """The result of :func:`defect_density`: ``value`` defects per ``per`` ``unit``."""

    defects: int
    size: float
    unit: str
    per: float
    value: float

    @property
    def words(self) -> str:
        """The density in plain words."""
        return f"{self.value:.2f} defects per {self.per:g} {self.unit}"


#: Size units :func:`defect_density` accepts.
SIZE_UNITS = ("KLOC", "function points")


def defect_density(defects: int, size: float, unit: str = "KLOC",
                   per: float = 1) -> DefectDensity:
    """Defect density: defects found per unit of size.

    ``density = defects / size x per``. Size is in thousands of lines of
    code (KLOC) or in function points; ``per`` scales the result (for
    example per 100 function points). Compare densities only between
    systems sized the same way, and over the same period after go-live.

    Examples
    --------
    >>> defect_density(41, 420, "function points", per=100).words
    '9.76 defects per 100 function points'
    >>> defect_density(12, 0)
    Traceback (most recent call last):
    ...
    ValueError: Size must be more than 0 KLOC (you entered 0.0)
    """
    defects = _count("Defects", defects)
    unit = check_choice("unit", unit, SIZE_UNITS)
    size = check_number("Size", size)
    if size <= 0:
        raise ValueError(f"Size must be more than 0 {unit} (you entered {size})")
    per = check_number("per", per)
    if per <= 0:
        raise ValueError(f"per must be more than 0 (you entered {per})")
    value = defects / size * per
    if not math.isfinite(value):
        raise ValueError(f"Defect density cannot be computed: the size is so small against per "
                         f"that the density overflows (you entered size {size:g} {unit} and "
                         f"per {per:g})")
    return DefectDensity(defects=defects, size=size, unit=unit, per=per, value=value)


def _incidents(incidents, zones: _Zones | None = None
               ) -> list[tuple[pd.Timestamp, pd.Timestamp | None, int]]:
    frame = _table("incidents", incidents, ["opened", "resolved"])
    zones = zones if zones is not None else _Zones()
    rows = []
    for i, (o, r) in enumerate(zip(frame["opened"], frame["resolved"]), start=1):
        o = _timestamp(f"Opened time of the incident in row {i}", o, zones=zones)
        r = _timestamp(f"Resolved time of the incident in row {i}", r, allow_missing=True,
                       zones=zones)
        if r is not None and r < o:
            raise ValueError(f"Incident in row {i} is resolved ({r}) before it was "
                             f"opened ({o})")
        rows.append((o, r, i))
    return rows


#: Period lengths :func:`defect_trend` accepts: day, week (Monday to Sunday), month.
TREND_FREQS = {"D": "day", "W": "week", "M": "month"}


def defect_trend(incidents, freq: str = "W", end=None) -> pd.DataFrame:
    """New, resolved and open defects per period after go-live.

    For each period (``"D"`` day, ``"W"`` week ending on Sunday, ``"M"``
    calendar month) from the first defect's period to ``end``'s:

    * ``new``: defects opened in the period;
    * ``resolved``: defects resolved in the period;
    * ``open``: defects opened by the period's end and not resolved by then
      (the backlog; equal to the running total of new minus resolved).

    Parameters
    ----------
    incidents : DataFrame or list of (opened, resolved) pairs
        ``resolved`` empty for defects still open.
    freq : {"D", "W", "M"}
    end : date-like, optional
        The last day to cover (default: the latest timestamp in the log).

    Returns
    -------
    DataFrame
        Indexed by ``period`` (pandas Periods), with ``start``, ``new``,
        ``resolved`` and ``open``.

    Examples
    --------
    >>> log = [("2026-06-01 09:00", "2026-06-02 10:00"), ("2026-06-03 09:00", None),
    ...        ("2026-06-09 09:00", "2026-06-10 17:00")]
    >>> defect_trend(log)[["new", "resolved", "open"]].to_dict("list")
    {'new': [2, 1], 'resolved': [1, 1], 'open': [1, 1]}
    """
    freq = check_choice("freq", freq, TREND_FREQS)
    zones = _Zones()
    rows = _incidents(incidents, zones)
    if not rows:
        raise ValueError("incidents is empty: there is no defect to show a trend of")
    opened = pd.Series([o for o, _, _ in rows])
    resolved = pd.Series([r for _, r, _ in rows if r is not None], dtype="datetime64[ns]")
    last = max([o for o, _, _ in rows] + list(resolved))
    if end is not None:
        last = _timestamp("end", end, zones=zones)
        if last < opened.min():
            raise ValueError(f"end ({last}) is before the first defect was opened "
                             f"({opened.min()})")
    periods = pd.period_range(opened.min().to_period(freq), last.to_period(freq), freq=freq)
    new = opened.dt.to_period(freq).value_counts().reindex(periods, fill_value=0)
    done = resolved[resolved <= last].dt.to_period(freq).value_counts() \
        .reindex(periods, fill_value=0)
    table = pd.DataFrame({"start": periods.start_time, "new": new.to_numpy(),
                          "resolved": done.to_numpy()},
                         index=pd.PeriodIndex(periods, name="period"))
    table["open"] = (table["new"].cumsum() - table["resolved"].cumsum()).astype(int)
    return table


@dataclass(frozen=True)
class Mttr:
    """The result of :func:`mttr`.

    Attributes
    ----------
    hours : float
        Mean time to restore, over the resolved incidents.
    resolved : int
        Incidents counted.
    unresolved : int
        Incidents still open, left out of the mean.
    """

    hours: float
    resolved: int
    unresolved: int

    @property
    def words(self) -> str:
        """MTTR in plain words."""
        text = f"{self.hours:.1f} hours on average over {self.resolved} resolved incidents"
        if self.unresolved:
            text += f"; {self.unresolved} still open and not counted"
        return text


def mttr(incidents) -> Mttr:
    """Mean time to restore service (MTTR), in hours, from an incident log.

    ``MTTR = sum of (resolved - opened) / number of resolved incidents``.
    Here *R* means **restore**: an incident counts as resolved when the
    service works again for the user (ITIL's incident resolution), not when
    the root cause is removed (that is problem management; "mean time to
    resolve" sometimes includes it). MTTR is also used for repair, recovery
    and respond, so say which one a report means. Incidents still open
    (no resolved time) are left out and counted in ``unresolved``; an
    average over resolved incidents only flatters a team with a long open
    backlog, so report both. The clock starts when the incident is logged
    (``opened``), so a failure reported late looks quicker to fix than it
    was; where the log holds defects of every severity, the figure is
    closer to a mean time to *resolve*.

    Examples
    --------
    >>> m = mttr([("2026-06-01 09:00", "2026-06-01 13:00"),
    ...           ("2026-06-02 09:00", "2026-06-03 11:00"), ("2026-06-05 10:00", None)])
    >>> m.hours, m.resolved, m.unresolved
    (15.0, 2, 1)
    >>> mttr([("2026-06-01 09:00", "2026-06-01 08:00")])
    Traceback (most recent call last):
    ...
    ValueError: Incident in row 1 is resolved (2026-06-01 08:00:00) before it was opened (2026-06-01 09:00:00)
    """
    rows = _incidents(incidents)
    times = [(r - o).total_seconds() / 3600 for o, r, _ in rows if r is not None]
    if not times:
        raise ValueError("No incident in the log has been resolved yet, so MTTR is "
                         "undefined; there is no number to report")
    return Mttr(hours=float(np.mean(times)), resolved=len(times),
                unresolved=len(rows) - len(times))


# --------------------------------------------------------------------------
# Adoption
# --------------------------------------------------------------------------

def adoption_rate(active: int, intended: int) -> float:
    """User adoption: ``active users / intended users x 100``.

    *Active* needs a definition agreed in advance (here: did real work in
    the system in the period, not merely logged in once).

    Examples
    --------
    >>> adoption_rate(123, 150)
    82.0
    >>> adoption_rate(160, 150)
    Traceback (most recent call last):
    ...
    ValueError: Active users (160) cannot be more than intended users (150)
    """
    active = _count("Active users", active)
    intended = _count("Intended users", intended)
    if intended == 0:
        raise ValueError("Intended users must be at least 1 (you entered 0)")
    if active > intended:
        raise ValueError(f"Active users ({active}) cannot be more than intended "
                         f"users ({intended})")
    return active / intended * 100


def adoption_over_time(log) -> pd.DataFrame:
    """Adoption per period from a log of active and intended users.

    Parameters
    ----------
    log : DataFrame
        Columns ``month`` (or ``period``), ``active`` and ``intended``, one
        row per period.

    Returns
    -------
    DataFrame
        The period, ``active``, ``intended`` and ``percent``
        (:func:`adoption_rate` of each row).

    Examples
    --------
    >>> log = pd.DataFrame({"month": ["2026-05", "2026-06"], "active": [110, 123],
    ...                     "intended": [140, 150]})
    >>> adoption_over_time(log)["percent"].round(1).tolist()
    [78.6, 82.0]
    """
    if not isinstance(log, pd.DataFrame):
        raise TypeError(f"log must be a DataFrame with columns month, active and intended, "
                        f"got {type(log).__name__}")
    if "month" not in log.columns and "period" not in log.columns:
        raise ValueError(f"log needs a column 'month' (or 'period'); it has "
                         f"{', '.join(map(repr, map(str, log.columns))) or 'none'}")
    key = "month" if "month" in log.columns else "period"
    frame = _table("log", log, [key, "active", "intended"])
    if frame.empty:
        raise ValueError("log is empty: give at least one period")
    seen: dict[object, int] = {}
    for i, when in enumerate(frame[key].tolist(), start=1):
        when = _period_of(key, when, i)
        if when in seen:
            raise ValueError(f"Rows {seen[when]} and {i} of log are for the same {key} "
                             f"({frame[key].iloc[i - 1]!s}); give one row per {key}")
        seen[when] = i
    percents = []
    for i, (a, n) in enumerate(zip(frame["active"], frame["intended"]), start=1):
        try:
            percents.append(adoption_rate(a, n))
        except (TypeError, ValueError) as err:
            raise type(err)(f"Row {i} of log ({frame[key].iloc[i - 1]}): {err}") from None
    out = frame[[key, "active", "intended"]].copy()
    out["percent"] = percents
    return out.reset_index(drop=True)


def _period_of(key: str, value: object, row: int) -> object:
    """A month (or period) of an adoption log, checked: not missing; a month readable
    as one ('2026-06')."""
    missing = value is None or value is pd.NA or value is pd.NaT or (
        isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not value.strip())
    if missing:
        raise ValueError(f"Row {row} of log has no {key} (you entered {value!r})")
    if key != "month":
        return value
    if isinstance(value, (bool, numbers.Number)):
        raise ValueError(f"Row {row} of log: month must be a month such as '2026-06' "
                         f"(you entered {value!r})")
    try:
        return pd.Period(value, freq="M")
    except (TypeError, ValueError):
        raise ValueError(f"Row {row} of log: month must be a month such as '2026-06' "
                         f"(you entered {value!r})") from None


# --------------------------------------------------------------------------
# Satisfaction
# --------------------------------------------------------------------------

def _scores(values, low: int, high: int, label: str) -> np.ndarray:
    """Whole-number survey answers from ``low`` to ``high``, as an int array.

    ``label`` names the scores as the learner knows them ("NPS score").
    """
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise TypeError(f"{label}s must be a list of whole numbers (you entered "
                        f"{type(values).__name__} {_brief(values)})")
    items = list(values)
    if not items:
        raise ValueError(f"{label}s: the list is empty, so there are no responses to score")
    out = []
    for i, v in enumerate(items, start=1):
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise TypeError(f"{label} in response {i} must be a whole number from {low} to {high} "
                            f"(you entered {shown(v)})")
        f = to_float(v)
        if not math.isfinite(f) or not f.is_integer() or not low <= f <= high:
            given = v if not isinstance(v, np.generic) else v.item()
            raise ValueError(f"{label} in response {i} must be a whole number from {low} to {high} "
                             f"(you entered {shown(given)})")
        out.append(int(f))
    return np.asarray(out, dtype=int)


def csat(scores, scale: int = 5, satisfied_from: int = 4) -> float:
    """Customer (here: user) satisfaction score, CSAT: the top-box share.

    ``CSAT = responses of satisfied_from or more / all responses x 100``.
    On the usual 1-5 scale that is the *top-two-box* share: the 4s and 5s.
    A 3 counts against the score, like a 1. Some tools average the answers
    instead; that is a different number, so say which one a report uses.

    Parameters
    ----------
    scores : sequence of int
        Answers from 1 to ``scale``.
    scale : int, default 5
    satisfied_from : int, default 4
        The lowest answer that counts as satisfied (1 to ``scale``).

    Examples
    --------
    >>> csat([5, 4, 4, 3, 2])
    60.0
    >>> csat([5, 6])
    Traceback (most recent call last):
    ...
    ValueError: CSAT score in response 2 must be a whole number from 1 to 5 (you entered 6)
    """
    scale = check_int("scale", scale, minimum=2, maximum=100)
    satisfied_from = check_int("satisfied_from", satisfied_from, minimum=1, maximum=scale)
    answers = _scores(scores, 1, scale, "CSAT score")
    return float(np.mean(answers >= satisfied_from) * 100)


@dataclass(frozen=True)
class NpsBreakdown:
    """Counts and shares behind a Net Promoter Score (see :func:`nps_breakdown`)."""

    responses: int
    promoters: int
    passives: int
    detractors: int
    promoters_percent: float
    passives_percent: float
    detractors_percent: float
    nps: float


def nps_breakdown(scores) -> NpsBreakdown:
    """Promoters (9-10), passives (7-8) and detractors (0-6) among raw 0-10 answers.

    ``NPS = % promoters - % detractors``, from -100 to +100; passives count
    in the total but in neither group (Reichheld, 2003).

    Examples
    --------
    >>> b = nps_breakdown([10, 9, 9, 8, 7, 6, 3, 10])
    >>> b.promoters, b.passives, b.detractors, b.nps
    (4, 2, 2, 25.0)
    """
    answers = _scores(scores, 0, 10, "NPS score")
    n = answers.size
    pro = int(np.sum(answers >= 9))
    det = int(np.sum(answers <= 6))
    pas = n - pro - det
    return NpsBreakdown(responses=n, promoters=pro, passives=pas, detractors=det,
                        promoters_percent=pro / n * 100, passives_percent=pas / n * 100,
                        detractors_percent=det / n * 100, nps=(pro - det) / n * 100)


def nps(scores) -> float:
    """Net Promoter Score from raw whole-number answers from 0 to 10.

    ``NPS = % promoters (9-10) - % detractors (0-6)``, a number from -100 to
    +100 (not a percentage). The question is how likely someone is to
    recommend the service to a friend or colleague.

    References
    ----------
    F. F. Reichheld, "The One Number You Need to Grow", Harvard Business
    Review 81(12), December 2003; Bain & Company, "Net Promoter System".

    Examples
    --------
    >>> nps([10, 9, 9, 8, 7, 6, 3, 10])
    25.0
    >>> nps([10, 11])
    Traceback (most recent call last):
    ...
    ValueError: NPS score in response 2 must be a whole number from 0 to 10 (you entered 11)
    >>> nps([9, 7.5])
    Traceback (most recent call last):
    ...
    ValueError: NPS score in response 2 must be a whole number from 0 to 10 (you entered 7.5)
    """
    return nps_breakdown(scores).nps
