"""Earned value management (EVM): where a project stands, and where it is heading.

Four numbers describe a project at a status date, all in money:

* **BAC**, budget at completion: the approved budget for all the planned work;
* **PV**, planned value: the budget of the work that was planned to be done
  by the status date (cumulative);
* **EV**, earned value: the budget of the work actually done by then
  (cumulative), whatever it cost;
* **AC**, actual cost: what the work done has cost (cumulative).

From them :func:`evm` computes the variances, the indices, three estimates at
completion, the estimate to complete, the variance at completion, the
to-complete performance index and a status in plain words. The formulas are
those of PMI's *Practice Standard for Earned Value Management*, 2nd ed.
(2011), which PMI's *The Standard for Earned Value Management* (2019) replaced
with the same formulas and earned schedule in the standard itself, and of the
*PMBOK Guide*, 6th ed. (2017), section 7.4.2.2 and table 7-1 (the 7th edition
treats earned value in its Measurement performance domain).

Conventions (stated once, used everywhere):

* All four inputs are cumulative to the status date and in the same currency.
* Negative values are refused; BAC must be above 0; PV and EV cannot exceed
  BAC (EV above BAC would mean more work done than exists).
* AC = 0 is refused: CPI = EV / AC is then undefined and no CPI or cost
  forecast can be given. PV = 0 is refused for the same reason for SPI.
* EV = 0 (nothing earned yet, money spent) gives CPI = 0: the forecasts that
  divide by CPI (``eac``, ``eac_cpi_spi`` and so ``etc`` and ``vac``) are
  then ``None`` for one project (NaN in arrays).
* When BAC - AC <= 0 the budget is already spent: ``tcpi`` (against BAC) is
  ``None`` for one project (NaN in arrays), and the status says that only a
  revised EAC makes sense (:meth:`EarnedValue.tcpi_for`).
* "On budget" and "on schedule" mean exactly equal (EV = AC, EV = PV).

The module also holds the S-curve history of lesson 06's *synthetic* ERP
rollout (:func:`load_history`) with the status at a period
(:func:`status_at`) and the EAC projection drawn on the S-curve
(:func:`eac_projection`).

References
----------
.. [1] Project Management Institute, *Practice Standard for Earned Value
   Management*, 2nd ed., 2011 (formulas; earned schedule in appendix D),
   replaced by *The Standard for Earned Value Management*, 2019.
.. [2] Project Management Institute, *A Guide to the Project Management Body
   of Knowledge*, 6th ed., 2017, section 7.4.2.2 and table 7-1.
.. [3] Q. W. Fleming and J. M. Koppelman, *Earned Value Project Management*,
   4th ed., PMI, 2010.

Examples
--------
>>> status = evm(bac=100_000, pv=50_000, ev=40_000, ac=50_000)
>>> status.cv, status.sv, round(status.cpi, 2), round(status.spi, 2)
(-10000.0, -10000.0, 0.8, 0.8)
>>> status.eac, status.vac
(125000.0, -25000.0)
>>> print(status.status)
Over budget by 10,000 (CPI 0.80: each 1 spent earns 0.80 of planned work) and behind schedule by 10,000 of planned work (SPI 0.80).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd

from .. import content
from ..content import ContentModel, Slug, Text, load_entries
from ..validation import check_choice, shown
from .schedule_performance import earned_schedule

__all__ = ["EarnedValue", "evm", "FIELD_NAMES", "Projection", "EAC_METHODS",
           "HistoryRow", "EvmProject", "load_project", "load_history", "status_at",
           "eac_projection", "check_history"]

#: The inputs in the learner's words, as the messages and the tools name them.
FIELD_NAMES = {
    "bac": "Budget at completion (BAC)",
    "pv": "Planned value (PV)",
    "ev": "Earned value (EV)",
    "ac": "Actual cost (AC)",
}

#: The three estimates at completion: method -> (attribute, formula, assumption).
EAC_METHODS = {
    "cpi": ("eac", "EAC = BAC / CPI",
            "the remaining work costs what the work so far cost (typical variance)"),
    "atypical": ("eac_atypical", "EAC = AC + (BAC - EV)",
                 "the remaining work costs its budget (the variance so far was a one-off)"),
    "cpi_spi": ("eac_cpi_spi", "EAC = AC + (BAC - EV) / (CPI x SPI)",
                "the remaining work is hit by both the cost and the schedule performance"),
}

PROJECT_FILE = "metrics/evm_project.yml"


# --------------------------------------------------------------------------
# Formatting and checking
# --------------------------------------------------------------------------

def _amount(value: float) -> str:
    """A money amount with thousands separators: whole amounts without decimals.

    Amounts too large or too small to read that way are shown in scientific notation.

    >>> _amount(1234567.0), _amount(1234.5), _amount(-10.0), _amount(1e300), _amount(2e-300)
    ('1,234,567', '1,234.50', '-10', '1e+300', '2e-300')
    """
    value = float(value) + 0.0
    if abs(value) >= 1e15 or 0 < abs(value) < 0.005:
        return f"{value:.6g}"
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,d}"
    return f"{value:,.2f}"


def _shown(value: object) -> str:
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):
        value = float(value)
        return _amount(value) if math.isfinite(value) else str(value)
    return repr(value)


def _where(row: int | None) -> str:
    return f"project row {row}: " if row is not None else ""


def _scalar(field: str, value: object, row: int | None = None) -> float:
    """One input as a finite, non-negative float, or an error naming it."""
    label = FIELD_NAMES.get(field, field)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{label} must be a number ({_where(row)}you entered {value!r})")
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(f"{label} must be a finite number ({_where(row)}you entered "
                         f"{shown(value)})")
    if number < 0:
        raise ValueError(f"{label} cannot be negative ({_where(row)}you entered "
                         f"{_amount(number)})")
    return number


def _is_array(value: object) -> bool:
    return (isinstance(value, (list, tuple, pd.Series, pd.Index))
            or (isinstance(value, np.ndarray) and value.ndim > 0))


def _column(field: str, value: object) -> np.ndarray:
    """An array-like input as a 1-D float array, each value checked."""
    label = FIELD_NAMES.get(field, field)
    raw = value.to_numpy() if isinstance(value, (pd.Series, pd.Index)) else value
    try:  # lists as objects, so that numbers mixed with text are not turned into text
        array = np.asarray(raw, dtype=None if isinstance(raw, np.ndarray) else object)
    except (ValueError, TypeError):  # ragged nested lists
        raise TypeError(f"{label} must be a number or a flat list of numbers "
                        f"(you entered {value!r})") from None
    if array.ndim != 1:
        raise TypeError(f"{label} must be a number or a flat list of numbers, one per "
                        f"project (you entered an array of shape {array.shape})")
    if array.size == 0:
        raise ValueError(f"{label} needs at least one project (you entered an empty list)")
    if array.dtype.kind in "fiu":
        values = array.astype(float)
        bad = ~np.isfinite(values) | (values < 0)
        if not bad.any():
            return values
        row = int(np.argmax(bad))
        _scalar(field, values[row], row + 1)  # raises with the message
    return np.array([_scalar(field, item, row) for row, item in enumerate(array, start=1)],
                    dtype=float)


def _first(mask: np.ndarray) -> int | None:
    """The 1-based row of the first True, or None."""
    return int(np.argmax(mask)) + 1 if mask.any() else None


# --------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------

_MEASURES = (
    # attribute, measure, formula, meaning
    ("bac", "Budget at completion (BAC)", "the approved budget",
     "The budget for all the planned work."),
    ("pv", "Planned value (PV)", "budget of the work scheduled to date",
     "What should have been done by the status date, in budget terms."),
    ("ev", "Earned value (EV)", "budget of the work done to date",
     "What has been done by the status date, in budget terms."),
    ("ac", "Actual cost (AC)", "cost of the work done to date",
     "What the work done has cost."),
    ("cv", "Cost variance (CV)", "EV - AC", "Negative: over budget; positive: under budget."),
    ("sv", "Schedule variance (SV)", "EV - PV",
     "Negative: behind schedule; positive: ahead (in money, not time)."),
    ("cpi", "Cost performance index (CPI)", "EV / AC",
     "Work earned per unit of money spent; below 1 is over budget."),
    ("spi", "Schedule performance index (SPI)", "EV / PV",
     "Work done per unit of work planned; below 1 is behind schedule."),
    ("eac", "Estimate at completion, typical (EAC)", "BAC / CPI",
     "The forecast total cost if the cost performance so far continues."),
    ("eac_atypical", "Estimate at completion, atypical", "AC + (BAC - EV)",
     "The forecast total cost if the rest of the work costs its budget."),
    ("eac_cpi_spi", "Estimate at completion, CPI x SPI", "AC + (BAC - EV) / (CPI x SPI)",
     "The forecast total cost if both cost and schedule performance weigh on the rest."),
    ("etc", "Estimate to complete (ETC)", "EAC - AC",
     "The forecast cost of the remaining work (with the typical EAC)."),
    ("vac", "Variance at completion (VAC)", "BAC - EAC",
     "The forecast overrun (negative) or underrun (positive) at the finish."),
    ("tcpi", "To-complete performance index (TCPI)", "(BAC - EV) / (BAC - AC)",
     "The CPI the remaining work needs to finish within BAC; above 1 is harder."),
    ("percent_complete", "Per cent complete", "EV / BAC", "Share of the work done."),
    ("percent_spent", "Per cent spent", "AC / BAC", "Share of the budget spent."),
)


@dataclass(frozen=True)
class EarnedValue:
    """The earned value measures of one project (floats) or of several (arrays,
    one project per row). Made by :func:`evm`.

    Attributes
    ----------
    bac, pv, ev, ac : float or ndarray
        The inputs: budget at completion, planned value, earned value and
        actual cost, cumulative to the status date.
    cv : float or ndarray
        Cost variance, ``CV = EV - AC``. Negative means over budget.
    sv : float or ndarray
        Schedule variance, ``SV = EV - PV``, in money. Negative means behind
        schedule. It returns to 0 when the work is done, however late.
    cpi : float or ndarray
        Cost performance index, ``CPI = EV / AC``: work earned per unit spent.
    spi : float or ndarray
        Schedule performance index, ``SPI = EV / PV``. It returns to 1.0 when
        the work is done, however late (see :mod:`.schedule_performance`).
    eac : float, None or ndarray
        Estimate at completion, typical: ``EAC = BAC / CPI``. None (NaN in
        arrays) when EV = 0, where CPI = 0.
    eac_atypical : float or ndarray
        Estimate at completion, atypical: ``EAC = AC + (BAC - EV)``.
    eac_cpi_spi : float, None or ndarray
        Estimate at completion from both indices:
        ``EAC = AC + (BAC - EV) / (CPI x SPI)``. None (NaN) when EV = 0 and
        work remains.
    etc : float, None or ndarray
        Estimate to complete, ``ETC = EAC - AC`` (with the typical EAC).
    vac : float, None or ndarray
        Variance at completion, ``VAC = BAC - EAC`` (typical EAC). Negative
        means a forecast overrun.
    tcpi : float, None or ndarray
        To-complete performance index against BAC,
        ``TCPI = (BAC - EV) / (BAC - AC)``: the CPI the remaining work needs to
        finish within BAC. None (NaN) when BAC - AC <= 0: the budget is spent,
        so only a revised EAC makes sense (:meth:`tcpi_for`).
    percent_complete : float or ndarray
        ``EV / BAC``, from 0 to 1.
    percent_spent : float or ndarray
        ``AC / BAC``; above 1 when the budget is overspent.
    currency : str
        The currency named in the status ("" for none).
    """

    bac: float | np.ndarray
    pv: float | np.ndarray
    ev: float | np.ndarray
    ac: float | np.ndarray
    cv: float | np.ndarray
    sv: float | np.ndarray
    cpi: float | np.ndarray
    spi: float | np.ndarray
    eac: float | None | np.ndarray
    eac_atypical: float | np.ndarray
    eac_cpi_spi: float | None | np.ndarray
    etc: float | None | np.ndarray
    vac: float | None | np.ndarray
    tcpi: float | None | np.ndarray
    percent_complete: float | np.ndarray
    percent_spent: float | np.ndarray
    currency: str = ""

    @property
    def vectorised(self) -> bool:
        """True when the measures are arrays (one project per row)."""
        return isinstance(self.bac, np.ndarray)

    def __len__(self) -> int:
        return len(self.bac) if self.vectorised else 1

    def _row(self, i: int) -> dict:
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                value = float(value[i])
                value = None if math.isnan(value) else value
            out[f.name] = value
        return out

    def tcpi_for(self, eac):
        """The TCPI against a revised estimate at completion:
        ``TCPI = (BAC - EV) / (EAC - AC)``.

        It is the cost performance the remaining work needs to finish at
        ``eac``. While work remains, ``eac`` must be above AC (what is spent
        is spent); with no work left (EV = BAC) the TCPI is 0, for any
        ``eac`` >= AC.

        Parameters
        ----------
        eac : float or array-like
            The revised estimate at completion, one number or one per project.

        Examples
        --------
        >>> status = evm(bac=100_000, pv=50_000, ev=40_000, ac=50_000)
        >>> round(status.tcpi_for(125_000), 2)
        0.8
        >>> status.tcpi_for(45_000)
        Traceback (most recent call last):
        ...
        ValueError: Estimate at completion (EAC) must be more than the actual cost (AC) while work remains (you entered EAC 45,000 with AC 50,000)
        """
        label = "Estimate at completion (EAC)"
        if _is_array(eac):
            values = _column("Estimate at completion (EAC)", eac)
            if self.vectorised and values.size != len(self):
                raise ValueError(f"{label} has {values.size} values but there are "
                                 f"{len(self)} projects")
        else:
            values = _scalar(label, eac)
        bac, ev, ac = (np.asarray(x, dtype=float) for x in (self.bac, self.ev, self.ac))
        values_b, bac, ev, ac = (np.atleast_1d(x) for x in np.broadcast_arrays(
            np.asarray(values, dtype=float), bac, ev, ac))
        remaining = bac - ev
        vector = _is_array(eac) or self.vectorised
        bad = ((remaining > 0) & (values_b <= ac)) | ((remaining <= 0) & (values_b < ac))
        if bad.any():
            row = _first(bad) if vector else None
            i = (row or 1) - 1
            where = f"project row {row}: " if row is not None else ""
            need = "more than" if remaining[i] > 0 else "at least"
            condition = " while work remains" if remaining[i] > 0 else ""
            raise ValueError(f"{label} must be {need} the actual cost (AC){condition} "
                             f"({where}you entered EAC {_amount(values_b[i])} with AC "
                             f"{_amount(ac[i])})")
        with np.errstate(all="ignore"):
            result = np.where(remaining > 0, remaining / (values_b - ac), 0.0)
        row = _first(np.isinf(result))
        if row is not None:
            i = row - 1
            where = f"project row {row}: " if vector else ""
            raise ValueError(f"The TCPI cannot be computed: {label} is so close to the actual "
                             f"cost (AC) that it overflows ({where}you entered EAC "
                             f"{_shown(values_b[i])} with AC {_shown(ac[i])})")
        return result if vector else float(result[0])

    def forecast(self, method: str = "cpi") -> dict:
        """EAC by one of the three methods, with the ETC, VAC and TCPI it implies.

        ``ETC = EAC - AC``, ``VAC = BAC - EAC`` and ``TCPI = (BAC - EV) /
        (EAC - AC)`` (:meth:`tcpi_for`), all with the chosen EAC; the
        attributes ``etc`` and ``vac`` use the typical EAC (``BAC / CPI``).
        A value that is undefined (no EAC when nothing is earned yet, no TCPI
        when the EAC is not above AC while work remains) is None. One project
        only (use the attributes for arrays).

        Parameters
        ----------
        method : {"cpi", "atypical", "cpi_spi"}
            The EAC formula: see :data:`EAC_METHODS`.

        Returns
        -------
        dict
            ``eac``, ``etc``, ``vac``, ``tcpi`` and ``formula`` and
            ``assumption`` (the method's, in words).

        Examples
        --------
        >>> status = evm(bac=200_000, pv=90_000, ev=80_000, ac=100_000)
        >>> f = status.forecast("atypical")
        >>> f["eac"], f["etc"], f["vac"], round(f["tcpi"], 3)
        (220000.0, 120000.0, -20000.0, 1.0)
        """
        if self.vectorised:
            raise TypeError("forecast() is for one project; for arrays use the attributes "
                            "eac, eac_atypical and eac_cpi_spi")
        if not isinstance(method, str) or method not in EAC_METHODS:
            raise ValueError(f"EAC method must be one of {', '.join(EAC_METHODS)} "
                             f"(you entered {method!r})")
        attr, formula, assumption = EAC_METHODS[method]
        eac = getattr(self, attr)
        out = {"eac": eac, "etc": None, "vac": None, "tcpi": None, "formula": formula,
               "assumption": assumption}
        if eac is not None:
            out["etc"], out["vac"] = eac - self.ac, self.bac - eac
            try:
                out["tcpi"] = self.tcpi_for(eac)
            except ValueError:  # the EAC is not above AC while work remains
                pass
        return out

    @property
    def status(self) -> str | list[str]:
        """The project's status in plain words (a list, one per project, for arrays).

        Cost: "Over budget by X (CPI ...)", "Under budget by X (CPI ...)" or
        "Exactly on budget" when EV = AC. Schedule: "behind schedule by X of
        planned work", "ahead of schedule by X ..." or "on schedule" when
        EV = PV. A sentence follows when nothing is earned yet, when all work
        is done, or when the budget is already spent.

        Examples
        --------
        >>> print(evm(bac=1000, pv=500, ev=500, ac=500, currency="EUR").status)
        Exactly on budget (CPI 1.00: each 1 EUR spent earns 1.00 EUR of planned work) and on schedule (SPI 1.00).
        >>> print(evm(bac=1000, pv=900, ev=800, ac=1100).status)  # doctest: +NORMALIZE_WHITESPACE
        Over budget by 300 (CPI 0.73: each 1 spent earns 0.73 of planned work) and behind
        schedule by 100 of planned work (SPI 0.89). The budget is already spent (AC 1,100 of
        BAC 1,000): the remaining work cannot finish within BAC, so there is no TCPI against
        BAC; only a TCPI against a revised EAC makes sense.
        """
        if self.vectorised:
            return [_status_words(**self._row(i)) for i in range(len(self))]
        return _status_words(**self._row(0))

    def to_frame(self) -> pd.DataFrame:
        """One row per project: the inputs, every measure and the status.

        The index is the project row, from 1. Undefined measures are NaN.

        Examples
        --------
        >>> frame = evm([100, 200], [50, 100], [40, 100], [50, 80]).to_frame()
        >>> frame[["cpi", "spi"]].round(2).to_dict("list")
        {'cpi': [0.8, 1.25], 'spi': [0.8, 1.0]}
        """
        names = [f.name for f in fields(self) if f.name != "currency"]
        data = {name: np.atleast_1d(np.asarray(
            [np.nan if v is None else v for v in np.atleast_1d(np.asarray(
                getattr(self, name), dtype=object))], dtype=float)) for name in names}
        frame = pd.DataFrame(data, index=pd.RangeIndex(1, len(self) + 1, name="project"))
        status = self.status
        frame["status"] = status if isinstance(status, list) else [status]
        return frame

    def table(self, project: int | None = None) -> pd.DataFrame:
        """One row per measure, for a lesson: measure, formula, value and what it means.

        Parameters
        ----------
        project : int, optional
            For several projects, which one (1-based row). Not needed for one.

        Returns
        -------
        DataFrame
            Columns "Measure", "Formula", "Value" (NaN where undefined) and
            "What it means".

        Examples
        --------
        >>> table = evm(bac=100_000, pv=50_000, ev=40_000, ac=50_000).table()
        >>> cpi = table.set_index("Measure").loc["Cost performance index (CPI)"]
        >>> cpi["Formula"], float(cpi["Value"]), cpi["What it means"]
        ('EV / AC', 0.8, 'Work earned per unit of money spent; below 1 is over budget.')
        """
        if self.vectorised:
            if project is None:
                raise ValueError(f"Project must be given for a table of several projects: a "
                                 f"row from 1 to {len(self)} (you entered None)")
            if (isinstance(project, bool) or not isinstance(project, numbers.Integral)
                    or not 1 <= project <= len(self)):
                raise ValueError(f"Project must be a whole number from 1 to {len(self)} "
                                 f"(you entered {project!r})")
            row = self._row(int(project) - 1)
        else:
            if project is not None and (isinstance(project, (bool, np.bool_))
                                        or not isinstance(project, numbers.Integral)
                                        or project != 1):
                raise ValueError(f"Project must be 1 or None for a single project "
                                 f"(you entered {project!r})")
            row = self._row(0)
        records = [{"Measure": measure, "Formula": formula, "Value": row[attr],
                    "What it means": meaning}
                   for attr, measure, formula, meaning in _MEASURES]
        return pd.DataFrame(records)


def _status_words(*, bac, pv, ev, ac, cpi, spi, tcpi, currency="", **_) -> str:
    unit = f" {currency}" if currency else ""
    each = f"each 1{unit} spent earns {cpi:.2f}{unit} of planned work"
    if ev < ac:
        cost = f"Over budget by {_amount(ac - ev)}{unit} (CPI {cpi:.2f}: {each})"
    elif ev > ac:
        cost = f"Under budget by {_amount(ev - ac)}{unit} (CPI {cpi:.2f}: {each})"
    else:
        cost = f"Exactly on budget (CPI {cpi:.2f}: {each})"
    if ev < pv:
        schedule = f"behind schedule by {_amount(pv - ev)}{unit} of planned work (SPI {spi:.2f})"
    elif ev > pv:
        schedule = f"ahead of schedule by {_amount(ev - pv)}{unit} of planned work (SPI {spi:.2f})"
    else:
        schedule = f"on schedule (SPI {spi:.2f})"
    words = [f"{cost} and {schedule}."]
    if ev == 0:
        words.append("Nothing has been earned yet, so CPI is 0 and no forecast that "
                     "divides by CPI can be given.")
    if ev == bac:
        words.append("All the planned work is done (EV = BAC); SV and SPI always come back "
                     "to 0 and 1.00 at the finish, so use earned schedule to see lateness.")
    elif tcpi is None:
        words.append(f"The budget is already spent (AC {_amount(ac)}{unit} of BAC "
                     f"{_amount(bac)}{unit}): the remaining work cannot finish within BAC, "
                     f"so there is no TCPI against BAC; only a TCPI against a revised EAC "
                     f"makes sense.")
    return " ".join(words)


# --------------------------------------------------------------------------
# evm()
# --------------------------------------------------------------------------

def evm(bac, pv, ev, ac, *, currency: str = "") -> EarnedValue:
    """Earned value measures and forecasts for one project, or one per row.

    Parameters
    ----------
    bac, pv, ev, ac : float or array-like
        Budget at completion, planned value, earned value and actual cost,
        cumulative to the status date, in one currency. Numbers give floats;
        array-likes (list, numpy array, pandas Series) of equal length give
        arrays, one project per row; numbers among arrays apply to every row.
    currency : str, optional
        The currency to name in the status (e.g. "EUR").

    Returns
    -------
    EarnedValue
        ``cv = EV - AC``, ``sv = EV - PV``, ``cpi = EV / AC``,
        ``spi = EV / PV``, ``eac = BAC / CPI``, ``eac_atypical = AC + BAC - EV``,
        ``eac_cpi_spi = AC + (BAC - EV) / (CPI x SPI)``, ``etc = EAC - AC``,
        ``vac = BAC - EAC``, ``tcpi = (BAC - EV) / (BAC - AC)``,
        ``percent_complete = EV / BAC``, ``percent_spent = AC / BAC``, and a
        plain-words ``status``.

    Raises
    ------
    TypeError
        For a value that is not a number (text, True/False, None).
    ValueError
        For NaN or infinity, a negative value, BAC of 0, PV or EV above BAC,
        AC = 0 (CPI undefined) or PV = 0 (SPI undefined), or arrays of
        different lengths. For arrays the message names the project row
        (from 1).

    Examples
    --------
    The fence of four sides, 1,000 each, at the end of day three
    (PV 3,000; EV 2,500; AC 2,800; BAC 4,000):

    >>> fence = evm(4000, 3000, 2500, 2800)
    >>> round(fence.cpi, 3), round(fence.spi, 3), round(fence.eac), round(fence.vac)
    (0.893, 0.833, 4480, -480)

    One project per row:

    >>> many = evm(bac=[100, 100], pv=[50, 60], ev=[40, 60], ac=[50, 50])
    >>> many.cpi.round(2).tolist(), many.status[1][:30]
    ([0.8, 1.2], 'Under budget by 10 (CPI 1.20: ')

    Bad input names the field in the learner's words:

    >>> evm(bac=100, pv=50, ev=120, ac=50)
    Traceback (most recent call last):
    ...
    ValueError: Earned value (EV) cannot exceed the budget at completion (BAC) (you entered EV 120 with BAC 100)
    >>> evm(bac=100, pv=50, ev=40, ac=0)
    Traceback (most recent call last):
    ...
    ValueError: Actual cost (AC) is 0: CPI = EV / AC is undefined when AC is 0, so no CPI or forecast can be given (you entered 0)
    """
    if not isinstance(currency, str):
        raise TypeError(f"Currency must be text such as 'EUR' (you entered {currency!r})")
    currency = currency.strip()
    raw = {"bac": bac, "pv": pv, "ev": ev, "ac": ac}
    vector = any(_is_array(v) for v in raw.values())
    if not vector:
        values = {k: np.array([_scalar(k, v)]) for k, v in raw.items()}
    else:
        values = {k: (_column(k, v) if _is_array(v) else _scalar(k, v)) for k, v in raw.items()}
        sizes = {k: v.size for k, v in values.items() if isinstance(v, np.ndarray)}
        if len(set(sizes.values())) > 1:
            listed = ", ".join(f"{FIELD_NAMES[k]} {n}" for k, n in sizes.items())
            raise ValueError(f"Give one value per project, or one number for all: the lists "
                             f"have different lengths ({listed})")
        n = next(iter(sizes.values()))
        values = {k: (v if isinstance(v, np.ndarray) else np.full(n, v)) for k, v in values.items()}
    b, p, e, a = (values[k] for k in ("bac", "pv", "ev", "ac"))
    _cross_check(b, p, e, a, vector)

    with np.errstate(all="ignore"):  # overflow is checked below, by measure
        cv = e - a
        sv = e - p
        cpi = e / a
        spi = e / p
        earned = e > 0
        eac = np.where(earned, b / np.where(earned, cpi, 1.0), np.nan)
        eac_atypical = a + b - e
        remaining = b - e
        eac_cpi_spi = np.where(remaining == 0, a,
                               np.where(earned, a + remaining / np.where(earned, cpi * spi, 1.0),
                                        np.nan))
        etc = eac - a
        vac = b - eac
        left = b - a
        tcpi = np.where(left > 0, remaining / np.where(left > 0, left, 1.0), np.nan)
        out = dict(bac=b, pv=p, ev=e, ac=a, cv=cv, sv=sv, cpi=cpi, spi=spi, eac=eac,
                   eac_atypical=eac_atypical, eac_cpi_spi=eac_cpi_spi, etc=etc, vac=vac,
                   tcpi=tcpi, percent_complete=e / b, percent_spent=a / b)
    _check_overflow(out, vector)
    if not vector:
        out = {k: (None if math.isnan(float(v[0])) else float(v[0]) + 0.0) for k, v in out.items()}
    return EarnedValue(**out, currency=currency)


def _check_overflow(out: dict, vector: bool) -> None:
    """Refuse inputs so large (or so small) that a measure overflows to infinity."""
    names = {attr: measure for attr, measure, _, _ in _MEASURES}
    for key, values in out.items():
        row = _first(np.isinf(values))
        if row is None:
            continue
        i = row - 1
        where = f"project row {row}: " if vector else ""
        raise ValueError(f"{names[key]} cannot be computed: the inputs are too large or too "
                         f"small and it overflows ({where}you entered BAC {_shown(out['bac'][i])}, "
                         f"PV {_shown(out['pv'][i])}, EV {_shown(out['ev'][i])}, AC "
                         f"{_shown(out['ac'][i])})")


def _cross_check(b, p, e, a, vector: bool) -> None:
    def fail(mask, message):
        row = _first(mask)
        if row is None:
            return
        where = f"project row {row}: " if vector else ""
        raise ValueError(message(row - 1, where))

    fail(b <= 0, lambda i, w: f"{FIELD_NAMES['bac']} must be more than 0 ({w}you entered "
                              f"{_amount(b[i])})")
    fail(p > b, lambda i, w: f"{FIELD_NAMES['pv']} cannot exceed the budget at completion "
                             f"(BAC) ({w}you entered PV {_amount(p[i])} with BAC "
                             f"{_amount(b[i])})")
    fail(e > b, lambda i, w: f"{FIELD_NAMES['ev']} cannot exceed the budget at completion "
                             f"(BAC) ({w}you entered EV {_amount(e[i])} with BAC "
                             f"{_amount(b[i])})")
    fail(a == 0, lambda i, w: f"{FIELD_NAMES['ac']} is 0: CPI = EV / AC is undefined when AC "
                              f"is 0, so no CPI or forecast can be given ({w}you entered 0)")
    fail(p == 0, lambda i, w: f"{FIELD_NAMES['pv']} is 0: SPI = EV / PV is undefined when PV "
                              f"is 0, so no SPI or schedule-based forecast can be given "
                              f"({w}you entered 0)")


# --------------------------------------------------------------------------
# The S-curve history
# --------------------------------------------------------------------------

class HistoryRow(ContentModel):
    """One reporting period of an EVM history: cumulative PV, EV and AC at its end."""

    period: int
    pv: float
    ev: float | None = None
    ac: float | None = None
    note: Text | None = None


class EvmProject(ContentModel):
    """A project whose EVM history the course holds (``datasets/metrics/evm_project.yml``)."""

    id: Slug
    name: Text
    history: Text
    currency: Text
    period: Text
    working_days_per_period: int
    bac: float
    baseline: Text
    story: Text


def load_project(project_id: str = "erp_rollout") -> EvmProject:
    """The description of a project with an EVM history (currency, period, BAC, story).

    Examples
    --------
    >>> info = load_project()
    >>> info.currency, info.period, info.bac
    ('EUR', 'month', 950000.0)
    """
    projects = {p.id: p for p in load_entries(PROJECT_FILE, EvmProject, key="projects")}
    project_id = check_choice("Project (project_id)", project_id, projects)
    return projects[project_id]


@content.cached_by_file
def _history_rows(path: Path) -> tuple[HistoryRow, ...]:
    return content.load_rows(path, HistoryRow)


def load_history(name: str | Path | None = None, *, currency: str | None = None
                 ) -> pd.DataFrame:
    """The monthly S-curve history of lesson 06's **synthetic** ERP rollout, or
    another history file.

    Columns: ``period`` (1, 2, ...), cumulative ``pv``, ``ev`` and ``ac`` at
    the end of each period, and a ``note`` on what happened. A leading 0 at
    period 0 (the start) is implied. ``ev`` and ``ac`` may be empty for
    periods not yet reported. ``DataFrame.attrs`` holds ``currency``,
    ``bac`` (the final PV), ``unit`` (the period's name) and ``name``.

    The lesson's data are synthetic, made for teaching (see
    ``datasets/metrics/README_earned_value.md``): PV is the cost baseline of
    lesson 01's ERP plan with lesson 04's most likely costs (BAC 950,000 EUR,
    planned finish in month 8); EV and AC tell an invented story of a slow
    start, a recovery and a cost overrun, finishing in month 11.

    Parameters
    ----------
    name : str or Path, optional
        A CSV file of your own with the same columns; by default the lesson's.
    currency : str, optional
        The currency of your own file (the lesson's is EUR).

    Examples
    --------
    >>> history = load_history()
    >>> len(history), history.attrs["currency"], history.attrs["bac"]
    (11, 'EUR', 950000.0)
    >>> history[["period", "pv", "ev", "ac"]].iloc[-1].tolist()
    [11.0, 950000.0, 950000.0, 1125000.0]
    """
    if currency is not None and not isinstance(currency, str):
        raise TypeError(f"Currency must be text such as 'EUR' (you entered {currency!r})")
    info = load_project() if name is None else None
    rows = _history_rows(name if name is not None else info.history)
    frame = pd.DataFrame([row.model_dump() for row in rows],
                         columns=["period", "pv", "ev", "ac", "note"])
    frame[["pv", "ev", "ac"]] = frame[["pv", "ev", "ac"]].astype(float)
    frame.attrs["currency"] = info.currency if info else (currency or "").strip()
    frame.attrs["unit"] = info.period if info else "period"
    frame.attrs["name"] = info.name if info else str(name)
    checked = check_history(frame)
    frame.attrs["bac"] = checked.bac
    if info and checked.bac != info.bac:
        raise content.ContentError(content.display_path(content.resolve(info.history)),
                                   f"the final planned value {_amount(checked.bac)} differs "
                                   f"from the project's BAC {_amount(info.bac)}")
    return frame


@dataclass(frozen=True)
class _History:
    period: np.ndarray
    pv: np.ndarray
    ev: np.ndarray
    ac: np.ndarray
    reported: int
    bac: float
    currency: str
    unit: str


def _history_numbers(history: pd.DataFrame, key: str, label: str, what: str) -> np.ndarray:
    """A history column as floats (NaN where empty); text, True/False and dates are refused,
    naming the period and the value."""
    column = history[key]
    if isinstance(column, pd.DataFrame):  # the column name appears twice
        raise ValueError(f"The history has the column {key} more than once")
    for i, item in enumerate(column.tolist(), start=1):
        empty = item is None or item is pd.NA or item is pd.NaT or (
            isinstance(item, float) and math.isnan(item))
        if not empty and (isinstance(item, (bool, np.bool_))
                          or not isinstance(item, numbers.Real)):
            raise TypeError(f"{label} must be {what} (period {i}: you entered {item!r})")
    return column.to_numpy(dtype=float, na_value=np.nan)


def check_history(history) -> _History:
    """Check an EVM history table and return its columns as arrays.

    The table needs columns ``period`` (1, 2, ... in order), ``pv``, ``ev``
    and ``ac`` (cumulative, never going down, not negative); ``ev`` and
    ``ac`` may be empty only for the last periods (not yet reported). BAC is
    the final PV; EV may not exceed it.
    """
    if not isinstance(history, pd.DataFrame):
        raise TypeError(f"The history must be a table (pandas DataFrame) with columns period, "
                        f"pv, ev and ac, such as load_history() returns (you entered "
                        f"{type(history).__name__})")
    missing = [c for c in ("period", "pv", "ev", "ac") if c not in history.columns]
    if missing:
        raise ValueError(f"The history lacks the column(s) {', '.join(missing)}; it needs "
                         f"period, pv, ev and ac")
    if history.empty:
        raise ValueError("The history has no periods")
    n = len(history)
    period = _history_numbers(history, "period", "The history's periods",
                              "whole numbers 1, 2, 3, ...")
    if not np.array_equal(period, np.arange(1, n + 1)):
        raise ValueError(f"The history's periods must be 1, 2, ... {n} in order (you entered "
                         f"{', '.join(_shown(p) for p in period[:6])}{' ...' if n > 6 else ''})")
    columns = {}
    for key in ("pv", "ev", "ac"):
        label = FIELD_NAMES[key]
        values = _history_numbers(history, key, f"{label} in the history", "numbers")
        empty = np.isnan(values)
        if key == "pv" and empty.any():
            raise ValueError(f"{label} is missing in period {_first(empty)}: the baseline "
                             f"needs a PV for every period")
        if empty.any() and not empty[int(np.argmax(empty)):].all():
            raise ValueError(f"{label} is missing in period {_first(empty)} but given later: "
                             f"only the last periods may be empty (not yet reported)")
        present = values[~empty]
        bad = ~np.isfinite(present) | (present < 0)
        if bad.any():
            i = int(np.argmax(bad))
            raise ValueError(f"{label} in period {i + 1} must be a finite number, not negative "
                             f"(you entered {_shown(present[i])})")
        drops = np.diff(present) < 0
        if drops.any():
            i = int(np.argmax(drops)) + 1
            raise ValueError(f"{label} is cumulative and cannot go down: period {i + 1} has "
                             f"{_amount(present[i])} after {_amount(present[i - 1])} in period {i}")
        columns[key] = values
    ev_empty, ac_empty = np.isnan(columns["ev"]), np.isnan(columns["ac"])
    if not np.array_equal(ev_empty, ac_empty):
        raise ValueError(f"Earned value (EV) and actual cost (AC) must be reported for the same "
                         f"periods (period {_first(ev_empty != ac_empty)} has one without the "
                         f"other)")
    bac = float(columns["pv"][-1])
    if bac <= 0:
        raise ValueError(f"The final planned value, the budget at completion (BAC), must be more "
                         f"than 0 (you entered {_amount(bac)})")
    over = columns["ev"] > bac
    if over.any():
        i = _first(over) - 1
        raise ValueError(f"{FIELD_NAMES['ev']} cannot exceed the budget at completion (BAC) "
                         f"(period {i + 1}: you entered EV {_amount(columns['ev'][i])} with BAC "
                         f"{_amount(bac)})")
    reported = int((~ev_empty).sum())
    if reported == 0:
        raise ValueError("The history has no reported period: EV and AC are empty throughout")
    return _History(period=period.astype(int), pv=columns["pv"], ev=columns["ev"],
                    ac=columns["ac"], reported=reported, bac=bac,
                    currency=str(history.attrs.get("currency", "")),
                    unit=str(history.attrs.get("unit", "period")))


def _check_period(period, h: _History) -> int:
    if (isinstance(period, (bool, np.bool_)) or not isinstance(period, numbers.Integral)
            or not 1 <= int(period) <= h.reported):
        raise ValueError(f"Status period must be a whole number from 1 to {h.reported}, the "
                         f"{h.unit}s reported (you entered {period!r})")
    return int(period)


def status_at(history, period: int) -> EarnedValue:
    """The earned value status at the end of ``period`` of a history.

    Examples
    --------
    >>> status = status_at(load_history(), 6)
    >>> round(status.cpi, 3), round(status.spi, 3)
    (0.867, 0.833)
    >>> status_at(load_history(), 12)
    Traceback (most recent call last):
    ...
    ValueError: Status period must be a whole number from 1 to 11, the months reported (you entered 12)
    """
    h = check_history(history)
    p = _check_period(period, h)
    return evm(h.bac, h.pv[p - 1], h.ev[p - 1], h.ac[p - 1], currency=h.currency)


@dataclass(frozen=True)
class Projection:
    """The dashed EAC projection on the S-curve: from (status period, AC) to
    (forecast finish, EAC).

    Attributes
    ----------
    method : {"cpi", "atypical", "cpi_spi"}
    period : int
        The status period.
    ac : float
        Actual cost at the status period (the line's start).
    finish : float
        The forecast finish in periods, by earned schedule:
        ``IEAC(t) = PD / SPI(t)``.
    eac : float
        The estimate at completion by ``method`` (the line's end).
    formula : str
        The EAC formula used.

    Iterating gives the two points, so ``start, end = projection``.
    """

    method: str
    period: int
    ac: float
    finish: float
    eac: float
    formula: str

    @property
    def points(self) -> list[tuple[float, float]]:
        """``[(period, AC), (finish, EAC)]``."""
        return [(float(self.period), self.ac), (self.finish, self.eac)]

    @property
    def x(self) -> np.ndarray:
        """The periods of the two points."""
        return np.array([self.period, self.finish], dtype=float)

    @property
    def y(self) -> np.ndarray:
        """The cumulative costs of the two points."""
        return np.array([self.ac, self.eac], dtype=float)

    def __iter__(self):
        return iter(self.points)


def eac_projection(history, period: int, method: str = "cpi") -> Projection:
    """The points of the dashed EAC projection drawn from the status date.

    The line starts at (``period``, AC) and ends at (forecast finish, EAC).
    The EAC comes from ``method``: "cpi" (``BAC / CPI``), "atypical"
    (``AC + BAC - EV``) or "cpi_spi" (``AC + (BAC - EV) / (CPI x SPI)``). The
    forecast finish is earned schedule's ``IEAC(t) = PD / SPI(t)``
    (:func:`.schedule_performance.earned_schedule`), in periods from the start.

    Examples
    --------
    >>> line = eac_projection(load_history(), 6)
    >>> start, end = line
    >>> start, (round(end[0], 2), round(end[1]))
    ((6.0, 830000.0), (10.58, 1095139))
    >>> eac_projection(load_history(), 6, method="typical")
    Traceback (most recent call last):
    ...
    ValueError: EAC method must be one of 'cpi', 'atypical', 'cpi_spi'; got 'typical'
    """
    method = check_choice("EAC method", method, EAC_METHODS)
    h = check_history(history)
    p = _check_period(period, h)
    status = evm(h.bac, h.pv[p - 1], h.ev[p - 1], h.ac[p - 1], currency=h.currency)
    attr, formula, _ = EAC_METHODS[method]
    eac = getattr(status, attr)
    schedule = earned_schedule(h.pv, h.ev[p - 1], p, unit=h.unit)
    if eac is None or schedule.ieac_t is None:
        raise ValueError(f"No EAC projection at {h.unit} {p}: nothing has been earned yet "
                         f"(EV is 0), so neither {formula} nor a forecast finish can be given")
    return Projection(method=method, period=p, ac=float(h.ac[p - 1]),
                      finish=float(schedule.ieac_t), eac=float(eac), formula=formula)
