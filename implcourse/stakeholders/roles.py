"""The implementation manager: responsibilities and skills, how the role
differs from the project manager and the solution architect, and "who does
what" scenarios.

The content lives in ``datasets/stakeholders/roles.yml``. It is a **teaching
model**: in a small project one person often holds two of these roles, and
the source material itself says implementation managers are often project
managers. The model separates the questions each role answers:

* the **implementation manager**: will the system work in this
  organisation, on time, and will people use it? (delivery from build to
  go-live and handover);
* the **project manager**: is the whole project delivering what was agreed,
  within its scope, schedule, cost and risk limits? (baselines, change
  control, reporting, stakeholders);
* the **solution architect**: is the solution designed right, and can it be
  run, supported and upgraded? (design authority, integration,
  non-functional targets).

Sources: seed 003 (the implementation manager's role); PMBOK Guide 6th ed.
(PMI 2017) chapter 3 and 7th ed. (PMI 2021) section 2.2; TOGAF Standard 10th
ed. (The Open Group 2022). The scenarios are synthetic.

Examples
--------
>>> profile = manager_profile()
>>> list(profile.skills)
['technical', 'project_management', 'communication', 'problem_solving']
>>> check_role("custom_workflow", "Solution architect").correct
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..content import ContentError, ContentModel, Items, Slug, Text, cached_by_file, display_path, \
    field_path, read_yaml
from .register import _lookup

__all__ = [
    "SKILL_AREAS",
    "ManagerProfile",
    "RoleScenario",
    "RoleCheck",
    "manager_profile",
    "skills_table",
    "role_names",
    "role_comparison",
    "who_does_what",
    "check_role",
]

ROLES_FILE = "stakeholders/roles.yml"
#: The four skill areas of the implementation manager, in the course's order.
SKILL_AREAS = ("technical", "project_management", "communication", "problem_solving")


class ManagerProfile(ContentModel):
    """The implementation manager's role: summary, responsibilities and skills by area."""

    summary: Text
    responsibilities: Items
    skills: dict[str, Items]

    @model_validator(mode="after")
    def _four_areas(self) -> "ManagerProfile":
        if list(self.skills) != list(SKILL_AREAS):
            raise ValueError(f"skills must list the areas {', '.join(SKILL_AREAS)} in this order")
        return self


class _Role(ContentModel):
    id: Slug
    name: Text


class RoleScenario(ContentModel):
    """A "who does what" scenario (synthetic): the situation, the right role and why."""

    id: Slug
    text: Text
    role: Slug
    why: Text


class _RolesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    implementation_manager: ManagerProfile
    roles: list[_Role] = Field(min_length=2)
    comparison: list[dict[str, Text]] = Field(min_length=1)
    scenarios: list[RoleScenario] = Field(min_length=1)


@cached_by_file
def _load(path: Path) -> _RolesFile:
    file = display_path(path)
    try:
        data = _RolesFile.model_validate(read_yaml(path))
    except ValidationError as err:
        first = err.errors()[0]
        raise ContentError(file, first["msg"], None, field_path(first["loc"]) or None) from None
    ids = [role.id for role in data.roles]
    for i, row in enumerate(data.comparison):
        expected = ["aspect", *ids]
        if list(row) != expected:
            raise ContentError(file, f"each row needs the keys {', '.join(expected)} in this "
                               f"order, got {', '.join(row)}", f"comparison row {i + 1}")
    seen: set[str] = set()
    for i, scenario in enumerate(data.scenarios, start=1):
        label = f"scenario {i} (id {scenario.id!r})"
        if scenario.id in seen:
            raise ContentError(file, f"duplicate id {scenario.id!r}", label, "id")
        seen.add(scenario.id)
        if scenario.role not in ids:
            raise ContentError(file, f"unknown role {scenario.role!r}; roles are "
                               f"{', '.join(ids)}", label, "role")
    return data


def manager_profile(name: str | Path = ROLES_FILE) -> ManagerProfile:
    """The implementation manager's summary, responsibilities and skills.

    Examples
    --------
    >>> len(manager_profile().responsibilities) >= 5
    True
    """
    return _load(name).implementation_manager


def skills_table(name: str | Path = ROLES_FILE) -> pd.DataFrame:
    """The implementation manager's skills, one row each, with their area.

    Examples
    --------
    >>> table = skills_table()
    >>> sorted(table["area"].unique())
    ['Communication', 'Problem solving', 'Project management', 'Technical']
    """
    profile = manager_profile(name)
    rows = [{"area": area.replace("_", " ").capitalize(), "skill": skill}
            for area, skills in profile.skills.items() for skill in skills]
    return pd.DataFrame(rows)


def role_names(name: str | Path = ROLES_FILE) -> list[str]:
    """The compared roles' names, the choices of the "who does what" exercise.

    Examples
    --------
    >>> role_names()
    ['Implementation manager', 'Project manager', 'Solution architect']
    """
    return [role.name for role in _load(name).roles]


def role_comparison(name: str | Path = ROLES_FILE) -> pd.DataFrame:
    """The three roles side by side: one row per aspect, one column per role.

    Examples
    --------
    >>> table = role_comparison()
    >>> list(table.columns)
    ['Implementation manager', 'Project manager', 'Solution architect']
    >>> table.index[0]
    'The question they answer'
    """
    data = _load(name)
    rows = {row["aspect"]: [row[role.id] for role in data.roles] for row in data.comparison}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=[r.name for r in data.roles])
    frame.index.name = "Aspect"
    return frame


def _scenarios(name: str | Path = ROLES_FILE) -> tuple[RoleScenario, ...]:
    return tuple(_load(name).scenarios)


def who_does_what(*, with_answers: bool = False, name: str | Path = ROLES_FILE) -> pd.DataFrame:
    """The "who does what" scenarios, indexed by id.

    Parameters
    ----------
    with_answers : bool, default False
        Also give the right role and the reason (for a trainer or a worked
        solution); without them, the table is the exercise.

    Examples
    --------
    >>> table = who_does_what()
    >>> len(table), list(table.columns)
    (12, ['scenario'])
    >>> who_does_what(with_answers=True).loc["peak_volumes", "role"]
    'Solution architect'
    """
    if not isinstance(with_answers, bool):
        raise TypeError(f"with_answers must be True or False (you entered {with_answers!r})")
    names = {role.id: role.name for role in _load(name).roles}
    rows = []
    for s in _scenarios(name):
        row = {"id": s.id, "scenario": s.text}
        if with_answers:
            row.update(role=names[s.role], why=s.why)
        rows.append(row)
    return pd.DataFrame(rows).set_index("id")


@dataclass(frozen=True)
class RoleCheck:
    """The result of :func:`check_role`.

    Attributes
    ----------
    correct : bool
    expected : str
        The right role's name.
    explanation : str
        Why that role, in words (with a note on the role chosen when wrong).
    """

    correct: bool
    expected: str
    explanation: str


def check_role(scenario_id: str, role: str, *, name: str | Path = ROLES_FILE) -> RoleCheck:
    """Check the role a learner chose for a scenario.

    Parameters
    ----------
    scenario_id : str
        An id of :func:`who_does_what`.
    role : str
        A role by name or id, case-insensitive (see :func:`role_names`).

    Raises
    ------
    ValueError
        For an unknown scenario or role, listing the known ones.

    Examples
    --------
    >>> result = check_role("portal_request", "implementation_manager")
    >>> result.correct, result.expected
    (False, 'Project manager')
    >>> check_role("portal_request", "CFO")
    Traceback (most recent call last):
    ...
    ValueError: Unknown role 'CFO'; known: 'implementation_manager', 'project_manager', \
'solution_architect'
    """
    data = _load(name)
    scenario = _lookup("scenario", scenario_id, data.scenarios, name=lambda s: s.id,
                       code="scenario_id")
    chosen = _lookup("role", role, data.roles)
    expected = next(r for r in data.roles if r.id == scenario.role)
    if chosen.id == expected.id:
        return RoleCheck(True, expected.name, f"Correct: {scenario.why}")
    question = {row_role: text for row_role, text in data.comparison[0].items()}
    explanation = (f"Not the {chosen.name.lower()}: that role asks \"{question[chosen.id]}\" "
                   f"This is for the {expected.name.lower()}. {scenario.why}")
    return RoleCheck(False, expected.name, explanation)
