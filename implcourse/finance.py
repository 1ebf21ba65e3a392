"""Business-case arithmetic: ROI, NPV, IRR, payback, benefit-cost ratio, TCO.

Conventions, stated once and used everywhere:

* Rates and returns are fractions: 0.1 is 10 %.
* A cash-flow series is one amount per period, **``cashflows[0]`` at t = 0**
  (today, not discounted), ``cashflows[1]`` one period later, and so on.
  Costs are negative, benefits positive. This is numpy-financial's
  convention; spreadsheets differ (see :func:`spreadsheet_npv`).
* :func:`npv`, :func:`irr`, :func:`payback_period` and
  :func:`discounted_payback_period` also take a 2-D array, one series per
  row, and return one result per row (for Monte Carlo business cases).
* An IRR is always a true root of the NPV (see :data:`IRR_TOLERANCE`);
  where a series has several, :func:`irr` picks one by a documented rule,
  and :func:`irr_all` and :func:`npv_profile` show them all.
* Limits (:mod:`implcourse.limits`): at most ``MAX_PERIODS`` periods per
  series and ``MAX_SIMULATION_CELLS`` amounts in a 2-D array, refused
  before any work. A result that would overflow (amounts near 1e308, or a
  rate near -100 % over a long horizon) is refused with a ValueError, never
  returned as infinity or NaN; the documented exceptions are a NaN IRR for
  a row of a 2-D array that has none, and an infinite payback ("never").

Every function validates its input and raises ``TypeError`` or ``ValueError``
naming the parameter and the bad value.

Examples
--------
The classic example: an implementation costing 50,000 that brings 100,000
of net benefit has an ROI of 100 %.

>>> roi(100_000, 50_000)
1.0
>>> round(npv(0.1, [-1000, 500, 500, 500]), 2)
243.43
>>> round(irr([-1000, 500, 500, 500]), 4)
0.2338
>>> payback_period([-1000, 500, 500, 500])
2.0
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from .limits import MAX_LONG_SERIES_ROWS, MAX_PERIODS, MAX_SIMULATION_CELLS
from .validation import check_finite, check_int, check_number, check_str, shown

__all__ = [
    "TCO_CATEGORIES",
    "TCO_LABELS",
    "roi",
    "npv",
    "spreadsheet_npv",
    "irr",
    "irr_all",
    "npv_profile",
    "IRR_TOLERANCE",
    "payback_period",
    "discounted_payback_period",
    "benefit_cost_ratio",
    "discount_factors",
    "tco",
    "evaluate",
    "as_amounts",
]

#: Readable names of the TCO categories.
TCO_LABELS = {
    "acquisition": "Acquisition",
    "implementation": "Implementation",
    "licences_subscriptions": "Licences and subscriptions",
    "infrastructure": "Infrastructure",
    "support": "Support",
    "training": "Training",
    "downtime": "Downtime",
    "decommissioning": "Decommissioning",
}

#: The cost categories of a total-cost-of-ownership table, in display order.
TCO_CATEGORIES = (
    "acquisition",
    "implementation",
    "licences_subscriptions",
    "infrastructure",
    "support",
    "training",
    "downtime",
    "decommissioning",
)


# --------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------

def as_amounts(name: str, values: object, *, allow_2d: bool = False,
               max_periods: int | None = MAX_PERIODS) -> np.ndarray:
    """A float array of finite amounts (1-D, or 2-D when allowed), validated.

    Raises ``TypeError``/``ValueError`` naming ``name`` and the bad value:
    text (even ``"0.5"``), booleans, ``None``, NaN and infinity, integers too
    large for a float, ragged rows and empty input are all refused. A series
    may have at most ``max_periods`` periods (:data:`implcourse.limits.MAX_PERIODS`
    by default; ``None`` for no limit) and a 2-D array at most
    :data:`implcourse.limits.MAX_SIMULATION_CELLS` amounts; both are checked
    before any work is done.

    Examples
    --------
    >>> as_amounts("costs", [1, 2.5]).tolist()
    [1.0, 2.5]
    >>> as_amounts("costs", [1, float("nan")])
    Traceback (most recent call last):
    ...
    ValueError: costs[1] must be a finite number, got nan
    >>> as_amounts("costs", [1, "2"])
    Traceback (most recent call last):
    ...
    TypeError: costs[1] must be a number, got str '2'
    """
    name = check_str("name", name)
    if max_periods is not None:
        max_periods = check_int("max_periods", max_periods, minimum=1)
    if not isinstance(allow_2d, (bool, np.bool_)):
        raise TypeError(f"allow_2d must be True or False, got {shown(allow_2d)}")
    if not isinstance(values, (Sequence, np.ndarray)) or isinstance(values, (str, bytes)):
        if not (hasattr(values, "__array__") and hasattr(values, "__len__")):  # pandas
            raise TypeError(f"{name} must be a sequence of amounts (a list or an array), got "
                            f"{type(values).__name__} {shown(values)}")
    _check_size(name, values, allow_2d, max_periods)
    try:
        raw = np.asarray(values)
    except (ValueError, TypeError):  # ragged nested lists, or an odd object
        raw = None
    if raw is None or raw.dtype.kind not in "iuf" or (
            raw.dtype.kind in "iu" and not isinstance(values, np.ndarray) and _holds_bool(values)):
        # text, booleans, None, objects, complex, integers beyond int64; numpy
        # quietly turns True into 1 in a list that also holds integers
        error = _first_bad(name, values, allow_2d)
        if error is not None:
            raise error
        raw = np.asarray(values, dtype=object)  # only real numbers: big integers
    with np.errstate(over="ignore"):
        array = raw.astype(float)
    if array.ndim == 0 or array.ndim > (2 if allow_2d else 1):
        shape = "a sequence (or a 2-D array, one series per row)" if allow_2d else "a sequence"
        raise ValueError(f"{name} must be {shape}, got an array of shape {array.shape}")
    if array.size == 0 or array.shape[-1] == 0:
        raise ValueError(f"{name} must not be empty")
    _check_size(name, array, allow_2d, max_periods)
    bad = np.argwhere(~np.isfinite(array))
    if bad.size:
        where = ", ".join(map(str, bad[0]))
        raise ValueError(f"{name}[{where}] must be a finite number, got {array[tuple(bad[0])]}")
    return array


def _check_size(name: str, values, allow_2d: bool, max_periods: int | None) -> None:
    """Refuse a series longer than ``max_periods``, or a 2-D array beyond
    MAX_SIMULATION_CELLS amounts, before converting it (cheap: lengths only)."""
    if isinstance(values, np.ndarray):
        shape = values.shape
    else:
        try:
            rows = len(values)
            first = values[0] if rows else None
        except Exception:  # not indexable: the conversion reports it
            return
        nested = isinstance(first, (Sequence, np.ndarray)) and not isinstance(first, (str, bytes))
        shape = (rows, len(first)) if nested else (rows,)
    if not shape:
        return
    periods = shape[-1]
    if max_periods is not None and periods > max_periods:
        what = "periods per row" if len(shape) > 1 else "periods"
        raise ValueError(f"{name} has {periods:,} {what}; the limit is {max_periods:,} "
                         f"(limits.MAX_PERIODS)")
    if allow_2d and len(shape) == 2 and shape[0] * shape[1] > MAX_SIMULATION_CELLS:
        raise ValueError(f"{name} has {shape[0]:,} rows x {shape[1]:,} periods = "
                         f"{shape[0] * shape[1]:,} amounts; the limit is "
                         f"{MAX_SIMULATION_CELLS:,} (limits.MAX_SIMULATION_CELLS)")


def _first_bad(name: str, values, allow_2d: bool) -> Exception | None:
    """The error for the first element that is not a finite real number, or
    for ragged rows: found by walking the values (only on the error path).
    None if every element is a finite real number after all (say, integers
    too large for numpy's int64 but not for a float)."""
    if isinstance(values, np.ndarray) and values.dtype.kind not in "OUSV":
        return TypeError(f"{name} must contain only numbers, got an array of "
                         f"{values.dtype} {shown(values.tolist())}")
    items = values.tolist() if hasattr(values, "tolist") else list(values)
    nested = [isinstance(v, (Sequence, np.ndarray)) and not isinstance(v, (str, bytes))
              for v in items]
    if any(nested):
        if not allow_2d:
            first = nested.index(True)
            return ValueError(f"{name} must be a sequence of amounts, one per period, but "
                              f"{name}[{first}] is {type(items[first]).__name__} "
                              f"{shown(items[first])}")
        if not all(nested):
            flat = nested.index(False)
            return ValueError(f"{name} must be a list of rows (one series per row), but "
                              f"{name}[{flat}] is {type(items[flat]).__name__} "
                              f"{shown(items[flat])}")
        lengths = [len(v) for v in items]
        if len(set(lengths)) > 1:
            odd = next(i for i, n in enumerate(lengths) if n != lengths[0])
            return ValueError(f"{name} rows must all have the same length, but {name}[0] has "
                              f"{lengths[0]} amounts and {name}[{odd}] has {lengths[odd]}")
        for i, row in enumerate(items):
            row = row.tolist() if hasattr(row, "tolist") else list(row)
            for j, item in enumerate(row):
                error = _bad_number(f"{name}[{i}, {j}]", item)
                if error:
                    return error
    else:
        for i, item in enumerate(items):
            error = _bad_number(f"{name}[{i}]", item)
            if error:
                return error
    return None


def _bad_number(name: str, item) -> Exception | None:
    """The error ``check_number`` raises for ``item``, or None if it is a finite number."""
    if isinstance(item, (Sequence, np.ndarray)) and not isinstance(item, (str, bytes)):
        return ValueError(f"{name} must be a number, got a nested "
                          f"{type(item).__name__} {shown(item)}")
    try:
        check_number(name, item)
    except (TypeError, ValueError) as error:
        return error
    return None


def _holds_bool(values) -> bool:
    """Whether a (possibly nested) Python sequence holds a bool."""
    for item in values:
        if isinstance(item, (bool, np.bool_)):
            return True
        if isinstance(item, (list, tuple)) and _holds_bool(item):
            return True
    return False


def _total(name: str, value: object) -> float:
    """A number, or the sum of a sequence of numbers (refused if it overflows)."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return check_number(name, value)
    if isinstance(value, (numbers.Number, bool)) or value is None:
        raise TypeError(f"{name} must be a number or a sequence of numbers, got "
                        f"{type(value).__name__} {shown(value)}")
    with np.errstate(over="ignore", invalid="ignore"):
        total = float(as_amounts(name, value).sum())
    return check_finite(f"the total of {name}", total)


def _rate(name: str, rate: object, flows: np.ndarray | None = None) -> float | np.ndarray:
    """A discount rate > -1: a number, or one per row of a 2-D series ``flows``."""
    if isinstance(rate, (np.ndarray, list, tuple)):
        if flows is None or flows.ndim != 2:
            raise TypeError(f"{name} must be a number for a single series, got "
                            f"{type(rate).__name__} {shown(rate)}")
        array = as_amounts(name, rate, max_periods=None)
        if array.shape != (flows.shape[0],):
            raise ValueError(f"{name} must be one number or one per row of cashflows: "
                             f"cashflows has shape {flows.shape} ({flows.shape[0]} rows), "
                             f"{name} has shape {array.shape}")
        if (array <= -1).any():
            raise ValueError(f"{name} must be > -1, got {array[array <= -1][0]}")
        return array
    value = check_number(name, rate)
    if value <= -1:
        raise ValueError(f"{name} must be > -1 (a rate of -100 % or less makes discounting "
                         f"meaningless), got {value}")
    return value


def _finite(what: str, value, rate=None, periods: int = 1):
    """``value`` if it is finite; else a ValueError naming the measure and the cause.

    A rate close to -100 % makes the discount factor (1 + r)^-t overflow
    over a long horizon, whatever the amounts: the message then says so
    rather than blaming the amounts (:func:`~implcourse.validation.check_finite`).
    """
    array = np.asarray(value, dtype=float)
    if np.isfinite(array).all():
        return value
    if rate is not None and periods > 1:
        lowest = float(np.min(rate))
        with np.errstate(over="ignore", divide="ignore"):
            factor = np.float64(1.0 + lowest) ** -(periods - 1.0)
        if not np.isfinite(factor) or factor > 1e300:
            raise ValueError(f"{what} cannot be computed: rate {lowest!r} is too close to -100 % "
                             f"for {periods} periods (the discount factor 1/(1 + rate)^"
                             f"{periods - 1} overflows)")
    return check_finite(what, value)


def discount_factors(rate: float, periods: int) -> np.ndarray:
    r"""The factors :math:`(1 + r)^{-t}` for t = 0, 1, ..., periods - 1.

    Examples
    --------
    >>> discount_factors(0.25, 3).tolist()
    [1.0, 0.8, 0.64]
    """
    rate = _rate("rate", rate)
    periods = check_int("periods", periods, minimum=1, maximum=MAX_PERIODS)
    with np.errstate(over="ignore"):
        factors = (1.0 + rate) ** -np.arange(periods, dtype=float)
    return _finite("the discount factors", factors, rate, periods)


def _present_value(rate, flows: np.ndarray) -> np.ndarray:
    """The sum of discounted flows, per row (a matrix-vector product when it can be)."""
    with np.errstate(over="ignore", invalid="ignore"):
        if isinstance(rate, np.ndarray):
            return _discounted(rate, flows).sum(axis=-1)
        return flows @ ((1.0 + rate) ** -np.arange(flows.shape[-1], dtype=float))


def _discounted(rate, flows: np.ndarray) -> np.ndarray:
    """``flows`` (1-D or rows) multiplied by their discount factors."""
    t = np.arange(flows.shape[-1], dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        if isinstance(rate, np.ndarray):
            return flows * (1.0 + rate[:, None]) ** -t
        return flows * (1.0 + rate) ** -t


def _scalar_or_rows(values: np.ndarray, flows: np.ndarray):
    values = values + 0.0  # no "-0.0" (a negative zero prints as "-0")
    return float(values) if flows.ndim == 1 else values


# --------------------------------------------------------------------------
# ROI and NPV
# --------------------------------------------------------------------------

def roi(benefits, costs) -> float:
    r"""Return on investment: net benefit over cost.

    .. math:: \mathrm{ROI} = \frac{\sum \text{benefits} - \sum \text{costs}}{\sum \text{costs}}

    ROI ignores *when* money flows; :func:`npv` does not.

    The benefits are **net gains**: costs that stop, or extra revenue less
    the costs of earning it. Revenue is not a net benefit: an ROI worked out
    on revenue overstates the return.

    Parameters
    ----------
    benefits, costs : number or sequence of numbers
        Totals, or amounts that are summed. Benefits are net gains (not
        revenue). Costs are positive amounts and must total more than zero.

    Returns
    -------
    float
        ROI as a fraction (1.0 is 100 %).

    Raises
    ------
    ValueError
        If costs total zero or less, or an amount is NaN or infinite.
    TypeError
        If an amount is not a number.

    Examples
    --------
    >>> roi(100_000, 50_000)
    1.0

    If the 100,000 were revenue with, say, a 30 % margin, the net gain is
    30,000 and the project does not earn back its cost:

    >>> round(roi(0.30 * 100_000, 50_000), 2)
    -0.4
    >>> roi([30_000, 40_000], [50_000, 10_000])
    0.16666666666666666
    >>> roi(1, 0)
    Traceback (most recent call last):
    ...
    ValueError: costs must total more than 0, got 0.0
    """
    total_benefits = _total("benefits", benefits)
    total_costs = _total("costs", costs)
    if total_costs <= 0:
        raise ValueError(f"costs must total more than 0, got {total_costs}")
    with np.errstate(over="ignore"):
        result = (np.float64(total_benefits) - total_costs) / total_costs
    return float(check_finite("ROI", result))


def npv(rate, cashflows):
    r"""Net present value, with ``cashflows[0]`` at t = 0 (not discounted).

    .. math:: \mathrm{NPV} = \sum_{t=0}^{n-1} \frac{c_t}{(1 + r)^t}

    This is numpy-financial's convention. A spreadsheet's ``NPV`` function
    discounts its first value by one period; see :func:`spreadsheet_npv`.

    Parameters
    ----------
    rate : float
        Discount rate per period, > -1 (for 2-D cash flows also one per row).
    cashflows : sequence or 2-D array
        One series, or one series per row.

    Returns
    -------
    float or numpy.ndarray
        The NPV, or one NPV per row.

    Examples
    --------
    numpy-financial's documented example (initial investment 40,000):

    >>> round(npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]), 5)
    3065.22267
    >>> [round(float(v), 6) + 0.0 for v in npv(0.1, [[-100, 110], [-100, 121]])]
    [0.0, 10.0]
    >>> npv(-1, [1, 2])
    Traceback (most recent call last):
    ...
    ValueError: rate must be > -1 (a rate of -100 % or less makes discounting meaningless), got -1.0
    """
    flows = as_amounts("cashflows", cashflows, allow_2d=True)
    rate = _rate("rate", rate, flows)
    value = _finite("NPV", _present_value(rate, flows), rate, flows.shape[-1])
    return _scalar_or_rows(value, flows)


def spreadsheet_npv(rate, values) -> float:
    r"""NPV as a spreadsheet computes it: the *first* value is discounted too.

    .. math:: \mathrm{NPV}_{\text{sheet}} = \sum_{i=1}^{n} \frac{v_i}{(1 + r)^i}

    Excel, LibreOffice Calc and Google Sheets all assume that every value
    falls at the *end* of a period. So ``=NPV(r, C0:Cn)`` equals
    ``npv(r, [C0, ..., Cn]) / (1 + r)``; to get the t = 0 convention in a
    spreadsheet, leave the initial amount out and add it:
    ``=NPV(r, C1:Cn) + C0``.

    Examples
    --------
    LibreOffice Calc's help: payments of 10, 20 and 30 at 8.75 %:

    >>> round(spreadsheet_npv(0.0875, [10, 20, 30]), 2)
    49.43
    >>> flows = [-100, 60, 60]
    >>> math.isclose(spreadsheet_npv(0.1, flows[1:]) + flows[0], npv(0.1, flows))
    True
    """
    flows = as_amounts("values", values)
    rate = _rate("rate", rate)
    value = _finite("NPV", _present_value(rate, flows), rate, flows.size + 1)
    with np.errstate(over="ignore"):
        value = np.float64(value) / (1.0 + rate)
    return float(_finite("NPV", value, rate, flows.size + 1))


# --------------------------------------------------------------------------
# IRR
# --------------------------------------------------------------------------
#
# How the IRRs are found (our own code, because no library the course may
# depend on does all of this; numpy-financial is the reference in the tests):
#
# NPV(r) = sum c_t x^t with x = 1 / (1 + r) is a polynomial in x; every IRR
# above -100 % is a positive real root x. Leading zero periods are dropped
# first (they only multiply the NPV by x^k) and trailing ones too.
#
# * Short series (degree <= _EIGEN_DEGREE): the candidates are the
#   eigenvalues of the polynomial's companion matrix (numpy-financial's
#   method, through numpy.roots), computed for a whole stack of rows at once.
#   The polynomial is first balanced (x = s y, with s chosen so that the first
#   and last coefficients are of the same size): without that, a long series
#   of tiny amounts overflows the companion matrix and LAPACK raises
#   LinAlgError (numpy-financial issue 15).
# * Long series: eigenvalues cost O(n^3) (2,000 periods took 11 s), so the
#   sign of the NPV is scanned on a grid of rates instead (O(n) per rate,
#   evaluated without overflow) and every sign change is narrowed down by
#   bisection; a series whose coefficients change sign once has exactly one
#   root (Descartes' rule of signs), found by bisection alone.
# * Every candidate is polished (Newton's method) and kept only if it is a
#   true root in floating point (see IRR_TOLERANCE); equal roots are merged.

#: A rate is reported as an IRR only if the NPV there is provably within
#: this fraction of the total absolute cash flow: ``|NPV(r)| + (rounding
#: bound) <= IRR_TOLERANCE * sum(|c_t|)``, one part in a million (2 cents on
#: flows of 20,000). Not one part in a billion: near -100 % even the best
#: floating-point rate cannot do that well. The ERP case with adoption four
#: years late has one IRR, -99.37 %, yet at the nearest floating-point rate
#: the NPV is still 0.40 on 2.27 million of flows (2 parts in 10 million),
#: because 1 / (1 + r)^t magnifies the smallest change of rate. A "root"
#: that misses by more is not reported, such as numpy-financial 1.0.0's
#: -99.98 % for the series of its issue 44, where the NPV is about 10^13.
IRR_TOLERANCE = 1e-6
_EIGEN_DEGREE = 64
_GRID_STEP = 0.002  # in asinh(log(1 + r)): 0.2 % steps in 1 + r near r = 0
_EPS = np.finfo(float).eps


def _changes_sign(flows: np.ndarray) -> np.ndarray:
    """Whether each series has both a positive and a negative amount."""
    return (flows > 0).any(axis=-1) & (flows < 0).any(axis=-1)


def _verified(coeffs: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Whether each candidate ``x[i]`` is a true root of the polynomial ``coeffs[i]``.

    ``coeffs`` holds one polynomial per candidate, lowest power first, scaled
    so that the largest amount is 1 (the test is scale-free). A candidate
    passes if ``|NPV| + (a bound on the rounding error) <= IRR_TOLERANCE *
    sum(|c_t|)``. The terms c_t x^t are each within two units in the last
    place; summed by numpy the bound is ``2 n eps sum(|c_t x^t|)``. Those
    that this bound leaves undecided are summed again exactly
    (:func:`math.fsum`), which lowers it to ``3 eps sum(|c_t x^t|)``.
    """
    width = coeffs.shape[1]
    limit = IRR_TOLERANCE * np.abs(coeffs).sum(axis=1)
    usable = np.isfinite(x) & (x > 0)
    x = np.where(usable, x, 1.0)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        terms = x[:, None] ** np.arange(width) * coeffs
        value = np.abs(terms.sum(axis=1))
        size = np.abs(terms).sum(axis=1)
        rounding = 2.0 * width * _EPS * size
        ok = usable & (value + rounding <= limit)
        undecided = usable & ~ok & (value - rounding <= limit) & np.isfinite(size)
    for i in np.flatnonzero(undecided):
        ok[i] = abs(math.fsum(terms[i].tolist())) + 3.0 * _EPS * size[i] <= limit[i]
    return ok


def _horner(a: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The polynomial ``a[i]`` (lowest power first) and its slope at ``y[i]``."""
    value = np.zeros_like(y)
    slope = np.zeros_like(y)
    for k in range(a.shape[1] - 1, -1, -1):
        slope = slope * y + value
        value = value * y + a[:, k]
    return value, slope


def _eigen_candidates(coeffs: np.ndarray, balance: bool = True
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Candidate positive real roots x of each row's polynomial (lowest power
    first; the first and last coefficients non-zero): ``(row, x)``, flat.

    Balanced (x = s y), the small roots of a polynomial with a tiny last
    coefficient are found accurately; unbalanced (numpy.roots' way), those of
    one whose middle coefficients dwarf both ends. The caller uses both.
    """
    rows, width = coeffs.shape
    degree = width - 1
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        logs = np.log(np.abs(coeffs))
        shift = (logs[:, :1] - logs[:, -1:]) / degree  # log s: balances the ends
        if not balance:
            shift = np.zeros_like(shift)
        scaled = logs + np.arange(width) * shift
        a = np.sign(coeffs) * np.exp(scaled - scaled.max(axis=1, keepdims=True))
        first_row = -a[:, -2::-1] / a[:, -1:]
    usable = np.flatnonzero(np.isfinite(first_row).all(axis=1) & np.isfinite(a).all(axis=1))
    if not usable.size:
        return np.empty(0, dtype=int), np.empty(0)
    companion = np.zeros((usable.size, degree, degree))
    companion[:, 0, :] = first_row[usable]
    if degree > 1:
        companion[:, np.arange(1, degree), np.arange(degree - 1)] = 1.0
    try:
        roots = np.linalg.eigvals(companion)
    except np.linalg.LinAlgError:
        raise ValueError("cashflows: the rates of return cannot be computed for these "
                         "amounts (the root finder did not converge)") from None
    real = (np.abs(roots.imag) <= 1e-6 * np.abs(roots)) & (roots.real > 0)
    which, column = np.nonzero(real)
    row = usable[which]
    y = roots.real[which, column]
    a = a[row]
    # Newton's method on the balanced polynomial, a step kept only if it helps.
    with np.errstate(over="ignore", invalid="ignore", under="ignore", divide="ignore"):
        value, slope = _horner(a, y)
        for _ in range(4):
            step = y - value / slope
            new_value, new_slope = _horner(a, step)
            better = np.isfinite(step) & (step > 0) & (np.abs(new_value) <= np.abs(value))
            y = np.where(better, step, y)
            value = np.where(better, new_value, value)
            slope = np.where(better, new_slope, slope)
        x = y * np.exp(shift[row, 0])
    return row, x


def _horner_signs(coeffs: np.ndarray, u: np.ndarray) -> np.ndarray:
    """The sign of the polynomial at x = exp(u), without overflow: for x <= 1
    the polynomial itself, for x > 1 the same divided by x^degree (a power
    series in 1/x <= 1). Horner's rule, one vector step per coefficient."""
    z = np.exp(-np.abs(u))
    up = u > 0
    value = np.zeros_like(u)
    degree = len(coeffs) - 1
    with np.errstate(under="ignore"):
        for i in range(degree + 1):
            value = value * z + np.where(up, coeffs[i], coeffs[degree - i])
    return np.sign(value)


def _signs_at(coeffs: np.ndarray, u: np.ndarray) -> np.ndarray:
    """As :func:`_horner_signs`, by powers (faster for a few points)."""
    z = np.exp(-np.abs(u))
    t = np.arange(len(coeffs))
    with np.errstate(under="ignore"):
        powers = z[:, None] ** t
    return np.sign(np.where(u > 0, powers @ coeffs[::-1], powers @ coeffs))


def _grid_candidates(coeffs: np.ndarray) -> np.ndarray:
    """Positive real roots x of one long polynomial (lowest power first, ends
    non-zero): sign changes on a grid of log x, then bisection."""
    degree = len(coeffs) - 1
    t = np.arange(degree + 1)
    nonzero = coeffs != 0
    logs = np.log(np.abs(np.where(nonzero, coeffs, 1.0)))
    # Bounds on the size of every root (Fujiwara's bound, widened by e).
    top = nonzero[:-1]
    upper = math.log(2) + 1 + np.max((logs[:-1][top] - logs[-1]) / (degree - t[:-1][top]))
    low = nonzero[1:]
    lower = -(math.log(2) + 1 + np.max((logs[1:][low] - logs[0]) / t[1:][low]))
    signs = np.sign(coeffs[nonzero])
    if np.count_nonzero(np.diff(signs)) == 1:  # one positive root: bisect at once
        left, right = np.array([lower]), np.array([upper])
        exact = np.array([])
    else:
        w = np.arange(math.asinh(lower), math.asinh(upper) + _GRID_STEP, _GRID_STEP)
        u = np.sinh(w)
        sign = _horner_signs(coeffs, u)
        exact = u[sign == 0]
        change = np.flatnonzero(sign[:-1] * sign[1:] < 0)
        left, right = u[change], u[change + 1]
    if left.size:
        left_sign = _signs_at(coeffs, left)
        for _ in range(64):
            middle = 0.5 * (left + right)
            middle_sign = _signs_at(coeffs, middle)
            same = middle_sign == left_sign
            exact = np.concatenate([exact, middle[middle_sign == 0]])
            left = np.where(same, middle, left)
            right = np.where(same | (middle_sign == 0), right, middle)
        exact = np.concatenate([exact, 0.5 * (left + right)])
    with np.errstate(over="ignore"):
        return np.exp(exact)


def _odd_sign_changes(coeffs: np.ndarray) -> bool:
    """Whether the non-zero coefficients change sign an odd number of times
    (then the polynomial has at least one positive root)."""
    signs = np.sign(coeffs[coeffs != 0])
    return np.count_nonzero(np.diff(signs)) % 2 == 1


def _grid_roots(coeffs: np.ndarray) -> np.ndarray:
    """The verified roots x of one polynomial, by the grid scan and bisection."""
    x = _grid_candidates(coeffs)
    return x[_verified(np.broadcast_to(coeffs, (x.size, coeffs.size)), x)]


def _irr_roots(flows: np.ndarray) -> np.ndarray:
    """Every IRR of each row of a 2-D array, verified and sorted, NaN-padded."""
    rows, periods = flows.shape
    # Scaled so that the largest amount of each row is 1 (IRRs do not depend
    # on the scale); an amount below 1e-308 of the largest becomes 0.
    with np.errstate(under="ignore", invalid="ignore", divide="ignore"):
        flows = flows / np.abs(flows).max(axis=1, keepdims=True)
    flows = np.where(np.isfinite(flows), flows, 0.0)
    nonzero = flows != 0
    has = nonzero.any(axis=1)
    first = np.argmax(nonzero, axis=1)
    last = periods - 1 - np.argmax(nonzero[:, ::-1], axis=1)
    degree = np.where(has, last - first, 0)
    long_rows = int((degree > _EIGEN_DEGREE).sum())
    if long_rows > MAX_LONG_SERIES_ROWS:
        # Each long series is searched on its own (milliseconds each): refuse
        # a stack of them before the work, not after minutes.
        raise ValueError(f"cashflows has {long_rows:,} rows longer than {_EIGEN_DEGREE + 1} "
                         f"periods; at most {MAX_LONG_SERIES_ROWS:,} such rows are allowed "
                         f"(limits.MAX_LONG_SERIES_ROWS)")
    found_rows: list[np.ndarray] = []
    found_x: list[np.ndarray] = []
    for d in np.unique(degree):
        if d == 0:
            continue  # a single amount: no root
        members = np.flatnonzero(degree == d)
        coeffs = flows[members[:, None], first[members, None] + np.arange(d + 1)]
        if d > _EIGEN_DEGREE:
            for i, row in enumerate(members):
                x = _grid_roots(coeffs[i])
                found_rows.append(np.full(x.size, row))
                found_x.append(x)
            continue
        chunk = max(1, 1_000_000 // (d * d))
        for start in range(0, len(members), chunk):
            part = coeffs[start:start + chunk]
            owner, x = _eigen_candidates(part)
            # The unbalanced pass only where balancing changed the polynomial much.
            with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
                spread = np.abs(np.log(np.abs(part[:, 0])) - np.log(np.abs(part[:, -1]))) / d
            lopsided = np.flatnonzero(spread > 0.5)
            if lopsided.size:
                more_owner, more_x = _eigen_candidates(part[lopsided], balance=False)
                owner = np.concatenate([owner, lopsided[more_owner]])
                x = np.concatenate([x, more_x])
            ok = _verified(part[owner], x)
            owner, x = owner[ok], x[ok]
            # A root must exist where the signs change an odd number of times
            # (Descartes): if the eigenvalues missed it numerically, bisect.
            missing = np.setdiff1d(np.arange(len(part)), owner)
            for i in missing:
                if _odd_sign_changes(part[i]):
                    more = _grid_roots(part[i])
                    owner = np.concatenate([owner, np.full(more.size, i)])
                    x = np.concatenate([x, more])
            found_rows.append(members[start:start + chunk][owner])
            found_x.append(x)
    row = np.concatenate(found_rows) if found_rows else np.empty(0, dtype=int)
    x = np.concatenate(found_x) if found_x else np.empty(0)
    with np.errstate(divide="ignore", over="ignore"):
        rates = 1.0 / x - 1.0
    keep = np.isfinite(rates) & (rates > -1)
    row, rates = row[keep], rates[keep]
    # Sort by row, then rate; merge roots equal to 1 part in 10^7 (a double root).
    order = np.lexsort((rates, row))
    row, rates = row[order], rates[order]
    same = (row[1:] == row[:-1]) & (rates[1:] - rates[:-1] <= 1e-7 * (1.0 + rates[1:]))
    keep = np.concatenate([[True], ~same]) if row.size else np.empty(0, dtype=bool)
    row, rates = row[keep], rates[keep]
    counts = np.bincount(row, minlength=rows)
    result = np.full((rows, max(1, int(counts.max(initial=0)))), np.nan)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    result[row, np.arange(row.size) - starts[row]] = rates
    return result


def _select(rates: np.ndarray) -> np.ndarray:
    """One IRR per row by numpy-financial's rule: the smallest rate >= 0, or,
    if every rate is negative, the one closest to zero; NaN if none."""
    with np.errstate(invalid="ignore"):
        lowest_gain = np.where(rates >= 0, rates, np.inf).min(axis=1)
        smallest_loss = np.where(rates < 0, rates, -np.inf).max(axis=1)
    return np.where(np.isfinite(lowest_gain), lowest_gain,
                    np.where(np.isfinite(smallest_loss), smallest_loss, np.nan))


def irr(cashflows):
    r"""Internal rate of return: the rate at which the NPV is zero.

    .. math:: \sum_{t=0}^{n-1} \frac{c_t}{(1 + \mathrm{IRR})^t} = 0

    A series whose sign changes once has exactly one IRR. If the costs come
    first (lending to the project), accept when the IRR is above the required
    rate; if the cash comes first and the costs later (borrowing), the rule
    turns round: accept only when the IRR is *below* it (Brealey, Myers and
    Allen, ch. 5, "Pitfall 1 - Lending or borrowing?"):

    >>> irr([1_000, -1_500]), round(npv(0.10, [1_000, -1_500]), 2)
    (0.5, -363.64)

    A series whose sign changes more than once (say a decommissioning cost
    at the end) may have several IRRs, or none: the NPV polynomial can cross
    zero at most once per sign change (Descartes' rule of signs).

    **Which IRR is reported.** Only true roots count: a rate is an IRR if the
    NPV there is zero to one part in a million of the total absolute cash
    flow (:data:`IRR_TOLERANCE`). Among several, the *smallest rate of at
    least zero*; only if every IRR is negative, the one closest to zero. This
    is numpy-financial's current rule (``_irr_default_selection``, since its
    pull request 99 of January 2024, after issues 39 and 98, and issue 44
    where the maintainer describes it: "irr now prioritizes the lowest
    positive rate, only returning a negative rate if no positive rate
    exists"). It gives the rate spreadsheets give in the cases reported
    there (an investment, returns, and a cost at the start or the end, whose
    second root is a large negative rate with no economic meaning), and for
    the "pump" series the lower of the two rates. numpy-financial 1.0.0, the
    last release, returns the root closest to zero instead, which turns a profitable series with a small
    final cost into a -99.98 % "IRR" that is not even a root in floating
    point (below). Where a series has several IRRs, no single rate describes
    it: show them all with :func:`irr_all` and the NPV against the rate with
    :func:`npv_profile`, and decide with the NPV at the hurdle rate.

    Parameters
    ----------
    cashflows : sequence or 2-D array
        One series, or one series per row; at most
        :data:`implcourse.limits.MAX_PERIODS` periods.

    Returns
    -------
    float or numpy.ndarray
        The IRR as a fraction. For a 2-D array, one IRR per row, with NaN
        (documented, deliberate) for rows that never change sign or have no
        IRR, so that a Monte Carlo run is not stopped by one odd draw.

    Raises
    ------
    ValueError
        For a single series that never changes sign, or has no IRR; for too
        many periods.

    Examples
    --------
    Excel's IRR documentation: an investment of 70,000 and five years of
    income:

    >>> round(irr([-70_000, 12_000, 15_000, 18_000, 21_000, 26_000]), 3)
    0.087

    numpy-financial's issue 44: about 1,679 invested, about 18,000 back,
    and a final -1. The roots are -99.98 % and +100.4 %; spreadsheets (and
    this function) give +100.4 %:

    >>> round(irr([-1678.87, 771.96, 1814.05, 3520.30, 3552.95, 3584.99, 4789.91, -1]), 5)
    1.00427
    >>> irr([-100, -50])
    Traceback (most recent call last):
    ...
    ValueError: cashflows never change sign, so no rate can make their NPV zero
    >>> irr([[-100, 110, 0], [-100, 0, 121], [100, 100, 0]]).round(6).tolist()
    [0.1, 0.1, nan]
    """
    flows = as_amounts("cashflows", cashflows, allow_2d=True)
    table = np.atleast_2d(flows)
    result = np.full(table.shape[0], np.nan)
    signs = _changes_sign(table)
    if flows.ndim == 1 and not signs[0]:
        raise ValueError("cashflows never change sign, so no rate can make their NPV zero")
    if signs.any():
        result[signs] = _select(_irr_roots(table[signs]))
    if flows.ndim == 1:
        if np.isnan(result[0]):
            raise ValueError("cashflows have no real internal rate of return (the NPV "
                             "never reaches zero); compare NPVs at the hurdle rate instead")
        return float(result[0])
    return result


def irr_all(cashflows) -> list[float]:
    """Every IRR of one series (greater than -100 %), smallest first.

    Each is a true root in the sense of :func:`irr` (:data:`IRR_TOLERANCE`).
    For a series longer than 65 periods with several sign changes, two IRRs
    closer together than about 0.2 % of (1 + rate) may be missed (they are
    found by scanning the NPV's sign on a grid of rates).

    Examples
    --------
    The classic "pump" example (Lorie and Savage, 1955, and many
    corporate-finance textbooks since): -1,600 now, +10,000 next year,
    -10,000 the year after has two IRRs, 25 % and 400 %.

    >>> [round(r, 6) for r in irr_all([-1_600, 10_000, -10_000])]
    [0.25, 4.0]
    """
    flows = as_amounts("cashflows", cashflows)
    if not _changes_sign(flows):
        return []
    rates = _irr_roots(flows[None, :])[0]
    return rates[~np.isnan(rates)].tolist()


def npv_profile(cashflows, rates=None):
    """The NPV of one series at a range of rates: the data of an NPV profile.

    Where a series has several IRRs (or none), this shows why: every IRR is
    a rate where the NPV crosses zero.

    Parameters
    ----------
    cashflows : sequence of numbers
        One series, ``cashflows[0]`` at t = 0.
    rates : sequence of numbers, optional
        The rates (each > -1). By default 101 evenly spaced rates from 0 %
        (or 1.25 times the lowest IRR, if that is negative; never below
        -95 %) to the larger of 50 % and 1.25 times the highest IRR, with
        every IRR of :func:`irr_all` added.

    Returns
    -------
    pandas.DataFrame
        Columns ``rate`` and ``npv``, one row per rate, in rising order of
        rate, and a boolean column ``irr`` marking the rates that are IRRs
        (those of :func:`irr_all` among the rates; their NPV is zero to
        :data:`IRR_TOLERANCE`).

    Examples
    --------
    >>> profile = npv_profile([-1_600, 10_000, -10_000])
    >>> profile.loc[profile["irr"], "rate"].round(6).tolist()
    [0.25, 4.0]
    >>> bool((profile["npv"] > 0).any() and (profile["npv"] < 0).any())
    True
    >>> profile = npv_profile([-100, 110], rates=[0.2, 0, 0.1])
    >>> profile["rate"].tolist(), profile["irr"].tolist()
    ([0.0, 0.1, 0.2], [False, True, False])
    >>> [round(v, 2) + 0.0 for v in profile["npv"]]
    [10.0, 0.0, -8.33]
    """
    import pandas as pd

    flows = as_amounts("cashflows", cashflows)
    roots = irr_all(flows)
    if rates is None:
        low = max(1.25 * min([0.0, *roots]), -0.95)
        high = max(0.5, 1.25 * max([0.0, *roots]))
        grid = np.linspace(low, high, 101)
        for root in roots:  # the IRR itself replaces a grid rate within rounding of it
            grid = grid[np.abs(grid - root) > 1e-9 * (1.0 + abs(root))]
        grid = np.union1d(grid, roots)
    else:
        grid = as_amounts("rates", rates)
        if (grid <= -1).any():
            raise ValueError(f"rates must all be > -1, got {grid[grid <= -1][0]}")
        grid = np.sort(grid)
    t = np.arange(flows.size, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        values = ((1.0 + grid[:, None]) ** -t) @ flows
    _finite("the NPV profile", values, grid, flows.size)
    is_root = np.zeros(grid.shape, dtype=bool)
    for root in roots:  # a rate given within rounding of an IRR counts as that IRR
        is_root |= np.abs(grid - root) <= 1e-9 * (1.0 + abs(root))
    return pd.DataFrame({"rate": grid + 0.0, "npv": values + 0.0, "irr": is_root})


# --------------------------------------------------------------------------
# Payback
# --------------------------------------------------------------------------

def _payback(flows: np.ndarray):
    """Years until the cumulative flow first turns non-negative, interpolated."""
    table = np.atleast_2d(flows)
    with np.errstate(over="ignore", invalid="ignore"):
        cumulative = np.cumsum(table, axis=1)
    check_finite("the cumulative cash flow", cumulative)
    # A total that is zero up to rounding counts as recovered: 110 / 1.1 is
    # 99.99999999999999 in floating point, yet -100 + 110 / 1.1 pays back.
    slack = 1e-9 * np.abs(table).max(axis=1, keepdims=True)
    recovered = cumulative >= -slack
    result = np.full(table.shape[0], math.inf)
    at_start = recovered[:, 0]
    result[at_start] = 0.0
    later = ~at_start & recovered.any(axis=1)
    if later.any():
        rows = np.flatnonzero(later)
        year = np.argmax(recovered[rows], axis=1)  # first period with cumulative >= 0
        before = cumulative[rows, year - 1]  # still negative
        inflow = table[rows, year]  # positive: it took the total from < 0 to >= 0
        result[rows] = (year - 1) + np.clip(-before / inflow, 0.0, 1.0)
    return float(result[0]) if flows.ndim == 1 else result


def payback_period(cashflows):
    r"""Years until the cumulative cash flow turns non-negative.

    With cumulative flow :math:`S_t = \sum_{k \le t} c_k`, let :math:`T` be
    the first period with :math:`S_T \ge 0`. Within that period the flow is
    assumed to arrive evenly, so

    .. math:: \text{payback} = (T - 1) + \frac{-S_{T-1}}{c_T}

    The first crossing counts, even if a later cost takes the total negative
    again. Payback ignores the time value of money and everything after the
    payback year; :func:`discounted_payback_period` fixes the first flaw only.

    Parameters
    ----------
    cashflows : sequence or 2-D array
        ``cashflows[0]`` at t = 0 (usually the negative investment).

    Returns
    -------
    float or numpy.ndarray
        Years (0 if nothing is owed at the start), ``math.inf`` if the
        money never comes back.

    Examples
    --------
    Ross, Westerfield and Jordan's chapter review problem: 200 invested,
    then 50, 60, 70 and 200 a year:

    >>> round(payback_period([-200, 50, 60, 70, 200]), 2)
    3.1
    >>> payback_period([-100, 20, 20])
    inf
    """
    return _payback(as_amounts("cashflows", cashflows, allow_2d=True))


def discounted_payback_period(rate, cashflows):
    r"""Years until the cumulative *discounted* cash flow turns non-negative.

    The same as :func:`payback_period` on :math:`c_t / (1 + r)^t`, so it
    is ``math.inf`` if the discounted money never comes back (shown as
    "never" by :func:`implcourse.business_case.format_metric`).

    Examples
    --------
    The same chapter review problem at 10 %:

    >>> round(discounted_payback_period(0.10, [-200, 50, 60, 70, 200]), 2)
    3.38
    """
    flows = as_amounts("cashflows", cashflows, allow_2d=True)
    rate = _rate("rate", rate, flows)
    discounted = _finite("the discounted cash flow", _discounted(rate, flows), rate,
                         flows.shape[-1])
    return _payback(discounted)


# --------------------------------------------------------------------------
# Benefit-cost ratio and TCO
# --------------------------------------------------------------------------

def benefit_cost_ratio(rate, benefits, costs) -> float:
    r"""Present value of the benefits over present value of the costs.

    .. math:: \mathrm{BCR} = \frac{\sum_t b_t (1 + r)^{-t}}{\sum_t k_t (1 + r)^{-t}}

    Parameters
    ----------
    rate : float
        Discount rate, > -1.
    benefits, costs : sequence of numbers
        Per-period amounts, both starting at t = 0 and of the same length;
        both are positive amounts (a cost is not written as negative here).

    Returns
    -------
    float
        BCR. Above 1, the discounted benefits exceed the discounted costs,
        which is the same verdict as a positive NPV.

    Examples
    --------
    >>> round(benefit_cost_ratio(0.10, [0, 600, 600], [1000, 0, 0]), 4)
    1.0413
    >>> benefit_cost_ratio(0.1, [0, 1], [1, 0, 0])
    Traceback (most recent call last):
    ...
    ValueError: benefits and costs must have the same length (one amount per period), got 2 and 3
    """
    b = as_amounts("benefits", benefits)
    k = as_amounts("costs", costs)
    rate = _rate("rate", rate)
    if b.shape != k.shape:
        raise ValueError(f"benefits and costs must have the same length (one amount per "
                         f"period), got {b.size} and {k.size}")
    if (k < 0).any():
        raise ValueError(f"costs must be positive amounts, got {k[k < 0][0]}")
    if (b < 0).any():
        raise ValueError(f"benefits must be positive amounts, got {b[b < 0][0]}")
    pv_costs = float(_finite("the present value of the costs", _present_value(rate, k), rate,
                             k.size))
    if pv_costs == 0:
        raise ValueError("costs must not all be zero")
    pv_benefits = float(_finite("the present value of the benefits", _present_value(rate, b),
                                rate, b.size))
    with np.errstate(over="ignore"):
        ratio = np.float64(pv_benefits) / pv_costs
    return float(check_finite("the benefit-cost ratio", ratio))


def tco(costs: Mapping[str, Sequence[float]]):
    """Total cost of ownership by year and category, as a DataFrame.

    Parameters
    ----------
    costs : mapping
        Category to its cost per year (year 0 first, positive amounts).
        Categories are those of :data:`TCO_CATEGORIES`; missing ones count
        as zero, unknown ones are an error, and all the lists must have the
        same length (the horizon).

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (0, 1, ...), one column per category in the standard
        order, and a ``total`` column. ``frame["total"].sum()`` is the
        undiscounted TCO; ``npv(rate, frame["total"])`` the discounted one.

    Examples
    --------
    >>> frame = tco({"licences_subscriptions": [0, 100, 100], "implementation": [300, 0, 0]})
    >>> frame["total"].tolist()
    [300.0, 100.0, 100.0]
    >>> float(frame["total"].sum())
    500.0
    """
    import pandas as pd

    if not isinstance(costs, Mapping):
        raise TypeError(f"costs must be a mapping of category to yearly amounts, "
                        f"got {type(costs).__name__} {shown(costs)}")
    if not costs:
        raise ValueError("costs must name at least one category")
    lengths = set()
    columns = {}
    for category, amounts in costs.items():
        if not isinstance(category, str) or category not in TCO_CATEGORIES:
            raise ValueError(f"costs has unknown category {shown(category)}; categories are "
                             f"{', '.join(TCO_CATEGORIES)}")
        array = as_amounts(f"costs[{category!r}]", amounts)
        if (array < 0).any():
            raise ValueError(f"costs[{category!r}] must be positive amounts, got "
                             f"{array[array < 0][0]}")
        lengths.add(array.size)
        columns[category] = array
    if len(lengths) > 1:
        raise ValueError(f"costs must give every category the same number of years, got "
                         f"lengths {sorted(lengths)}")
    horizon = lengths.pop()
    frame = pd.DataFrame({c: columns.get(c, np.zeros(horizon)) for c in TCO_CATEGORIES},
                         index=pd.RangeIndex(horizon, name="year"))
    with np.errstate(over="ignore", invalid="ignore"):
        totals = frame.to_numpy().sum(axis=1)
        check_finite("the total cost of a year", totals)
        check_finite("the total cost of ownership", totals.sum())
    frame["total"] = totals
    return frame


def evaluate(rate, benefits, costs) -> dict[str, float]:
    """Every headline figure of a business case from yearly benefits and costs.

    Parameters
    ----------
    rate : float
        Discount rate, > -1.
    benefits, costs : sequence of numbers
        Positive amounts per year, year 0 first, of equal length.

    Returns
    -------
    dict
        ``npv``, ``irr`` (NaN when the net flows never change sign or have
        no real IRR), ``roi``, ``payback`` and ``discounted_payback`` (``inf``
        when never), ``bcr``, ``total_costs`` and ``total_benefits``.

    Examples
    --------
    >>> result = evaluate(0.1, [0, 600, 600], [1000, 0, 0])
    >>> round(result["npv"], 2), round(result["roi"], 2), round(result["payback"], 4)
    (41.32, 0.2, 1.6667)
    """
    b = as_amounts("benefits", benefits)
    k = as_amounts("costs", costs)
    ratio = benefit_cost_ratio(rate, b, k)  # validates rate, lengths and signs
    with np.errstate(over="ignore", invalid="ignore"):
        flows = b - k
        total_costs = float(check_finite("Total costs", k.sum()))
        total_benefits = float(check_finite("Total benefits", b.sum()))
    rate_of_return = irr(flows[None, :])[0] if _changes_sign(flows) else math.nan
    return {
        "npv": npv(rate, flows),
        "irr": float(rate_of_return),
        "roi": roi(total_benefits, total_costs),
        "payback": payback_period(flows),
        "discounted_payback": discounted_payback_period(rate, flows),
        "bcr": ratio,
        "total_costs": total_costs,
        "total_benefits": total_benefits,
    }
