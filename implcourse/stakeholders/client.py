"""Client management: expectations, the pre-implementation checklist, check-ins,
the feedback loop and survey analysis.

The content lives in ``datasets/stakeholders/client.yml`` (expectations,
checklist, check-in cadence, feedback loop) and
``datasets/stakeholders/client_survey.csv`` (a SYNTHETIC survey of the ERP
client's people at six check-ins). Scores are computed with lesson 06's
functions, not re-implemented:

* CSAT = answers of 4 or 5 on a 1-5 scale / all answers x 100
  (:func:`implcourse.metrics.kpis.csat`, top-two-box);
* NPS = % promoters (9-10) - % detractors (0-6) on a 0-10 scale
  (:func:`implcourse.metrics.kpis.nps`, Reichheld 2003).

The checklist reworks the preventive checks of seed 001 (which also says a
pre-implementation checklist should be sent to the client) into tasks the
client owns, each due before a phase of lesson 01's lifecycle; *blocking*
items stop that phase from starting.

Examples
--------
>>> missing = checklist_status(["sponsor_named", "scope_signed"])
>>> bool(missing["Blocking"].iloc[0]), bool(missing["Blocking"].iloc[-1])
(True, False)
>>> survey_by_checkin()["NPS"].round(0).tolist()
[10.0, 30.0, -20.0, -60.0, -40.0, 20.0]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import pandas as pd
from pydantic import BaseModel, Field, ValidationError

from ..validation import shown
from ..content import (ContentError, ContentModel, Slug, Text, cached_by_file, display_path,
                       field_path, read_yaml, resolve)
from ..lifecycle import load_phases
from ..metrics.kpis import csat, nps, nps_breakdown
from .communication import frequencies

__all__ = ["Expectation", "ChecklistItem", "expectations", "pre_implementation_checklist",
           "checklist_status", "checkin_cadence", "feedback_loop", "load_survey",
           "survey_by_checkin"]

CLIENT_FILE = "stakeholders/client.yml"
SURVEY_FILE = "stakeholders/client_survey.csv"


class Expectation(ContentModel):
    """One expectation to set with the client at the start."""

    id: Slug
    area: Text
    expectation: Text
    how: Text
    if_missing: Text


class ChecklistItem(ContentModel):
    """One item of the pre-implementation checklist sent to the client."""

    id: Slug
    text: Text
    owner: Text
    due_before: Slug
    blocking: bool
    why: Text


class CheckIn(ContentModel):
    phase: Slug
    cadence: Slug
    format: Text
    purpose: Text


class LoopStep(ContentModel):
    step: int = Field(ge=1)
    name: Text
    what: Text


class _File(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}

    expectations: Annotated[list[Expectation], Field(min_length=1)]
    checklist: Annotated[list[ChecklistItem], Field(min_length=1)]
    checkins: Annotated[list[CheckIn], Field(min_length=1)]
    feedback_loop: Annotated[list[LoopStep], Field(min_length=1)]


@dataclass(frozen=True)
class _Content:
    expectations: tuple[Expectation, ...]
    checklist: tuple[ChecklistItem, ...]
    checkins: tuple[CheckIn, ...]
    feedback_loop: tuple[LoopStep, ...]


@cached_by_file
def _load_file(path: Path) -> _Content:
    file = display_path(path)
    try:
        data = _File.model_validate(read_yaml(path))
    except ValidationError as err:
        first = err.errors()[0]
        raise ContentError(file, first["msg"], None, field_path(first["loc"]) or None) from None
    phases = [p.id for p in load_phases()]
    for key in ("expectations", "checklist"):
        ids = [item.id for item in getattr(data, key)]
        if len(set(ids)) != len(ids):
            raise ContentError(file, "duplicate id", None, key)
    for i, item in enumerate(data.checklist):
        if item.due_before not in phases:
            raise ContentError(file, f"unknown phase {item.due_before!r}; known: "
                               f"{', '.join(phases)}", f"checklist[{i}]", "due_before")
    cadences = frequencies()
    for i, c in enumerate(data.checkins):
        if c.phase not in phases:
            raise ContentError(file, f"unknown phase {c.phase!r}", f"checkins[{i}]", "phase")
        if c.cadence not in cadences:
            raise ContentError(file, f"unknown cadence {c.cadence!r}; known: "
                               f"{', '.join(cadences)}", f"checkins[{i}]", "cadence")
    if [s.step for s in data.feedback_loop] != list(range(1, len(data.feedback_loop) + 1)):
        raise ContentError(file, "steps must be numbered 1, 2, 3, ... in order", None,
                           "feedback_loop")
    return _Content(tuple(data.expectations), tuple(data.checklist), tuple(data.checkins),
                    tuple(data.feedback_loop))


def _load(name: str | Path = CLIENT_FILE) -> _Content:
    """The file's content, cached by path and modification time."""
    return _load_file(name)


def expectations() -> pd.DataFrame:
    """The expectations to set with the client: scope, timeline, the client's
    responsibilities, acceptance, communication, outcomes.

    Examples
    --------
    >>> expectations().index.tolist()[:4]
    ['Scope', 'Timeline', 'Client responsibilities', 'Acceptance']
    """
    rows = [{"Area": e.area, "Expectation": e.expectation, "How to set it": e.how,
             "If it is not set": e.if_missing} for e in _load().expectations]
    return pd.DataFrame(rows).set_index("Area")


def _phase_names() -> dict[str, str]:
    return {p.id: p.name for p in load_phases()}


def pre_implementation_checklist() -> pd.DataFrame:
    """The pre-implementation checklist sent to the client, in file order.

    Returns
    -------
    DataFrame
        Indexed by item id; columns "Item", "Owner", "Due before" (a
        lifecycle phase), "Blocking" and "Why".

    Examples
    --------
    >>> table = pre_implementation_checklist()
    >>> 12 <= len(table) <= 15
    True
    >>> table.loc["uat_testers", ["Owner", "Due before"]].tolist()
    ['Business process owners', 'Testing and quality assurance']
    >>> bool(table.loc["uat_testers", "Blocking"])
    True
    """
    names = _phase_names()
    rows = [{"id": i.id, "Item": i.text, "Owner": i.owner, "Due before": names[i.due_before],
             "Blocking": i.blocking, "Why": i.why} for i in _load().checklist]
    return pd.DataFrame(rows).set_index("id")


def checklist_status(done_ids: Iterable[str]) -> pd.DataFrame:
    """What is still missing from the client's checklist, blocking items first.

    Parameters
    ----------
    done_ids : iterable of str
        The ids of the items the client has completed (see
        :func:`pre_implementation_checklist`); ignoring case and spaces.

    Returns
    -------
    DataFrame
        The items not done, indexed by id: blocking items first, then the
        others; within each group, by the phase they are due before (earliest
        first), then in file order. Columns "Item", "Owner", "Due before",
        "Blocking". Empty (same columns) when everything is done.

    Raises
    ------
    TypeError
        If ``done_ids`` is a single string or not a list of strings.
    ValueError
        For an unknown id, listing the known ones.

    Examples
    --------
    >>> status = checklist_status([])
    >>> int(status["Blocking"].sum()), len(status)
    (7, 14)
    >>> status.index[0], status.index[-1]
    ('sponsor_named', 'support_model')
    >>> checklist_status(["sponsor"])
    Traceback (most recent call last):
    ...
    ValueError: Unknown checklist item 'sponsor'; the items are sponsor_named, team_released, \
scope_signed, process_docs, decision_rules, comms_plan, environments_access, data_owners, \
legacy_extract, interface_contacts, uat_testers, training_rooms, blackout_dates, support_model (parameter done_ids)
    """
    if isinstance(done_ids, (str, bytes, Mapping)) or not isinstance(done_ids, Iterable):
        raise TypeError(f"Items done must be a list of item ids (you entered {shown(done_ids)}) "
                        f"(parameter done_ids)")
    items = _load().checklist
    known = [i.id for i in items]
    done = set()
    for value in done_ids:
        if not isinstance(value, str):
            raise TypeError(f"Items done must be a list of item ids (you entered {shown(value)}) "
                            f"(parameter done_ids)")
        key = value.strip().lower()
        if key not in known:
            raise ValueError(f"Unknown checklist item {shown(value)}; the items are "
                             f"{', '.join(known)} (parameter done_ids)")
        done.add(key)
    order = {p.id: n for n, p in enumerate(load_phases())}
    names = _phase_names()
    todo = [(not i.blocking, order[i.due_before], n, i) for n, i in enumerate(items)
            if i.id not in done]
    todo.sort(key=lambda t: t[:3])
    rows = [{"id": i.id, "Item": i.text, "Owner": i.owner, "Due before": names[i.due_before],
             "Blocking": i.blocking} for *_, i in todo]
    return pd.DataFrame(rows, columns=["id", "Item", "Owner", "Due before", "Blocking"]
                        ).set_index("id")


def checkin_cadence() -> pd.DataFrame:
    """How often to check in with the client in each phase, in what format and why.

    Examples
    --------
    >>> table = checkin_cadence()
    >>> table.loc["Testing and quality assurance", "Cadence"]
    'Daily'
    """
    names, cadences = _phase_names(), frequencies()
    rows = [{"Phase": names[c.phase], "Cadence": cadences[c.cadence], "Format": c.format,
             "Purpose": c.purpose} for c in _load().checkins]
    return pd.DataFrame(rows).set_index("Phase")


def feedback_loop() -> pd.DataFrame:
    """The steps of a feedback loop with the client: ask, analyse, act, close the loop.

    Examples
    --------
    >>> feedback_loop()["Step"].tolist()
    ['Ask', 'Analyse', 'Act', 'Close the loop']
    """
    rows = [{"#": s.step, "Step": s.name, "What": s.what} for s in _load().feedback_loop]
    return pd.DataFrame(rows).set_index("#")


# --------------------------------------------------------------------------
# Survey analysis (reuses lesson 06's CSAT and NPS)
# --------------------------------------------------------------------------

_SURVEY_COLUMNS = ["checkin", "phase", "csat", "nps"]


def load_survey(name: str | Path = SURVEY_FILE) -> pd.DataFrame:
    """The SYNTHETIC client survey: one row per answer (check-in, date, phase,
    respondent, CSAT 1-5, NPS 0-10).

    Examples
    --------
    >>> survey = load_survey()
    >>> survey.groupby("checkin").size().tolist()
    [10, 10, 10, 10, 10, 10]
    """
    from ..content import load_frame  # reads BOMs, semicolons, limits (see content.py)

    path = resolve(name)
    frame = load_frame(path)
    missing = [c for c in _SURVEY_COLUMNS if c not in frame.columns]
    if missing:
        raise ContentError(display_path(path), f"missing column(s) {', '.join(missing)}")
    return frame


def survey_by_checkin(survey: pd.DataFrame | None = None) -> pd.DataFrame:
    """CSAT and NPS at each check-in, and the trend since the previous one.

    Parameters
    ----------
    survey : DataFrame, optional
        Columns ``checkin``, ``phase``, ``csat`` (1-5) and ``nps`` (0-10), one
        row per answer; check-ins are kept in order of first appearance. By
        default the synthetic survey of :func:`load_survey`.

    Returns
    -------
    DataFrame
        Indexed by check-in: "Phase", "Responses", "CSAT (%)" (lesson 06's
        :func:`~implcourse.metrics.kpis.csat`), "NPS"
        (:func:`~implcourse.metrics.kpis.nps`), "Promoters", "Detractors",
        "CSAT change" and "NPS change" (points since the previous check-in,
        empty for the first) and "Trend" ("up", "down", "flat" by NPS;
        "first" for the first check-in).

    Raises
    ------
    ValueError, TypeError
        From lesson 06's functions, naming the check-in and the bad answer.

    Examples
    --------
    >>> table = survey_by_checkin()
    >>> table.loc["c4", ["Phase", "Trend"]].tolist()
    ['Testing and quality assurance', 'down']
    >>> table["CSAT (%)"].tolist()
    [70.0, 80.0, 80.0, 20.0, 40.0, 50.0]
    """
    frame = load_survey() if survey is None else survey
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"survey must be a DataFrame with columns "
                        f"{', '.join(_SURVEY_COLUMNS)} (you entered {type(frame).__name__})")
    missing = [c for c in _SURVEY_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"survey needs the column(s) {', '.join(map(repr, missing))}; "
                         f"it has {', '.join(map(repr, map(str, frame.columns))) or 'none'}")
    if frame.empty:
        raise ValueError("survey is empty: there are no answers to score")
    for column, label in (("checkin", "check-in"), ("phase", "phase")):
        blank = [n for n, v in enumerate(frame[column], start=1)
                 if v is None or (pd.api.types.is_scalar(v) and not isinstance(v, str)
                                  and pd.isna(v))
                 or (isinstance(v, str) and not v.strip())]
        if blank:
            value = frame[column].iloc[blank[0] - 1]
            shown = repr(value) if isinstance(value, str) else str(value)
            raise ValueError(f"survey: the {label} is missing in answer {blank[0]} (counted "
                             f"from 1; you entered {shown}); every answer needs its {label}")
    rows = []
    names = _phase_names()
    for checkin, part in frame.groupby("checkin", sort=False):
        try:
            score_c = csat(part["csat"].tolist())
            score_n = nps(part["nps"].tolist())
            breakdown = nps_breakdown(part["nps"].tolist())
        except (TypeError, ValueError) as err:
            raise type(err)(f"Check-in {checkin}: {err}") from None
        phase = ", ".join(names.get(str(v), str(v)) for v in part["phase"].unique())
        rows.append({"Check-in": checkin, "Phase": phase,
                     "Responses": len(part), "CSAT (%)": float(score_c), "NPS": float(score_n),
                     "Promoters": breakdown.promoters, "Detractors": breakdown.detractors})
    table = pd.DataFrame(rows).set_index("Check-in")
    table["CSAT change"] = table["CSAT (%)"].diff()
    table["NPS change"] = table["NPS"].diff()
    trend = ["first"] + ["up" if d > 0 else "down" if d < 0 else "flat"
                         for d in table["NPS change"].iloc[1:]]
    table["Trend"] = trend
    return table
