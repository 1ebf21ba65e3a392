"""The implementation lifecycle: its phases, the kinds of IT work, the roles.

The content lives in ``datasets/lifecycle/`` and is validated on load:

* ``phases.yml``: the eight phases of an implementation, **in order**; for
  each, its purpose, key activities, deliverables, typical roles, exit-gate
  criteria, common failure modes and (for some) named stages;
* ``roles.yml``: the people around an implementation;
* ``work_types.yml``: implementation, upgrade, maintenance and support;
* ``work_scenarios.yml``: short synthetic scenarios to classify by kind of work.

The phase model is a teaching model: real methods (PRINCE2, PMBOK, vendor
methods such as SAP Activate or Microsoft Success by Design) cut the same
work into different named phases, and iterative methods repeat several of
them. What stays constant is the dependency logic this lesson teaches.

Examples
--------
>>> phases = load_phases()
>>> len(phases), phases[0].name
(8, 'Initiation and planning')
>>> get_phase("testing").stage_names()
['Unit testing', 'Integration testing', 'User acceptance testing (UAT)', 'Performance testing']
>>> check_order([p.id for p in phases]).correct
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from .content import (ContentError, ContentModel, Items, Slug, Text, display_path,
                      load_entries, read_yaml, resolve)
from .validation import check_str, check_str_list, cached_by_names

__all__ = [
    "Stage",
    "Phase",
    "Role",
    "WorkType",
    "WorkScenario",
    "OrderCheck",
    "load_phases",
    "load_roles",
    "load_work_types",
    "load_work_scenarios",
    "benefits_accountability",
    "get_phase",
    "get_role",
    "phase_ids",
    "card_sections",
    "phase_card",
    "phases_table",
    "roles_table",
    "work_types_table",
    "check_order",
]

PHASES_FILE = "lifecycle/phases.yml"
ROLES_FILE = "lifecycle/roles.yml"
WORK_TYPES_FILE = "lifecycle/work_types.yml"
SCENARIOS_FILE = "lifecycle/work_scenarios.yml"



class Stage(ContentModel):
    """A named stage inside a phase (for example UAT inside testing)."""

    name: Text
    description: Text


class Phase(ContentModel):
    """One phase of an implementation, as a card of facts."""

    id: Slug
    name: Text
    purpose: Text
    activities: Items
    deliverables: Items
    roles: Items
    exit_criteria: Items
    failure_modes: Items
    why_here: str = Field(min_length=1, description="Why the phase sits where it does: "
                          "what it needs from earlier phases and gives to later ones.")
    stages: list[Stage] = Field(default_factory=list)

    def stage_names(self) -> list[str]:
        """The names of the phase's stages, in order (may be empty)."""
        return [stage.name for stage in self.stages]


class Role(ContentModel):
    """A role around an implementation."""

    id: Slug
    name: Text
    side: Literal["client", "supplier", "either"]
    summary: Text
    responsibilities: Items


class WorkType(ContentModel):
    """A kind of IT work: implementation, upgrade, maintenance or support."""

    id: Slug
    name: Text
    nature: Literal["project", "ongoing"]
    definition: Text
    trigger: Text
    typical_scope: Text
    typical_duration: Text
    example: Text


class WorkScenario(ContentModel):
    """A short scenario to classify as one of the four kinds of work (synthetic)."""

    id: Slug
    text: Text
    work_type: Slug
    clue: Text


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------

@cached_by_names
def load_roles(name: str = ROLES_FILE) -> tuple[Role, ...]:
    """The roles around an implementation, from ``datasets/lifecycle/roles.yml``
    (or another file named by ``name``)."""
    return load_entries(name, Role, key="roles")


def benefits_accountability(name: str = ROLES_FILE) -> str:
    """Who answers for the benefits: one statement (Markdown), shared by lessons 01 and 05.

    Examples
    --------
    >>> "Senior User" in benefits_accountability()
    True
    """
    data = read_yaml(resolve(name))
    text = data.get("benefits_accountability") if isinstance(data, dict) else None
    if not isinstance(text, str) or not text.strip():
        raise ContentError(display_path(resolve(name)),
                           "expected a top-level key 'benefits_accountability' holding text")
    return " ".join(text.split())


@cached_by_names
def load_phases(name: str = PHASES_FILE, roles: str = ROLES_FILE) -> tuple[Phase, ...]:
    """The phases in lifecycle order, from ``datasets/lifecycle/phases.yml``.

    Every role a phase names must exist in the roles file.

    Parameters
    ----------
    name, roles : str or Path
        The phases and roles files (dataset names or paths).

    Raises
    ------
    ContentError
        If the file is malformed; the message names the entry and field.
    """
    phases = load_entries(name, Phase, key="phases")
    known = {role.id for role in load_roles(roles)}
    for number, phase in enumerate(phases, start=1):
        for i, role in enumerate(phase.roles):
            if role not in known:
                raise ContentError(display_path(resolve(name)),
                                   f"unknown role {role!r}; known roles: {', '.join(sorted(known))}",
                                   f"entry {number} (id {phase.id!r})", f"roles[{i}]")
    return phases


@cached_by_names
def load_work_types(name: str = WORK_TYPES_FILE) -> tuple[WorkType, ...]:
    """Implementation, upgrade, maintenance and support, from ``work_types.yml``."""
    return load_entries(name, WorkType, key="work_types")


@cached_by_names
def load_work_scenarios(name: str = SCENARIOS_FILE) -> tuple[WorkScenario, ...]:
    """Scenarios for the classify-the-work exercise, from ``work_scenarios.yml``.

    Every scenario's ``work_type`` must be an id of ``work_types.yml``.

    Examples
    --------
    >>> {s.work_type for s in load_work_scenarios()} == {w.id for w in load_work_types()}
    True
    """
    scenarios = load_entries(name, WorkScenario, key="scenarios")
    known = [w.id for w in load_work_types()]
    for number, scenario in enumerate(scenarios, start=1):
        if scenario.work_type not in known:
            raise ContentError(display_path(resolve(name)),
                               f"unknown work type {scenario.work_type!r}; known: "
                               f"{', '.join(known)}",
                               f"entry {number} (id {scenario.id!r})", "work_type")
    return scenarios


def phase_ids() -> list[str]:
    """The phase ids in lifecycle order.

    Examples
    --------
    >>> phase_ids()[-1]
    'post_implementation'
    """
    return [phase.id for phase in load_phases()]


def _lookup(kind: str, items: Sequence[Phase] | Sequence[Role], key: object):
    key = check_str(kind, key).lower()
    for item in items:
        if key in (item.id, item.name.lower()):
            return item
    known = ", ".join(repr(item.id) for item in items)
    raise ValueError(f"{kind} must be one of {known}; got {key!r}")


def get_phase(phase: str) -> Phase:
    """A phase by id or name (case-insensitive).

    Raises
    ------
    ValueError
        If no phase has that id or name; the message lists the ids.

    Examples
    --------
    >>> get_phase("Requirements").id
    'requirements'
    """
    return _lookup("phase", load_phases(), phase)


def get_role(role: str) -> Role:
    """A role by id or name (case-insensitive).

    Examples
    --------
    >>> get_role("sponsor").side
    'client'
    """
    return _lookup("role", load_roles(), role)


def card_sections(phase: str | Phase) -> tuple[str, list[tuple[str, str | list[str]]]]:
    """A phase's card as data: its title, then ``(label, text or items)`` pairs.

    The Markdown card (:func:`phase_card`) and the phase explorer's HTML card
    are both rendered from this, so they always show the same fields in the
    same order.

    Examples
    --------
    >>> title, sections = card_sections("testing")
    >>> title
    '5. Testing and quality assurance'
    >>> [label for label, _ in sections][:3]
    ['Purpose', 'Why here', 'Key activities']
    """
    if not isinstance(phase, Phase):
        phase = get_phase(phase)
    number = phase_ids().index(phase.id) + 1
    sections: list[tuple[str, str | list[str]]] = [
        ("Purpose", phase.purpose),
        ("Why here", phase.why_here),
        ("Key activities", list(phase.activities)),
        ("Deliverables", list(phase.deliverables)),
        ("Typical roles", ", ".join(get_role(role).name for role in phase.roles)),
        ("Exit gate: leave the phase only when", list(phase.exit_criteria)),
        ("Common failure modes", list(phase.failure_modes)),
    ]
    if phase.stages:
        sections.append(("Stages", [f"{s.name}: {s.description}" for s in phase.stages]))
    return f"{number}. {phase.name}", sections


def phase_card(phase: str | Phase) -> str:
    """A phase's card as Markdown: purpose, activities, deliverables, roles,
    exit gate, failure modes and stages.

    Examples
    --------
    >>> print(phase_card("requirements").splitlines()[0])
    ### 2. Requirements
    """
    title, sections = card_sections(phase)
    parts = [f"### {title}"]
    for label, body in sections:
        if isinstance(body, str):
            parts.append(f"**{label}.** {body}")
        else:
            parts.append(f"**{label}**\n" + "\n".join(f"- {item}" for item in body))
    return "\n\n".join(parts)


def phases_table():
    """The phases as a DataFrame: number, name, purpose, deliverables, roles.

    Examples
    --------
    >>> phases_table().loc[1, "phase"]
    'Initiation and planning'
    """
    import pandas as pd

    rows = [{
        "phase": p.name,
        "purpose": p.purpose,
        "deliverables": "; ".join(p.deliverables),
        "typical roles": ", ".join(get_role(r).name for r in p.roles),
    } for p in load_phases()]
    return pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1, name="#"))


def roles_table():
    """The roles as a DataFrame: who usually provides them, and what they do.

    Examples
    --------
    >>> roles_table().loc["Sponsor", "usually provided by"]
    'client'
    """
    import pandas as pd

    rows = [{"role": r.name, "usually provided by": r.side, "in one sentence": r.summary}
            for r in load_roles()]
    return pd.DataFrame(rows).set_index("role")


def work_types_table():
    """Implementation, upgrade, maintenance and support side by side.

    Examples
    --------
    >>> list(work_types_table().columns)
    ['Implementation', 'Upgrade', 'Maintenance', 'Support']
    """
    import pandas as pd

    fields = ["nature", "definition", "trigger", "typical_scope", "typical_duration", "example"]
    data = {w.name: [getattr(w, f) for f in fields] for w in load_work_types()}
    index = [f.replace("_", " ") for f in fields]
    return pd.DataFrame(data, index=index)


# --------------------------------------------------------------------------
# The phase-ordering exercise
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class OrderCheck:
    """The result of :func:`check_order`.

    Attributes
    ----------
    correct : bool
        Whether every phase is in its place.
    in_place : int
        How many phases are in the right position.
    first_wrong : int or None
        The first wrong position, counting from 1 (``None`` if correct).
    hint : str
        A clue about the phase that belongs at ``first_wrong``.
    """

    correct: bool
    in_place: int
    total: int
    first_wrong: int | None
    hint: str


def check_order(sequence: Sequence[str]) -> OrderCheck:
    """Check a proposed ordering of the phases.

    Parameters
    ----------
    sequence : list of str
        Every phase exactly once, by id or name (case-insensitive).

    Returns
    -------
    OrderCheck
        How many are in place, and a hint about the first misplaced one.

    Raises
    ------
    TypeError
        If ``sequence`` is not a list of strings.
    ValueError
        If it names an unknown phase, repeats one or leaves one out.

    Examples
    --------
    >>> ids = phase_ids()
    >>> swapped = [ids[1], ids[0], *ids[2:]]
    >>> result = check_order(swapped)
    >>> result.correct, result.in_place, result.first_wrong
    (False, 6, 1)
    >>> check_order(ids[:-1])
    Traceback (most recent call last):
    ...
    ValueError: sequence is missing 1 phase(s): 'post_implementation'
    """
    names = check_str_list("sequence", sequence)
    expected = phase_ids()
    given: list[str] = []
    for i, name in enumerate(names):
        try:
            given.append(get_phase(name).id)
        except ValueError:
            raise ValueError(f"sequence[{i}] is not a phase: {name!r}; "
                             f"phases are {', '.join(map(repr, expected))}") from None
    repeated = sorted({p for p in given if given.count(p) > 1}, key=expected.index)
    if repeated:
        raise ValueError(f"sequence names {', '.join(map(repr, repeated))} more than once")
    missing = [p for p in expected if p not in given]
    if missing:
        raise ValueError(f"sequence is missing {len(missing)} phase(s): "
                         f"{', '.join(map(repr, missing))}")
    in_place = sum(g == e for g, e in zip(given, expected))
    wrong = [i for i, (g, e) in enumerate(zip(given, expected)) if g != e]
    if not wrong:
        return OrderCheck(True, in_place, len(expected), None, "")
    position = wrong[0]
    belongs = get_phase(expected[position])
    hint = (f"Position {position + 1} should hold the phase that does this: "
            f"{belongs.why_here}")
    return OrderCheck(False, in_place, len(expected), position + 1, hint)
