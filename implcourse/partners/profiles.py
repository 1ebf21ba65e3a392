"""The five kinds of implementation partner rated on six aspects, what a
partner does, how it works, what it brings, and when to use one.

The content lives in ``datasets/partners/profiles.yml``. The five partner
types and six aspects follow the comparison matrix of seed 002 (a glossary
entry on implementation partners); the rating texts are the course's own
words. Every cell also carries a number from 1 to 5 for the scoring model
(:mod:`implcourse.partners.scoring`): these numbers are **the course's
reading of the matrix, a teaching model**, not measurements. On every aspect
5 is best for the client, so for cost structure 5 means the lowest cost and
for risk profile the lowest risk.

Examples
--------
>>> [p.id for p in partner_types()][:2]
['large_system_integrator', 'boutique_specialist']
>>> [a.name for a in aspects()][:3]
['Scope of services', 'Resource availability', 'Cost structure']
>>> get_partner_type("Boutique specialist").rating("innovation_capability")
5
>>> comparison_table().loc["Cost structure", "Offshore or nearshore partner"]
'The lowest rates, often priced by volume. (5 of 5)'
"""

from __future__ import annotations

import math
import numbers
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, Field

from ..content import (ContentError, ContentModel, Items, Slug, Text, cached_by_file,
                       display_path, load_entries)

__all__ = [
    "Aspect",
    "Rating",
    "PartnerType",
    "Capability",
    "ProcessStage",
    "Benefit",
    "Situation",
    "aspects",
    "aspect_ids",
    "get_aspect",
    "partner_types",
    "partner_ids",
    "get_partner_type",
    "comparison_table",
    "ratings_matrix",
    "capabilities",
    "process_stages",
    "benefits",
    "when_to_use",
    "capabilities_table",
    "process_table",
]

PROFILES_FILE = "partners/profiles.yml"

#: The scale of the ratings: 1 (worst for the client) to 5 (best).
RATING_MIN, RATING_MAX = 1, 5


# --------------------------------------------------------------------------
# Checks in the learner's words (shared by the partner modules)
# --------------------------------------------------------------------------

def _shown(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return repr(value)
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    return f"{float(value):g}"


def _number(label: str, value: object, *, minimum: float | None = None,
            maximum: float | None = None) -> float:
    """A finite number within bounds, or an error naming ``label``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{label} must be a number (you entered {_shown(value)})")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{label} must be an ordinary number (you entered {_shown(value)})")
    if minimum is not None and maximum is not None and not minimum <= value <= maximum:
        raise ValueError(f"{label} must be from {minimum:g} to {maximum:g} (you entered "
                         f"{_shown(value)})")
    if minimum is not None and value < minimum:
        if minimum == 0:
            raise ValueError(f"{label} cannot be negative (you entered {_shown(value)})")
        raise ValueError(f"{label} must be at least {minimum:g} (you entered {_shown(value)})")
    return value


def _lookup(label: str, key: object, items, *, plural: str | None = None):
    """An item by id or name (case-insensitive), or an error listing the known ones."""
    if not isinstance(key, str):
        raise TypeError(f"{label[0].upper()}{label[1:]} must be given by its name (you "
                        f"entered {_shown(key)})")
    wanted = key.strip().lower()
    for item in items:
        if wanted in (item.id, item.name.lower()):
            return item
    known = ", ".join(repr(item.id) for item in items)
    raise ValueError(f"Unknown {label} {key!r}; the {plural or label + 's'} are {known}")


# --------------------------------------------------------------------------
# Content models
# --------------------------------------------------------------------------

class Aspect(ContentModel):
    """One of the six aspects of the comparison matrix."""

    id: Slug
    name: Text
    question: Text
    five_means: Text
    one_means: Text


class Rating(ContentModel):
    """One cell of the matrix: the course's words and its number, 1 to 5."""

    rating: int = Field(ge=RATING_MIN, le=RATING_MAX)
    text: Text


class PartnerType(ContentModel):
    """A kind of implementation partner with its ratings on every aspect."""

    id: Slug
    name: Text
    also_called: list[Text] = Field(default_factory=list)
    summary: Text
    typical_fit: Text
    ratings: dict[Slug, Rating]

    def rating(self, aspect: str) -> int:
        """The number (1 to 5) for an aspect, by id or name."""
        return self.ratings[get_aspect(aspect).id].rating

    def text(self, aspect: str) -> str:
        """The rating text for an aspect, by id or name."""
        return self.ratings[get_aspect(aspect).id].text


class Capability(ContentModel):
    """Something a partner brings: technical expertise, project management..."""

    id: Slug
    name: Text
    what: Text
    examples: Items


class ProcessStage(ContentModel):
    """A stage of how a partner works, mapped onto lesson 01's phases."""

    id: Slug
    name: Text
    lesson_phases: Items
    what: Text


class Benefit(ContentModel):
    """A benefit of working with a partner."""

    id: Slug
    name: Text
    what: Text


class Situation(ContentModel):
    """A situation for (or against) bringing in a partner, and why."""

    id: Slug
    situation: Text
    why: Text


class _Profiles(BaseModel):
    model_config = {"frozen": True}

    aspects: tuple[Aspect, ...]
    partner_types: tuple[PartnerType, ...]
    capabilities: tuple[Capability, ...]
    process: tuple[ProcessStage, ...]
    benefits: tuple[Benefit, ...]
    use_when: tuple[Situation, ...]
    avoid_when: tuple[Situation, ...]


@cached_by_file
def _load(path: Path) -> _Profiles:
    file = display_path(path)
    parts = {
        "aspects": load_entries(path, Aspect, key="aspects"),
        "partner_types": load_entries(path, PartnerType, key="partner_types"),
        "capabilities": load_entries(path, Capability, key="capabilities"),
        "process": load_entries(path, ProcessStage, key="process"),
        "benefits": load_entries(path, Benefit, key="benefits"),
        "use_when": load_entries(path, Situation, key="use_when"),
        "avoid_when": load_entries(path, Situation, key="avoid_when"),
    }
    wanted = [a.id for a in parts["aspects"]]
    for number, p in enumerate(parts["partner_types"], start=1):
        got = list(p.ratings)
        if sorted(got) != sorted(wanted):
            missing = [a for a in wanted if a not in got]
            extra = [a for a in got if a not in wanted]
            raise ContentError(file, f"ratings must cover exactly the aspects {', '.join(wanted)}"
                               f" (missing: {', '.join(missing) or 'none'}; unknown: "
                               f"{', '.join(extra) or 'none'})",
                               f"partner type {number} (id {p.id!r})", "ratings")
    from ..lifecycle import phase_ids
    phases = phase_ids()
    for number, stage in enumerate(parts["process"], start=1):
        for i, phase in enumerate(stage.lesson_phases):
            if phase not in phases:
                raise ContentError(file, f"unknown lesson 01 phase {phase!r}; known: "
                                   f"{', '.join(phases)}", f"stage {number} (id {stage.id!r})",
                                   f"lesson_phases[{i}]")
    return _Profiles(**parts)


def _profiles() -> _Profiles:
    return _load(PROFILES_FILE)


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------

def aspects() -> tuple[Aspect, ...]:
    """The six aspects, in the matrix's order.

    Examples
    --------
    >>> aspects()[4].five_means
    'Proven processes, many similar projects, depth to absorb surprises.'
    """
    return _profiles().aspects


def aspect_ids() -> list[str]:
    """The aspect ids, in order."""
    return [a.id for a in aspects()]


def get_aspect(aspect: str) -> Aspect:
    """An aspect by id or name (case-insensitive).

    Examples
    --------
    >>> get_aspect("Risk profile").id
    'risk_profile'
    >>> get_aspect("price")
    Traceback (most recent call last):
    ...
    ValueError: Unknown aspect 'price'; the aspects are 'scope_of_services', \
'resource_availability', 'cost_structure', 'implementation_speed', 'risk_profile', \
'innovation_capability'
    """
    return _lookup("aspect", aspect, aspects())


def partner_types() -> tuple[PartnerType, ...]:
    """The five partner types, in the matrix's order."""
    return _profiles().partner_types


def partner_ids() -> list[str]:
    """The partner type ids, in order."""
    return [p.id for p in partner_types()]


def get_partner_type(partner: str) -> PartnerType:
    """A partner type by id or name (case-insensitive).

    Raises
    ------
    ValueError
        For an unknown partner type, listing the known ones.

    Examples
    --------
    >>> get_partner_type("independent_consultant").name
    'Independent consultant'
    >>> get_partner_type("big four")
    Traceback (most recent call last):
    ...
    ValueError: Unknown partner type 'big four'; the partner types are \
'large_system_integrator', 'boutique_specialist', 'technology_vendor_partner', \
'independent_consultant', 'offshore_nearshore_partner'
    """
    return _lookup("partner type", partner, partner_types())


def comparison_table(numbers: bool = True) -> pd.DataFrame:
    """The comparison matrix with human labels: aspects as rows, partner types
    as columns, each cell the course's rating text (and, with ``numbers``,
    its number as "(4 of 5)").

    Examples
    --------
    >>> table = comparison_table(numbers=False)
    >>> table.shape
    (6, 5)
    >>> table.loc["Resource availability", "Independent consultant"]
    'One person or a few; no bench behind them.'
    """
    if not isinstance(numbers, bool):
        raise TypeError(f"Show numbers must be True or False (you entered {_shown(numbers)})")
    data = {}
    for p in partner_types():
        data[p.name] = [p.ratings[a.id].text + (f" ({p.ratings[a.id].rating} of "
                                                f"{RATING_MAX})" if numbers else "")
                        for a in aspects()]
    return pd.DataFrame(data, index=pd.Index([a.name for a in aspects()], name="Aspect"))


def ratings_matrix() -> pd.DataFrame:
    """The numbers of the matrix (1 to 5, 5 best for the client): partner type
    ids as rows, aspect ids as columns. The course's reading of seed 002, a
    teaching model.

    Examples
    --------
    >>> int(ratings_matrix().loc["offshore_nearshore_partner", "cost_structure"])
    5
    """
    return pd.DataFrame([[p.ratings[a].rating for a in aspect_ids()] for p in partner_types()],
                        index=pd.Index(partner_ids(), name="partner"),
                        columns=pd.Index(aspect_ids(), name="aspect"))


def capabilities() -> tuple[Capability, ...]:
    """What a partner brings: technical expertise, project management, change
    management and training.

    Examples
    --------
    >>> [c.name for c in capabilities()]
    ['Technical expertise', 'Project management', 'Change management', 'Training']
    """
    return _profiles().capabilities


def process_stages() -> tuple[ProcessStage, ...]:
    """How a partner works: assessment, design, build, test, deploy, support,
    each mapped onto lesson 01's phase ids.

    Examples
    --------
    >>> [(s.id, s.lesson_phases) for s in process_stages()][3]
    ('test', ['testing'])
    """
    return _profiles().process


def benefits() -> tuple[Benefit, ...]:
    """What a good partner brings the client."""
    return _profiles().benefits


def when_to_use() -> pd.DataFrame:
    """Situations for bringing in a partner and against it, with the reason.

    Examples
    --------
    >>> table = when_to_use()
    >>> sorted(set(table["Use a partner?"]))
    ['No', 'Yes']
    """
    rows = [{"Use a partner?": "Yes", "Situation": s.situation, "Why": s.why}
            for s in _profiles().use_when]
    rows += [{"Use a partner?": "No", "Situation": s.situation, "Why": s.why}
             for s in _profiles().avoid_when]
    return pd.DataFrame(rows)


def capabilities_table() -> pd.DataFrame:
    """The capabilities with what they cover, for a lesson table."""
    return pd.DataFrame([{"Capability": c.name, "What it covers": c.what,
                          "Examples": "; ".join(c.examples)} for c in capabilities()]
                        ).set_index("Capability")


def process_table() -> pd.DataFrame:
    """The partner's way of working, stage by stage, with lesson 01's phases.

    Examples
    --------
    >>> process_table().loc["Deploy", "Lesson 01 phases"]
    'Training and documentation; Deployment and go-live'
    """
    from ..lifecycle import load_phases
    names = {p.id: p.name for p in load_phases()}
    return pd.DataFrame([{"Stage": s.name, "What happens": s.what,
                          "Lesson 01 phases": "; ".join(names[p] for p in s.lesson_phases)}
                         for s in process_stages()]).set_index("Stage")
