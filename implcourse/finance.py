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

from .validation import check_int, check_number

__all__ = [
    "TCO_CATEGORIES",
    "TCO_LABELS",
    "roi",
    "npv",
    "spreadsheet_npv",
    "irr",
    "irr_all",
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

def as_amounts(name: str, values: object, *, allow_2d: bool = False) -> np.ndarray:
    """A float array of finite amounts (1-D, or 2-D when allowed), validated.

    Raises ``TypeError``/``ValueError`` naming ``name`` and the bad value.

    Examples
    --------
    >>> as_amounts("costs", [1, 2.5]).tolist()
    [1.0, 2.5]
    >>> as_amounts("costs", [1, float("nan")])
    Traceback (most recent call last):
    ...
    ValueError: costs[1] must be a finite number, got nan
    """
    if values is None or isinstance(values, (str, bytes, Mapping)) or \
            not isinstance(values, (Iterable, np.ndarray)):
        raise TypeError(f"{name} must be a sequence of amounts, got "
                        f"{type(values).__name__} {values!r}")
    try:
        raw = np.asarray(values)
    except ValueError:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular sequence of numbers") from None
    if raw.dtype.kind not in "iuf" or (not isinstance(values, np.ndarray)
                                        and _holds_bool(values)):
        # strings, booleans, objects, complex; numpy quietly turns True into 1
        raise TypeError(f"{name} must contain only numbers, got {values!r}")
    array = raw.astype(float)
    if array.ndim == 0 or array.ndim > (2 if allow_2d else 1):
        shape = "a sequence (or a 2-D array, one series per row)" if allow_2d else "a sequence"
        raise ValueError(f"{name} must be {shape}, got an array of shape {array.shape}")
    if array.size == 0 or array.shape[-1] == 0:
        raise ValueError(f"{name} must not be empty")
    bad = np.argwhere(~np.isfinite(array))
    if bad.size:
        where = ", ".join(map(str, bad[0]))
        raise ValueError(f"{name}[{where}] must be a finite number, got {array[tuple(bad[0])]}")
    return array


def _holds_bool(values: Iterable) -> bool:
    """Whether a (possibly nested) Python sequence holds a bool."""
    for item in values:
        if isinstance(item, (bool, np.bool_)):
            return True
        if isinstance(item, (list, tuple)) and _holds_bool(item):
            return True
    return False


def _total(name: str, value: object) -> float:
    """A number, or the sum of a sequence of numbers."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return check_number(name, value)
    return float(as_amounts(name, value).sum())


def _rate(name: str, rate: object, rows: int | None = None) -> float | np.ndarray:
    """A discount rate > -1: a number, or one per row of a 2-D series."""
    if isinstance(rate, (np.ndarray, list, tuple)):
        if rows is None:
            raise TypeError(f"{name} must be a number for a single series, got "
                            f"{type(rate).__name__}")
        array = as_amounts(name, rate)
        if array.shape != (rows,):
            raise ValueError(f"{name} must be one number or one per row ({rows}), got "
                             f"{array.shape[0]}")
        if (array <= -1).any():
            raise ValueError(f"{name} must be > -1, got {array[array <= -1][0]}")
        return array
    value = check_number(name, rate)
    if value <= -1:
        raise ValueError(f"{name} must be > -1 (a rate of -100 % or less makes discounting "
                         f"meaningless), got {value}")
    return value


def discount_factors(rate: float, periods: int) -> np.ndarray:
    r"""The factors :math:`(1 + r)^{-t}` for t = 0, 1, ..., periods - 1.

    Examples
    --------
    >>> discount_factors(0.25, 3).tolist()
    [1.0, 0.8, 0.64]
    """
    rate = _rate("rate", rate)
    periods = check_int("periods", periods, minimum=1)
    return (1.0 + rate) ** -np.arange(periods, dtype=float)


def _present_value(rate, flows: np.ndarray) -> np.ndarray:
    """The sum of discounted flows, per row (a matrix-vector product when it can be)."""
    if isinstance(rate, np.ndarray):
        return _discounted(rate, flows).sum(axis=-1)
    return flows @ ((1.0 + rate) ** -np.arange(flows.shape[-1], dtype=float))


def _discounted(rate, flows: np.ndarray) -> np.ndarray:
    """``flows`` (1-D or rows) multiplied by their discount factors."""
    t = np.arange(flows.shape[-1], dtype=float)
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
    return (total_benefits - total_costs) / total_costs


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
    rate = _rate("rate", rate, rows=flows.shape[0] if flows.ndim == 2 else None)
    return _scalar_or_rows(_present_value(rate, flows), flows)


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
    return float(npv(rate, flows) / (1.0 + rate))


# --------------------------------------------------------------------------
# IRR
# --------------------------------------------------------------------------

def _changes_sign(flows: np.ndarray) -> np.ndarray:
    """Whether each series has both a positive and a negative amount."""
    return (flows > 0).any(axis=-1) & (flows < 0).any(axis=-1)


def _irr_roots(flows: np.ndarray) -> np.ndarray:
    """All real IRRs > -1 of each row of a 2-D array, NaN-padded: shape (rows, periods - 1).

    NPV(r) = sum c_t x^t with x = 1/(1+r) is a polynomial in x; its positive
    real roots give the IRRs. The roots are the eigenvalues of the
    polynomial's companion matrix, computed by LAPACK through
    ``numpy.linalg.eigvals`` for a whole stack of rows at once: the method of
    ``numpy.roots`` (and so of numpy-financial's ``irr``), vectorised rather
    than one call per series. Rows are grouped by their last non-zero
    period, so that every companion matrix has a non-zero leading
    coefficient.
    """
    rows, periods = flows.shape
    result = np.full((rows, max(periods - 1, 1)), np.nan)
    nonzero = flows != 0
    last = np.where(nonzero.any(axis=1), periods - 1 - np.argmax(nonzero[:, ::-1], axis=1), 0)
    for degree in np.unique(last):
        if degree == 0:
            continue  # a single amount: no root
        members = np.flatnonzero(last == degree)
        coeffs = flows[members, : degree + 1][:, ::-1]  # highest power of x first
        companion = np.zeros((len(members), degree, degree))
        companion[:, 0, :] = -coeffs[:, 1:] / coeffs[:, :1]
        if degree > 1:
            companion[:, np.arange(1, degree), np.arange(degree - 1)] = 1.0
        roots = np.linalg.eigvals(companion)
        real = (np.abs(roots.imag) <= 1e-9 * np.maximum(1.0, np.abs(roots))) & (roots.real > 0)
        with np.errstate(divide="ignore"):
            rates = np.where(real, 1.0 / np.where(real, roots.real, 1.0) - 1.0, np.nan)
        result[members[:, None], np.arange(degree)] = rates
    return result


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

    A series whose sign changes more than once (say a
    decommissioning cost at the end) may have several, or none: the NPV
    polynomial can cross zero at most once per sign change (Descartes' rule of
    signs). This function then returns the IRR closest to zero, as
    numpy-financial does; :func:`irr_all` lists them all. Where IRRs are
    ambiguous, decide with the NPV at the rate the project must earn (the
    hurdle rate, if it reflects the project's risk).

    Parameters
    ----------
    cashflows : sequence or 2-D array
        One series, or one series per row.

    Returns
    -------
    float or numpy.ndarray
        The IRR as a fraction. For a 2-D array, one IRR per row, with NaN
        for rows that never change sign or have no real IRR (so that a
        Monte Carlo run is not stopped by one odd draw).

    Raises
    ------
    ValueError
        For a single series that never changes sign, or has no real IRR.

    Examples
    --------
    Excel's IRR documentation: an investment of 70,000 and five years of
    income:

    >>> round(irr([-70_000, 12_000, 15_000, 18_000, 21_000, 26_000]), 3)
    0.087
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
        rates = _irr_roots(table[signs])
        found = ~np.isnan(rates).all(axis=1)
        closest = np.nanargmin(np.where(np.isnan(rates), np.inf, np.abs(rates)), axis=1)
        picked = rates[np.arange(len(rates)), closest]
        result[np.flatnonzero(signs)[found]] = picked[found]
    if flows.ndim == 1:
        if np.isnan(result[0]):
            raise ValueError("cashflows have no real internal rate of return (the NPV "
                             "never reaches zero); compare NPVs at the hurdle rate instead")
        return float(result[0])
    return result


def irr_all(cashflows) -> list[float]:
    """Every real IRR of one series (greater than -100 %), smallest first.

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
    return np.sort(rates[~np.isnan(rates)]).tolist()


# --------------------------------------------------------------------------
# Payback
# --------------------------------------------------------------------------

def _payback(flows: np.ndarray):
    """Years until the cumulative flow first turns non-negative, interpolated."""
    table = np.atleast_2d(flows)
    cumulative = np.cumsum(table, axis=1)
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

    The same as :func:`payback_period` on :math:`c_t / (1 + r)^t`.

    Examples
    --------
    The same chapter review problem at 10 %:

    >>> round(discounted_payback_period(0.10, [-200, 50, 60, 70, 200]), 2)
    3.38
    """
    flows = as_amounts("cashflows", cashflows, allow_2d=True)
    rate = _rate("rate", rate, rows=flows.shape[0] if flows.ndim == 2 else None)
    return _payback(_discounted(rate, flows))


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
    pv_costs = float(_discounted(rate, k).sum())
    if pv_costs == 0:
        raise ValueError("costs must not all be zero")
    return float(_discounted(rate, b).sum()) / pv_costs


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
                        f"got {type(costs).__name__}")
    if not costs:
        raise ValueError("costs must name at least one category")
    lengths = set()
    columns = {}
    for category, amounts in costs.items():
        if category not in TCO_CATEGORIES:
            raise ValueError(f"costs has unknown category {category!r}; categories are "
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
    frame["total"] = frame.sum(axis=1)
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
    flows = b - k
    try:
        rate_of_return = irr(flows)
    except ValueError:
        rate_of_return = math.nan
    return {
        "npv": npv(rate, flows),
        "irr": rate_of_return,
        "roi": roi(b.sum(), k.sum()),
        "payback": payback_period(flows),
        "discounted_payback": discounted_payback_period(rate, flows),
        "bcr": ratio,
        "total_costs": float(k.sum()),
        "total_benefits": float(b.sum()),
    }
