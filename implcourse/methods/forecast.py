"""Agile release forecasts from a velocity range, and burndown / burnup series.

An agile team forecasts a release from two numbers it has measured: the size
of what is left in the product backlog (in story points) and its velocity
(points finished per sprint). Because velocity varies, the forecast uses a
*range* of velocities, a low one the team almost always reaches and a high
one it reaches on a good run, and it answers with a range, not a date.

Two questions, after Cohn (2005), ch. 13 "Release Planning Essentials" and
ch. 16 "Estimating Velocity", and his "fixed-date" and "fixed-scope" plans:

* **Fixed scope** ("when will all of this be done?"),
  :func:`release_forecast`: sprints needed = ceil(backlog / velocity), at the
  high velocity (the fewest sprints) and at the low velocity (the most).
  A part-filled sprint still takes a whole sprint, hence the ceiling.
* **Fixed date** ("how much will we have by then?"), :func:`fits_by`: in
  *n* sprints the team will almost certainly finish n x low points (**will
  have**), may finish up to n x high points (the band between is **might
  have**), and the rest of the backlog will not fit (**won't have**).
  :func:`partition_backlog` sorts the items of an ordered backlog into the
  three groups: an item that crosses a line goes to the less certain group.

Conventions, stated once:

* Story points and velocities may be fractions; sprints are whole sprints.
* A velocity of zero means "never": :func:`release_forecast` refuses it with
  a :class:`ValueError` (no finite number of sprints finishes a non-empty
  backlog), while :func:`fits_by` accepts it (nothing fits).
* A sprint's scope change (:func:`burndown`, :func:`burnup`) is counted at
  the end of that sprint, after the work done in it, as the sprint review
  adds or removes stories. Work done in a sprint is capped at what remained
  at its start: once the backlog is empty, unused velocity is lost.

References
----------
.. [1] Cohn, M. (2005). *Agile Estimating and Planning*. Prentice Hall.
   Ch. 13 (release planning), ch. 16 (velocity as a range), ch. 19
   (monitoring the release plan: release burndown charts, scope changes).
.. [2] Cohn, M. (2012). "Advanced Agile Planning", slides, Norwegian
   Developers Conference, 6 June 2012: with five iterations left and a
   velocity range of 34 to 41, 5 x 34 = 170 points will almost certainly be
   done and 5 x 41 = 205 is the most to expect.

Examples
--------
>>> f = release_forecast(120, 15, 20)
>>> f.fewest_sprints, f.most_sprints
(6, 8)
>>> d = fits_by(5, 34, 41)
>>> d.will_have, d.at_most
(170.0, 205.0)
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..limits import MAX_ROWS
from ..validation import check_finite, shown

__all__ = ["ReleaseForecast", "FixedDateForecast", "release_forecast", "fits_by",
           "partition_backlog", "simulate_velocities", "burndown", "burnup",
           "CATEGORIES"]

#: The three groups of a fixed-date forecast, most certain first.
CATEGORIES = ("Will have", "Might have", "Won't have")

#: Tolerance for floating-point division before a ceiling (0.7 / 0.1 is 6.999...).
_EPS = 1e-9

#: Most sprints a forecast counts (about 190 years of two-week sprints): far
#: beyond any release, and small enough that every date stays in the calendar.
_MAX_SPRINTS = 5_000
#: Largest velocity :func:`simulate_velocities` draws from (whole points must fit
#: the random generator's integers).
_MAX_DRAWN_VELOCITY = 1_000_000_000


# --------------------------------------------------------------------------
# Checks that speak the learner's words (shared by the methods modules)
# --------------------------------------------------------------------------

def _shown(value: object) -> str:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float
            return shown(value)
        return f"{number:g}".replace("-", "\u2212") if math.isfinite(number) else str(number)
    return shown(value)


def _in_code(code: str | None) -> str:
    """The parameter's Python name, added to a message written in the learner's words.

    A widget shows the learner's words (its label); someone calling the function
    in code needs the parameter's name, so both are given.
    """
    return f" (parameter {code})" if code else ""


def _number(label: str, value: object, *, minimum: float | None = 0.0,
            maximum: float | None = None, unit: str = "", code: str | None = None) -> float:
    """``value`` as a finite float, or an error naming ``label`` and the bad value.

    Examples
    --------
    >>> _number("Velocity (low)", -3, code="velocity_low")
    Traceback (most recent call last):
    ...
    ValueError: Velocity (low) cannot be negative (you entered \u22123) (parameter velocity_low)
    """
    tag = _in_code(code)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{label} must be a number (you entered {shown(value)}){tag}")
    try:
        value = float(value)
    except OverflowError:  # an integer too large for a float
        value = math.inf
    if not math.isfinite(value):
        raise ValueError(f"{label} must be an ordinary number (you entered {value}){tag}")
    suffix = f" {unit}" if unit else ""
    if minimum is not None and value < minimum:
        if minimum == 0:
            raise ValueError(f"{label} cannot be negative (you entered {_shown(value)}){tag}")
        raise ValueError(f"{label} must be at least {_shown(minimum)}{suffix} "
                         f"(you entered {_shown(value)}){tag}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{label} cannot be more than {_shown(maximum)}{suffix} "
                         f"(you entered {_shown(value)}){tag}")
    return value


def _whole(label: str, value: object, *, minimum: int | None = 0,
           maximum: int | None = None, code: str | None = None) -> int:
    """``value`` as an int, or an error naming ``label`` and the bad value.

    Examples
    --------
    >>> _whole("Sprints", 2.5, code="sprints")
    Traceback (most recent call last):
    ...
    TypeError: Sprints must be a whole number (you entered 2.5) (parameter sprints)
    """
    tag = _in_code(code)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{label} must be a whole number (you entered {shown(value)}){tag}")
    value = int(value)
    if minimum is not None and value < minimum:
        if minimum == 0:
            raise ValueError(f"{label} cannot be negative (you entered {_shown(value)}){tag}")
        raise ValueError(f"{label} must be at least {minimum} (you entered {_shown(value)}){tag}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{label} cannot be more than {maximum} (you entered "
                         f"{_shown(value)}){tag}")
    return value


#: Most values in one list of story points or sprints (a backlog of a few
#: hundred items is already large; this keeps a pasted column from hanging a tool).
MAX_ITEMS = MAX_ROWS


def _numbers(label: str, values: object, *, allow_negative: bool = False,
             code: str | None = None) -> np.ndarray:
    """A sequence of finite numbers as a float array (sprint ``i`` named in errors)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable) or isinstance(
            values, (set, frozenset, Mapping)):
        raise TypeError(f"{label} must be a list of numbers, one per sprint "
                        f"(you entered {shown(values)}){_in_code(code)}")
    if isinstance(values, (pd.DataFrame, np.ndarray)) and np.ndim(values) != 1:
        raise TypeError(f"{label} must be a flat list of numbers, one per sprint "
                        f"(you entered a table of shape {np.shape(values)}){_in_code(code)}")
    items = list(values)
    if len(items) > MAX_ITEMS:
        raise ValueError(f"{label} holds {len(items):,} values; the most is {MAX_ITEMS:,}"
                         f"{_in_code(code)}")
    out = np.empty(len(items))
    for i, item in enumerate(items):
        out[i] = _number(f"{label}, sprint {i + 1}", item,
                         minimum=None if allow_negative else 0.0,
                         code=f"{code}[{i}]" if code else None)
    return out


def _range(low: object, high: object) -> tuple[float, float]:
    low = _number("Velocity (low)", low, code="velocity_low")
    high = _number("Velocity (high)", high, code="velocity_high")
    if low > high:
        raise ValueError(f"Velocity (low) cannot be more than velocity (high) "
                         f"(you entered {_shown(low)} and {_shown(high)}) (parameters "
                         f"velocity_low and velocity_high)")
    return low, high


def _sprints_for(backlog: float, velocity: float) -> int:
    if backlog <= 0:
        return 0
    ratio = backlog / velocity
    if not ratio <= _MAX_SPRINTS:  # also catches an overflow to inf
        raise ValueError(f"A backlog of {_shown(backlog)} points at {_shown(velocity)} points "
                         f"per sprint needs more than {_MAX_SPRINTS:,} sprints: check the "
                         f"backlog and the velocity (parameters backlog, velocity_low and "
                         f"velocity_high)")
    return math.ceil(ratio - _EPS)


# --------------------------------------------------------------------------
# Fixed scope: how many sprints?
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class ReleaseForecast:
    """A fixed-scope forecast: the range of sprints that finishes the backlog.

    Attributes
    ----------
    backlog : float
        Story points left.
    velocity_low, velocity_high : float
        The velocity range (points per sprint).
    fewest_sprints : int
        ceil(backlog / velocity_high): the best case.
    most_sprints : int
        ceil(backlog / velocity_low): the case to plan a commitment on.
    sprint_length_days : int
        Calendar days per sprint.
    start : datetime.date or None
        The first day of the first sprint, if given.
    """

    backlog: float
    velocity_low: float
    velocity_high: float
    fewest_sprints: int
    most_sprints: int
    sprint_length_days: int
    start: _dt.date | None = None

    def finish(self, sprints: int) -> _dt.date | None:
        """The last calendar day of sprint number ``sprints`` (None without a start).

        Examples
        --------
        >>> f = release_forecast(60, 20, 30, sprint_length_days=14, start="2026-01-05")
        >>> f.finish(f.most_sprints)
        datetime.date(2026, 2, 15)
        """
        sprints = _whole("Sprints", sprints, maximum=_MAX_SPRINTS, code="sprints")
        if self.start is None:
            return None
        if sprints == 0:
            return self.start
        try:
            return self.start + _dt.timedelta(days=sprints * self.sprint_length_days - 1)
        except OverflowError:  # past the year 9999
            raise ValueError(f"Sprint {sprints} from {self.start.isoformat()} ends after the "
                             f"year 9999, the last date the calendar can show (parameter "
                             f"sprints)") from None

    @property
    def earliest_finish(self) -> _dt.date | None:
        """The last day of the last sprint at the high velocity."""
        return self.finish(self.fewest_sprints)

    @property
    def latest_finish(self) -> _dt.date | None:
        """The last day of the last sprint at the low velocity."""
        return self.finish(self.most_sprints)

    def as_frame(self) -> pd.DataFrame:
        """The two ends of the forecast as a table with human column names.

        Examples
        --------
        >>> release_forecast(120, 15, 20).as_frame()["Sprints needed"].tolist()
        [6, 8]
        """
        rows = []
        for case, velocity, sprints in (("High velocity (best case)", self.velocity_high,
                                         self.fewest_sprints),
                                        ("Low velocity (plan on this)", self.velocity_low,
                                         self.most_sprints)):
            rows.append({"Case": case, "Velocity (points per sprint)": velocity,
                         "Sprints needed": sprints,
                         "Calendar days": sprints * self.sprint_length_days,
                         "Last day": self.finish(sprints)})
        return pd.DataFrame(rows)

    def summary(self) -> str:
        """One sentence in words.

        Examples
        --------
        >>> release_forecast(120, 15, 20).summary()
        '120 points at 15 to 20 points per sprint take 6 to 8 sprints (84 to 112 days).'
        """
        d = self.sprint_length_days
        return (f"{self.backlog:g} points at {self.velocity_low:g} to {self.velocity_high:g} "
                f"points per sprint take {self.fewest_sprints} to {self.most_sprints} sprints "
                f"({self.fewest_sprints * d} to {self.most_sprints * d} days).")


def _date(value: object) -> _dt.date | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        raise ValueError(f"Start date must be a date such as 2026-01-05 (you entered "
                         f"{shown(value)}) (parameter start)")
    raise TypeError(f"Start date must be a date such as 2026-01-05 (you entered {shown(value)}) "
                    f"(parameter start)")


def release_forecast(backlog: float, velocity_low: float, velocity_high: float, *,
                     sprint_length_days: int = 14,
                     start: _dt.date | str | None = None) -> ReleaseForecast:
    """How many sprints finish the backlog, at the low and at the high velocity.

    .. math::

        n_\\text{fewest} = \\lceil B / v_\\text{high} \\rceil, \\qquad
        n_\\text{most} = \\lceil B / v_\\text{low} \\rceil

    Cohn's fixed-scope plan (2005, ch. 13 and 16): divide the backlog by each
    end of the velocity range and give the answer as a range of sprints.

    Parameters
    ----------
    backlog : float
        Story points still to do (0 or more).
    velocity_low, velocity_high : float
        Points per sprint, both above 0, low not above high. A velocity of 0
        would never finish, and is refused (see the module notes).
    sprint_length_days : int, default 14
        Calendar days per sprint (1 to 60).
    start : datetime.date or ISO date string, optional
        First day of the first sprint; gives the forecast's calendar dates.

    Returns
    -------
    ReleaseForecast

    Raises
    ------
    ValueError
        A negative backlog or velocity, a zero velocity, or low above high.

    Examples
    --------
    A backlog of 120 points and a velocity of 15 to 20 points per sprint
    (the fixed-scope example of a summary of Cohn's method):

    >>> f = release_forecast(120, 15, 20, sprint_length_days=14, start="2026-01-05")
    >>> f.fewest_sprints, f.most_sprints
    (6, 8)
    >>> f.earliest_finish.isoformat(), f.latest_finish.isoformat()
    ('2026-03-29', '2026-04-26')
    >>> release_forecast(121, 15, 20).most_sprints   # one point more: a ninth sprint
    9
    >>> release_forecast(100, 0, 20)
    Traceback (most recent call last):
    ...
    ValueError: Velocity (low) of 0 points per sprint never finishes the backlog: enter a velocity above 0 (parameter velocity_low)
    """
    backlog = _number("Backlog", backlog, code="backlog")
    low, high = _range(velocity_low, velocity_high)
    for label, code, v in (("Velocity (low)", "velocity_low", low),
                           ("Velocity (high)", "velocity_high", high)):
        if v == 0:
            raise ValueError(f"{label} of 0 points per sprint never finishes the backlog: "
                             f"enter a velocity above 0 (parameter {code})")
    length = _whole("Sprint length (days)", sprint_length_days, minimum=1, maximum=60,
                    code="sprint_length_days")
    return ReleaseForecast(backlog=backlog, velocity_low=low, velocity_high=high,
                           fewest_sprints=_sprints_for(backlog, high),
                           most_sprints=_sprints_for(backlog, low),
                           sprint_length_days=length, start=_date(start))


# --------------------------------------------------------------------------
# Fixed date: how much fits?
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class FixedDateForecast:
    """A fixed-date forecast: how many points fit in a number of sprints.

    Attributes
    ----------
    sprints : int
    velocity_low, velocity_high : float
    will_have : float
        sprints x velocity_low (capped at the backlog, when one is given).
    at_most : float
        sprints x velocity_high (capped likewise).
    backlog : float or None
        The backlog's size, if given.
    """

    sprints: int
    velocity_low: float
    velocity_high: float
    will_have: float
    at_most: float
    backlog: float | None = None

    @property
    def might_have(self) -> float:
        """The band between the two lines: at_most - will_have."""
        return self.at_most - self.will_have

    @property
    def wont_have(self) -> float | None:
        """The part of the backlog beyond the high line (None without a backlog)."""
        return None if self.backlog is None else self.backlog - self.at_most

    def as_frame(self) -> pd.DataFrame:
        """Will / might / won't have, in points (and as shares of the backlog, if given).

        Examples
        --------
        >>> fits_by(5, 34, 41, backlog=250).as_frame()["Points"].tolist()
        [170.0, 35.0, 45.0]
        """
        points = [self.will_have, self.might_have]
        names = list(CATEGORIES[:2])
        if self.backlog is not None:
            points.append(self.wont_have)
            names.append(CATEGORIES[2])
        frame = pd.DataFrame({"Group": names, "Points": points})
        if self.backlog:
            frame["Share of backlog"] = frame["Points"] / self.backlog
        return frame


def fits_by(sprints: int, velocity_low: float, velocity_high: float, *,
            backlog: float | None = None) -> FixedDateForecast:
    """How much of the backlog fits in ``sprints`` sprints: will, might, won't have.

    .. math::

        \\text{will have} = n\\,v_\\text{low}, \\qquad
        \\text{at most} = n\\,v_\\text{high}

    Cohn's fixed-date plan: the team will almost certainly finish the first
    n x low points of the ordered backlog, might finish up to n x high, and
    will not finish the rest. A velocity of 0 is allowed here (nothing fits).

    Parameters
    ----------
    sprints : int
        Whole sprints until the date (0 or more).
    velocity_low, velocity_high : float
        The velocity range, points per sprint (0 or more, low not above high).
    backlog : float, optional
        The backlog's size in points: caps both lines and gives "won't have".

    Examples
    --------
    Cohn (2012), "Advanced Agile Planning", slide 9: five iterations left and a
    velocity range of 34 to 41 points:

    >>> f = fits_by(5, 34, 41)
    >>> f.will_have, f.might_have, f.at_most
    (170.0, 35.0, 205.0)
    >>> fits_by(5, 34, 41, backlog=180).wont_have
    0.0
    """
    sprints = _whole("Sprints", sprints, maximum=_MAX_SPRINTS, code="sprints")
    low, high = _range(velocity_low, velocity_high)
    will, most = sprints * low, sprints * high
    check_finite("The points that fit (sprints x velocity_high)", most)
    if backlog is not None:
        backlog = _number("Backlog", backlog, code="backlog")
        will, most = min(will, backlog), min(most, backlog)
    return FixedDateForecast(sprints=sprints, velocity_low=low, velocity_high=high,
                             will_have=will, at_most=most, backlog=backlog)


def partition_backlog(sizes: Sequence[float], sprints: int, velocity_low: float,
                      velocity_high: float, *, names: Sequence[str] | None = None
                      ) -> pd.DataFrame:
    """Sort an ordered backlog's items into will have / might have / won't have.

    Walk the backlog in priority order, adding up the sizes. An item whose
    running total is at most sprints x low is *will have*; at most
    sprints x high, *might have*; beyond, *won't have*. An item that crosses a
    line falls on the less certain side.

    Parameters
    ----------
    sizes : sequence of float
        Each item's story points, highest priority first.
    sprints, velocity_low, velocity_high
        As in :func:`fits_by`.
    names : sequence of str, optional
        The items' names (default "Item 1", "Item 2", ...).

    Returns
    -------
    DataFrame
        Columns "Item", "Size (points)", "Running total (points)", "Group".

    Examples
    --------
    >>> frame = partition_backlog([8, 5, 5, 3, 8, 13], 2, 8, 12)
    >>> frame["Group"].tolist()
    ['Will have', 'Will have', 'Might have', 'Might have', "Won't have", "Won't have"]
    """
    forecast = fits_by(sprints, velocity_low, velocity_high)
    values = _numbers("Story points", sizes, code="sizes")
    if names is None:
        labels = [f"Item {i + 1}" for i in range(values.size)]
    else:
        if isinstance(names, (str, bytes)) or not isinstance(names, Iterable):
            raise TypeError(f"Item names must be a list of names (you entered {shown(names)}) "
                            f"(parameter names)")
        labels = [str(n) for n in names]
        if len(labels) != values.size:
            raise ValueError(f"Item names must be one per item: {values.size} sizes but "
                             f"{len(labels)} names (parameters sizes and names)")
    running = np.cumsum(values)
    group = np.where(running <= forecast.will_have + _EPS, CATEGORIES[0],
                     np.where(running <= forecast.at_most + _EPS, CATEGORIES[1], CATEGORIES[2]))
    return pd.DataFrame({"Item": labels, "Size (points)": values,
                         "Running total (points)": running, "Group": group})


# --------------------------------------------------------------------------
# Burndown and burnup
# --------------------------------------------------------------------------

def simulate_velocities(sprints: int, velocity_low: float, velocity_high: float, *,
                        seed: int) -> np.ndarray:
    """Synthetic sprint velocities: whole points drawn uniformly from the range.

    A teaching device for burndown charts, not a model of a real team: each
    sprint's velocity is drawn independently and with equal chance from the
    whole numbers between ``velocity_low`` (rounded up) and ``velocity_high``
    (rounded down). The same seed gives the same velocities.

    Examples
    --------
    >>> v = simulate_velocities(6, 15, 20, seed=1)
    >>> len(v), bool(((v >= 15) & (v <= 20)).all())
    (6, True)
    >>> bool((v == simulate_velocities(6, 15, 20, seed=1)).all())
    True
    """
    sprints = _whole("Sprints", sprints, maximum=500, code="sprints")
    low, high = _range(velocity_low, velocity_high)
    if high > _MAX_DRAWN_VELOCITY:
        raise ValueError(f"Velocity (high) cannot be more than {_MAX_DRAWN_VELOCITY:,} points "
                         f"per sprint for drawn velocities (you entered {_shown(high)}) "
                         f"(parameter velocity_high)")
    lo, hi = math.ceil(low - _EPS), math.floor(high + _EPS)
    if lo > hi:
        raise ValueError(f"The velocity range {_shown(low)} to {_shown(high)} holds no whole "
                         f"number of points: widen it (parameters velocity_low and "
                         f"velocity_high)")
    seed = _whole("Seed", seed, code="seed")
    return np.random.default_rng(seed).integers(lo, hi + 1, size=sprints).astype(float)


def _progress(backlog, completed_per_sprint, scope_added):
    backlog = _number("Backlog", backlog, code="backlog")
    velocity = _numbers("Completed per sprint", completed_per_sprint, code="completed_per_sprint")
    if scope_added is None:
        added = np.zeros(velocity.size)
    else:
        added = _numbers("Scope change", scope_added, allow_negative=True, code="scope_added")
        if added.size != velocity.size:
            raise ValueError(f"Scope change must have one value per sprint: {velocity.size} "
                             f"sprints of work but {added.size} scope changes (parameters "
                             f"completed_per_sprint and scope_added)")
    done = np.zeros(velocity.size)
    remaining = np.empty(velocity.size + 1)
    remaining[0] = backlog
    # A short loop over sprints (tens): each sprint's work depends on what is left.
    for i in range(velocity.size):
        done[i] = min(velocity[i], remaining[i])
        after = remaining[i] - done[i] + added[i]
        if after < -_EPS:
            raise ValueError(f"Scope change, sprint {i + 1}: removing {_shown(-added[i])} points "
                             f"is more than the {_shown(remaining[i] - done[i])} points left "
                             f"(parameter scope_added[{i}])")
        remaining[i + 1] = max(after, 0.0)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused just below
        scope = backlog + np.cumsum(added)
    check_finite("The points remaining", remaining)
    check_finite("The total scope (backlog plus scope_added)", scope)
    return backlog, done, added, remaining


def burndown(backlog: float, completed_per_sprint: Sequence[float],
             scope_added: Sequence[float] | None = None) -> pd.DataFrame:
    """A release burndown: the points still to do after each sprint.

    ``remaining[0] = backlog`` and, for sprint i,
    ``done[i] = min(completed[i], remaining[i-1])`` and
    ``remaining[i] = remaining[i-1] - done[i] + scope_change[i]``
    (the scope change counted at the end of the sprint; see the module notes).
    Cohn (2005, ch. 19) draws the same numbers as a release burndown chart.

    Parameters
    ----------
    backlog : float
        Story points at the start.
    completed_per_sprint : sequence of float
        Points the team finishes in each sprint (its velocity), 0 or more.
        Given, or drawn with :func:`simulate_velocities`.
    scope_added : sequence of float, optional
        Points added to the backlog in each sprint (negative: removed).

    Returns
    -------
    DataFrame
        One row per sprint, starting with sprint 0 (the start): "Sprint",
        "Completed (points)", "Scope change (points)", "Remaining (points)".

    Examples
    --------
    >>> frame = burndown(100, [20, 25, 20], scope_added=[0, 10, 0])
    >>> frame["Remaining (points)"].tolist()
    [100.0, 80.0, 65.0, 45.0]
    >>> burndown(30, [20, 20])["Completed (points)"].tolist()   # the last sprint is capped
    [0.0, 20.0, 10.0]
    """
    _, done, added, remaining = _progress(backlog, completed_per_sprint, scope_added)
    return pd.DataFrame({"Sprint": np.arange(done.size + 1),
                         "Completed (points)": np.concatenate([[0.0], done]),
                         "Scope change (points)": np.concatenate([[0.0], added]),
                         "Remaining (points)": remaining})


def burnup(backlog: float, completed_per_sprint: Sequence[float],
           scope_added: Sequence[float] | None = None) -> pd.DataFrame:
    """A release burnup: work done so far and the total scope, after each sprint.

    The same sprints as :func:`burndown`, drawn the other way up: the done
    line climbs towards the scope line, and a change of scope moves the scope
    line instead of hiding inside the remaining work. Always
    ``Scope - Done = Remaining`` of the burndown.

    Returns
    -------
    DataFrame
        "Sprint", "Done (points)" (cumulative), "Scope (points)".

    Examples
    --------
    >>> frame = burnup(100, [20, 25, 20], scope_added=[0, 10, 0])
    >>> frame["Done (points)"].tolist(), frame["Scope (points)"].tolist()
    ([0.0, 20.0, 45.0, 65.0], [100.0, 100.0, 110.0, 110.0])
    """
    backlog, done, added, _ = _progress(backlog, completed_per_sprint, scope_added)
    return pd.DataFrame({"Sprint": np.arange(done.size + 1),
                         "Done (points)": np.concatenate([[0.0], np.cumsum(done)]),
                         "Scope (points)": backlog + np.concatenate([[0.0], np.cumsum(added)])})
