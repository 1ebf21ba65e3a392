"""A SMART check of a KPI definition.

SMART comes from G. T. Doran, "There's a S.M.A.R.T. way to write
management's goals and objectives", *Management Review* 70(11), November
1981 (American Management Association). Doran's letters were Specific,
Measurable, **Assignable** (who will do it), Realistic and Time-related.
Later authors changed them: A became Achievable, Attainable or Agreed, R
became Relevant or Results-based, T became Time-bound or Timely. This
course uses Specific, Measurable, Achievable, Relevant and Time-bound, and
keeps Doran's "assignable" inside *achievable* by asking for a named owner.

The check is a **course model**, a set of plain rules a learner can apply
to a definition on paper. Each criterion passes or fails with a reason:

* **Specific**: the measure says what is counted (no bare "improve",
  "better", "more", "as much as possible" ...), and a unit is given.
* **Measurable**: a numeric baseline and a numeric target, and a data
  source the figure will come from.
* **Achievable** (course model): a named owner, and a baseline; and the
  change asked is at most :data:`ACHIEVABLE_LIMIT` (50 %) of the baseline,
  *or* the definition cites evidence (a pilot, a benchmark) that more is
  possible. A percentage target must lie between 0 and 100.
* **Relevant**: the definition names the objective or business-case
  benefit it serves.
* **Time-bound**: a deadline (a date).

Examples
--------
>>> vague = KpiDefinition(id="x", name="Better CRM usage", measure="Improve usage of the CRM")
>>> [c.criterion for c in smart_check(vague) if not c.passed]
['specific', 'measurable', 'achievable', 'relevant', 'time_bound']
>>> is_smart(get_definition("adoption"))
True
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, ValidationError, field_validator

from ..content import ContentModel, Slug, Text, field_path, load_entries
from ..validation import check_str, cached_by_names

__all__ = ["KpiDefinition", "Criterion", "load_kpi_definitions", "get_definition",
           "smart_check", "is_smart", "CRITERIA", "VAGUE_WORDS", "ACHIEVABLE_LIMIT"]

DEFINITIONS_FILE = "metrics/kpi_definitions.yml"

#: The five criteria, in order, with their labels.
CRITERIA = {"specific": "Specific", "measurable": "Measurable", "achievable": "Achievable",
            "relevant": "Relevant", "time_bound": "Time-bound"}
#: Words that, in a measure, say *that* something should change but not *what* is counted.
VAGUE_WORDS = ("improve", "improved", "improving", "better", "more", "enhance", "increase",
               "optimise", "optimize", "good", "high", "happy", "as much as possible",
               "world-class", "seamless", "satisfied")
#: Course model: the largest change, as a share of the baseline, that counts as
#: achievable without cited evidence.
ACHIEVABLE_LIMIT = 0.5


class KpiDefinition(ContentModel):
    """A KPI as written down: what is measured, from where, to what target, by when, by whom.

    Only ``id``, ``name`` and ``measure`` are required, so that a vague KPI
    can be written down and checked; :func:`smart_check` reports what is missing.
    """

    id: Slug
    name: Text
    measure: Text = Field(description="What is counted, ideally as a formula.")
    kind: Literal["vague", "unrealistic", "smart"] | None = None
    unit: Text | None = None
    baseline: float | None = Field(default=None, allow_inf_nan=False)
    target: float | None = Field(default=None, allow_inf_nan=False)
    deadline: dt.date | None = None
    owner: Text | None = None
    data_source: Text | None = None
    objective: Text | None = Field(default=None, description="The objective or benefit served.")
    evidence: Text | None = Field(default=None, description="Why the target is possible.")

    @field_validator("baseline", "target", mode="before")
    @classmethod
    def _not_bool(cls, value: object) -> object:
        if isinstance(value, bool):  # True is 1 to Python, never a baseline or a target
            raise ValueError("must be a number, not True or False")
        return value


@dataclass(frozen=True)
class Criterion:
    """One line of a SMART check: the criterion, pass or fail, and why."""

    criterion: str
    label: str
    passed: bool
    reason: str


@cached_by_names
def load_kpi_definitions(name: str = DEFINITIONS_FILE) -> tuple[KpiDefinition, ...]:
    """The course's KPI definitions (vague, unrealistic and SMART ones), validated.

    Examples
    --------
    >>> {d.kind for d in load_kpi_definitions()} == {"vague", "unrealistic", "smart"}
    True
    """
    return load_entries(name, KpiDefinition, key="definitions")


def get_definition(kpi_id: str) -> KpiDefinition:
    """One definition of :func:`load_kpi_definitions` by id.

    Examples
    --------
    >>> get_definition("nope")
    Traceback (most recent call last):
    ...
    ValueError: KPI definition (kpi_id) 'nope' is unknown; known: adoption_vague, uptime_vague, satisfaction_vague, retention_vague, adoption, availability, csat, mttr
    """
    kpi_id = check_str("KPI definition (kpi_id)", kpi_id)
    found = {d.id: d for d in load_kpi_definitions()}
    if kpi_id not in found:
        raise ValueError(f"KPI definition (kpi_id) {kpi_id!r} is unknown; known: "
                         f"{', '.join(found)}")
    return found[kpi_id]


def _vague_words(text: str) -> list[str]:
    lower = text.lower()
    return [w for w in VAGUE_WORDS if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", lower)]


def _is_percent(unit: str | None) -> bool:
    return unit is not None and unit.strip().startswith("%")


def smart_check(definition: KpiDefinition | dict) -> list[Criterion]:
    """Check a KPI definition against the five SMART criteria (course model).

    Parameters
    ----------
    definition : KpiDefinition or dict
        A definition; a dict is validated as one (unknown keys refused).

    Returns
    -------
    list of Criterion
        One per criterion, in the order S, M, A, R, T, each with a reason
        in plain words.

    Examples
    --------
    >>> for c in smart_check(get_definition("retention_vague")):
    ...     print(c.label, c.passed)
    Specific True
    Measurable True
    Achievable False
    Relevant True
    Time-bound True
    >>> smart_check(get_definition("retention_vague"))[2].reason
    'The target asks for a change of 75 % of the baseline (8 to 2), more than the 50 % this course accepts without evidence; cite a pilot or benchmark, or lower the target.'
    """
    if isinstance(definition, dict):
        definition = _from_dict(definition)
    if not isinstance(definition, KpiDefinition):
        shown = repr(definition)
        shown = shown if len(shown) <= 80 else shown[:76] + " ..."
        raise TypeError(f"definition must be a KpiDefinition or a dict, "
                        f"got {type(definition).__name__} {shown}")
    d = definition
    out = []

    # Specific
    vague = _vague_words(d.measure)
    if vague:
        out.append((False, f"The measure uses {', '.join(repr(w) for w in vague)}, which says "
                           f"a change is wanted but not what is counted; write the formula."))
    elif d.unit is None:
        out.append((False, "No unit is given, so the figure could be read several ways."))
    else:
        out.append((True, f"The measure says what is counted, in {d.unit}."))

    # Measurable
    missing = [label for label, value in (("a baseline", d.baseline), ("a target", d.target),
                                          ("a data source", d.data_source)) if value is None]
    if missing:
        out.append((False, f"It lacks {_join(missing)}, so nobody can tell whether it was met."))
    else:
        out.append((True, f"Baseline {d.baseline:g}, target {d.target:g}, measured from "
                          f"{d.data_source}."))

    # Achievable (course model)
    out.append(_achievable(d))

    # Relevant
    if d.objective is None:
        out.append((False, "It names no objective or business-case benefit that it serves."))
    else:
        out.append((True, f"It serves: {d.objective}."))

    # Time-bound
    if d.deadline is None:
        out.append((False, "It has no deadline, so it can never be missed."))
    else:
        out.append((True, f"Due by {d.deadline.isoformat()}."))

    return [Criterion(criterion=key, label=label, passed=passed, reason=reason)
            for (key, label), (passed, reason) in zip(CRITERIA.items(), out)]


def _from_dict(raw: dict) -> KpiDefinition:
    """A dict validated as a KPI definition; the first problem named in words, with the
    field and the value entered."""
    try:
        return KpiDefinition.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        field = field_path(first["loc"]) or "definition"
        value = first.get("input")
        if first["type"] == "missing":
            raise ValueError(f"KPI definition field {field!r} is required (it is "
                             f"missing)") from None
        if first["type"] == "extra_forbidden":
            known = ", ".join(KpiDefinition.model_fields)
            raise ValueError(f"KPI definition has an unknown field {field!r} (you entered "
                             f"{value!r}); known fields: {known}") from None
        msg = first["msg"].removeprefix("Value error, ")
        raise ValueError(f"KPI definition field {field!r}: {msg} (you entered "
                         f"{value!r})") from None


def _achievable(d: KpiDefinition) -> tuple[bool, str]:
    if d.owner is None:
        return False, "No owner is named, so nobody is accountable for reaching it."
    if d.target is not None and _is_percent(d.unit) and not 0 <= d.target <= 100:
        return False, f"A percentage target of {d.target:g} is impossible."
    if d.baseline is None or d.target is None:
        return False, "Without a baseline and a target, nobody can judge whether it is possible."
    if d.evidence is not None:
        return True, f"Owned by {d.owner}; the target is backed by evidence: {d.evidence}."
    change = abs(d.target - d.baseline)
    if d.baseline == 0:
        if change == 0:
            return True, f"Owned by {d.owner}; the target keeps the baseline."
        return False, ("The baseline is 0, so any target is an unlimited change; cite "
                       "evidence (a pilot or benchmark) that it is possible.")
    share = change / abs(d.baseline)
    if share > ACHIEVABLE_LIMIT:
        return False, (f"The target asks for a change of {share:.0%} of the baseline "
                       f"({d.baseline:g} to {d.target:g}), more than the "
                       f"{ACHIEVABLE_LIMIT:.0%} this course accepts without evidence; "
                       f"cite a pilot or benchmark, or lower the target.").replace("%", " %", 2)
    return True, (f"Owned by {d.owner}; a change of {share:.0%} of the baseline is within "
                  f"the course's {ACHIEVABLE_LIMIT:.0%} limit.").replace("%", " %", 2)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def is_smart(definition: KpiDefinition | dict) -> bool:
    """True when every criterion of :func:`smart_check` passes."""
    return all(c.passed for c in smart_check(definition))
