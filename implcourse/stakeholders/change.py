"""Organisational change: ADKAR, Kotter's eight steps, resistance, the training
plan by role, and a teaching model of adoption linked to training.

The content lives in ``datasets/stakeholders/change.yml`` (ADKAR, Kotter's
steps and accelerators, causes of resistance) and
``datasets/stakeholders/training_plan.yml`` (a SYNTHETIC training plan for the
ERP case).

ADKAR's barrier point
    Each element (Awareness, Desire, Knowledge, Ability, Reinforcement) is
    scored from 1 to 5. The *barrier point* is the **first** element, in
    ADKAR order, scoring 3 or less (Prosci's convention); work on later
    elements is wasted until it is fixed: do not train (Knowledge) someone
    who does not see why (Awareness).

Adoption linked to training (a TEACHING MODEL, not evidence)
    For ``h`` training hours per user and ``t`` weeks after go-live::

        g(h)        = 1 - exp(-h / scale)              # diminishing returns
        plateau(h)  = floor + (ceiling - floor) * g(h)  # per cent of users
        rate(h)     = rate0 + rate_gain * g(h)          # per week
        adoption(t) = plateau(h) * (1 - exp(-rate(h) * t))

    So more training raises the plateau and speeds the ramp, each hour
    adding less than the one before; with no training adoption still
    creeps up to ``floor``. The parameters (:data:`ADOPTION_MODEL`) were set
    by hand so that adoption at 90 days follows lesson 06's synthetic
    portfolio (``implcourse.portfolio``: ``adoption_90d`` against
    ``training_hours_per_user``) within a few points over the 2 to 24 hours
    it covers; :func:`adoption_calibration` shows the comparison. Beyond
    that range the curve is an assumption only.

References
----------
J. M. Hiatt, *ADKAR: A Model for Change in Business, Government and our
Community*, Prosci Learning Center Publications, 2006; Prosci, "Individual
barriers to change and what to do about them",
https://blog.prosci.com/individual-barriers-to-change-and-what-to-do-about-them
(barrier point: the first element scoring 3 or less on a 1-5 scale).
J. P. Kotter, *Leading Change*, Harvard Business School Press, 1996 (the
eight steps; first as an HBR article, 1995); J. P. Kotter, *Accelerate:
Building Strategic Agility for a Faster-Moving World*, HBR Press, 2014 (the
eight accelerators and the dual operating system).

Examples
--------
>>> adkar_barrier({"awareness": 4, "desire": 4, "knowledge": 2, "ability": 2,
...                "reinforcement": 1})
'Knowledge'
>>> kotter_steps()["Step"].iloc[0]
'Establishing a sense of urgency'
>>> curve = adoption_curve(12, weeks=26)
>>> bool(curve["Adoption (%)"].is_monotonic_increasing)
True
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field, ValidationError

from ..content import (ContentError, ContentModel, Items, Slug, Text, cached_by_file,
                       display_path, field_path, load_entries, read_yaml)
from ..metrics.kpis import adoption_rate
from ..validation import check_int, check_number, shown

__all__ = ["ADKAR", "BARRIER_THRESHOLD", "ADOPTION_MODEL", "adkar_elements", "adkar_barrier",
           "adkar_profile", "kotter_steps", "resistance_causes", "training_plan",
           "training_hours_per_user", "adoption_curve", "adoption_assumptions",
           "adoption_calibration"]

CHANGE_FILE = "stakeholders/change.yml"
TRAINING_FILE = "stakeholders/training_plan.yml"

#: The five ADKAR elements, in order.
ADKAR = ("awareness", "desire", "knowledge", "ability", "reinforcement")
#: Prosci's barrier-point convention: the first element scoring this or less (1-5 scale).
BARRIER_THRESHOLD = 3

#: Parameters of the adoption teaching model (see the module docstring).
ADOPTION_MODEL = {"floor": 35.0, "ceiling": 95.0, "scale": 30.0, "rate0": 0.25,
                  "rate_gain": 0.30}


class AdkarElement(ContentModel):
    id: Slug
    name: Text
    question: Text
    builds_it: Text
    erp_example: Text


class Step(ContentModel):
    step: int = Field(ge=1, le=8)
    name: Text
    what: Text


class Resistance(ContentModel):
    id: Slug
    cause: Text
    signs: Text
    adkar: Slug
    response: Text


class TrainingRole(ContentModel):
    """One audience of the training plan."""

    id: Slug
    name: Text
    audience: int = Field(ge=1)
    modules: Items
    hours: float = Field(gt=0, le=200, allow_inf_nan=False)
    format: Text
    weeks_before_golive: int = Field(ge=0, le=52)


class _File(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}

    adkar: Annotated[list[AdkarElement], Field(min_length=5, max_length=5)]
    kotter: Annotated[list[Step], Field(min_length=8, max_length=8)]
    accelerators: Annotated[list[Step], Field(min_length=8, max_length=8)]
    resistance: Annotated[list[Resistance], Field(min_length=1)]


@dataclass(frozen=True)
class _Content:
    adkar: tuple[AdkarElement, ...]
    kotter: tuple[Step, ...]
    accelerators: tuple[Step, ...]
    resistance: tuple[Resistance, ...]


@cached_by_file
def _load_file(path: Path) -> _Content:
    file = display_path(path)
    try:
        data = _File.model_validate(read_yaml(path))
    except ValidationError as err:
        first = err.errors()[0]
        raise ContentError(file, first["msg"], None, field_path(first["loc"]) or None) from None
    if tuple(e.id for e in data.adkar) != ADKAR:
        raise ContentError(file, f"the ADKAR elements must be {', '.join(ADKAR)}, in order",
                           None, "adkar")
    for key in ("kotter", "accelerators"):
        if [s.step for s in getattr(data, key)] != list(range(1, 9)):
            raise ContentError(file, "steps must be numbered 1 to 8 in order", None, key)
    for i, r in enumerate(data.resistance):
        if r.adkar not in ADKAR:
            raise ContentError(file, f"unknown ADKAR element {r.adkar!r}", f"resistance[{i}]",
                               "adkar")
    return _Content(tuple(data.adkar), tuple(data.kotter), tuple(data.accelerators),
                    tuple(data.resistance))


def _load(name: str | Path = CHANGE_FILE) -> _Content:
    """The file's content, cached by path and modification time."""
    return _load_file(name)


# --------------------------------------------------------------------------
# ADKAR
# --------------------------------------------------------------------------

def adkar_elements() -> pd.DataFrame:
    """The five ADKAR elements: the question each asks, what builds it, an ERP example.

    Examples
    --------
    >>> adkar_elements().index.tolist()
    ['Awareness', 'Desire', 'Knowledge', 'Ability', 'Reinforcement']
    """
    rows = [{"Element": e.name, "Question": e.question, "What builds it": e.builds_it,
             "In the ERP case": e.erp_example} for e in _load().adkar]
    return pd.DataFrame(rows).set_index("Element")


def _float(value: numbers.Real) -> float:
    """``float(value)``, with an integer too large for a float taken as infinite."""
    try:
        return float(value)
    except OverflowError:
        return math.inf


def _score(name: str, value: object, code: str = "scores") -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"Score for {name} must be a whole number from 1 to 5 "
                        f"(you entered {shown(value)}) (parameter {code})")
    number = _float(value)
    if not math.isfinite(number) or not number.is_integer() or not 1 <= number <= 5:
        raise ValueError(f"Score for {name} must be a whole number from 1 to 5 "
                         f"(you entered {shown(value)}) (parameter {code})")
    return int(number)


def _scores(scores: object) -> dict[str, int]:
    """ADKAR scores as {element id: score}, from a dict (ids or names, any case)
    or a sequence of five scores in ADKAR order."""
    names = {e: e.capitalize() for e in ADKAR}
    if isinstance(scores, Mapping):
        out, given = {}, {}
        for key, value in scores.items():
            ident = str(key).strip().lower()
            if ident not in ADKAR:
                raise ValueError(f"Unknown ADKAR element {shown(key)}; the elements are "
                                 f"{', '.join(names.values())} (parameter scores)")
            if ident in given:
                raise ValueError(f"{names[ident]} is scored twice (as {shown(given[ident])} and "
                                 f"{shown(key)}); give each ADKAR element one score "
                                 f"(parameter scores)")
            given[ident] = key
            out[ident] = _score(names[ident], value, f"scores[{key!r}]")
        missing = [names[e] for e in ADKAR if e not in out]
        if missing:
            raise ValueError(f"Missing score(s) for {', '.join(missing)}: give all five "
                             f"ADKAR elements a score from 1 to 5 (parameter scores)")
        return {e: out[e] for e in ADKAR}
    if isinstance(scores, (str, bytes)) or not isinstance(scores, Sequence):
        raise TypeError(f"ADKAR scores must be a dict such as {{'awareness': 4, ...}} or "
                        f"five scores in ADKAR order (you entered {shown(scores)}) "
                        f"(parameter scores)")
    if len(scores) != 5:
        raise ValueError(f"ADKAR scores: give five scores, one per element in the order "
                         f"{', '.join(names.values())} (you entered {len(scores)}) "
                         f"(parameter scores)")
    return {e: _score(names[e], v, f"scores[{i}]") for i, (e, v) in enumerate(zip(ADKAR, scores))}


def adkar_barrier(scores, threshold: int = BARRIER_THRESHOLD) -> str | None:
    """The barrier point: the first ADKAR element scoring ``threshold`` or less.

    Parameters
    ----------
    scores : dict or sequence
        A score from 1 to 5 for each element: a dict keyed by element (id or
        name, any case: ``"awareness"``, ``"Desire"``...) or five scores in
        ADKAR order.
    threshold : int, default 3
        Prosci's convention: an element scoring 3 or less blocks progress.

    Returns
    -------
    str or None
        The element's name ("Awareness" ... "Reinforcement"), or None when
        every element scores above the threshold. Only the *first* weak
        element counts, even if a later one scores lower.

    Examples
    --------
    >>> adkar_barrier([3, 1, 5, 5, 5])  # Desire is lower, but Awareness comes first
    'Awareness'
    >>> adkar_barrier([5, 4, 4, 5, 4]) is None
    True
    >>> adkar_barrier({"awareness": 4, "desire": 6, "knowledge": 3, "ability": 3,
    ...                "reinforcement": 3})
    Traceback (most recent call last):
    ...
    ValueError: Score for Desire must be a whole number from 1 to 5 (you entered 6) (parameter scores['desire'])
    """
    threshold = _threshold(threshold)
    for element, score in _scores(scores).items():
        if score <= threshold:
            return element.capitalize()
    return None


def _whole(label: str, value: object, low: int, high: int, code: str) -> int:
    """A whole number from ``low`` to ``high`` (4.0 counts as 4), or an error naming ``label``."""
    wanted = (f"{label} must be a whole number from {low} to {high} (you entered "
              f"{shown(value)}) (parameter {code})")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(wanted)        # ValueError as before, for callers that catch it
    number = _float(value)
    if not math.isfinite(number) or not number.is_integer() or not low <= number <= high:
        raise ValueError(wanted)
    return int(number)


def _threshold(value: object) -> int:
    return _whole("Barrier threshold", value, 1, 4, "threshold")


def adkar_profile(scores, threshold: int = BARRIER_THRESHOLD) -> pd.DataFrame:
    """The scores as a table, each element marked "barrier point", "weak (after
    the barrier)" or "sufficient".

    Examples
    --------
    >>> adkar_profile([4, 2, 5, 1, 4])["Status"].tolist()
    ['sufficient', 'barrier point', 'sufficient', 'weak (after the barrier)', 'sufficient']
    """
    threshold = _threshold(threshold)
    values = _scores(scores)
    barrier = adkar_barrier(values, threshold)
    rows = []
    seen = False
    for element, score in values.items():
        name = element.capitalize()
        if name == barrier:
            status, seen = "barrier point", True
        elif score <= threshold and seen:
            status = "weak (after the barrier)"
        else:
            status = "sufficient"
        rows.append({"Element": name, "Score": score, "Status": status})
    return pd.DataFrame(rows).set_index("Element")


# --------------------------------------------------------------------------
# Kotter and resistance
# --------------------------------------------------------------------------

def kotter_steps(variant: str = "1996") -> pd.DataFrame:
    """Kotter's eight steps (``"1996"``, *Leading Change*) or the eight
    accelerators (``"2014"``, *Accelerate*).

    The 2014 variant runs the steps concurrently and continuously, through a
    volunteer network beside the hierarchy, rather than once and in order.

    Examples
    --------
    >>> kotter_steps("2014")["Step"].iloc[3]
    'Enlist a volunteer army'
    >>> kotter_steps("2020")
    Traceback (most recent call last):
    ...
    ValueError: Kotter variant must be '1996' (Leading Change) or '2014' (Accelerate) \
(you entered '2020')
    """
    key = str(variant).strip() if isinstance(variant, (str, int)) \
        and not isinstance(variant, bool) else None
    if key not in ("1996", "2014"):
        raise ValueError(f"Kotter variant must be '1996' (Leading Change) or '2014' "
                         f"(Accelerate) (you entered {variant!r})")
    content = _load()
    steps = content.kotter if key == "1996" else content.accelerators
    rows = [{"#": s.step, "Step": s.name, "What it means": s.what} for s in steps]
    return pd.DataFrame(rows).set_index("#")


def resistance_causes() -> pd.DataFrame:
    """Common causes of resistance, how they show, the ADKAR element behind
    each, and a response.

    Examples
    --------
    >>> table = resistance_causes()
    >>> table.loc["no_awareness", "ADKAR element"]
    'Awareness'
    """
    rows = [{"id": r.id, "Cause": r.cause, "Signs": r.signs,
             "ADKAR element": r.adkar.capitalize(), "Response": r.response}
            for r in _load().resistance]
    return pd.DataFrame(rows).set_index("id")


# --------------------------------------------------------------------------
# Training plan
# --------------------------------------------------------------------------

@cached_by_file
def _training_file(path: Path) -> tuple[TrainingRole, ...]:
    return load_entries(path, TrainingRole, key="roles")


def _training(name: str | Path = TRAINING_FILE) -> tuple[TrainingRole, ...]:
    return _training_file(name)


def training_plan(roles: Iterable[str] | None = None) -> pd.DataFrame:
    """The SYNTHETIC training plan of the ERP case, by role.

    Parameters
    ----------
    roles : list of str, optional
        Role ids or names (any case) to keep, in plan order; None keeps all.

    Returns
    -------
    DataFrame
        Indexed by role id: "Role", "Audience" (people), "Modules",
        "Hours per person", "Format", "Weeks before go-live" (when the
        training ends) and "Total hours" (audience x hours).

    Examples
    --------
    >>> plan = training_plan()
    >>> int(plan["Audience"].sum())
    306
    >>> training_plan(["Buyers"])["Total hours"].tolist()
    [250.0]
    >>> training_plan(["pilots"])
    Traceback (most recent call last):
    ...
    ValueError: Unknown role 'pilots' in the training plan; the roles are key_users, \
finance, procurement, warehouse, sales, managers, occasional, service_desk
    """
    items = _training()
    keep = None
    if roles is not None:
        if isinstance(roles, (str, bytes, Mapping)) or not isinstance(roles, Iterable):
            raise TypeError(f"Roles must be a list of role names (you entered {roles!r})")
        keep = set()
        for value in roles:
            key = value.strip().lower() if isinstance(value, str) else None
            match = [r.id for r in items if key in (r.id, r.name.lower())]
            if not match:
                raise ValueError(f"Unknown role {value!r} in the training plan; the roles are "
                                 f"{', '.join(r.id for r in items)}")
            keep.add(match[0])
        if not keep:
            raise ValueError("Roles: the list is empty; leave it out to see every role")
    rows = [{"id": r.id, "Role": r.name, "Audience": r.audience,
             "Modules": ", ".join(r.modules), "Hours per person": float(r.hours),
             "Format": r.format, "Weeks before go-live": r.weeks_before_golive,
             "Total hours": float(r.audience * r.hours)}
            for r in items if keep is None or r.id in keep]
    return pd.DataFrame(rows).set_index("id")


def training_hours_per_user(plan: pd.DataFrame | None = None) -> float:
    """Average training hours per user: total hours / total audience.

    Examples
    --------
    >>> round(training_hours_per_user(), 2)
    8.44
    """
    plan = training_plan() if plan is None else plan
    if not isinstance(plan, pd.DataFrame) or not {"Audience", "Total hours"} <= set(plan.columns):
        raise TypeError("plan must be a table from training_plan() (columns 'Audience' and "
                        "'Total hours')")
    audience = float(plan["Audience"].sum())
    if audience <= 0:
        raise ValueError("The training plan has no audience: there is no one to average over")
    return float(plan["Total hours"].sum()) / audience


# --------------------------------------------------------------------------
# Adoption linked to training (teaching model)
# --------------------------------------------------------------------------

def _model(hours: np.ndarray, weeks: np.ndarray) -> np.ndarray:
    p = ADOPTION_MODEL
    g = 1.0 - np.exp(-hours / p["scale"])
    plateau = p["floor"] + (p["ceiling"] - p["floor"]) * g
    rate = p["rate0"] + p["rate_gain"] * g
    return plateau * (1.0 - np.exp(-rate * weeks))


#: The most intended users :func:`adoption_curve` counts (more than the world's population).
MAX_USERS = 10 ** 10


def adoption_curve(training_hours_per_user: float, weeks: int = 26, *,
                   users: int | None = None) -> pd.DataFrame:
    """Weekly adoption after go-live for a given training effort (TEACHING MODEL).

    ``adoption(t) = plateau(h) * (1 - exp(-rate(h) * t))`` with plateau and
    rate rising with training hours ``h`` with diminishing returns (see the
    module docstring and :func:`adoption_assumptions`). Deterministic: the
    same inputs always give the same curve.

    Parameters
    ----------
    training_hours_per_user : float
        Average hours of training per user, 0 to 200.
    weeks : int, default 26
        Weeks after go-live to show (1 to 260); week 0 is go-live.
    users : int, optional
        Intended users, 1 to 10**10. When given, adds "Active users" (the model's share,
        rounded to whole people) and "Measured adoption (%)", computed from
        those counts with lesson 06's
        :func:`~implcourse.metrics.kpis.adoption_rate`, as a report would.

    Returns
    -------
    DataFrame
        Indexed by "Week" (0 to ``weeks``): "Adoption (%)" (per cent of
        intended users actively using the system), and the user columns.

    Examples
    --------
    >>> curve = adoption_curve(8, weeks=13, users=300)
    >>> round(float(curve.loc[13, "Adoption (%)"]), 1)
    48.3
    >>> curve.loc[12, ["Active users", "Measured adoption (%)"]].tolist()
    [144.0, 48.0]
    >>> adoption_curve(-2)
    Traceback (most recent call last):
    ...
    ValueError: Training hours per user cannot be negative (you entered -2)
    """
    hours = _hours(training_hours_per_user)
    weeks = _whole("Weeks after go-live", weeks, 1, 260, "weeks")
    t = np.arange(int(weeks) + 1, dtype=float)
    frame = pd.DataFrame({"Adoption (%)": _model(np.full_like(t, hours), t)},
                         index=pd.Index(np.arange(int(weeks) + 1), name="Week"))
    if users is not None:
        users = check_int("Intended users", users, minimum=1, maximum=MAX_USERS)
        active = np.rint(frame["Adoption (%)"].to_numpy() / 100 * users).astype(int)
        frame["Active users"] = active.astype(float)
        frame["Measured adoption (%)"] = [adoption_rate(int(a), users) for a in active]
    return frame


def _hours(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"Training hours per user must be a number (you entered "
                        f"{shown(value)})")
    number = _float(value)
    if not math.isfinite(number):
        raise ValueError(f"Training hours per user must be a finite number "
                         f"(you entered {shown(value)})")
    if number < 0:
        raise ValueError(f"Training hours per user cannot be negative (you entered "
                         f"{shown(value)})")
    if number > 200:
        raise ValueError(f"Training hours per user above 200 is outside the model "
                         f"(you entered {shown(value)})")
    return number


def adoption_assumptions() -> pd.DataFrame:
    """The assumptions of the adoption model, in words, with their values.

    Examples
    --------
    >>> adoption_assumptions().loc["ceiling", "Value"]
    '95 % of intended users'
    """
    p = ADOPTION_MODEL
    rows = [
        ("floor", f"{p['floor']:g} % of intended users",
         "With no training, adoption still creeps up to this plateau: people learn from "
         "colleagues and by trial and error."),
        ("ceiling", f"{p['ceiling']:g} % of intended users",
         "Even with unlimited training some intended users never become active "
         "(leavers, occasional users, roles that changed)."),
        ("scale", f"{p['scale']:g} hours",
         "Diminishing returns: each block of this many hours closes about 63 % of what is "
         "left of the gap between floor and ceiling."),
        ("rate0", f"{p['rate0']:g} per week",
         "Speed of the ramp-up with no training: about a quarter of the remaining gap "
         "closes each week."),
        ("rate_gain", f"up to +{p['rate_gain']:g} per week",
         "Training also speeds the ramp-up, with the same diminishing returns."),
        ("calibration", "lesson 06 portfolio",
         "Values set by hand so that adoption at 90 days follows the synthetic portfolio "
         "of lesson 06 between 2 and 24 hours of training; outside that range the curve is "
         "an assumption. Synthetic data: the model shows a mechanism, not a forecast."),
    ]
    return pd.DataFrame(rows, columns=["Parameter", "Value", "Meaning"]).set_index("Parameter")


def adoption_calibration(bins: Sequence[float] = (2, 6, 10, 14, 18, 24.5)) -> pd.DataFrame:
    """The model's adoption at 90 days beside lesson 06's synthetic portfolio.

    Projects with an ``adoption_90d`` value (:func:`implcourse.portfolio.load_projects`)
    are grouped into training-hour bands; for each band the table gives the
    number of projects, their mean hours, their mean adoption at 90 days, and
    the model's adoption at 90/7 weeks for the band's mean hours.

    Examples
    --------
    >>> table = adoption_calibration()
    >>> bool((table["Difference (points)"].abs() < 5).all())
    True
    """
    from ..portfolio import load_projects

    if not isinstance(bins, (list, tuple)) or len(bins) > 100:
        raise TypeError(f"bins must be a list of 2 to 100 increasing band edges (hours), such "
                        f"as [2, 6, 10] (you entered {type(bins).__name__} {shown(bins)})")
    edges = [check_number(f"bins[{i}]", b, minimum=0, maximum=1e6) for i, b in enumerate(bins)]
    if len(edges) < 2 or any(b <= a for a, b in zip(edges, edges[1:])):
        raise ValueError(f"bins must be at least two increasing band edges (you entered "
                         f"{shown(bins)})")
    df = load_projects().dropna(subset=["adoption_90d"])
    rows = []
    for lo, hi in zip(edges, edges[1:]):
        part = df[(df["training_hours_per_user"] >= lo) & (df["training_hours_per_user"] < hi)]
        if part.empty:
            continue
        hours = float(part["training_hours_per_user"].mean())
        model = float(_model(np.array([hours]), np.array([90 / 7]))[0])
        observed = float(part["adoption_90d"].mean())
        rows.append({"Training hours band": f"{lo:g} to {hi:g}", "Projects": len(part),
                     "Mean hours": hours, "Portfolio adoption at 90 days (%)": observed,
                     "Model adoption at 90 days (%)": model,
                     "Difference (points)": model - observed})
    columns = ["Training hours band", "Projects", "Mean hours",
               "Portfolio adoption at 90 days (%)", "Model adoption at 90 days (%)",
               "Difference (points)"]
    # No band holding a project gives an empty table, not an error.
    return pd.DataFrame(rows, columns=columns).set_index("Training hours band")
