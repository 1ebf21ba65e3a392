"""The agile suitability filter: nine questions, a fit zone and the mismatches.

After PMI and Agile Alliance, *Agile Practice Guide* (2017), Annex X3 "Agile
Suitability Filter Tools", which builds on the DSDM project approach
questionnaire and on Boehm and Turner's home grounds. The questions and the
anchor texts (in the course's own words) live in
``datasets/methods/suitability.yml``.

What comes from the Guide
    Nine questions in three groups (Culture: buy-in, trust, decision-making
    freedom; Team: size, experience, access to the business; Project:
    likelihood of change, criticality, incremental delivery). Each is scored
    1 to 10 by the group, with anchors at 1, 5 and 10; 1 is the agile end for
    every question (the centre of the radar chart) and 10 the predictive end
    (its edge). Answers clustered near the centre point to agile, answers
    mostly in the middle band to hybrid, answers mostly at the edge to
    predictive. Answers that fall outside the overall fit are mismatches, to
    be handled as risks. The Guide stresses that the result starts a
    conversation and the group may choose differently.

What is the course's model (a teaching model, not the Guide's rule)
    * The bands: agile 1-3, hybrid 4-7, predictive 8-10 (from
      ``suitability.yml``). The Guide draws the zones but the course found no
      numeric limits in its text.
    * "Mostly in a zone" is made precise as: **the fit is the zone of the
      median of the nine answers.** With nine answers the median is the
      fifth smallest, so at least five answers lie in that zone or towards
      the agile side and at least five in it or towards the predictive side.
    * Group score = the mean of the group's three answers (1 to 10).
    * A mismatch is an answer whose band differs from the fit; its risk
      statement depends on which side of the fit it falls.

Raising any answer can never move the fit towards agile (the median does
not fall when a value rises), and the order of the answers does not matter.

Examples
--------
>>> ids = [q.id for q in load_questions()]
>>> result = assess_suitability(dict.fromkeys(ids, 2))
>>> result.fit, result.median, result.group_scores["culture"]
('agile', 2, 2.0)
>>> answers = dict.fromkeys(ids, 2) | {"team_size": 9, "criticality": 8}
>>> r = assess_suitability(answers)
>>> r.fit, [m.question for m in r.mismatches]
('agile', ['team_size', 'criticality'])
"""

from __future__ import annotations

import numbers
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from pydantic import Field, model_validator

from ..content import (ContentError, ContentModel, Slug, Text, display_path, load_entries,
                       resolve)
from ..validation import cached_by_names, check_int, shown
from .home_ground import CRITICALITY_LEVELS, home_ground
from .profiles import load_profiles, load_vendor_methods

__all__ = [
    "Zone",
    "ZoneBand",
    "Group",
    "Anchors",
    "Question",
    "Mismatch",
    "Suitability",
    "Case",
    "ZONES",
    "load_questions",
    "load_groups",
    "load_zone_bands",
    "zone_of",
    "suitability_questions",
    "assess_suitability",
    "load_cases",
]

SUITABILITY_FILE = "methods/suitability.yml"
CASES_FILE = "methods/cases.yml"

Zone = Literal["agile", "hybrid", "predictive"]
#: The zones from the centre of the radar (agile) to its edge (predictive).
ZONES: tuple[str, ...] = ("agile", "hybrid", "predictive")


class ZoneBand(ContentModel):
    """The answers (inclusive) that fall in one zone: the course's model."""

    zone: Zone
    low: int = Field(ge=1, le=10)
    high: int = Field(ge=1, le=10)


class Group(ContentModel):
    """One of the Guide's three groups of questions."""

    id: Slug
    name: Text
    question: Text


class Anchors(ContentModel):
    """What an answer of 1, 5 and 10 means (the course's wording)."""

    low: Text
    middle: Text
    high: Text


class Question(ContentModel):
    """One question of the filter, scored 1 (agile end) to 10 (predictive end)."""

    id: Slug
    group: Slug
    label: Text
    question: Text
    anchors: Anchors
    risk_if_more_predictive: Text
    risk_if_more_agile: Text


def _file(name: str) -> str:
    return display_path(resolve(name))


@cached_by_names
def load_zone_bands(name: str = SUITABILITY_FILE) -> tuple[ZoneBand, ...]:
    """The zone bands, agile to predictive; they must cover 1 to 10 without gaps."""
    bands = load_entries(name, ZoneBand, key="zones")
    if tuple(b.zone for b in bands) != ZONES:
        raise ContentError(_file(name), f"zones must be listed in the order {', '.join(ZONES)}")
    expected_low = 1
    for number, band in enumerate(bands, start=1):
        if band.low != expected_low or band.high < band.low:
            raise ContentError(_file(name), f"band must start at {expected_low} and not end "
                               "before it starts", f"entry {number} ({band.zone})", "low")
        expected_low = band.high + 1
    if expected_low != 11:
        raise ContentError(_file(name), "the bands must end at 10")
    return bands


@cached_by_names
def load_groups(name: str = SUITABILITY_FILE) -> tuple[Group, ...]:
    """The three groups, Culture, Team and Project."""
    return load_entries(name, Group, key="groups")


@cached_by_names
def load_questions(name: str = SUITABILITY_FILE) -> tuple[Question, ...]:
    """The nine questions in the Guide's order; every group id must exist."""
    questions = load_entries(name, Question, key="questions")
    groups = [g.id for g in load_groups(name)]
    for number, q in enumerate(questions, start=1):
        if q.group not in groups:
            raise ContentError(_file(name), f"unknown group {q.group!r}; known: "
                               f"{', '.join(groups)}", f"entry {number} (id {q.id!r})", "group")
    return questions


def zone_of(answer: int) -> str:
    """The zone an answer of 1 to 10 falls in (the course's bands).

    Examples
    --------
    >>> [zone_of(a) for a in (1, 3, 4, 7, 8, 10)]
    ['agile', 'agile', 'hybrid', 'hybrid', 'predictive', 'predictive']
    """
    answer = check_int("answer", answer, minimum=1, maximum=10)
    for band in load_zone_bands():
        if band.low <= answer <= band.high:
            return band.zone
    raise ValueError(f"answer must be from 1 to 10, got {shown(answer)}")


def suitability_questions() -> list[dict]:
    """The questions for a form: id, group (id and name), label, question and
    the anchors for 1, 5 and 10, in the Guide's order.

    Examples
    --------
    >>> first = suitability_questions()[0]
    >>> first["id"], first["group_name"], sorted(first["anchors"])
    ('buy_in', 'Culture', [1, 5, 10])
    """
    names = {g.id: g.name for g in load_groups()}
    return [{"id": q.id, "group": q.group, "group_name": names[q.group], "label": q.label,
             "question": q.question,
             "anchors": {1: q.anchors.low, 5: q.anchors.middle, 10: q.anchors.high}}
            for q in load_questions()]


@dataclass(frozen=True)
class Mismatch:
    """An answer outside the overall fit: a risk to manage.

    Attributes
    ----------
    question, label : str
        The question's id and its label.
    answer : int
    zone : str
        The answer's own zone.
    direction : {"more predictive", "more agile"}
        Which side of the fit the answer falls on.
    risk : str
        What the mismatch means, in plain words.
    """

    question: str
    label: str
    answer: int
    zone: str
    direction: str
    risk: str


@dataclass(frozen=True)
class Suitability:
    """The result of :func:`assess_suitability`.

    Attributes
    ----------
    answers : mapping of str to int
        The answers, in the Guide's question order.
    group_scores : mapping of str to float
        Mean answer of each group (culture, team, project), 1 to 10.
    median : int
        The median of the nine answers.
    fit : {"agile", "hybrid", "predictive"}
        The zone of the median (the course's rule).
    zone_counts : mapping of str to int
        How many answers fall in each zone.
    mismatches : tuple of Mismatch
        Answers in another zone than the fit, in question order.
    """

    answers: Mapping[str, int]
    group_scores: Mapping[str, float]
    median: int
    fit: str
    zone_counts: Mapping[str, int]
    mismatches: tuple[Mismatch, ...]

    def summary(self) -> str:
        """The result in one or two sentences.

        Examples
        --------
        >>> ids = [q.id for q in load_questions()]
        >>> print(assess_suitability(dict.fromkeys(ids, 9)).summary())
        Fit: predictive (median answer 9). Culture 9.0, Team 9.0, Project 9.0. No mismatches.
        """
        names = {g.id: g.name for g in load_groups()}
        groups = ", ".join(f"{names[g]} {s:.1f}" for g, s in self.group_scores.items())
        text = f"Fit: {self.fit} (median answer {self.median}). {groups}."
        if self.mismatches:
            listed = ", ".join(f"{m.label} ({m.answer}, {m.zone})" for m in self.mismatches)
            return f"{text} Mismatches to treat as risks: {listed}."
        return f"{text} No mismatches."


def _check_answer(label: str, value: object, key: str) -> int:
    ok = (not isinstance(value, bool) and isinstance(value, numbers.Integral)
          and 1 <= int(value) <= 10)
    if not ok:
        raise (ValueError if isinstance(value, numbers.Real) and not isinstance(value, bool)
               else TypeError)(f"Answer to {label!r} must be a whole number from 1 to 10 "
                               f"(you entered {shown(value)}) (parameter answers[{key!r}])")
    return int(value)


def assess_suitability(answers: Mapping[str, int]) -> Suitability:
    """Score the nine questions of the agile suitability filter.

    Parameters
    ----------
    answers : mapping of question id to int
        All nine answers, each a whole number from 1 (agile end) to 10
        (predictive end); see :func:`suitability_questions` for the ids.

    Returns
    -------
    Suitability
        Group scores (mean of each group's answers), the median answer, the
        fit zone and the mismatches.

    Notes
    -----
    Fit = the zone of the median of the nine answers, with bands agile 1-3,
    hybrid 4-7, predictive 8-10. The bands and the median rule are the
    course's model of the Guide's "clustered around the centre" and
    "predominantly in the zone"; the questions, the 1-to-10 scale and its
    direction, and treating mismatches as risks are the Guide's.

    Raises
    ------
    TypeError
        If ``answers`` is not a mapping, or an answer is not a whole number
        (booleans, floats such as 5.0 and text are refused).
    ValueError
        For an unknown or missing question (named by its label) or an answer
        outside 1 to 10.

    References
    ----------
    PMI and Agile Alliance, *Agile Practice Guide*, 2017, Annex X3
    (X3.3.2 "Score the questions from 1 to 10"; X3.3.3 "Interpret the
    results").

    Examples
    --------
    >>> ids = [q.id for q in load_questions()]
    >>> assess_suitability(dict.fromkeys(ids, 5) | {"buy_in": 12})
    Traceback (most recent call last):
    ...
    ValueError: Answer to 'Buy-in to approach' must be a whole number from 1 to 10 (you entered 12) (parameter answers['buy_in'])
    >>> assess_suitability({"buy_in": 3})
    Traceback (most recent call last):
    ...
    ValueError: Missing answers: 'Trust in team', 'Decision-making freedom', 'Team size', 'Experience levels', 'Access to the customer/business', 'Likelihood of change', 'Criticality of product or service', 'Incremental delivery' (parameter answers)
    """
    if not isinstance(answers, Mapping):
        raise TypeError(f"answers must be a dict of question id -> answer, "
                        f"got {type(answers).__name__} {shown(answers)}")
    questions = load_questions()
    by_id = {q.id: q for q in questions}
    unknown = [k for k in answers if k not in by_id]
    if unknown:
        raise ValueError(f"Unknown question {shown(unknown[0])}; known: {', '.join(by_id)} "
                         f"(parameter answers)")
    missing = [q.label for q in questions if q.id not in answers]
    if missing:
        raise ValueError("Missing answers: " + ", ".join(repr(m) for m in missing)
                         + " (parameter answers)")
    values = {q.id: _check_answer(q.label, answers[q.id], q.id) for q in questions}

    groups = [g.id for g in load_groups()]
    group_scores = {g: statistics.fmean(values[q.id] for q in questions if q.group == g)
                    for g in groups}
    median = int(statistics.median_low(values.values()))
    fit = zone_of(median)
    zones = {qid: zone_of(v) for qid, v in values.items()}
    counts = {z: sum(1 for v in zones.values() if v == z) for z in ZONES}
    mismatches = []
    for q in questions:
        zone = zones[q.id]
        if zone == fit:
            continue
        further_out = ZONES.index(zone) > ZONES.index(fit)
        mismatches.append(Mismatch(
            question=q.id, label=q.label, answer=values[q.id], zone=zone,
            direction="more predictive" if further_out else "more agile",
            risk=" ".join((q.risk_if_more_predictive if further_out
                           else q.risk_if_more_agile).split())))
    return Suitability(answers=MappingProxyType(values),
                       group_scores=MappingProxyType(group_scores), median=median, fit=fit,
                       zone_counts=MappingProxyType(counts), mismatches=tuple(mismatches))


# --------------------------------------------------------------------------
# Case studies (synthetic)
# --------------------------------------------------------------------------

class CaseFactors(ContentModel):
    """Boehm and Turner's five factors for a case (arguments of :func:`home_ground`)."""

    size: int = Field(ge=1)
    criticality: Literal[tuple(CRITICALITY_LEVELS)]  # type: ignore[valid-type]
    dynamism: float = Field(ge=0, le=100)
    personnel_level_1b: float = Field(ge=0, le=100)
    personnel_level_2_3: float = Field(ge=0, le=100)
    culture: float = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _personnel_adds_up(self):
        if self.personnel_level_1b + self.personnel_level_2_3 > 100:
            raise ValueError("personnel_level_1b + personnel_level_2_3 must not exceed 100")
        return self

    def arguments(self) -> dict:
        """The factors as keyword arguments of :func:`home_ground`."""
        return {"size": self.size, "criticality": self.criticality,
                "dynamism": self.dynamism,
                "personnel": (self.personnel_level_1b, self.personnel_level_2_3),
                "culture": self.culture}


class Recommendation(ContentModel):
    """The approach a case recommends and the method that carries it."""

    approach: Zone
    method: Slug


class Case(ContentModel):
    """A synthetic case study with its filter answers and factor values."""

    id: Slug
    title: Text
    synthetic: Literal[True]
    context: Text
    answers: dict[Slug, int]
    factors: CaseFactors
    recommendation: Recommendation
    rationale: Text
    override: str | None = Field(None, description="Why the recommendation departs from "
                                 "what the filter or the home ground gives, if it does.")


@cached_by_names
def load_cases(name: str = CASES_FILE) -> tuple[Case, ...]:
    """The synthetic case studies of ``datasets/methods/cases.yml``.

    Each case's answers must pass :func:`assess_suitability`, its factors
    :func:`~implcourse.methods.home_ground.home_ground`, and its recommended
    method must be a profile or vendor method id.

    Examples
    --------
    >>> cases = load_cases()
    >>> len(cases) >= 8 and all(c.synthetic for c in cases)
    True
    """
    cases = load_entries(name, Case, key="cases")
    methods = [p.id for p in load_profiles()] + [v.id for v in load_vendor_methods()]
    file = _file(name)
    for number, case in enumerate(cases, start=1):
        where = f"entry {number} (id {case.id!r})"
        try:
            assess_suitability(case.answers)
        except (TypeError, ValueError) as err:
            raise ContentError(file, str(err), where, "answers") from None
        try:
            home_ground(**case.factors.arguments())
        except (TypeError, ValueError) as err:
            raise ContentError(file, str(err), where, "factors") from None
        if case.recommendation.method not in methods:
            raise ContentError(file, f"unknown method {case.recommendation.method!r}; known: "
                               f"{', '.join(methods)}", where, "recommendation.method")
    return cases
