"""RAG thresholds and the KPI dashboard of the CRM rollout.

The lesson's dashboard shows the KPIs of one synthetic story: lesson 05's
CRM rollout (``datasets/business_cases/crm_rollout.yml``) at a status date
after go-live. The story's data lives in ``datasets/metrics/`` (see its
README): milestones, project costs, an outage log, an incident log, monthly
adoption and a user survey, with the dates in ``crm_context.yml``.
:func:`dashboard_values` computes every KPI from those files with
:mod:`implcourse.metrics.kpis`; :func:`kpi_dashboard` puts each value
against its thresholds (``thresholds.yml``) and gives it a RAG status.

RAG convention (a course model; real thresholds are agreed per
organisation, often in the service level agreement):

* higher is better: **green** when ``value >= green``, **amber** when
  ``amber <= value < green``, **red** below ``amber``;
* lower is better: **green** when ``value <= green``, **amber** when
  ``green < value <= amber``, **red** above ``amber``.

A value exactly on a threshold takes the better colour. The green threshold
must be strictly stricter than the amber one.

Some KPIs are bad in both directions: a large underspend is as much a
variance to explain as an overspend (it often means work not done, or a
budget padded). Their thresholds say ``either_way: true``, and the size of
the value is compared (``abs(value)``, lower is better): with green 5 and
amber 10, a budget variance of -30 % is red, not green.

Examples
--------
>>> rag(99.95, green=99.9, amber=99.5)
'green'
>>> rag(30, green=24, amber=48, higher_is_better=False)
'amber'
>>> table = kpi_dashboard()
>>> list(table.columns)
['kpi', 'label', 'value', 'unit', 'green', 'amber', 'higher_is_better', 'status']
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Literal

import numpy as np
import pandas as pd
from pydantic import Field, ValidationError, model_validator

from ..business_case import load_case
from ..content import (ContentError, ContentModel, Slug, Text, cached_by_file, display_path,
                       load_entries, load_rows, read_yaml, resolve)
from ..validation import check_choice, check_number, shown
from . import kpis

__all__ = ["Threshold", "StoryContext", "rag", "load_thresholds", "load_context",
           "load_story_table", "project_budget", "dashboard_values", "kpi_dashboard",
           "RAG", "STORY_FILES"]

THRESHOLDS_FILE = "metrics/thresholds.yml"
CONTEXT_FILE = "metrics/crm_context.yml"
#: The RAG statuses, best first.
RAG = ("green", "amber", "red")


def rag(value: float, green: float, amber: float, higher_is_better: bool = True,
        *, either_way: bool = False) -> str:
    """The RAG status of ``value`` against a green and an amber threshold.

    See the module docstring for the convention: a value on a threshold
    takes the better colour.

    Parameters
    ----------
    value : float
    green, amber : float
        Thresholds; ``green`` must be stricter (higher when higher is
        better, lower otherwise).
    higher_is_better : bool, default True
    either_way : bool, default False
        A variance that is bad in both directions: the size of ``value`` is
        compared, lower is better (``higher_is_better`` must then be False).

    Returns
    -------
    {"green", "amber", "red"}

    Examples
    --------
    >>> [rag(v, 90, 80) for v in (95, 90, 85, 80, 79.9)]
    ['green', 'green', 'amber', 'amber', 'red']
    >>> [rag(v, 5, 10, higher_is_better=False, either_way=True) for v in (-30, -7, 3, 12)]
    ['red', 'amber', 'green', 'red']
    >>> rag(5, green=80, amber=90)
    Traceback (most recent call last):
    ...
    ValueError: The green threshold (80) must be stricter than the amber one (90): higher, since higher values are better
    """
    value = check_number("Value", value)
    green = check_number("Green threshold", green)
    amber = check_number("Amber threshold", amber)
    if isinstance(higher_is_better, np.bool_):  # as a DataFrame row holds it
        higher_is_better = bool(higher_is_better)
    if not isinstance(higher_is_better, bool):
        raise TypeError(f"higher_is_better must be True or False, got {higher_is_better!r}")
    _check_order(green, amber, higher_is_better)
    if isinstance(either_way, np.bool_):
        either_way = bool(either_way)
    if not isinstance(either_way, bool):
        raise TypeError(f"either_way must be True or False, got {either_way!r}")
    if either_way:
        if higher_is_better:
            raise ValueError("A KPI judged either way (by the size of its variance) must have "
                             "higher_is_better False: a smaller variance is better")
        value = abs(value)
    sign = 1 if higher_is_better else -1
    if sign * value >= sign * green:
        return "green"
    if sign * value >= sign * amber:
        return "amber"
    return "red"


def _check_order(green: float, amber: float, higher_is_better: bool, kpi: str = "") -> None:
    ok = green > amber if higher_is_better else green < amber
    if not ok:
        which = "higher, since higher values are better" if higher_is_better \
            else "lower, since lower values are better"
        prefix = f"{kpi}: " if kpi else ""
        raise ValueError(f"{prefix}The green threshold ({green:g}) must be stricter than the "
                         f"amber one ({amber:g}): {which}")


class Threshold(ContentModel):
    """The RAG thresholds of one KPI."""

    id: Slug
    label: Text
    unit: Text
    higher_is_better: bool
    green: float = Field(allow_inf_nan=False)
    amber: float = Field(allow_inf_nan=False)
    #: Judge the size of the value, over or under (a variance bad both ways).
    either_way: bool = False

    @model_validator(mode="after")
    def _stricter(self) -> Threshold:
        _check_order(self.green, self.amber, self.higher_is_better, self.label)
        if self.either_way and self.higher_is_better:
            raise ValueError(f"{self.label}: a KPI judged either way must have "
                             f"higher_is_better false (a smaller variance is better)")
        return self


@functools.lru_cache(maxsize=8)
def _thresholds(name: str, mtime: int) -> Mapping[str, Threshold]:
    return MappingProxyType({t.id: t for t in load_entries(name, Threshold, key="thresholds")})


def load_thresholds(name: str = THRESHOLDS_FILE) -> Mapping[str, Threshold]:
    """The default RAG thresholds by KPI id (read-only), validated: green
    must be stricter than amber, and the message names the KPI.

    Examples
    --------
    >>> t = load_thresholds()["availability"]
    >>> t.green, t.amber, t.higher_is_better
    (99.9, 99.5, True)
    """
    path = resolve(name)
    path = path.resolve()  # absolute: a relative str would read as a course dataset name
    return _thresholds(str(path), path.stat().st_mtime_ns)


# --------------------------------------------------------------------------
# The story's data
# --------------------------------------------------------------------------

Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class _Window(ContentModel):
    start: dt.datetime
    end: dt.datetime


class _Build(ContentModel):
    size: float = Field(gt=0, allow_inf_nan=False)
    unit: Literal["KLOC", "function points"]
    note: Text


class _Budget(ContentModel):
    categories: list[Text] = Field(min_length=1)
    share_due: dict[int, Annotated[float, Field(ge=0, le=1)]]


class StoryContext(ContentModel):
    """The dates and constants of the CRM story (``crm_context.yml``)."""

    case: Slug
    first_year: int = Field(ge=2000, le=2100)
    go_live: dt.date
    status_date: dt.date
    service_window: _Window
    intended_users: int = Field(ge=1)
    custom_build: _Build
    budget: _Budget

    @model_validator(mode="after")
    def _dates(self) -> StoryContext:
        if self.status_date < self.go_live:
            raise ValueError("status_date must not be before go_live")
        try:
            empty = self.service_window.end <= self.service_window.start
        except TypeError:  # one with a time zone, one without
            raise ValueError("service_window: start and end must both have a time zone, or "
                             "neither") from None
        if empty:
            raise ValueError("service_window has zero length")
        return self


class _Milestone(ContentModel):
    id: Text
    milestone: Text
    planned: dt.date
    actual: dt.date | None = None


class _Outage(ContentModel):
    start: dt.datetime
    end: dt.datetime
    cause: Text


class _Incident(ContentModel):
    id: Text
    opened: dt.datetime
    resolved: dt.datetime | None = None
    severity: int = Field(ge=1, le=4)
    area: Text


class _Adoption(ContentModel):
    month: Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
    active: int = Field(ge=0)
    intended: int = Field(ge=1)


class _Survey(ContentModel):
    response: int = Field(ge=1)
    date: dt.date
    team: Text
    csat: int = Field(ge=1, le=5)
    nps: int = Field(ge=0, le=10)


class _Cost(ContentModel):
    category: Text
    year: int = Field(ge=0)
    actual: Amount


#: The story's tables: name -> (file under datasets/, row model).
STORY_FILES = {
    "milestones": ("metrics/milestones.csv", _Milestone),
    "outages": ("metrics/outages.csv", _Outage),
    "incidents": ("metrics/incidents.csv", _Incident),
    "adoption": ("metrics/adoption.csv", _Adoption),
    "survey": ("metrics/survey.csv", _Survey),
    "project_costs": ("metrics/project_costs.csv", _Cost),
}

_load_context = cached_by_file(lambda path: StoryContext.model_validate(read_yaml(path)))


def load_context() -> StoryContext:
    """The CRM story's dates and constants.

    Examples
    --------
    >>> ctx = load_context()
    >>> ctx.case, ctx.status_date.isoformat()
    ('crm_rollout', '2026-06-30')
    """
    try:
        return _load_context(CONTEXT_FILE)
    except ValidationError as err:
        first = err.errors()[0]
        raise ContentError(display_path(resolve(CONTEXT_FILE)), first["msg"], None,
                           ".".join(map(str, first["loc"])) or None) from None


def _frame(path) -> pd.DataFrame:
    name = next(k for k, (f, _) in STORY_FILES.items() if resolve(f).resolve() == path)
    rows = load_rows(path, STORY_FILES[name][1])
    return pd.DataFrame([r.model_dump() for r in rows])


_load_frame = cached_by_file(_frame)


def load_story_table(name: str) -> pd.DataFrame:
    """One table of the CRM story as a DataFrame (a fresh copy each call).

    Parameters
    ----------
    name : {"milestones", "outages", "incidents", "adoption", "survey", "project_costs"}

    Examples
    --------
    >>> load_story_table("adoption").iloc[-1].to_dict()
    {'month': '2026-06', 'active': 123, 'intended': 150}
    """
    name = check_choice("Story table (name)", name, STORY_FILES)
    return _load_frame(STORY_FILES[name][0]).copy()


def project_budget(context: StoryContext | None = None) -> float:
    """The project budget due by the status date, from the business case.

    ``budget = sum over the budget's categories c and years y of
    cost[c][y] x share_due[y]``: the business case's one-off cost lines,
    each year weighted by the share planned to be spent by the status date.

    Examples
    --------
    >>> project_budget()
    245000.0
    """
    if context is None:
        context = load_context()
    elif not isinstance(context, StoryContext):
        raise TypeError(f"context must be a StoryContext (see load_context()) or None, got "
                        f"{type(context).__name__} {shown(context)}")
    case = load_case(context.case)
    total = 0.0
    for category in context.budget.categories:
        if category not in case.costs:
            raise ValueError(f"Budget category {category!r} is not a cost line of the "
                             f"business case; known: {', '.join(case.costs)}")
        for year, share in context.budget.share_due.items():
            total += case.costs[category][year] * share
    return total


@functools.lru_cache(maxsize=4)
def _values(stamp: tuple) -> Mapping[str, float]:
    ctx = load_context()
    status = pd.Timestamp(ctx.status_date) + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    incidents = load_story_table("incidents")
    trend = kpis.defect_trend(incidents, freq="W", end=status)
    adoption = load_story_table("adoption")
    latest = adoption.iloc[-1]
    survey = load_story_table("survey")
    costs = load_story_table("project_costs")
    values = {
        "on_time_delivery": kpis.on_time_delivery(
            *kpis.milestone_counts(load_story_table("milestones"), ctx.status_date)),
        "budget_variance": kpis.budget_variance(project_budget(ctx),
                                                float(costs["actual"].sum())).percent,
        "availability": kpis.availability(load_story_table("outages"),
                                          ctx.service_window.start,
                                          ctx.service_window.end).percent,
        "open_defects": float(trend["open"].iloc[-1]),
        "mttr": kpis.mttr(incidents).hours,
        "adoption": kpis.adoption_rate(int(latest["active"]), int(latest["intended"])),
        "csat": kpis.csat(survey["csat"]),
        "nps": kpis.nps(survey["nps"]),
    }
    return MappingProxyType(values)


def dashboard_values() -> dict[str, float]:
    """Every KPI of the CRM story at its status date, computed from the data files.

    ============================  ==============================================
    ``on_time_delivery`` (%)      milestones due by the status date met on time
    ``budget_variance`` (%)       (actual - budget) / budget, budget from the
                                  business case (:func:`project_budget`)
    ``availability`` (%)          outage log over the service window
    ``open_defects`` (defects)    defects open at the end of the status date
    ``mttr`` (hours)              mean time to restore, resolved incidents
    ``adoption`` (%)              active / intended users, latest month
    ``csat`` (% satisfied)        top-two-box share of the survey
    ``nps`` (score)               % promoters - % detractors of the survey
    ============================  ==============================================

    The result is cached until one of the files changes, so a tool can call
    this on every threshold change.

    Examples
    --------
    >>> values = dashboard_values()
    >>> sorted(values) == sorted(load_thresholds())
    True
    >>> round(values["adoption"], 1), values["open_defects"]
    (82.0, 3.0)
    """
    files = [CONTEXT_FILE] + [f for f, _ in STORY_FILES.values()]
    stamp = tuple(resolve(f).stat().st_mtime_ns for f in files)
    return dict(_values(stamp))


def _brief(value: object, limit: int = 80) -> str:
    """``repr(value)``, shortened for a message."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 4] + " ..."


def _merged_thresholds(thresholds) -> dict[str, Threshold]:
    base = dict(load_thresholds())
    if thresholds is None:
        return base
    if not isinstance(thresholds, Mapping):
        raise TypeError(f"thresholds must be a dict of KPI id -> thresholds, "
                        f"got {type(thresholds).__name__} {_brief(thresholds)}")
    for kpi, given in thresholds.items():
        if kpi not in base:
            raise ValueError(f"Unknown KPI {kpi!r} in thresholds; known: {', '.join(base)}")
        if isinstance(given, Threshold):
            base[kpi] = given
            continue
        if not isinstance(given, Mapping):
            raise TypeError(f"thresholds[{kpi!r}] must be a dict with green and amber, "
                            f"got {type(given).__name__} {_brief(given)}")
        allowed = ("green", "amber", "higher_is_better")
        unknown = sorted(set(given) - set(allowed))
        if unknown:
            raise ValueError(f"Unknown key {unknown[0]!r} in thresholds[{kpi!r}]; "
                             f"known: {', '.join(allowed)}")
        label = base[kpi].label
        changes = {k: check_number(f"{label} ({k} threshold)", v)
                   for k, v in given.items() if k != "higher_is_better"}
        if "higher_is_better" in given:
            if not isinstance(given["higher_is_better"], bool):
                raise TypeError(f"{label}: higher_is_better must be True or False, "
                                f"got {given['higher_is_better']!r}")
            changes["higher_is_better"] = given["higher_is_better"]
        merged = base[kpi].model_dump() | changes
        _check_order(merged["green"], merged["amber"], merged["higher_is_better"], label)
        if merged.get("either_way") and merged["higher_is_better"]:
            raise ValueError(f"{label} is judged either way (by the size of its variance), "
                             f"so higher values cannot be better")
        base[kpi] = Threshold.model_construct(**merged)
    return base


def kpi_dashboard(values: Mapping[str, float] | None = None,
                  thresholds: Mapping[str, Mapping] | None = None) -> pd.DataFrame:
    """The KPI dashboard: one row per KPI with its value, thresholds and RAG status.

    Parameters
    ----------
    values : dict, optional
        KPI id -> value, replacing the computed ones (:func:`dashboard_values`)
        for the KPIs it names; unknown ids are refused.
    thresholds : dict, optional
        KPI id -> ``{"green": ..., "amber": ...}`` (and optionally
        ``higher_is_better``) or a :class:`Threshold`, replacing the defaults
        of :func:`load_thresholds` for the KPIs it names.

    Returns
    -------
    DataFrame
        Columns ``kpi``, ``label``, ``value``, ``unit``, ``green``, ``amber``,
        ``higher_is_better`` and ``status``, in the order of thresholds.yml.

    Examples
    --------
    >>> t = kpi_dashboard()
    >>> t.set_index("kpi").loc["availability", "status"]
    'amber'
    >>> kpi_dashboard(thresholds={"availability": {"green": 99.8}}) \\
    ...     .set_index("kpi").loc["availability", "status"]
    'green'
    >>> kpi_dashboard(thresholds={"availability": {"green": 99, "amber": 99.5}})
    Traceback (most recent call last):
    ...
    ValueError: Availability: The green threshold (99) must be stricter than the amber one (99.5): higher, since higher values are better
    """
    table = _merged_thresholds(thresholds)
    current = dashboard_values()
    if values is not None:
        if not isinstance(values, Mapping):
            raise TypeError(f"values must be a dict of KPI id -> value, "
                            f"got {type(values).__name__} {_brief(values)}")
        for kpi, value in values.items():
            if kpi not in current:
                raise ValueError(f"Unknown KPI {kpi!r} in values; known: {', '.join(current)}")
            label = table[kpi].label if kpi in table else kpi
            current[kpi] = check_number(label, value)
    rows = []
    for kpi, t in table.items():
        value = current[kpi]
        rows.append({"kpi": kpi, "label": t.label, "value": value, "unit": t.unit,
                     "green": t.green, "amber": t.amber,
                     "higher_is_better": t.higher_is_better,
                     "status": rag(value, t.green, t.amber, t.higher_is_better,
                                   either_way=getattr(t, "either_way", False))})
    return pd.DataFrame(rows)
