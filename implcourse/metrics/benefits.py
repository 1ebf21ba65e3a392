"""Benefit realisation: the benefits register and the post-implementation review.

A benefits register lists each benefit of a business case with its owner,
how it is measured, and per quarter what was **planned** and what was
**measured**. Here it belongs to lesson 05's CRM business case
(``datasets/business_cases/crm_rollout.yml``); the register file
``datasets/metrics/benefits_register.yml`` holds only the owners, the
measures and the (synthetic) measured amounts.

**Planned amounts are computed, never typed** (a course model, stated
outright): for business-case year *y* (year 0 is the calendar year
``first_year`` of ``crm_context.yml``),

    planned per quarter = benefit at full adoption[y] x adoption[y] / quarters live in y

where the quarters live are the quarters of that calendar year from the
go-live quarter on (all four after the go-live year). This is the business
case's own realised benefit (benefit x adoption, as in
:mod:`implcourse.business_case`) spread evenly over the quarters in which
the system was in use. Real benefit profiles are rarely even; a real
register would agree the profile with each benefit owner.

:func:`realisation` compares the cumulative measured benefit with the
cumulative plan up to a quarter and gives a RAG status from the percentage
realised (green from 90 %, amber from 75 %, a course model set in the
register file).

Examples
--------
>>> register = load_benefits_register()
>>> summary = realisation(register)
>>> summary.set_index("benefit").loc["legacy_tools_avoided", "position"]
'ahead of plan'
>>> summary.set_index("benefit").loc["customer_retention", "status"]
'red'
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
import numbers
from typing import Annotated

import numpy as np
import pandas as pd
from pydantic import Field, ValidationError, field_validator, model_validator

from ..business_case import load_case
from ..content import (ContentError, ContentModel, Slug, Text, display_path, load_entries,
                       read_yaml, resolve)
from ..validation import check_str, shown, to_float
from .dashboard import load_context, rag

__all__ = ["BenefitEntry", "PostImplementationReview", "load_benefits_register",
           "realisation", "post_implementation_review", "quarter_label", "REGISTER_FILE",
           "PIR_FILE"]

REGISTER_FILE = "metrics/benefits_register.yml"
PIR_FILE = "metrics/pir.yml"
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]
#: Realisation above this percentage of plan is reported as "ahead of plan".
AHEAD_FROM = 110.0


class BenefitEntry(ContentModel):
    """One benefit of the register file: owner, measure and measured amounts."""

    id: Slug
    owner: Text
    measure: Text
    measured: dict[str, Amount] = Field(min_length=1)

    @field_validator("measured")
    @classmethod
    def _quarters(cls, value: dict[str, float]) -> dict[str, float]:
        for key in value:
            _quarter(key, "measured")
        return value


class _Rag(ContentModel):
    green: float = Field(gt=0, allow_inf_nan=False)
    amber: float = Field(gt=0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _order(self) -> _Rag:
        if self.green <= self.amber:
            raise ValueError("rag.green must be higher than rag.amber")
        return self


def _quarter(text: object, field: str = "quarter") -> pd.Period:
    """A quarter written ``2026-Q2`` as a pandas Period."""
    if isinstance(text, pd.Period) and text.freqstr.startswith("Q"):
        return text
    if not isinstance(text, str):
        raise TypeError(f"{field} must be a quarter such as '2026-Q2', got {text!r}")
    value = text.strip().upper().replace(" ", "")
    if len(value) != 7 or value[4:6] != "-Q" or not value[:4].isdigit() \
            or value[6] not in "1234":
        raise ValueError(f"{field} must be a quarter such as '2026-Q2' (you entered {text!r})")
    return pd.Period(f"{value[:4]}Q{value[6]}", freq="Q")


def quarter_label(period: pd.Period) -> str:
    """A quarter as the course writes it: ``'2026-Q2'``.

    Examples
    --------
    >>> quarter_label(pd.Period("2026Q2", freq="Q"))
    '2026-Q2'
    """
    if not isinstance(period, pd.Period) or period.freqstr[:1] != "Q":
        raise TypeError(f"period must be a quarterly pandas Period such as "
                        f"pd.Period('2026Q2', freq='Q'), got {type(period).__name__} "
                        f"{shown(period)}")
    return f"{period.year}-Q{period.quarter}"


@functools.lru_cache(maxsize=8)
def _register(case: str) -> pd.DataFrame:
    raw = read_yaml(REGISTER_FILE)
    if raw.get("case") != case:
        raise ValueError(f"The benefits register is for case {raw.get('case')!r}, "
                         f"not {case!r}")
    entries = load_entries(REGISTER_FILE, BenefitEntry, key="benefits")
    business = load_case(case)
    ctx = load_context()
    if ctx.case != case:
        raise ValueError(f"The CRM story's context is for case {ctx.case!r}, not {case!r}")
    known = list(business.benefits)
    ids = [e.id for e in entries]
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise ValueError(f"Benefit {unknown[0]!r} of the register is not a benefit line of "
                         f"the business case; known: {', '.join(known)}")
    missing = [k for k in known if k not in ids]
    if missing:
        raise ValueError(f"The business case's benefit {missing[0]!r} is missing from the "
                         f"register")
    go_live = pd.Period(ctx.go_live, freq="Q")
    rows = []
    for entry in entries:
        full = business.benefits[entry.id]
        quarters = []
        for year in range(business.years):
            calendar = ctx.first_year + year
            live = [pd.Period(f"{calendar}Q{q}", freq="Q") for q in range(1, 5)]
            live = [q for q in live if q >= go_live]
            for q in live:
                quarters.append((year, q, full[year] * business.adoption[year] / len(live)))
        periods = {q for _, q, _ in quarters}
        measured = {_quarter(k, f"measured of {entry.id}"): v
                    for k, v in entry.measured.items()}
        outside = sorted(set(measured) - periods)
        if outside:
            raise ValueError(f"Benefit {entry.id!r} has a measured value for "
                             f"{quarter_label(outside[0])}, outside the business case's "
                             f"quarters after go-live")
        for year, q, planned in quarters:
            rows.append({"benefit": entry.id, "line": f"benefits.{entry.id}",
                         "owner": entry.owner, "measure": entry.measure, "year": year,
                         "quarter": q, "planned": planned,
                         "measured": measured.get(q, float("nan"))})
    frame = pd.DataFrame(rows)
    frame.attrs["currency"] = business.currency
    frame.attrs["rag"] = _Rag.model_validate(raw.get("rag", {})).model_dump()
    return frame


def load_benefits_register(case: str = "crm_rollout") -> pd.DataFrame:
    """The benefits register of a business case, one row per benefit and quarter.

    Parameters
    ----------
    case : str, default "crm_rollout"
        The business case the register belongs to (only the CRM rollout has
        a register in the course).

    Returns
    -------
    DataFrame
        Columns ``benefit`` (the business case's benefit key), ``line``
        (``benefits.<key>``, the business-case line it realises), ``owner``,
        ``measure``, ``year`` (business-case year), ``quarter`` (a pandas
        quarterly Period), ``planned`` (computed, see the module docstring)
        and ``measured`` (NaN where not yet measured). ``attrs`` carries the
        ``currency`` and the realisation ``rag`` thresholds.

    Examples
    --------
    >>> reg = load_benefits_register()
    >>> row = reg[(reg.benefit == "sales_productivity") & (reg.quarter == "2026Q1")].iloc[0]
    >>> float(row.planned)     # 260,000 x 0.55 / 4
    35750.0
    >>> reg.groupby("year")["planned"].sum().round(2).tolist()[:2]   # = business case
    [53500.0, 294250.0]
    """
    case = check_str("case", case)
    frame = _register(case)
    copy = frame.copy()
    copy.attrs = {k: (dict(v) if isinstance(v, dict) else v) for k, v in frame.attrs.items()}
    return copy


def realisation(register: pd.DataFrame, quarter: str | None = None) -> pd.DataFrame:
    """Planned against measured benefit to date, per benefit, with its owner and RAG.

    ``percent realised = measured to date / planned to date x 100``, both
    summed over the quarters up to and including ``quarter``. Status:
    green from ``rag.green`` %, amber from ``rag.amber`` %, red below (the
    register's thresholds; a course model). ``position`` says "ahead of
    plan" above 110 %, "on track" from the green threshold, else "behind plan".

    Parameters
    ----------
    register : DataFrame
        From :func:`load_benefits_register`.
    quarter : str, optional
        Such as ``"2026-Q2"``; by default the last quarter with a measurement.

    Returns
    -------
    DataFrame
        One row per benefit: ``benefit``, ``owner``, ``quarter``,
        ``planned_to_date``, ``measured_to_date``, ``percent``, ``status``,
        ``position``; plus a last row ``total`` over all benefits.

    Examples
    --------
    >>> r = realisation(load_benefits_register(), "2026-Q1")
    >>> r.set_index("benefit").loc["sales_productivity", ["planned_to_date", "measured_to_date"]].tolist()
    [61750.0, 57000.0]
    >>> realisation(load_benefits_register(), "2026-Q4")
    Traceback (most recent call last):
    ...
    ValueError: Benefit 'sales_productivity' has no measured value for 2026-Q3, so its realisation to 2026-Q4 is unknown
    """
    if not isinstance(register, pd.DataFrame):
        raise TypeError(f"register must be the DataFrame of load_benefits_register(), "
                        f"got {type(register).__name__}")
    needed = ["benefit", "owner", "quarter", "planned", "measured"]
    missing = [c for c in needed if c not in register.columns]
    if missing:
        raise ValueError(f"register lacks the column(s) {', '.join(missing)}")
    register = _checked_register(register)
    thresholds = register.attrs.get("rag", {"green": 90.0, "amber": 75.0})
    if quarter is None:
        measured = register.dropna(subset=["measured"])
        if measured.empty:
            raise ValueError("Nothing has been measured yet, so there is no realisation "
                             "to report")
        upto = measured["quarter"].max()
    else:
        upto = _quarter(quarter)
    first = register["quarter"].min()
    if upto < first:
        raise ValueError(f"Quarter {quarter_label(upto)} is before the first planned "
                         f"quarter ({quarter_label(first)}); nothing was planned by then")
    rows = []
    for benefit, part in register.groupby("benefit", sort=False):
        part = part[part["quarter"] <= upto]
        if not part["planned"].sum() > 0:
            raise ValueError(f"Benefit {benefit!r} has nothing planned up to "
                             f"{quarter_label(upto)}, so its realisation (measured / planned) "
                             f"is undefined")
        gaps = part[part["measured"].isna()]
        if not gaps.empty:
            raise ValueError(f"Benefit {benefit!r} has no measured value for "
                             f"{quarter_label(gaps['quarter'].min())}, so its realisation "
                             f"to {quarter_label(upto)} is unknown")
        rows.append({"benefit": benefit, "owner": part["owner"].iloc[0],
                     "planned_to_date": float(part["planned"].sum()),
                     "measured_to_date": float(part["measured"].sum())})
    table = pd.DataFrame(rows)
    total = {"benefit": "total", "owner": "",
             "planned_to_date": table["planned_to_date"].sum(),
             "measured_to_date": table["measured_to_date"].sum()}
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    table.insert(2, "quarter", quarter_label(upto))
    table["percent"] = table["measured_to_date"] / table["planned_to_date"] * 100
    table["status"] = [rag(p, thresholds["green"], thresholds["amber"])
                       for p in table["percent"]]
    table["position"] = ["ahead of plan" if p > AHEAD_FROM else
                         "on track" if p >= thresholds["green"] else "behind plan"
                         for p in table["percent"]]
    table.attrs = dict(register.attrs)
    return table


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (
        isinstance(value, float) and math.isnan(value))


def _checked_register(register: pd.DataFrame) -> pd.DataFrame:
    """A copy of a register whose quarters are quarterly Periods and whose amounts are
    finite, not negative (measured may be empty), one row per benefit and quarter; the
    first problem named with its row (from 1) and value."""
    if register.empty:
        raise ValueError("register has no rows; load it with load_benefits_register()")
    frame = register.copy()
    frame.attrs = dict(register.attrs)
    quarters = []
    for i, q in enumerate(frame["quarter"].tolist(), start=1):
        if _missing(q):
            raise ValueError(f"register row {i} has no quarter (you entered {q!r})")
        quarters.append(_quarter(q, f"quarter in register row {i}"))
    frame["quarter"] = pd.PeriodIndex(quarters, freq="Q")
    for column in ("benefit", "owner"):
        for i, text in enumerate(frame[column].tolist(), start=1):
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"register row {i} needs a {column} (you entered "
                                 f"{shown(text)})")
    for column, may_be_empty in (("planned", False), ("measured", True)):
        for i, (benefit, value) in enumerate(zip(frame["benefit"], frame[column]), start=1):
            if may_be_empty and _missing(value):
                continue
            where = f"register row {i} ({benefit}, {quarter_label(quarters[i - 1])})"
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
                raise TypeError(f"The {column} amount in {where} must be a number "
                                f"(you entered {shown(value)})")
            if not math.isfinite(to_float(value)) or value < 0:
                raise ValueError(f"The {column} amount in {where} must be a finite amount of "
                                 f"0 or more (you entered {shown(value)})")
        frame[column] = frame[column].astype(float)
    twice = frame.duplicated(["benefit", "quarter"], keep=False).to_numpy()
    if twice.any():
        rows = [int(i) + 1 for i in np.flatnonzero(twice)]
        first = rows[0] - 1
        again = next(r for r in rows[1:] if frame["benefit"].iloc[r - 1] ==
                     frame["benefit"].iloc[first] and quarters[r - 1] == quarters[first])
        raise ValueError(f"register has benefit {frame['benefit'].iloc[first]!r} twice for "
                         f"{quarter_label(quarters[first])} (rows {rows[0]} and {again}); give "
                         f"one row per benefit and quarter")
    return frame


# --------------------------------------------------------------------------
# Post-implementation review
# --------------------------------------------------------------------------

class _Measure(ContentModel):
    topic: Text
    what: Text


class _When(ContentModel):
    event: Text
    when: dt.date
    note: Text


class _SignOff(ContentModel):
    role: Text
    does: Text


class PostImplementationReview(ContentModel):
    """The post-implementation review of the CRM rollout (``pir.yml``)."""

    title: Text
    purpose: Text
    measures: list[_Measure] = Field(min_length=1)
    timing: list[_When] = Field(min_length=1)
    sign_off: list[_SignOff] = Field(min_length=1)
    references: list[Text] = Field(min_length=1)

    @model_validator(mode="after")
    def _in_order(self) -> PostImplementationReview:
        dates = [t.when for t in self.timing]
        if dates != sorted(dates):
            raise ValueError("timing must list its events in date order")
        return self


@functools.lru_cache(maxsize=4)
def _pir(name: str) -> PostImplementationReview:
    try:
        return PostImplementationReview.model_validate(read_yaml(name))
    except ValidationError as err:
        first = err.errors()[0]
        raise ContentError(display_path(resolve(name)), first["msg"], None,
                           ".".join(map(str, first["loc"])) or None) from None


def post_implementation_review(name: str = PIR_FILE) -> PostImplementationReview:
    """What the post-implementation review measures, when it happens, who signs it off.

    The content (``datasets/metrics/pir.yml``) follows PRINCE2's benefits
    management approach and benefits reviews (6th edition, 2017; kept in
    PRINCE2 7, 2023), ITIL 4's post-implementation review of a change, and
    the UK government's Gate 5 review (Operations Review and Benefits
    Realisation) and Green Book / Magenta Book evaluation guidance.

    Examples
    --------
    >>> pir = post_implementation_review()
    >>> [t.event for t in pir.timing][:3]
    ['Last wave live', 'Hypercare ends', 'Post-implementation review']
    >>> pir.sign_off[0].role
    "Sponsor (the project's Executive; after closure, acting for corporate or programme management)"
    """
    if not isinstance(name, (str, os.PathLike)):
        raise TypeError(f"name must be a dataset name or a path, got {type(name).__name__} "
                        f"{shown(name)}")
    return _pir(name)
